"""Hostile input to the query and store commands.

Each case runs ``zjkg`` in a child process, bounded in time (the subprocess time-out fails the
test instead of hanging it) and in memory (a 2 GiB address-space limit), and checks the exit
code, the one-line error, and that nothing was sent or written that should not be: a socket the
test listens on must see no connection, a file's content must not be echoed, no temporary store
may be left behind.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.remote.server import free_port

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 2 << 30
#: Every case must end well within this many seconds; a hang fails the test instead.
BOUND = 60

pytestmark = pytest.mark.slow

#: A query no engine finishes: a three-way cartesian product behind a filter nothing passes.
RUNAWAY = """SELECT * WHERE {
  ?a ?b ?c . ?d ?e ?f . ?g ?h ?i .
  FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?i))) < 0)
}
"""


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def zjkg(*args: object, timeout: float = BOUND, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``zjkg ARGS`` in a child process with the time and memory bounds."""
    return subprocess.run(
        [sys.executable, "-m", "zhangjiang_kg", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
        preexec_fn=_limit_memory,
        env={**os.environ, "ZJKG_USER": "", "NETRC": os.devnull, **(env or {})},
    )


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


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A socket that must see no connection unless the test allows the network."""
    found = Listener()
    yield found
    found.close()


def _query_file(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.rq"
    path.write_text(text)
    return path


def _service_query(url: str) -> str:
    return (
        "#+ summary: sends every label to another host\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        f"SELECT ?s ?label WHERE {{ ?s rdfs:label ?label . OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?label }} }} }}\n"
    )


# --- 13: SERVICE --------------------------------------------------------------------------------


def test_service_is_refused_everywhere_and_nothing_is_sent(listener: Listener, oxigraph_server, tmp_path: Path) -> None:
    folder = tmp_path / "queries"
    leak = _query_file(folder, "leak", _service_query(listener.url))
    refused = f"Error: leak: SERVICE <{listener.url}> would send the query and values from the graph over the network"
    for args in (
        ["query", leak],
        ["query", leak, "--engine", "oxigraph"],
        ["query", "--all", "--queries", folder],
        ["query", leak, "--endpoint", oxigraph_server.query_url],
    ):
        run = zjkg(*args)
        assert run.returncode == 2, (args, run.stderr)
        line = error_line(run)
        assert line.startswith(refused)
        assert "--allow-network" in line
    check = zjkg("check", "--queries", folder, "--skip", "evidence", "--format", "json")
    assert check.returncode == 1, check.stderr
    assert '"rule": "query-network"' in check.stdout
    assert listener.connections == 0


def test_the_word_service_in_strings_comments_iris_and_names_is_not_a_clause(tmp_path: Path) -> None:
    text = (
        "PREFIX service: <http://example.org/SERVICE/>\n"
        "SELECT ?service WHERE {  # SERVICE <http://127.0.0.1:9/> { }\n"
        '  ?service <http://example.org/SERVICE> "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }" .\n'
        "  OPTIONAL { ?service service:SERVICE ?x }\n"
        "}\n"
    )
    run = zjkg("query", _query_file(tmp_path, "words", text), "--format", "csv")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "service"


def test_allow_network_lets_service_call_out_and_the_time_limit_bounds_the_wait(
    listener: Listener, tmp_path: Path
) -> None:
    """The listener does notice a call (so the test above can fail), and a host that never
    answers no longer hangs the command."""
    leak = _query_file(tmp_path, "leak", _service_query(listener.url))
    run = zjkg("query", leak, "--allow-network", "--timeout", "2")
    assert run.returncode == 1
    assert error_line(run) == "Error: query 'leak' did not finish within 2 s (--timeout); abandoned"
    assert listener.connections >= 1


# --- 14: runaway queries -------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_runaway_local_query_stops_at_the_time_limit(engine: str, tmp_path: Path) -> None:
    run = zjkg("query", _query_file(tmp_path, "runaway", RUNAWAY), "--engine", engine, "--timeout", "1")
    assert run.returncode == 1
    assert error_line(run) == "Error: query 'runaway' did not finish within 1 s (--timeout); abandoned"


def test_ctrl_c_stops_a_runaway_query_on_oxigraph(tmp_path: Path) -> None:
    """Oxigraph evaluates in Rust and Python's signal handlers wait for it: before the worker
    thread, SIGINT was ignored until the query ended (minutes)."""
    runaway = _query_file(tmp_path, "runaway", RUNAWAY)
    process = subprocess.Popen(
        [sys.executable, "-m", "zhangjiang_kg", "query", runaway, "--engine", "oxigraph", "--timeout", "600"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        preexec_fn=_limit_memory,
    )
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=5)  # loading takes about a second; the query then runs for good
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=BOUND)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode != 0
    assert "Traceback" not in err


def test_a_remote_query_that_times_out_is_sent_once(faulty_proxy) -> None:
    faulty_proxy.plan = lambda method, path: "hang" if method == "POST" else "pass"
    url = faulty_proxy.base + "/query"
    run = zjkg("query", "platforms", "--endpoint", url, "--timeout", "1")
    faulty_proxy.release.set()
    assert run.returncode == 1
    assert error_line(run) == (
        f"Error: {url}: no answer within 1 s (--timeout); the query was sent once and not repeated"
    )
    assert [method for method, _, _ in faulty_proxy.seen] == ["POST"]


# --- 15, 18: endpoints that are not endpoints ----------------------------------------------------


@pytest.mark.parametrize("command", ["query", "load"])
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[::1", "is not a valid endpoint URL: Invalid IPv6 URL"),
        ("ftp://127.0.0.1/store", "is not an endpoint URL: only http:// and https:// are supported"),
        ("http:///store", "is not an endpoint URL: it names no host"),
    ],
)
def test_a_malformed_endpoint_is_a_one_line_input_error(command: str, url: str, reason: str) -> None:
    args = ["query", "platforms"] if command == "query" else ["load"]
    run = zjkg(*args, "--endpoint", url)
    assert run.returncode == 2
    assert error_line(run) == f"Error: {url!r} {reason}"


@pytest.mark.parametrize("command", ["query", "load"])
def test_a_file_endpoint_is_refused_without_reading_the_file(command: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2\n")
    args = ["query", "platforms"] if command == "query" else ["load"]
    run = zjkg(*args, "--endpoint", secret.as_uri())
    assert run.returncode == 2
    assert "only http:// and https:// are supported" in error_line(run)
    assert "hunter2" not in run.stdout + run.stderr


def test_https_to_a_plain_http_port_says_so_at_once(oxigraph_server) -> None:
    """Before: three 30 s time-outs and backoff (92 s), then only "timed out"."""
    url = oxigraph_server.query_url.replace("http://", "https://")
    run = zjkg("query", "platforms", "--endpoint", url, timeout=30)
    assert run.returncode == 1
    assert error_line(run) == (
        f"Error: {url}: no TLS answer within 5 s: is this a plain-HTTP port? "
        "(try http:// instead of https://) (tried once)"
    )


def test_the_oxigraph_engine_refuses_owl_imports_of_a_url(listener: Listener, tmp_path: Path) -> None:
    data = tmp_path / "imports.ttl"
    data.write_text(
        f"<https://w3id.org/zhangjiang-kg/id/x> <http://www.w3.org/2002/07/owl#imports> <{listener.url}> .\n"
    )
    for engine in ("oxigraph", "rdflib"):
        run = zjkg("query", "platforms", "--data", data, "--engine", engine)
        assert run.returncode == 2
        assert error_line(run) == (
            f"Error: {data}: owl:imports <{listener.url}> would fetch from the network; "
            "refused (pass --allow-network to follow imports)"
        )
    assert listener.connections == 0


# --- 15: usage errors ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_a_usage_error_is_one_line_with_a_hint_for_every_command(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--no-such-option"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: No such option '--no-such-option' (see 'zjkg {command} --help')\n"


def test_an_unknown_command_is_one_line_with_a_hint() -> None:
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2
    assert result.stderr == "Error: No such command 'no-such-command' (see 'zjkg --help')\n"


# --- 16: serve and signals ----------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_serve_stops_its_server_and_removes_its_store_on_a_signal(signum: int, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "zhangjiang_kg", "serve", "--port", str(port), "--web-port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    try:
        first = process.stdout.readline()  # type: ignore[union-attr]
        assert first.startswith("Serving "), first + process.stderr.read()  # type: ignore[union-attr]
        assert any(p.name.startswith("zjkg-oxigraph-") for p in temp.iterdir())
        process.send_signal(signum)
        _out, err = process.communicate(timeout=BOUND)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert err.strip().splitlines()[-1] == "Stopped."
    assert list(temp.iterdir()) == []
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=5)


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
def test_the_server_dies_with_serve_even_on_sigkill(tmp_path: Path) -> None:
    """SIGKILL runs no handler in ``zjkg serve``; the kernel still stops its children (the Oxigraph
    server, and the site build while it runs)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "zhangjiang_kg", "serve", "--port", "0", "--web-port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    try:
        assert process.stdout.readline().startswith("Serving ")  # type: ignore[union-attr]
        children = [
            int(pid)
            for task in Path(f"/proc/{process.pid}/task").iterdir()
            for pid in (task / "children").read_text().split()
        ]
        assert 1 <= len(children) <= 2
        process.kill()
        process.wait(timeout=BOUND)
        waited = 0.0
        while any(_alive(child) for child in children) and waited < BOUND:  # a bound, not a timing claim
            threading.Event().wait(0.1)
            waited += 0.1
        assert not any(_alive(child) for child in children)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
