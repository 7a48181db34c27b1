"""Throughput of ``zjkg serve`` against Oxigraph's own server, both on the shipped graph, in one run.

Each row is measured with the same client (``--clients`` keep-alive connections, each sending its
next request when the last answer is read, for ``--seconds``), first against ``zjkg serve`` and then
against the baseline, ``oxigraph serve-read-only`` (the binary of the ``oxigraph`` package) holding
the same graphs with ``--union-default-graph``:

* the query API answering a saved query (``/api/fund-money``) against Oxigraph's endpoint answering
  the same query text (the defaults bound as a ``VALUES`` block, as the API runs it): once as a user
  sees it (a read-only server keeps the answer), once with a new ``limit`` each request so that
  every request runs the query;
* ``zjkg serve``'s own SPARQL endpoint answering that text against Oxigraph's;
* an entity page (``/id/zhangjiang-zone.html``) and the entity's Turtle (``/id/zhangjiang-zone``)
  against Oxigraph's ``DESCRIBE`` of the same IRI.

Then ``--crowd`` clients at once for ``--seconds`` on a mix of those paths, counting errors.
Read ratios, not absolute rates: the client shares the machine with the servers.

    .venv/bin/python benchmarks/bench_web.py --output benchmarks/web-results.md
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from ports import free_port

ZJKG = [sys.executable, "-m", "zhangjiang_kg"]
ZONE = "https://w3id.org/zhangjiang-kg/id/zhangjiang-zone"
#: Requests sent in this run: each client takes the next of a row's list, so no two of its requests
#: are the same until the list is used up.
TURNS = itertools.count()


@dataclass
class Tally:
    """What the clients of one row saw."""

    answers: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.answers / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


async def read_answer(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 answer (Content-Length or chunked); return its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def client(port: int, requests: list[bytes], until: float, tally: Tally) -> None:
    """One keep-alive connection sending ``requests`` in turn until ``until``."""
    reader = writer = None
    while time.perf_counter() < until:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            assert reader is not None
            started = time.perf_counter()
            writer.write(requests[next(TURNS) % len(requests)])
            status = await asyncio.wait_for(read_answer(reader), 30)
            tally.latencies.append(time.perf_counter() - started)
            if 200 <= status < 400:
                tally.answers += 1
            else:
                tally.errors += 1
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError):
            tally.errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def load(port: int, requests: list[bytes], clients: int, seconds: float) -> Tally:
    tally = Tally()
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(client(port, requests, until, tally) for _ in range(clients)))
    tally.seconds = time.perf_counter() - started
    return tally


def request(path: str, accept: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: {accept}\r\n\r\n".encode()


def measure(
    ours: tuple[int, list[bytes]], theirs: tuple[int, list[bytes]], clients: int, seconds: float
) -> tuple[Tally, Tally]:
    """Both sides in turns of a second, so that load from other programs falls on both alike."""
    totals = (Tally(), Tally())
    for port, requests in (ours, theirs):
        asyncio.run(load(port, requests, clients, 1.0))  # warm up: caches, connections, the first parse
    for _ in range(max(1, round(seconds))):
        for total, (port, requests) in zip(totals, (ours, theirs), strict=True):
            turn = asyncio.run(load(port, requests, clients, seconds / max(1, round(seconds))))
            total.answers += turn.answers
            total.errors += turn.errors
            total.latencies += turn.latencies
            total.seconds += turn.seconds
    return totals


def wait_ok(port: int, path: str, timeout: float = 600) -> None:
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{path} on port {port} did not answer")


def bound_query_text() -> str:
    """``fund-money`` as the API runs it with its defaults: the text with a VALUES block."""
    from zhangjiang_kg.queries import catalogue

    saved = catalogue.find_query("fund-money")
    return catalogue.with_values(saved, catalogue.bind(saved, {}))


def start_oxigraph(folder: Path, port: int) -> subprocess.Popen[bytes]:
    """``oxigraph serve-read-only`` on the graphs ``zjkg serve`` serves, loaded from an N-Quads dump."""
    import pyoxigraph as ox
    from zhangjiang_kg import store

    kg = store.load()
    dump = folder / "graph.nq"
    served = [ox.NamedNode(f"https://w3id.org/zhangjiang-kg/graph/{n}") for n in ("ontology", "data", "background")]
    ox.serialize(
        (q for g in served for q in kg.store.quads_for_pattern(None, None, None, g)),
        str(dump),
        format=ox.RdfFormat.N_QUADS,
    )
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or "oxigraph"
    subprocess.run([binary, "load", "--location", str(folder / "store"), "--file", str(dump)], check=True)
    process = subprocess.Popen(
        [
            binary,
            "serve-read-only",
            "--location",
            str(folder / "store"),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_ok(port, "/query?query=ASK%7B%7D")
    return process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="keep-alive clients per row (default 8)")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per side and row (default 10)")
    parser.add_argument("--crowd", type=int, default=100, help="clients at once in the last run (default 100)")
    parser.add_argument("--output", type=Path, help="write the table (Markdown) here")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="zjkg-bench-web-"))
    ours_port, theirs_port = free_port(), free_port()
    ours = subprocess.Popen(
        [*ZJKG, "serve", "--port", str(ours_port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    theirs = None
    try:
        theirs = start_oxigraph(folder, theirs_port)
        wait_ok(ours_port, "/id/zhangjiang-zone.html")  # the site is built
        text = urllib.parse.quote(bound_query_text())
        describe = urllib.parse.quote(f"DESCRIBE <{ZONE}>")
        results = "application/sparql-results+json"
        rows = [
            (
                "saved query: /api/fund-money vs the same text at Oxigraph's /query",
                (ours_port, [request("/api/fund-money", results)]),
                (theirs_port, [request(f"/query?query={text}", results)]),
            ),
            (
                "saved query, never kept (a new limit each request) vs the same text at Oxigraph's /query",
                (
                    ours_port,
                    [
                        request(f"/api/fund-money?limit={n}&offset={m}", results)
                        for m in range(20)  # 200,000 requests: more than a row sends, none kept
                        for n in range(1, 10_001)
                    ],
                ),
                (theirs_port, [request(f"/query?query={text}", results)]),
            ),
            (
                "the same text at zjkg serve's /sparql vs Oxigraph's /query",
                (ours_port, [request(f"/sparql?query={text}", results)]),
                (theirs_port, [request(f"/query?query={text}", results)]),
            ),
            (
                "entity page /id/zhangjiang-zone.html vs Oxigraph's DESCRIBE",
                (ours_port, [request("/id/zhangjiang-zone.html", "text/html")]),
                (theirs_port, [request(f"/query?query={describe}", "text/turtle")]),
            ),
            (
                "entity as Turtle /id/zhangjiang-zone vs Oxigraph's DESCRIBE",
                (ours_port, [request("/id/zhangjiang-zone", "text/turtle")]),
                (theirs_port, [request(f"/query?query={describe}", "text/turtle")]),
            ),
        ]
        table = [
            f"Throughput on the shipped graph, {args.clients} keep-alive clients, {args.seconds:g} s a row; "
            "baseline: `oxigraph serve-read-only` in the same run, the two measured in turns of a second.",
            "",
            "| what | zjkg serve (req/s, p50 ms, p99 ms) | Oxigraph (req/s, p50 ms, p99 ms) | ratio | errors |",
            "|---|---|---|---|---|",
        ]
        load_before = os.getloadavg()
        for name, ours_side, theirs_side in rows:
            a, b = measure(ours_side, theirs_side, args.clients, args.seconds)
            table.append(
                f"| {name} | {a.rate:,.0f}, {a.percentile(0.5):.1f}, {a.percentile(0.99):.1f} "
                f"| {b.rate:,.0f}, {b.percentile(0.5):.1f}, {b.percentile(0.99):.1f} "
                f"| {a.rate / b.rate:.2f}x | {a.errors} / {b.errors} |"
            )
            print(table[-1], flush=True)
        mix = [
            request("/api/fund-money", results),
            request("/id/zhangjiang-zone.html", "text/html"),
            request("/id/zhangjiang-zone", "text/turtle"),
            request(f"/sparql?query={text}", results),
        ]
        crowd = asyncio.run(load(ours_port, mix, args.crowd, args.seconds))
        table += [
            "",
            f"{args.crowd} concurrent clients for {args.seconds:g} s on a mix of those four paths: "
            f"{crowd.answers:,} answers ({crowd.rate:,.0f}/s), {crowd.errors} errors, "
            f"p50 {crowd.percentile(0.5):.0f} ms, p99 {crowd.percentile(0.99):.0f} ms.",
            "",
            f"Load average (1, 5, 15 min) on {os.cpu_count()} cores: {', '.join(f'{x:.2f}' for x in load_before)} "
            f"before the rows, {', '.join(f'{x:.2f}' for x in os.getloadavg())} at the end.",
        ]
        print(table[-1])
        if args.output:
            args.output.write_text("\n".join(table) + "\n", encoding="utf-8")
    finally:
        for process in (ours, theirs):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
