"""Running ``zjkg`` as an attacker would, for the hostile-input tests: a child process bounded in
time and memory, its one-line error, a listener that counts connections, small hostile files."""

from __future__ import annotations

import http.server
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 2 << 30
#: Every case must end well within this many seconds; a hang fails the test instead.
BOUND = 60

#: A query no engine finishes: a three-way cartesian product behind a filter nothing passes.
RUNAWAY = """SELECT * WHERE {
  ?a ?b ?c . ?d ?e ?f . ?g ?h ?i .
  FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?i))) < 0)
}
"""


def limit_memory(memory: int = MEMORY_LIMIT) -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def zjkg(
    *args: object,
    timeout: float = BOUND,
    env: dict[str, str] | None = None,
    file_size: int | None = None,
    memory: int = MEMORY_LIMIT,
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    """Run ``zjkg ARGS`` in a child process with the time and memory bounds, in ``cwd``.

    ``file_size`` caps every file the child writes (RLIMIT_FSIZE): a write past it fails with
    EFBIG, as a full disk fails with ENOSPC (Python ignores the SIGXFSZ that comes with it).
    ``memory`` is the address space it may take (a cost item's bound).
    """

    def limits() -> None:
        limit_memory(memory)
        if file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return subprocess.run(
        [sys.executable, "-m", "zhangjiang_kg", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        check=False,
        preexec_fn=limits,
        env={**os.environ, "ZJKG_USER": "", "NETRC": os.devnull, **(env or {})},
    )


def no_traceback(run: subprocess.CompletedProcess[str]) -> None:
    """A run that printed no traceback (its exit code is checked by the caller)."""
    assert "Traceback" not in run.stderr, run.stderr


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes: what a run must leave unchanged."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def error_line(run: subprocess.CompletedProcess[str]) -> str:
    """The one line on stderr (a second line or a traceback fails the test)."""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("Error: "), run.stderr
    return lines[0]


class Listener:
    """A TCP socket on 127.0.0.1 that accepts connections, counts them and never answers."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            self._open.append(conn)

    def close(self) -> None:
        for conn in self._open:
            conn.close()
        self.socket.close()


def query_file(folder: Path, name: str, text: str) -> Path:
    """A saved query ``folder/NAME.rq``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.rq"
    path.write_text(text)
    return path


def service_query(url: str) -> str:
    """A query that would send every label to ``url`` (SERVICE)."""
    return (
        "#+ summary: sends every label to another host\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        f"SELECT ?s ?label WHERE {{ ?s rdfs:label ?label . OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?label }} }} }}\n"
    )


# --- small hostile files -----------------------------------------------------------------------

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = (
    f"@prefix ex: <{EX}> .\n@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix xsd: <{XSD}> .\n"
    "@prefix zjo: <https://w3id.org/zhangjiang-kg/ontology#> .\n"
)


def write_file(folder: Path, name: str, text: str) -> Path:
    """``text`` in ``folder/name`` (UTF-8)."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def graph_of(text: str, fmt: str = "turtle") -> Any:
    """The rdflib graph of ``text``, to compare what a command wrote."""
    from rdflib import Graph

    return Graph().parse(data=text, format=fmt)


def nested(depth: int) -> str:
    """One statement whose object nests ``depth`` blank nodes."""
    return f"<{EX}s> <{EX}p> " + f"[ <{EX}p> " * depth + '"end"' + " ]" * depth + " .\n"


def listed(items: int) -> str:
    """One statement whose object is a list of ``items`` literals."""
    return f"<{EX}s> <{EX}p> (" + " ".join(f'"{i}"' for i in range(items)) + ") .\n"


def validate_case(tmp_path: Path, case: tuple[str, str], *args: object) -> subprocess.CompletedProcess[str]:
    """``zjkg validate`` of ``case`` (data, shapes; Turtle after :data:`PREFIXES`), no violation queries."""
    data = write_file(tmp_path, "data.ttl", PREFIXES + case[0])
    shapes = write_file(tmp_path, "shapes.ttl", PREFIXES + case[1])
    (tmp_path / "no-queries").mkdir(exist_ok=True)
    return zjkg("validate", data, "--shapes", shapes, "--queries", tmp_path / "no-queries", *args)


def started(args: list[object], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """``zjkg ARGS`` started in a child process bounded in memory, its output in text pipes."""
    return subprocess.Popen(
        [sys.executable, "-m", "zhangjiang_kg", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        preexec_fn=limit_memory,
        env={**os.environ, **(env or {})},
    )


def signalled(process: subprocess.Popen[str], signum: int) -> str:
    """Send ``signum`` (unless the process has ended) and wait for the end, bounded; its stderr.
    A process still running after :data:`BOUND` seconds is killed."""
    try:
        process.send_signal(signum)
        _out, err = process.communicate(timeout=BOUND)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return err


def interrupted(args: list[object], after: float) -> tuple[int, str]:
    """Start ``zjkg ARGS``, send SIGINT after ``after`` seconds; the exit status and stderr."""
    process = started(args)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=after)  # still working when the signal comes
    finally:
        err = signalled(process, signal.SIGINT)
    return process.returncode, err


class Endpoint:
    """An HTTP server on 127.0.0.1 whose every answer ``reply(handler)`` writes, as a hostile store would."""

    def __init__(self, reply: Callable[[http.server.BaseHTTPRequestHandler], None]) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                reply(self)

            do_GET = do_POST = do_PUT = do_DELETE = _any

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.stop = threading.Event()
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


def answer(
    handler: http.server.BaseHTTPRequestHandler,
    body: bytes,
    status: int = 200,
    content_type: str = "application/sparql-results+json",
    **headers: str,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
