"""Benchmark: the SPARQL-compiled SHACL engine against pySHACL (RDFS) and pyrudof, side by side.

For each size a grown graph with seeded defects is written by ``synth.py``; every step then
runs in its own fresh Python process, so its time, CPU and peak RSS are its own:

* ``ours``: bulk-load data + ontology into an in-process Oxigraph store, materialise the RDFS
  type closure and validate (files to report: everything counted);
* ``ours-remote``: the same graphs loaded beforehand into a local ``oxigraph serve-read-only``
  (``oxigraph load``, then ``oxigraph optimize``, as a deployed store would be: on disk); validation
  over HTTP, inference inline in the queries (the load is not counted: the graph lives there). Its
  CPU column adds the server's CPU to the client's;
* ``ours-remote-memory``: the same over HTTP, from an ``oxigraph serve`` holding the graphs in
  memory (no ``--location``), loaded over the Graph Store Protocol before the rounds;
* ``ours-inline``: in-process on an in-memory store, with the queries the endpoint gets (nothing
  written, inference inline): the runner differs from ``ours-remote-memory``, nothing else;
* ``ours-disk``: the same in-process on a read-only copy of the server's optimised on-disk store:
  the runner differs from ``ours-remote``, nothing else (the store is opened, not loaded);
* ``pyshacl-rdfs``: rdflib parse + pySHACL ``inference="rdfs"`` (the project's reference);
* ``pyrudof``: pyrudof's native SHACL engine, no inference (its only mode).

Each size runs ``--runs`` rounds, every step once per round (so the machine's noise falls on all
of them alike); the tables give medians, and the largest peak RSS. The issue's targets close the
file, as ratios measured in the same run; remote against in-process both on the same storage
(memory, disk) and as the issue first put it (in-process in memory against the on-disk server).
Then the shipped graph: CPU of validating it with this engine in a fresh process against the CPU
of ``python -c "import pyshacl"``.

    python benchmarks/bench_shacl.py --sizes 10000 100000 1000000 --runs 3 --output benchmarks/shacl-results.md
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ports import free_port
from timeline import quiet_option, show_steps, step

if TYPE_CHECKING:
    from zhangjiang_kg.shacl.run import Row

ROOT = Path(__file__).resolve().parent.parent
DATA, ONTOLOGY = "https://w3id.org/zhangjiang-kg/graph/data", "https://w3id.org/zhangjiang-kg/graph/ontology"


def _shapes() -> list[ox.Triple]:
    from zhangjiang_kg import resources

    return [t for path in resources.shapes_files() for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


class InlineRunner:
    """An in-process store queried as an endpoint is: nothing written, RDFS inference in the queries.

    Not a ``StoreRunner`` on purpose: the validator materialises the type closure only for those.
    """

    def __init__(self, store: ox.Store, graphs: list[str]) -> None:
        from zhangjiang_kg import shacl

        self._runner = shacl.StoreRunner(store, graphs)
        self.dialect = self._runner.dialect

    def select(self, query: str) -> Iterable[Row]:
        return self._runner.select(query)


def measure(name: str, file: str, endpoint: str, location: str = "") -> dict[str, object]:
    """Run one step; returns seconds of the timed part and the number of results."""
    start = time.perf_counter()
    out: dict[str, object] = {}
    if name in ("ours-inline", "ours-disk"):
        from zhangjiang_kg import resources, shacl

        if name == "ours-disk":
            store = ox.Store.read_only(location)
        else:
            store = ox.Store()
            store.bulk_load(path=file, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(DATA))
            for path in resources.ontology_files():
                store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY))
        shapes = _shapes()
        loaded = time.perf_counter()
        report = shacl.validate(InlineRunner(store, [DATA, ONTOLOGY]), shapes, rdfs=True)
        out["validate_seconds"] = time.perf_counter() - loaded
        out["results"] = len(report.results)
    elif name == "ours":
        from zhangjiang_kg import resources, shacl

        store = ox.Store()
        store.bulk_load(path=file, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(DATA))
        for path in resources.ontology_files():
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY))
        shapes = _shapes()
        loaded = time.perf_counter()
        report = shacl.validate_store(store, data_graphs=[DATA, ONTOLOGY], shapes=shapes, rdfs=True)
        out["validate_seconds"] = time.perf_counter() - loaded
        out["results"] = len(report.results)
    elif name in ("ours-remote", "ours-remote-memory"):
        from zhangjiang_kg import shacl

        shapes = _shapes()
        ready = time.perf_counter()
        report = shacl.validate_endpoint(endpoint, data_graphs=[DATA, ONTOLOGY], shapes=shapes, rdfs=True)
        out["validate_seconds"] = time.perf_counter() - ready
        out["results"] = len(report.results)
    elif name == "pyshacl-rdfs":
        import pyshacl
        from rdflib import Graph
        from zhangjiang_kg import resources

        data = Graph().parse(file, format="nt")
        for path in resources.ontology_files():
            data.parse(path, format="turtle")
        shapes = Graph()
        for path in resources.shapes_files():
            shapes.parse(path, format="turtle")
        _conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="rdfs", allow_warnings=True)
        from rdflib import URIRef

        out["results"] = len(list(report.objects(None, URIRef("http://www.w3.org/ns/shacl#result"))))
    elif name == "pyrudof":
        import pyrudof
        from zhangjiang_kg import resources

        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        rudof.read_data(file, format=pyrudof.RDFFormat.NTriples)
        for path in resources.ontology_files():
            rudof.read_data(str(path), merge=True)
        rudof.read_shacl(str(resources.shapes_files()[0]))
        out["results"] = len(rudof.validate_shacl())
    elif name == "shipped":
        from zhangjiang_kg import load, shacl

        kg = load()
        report = shacl.validate_store(
            kg.store,
            data_graphs=[DATA, ONTOLOGY],
            shapes=shacl.triples_of(kg.store, "https://w3id.org/zhangjiang-kg/graph/shapes"),
            rdfs=True,
            sourcemap=kg.sourcemap,
        )
        out["results"] = len(report.results)
    else:
        raise SystemExit(f"unknown step {name}")
    out["seconds"] = time.perf_counter() - start
    return out


def _command(name: str, file: str, endpoint: str, location: str) -> list[str]:
    return [sys.executable, __file__, "--step", name, "--file", file, "--endpoint", endpoint, "--store", location]


def child(name: str, file: str = "", endpoint: str = "", location: str = "") -> dict[str, float]:
    """Run a step in a fresh process; adds its CPU seconds and peak RSS (MiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        _command(name, file, endpoint, location),
        capture_output=True,
        text=True,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"step {name} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    result["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result["rss_mb"] = after.ru_maxrss / 1024  # the largest child so far: steps run largest last
    return result


def _peak(name: str, file: str = "", endpoint: str = "", location: str = "") -> dict[str, float]:
    """Like :func:`child`, with the step's own peak RSS from ``/usr/bin/time -v`` when present."""
    if not Path("/usr/bin/time").exists():
        return child(name, file, endpoint, location)
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", *_command(name, file, endpoint, location)],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"step {name} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    stats = {
        line.split(":")[0].strip(): line.rsplit(":", 1)[1].strip() for line in done.stderr.splitlines() if ":" in line
    }
    result["rss_mb"] = int(stats.get("Maximum resident set size (kbytes)", "0")) / 1024
    result["cpu"] = float(stats.get("User time (seconds)", "0")) + float(stats.get("System time (seconds)", "0"))
    result["wall"] = wall
    return result


def _binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph") or "oxigraph"


def _start(command: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    """Start a server on a free loopback port; returns it and its query URL once it answers."""
    import urllib.request

    port = free_port()
    process = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    return process, url


def serve(file: str, folder: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    """A local ``oxigraph serve-read-only`` on disk holding the data and ontology graphs (loaded
    with ``oxigraph load``, then optimised); also returns a copy of its store for ``ours-disk``,
    made before the server opens it (one store cannot be opened twice)."""
    from zhangjiang_kg import resources

    binary = _binary()
    folder.mkdir(parents=True, exist_ok=True)
    location = folder / "store"
    subprocess.run(
        [binary, "load", "--location", str(location), "--file", file, "--graph", DATA], check=True, capture_output=True
    )
    for path in resources.ontology_files():
        subprocess.run(
            [binary, "load", "--location", str(location), "--file", str(path), "--graph", ONTOLOGY],
            check=True,
            capture_output=True,
        )
    subprocess.run([binary, "optimize", "--location", str(location)], check=True, capture_output=True)
    copy = folder / "store-copy"
    shutil.copytree(location, copy)
    process, url = _start([binary, "serve-read-only", "--location", str(location)])
    return process, url, copy


def serve_memory(file: str) -> tuple[subprocess.Popen[bytes], str]:
    """A local ``oxigraph serve`` holding the graphs in memory, loaded over the Graph Store Protocol
    (one PUT of the N-Triples file, then the ontology files added with POST)."""
    from zhangjiang_kg import resources
    from zhangjiang_kg.remote.gsp import graph_url
    from zhangjiang_kg.remote.http import HttpClient

    process, url = _start([_binary(), "serve"])
    store = url.removesuffix("/query") + "/store"
    client = HttpClient(store, timeout=1800)
    body = Path(file).read_bytes()
    client.request("PUT", graph_url(store, DATA), data=body, headers={"Content-Type": "application/n-triples"})
    for path in resources.ontology_files():
        client.request(
            "POST", graph_url(store, ONTOLOGY), data=path.read_bytes(), headers={"Content-Type": "text/turtle"}
        )
    return process, url


def _server_cpu(process: subprocess.Popen[bytes]) -> float:
    """CPU seconds the server process has used so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """Medians of every figure over the runs; peak RSS is the largest."""
    keys = runs[0].keys()
    found = {k: statistics.median(r[k] for r in runs) for k in keys}
    found["rss_mb"] = max(r["rss_mb"] for r in runs)
    return found


#: What each runner/storage pair is, for the tables.
KINDS = {
    "ours": "in-process, memory, closure written",
    "ours-inline": "in-process, memory, inference inline",
    "ours-disk": "in-process, disk, inference inline",
    "ours-remote-memory": "server, memory, inference inline",
    "ours-remote": "server, disk, inference inline",
    "pyrudof": "in-process, no inference",
    "pyshacl-rdfs": "in-process, rdflib memory",
}

#: Remote against in-process validation: (name, what is compared, server step, in-process step).
REMOTE_RATIOS = [
    ("memory vs memory", "same queries, same storage; only the runner differs", "ours-remote-memory", "ours-inline"),
    ("disk vs disk", "same queries, same store files; only the runner differs", "ours-remote", "ours-disk"),
    (
        "mixed (as first measured)",
        "the on-disk server against the in-memory in-process run that writes the closure",
        "ours-remote",
        "ours",
    ),
]


def bench_size(size: int, folder: Path, pyshacl_max: int, rounds: int, lines: list[str]) -> dict[str, dict[str, float]]:
    from synth import synthesise

    file = folder / f"grown-{size}.nt"
    with step(f"writing a graph of {size:,} triples"):
        made = synthesise(file, size, violations=min(50, max(1, size // 2000)), seed=1)
    names = ["ours", "ours-inline", "ours-disk", "pyrudof", "ours-remote", "ours-remote-memory"]
    names += ["pyshacl-rdfs"] if size <= pyshacl_max else []
    measured: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    disk, disk_url, copy = serve(str(file), folder / f"server-{size}")
    try:
        memory, memory_url = serve_memory(str(file))
        try:
            servers = {"ours-remote": (disk, disk_url), "ours-remote-memory": (memory, memory_url)}
            for round_ in range(rounds):
                for name in names:
                    with step(f"{name}, {size:,} triples, round {round_ + 1} of {rounds}"):
                        if name in servers:
                            process, url = servers[name]
                            before = _server_cpu(process)
                            run = _peak(name, str(file), url)
                            run["cpu"] += _server_cpu(process) - before
                        else:
                            run = _peak(name, str(file), location=str(copy))
                    measured[name].append(run)
        finally:
            memory.terminate()
            memory.wait()
    finally:
        disk.terminate()
        disk.wait()
    runs = {name: _median(found) for name, found in measured.items()}
    ours = runs["ours"]
    first = len(lines)
    lines.append(
        f"\n### {size:,} triples requested ({made.triples:,} written, {len(made.violations)} seeded defects; "
        f"median of {rounds})\n"
    )
    lines.append(
        "| engine | runner, storage, inference | wall s | validation s | CPU s | peak RSS MiB | results "
        "| ours is faster by |"
    )
    lines.append("|---|---|---|---|---|---|---|---|")
    for name, run in runs.items():
        speed = "" if name == "ours" else f"{run['seconds'] / ours['seconds']:.1f}×"
        alone = f"{run['validate_seconds']:.2f}" if "validate_seconds" in run else ""
        figures = f"{run['seconds']:.2f} | {alone} | {run['cpu']:.2f} | {run['rss_mb']:.0f} | {run['results']:.0f}"
        lines.append(f"| {name} | {KINDS[name]} | {figures} | {speed} |")
    if "pyshacl-rdfs" not in runs:
        lines.append(f"| pyshacl-rdfs | {KINDS['pyshacl-rdfs']} | not run (above {pyshacl_max:,} triples) | | | | | |")
    lines.append(
        "\nRemote validation / in-process validation (validation alone, after start-up, loading and shapes):\n"
    )
    lines += [f"- {name} ({what}): {_ratio(runs, remote, local)}" for name, what, remote, local in REMOTE_RATIOS]
    print("\n".join(lines[first:]), flush=True)
    return runs


def _ratio(runs: dict[str, dict[str, float]], remote: str, local: str) -> str:
    there, here = runs[remote]["validate_seconds"], runs[local]["validate_seconds"]
    return f"{there:.2f} s / {here:.2f} s = {there / here:.2f}×"


def targets(size: int, runs: dict[str, dict[str, float]], lines: list[str]) -> None:
    """The issue's targets against the figures of the largest size."""
    ours, rudof = runs["ours"], runs["pyrudof"]
    rows = [
        (
            "validation incl. the RDFS type closure (after loading)",
            "≤ 15 s",
            f"{ours['validate_seconds']:.2f} s",
            ours["validate_seconds"] <= 15,
        ),
        (
            "pyrudof (no inference) / ours (load + closure + validation)",
            "≥ 4×",
            f"{rudof['seconds'] / ours['seconds']:.1f}×",
            rudof["seconds"] / ours["seconds"] >= 4,
        ),
        ("peak RSS of ours", "≤ 1 GB", f"{ours['rss_mb']:.0f} MiB", ours["rss_mb"] <= 1024),
    ]
    for name, _what, remote, local in REMOTE_RATIOS:
        ratio = runs[remote]["validate_seconds"] / runs[local]["validate_seconds"]
        rows.append((f"remote / in-process validation: {name}", "≤ 2×", f"{ratio:.2f}×", ratio <= 2))
    lines.append(f"\n### Targets at {size:,} triples\n")
    lines.append("| target | wanted | measured | met |")
    lines.append("|---|---|---|---|")
    lines += [f"| {what} | {wanted} | {got} | {'yes' if ok else 'no'} |" for what, wanted, got, ok in rows]
    print("\n".join(lines[-(len(rows) + 3) :]), flush=True)


def bench_shipped(lines: list[str], repeat: int) -> None:
    ours = sorted(_peak("shipped")["cpu"] for _ in range(repeat))[repeat // 2]
    imports = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", "import pyshacl"], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        imports.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    base = sorted(imports)[repeat // 2]
    lines.append(
        f"\n### Shipped graph\n\nvalidate (fresh process, load + RDFS closure + every shape): CPU {ours:.2f} s; "
        f'`python -c "import pyshacl"`: CPU {base:.2f} s; ratio {ours / base:.2f}× (median of {repeat}).'
    )
    print(lines[-1], flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--pyshacl-max", type=int, default=100_000, help="largest size pySHACL (RDFS) runs at")
    parser.add_argument("--runs", type=int, default=3, help="rounds per size (the tables give medians)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the shipped-graph comparison")
    parser.add_argument("--output", type=Path)
    (
        parser.add_argument("--step"),
        parser.add_argument("--file", default=""),
        parser.add_argument("--endpoint", default=""),
        parser.add_argument("--store", default=""),
    )
    quiet_option(parser)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(measure(args.step, args.file, args.endpoint, args.store)))
        return
    show_steps(args.quiet)
    header = (
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs. "
        "Each step in a fresh process; peak RSS from `/usr/bin/time -v`."
    )
    lines = [
        "<!-- Written by benchmarks/bench_shacl.py (the SPARQL-compiled SHACL engine, zhangjiang_kg.shacl). -->",
        "# SHACL engines side by side",
        "",
        header,
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            runs = bench_size(size, Path(tmp), args.pyshacl_max, args.runs, lines)
    if args.sizes:
        targets(args.sizes[-1], runs, lines)
    with step("the shipped graph against import pyshacl"):
        bench_shipped(lines, args.repeat)
    if args.output:
        args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
