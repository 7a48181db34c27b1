"""Hostile input, tried as a new user and as an attacker would: every item of issue 11 through the CLI.

Each case runs ``zjkg`` in a child process, bounded in time (the subprocess time-out fails the
test instead of hanging it) and in memory (a 2 GiB address-space limit), and checks the exit
code, the one-line error (or the correct output), and that nothing was sent or written that
should not be: a socket the test listens on must see no connection, a file's content must not be
echoed, no file may change, no temporary file or store may be left behind. The regression tests
beside the code (tests/ttl, tests/rdfio, tests/reports, tests/checks...) test the same items
through the library; these are the attacker's view.

Issue 11 item → test(s) here:

====  ===================================================================================
 1    test_fmt_and_check_return_on_blank_node_shapes (unreferenced, [], shared, collection)
 2    test_load_with_shapes_replace_succeeds_on_lists_and_blank_nodes
 3    test_query_all_answers_from_the_store_path_given
 4    test_nested_results_are_not_violations_and_warnings_make_conforms_false
 5    test_derived_datatypes_pass_on_both_engines,
      test_blank_node_labels_of_two_files_stay_two_nodes
 6    test_fmt_keeps_the_comment_above_iris_the_source_map_once_misread
 7    test_fmt_keeps_relative_iris_and_refuses_n_triples
 8    test_line_separators_in_literals_survive_export
 9    test_rdf_xml_that_xml_cannot_hold_is_refused_and_not_written
10    test_lexical_forms_are_kept_and_both_engines_write_the_same_bytes
11    test_long_lists_and_deep_nesting_export_within_the_bound
12    test_billion_laughs_is_refused_within_the_memory_bound
13    test_service_is_refused_everywhere_and_nothing_is_sent,
      test_the_word_service_in_strings_comments_iris_and_names_is_not_a_clause,
      test_allow_network_lets_service_call_out_and_the_time_limit_bounds_the_wait
14    test_a_runaway_local_query_stops_at_the_time_limit, test_ctrl_c_stops_a_runaway_query_on_oxigraph,
      test_validate_and_export_stop_at_the_time_limit, test_ctrl_c_stops_validate_and_export,
      test_a_remote_query_that_times_out_is_sent_once
15    test_a_literal_over_16_mib_is_one_line_for_every_command,
      test_deep_nesting_is_one_answer_for_diff_fmt_and_export, test_an_ill_typed_literal_is_no_traceback,
      test_a_malformed_endpoint_is_a_one_line_input_error,
      test_a_usage_error_is_one_line_with_a_hint_for_every_command, test_an_unknown_command_is_one_line_with_a_hint
16    test_serve_stops_its_server_and_removes_its_store_on_a_signal, test_the_server_dies_with_serve_even_on_sigkill
17    test_a_full_disk_keeps_the_old_file_for_every_writer (a real EFBIG from RLIMIT_FSIZE in the child)
18    test_https_to_a_plain_http_port_says_so_at_once, test_a_file_endpoint_is_refused_without_reading_the_file,
      test_inverse_paths_print_the_same_on_every_run, test_the_oxigraph_engine_refuses_owl_imports_of_a_url,
      test_allow_network_follows_imports_and_contexts_on_both_engines,
      test_an_import_that_never_answers_is_one_line_within_the_bound,
      test_diagram_without_graphviz_writes_nothing, test_an_empty_data_file_is_named_in_a_warning,
      test_the_readme_query_commands_run
====  ===================================================================================
"""

from __future__ import annotations

import http.server
import os
import re
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
from typing import Any, ClassVar

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


def zjkg(
    *args: object, timeout: float = BOUND, env: dict[str, str] | None = None, file_size: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``zjkg ARGS`` in a child process with the time and memory bounds.

    ``file_size`` caps every file the child writes (RLIMIT_FSIZE): a write past it fails with
    EFBIG, as a full disk fails with ENOSPC (Python ignores the SIGXFSZ that comes with it).
    """

    def limits() -> None:
        _limit_memory()
        if file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return subprocess.run(
        [sys.executable, "-m", "zhangjiang_kg", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
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


# --- hostile files: shared helpers --------------------------------------------------------------

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = (
    f"@prefix ex: <{EX}> .\n@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix xsd: <{XSD}> .\n"
    "@prefix zjo: <https://w3id.org/zhangjiang-kg/ontology#> .\n"
)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _graph(text: str, fmt: str = "turtle") -> Any:
    from rdflib import Graph

    return Graph().parse(data=text, format=fmt)


def _nested(depth: int) -> str:
    return f"<{EX}s> <{EX}p> " + f"[ <{EX}p> " * depth + '"end"' + " ]" * depth + " .\n"


def _listed(items: int) -> str:
    return f"<{EX}s> <{EX}p> (" + " ".join(f'"{i}"' for i in range(items)) + ") .\n"


# --- 1: blank nodes that once made fmt and check loop forever ------------------------------------

BLANK_NODE_SHAPES = {
    "unreferenced label": "_:a <{ex}p> <{ex}o> .\n",
    "anonymous subject": "[] <{ex}p> <{ex}o> .\n",
    "shared": "<{ex}s> <{ex}p> _:b .\n<{ex}t> <{ex}p> _:b .\n_:b <{ex}p> <{ex}o> .\n",
    "collection as subject": "(<{ex}a> <{ex}b>) <{ex}p> <{ex}o> .\n",
}


@pytest.mark.parametrize("case", sorted(BLANK_NODE_SHAPES))
def test_fmt_and_check_return_on_blank_node_shapes(case: str, tmp_path: Path) -> None:
    from rdflib.compare import isomorphic

    text = BLANK_NODE_SHAPES[case].format(ex=EX)
    path = _write(tmp_path, "bn.ttl", text)
    run = zjkg("fmt", path)
    assert run.returncode == 0, run.stderr
    assert isomorphic(_graph(path.read_text(encoding="utf-8")), _graph(text))
    check = zjkg("check", path, "--skip", "evidence", "--skip", "ontology-quality", "--format", "json")
    assert check.returncode == 0, check.stdout + check.stderr


# --- 2, 3: loading a store and querying the store given ------------------------------------------


def test_load_with_shapes_replace_succeeds_on_lists_and_blank_nodes(oxigraph_server, tmp_path: Path) -> None:
    data = _write(tmp_path, "lists.ttl", _listed(1000) + f"[] <{EX}p> [ <{EX}p> 1 ] .\n")
    run = zjkg("load", "--endpoint", oxigraph_server.store_url, "--replace", "--with-shapes", "--data", data)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "MISMATCH" not in run.stdout
    counts = [line for line in run.stdout.splitlines() if " sent " in line]
    assert len(counts) >= 3  # ontology, data, shapes (and background)
    assert all(line.endswith("  ok") for line in counts), run.stdout


def test_query_all_answers_from_the_store_path_given(tmp_path: Path) -> None:
    platform = _write(
        tmp_path,
        "one.ttl",
        PREFIXES + "<https://w3id.org/zhangjiang-kg/id/only-here> a zjo:Platform ; "
        '<http://www.w3.org/2000/01/rdf-schema#label> "only here"@en ; zjo:status zjo:Planned .\n',
    )
    store = tmp_path / "store"
    assert zjkg("load", "--store-path", store, "--data", platform).returncode == 0
    run = zjkg("query", "--all", "--store-path", store)
    no_traceback(run)
    section = run.stdout.split("== platforms:", 1)[1].split("\n== ", 1)[0]
    assert "zj:only-here" in section
    assert "zj:big-data-service-platform" not in section  # not the packaged graph


# --- 4: nested SHACL results, sh:conforms with warnings -----------------------------------------

NESTED = (
    'ex:alice a ex:Person ; ex:address ex:home .\nex:home ex:street "Main" .\n',
    "ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;\n"
    "    sh:property [ sh:path ex:address ; sh:node ex:AddressShape ] .\n"
    "ex:AddressShape a sh:NodeShape ; sh:property [ sh:path ex:city ; sh:minCount 1 ] .\n",
)
WARNING_ONLY = (
    "ex:alice a ex:Person .\n",
    "ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;\n"
    "    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:severity sh:Warning ] .\n",
)


def _validate(tmp_path: Path, case: tuple[str, str], *args: object) -> subprocess.CompletedProcess[str]:
    data = _write(tmp_path, "data.ttl", PREFIXES + case[0])
    shapes = _write(tmp_path, "shapes.ttl", PREFIXES + case[1])
    (tmp_path / "no-queries").mkdir(exist_ok=True)
    return zjkg("validate", data, "--shapes", shapes, "--queries", tmp_path / "no-queries", *args)


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_nested_results_are_not_violations_and_warnings_make_conforms_false(engine: str, tmp_path: Path) -> None:
    import json

    from rdflib import Literal, URIRef

    nested = _validate(tmp_path, NESTED, "--engine", engine, "--format", "json")
    assert nested.returncode == 1
    assert json.loads(nested.stdout)["violations"] == 1  # the sh:node result, not its sh:detail
    warned = _validate(tmp_path, WARNING_ONLY, "--engine", engine, "--format", "turtle")
    assert warned.returncode == 0  # warnings alone do not fail the command...
    conforms = URIRef("http://www.w3.org/ns/shacl#conforms")
    assert list(_graph(warned.stdout).objects(None, conforms)) == [Literal(False)]  # ...but do not conform


# --- 5: the engines agree -----------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_derived_datatypes_pass_on_both_engines(engine: str, tmp_path: Path) -> None:
    case = (
        'ex:alice a ex:Person ; ex:age "42"^^xsd:nonNegativeInteger ; ex:level "3"^^xsd:byte ; '
        'ex:seen "2017-12-07T00:00:00Z"^^xsd:dateTimeStamp .\n',
        "ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;\n"
        "    sh:property [ sh:path ex:age ; sh:datatype xsd:nonNegativeInteger ] ,\n"
        "        [ sh:path ex:level ; sh:datatype xsd:byte ] , [ sh:path ex:seen ; sh:datatype xsd:dateTimeStamp ] .\n",
    )
    run = _validate(tmp_path, case, "--engine", engine)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_blank_node_labels_of_two_files_stay_two_nodes(engine: str, tmp_path: Path) -> None:
    one = _write(tmp_path, "one.ttl", f'_:a <{EX}p> "from one" .\n')
    two = _write(tmp_path, "two.nt", f'_:a <{EX}p> "from two" .\n')
    count = _query_file(tmp_path, "count", f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{EX}p> ?o }}\n")
    run = zjkg("query", count, "--data", one, "--data", two, "--engine", engine, "--format", "csv")
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["n", "2"]


# --- 6, 7: fmt reads IRIs as the parser does, and writes what it read -----------------------------

MISREAD = {
    "prefix ending in # under @base": (
        '@base <http://example.org/dir/> .\n@prefix e: <#> .\n\n# about it\ne:s e:p "1" .\n'
    ),
    "\\u escape in an IRI": '# about it\n<http://example.org/caf\\u00E9> <http://example.org/p> "1" .\n',
    "prefix named base": '@prefix base: <http://example.org/b#> .\n\n# about it\nbase:s base:p "1" .\n',
}


@pytest.mark.parametrize("case", sorted(MISREAD))
def test_fmt_keeps_the_comment_above_iris_the_source_map_once_misread(case: str, tmp_path: Path) -> None:
    path = _write(tmp_path, "case.ttl", MISREAD[case])
    run = zjkg("fmt", path)
    assert run.returncode == 0, run.stderr
    assert "# about it\n" in path.read_text(encoding="utf-8")


def test_fmt_keeps_relative_iris_and_refuses_n_triples(tmp_path: Path) -> None:
    relative = _write(tmp_path, "relative.ttl", "<b>   <p> <../c> .\n<a> <p> <#d> .\n")
    run = zjkg("fmt", relative)
    assert run.returncode == 0, run.stderr
    text = relative.read_text(encoding="utf-8")
    assert "file:" not in text
    assert "<../c>" in text
    triples = _write(tmp_path, "plain.nt", f"<{EX}s> <{EX}p> <{EX}o> .\n")
    refused = zjkg("fmt", triples)
    assert refused.returncode == 2
    assert "is N-Triples, not Turtle" in error_line(refused)
    assert triples.read_text(encoding="utf-8") == f"<{EX}s> <{EX}p> <{EX}o> .\n"


# --- 8-11: export keeps every literal, refuses what XML cannot hold, stays near-linear -----------

LINE_SEPARATORS = "a\u000bb\u000cc\u001cd\u001de\u001ef\u0085g\u2028h\u2029i"


@pytest.mark.parametrize("fmt", ["nt", "nquads", "trig"])
@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_line_separators_in_literals_survive_export(fmt: str, engine: str, tmp_path: Path) -> None:
    import pyoxigraph as ox

    escaped = "".join(f"\\u{ord(c):04X}" if ord(c) > 0x7A or ord(c) < 0x20 else c for c in LINE_SEPARATORS)
    data = _write(tmp_path, "seps.ttl", f'<{EX}s> <{EX}p> "{escaped}" .\n')
    out = tmp_path / f"out.{fmt}"
    run = zjkg("export", "--data", data, "--graph", "data", "--format", fmt, "--engine", engine, "-o", out)
    assert run.returncode == 0, run.stderr
    syntax = {"nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[fmt]
    values = [q.object.value for q in ox.parse(path=str(out), format=syntax)]
    assert values == [LINE_SEPARATORS]


def test_rdf_xml_that_xml_cannot_hold_is_refused_and_not_written(tmp_path: Path) -> None:
    data = _write(tmp_path, "control.ttl", f'<{EX}s> <{EX}p> "bell\\u0007" .\n')
    out = _write(tmp_path, "out.rdf", "old\n")
    for engine in ("rdflib", "oxigraph"):
        run = zjkg("export", "--data", data, "--format", "xml", "--engine", engine, "-o", out)
        assert run.returncode == 2
        assert "XML" in error_line(run)
    assert files_in(tmp_path) == {"control.ttl": data.read_bytes(), "out.rdf": b"old\n"}


def test_lexical_forms_are_kept_and_both_engines_write_the_same_bytes(tmp_path: Path) -> None:
    forms = ['"01"^^xsd:integer', '"+1"^^xsd:integer', '"1"^^xsd:integer', '"1.0"^^xsd:decimal', '"1"^^xsd:byte']
    data = _write(tmp_path, "forms.ttl", PREFIXES + "".join(f"ex:s ex:p {form} .\n" for form in forms))
    outputs = {}
    for engine in ("rdflib", "oxigraph"):
        run = zjkg("export", "--data", data, "--graph", "data", "--format", "nt", "--engine", engine)
        assert run.returncode == 0, run.stderr
        outputs[engine] = run.stdout
    assert outputs["rdflib"] == outputs["oxigraph"]
    assert len(outputs["rdflib"].splitlines()) == 5
    for lexical in ('"01"', '"+1"', '"1"^^', '"1.0"', f'"1"^^<{XSD}byte>'):
        assert lexical in outputs["rdflib"]


@pytest.mark.parametrize("shape", ["3000-item list", "depth 2000"])
def test_long_lists_and_deep_nesting_export_within_the_bound(shape: str, tmp_path: Path) -> None:
    """Before: 3000 items took over two minutes, depth 2000 a RecursionError. The bound is the
    subprocess time-out; how fast is the benchmarks' business."""
    data = _write(tmp_path, "chain.ttl", _listed(3000) if shape.endswith("list") else _nested(2000))
    outputs = []
    for engine in ("rdflib", "oxigraph"):
        run = zjkg("export", "--data", data, "--graph", "data", "--format", "turtle", "--engine", engine)
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert len(_graph(outputs[0], "turtle")) == (6001 if shape.endswith("list") else 2001)


# --- 12: billion laughs ------------------------------------------------------------------------

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY a "hahahahahahahahahahaha">\n'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8))
    + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
    '<rdf:Description rdf:about="http://example.org/s"><ex:p>&i;</ex:p></rdf:Description>\n</rdf:RDF>\n'
)


@pytest.mark.parametrize("command", [["query", "platforms", "--data"], ["export", "--data"], ["validate"], ["diff"]])
def test_billion_laughs_is_refused_within_the_memory_bound(command: list[str], tmp_path: Path) -> None:
    laughs = _write(tmp_path, "laughs.rdf", LAUGHS)
    args = [*command, laughs, laughs] if command == ["diff"] else [*command, laughs]
    run = zjkg(*args)
    assert run.returncode == 2
    assert "DTD entity declarations are refused" in error_line(run)


# --- 14: validate and export on a runaway or a big graph ------------------------------------------


@pytest.fixture(scope="module")
def big_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300,000 triples of N-Triples: seconds to load and export on Oxigraph."""
    from zhangjiang_kg.synth import synthesise

    path = tmp_path_factory.mktemp("big") / "big.nt"
    synthesise(path, 300_000)
    return path


def _runaway_checks(folder: Path) -> Path:
    _query_file(folder / "checks", "runaway-violation", RUNAWAY)
    return folder / "checks"


def test_validate_and_export_stop_at_the_time_limit(big_graph: Path, tmp_path: Path) -> None:
    run = zjkg("validate", "--queries", _runaway_checks(tmp_path), "--timeout", "1")
    assert run.returncode == 1
    assert error_line(run) == "Error: validation did not finish within 1 s (--timeout); abandoned"
    out = tmp_path / "out.ttl"
    exported = zjkg("export", "--data", big_graph, "--engine", "oxigraph", "--timeout", "1", "-o", out)
    assert exported.returncode == 1
    assert error_line(exported) == "Error: export did not finish within 1 s (--timeout); abandoned"
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["checks"]  # no temporary file either


def _interrupted(args: list[object], after: float) -> tuple[int, str]:
    """Start ``zjkg ARGS``, send SIGINT after ``after`` seconds; the exit status and stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "zhangjiang_kg", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        preexec_fn=_limit_memory,
    )
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=after)  # still working when the signal comes
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=BOUND)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, err


def test_ctrl_c_stops_validate_and_export(big_graph: Path, tmp_path: Path) -> None:
    """Before: SIGINT waited for Oxigraph's evaluation (or bulk load) to return, minutes on a runaway."""
    validating = _interrupted(["validate", "--queries", _runaway_checks(tmp_path)], after=4)
    out = tmp_path / "out.ttl"
    exporting = _interrupted(["export", "--data", big_graph, "--engine", "oxigraph", "-o", out], after=2)
    for status, err in (validating, exporting):
        assert status == 130
        assert err.strip() == "Error: interrupted (Ctrl-C)"
    assert not out.exists()


# --- 15: a literal over 16 MiB, deep nesting, ill-typed literals ---------------------------------


@pytest.fixture(scope="module")
def huge_literal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("huge") / "huge.ttl"
    path.write_text(f'<{EX}s> <{EX}p> "' + "x" * (17 << 20) + '" .\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["query", "platforms", "--data"],
        ["query", "platforms", "--engine", "oxigraph", "--data"],
        ["validate"],
        ["export", "--data"],
        ["stats", "--data"],
        ["fmt"],
        ["diff", "{small}"],
    ],
    ids=lambda c: " ".join(w for w in c if not w.startswith(("-", "{"))),
)
def test_a_literal_over_16_mib_is_one_line_for_every_command(
    command: list[str], huge_literal: Path, tmp_path: Path
) -> None:
    small = _write(tmp_path, "small.ttl", f'<{EX}s> <{EX}p> "x" .\n')
    before = huge_literal.read_bytes()
    run = zjkg(*[str(small) if word == "{small}" else word for word in command], huge_literal)
    assert run.returncode == 2
    line = error_line(run)
    assert "huge.ttl" in line
    assert "16" in line  # "16 MiB" or the parser's 16777216
    assert huge_literal.read_bytes() == before


def test_check_reports_a_literal_over_16_mib_as_a_finding(huge_literal: Path) -> None:
    run = zjkg("check", huge_literal, "--skip", "evidence", "--format", "json")
    assert run.returncode == 2
    no_traceback(run)
    assert '"rule": "syntax"' in run.stdout


@pytest.mark.parametrize("command", ["diff", "fmt", "export"])
def test_deep_nesting_is_one_answer_for_diff_fmt_and_export(command: str, tmp_path: Path) -> None:
    deep = _write(tmp_path, "deep.ttl", _nested(2500))
    small = _write(tmp_path, "small.ttl", f'<{EX}s> <{EX}p> "x" .\n')
    args = {"diff": ["diff", small, deep], "fmt": ["fmt", deep], "export": ["export", "--data", deep]}[command]
    run = zjkg(*args)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stderr == ""
    if command == "fmt":
        assert len(_graph(deep.read_text(encoding="utf-8"))) == 2501


@pytest.mark.parametrize("command", [["query", "platforms", "--data"], ["export", "--data"], ["validate"]])
def test_an_ill_typed_literal_is_no_traceback(command: list[str], tmp_path: Path) -> None:
    data = _write(tmp_path, "ill.ttl", f'<{EX}s> <{EX}p> "abc"^^<{XSD}integer> .\n')
    run = zjkg(*command, data)
    assert run.returncode in (0, 1)  # validate: the data alone breaks the packaged shapes
    assert run.stderr == ""  # rdflib once logged a conversion traceback here
    if command[0] == "export":
        assert '"abc"^^xsd:integer' in run.stdout


# --- 17: a full disk ---------------------------------------------------------------------------


#: Command (``{d}``: the test's folder) and the file it writes, which holds "old" before the run.
FULL_DISK_WRITERS = {
    "export": ("export -o {d}/out.ttl", "out.ttl"),
    "synth": ("synth -n 1000 -o {d}/out.nt", "out.nt"),
    "fmt": ("fmt {d}/messy.ttl", "messy.ttl"),
    "check --output": ("check {d}/messy.ttl --skip evidence --skip format --format json -o {d}/out.json", "out.json"),
    "validate --output": ("validate --format json -o {d}/out.json", "out.json"),
    "diagram": ("diagram --output {d}/img", "img/ontology.dot"),
}


@pytest.mark.parametrize("name", sorted(FULL_DISK_WRITERS))
def test_a_full_disk_keeps_the_old_file_for_every_writer(name: str, tmp_path: Path) -> None:
    """Each file may grow to 4 KiB in the child (RLIMIT_FSIZE); every writer writes more."""
    command, target = FULL_DISK_WRITERS[name]
    messy = "".join(f'<{EX}s{i:04}>   <{EX}p> "{i}" .\n' for i in range(200, 0, -1))
    _write(tmp_path, "messy.ttl", messy)
    (tmp_path / target).parent.mkdir(exist_ok=True)
    if target != "messy.ttl":
        (tmp_path / target).write_bytes(b"old\n")
    before = files_in(tmp_path)
    run = zjkg(*command.format(d=tmp_path).split(), file_size=4096)
    assert run.returncode == 2, run.stdout + run.stderr
    assert error_line(run) == f"Error: {tmp_path / target}: cannot write: File too large"
    assert files_in(tmp_path) == before  # the old file whole, no temporary file left


# --- 18: the smaller items ----------------------------------------------------------------------


def test_inverse_paths_print_the_same_on_every_run(tmp_path: Path) -> None:
    case = ("ex:alice a ex:Person .\n", "ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;\n"
            "    sh:property [ sh:path [ sh:inversePath ex:knows ] ; sh:minCount 1 ] .\n")  # fmt: skip
    for fmt in ("text", "json"):
        runs = [_validate(tmp_path, case, "--format", fmt) for _ in range(2)]
        texts = [run.stdout for run in runs]
        if fmt == "json":
            texts = [re.sub(r'"seconds": [0-9.e-]+', "", text) for text in texts]
        assert texts[0] == texts[1]
        assert "_:" not in texts[0]
        assert f"^<{EX}knows>" in texts[0]


class _Documents(http.server.BaseHTTPRequestHandler):
    """Serves a JSON-LD context and an ontology to import; counts the requests."""

    requests: ClassVar[list[str]] = []
    BODIES: ClassVar[dict[str, tuple[str, bytes]]] = {
        "/context.jsonld": (
            "application/ld+json",
            b'{"@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"}}',
        ),
        "/onto.ttl": (
            "text/turtle",
            f'<{EX}imported> <http://www.w3.org/2000/01/rdf-schema#label> "imported" .\n'.encode(),
        ),
    }

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        media, body = self.BODIES.get(self.path, ("text/plain", b""))
        self.send_response(200 if self.path in self.BODIES else 404)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def documents() -> Iterator[str]:
    """The base URL of a server on 127.0.0.1 with a context and an ontology; requests are counted."""
    _Documents.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Documents)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_allow_network_follows_imports_and_contexts_on_both_engines(
    engine: str, documents: str, tmp_path: Path
) -> None:
    """Refused without --allow-network (nothing requested), followed with it, on either engine."""
    context = _write(
        tmp_path, "data.jsonld", f'{{"@context": "{documents}/context.jsonld", "@id": "{EX}x", "label": "hello"}}'
    )
    imports = _write(
        tmp_path, "imports.ttl", f"<{EX}x> <http://www.w3.org/2002/07/owl#imports> <{documents}/onto.ttl> .\n"
    )
    labels = _query_file(
        tmp_path, "labels", "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l\n"
    )
    base = ["query", labels, "--engine", engine, "--format", "csv", "--ontology", imports, "--data", context]
    refused = zjkg(*base)
    assert refused.returncode == 2
    assert "would fetch from the network" in error_line(refused) or "would be fetched" in error_line(refused)
    assert _Documents.requests == []
    followed = zjkg(*base, "--allow-network")
    assert followed.returncode == 0, followed.stderr
    assert followed.stdout.split() == ["l", "hello", "imported"]
    assert sorted(set(_Documents.requests)) == ["/context.jsonld", "/onto.ttl"]


def test_an_import_that_never_answers_is_one_line_within_the_bound(listener: Listener, tmp_path: Path) -> None:
    data = _write(tmp_path, "imports.ttl", f"<{EX}x> <http://www.w3.org/2002/07/owl#imports> <{listener.url}> .\n")
    run = zjkg("query", "platforms", "--data", data, "--engine", "oxigraph", "--allow-network")
    assert run.returncode == 2
    assert error_line(run) == f"Error: {data}: owl:imports <{listener.url}>: no answer within 15 s"
    assert listener.connections == 1


def test_diagram_without_graphviz_writes_nothing(tmp_path: Path) -> None:
    pictures = tmp_path / "img"
    run = zjkg("diagram", "--output", pictures, env={"PATH": str(tmp_path)})  # no `dot` on this PATH
    assert run.returncode == 1
    assert "Graphviz's `dot` is not installed" in error_line(run)
    assert files_in(tmp_path) == {}


def test_an_empty_data_file_is_named_in_a_warning(tmp_path: Path) -> None:
    empty = _write(tmp_path, "empty.ttl", "# nothing here yet\n@prefix ex: <http://example.org/> .\n")
    warning = (
        f"warning: {empty}: holds no statements (empty, or only comments and prefixes); nothing was loaded from it"
    )
    for engine in ("rdflib", "oxigraph"):
        run = zjkg("query", "platforms", "--data", empty, "--engine", engine)
        assert run.returncode == 0
        assert run.stderr.splitlines() == [warning]
    check = zjkg("check", empty, "--skip", "evidence", "--skip", "format", "--format", "json")
    assert check.returncode == 0, check.stdout
    assert '"rule": "empty-file"' in check.stdout


README_QUERIES = [
    line.split("#", 1)[0].split()[1:]
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    if line.startswith("zjkg query ")
    and not any(w in line for w in (".rq", "--endpoint", "--data", "--store-path", "..."))
]


@pytest.mark.parametrize("args", README_QUERIES, ids=" ".join)
def test_the_readme_query_commands_run(args: list[str]) -> None:
    """Four README examples once ran ``zjkg query funds``, a query that does not exist."""
    run = zjkg(*args)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
