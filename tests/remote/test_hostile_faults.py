"""Hostile input, signals and faults, second round (issue 20): each item through the CLI.

As in ``test_hostile.py``, every case runs ``zjkg`` in a child process bounded in time and
memory (``hostile_run.py``) and checks the exit code, the one-line message and that nothing was
written, lost or sent. Issue 20 item → test(s) (item 4, the pySHACL child process, is tested with
the validation code):

====  ===========================================================================================
item  tests
====  ===========================================================================================
 1    test_output_follows_a_symlink_and_replaces_its_target,
      test_output_writes_in_place_to_a_fifo_and_dev_null,
      test_fmt_rewrites_the_target_of_a_symlink, test_output_refuses_a_device_or_a_folder
 2    test_a_signal_during_load_restores_the_store,
      test_a_store_that_dies_mid_replace_keeps_the_old_graph_whole,
      test_a_large_graph_reaches_a_digest_store_whole_in_one_request
 3    test_a_query_nested_100000_deep_is_one_line_for_query_check_and_validate
 5    test_a_store_that_trickles_is_stopped_by_the_overall_deadline,
      test_an_answer_over_the_size_cap_is_refused_unless_the_cap_is_raised,
      test_a_redirect_to_another_host_is_not_followed, test_credentials_in_the_url_are_never_echoed,
      test_deeply_nested_json_ld_and_endpoint_json_are_one_line,
      test_a_data_folder_reads_regular_files_only
 6    test_text_output_escapes_control_characters_from_the_data
 7    test_long_iris_cost_linear_memory_in_the_lexer, test_a_json_ld_list_costs_what_its_triples_cost,
      test_a_huge_decimal_parameter_is_refused, test_a_byte_order_mark_is_accepted,
      test_a_redirect_to_another_host_is_not_followed, test_credentials_in_the_url_are_never_echoed
====  ===========================================================================================
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hostile_run import (
    BOUND,
    EX,
    ROOT,
    Listener,
    answer,
    error_line,
    graph_of,
    limit_memory,
    no_traceback,
    validate_case,
    zjkg,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from conftest import FaultyProxy

pytestmark = pytest.mark.slow

# --- 3: a query nested 100,000 deep ---------------------------------------------------------------

DEEP_QUERY = "SELECT * WHERE\n" + "{" * 100_000 + "}" * 100_000 + "\n"


@pytest.mark.parametrize(
    "command",
    [
        ["query", "{q}"],
        ["check", "--queries", "{d}"],
        ["validate", "--queries", "{d}"],
    ],
    ids=["query", "check", "validate"],
)
def test_a_query_nested_100000_deep_is_one_line_for_query_check_and_validate(
    command: list[str], tmp_path: Path
) -> None:
    folder = tmp_path / "queries"
    folder.mkdir()
    query = folder / "deep-violation.rq"
    query.write_text(DEEP_QUERY)
    assert len(DEEP_QUERY) > 200_000
    run = zjkg(*(part.format(q=query, d=folder) for part in command))
    no_traceback(run)
    assert run.returncode == 2, run.stderr
    assert error_line(run) == (
        f"Error: {query}:2:129: SPARQL syntax error: nested 100000 levels deep; at most 128 are allowed"
    )


# --- 1: writing to what is not a regular file -----------------------------------------------------


def _export(output: object) -> subprocess.CompletedProcess[str]:
    return zjkg("export", "--format", "nt", "--output", output)


def test_output_follows_a_symlink_and_replaces_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.nt"
    target.write_text("old\n")
    link = tmp_path / "link.nt"
    link.symlink_to(target.name)
    run = _export(link)
    assert run.returncode == 0, run.stderr
    assert link.is_symlink()
    assert str(link.readlink()) == "real.nt"
    assert graph_of(target.read_text(), "nt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.nt", "real.nt"]  # no temporary file left


def test_fmt_rewrites_the_target_of_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "real.ttl"
    target.write_text(f"<{EX}b>   <{EX}p>   <{EX}o> .\n<{EX}a> <{EX}p> <{EX}o> .\n")
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    run = zjkg("fmt", link)
    assert run.returncode == 0, run.stderr
    assert link.is_symlink()
    assert link.resolve() == target
    assert target.read_text().index(f"<{EX}a>") < target.read_text().index(f"<{EX}b>")


def test_output_writes_in_place_to_a_fifo_and_dev_null(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = _export(fifo)
    reader.join(BOUND)
    assert run.returncode == 0, run.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert graph_of(received[0].decode(), "nt")
    assert _export(os.devnull).returncode == 0
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)
    for stdout in ("-", "/dev/stdout"):
        run = _export(stdout)
        assert run.returncode == 0, run.stderr
        assert graph_of(run.stdout, "nt")
    assert not Path(ROOT, "-").exists()


def test_output_refuses_a_device_or_a_folder(tmp_path: Path) -> None:
    run = _export("/dev/zero")
    assert run.returncode == 2
    assert error_line(run) == "Error: /dev/zero: is a device; refused (write to a regular file, -, a FIFO or /dev/null)"
    assert stat.S_ISCHR(Path("/dev/zero").stat().st_mode)
    link = tmp_path / "zero.nt"
    link.symlink_to("/dev/zero")
    run = _export(link)
    assert run.returncode == 2
    assert error_line(run).endswith("zero.nt: is a device; refused (write to a regular file, -, a FIFO or /dev/null)")
    assert link.is_symlink()
    run = zjkg("check", "--skip", "evidence", "--report", f"sarif={tmp_path}")
    assert run.returncode == 2
    refusal = "is a folder; refused (write to a regular file, -, a FIFO or /dev/null)"
    assert error_line(run) == f"Error: {tmp_path}: {refusal}"
    assert [p.name for p in tmp_path.iterdir()] == ["zero.nt"]


# --- 2: load under signals and a store that dies mid-replace --------------------------------------

G_DATA = "https://w3id.org/zhangjiang-kg/graph/data"
G_ONTOLOGY = "https://w3id.org/zhangjiang-kg/graph/ontology"


def _big_graph(folder: Path, version: int, triples: int = 4000) -> list[str]:
    """``load`` options for an ontology and a data graph of ``triples`` (over 128 KiB as N-Triples)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / f"data{version}.ttl"
    data.write_text("".join(f'<{EX}s{i}> <{EX}label> "version {version} of item {i}" .\n' for i in range(triples)))
    ontology = folder / f"ontology{version}.ttl"
    ontology.write_text(f'<{EX}C> <http://www.w3.org/2000/01/rdf-schema#label> "class v{version}" .\n')
    return ["--data", str(data), "--ontology", str(ontology)]


def _held(store: str, graph: str) -> int:
    from zhangjiang_kg.remote.gsp import GraphStore
    from zhangjiang_kg.remote.http import HttpClient

    content = GraphStore(store, HttpClient(store, timeout=10)).get(graph)
    return 0 if content is None else len(content)


def _first_load(faulty_proxy: FaultyProxy, tmp_path: Path) -> str:
    upstream = faulty_proxy.upstream + "/store"
    run = zjkg("load", "--endpoint", upstream, "--replace", *_big_graph(tmp_path / "v1", 1))
    assert run.returncode == 0, run.stderr
    assert _held(upstream, G_DATA) == 4000
    return upstream


@pytest.mark.parametrize(
    ("signum", "code", "message"),
    [
        (signal.SIGTERM, 143, "Error: stopped by SIGTERM; the store was left as it was"),
        (signal.SIGHUP, 129, "Error: stopped by SIGHUP; the store was left as it was"),
        (signal.SIGINT, 130, "Error: interrupted (Ctrl-C)"),
    ],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_a_signal_during_load_restores_the_store(
    signum: int, code: int, message: str, faulty_proxy: FaultyProxy, tmp_path: Path
) -> None:
    upstream = _first_load(faulty_proxy, tmp_path)
    from zhangjiang_kg.remote.gsp import GraphStore
    from zhangjiang_kg.remote.http import HttpClient

    ontology_before = GraphStore(upstream, HttpClient(upstream, timeout=10)).get(G_ONTOLOGY)
    faulty_proxy.plan = lambda method, path: "hang" if method == "PUT" and "graph%2Fdata" in path else "pass"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zhangjiang_kg",
            "load",
            "--endpoint",
            faulty_proxy.store_url,
            "--replace",
            *_big_graph(tmp_path / "v2", 2),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        preexec_fn=limit_memory,
        env={**os.environ, "ZJKG_USER": "", "NETRC": os.devnull},
    )
    try:
        for _ in range(BOUND * 10):  # until the data graph's PUT hangs, the ontology already replaced
            if any(method == "PUT" and "graph%2Fdata" in path for method, path, _action in faulty_proxy.seen):
                break
            time.sleep(0.1)
        process.send_signal(signum)
        _out, err = process.communicate(timeout=BOUND)
    finally:
        faulty_proxy.release.set()
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == code, err
    assert err.strip() == message
    assert _held(upstream, G_DATA) == 4000
    restored = GraphStore(upstream, HttpClient(upstream, timeout=10)).get(G_ONTOLOGY)
    assert restored is not None
    assert ontology_before is not None
    assert set(restored) == set(ontology_before)  # written before the signal, then put back


def test_a_store_that_dies_mid_replace_keeps_the_old_graph_whole(faulty_proxy: FaultyProxy, tmp_path: Path) -> None:
    """The store takes the first request to the data graph and is gone for good after it: the
    graph it holds is one version whole (once: the first 128 KiB of the new one, 691 triples)."""
    upstream = _first_load(faulty_proxy, tmp_path)
    dead = threading.Event()

    def plan(method: str, path: str) -> str:
        if dead.is_set():
            return "drop"
        if method in ("PUT", "POST") and "graph%2Fdata" in path:
            dead.set()
        return "pass"

    faulty_proxy.plan = plan
    run = zjkg(
        "load", "--endpoint", faulty_proxy.store_url, "--replace", "--retries", "0", *_big_graph(tmp_path / "v2", 2)
    )
    assert run.returncode == 1
    assert "the store closed the connection" in error_line(run)
    from zhangjiang_kg.remote.gsp import GraphStore
    from zhangjiang_kg.remote.http import HttpClient

    held = GraphStore(upstream, HttpClient(upstream, timeout=10)).get(G_DATA)
    assert held is not None
    versions = {str(label).split(" of ")[0] for _s, _p, label in held}
    assert len(held) == 4000
    assert len(versions) == 1, versions  # one version whole, never a mix or a part
    writes = [method for method, path, _ in faulty_proxy.seen if method in ("PUT", "POST") and "graph%2Fdata" in path]
    assert writes[0] == "PUT"


# --- 5: every read is bounded -----------------------------------------------------------------------


def _results(value: str) -> bytes:
    binding = {"x": {"type": "literal", "value": value}}
    return json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [binding]}}).encode()


#: Each command that reads from an endpoint, with ``{u}`` for its URL.
ENDPOINT_COMMANDS = {
    "query": ["query", "fund-money", "--endpoint", "{u}/sparql"],
    "validate": ["validate", "--endpoint", "{u}/sparql"],
    "load": ["load", "--endpoint", "{u}/store", "--retries", "0"],
}


@pytest.mark.parametrize("command", ENDPOINT_COMMANDS, ids=list(ENDPOINT_COMMANDS))
def test_a_store_that_trickles_is_stopped_by_the_overall_deadline(command: str, endpoint: Callable) -> None:
    def trickle(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.end_headers()
        handler.wfile.flush()
        while not server.stop.is_set():  # one byte a second, for ever: each read is in time
            try:
                handler.wfile.write(b" ")
                handler.wfile.flush()
            except OSError:
                return
            server.stop.wait(0.5)

    server = endpoint(trickle)
    run = zjkg(*(part.format(u=server.url) for part in ENDPOINT_COMMANDS[command]), "--timeout", "2")
    no_traceback(run)
    assert run.returncode == 1, run.stderr
    line = error_line(run)
    assert "2 s" in line or "timed out" in line, line


def test_an_answer_over_the_size_cap_is_refused_unless_the_cap_is_raised(endpoint: Callable) -> None:
    server = endpoint(lambda handler: answer(handler, _results("x" * (3 << 20))))
    query = ["query", "fund-money", "--endpoint", f"{server.url}/sparql", "--format", "csv"]
    run = zjkg(*query, "--max-answer", "1")
    assert run.returncode == 1
    assert error_line(run) == (
        f"Error: {server.url}/sparql: the answer is larger than 1 MiB; refused (raise it with --max-answer MIB) "
        "(tried once)"
    )
    assert run.stdout == ""
    run = zjkg(*query, "--max-answer", "8")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[1] == "x" * (3 << 20)


def test_a_redirect_to_another_host_is_not_followed(endpoint: Callable, listener: Listener) -> None:
    elsewhere = endpoint(lambda handler: answer(handler, b"", 302, Location=listener.url))
    run = zjkg("query", "fund-money", "--endpoint", f"{elsewhere.url}/sparql")
    assert run.returncode == 1
    assert error_line(run) == (
        f"Error: {elsewhere.url}/sparql: HTTP 302: redirected to another host ({listener.url}); not followed "
        "(tried once)"
    )
    assert listener.connections == 0

    def same_host(handler: http.server.BaseHTTPRequestHandler) -> None:
        if handler.path.startswith("/old"):
            answer(handler, b"", 302, Location="/sparql")
        else:
            answer(handler, _results("moved"))

    moved = endpoint(same_host)
    run = zjkg("query", "fund-money", "--endpoint", f"{moved.url}/old", "--format", "csv")
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["x", "moved"]


@pytest.mark.parametrize("command", ENDPOINT_COMMANDS, ids=list(ENDPOINT_COMMANDS))
def test_credentials_in_the_url_are_never_echoed(command: str, listener: Listener) -> None:
    url = listener.url.replace("http://", "http://admin:s3cret-word@").removesuffix("/sparql")
    run = zjkg(*(part.format(u=url) for part in ENDPOINT_COMMANDS[command]))
    assert run.returncode == 2
    line = error_line(run)
    assert "s3cret-word" not in run.stderr + run.stdout
    assert line.endswith("a login in the URL is refused; set ZJKG_USER and ZJKG_PASSWORD or use ~/.netrc")
    assert "***@127.0.0.1" in line
    assert listener.connections == 0


def test_an_endpoint_iri_with_a_space_is_one_line_naming_it(endpoint: Callable) -> None:
    """pyoxigraph holds no such IRI, and the answer is not RDF: the error names row, variable and term."""
    binding = {"x": {"type": "uri", "value": "http://example.org/a b"}}
    body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [binding]}}).encode()
    server = endpoint(lambda handler: answer(handler, body))
    run = zjkg("query", "fund-money", "--endpoint", f"{server.url}/sparql")
    no_traceback(run)
    assert run.returncode == 1
    line = error_line(run)
    assert line.startswith(f"Error: {server.url}/sparql: row 1, ?x: not an RDF term: "), line
    assert "http://example.org/a b" in line


def test_deeply_nested_json_ld_and_endpoint_json_are_one_line(endpoint: Callable, tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    server = endpoint(lambda handler: answer(handler, deep.encode()))
    run = zjkg("query", "fund-money", "--endpoint", f"{server.url}/sparql")
    no_traceback(run)
    assert run.returncode == 1
    assert error_line(run).startswith(f"Error: {server.url}/sparql: the answer is not SPARQL JSON results")
    document = tmp_path / "deep.jsonld"
    document.write_text('{"@id": "http://example.org/s", "http://example.org/p":\n' + deep + "}")
    for command in (["export", "--data", document], ["validate", document]):
        run = zjkg(*command)
        no_traceback(run)
        assert run.returncode == 2, run.stderr
        assert error_line(run) == f"Error: {document}:2:256: invalid JSON: nested more than 256 levels deep"


def test_a_data_folder_reads_regular_files_only(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "good.ttl").write_text(f"<{EX}s> <{EX}p> <{EX}o> .\n")
    (folder / "zero.ttl").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.ttl")
    before = sorted(p.name for p in folder.iterdir())
    skipped = {f"warning: {folder / name}: not a regular file; skipped" for name in ("pipe.ttl", "zero.ttl")}
    for command in (["export", "--data", folder, "--format", "nt"], ["validate", folder], ["fmt", folder]):
        run = zjkg(*command)
        assert run.returncode in (0, 1), run.stderr  # validate: the lone triple may not conform
        no_traceback(run)
        assert skipped <= set(run.stderr.splitlines()), run.stderr
    assert f"<{EX}s> <{EX}p> <{EX}o> .\n" in zjkg("export", "--data", folder, "--format", "nt").stdout
    assert sorted(p.name for p in folder.iterdir()) == before
    assert stat.S_ISFIFO((folder / "pipe.ttl").stat().st_mode)


# --- 6: text output escapes control characters from the data ---------------------------------------

HOSTILE_LITERAL = "clear\\u001B[2Jscreen\\n::error file=README.md,line=1::fake\\u202Eevil"


def test_text_output_escapes_control_characters_from_the_data(tmp_path: Path) -> None:
    data = f'ex:thing a ex:Thing ; ex:name "{HOSTILE_LITERAL}" .\n'
    shapes = "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:name ; sh:maxLength 3 ] .\n"
    run = validate_case(tmp_path, (data, shapes))
    query = tmp_path / "names.rq"
    query.write_text(f"SELECT ?name WHERE {{ ?s <{EX}name> ?name }}\n")
    table = zjkg("query", query, "--data", tmp_path / "data.ttl")
    assert run.returncode == 1, run.stderr
    assert table.returncode == 0, table.stderr
    for output in (run.stdout, table.stdout):
        assert "clear\\x1b[2Jscreen\\n::error file=README.md,line=1::fake\\u202eevil" in output
        assert not any(line.startswith("::error") for line in output.splitlines())
        assert "\x1b" not in output
        assert "\u202e" not in output


# --- 7: the cost items ----------------------------------------------------------------------------


def test_long_iris_cost_linear_memory_in_the_lexer(tmp_path: Path) -> None:
    """A 10 MB IRI once took the lexer 1.7 GB; a 1 GiB address space is now plenty (fmt reads
    it through the lexer and the parser, check through the source map too)."""
    document = tmp_path / "long.ttl"
    document.write_text(f"<{EX}s> <{EX}p> <{EX}{'x' * 10_000_000}> .\n")
    for command in (["fmt", "--check", document], ["check", document, "--skip", "evidence", "--format", "json"]):
        run = zjkg(*command, memory=1 << 30)
        no_traceback(run)
        assert run.returncode in (0, 1), run.stderr
    assert document.stat().st_size > 10_000_000  # unchanged


def test_a_huge_decimal_parameter_is_refused() -> None:
    mini = ROOT / "tests" / "fixtures" / "mini"
    query = [
        mini / "queries" / "figures-above.rq",
        "--data",
        mini / "data",
        "--ontology",
        mini / "ontology" / "mini.ttl",
    ]
    for value, kind in (("1e999999999", "decimal"), ("9" * 101, "decimal")):
        run = zjkg("query", *query, "-p", f"min={value}", memory=1 << 30)
        assert run.returncode == 2
        assert error_line(run) == (
            f"Error: query 'figures-above', parameter 'min': a {kind} of more than 100 digits written out is refused "
            f"(type: {kind}, got {value!r})"
        )
    run = zjkg("query", *query, "-p", "min=1e50", "--format", "csv")
    assert run.returncode == 0, run.stderr


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    document = tmp_path / "bom.ttl"
    document.write_bytes(b"\xef\xbb\xbf" + f"<{EX}s> <{EX}p> <{EX}o> .\n".encode())
    query = tmp_path / "bom.rq"
    query.write_bytes(b"\xef\xbb\xbf" + f"SELECT ?o WHERE {{ <{EX}s> <{EX}p> ?o }}\n".encode())
    export = zjkg("export", "--data", document, "--format", "nt")
    assert export.returncode == 0, export.stderr
    assert f"<{EX}s> <{EX}p> <{EX}o> .\n" in export.stdout
    answer = zjkg("query", query, "--data", document, "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.split() == ["o", f"{EX}o"]
    assert zjkg("diff", document, document).returncode == 0
    triples = tmp_path / "bom.nt"
    triples.write_bytes(document.read_bytes())
    run = zjkg("export", "--data", triples, "--format", "nt")  # the bulk loader's path for N-Triples
    assert run.returncode == 0, run.stderr
    assert f"<{EX}s> <{EX}p> <{EX}o> .\n" in run.stdout
    check = zjkg("fmt", "--check", document)
    assert check.returncode == 1  # the canonical layout has no byte order mark
    assert check.stdout.startswith(f"would reformat {document} (from line 1)")
    assert zjkg("fmt", document).returncode == 0
    assert document.read_bytes() == f"<{EX}s> <{EX}p> <{EX}o> .\n".encode()


def test_a_json_ld_list_costs_what_its_triples_cost(tmp_path: Path) -> None:
    """A 40,000-item ``@list`` (80,000 triples) validates and exports in a 1 GiB address space."""
    document = tmp_path / "list.jsonld"
    items = [f"item {i}" for i in range(40_000)]
    document.write_text(json.dumps({"@id": f"{EX}s", f"{EX}p": {"@list": items}}))
    out = tmp_path / "list.nt"
    for command in (["validate", document], ["export", "--data", document, "--format", "nt", "-o", out]):
        run = zjkg(*command, memory=1 << 30)
        no_traceback(run)
        assert run.returncode in (0, 1), run.stderr
    assert out.read_text().count('"item ') == 40_000


class DigestStore:
    """A Graph Store on 127.0.0.1 that demands a Digest login and, like Virtuoso, answers a request
    without one at once, closing the connection on a body it has not read."""

    REALM = "store"
    NONCE = "5ccc069c403ebaf9f0171e9517f40e41"

    def __init__(self, user: str, password: str) -> None:
        self.graphs: dict[str, bytes] = {}
        self.writes: list[tuple[str, int]] = []
        ha1 = hashlib.md5(f"{user}:{self.REALM}:{password}".encode()).hexdigest()
        store = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _authorised(self) -> bool:
                header = self.headers.get("Authorization") or ""
                if not header.startswith("Digest "):
                    return False
                fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(header[7:]))
                ha2 = hashlib.md5(f"{self.command}:{fields.get('uri')}".encode()).hexdigest()
                parts = [ha1, fields.get("nonce"), fields.get("nc"), fields.get("cnonce"), fields.get("qop"), ha2]
                expected = hashlib.md5(":".join(map(str, parts)).encode()).hexdigest()
                return fields.get("response") == expected

            def _any(self) -> None:
                if not self._authorised():
                    challenge = f'Digest realm="{store.REALM}", nonce="{store.NONCE}", qop="auth"'
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", challenge)
                    self.send_header("Content-Length", "0")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    return
                graph = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("graph", ["default"])[0]
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.command in ("PUT", "POST"):
                    store.writes.append((self.command, len(body)))
                    store.graphs[graph] = (store.graphs.get(graph, b"") if self.command == "POST" else b"") + body
                    reply, status = b"", 204
                elif self.command == "DELETE":
                    store.graphs.pop(graph, None)
                    reply, status = b"", 204
                elif graph in store.graphs:
                    reply, status = store.graphs[graph], 200
                else:
                    reply, status = b"", 404
                self.send_response(status)
                self.send_header("Content-Type", "application/n-triples")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            do_GET = do_PUT = do_POST = do_DELETE = _any

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/store"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_large_graph_reaches_a_digest_store_whole_in_one_request(tmp_path: Path) -> None:
    store = DigestStore("zjkg", "secret")
    try:
        run = zjkg(
            "load",
            "--endpoint",
            store.url,
            "--replace",
            "--retries",
            "0",
            *_big_graph(tmp_path, 1),
            env={"ZJKG_USER": "zjkg", "ZJKG_PASSWORD": "secret"},
        )
    finally:
        store.close()
    assert run.returncode == 0, run.stderr
    data = [size for method, size in store.writes if size > 128 * 1024]
    assert len(data) == 1  # the data graph, over 128 KiB, in one request
    assert [method for method, _size in store.writes] == ["PUT"] * len(store.writes)
    assert store.graphs[G_DATA].count(b"\n") == 4000
