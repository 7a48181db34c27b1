"""Benchmark: the one store's targets, each beside its baseline in the same run.

* CPU (user + sys) of ``zjkg query platforms`` and ``zjkg query --all`` on the packaged graph
  against ``python -c "import rdflib"`` (targets: at most 1.0x and 2.5x);
* wall time of loading a grown graph with :func:`zhangjiang_kg.load` against a plain
  ``pyoxigraph.Store().bulk_load`` of the same file, whole processes (target: at most 1.5x), and of
  ``zjkg load --store-path DIR`` (each graph written from the store as N-Triples) against
  ``oxigraph load`` into a directory (no target);
* wall time and peak memory of ``zjkg export --data FILE`` to N-Triples and to Turtle against
  ``oxigraph convert`` of the same file (targets: N-Triples at most 2x and 600 MB, Turtle at most 3x).

Commands run in turns, so a busy machine weighs on each alike, after one unmeasured run that
writes the bytecode caches; figures are medians. The grown graph is written by ``synth.py``.

    python benchmarks/bench_core.py --triples 1000000 --output benchmarks/core-results.md
    python benchmarks/bench_core.py --triples 10000 --repeat 1       # smoke run
    python benchmarks/bench_core.py --export-only                    # the export rows alone
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synth import synthesise
from timeline import quiet_option, show_steps, step

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
Command = list[str]


def run_in_turns(commands: list[Command], repeat: int) -> list[tuple[float, float, float]]:
    """Median (wall seconds, CPU seconds, peak RSS in MB) of each command, the commands in turns."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs: list[list[tuple[float, float, float]]] = [[] for _ in commands]
    for turn in range(repeat + 1):
        with step(f"{len(commands)} commands, turn {turn} of {repeat} ({'warm-up' if turn == 0 else 'measured'})"):
            _one_turn(commands, env, runs if turn else None)
    return [
        (
            statistics.median(r[0] for r in found),
            statistics.median(r[1] for r in found),
            max(r[2] for r in found),
        )
        for found in runs
    ]


def _one_turn(
    commands: list[Command], env: dict[str, str], runs: list[list[tuple[float, float, float]]] | None
) -> None:
    """Each command once; its (wall, CPU, peak RSS) goes to ``runs`` unless this is the warm-up."""
    for index, command in enumerate(commands):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        # Through /usr/bin/time-free accounting: each command's own peak RSS comes from wait4.
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if os.waitstatus_to_exitcode(status) != 0:
            error = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"{' '.join(command)} failed: {error[-2000:]}")
        if process.stderr:
            process.stderr.close()
        if runs is not None:
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            runs[index].append((wall, cpu, usage.ru_maxrss / 1024))


def bench_queries(repeat: int, lines: list[str]) -> None:
    """``zjkg query`` CPU against importing rdflib."""
    zjkg = str(BIN / "zjkg")
    base: Command = [sys.executable, "-c", "import rdflib"]
    rows = [
        ("zjkg query platforms", [zjkg, "query", "platforms"], 1.0),
        ("zjkg query --all", [zjkg, "query", "--all"], 2.5),
    ]
    measured = run_in_turns([base, *(command for _name, command, _target in rows)], repeat)
    lines += [
        f"\n## Queries on the packaged graph (CPU user + sys, median of {repeat} in turns)\n",
        "| command | CPU s | import rdflib (CPU s) | ratio | target |",
        "|---|---|---|---|---|",
    ]
    for (name, _command, target), (_wall, cpu, _rss) in zip(rows, measured[1:], strict=True):
        ratio = cpu / measured[0][1]
        lines.append(f"| `{name}` | {cpu:.3f} | {measured[0][1]:.3f} | {ratio:.2f} | ≤ {target}× |")


def bench_big(file: Path, folder: Path, repeat: int, lines: list[str], *, with_load: bool = True) -> None:
    """Load (in memory and into a store directory; unless not ``with_load``) and export of the grown
    graph against Oxigraph's own loader and converter."""
    zjkg = str(BIN / "zjkg")
    oxigraph = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    load_ours = [sys.executable, "-c", f"import zhangjiang_kg; zhangjiang_kg.load([{str(file)!r}])"]
    load_bulk = [
        sys.executable,
        "-c",
        f"import pyoxigraph as ox; ox.Store().bulk_load(path={str(file)!r}, format=ox.RdfFormat.N_TRIPLES)",
    ]
    into_ours = [zjkg, "load", "--data", str(file), "--replace", "--store-path", str(folder / "ours-store")]
    into_theirs = None
    if oxigraph:
        into_theirs = [oxigraph, "load", "--location", str(folder / "theirs-store"), "--file", str(file)]
    rows: list[tuple[str, Command, str, Command | None, str]] = []
    if with_load:
        rows.append(("load (zhangjiang_kg.load)", load_ours, "pyoxigraph bulk_load", load_bulk, "≤ 1.5×"))
        rows.append(("zjkg load --store-path", into_ours, "oxigraph load", into_theirs, "–"))
    for fmt, suffix, target in (("nt", "nt", "≤ 2×, ≤ 600 MB"), ("turtle", "ttl", "≤ 3×")):
        ours = [zjkg, "export", "--data", str(file), "--format", fmt, "--output", str(folder / f"ours.{suffix}")]
        theirs = None
        if oxigraph:
            theirs = [oxigraph, "convert", "--from-file", str(file), "--to-file", str(folder / f"theirs.{suffix}")]
        rows.append((f"zjkg export --format {fmt}", ours, "oxigraph convert", theirs, target))
    commands = [command for row in rows for command in (row[1], row[3]) if command is not None]
    measured = iter(run_in_turns(commands, repeat))
    lines += [
        f"\n## {file.name} (wall seconds and peak RSS, whole processes, median of {repeat} in turns)\n",
        "| command | s | MB | compared with | s | MB | ratio | target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, _ours, base_name, theirs, target in rows:
        wall, _cpu, rss = next(measured)
        if theirs is None:
            lines.append(f"| `{name}` | {wall:.2f} | {rss:.0f} | {base_name} (not installed) | – | – | – | {target} |")
            continue
        base_wall, _base_cpu, base_rss = next(measured)
        lines.append(
            f"| `{name}` | {wall:.2f} | {rss:.0f} | {base_name} | {base_wall:.2f} | {base_rss:.0f} "
            f"| {wall / base_wall:.2f} | {target} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the grown graph")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (median)")
    parser.add_argument("--output", type=Path, help="also write the Markdown tables here")
    quiet_option(parser)
    parser.add_argument("--export-only", action="store_true", help="only the export rows")
    args = parser.parse_args()
    show_steps(args.quiet)
    lines = ["# The one store's targets\n"]
    if not args.export_only:
        with step("zjkg query against import rdflib"):
            bench_queries(max(args.repeat, 5), lines)
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / f"grown-{args.triples}.nt"
        with step(f"writing a graph of {args.triples:,} triples"):
            synthesise(file, args.triples, violations=0, seed=1)
        with step("load and export of the grown graph" if not args.export_only else "export of the grown graph"):
            bench_big(file, Path(tmp), args.repeat, lines, with_load=not args.export_only)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
