"""The cost items of the hostile-input work: time and peak memory of ``zjkg`` on inputs built to
be expensive, each beside the same command on an input ten times smaller.

A cost that grows linearly shows ratios near 10 (time and memory above the start-up cost); the
figures a user sees are the absolute ones of the large input. Each command runs in a fresh
process, so its peak RSS (``ru_maxrss``) is its own. Read ratios, not absolute times: the machine
is shared.

    .venv/bin/python benchmarks/bench_hostile.py --output benchmarks/hostile-results.md
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timeline import quiet_option, show_steps, step

ROOT = Path(__file__).resolve().parent.parent
EX = "http://example.org/"


def long_iri(folder: Path, size: int) -> Path:
    """One triple whose object is an IRI of ``size`` characters (the lexer's worst case)."""
    path = folder / f"iri-{size}.ttl"
    path.write_text(f"<{EX}s> <{EX}p> <{EX}{'x' * size}> .\n")
    return path


def json_ld_list(folder: Path, items: int) -> Path:
    """One ``@list`` of ``items`` strings (two triples an item)."""
    path = folder / f"list-{items}.jsonld"
    path.write_text(json.dumps({"@id": f"{EX}s", f"{EX}p": {"@list": [f"item {i}" for i in range(items)]}}))
    return path


def _data(folder: Path, items: int) -> list[str]:
    return ["--data", str(json_ld_list(folder, items))]


def run(args: list[str]) -> tuple[float, float, int]:
    """Seconds, peak RSS in MB and exit status of ``zjkg ARGS`` in a fresh process (its own rusage)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "zhangjiang_kg", *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, child.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="Markdown file for the table (default: print it).")
    quiet_option(parser)
    options = parser.parse_args()
    show_steps(options.quiet)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        mini = ROOT / "tests" / "fixtures" / "mini"
        query = [str(mini / "queries" / "figures-above.rq"), "--data", str(mini / "data")]
        query += ["--ontology", str(mini / "ontology" / "mini.ttl")]
        cases = [
            ("fmt --check, one IRI of 1 MB / 10 MB", lambda n: ["fmt", "--check", str(long_iri(folder, n))], 10**6),
            (
                "validate, JSON-LD @list of 16k / 160k items (0.2 / 2.3 MB)",
                lambda n: ["validate", str(json_ld_list(folder, n))],
                16_000,
            ),
            (
                "export, the same @list",
                lambda n: ["export", "--format", "nt", "-o", os.devnull, *_data(folder, n)],
                16_000,
            ),
            ("query -p min=1e99 / 1e999999999 (decimal)", lambda n: ["query", *query, "-p", f"min=1e{n}"], 99),
        ]
        for name, command, small in cases:
            large = small * 10 if "1e" not in name else 999_999_999
            with step(name):
                low = run(command(small))
                high = run(command(large))
            rows.append((name, low, high))
    lines = [
        "| case | small: s, MB, exit | large: s, MB, exit | ratio s | ratio MB |",
        "|---|---|---|---|---|",
    ]
    for name, (s1, m1, c1), (s2, m2, c2) in rows:
        lines.append(
            f"| {name} | {s1:.1f}, {m1:.0f}, {c1} | {s2:.1f}, {m2:.0f}, {c2} | {s2 / s1:.1f} | {m2 / m1:.1f} |"
        )
    table = "\n".join(lines) + "\n"
    if options.output:
        options.output.write_text("# Hostile-input cost items\n\n" + table)
    print(table, end="")


if __name__ == "__main__":
    main()
