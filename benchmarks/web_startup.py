"""Start-up of ``zjkg serve``'s web application, as ratios to ``python -c "import rdflib"``.

Measures (medians of ``--repeat`` fresh processes): ``zjkg serve --help``; and, from launching
``zjkg serve`` on the shipped graph, the time to the first answer of the SPARQL endpoint, of an IRI
(``/id/zhangjiang-zone`` as Turtle), of the query API (``/api/fund-money``) and of an entity page
(which waits for the site build in its background thread). Read the ratios: the machine is shared.

    .venv/bin/python benchmarks/web_startup.py --repeat 5
"""

from __future__ import annotations

import argparse
import http.client
import signal
import statistics
import subprocess
import sys
import time

from ports import free_port

ZJKG = [sys.executable, "-m", "zhangjiang_kg"]


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def first_ok(port: int, path: str, accept: str, started: float, timeout: float = 300) -> float:
    """Seconds from ``started`` until ``GET path`` answers 200."""
    while time.perf_counter() - started < timeout:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", path, headers={"Accept": accept})
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.01)
    raise TimeoutError(f"{path} did not answer")


def serve_once() -> dict[str, float]:
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [*ZJKG, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        return {
            "SPARQL endpoint (ASK)": first_ok(port, "/sparql?query=ASK%7B%7D", "*/*", started),
            "IRI as Turtle": first_ok(port, "/id/zhangjiang-zone", "text/turtle", started),
            "query API": first_ok(port, "/api/fund-money", "*/*", started),
            "entity page (site built)": first_ok(port, "/id/zhangjiang-zone.html", "text/html", started),
        }
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rdflib = statistics.median(seconds([sys.executable, "-c", "import rdflib"]) for _ in range(args.repeat))
    rows = {"zjkg serve --help": statistics.median(seconds([*ZJKG, "serve", "--help"]) for _ in range(args.repeat))}
    runs = [serve_once() for _ in range(args.repeat)]
    rows.update({name: statistics.median(run[name] for run in runs) for name in runs[0]})
    print(f"import rdflib: {rdflib:.3f} s (= 1.0)")
    for name, value in rows.items():
        print(f"{name:<28} {value:7.3f} s  {value / rdflib:6.1f}x")


if __name__ == "__main__":
    main()
