"""Benchmark: the Oxigraph path of zhangjiang-kg against what a user would otherwise run.

For each size a grown graph is written by ``synth.py`` (with seeded defects), then every step
runs in its own fresh Python process, so its time and its peak RSS are its own:

* load: ``zhangjiang_kg.load`` vs ``pyoxigraph.Store.bulk_load`` (the target's yardstick) and rdflib
  ``Graph().parse(format="nt")`` (the baseline);
* validate (end to end, files to report): what ``zjkg validate`` runs (``validation.validate_compiled``:
  SHACL compiled to SPARQL and the violation checks) vs the reference, pySHACL with
  ``inference="rdfs"`` on rdflib's memory store;
* each saved query: Oxigraph vs rdflib's memory store (load not counted);
* N-Triples export of the data graph: ``KnowledgeGraph.export`` vs ``Store.dump`` and rdflib's serializer.

Then start-up on the shipped graph: ``zjkg --help``, ``zjkg query platforms`` vs importing rdflib
and parsing the graph, ``zjkg validate`` vs importing pyshacl (wall time), the CPU time (user + sys)
of ``zjkg validate`` (text and JSON) and ``zjkg query fund-money`` against ``python -c "import
pyshacl"``, run in turns, bytecode cached (``--startup-only`` runs only this part), and the CPU time
of ``zjkg check .`` vs importing pyshacl (interleaved), with the check's steps. Medians of ``--repeat`` runs for
sizes up to 100k; one run above. Baselines slower than minutes (rdflib validation and queries
above ``--baseline-max`` triples) are marked "not run" and extrapolated linearly from the largest
size that ran.

    python benchmarks/bench.py                      # 10k, 100k, 1M (about 10 minutes)
    python benchmarks/bench.py --sizes 10000        # smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timeline import quiet_option, show_steps, step

ROOT = Path(__file__).resolve().parent.parent
PARAMS = {"facts-by-status": {"status": "zjo:Achieved"}}


# --- steps, each run in a child process ---------------------------------------------------------


def _queries() -> list:  # type: ignore[type-arg]
    from zhangjiang_kg.queries import catalogue as queries

    found = []
    for saved in queries.catalogue():
        if saved.is_violation:
            continue  # the checks are timed as part of validation
        missing = [p for p in saved.parameters if p.default is None and not p.optional]
        if missing and saved.name not in PARAMS:
            continue
        found.append(saved)
    return found


def measure(name: str, file: str) -> dict[str, object]:
    """Run one step on ``file``; returns seconds (and per-query seconds) of the timed part."""
    out: dict[str, object] = {}
    start = time.perf_counter()
    if name == "load-ours":
        from zhangjiang_kg import load

        load([file])
    elif name == "load-bulk":
        import pyoxigraph as ox

        ox.Store().bulk_load(path=file, format=ox.RdfFormat.N_TRIPLES)
    elif name == "load-rdflib":
        from rdflib import Graph

        Graph().parse(file, format="nt")
    elif name == "validate-ours":
        # What `zjkg validate` runs: SHACL compiled to SPARQL and the violation checks, on Oxigraph.
        from zhangjiang_kg import load
        from zhangjiang_kg.validation import validate_compiled

        out["results"] = len(validate_compiled(load([file])).results)
    elif name == "validate-rdflib":
        # The baseline a user would otherwise run: rdflib's memory store and pySHACL with RDFS
        # inference, shapes only (the project's violation queries are not part of it).
        import pyshacl
        from rdflib import Graph
        from zhangjiang_kg import resources

        data = Graph().parse(file, format="nt")
        for path in resources.ontology_files():
            data.parse(path, format="turtle")
        shapes = Graph()
        for path in resources.shapes_files():
            shapes.parse(path, format="turtle")
        conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="rdfs")
        out["results"] = len(set(report.subjects(predicate=None, object=None))) if not conforms else 0
    elif name in ("queries-ours", "queries-rdflib"):
        times: dict[str, float] = {}
        if name == "queries-ours":
            from zhangjiang_kg import load

            big = load([file])
            run = lambda q: big.run_query(q, PARAMS.get(q.name))  # noqa: E731
        else:
            # rdflib's SPARQL on its memory store, what a user would otherwise run (values as initBindings).
            from rdflib import Graph, Variable
            from zhangjiang_kg import resources
            from zhangjiang_kg.queries import catalogue as queries
            from zhangjiang_kg.rdfio.terms import to_rdflib
            from zhangjiang_kg.vocab import PREFIXES

            merged = Graph().parse(file, format="nt")
            for path in resources.ontology_files():
                merged.parse(path, format="turtle")

            def run(q: queries.SavedQuery) -> object:
                values = {Variable(k): to_rdflib(v) for k, v in queries.bind(q, PARAMS.get(q.name)).items()}
                return list(merged.query(q.text, initNs=PREFIXES, initBindings=values))

        for saved in _queries():
            t = time.perf_counter()
            run(saved)
            times[saved.name] = time.perf_counter() - t
        out["queries"] = times
    elif name == "export-ours":
        from zhangjiang_kg import load

        big = load([file])
        start = time.perf_counter()
        big.export("nt", "data")
    elif name == "export-dump":
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=file, format=ox.RdfFormat.N_TRIPLES)
        start = time.perf_counter()
        store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    elif name == "export-rdflib":
        from rdflib import Graph

        graph = Graph().parse(file, format="nt")
        start = time.perf_counter()
        graph.serialize(format="nt", encoding="utf-8")
    else:
        raise SystemExit(f"unknown step {name}")
    out["seconds"] = time.perf_counter() - start
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def child(name: str, file: str) -> dict:  # type: ignore[type-arg]
    done = subprocess.run(
        [sys.executable, __file__, "--step", name, "--file", file],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"step {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measured(name: str, file: str, repeat: int) -> dict:  # type: ignore[type-arg]
    """Median seconds (and per-query medians) over ``repeat`` runs; the largest peak RSS."""
    with step(f"{name}, {Path(file).name}, {repeat} run(s)"):
        runs = [child(name, file) for _ in range(repeat)]
    result = dict(runs[0])
    result["seconds"] = statistics.median(r["seconds"] for r in runs)
    result["rss_mb"] = max(r["rss_mb"] for r in runs)
    if "queries" in result:
        result["queries"] = {q: statistics.median(r["queries"][q] for r in runs) for q in runs[0]["queries"]}
    return result


def cpu_in_turns(commands: list[list[str]], repeat: int) -> list[float]:
    """Median CPU seconds (user + sys, as ``/usr/bin/time`` counts them) of each command, the commands
    run in turns so a busy machine weighs on all alike; one unmeasured run first writes the bytecode."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    spent: list[list[float]] = [[] for _ in commands]
    for turn in range(repeat + 1):
        for index, command in enumerate(commands):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(command, capture_output=True, check=False, cwd=ROOT, env=env)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if turn:
                spent[index].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [statistics.median(times) for times in spent]


def bench_cpu(repeat: int, lines: list[str]) -> None:
    """The issue's start-up target: ``zjkg validate`` CPU ≤ 1.0× ``python -c "import pyshacl"``."""
    zjkg = str(Path(sys.executable).parent / "zjkg")
    rows = [
        ("zjkg validate", [zjkg, "validate"], "≤ 1.0×"),
        ("zjkg validate --format json", [zjkg, "validate", "--format", "json"], "(for comparison)"),
        ("zjkg query fund-money", [zjkg, "query", "fund-money"], "(for comparison)"),
    ]
    base = [sys.executable, "-c", "import pyshacl"]
    times = cpu_in_turns([base, *(command for _name, command, _target in rows)], repeat)
    lines += [
        "\n## CPU on the shipped graph (user + sys, whole process, median of runs in turns)\n",
        "| command | CPU seconds | import pyshacl (CPU seconds) | command ÷ import pyshacl | target |",
        "|---|---|---|---|---|",
    ]
    for (name, _command, target), ours in zip(rows, times[1:], strict=True):
        lines.append(f"| `{name}` | {ours:.3f} | {times[0]:.3f} | {ours / times[0]:.2f} | {target} |")


def wall(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


# --- report ---------------------------------------------------------------------------------------


def fmt_s(value: float | None) -> str:
    return "not run" if value is None else f"{value:.3f}"


def ratio(ours: float | None, base: float | None) -> str:
    if ours is None or base is None or ours <= 0:
        return "–"
    return f"{base / ours:.1f}×" if base >= ours else f"{ours / base:.1f}× slower"


def machine() -> str:
    import pyoxigraph
    import pyshacl
    import rdflib

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores, {mem:.0f} GiB RAM, {platform.platform()}, Python {platform.python_version()}, "
        f"rdflib {rdflib.__version__}, pyshacl {pyshacl.__version__}, pyoxigraph {pyoxigraph.__version__}"
    )


def bench_size(size: int, folder: Path, repeat: int, baseline_max: int, lines: list[str], extrap: dict) -> None:  # type: ignore[type-arg]
    from synth import synthesise

    file = folder / f"grown-{size}.nt"
    with step(f"writing a graph of {size:,} triples"):
        made = synthesise(file, size, violations=min(50, max(1, size // 2000)), seed=1)
    reps = repeat if size <= 100_000 else 1
    big = size > baseline_max
    load_o, load_b, load_r = (measured(n, str(file), reps) for n in ("load-ours", "load-bulk", "load-rdflib"))
    val_o = measured("validate-ours", str(file), 1 if size > 10_000 else reps)
    val_r = None if big else measured("validate-rdflib", str(file), 1 if size > 10_000 else reps)
    q_o = measured("queries-ours", str(file), reps)
    q_r = None if big else measured("queries-rdflib", str(file), 1 if size > 10_000 else reps)
    exp_o, exp_d, exp_r = (measured(n, str(file), reps) for n in ("export-ours", "export-dump", "export-rdflib"))
    per_triple = lambda r: r["seconds"] / made.triples  # noqa: E731
    if val_r is not None:
        extrap["validate"] = per_triple(val_r)
    if q_r is not None:
        extrap["queries"] = {q: s / made.triples for q, s in q_r["queries"].items()}
    lines += [
        f"\n### {size:,} triples asked ({made.triples:,} data triples, {len(made.violations)} seeded findings)\n",
        "| step | ours (s) | baseline (s) | baseline ÷ ours | ours peak RSS (MB) | baseline peak RSS (MB) "
        "| yardstick (s) | ours ÷ yardstick |",
        "|---|---|---|---|---|---|---|---|",
        f"| load | {fmt_s(load_o['seconds'])} | {fmt_s(load_r['seconds'])} | "
        f"{ratio(load_o['seconds'], load_r['seconds'])} | "
        f"{load_o['rss_mb']:.0f} | {load_r['rss_mb']:.0f} | bulk_load {fmt_s(load_b['seconds'])} | "
        f"{load_o['seconds'] / load_b['seconds']:.2f} |",
    ]
    base_val = val_r["seconds"] if val_r else None
    note = "" if val_r else f" (~{extrap.get('validate', 0) * made.triples:.0f} s extrapolated)"
    lines.append(
        f"| validate | {fmt_s(val_o['seconds'])} | {fmt_s(base_val)}{note} | {ratio(val_o['seconds'], base_val)} | "
        f"{val_o['rss_mb']:.0f} | {val_r['rss_mb'] if val_r else 0:.0f} | target 60 s | {val_o['seconds'] / 60:.2f} |"
    )
    for name, seconds in q_o["queries"].items():
        base = q_r["queries"][name] if q_r else None
        note = "" if q_r else f" (~{extrap.get('queries', {}).get(name, 0) * made.triples:.1f} extrapolated)"
        lines.append(
            f"| query {name} | {fmt_s(seconds)} | {fmt_s(base)}{note} | {ratio(seconds, base)} | "
            f"{q_o['rss_mb']:.0f} | {q_r['rss_mb'] if q_r else 0:.0f} | target 1 s | {seconds:.2f} |"
        )
    lines.append(
        f"| export nt | {fmt_s(exp_o['seconds'])} | {fmt_s(exp_r['seconds'])} | "
        f"{ratio(exp_o['seconds'], exp_r['seconds'])} | "
        f"{exp_o['rss_mb']:.0f} | {exp_r['rss_mb']:.0f} | dump {fmt_s(exp_d['seconds'])} | "
        f"{exp_o['seconds'] / exp_d['seconds']:.2f} |"
    )
    peak = max(r["rss_mb"] for r in (load_o, val_o, q_o, exp_o))
    lines.append(f"\nPeak RSS of any step of ours: {peak:.0f} MB (target ≤ 2048 MB).")


def bench_startup(repeat: int, lines: list[str]) -> None:
    zjkg = str(Path(sys.executable).parent / "zjkg")
    py = sys.executable
    parse = (
        "import rdflib, pathlib; g = rdflib.Graph(); "
        "[g.parse(p, format='turtle') for d in ('ontology', 'data') for p in sorted(pathlib.Path(d).glob('*.ttl'))]"
    )
    rows = [
        ("zjkg --help", [zjkg, "--help"], "python -c pass", [py, "-c", "pass"], "≤ 0.2 s absolute"),
        (
            "zjkg query platforms",
            [zjkg, "query", "platforms"],
            "import rdflib + parse the graph",
            [py, "-c", parse],
            "≤ 1.5×",
        ),
        ("zjkg validate", [zjkg, "validate"], "import pyshacl", [py, "-c", "import pyshacl"], "≤ 1.5×"),
        (
            "zjkg validate --engine oxigraph",
            [zjkg, "validate", "--engine", "oxigraph"],
            "import pyshacl",
            [py, "-c", "import pyshacl"],
            "(for comparison)",
        ),
    ]
    lines += [
        "\n## Start-up on the shipped graph (whole process, median)\n",
        "| command | seconds | compared with | seconds | command ÷ comparison | target |",
        "|---|---|---|---|---|---|",
    ]
    for name, command, base_name, base, target in rows:
        ours, theirs = wall(command, repeat), wall(base, repeat)
        lines.append(f"| `{name}` | {ours:.3f} | {base_name} | {theirs:.3f} | {ours / theirs:.2f} | {target} |")


def cpu_seconds(command: list[str]) -> float:
    """User + system CPU time of one run of ``command`` (a child process, its own children included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench_check(repeat: int, lines: list[str]) -> None:
    """``zjkg check .`` on the repository against ``import pyshacl`` (issue 13: at most 2x), in CPU
    seconds, the two run in turn ``repeat`` times; then one check's steps, from its JSON report."""
    zjkg = str(Path(sys.executable).parent / "zjkg")
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(cpu_seconds([zjkg, "check", "."]))
        theirs.append(cpu_seconds([sys.executable, "-c", "import pyshacl"]))
    check, pyshacl = statistics.median(ours), statistics.median(theirs)
    lines += [
        f"\n## `zjkg check .` on the repository (CPU user+sys, median of {repeat}, interleaved)\n",
        "| command | CPU s | compared with | CPU s | command ÷ comparison | target |",
        "|---|---|---|---|---|---|",
        f"| `zjkg check .` | {check:.3f} | import pyshacl | {pyshacl:.3f} | {check / pyshacl:.2f} | ≤ 2× |",
        "\n| step | seconds (wall, one run) | note |",
        "|---|---|---|",
    ]
    answer = subprocess.run([zjkg, "check", ".", "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    for done in json.loads(answer.stdout)["steps"]:
        lines.append(f"| {done['name']} | {done['seconds']:.3f} | {done['note']} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated triple counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step for sizes up to 100k (median)")
    parser.add_argument("--baseline-max", type=int, default=100_000, help="largest size the slow baselines run at")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up measurements")
    parser.add_argument("--startup-only", action="store_true", help="only the start-up measurements")
    parser.add_argument("--output", type=Path, help="also write the Markdown table here")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    quiet_option(parser)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(measure(args.step, args.file)))
        return
    show_steps(args.quiet)
    lines = ["# Benchmark results\n", f"Machine: {machine()}.\n"]
    extrap: dict = {}  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as tmp:
        for size in () if args.startup_only else (int(s) for s in args.sizes.split(",")):
            bench_size(size, Path(tmp), args.repeat, args.baseline_max, lines, extrap)
    if not args.no_startup:
        for name, bench in (("start-up", bench_startup), ("zjkg check", bench_check), ("CPU", bench_cpu)):
            with step(f"{name} on the shipped graph"):
                bench(max(args.repeat, 5), lines)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
