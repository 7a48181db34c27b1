"""Hostile input, tried as a new user and as an attacker would: every item of issue 11 through the CLI.

Each case runs ``zjkg`` in a child process, bounded in time (the subprocess time-out fails the
test instead of hanging it) and in memory (a 2 GiB address-space limit), and checks the exit
code, the one-line error (or the correct output), and that nothing was sent or written that
should not be: a socket the test listens on must see no connection, a file's content must not be
echoed, no file may change, no temporary file or store may be left behind. The regression tests
beside the code (tests/ttl, tests/rdfio, tests/reports, tests/checks...) test the same items
through the library; these are the attacker's view.

The cases live in three modules: this one (network, signals, time limits; ``main`` below),
``test_hostile_files.py`` (``files``: what a hostile file does to fmt, check, load, query, validate
and export) and ``test_hostile_limits.py`` (``limits``: parser limits, a full disk, the small items);
``hostile_run.py`` runs the child processes. The second round (issue 20: writes to what is not a
regular file, signals during ``load``, deep queries and JSON, bounded HTTP reads, control characters
in text output, the cost items) is ``test_hostile_faults.py``, with its own table. Issue 11 item → test(s):

====  =======  ===========================================================================
item  module   tests
====  =======  ===========================================================================
 1    files    test_fmt_and_check_return_on_blank_node_shapes (unreferenced, [], shared, collection)
 2    files    test_load_with_shapes_replace_succeeds_on_lists_and_blank_nodes
 3    files    test_query_all_answers_from_the_store_path_given
 4    files    test_nested_results_are_not_violations_and_warnings_make_conforms_false
 5    files    test_derived_datatypes_pass_on_both_engines, test_blank_node_labels_of_two_files_stay_two_nodes
 6    files    test_fmt_keeps_the_comment_above_iris_the_source_map_once_misread
 7    files    test_fmt_keeps_relative_iris_and_refuses_n_triples
 8    files    test_line_separators_in_literals_survive_export
 9    files    test_rdf_xml_that_xml_cannot_hold_is_refused_and_not_written
10    files    test_lexical_forms_are_kept_and_both_engines_write_the_same_bytes
11    files    test_long_lists_and_deep_nesting_export_within_the_bound
12    files    test_billion_laughs_is_refused_within_the_memory_bound (query, export, validate, diff)
13    main     test_service_is_refused_everywhere_and_nothing_is_sent,
               test_the_word_service_in_strings_comments_iris_and_names_is_not_a_clause,
               test_allow_network_lets_service_call_out_and_the_time_limit_bounds_the_wait
14    main     test_a_runaway_local_query_stops_at_the_time_limit, test_ctrl_c_stops_a_runaway_query_on_oxigraph,
               test_validate_and_export_stop_at_the_time_limit, test_ctrl_c_stops_validate_check_and_export,
               test_a_remote_query_that_times_out_is_sent_once
15    limits   test_a_literal_over_16_mib_is_one_line_for_every_command,
               test_check_reports_a_literal_over_16_mib_as_a_finding,
               test_deep_nesting_is_one_answer_for_diff_fmt_and_export, test_an_ill_typed_literal_is_no_traceback
15    main     test_a_malformed_endpoint_is_a_one_line_input_error,
               test_a_usage_error_is_one_line_with_a_hint_for_every_command,
               test_an_unknown_command_is_one_line_with_a_hint
16    main     test_serve_stops_its_server_and_removes_its_store_on_a_signal,
               test_the_server_dies_with_serve_even_on_sigkill
17    limits   test_a_full_disk_keeps_the_old_file_for_every_writer (a real EFBIG: RLIMIT_FSIZE in the child)
18    main     test_https_to_a_plain_http_port_says_so_at_once,
               test_a_file_endpoint_is_refused_without_reading_the_file,
               test_the_oxigraph_engine_refuses_owl_imports_of_a_url,
               test_allow_network_follows_imports_and_contexts_on_both_engines,
               test_an_import_that_never_answers_is_one_line_within_the_bound
18    limits   test_inverse_paths_print_the_same_on_every_run, test_diagram_without_graphviz_writes_nothing,
               test_an_empty_data_file_is_named_in_a_warning, test_the_readme_query_commands_run
====  =======  ===========================================================================
"""

from __future__ import annotations

import http.server
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from hostile_run import (
    BOUND,
    EX,
    ROOT,
    RUNAWAY,
    Listener,
    error_line,
    interrupted,
    limit_memory,
    query_file,
    service_query,
    signalled,
    write_file,
    zjkg,
)
from zhangjiang_kg.cli.main import cli

from store_servers import free_port

pytestmark = pytest.mark.slow


# --- 13: SERVICE --------------------------------------------------------------------------------


def test_service_is_refused_everywhere_and_nothing_is_sent(listener: Listener, oxigraph_server, tmp_path: Path) -> None:
    folder = tmp_path / "queries"
    leak = query_file(folder, "leak", service_query(listener.url))
    refused = f"Error: leak: SERVICE <{listener.url}> would send the query and values from the graph over the network"
    for args in (
        ["query", leak],
        ["query", leak],
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
    run = zjkg("query", query_file(tmp_path, "words", text), "--format", "csv")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "service"


def test_allow_network_lets_service_call_out_and_the_time_limit_bounds_the_wait(
    listener: Listener, tmp_path: Path
) -> None:
    """The listener does notice a call (so the test above can fail), and a host that never
    answers no longer hangs the command."""
    leak = query_file(tmp_path, "leak", service_query(listener.url))
    run = zjkg("query", leak, "--allow-network", "--timeout", "2")
    assert run.returncode == 1
    assert error_line(run) == "Error: query 'leak' did not finish within 2 s (--timeout); abandoned"
    assert listener.connections >= 1


# --- 14: runaway queries -------------------------------------------------------------------------


def test_a_runaway_local_query_stops_at_the_time_limit(tmp_path: Path) -> None:
    run = zjkg("query", query_file(tmp_path, "runaway", RUNAWAY), "--timeout", "1")
    assert run.returncode == 1
    assert error_line(run) == "Error: query 'runaway' did not finish within 1 s (--timeout); abandoned"


def test_ctrl_c_stops_a_runaway_query_on_oxigraph(tmp_path: Path) -> None:
    """Oxigraph evaluates in Rust and Python's signal handlers wait for it: before the worker
    thread, SIGINT was ignored until the query ended (minutes)."""
    runaway = query_file(tmp_path, "runaway", RUNAWAY)
    process = subprocess.Popen(
        [sys.executable, "-m", "zhangjiang_kg", "query", runaway, "--timeout", "600"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        preexec_fn=limit_memory,
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


# --- 14: validate and export on a runaway or a big graph ------------------------------------------


@pytest.fixture(scope="module")
def big_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A chain of 100,000 blank nodes: its canonical labels take many seconds to export (an
    N-Triples file without blank nodes streams through Oxigraph's writer in about a second)."""
    path = tmp_path_factory.mktemp("big") / "chain.nt"
    path.write_text("".join(f"_:b{i} <{EX}next> _:b{i + 1} .\n" for i in range(100_000)), encoding="utf-8")
    return path


def _runaway_checks(folder: Path) -> Path:
    query_file(folder / "checks", "runaway-violation", RUNAWAY)
    return folder / "checks"


def test_validate_and_export_stop_at_the_time_limit(big_graph: Path, tmp_path: Path) -> None:
    run = zjkg("validate", "--queries", _runaway_checks(tmp_path), "--timeout", "1")
    assert run.returncode == 1
    assert error_line(run) == "Error: validation did not finish within 1 s (--timeout); abandoned"
    out = tmp_path / "out.ttl"
    exported = zjkg("export", "--data", big_graph, "--timeout", "1", "-o", out)
    assert exported.returncode == 1
    assert error_line(exported) == "Error: export did not finish within 1 s (--timeout); abandoned"
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["checks"]  # no temporary file either


def test_ctrl_c_stops_validate_check_and_export(big_graph: Path, tmp_path: Path) -> None:
    """Before: SIGINT waited for Oxigraph's evaluation (or bulk load) to return, minutes on a runaway."""
    validating = interrupted(["validate", "--queries", _runaway_checks(tmp_path)], after=4)
    checking = interrupted(["check", "--queries", _runaway_checks(tmp_path), "--skip", "evidence"], after=4)
    out = tmp_path / "out.ttl"
    exporting = interrupted(["export", "--data", big_graph, "-o", out], after=2)
    for status, err in (validating, checking, exporting):
        assert status == 130
        assert err.strip() == "Error: interrupted (Ctrl-C)"
    assert not out.exists()


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
    for _store in ("store",):
        run = zjkg("query", "platforms", "--data", data)
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
def test_serve_stops_and_removes_its_site_build_on_a_signal(signum: int, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "zhangjiang_kg", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    try:
        first = process.stdout.readline()  # type: ignore[union-attr]
        assert first.startswith("Serving "), first + process.stderr.read()  # type: ignore[union-attr]
        assert any(p.name.startswith("zjkg-site-") for p in temp.iterdir())
    finally:
        err = signalled(process, signum)
    assert process.returncode == 0, err
    assert err.strip().splitlines()[-1] == "Stopped."
    assert list(temp.iterdir()) == []
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", timeout=5)


# --- 18: owl:imports and JSON-LD contexts with --allow-network, on both engines -------------------


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


def test_allow_network_follows_imports_and_contexts_on_both_engines(documents: str, tmp_path: Path) -> None:
    """Refused without --allow-network (nothing requested), followed with it, on either engine."""
    context = write_file(
        tmp_path, "data.jsonld", f'{{"@context": "{documents}/context.jsonld", "@id": "{EX}x", "label": "hello"}}'
    )
    imports = write_file(
        tmp_path, "imports.ttl", f"<{EX}x> <http://www.w3.org/2002/07/owl#imports> <{documents}/onto.ttl> .\n"
    )
    labels = query_file(
        tmp_path, "labels", "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l\n"
    )
    base = ["query", labels, "--format", "csv", "--ontology", imports, "--data", context]
    refused = zjkg(*base)
    assert refused.returncode == 2
    assert "would fetch from the network" in error_line(refused) or "would be fetched" in error_line(refused)
    assert _Documents.requests == []
    followed = zjkg(*base, "--allow-network")
    assert followed.returncode == 0, followed.stderr
    assert followed.stdout.split() == ["l", "hello", "imported"]
    assert sorted(set(_Documents.requests)) == ["/context.jsonld", "/onto.ttl"]


def test_an_import_that_never_answers_is_one_line_within_the_bound(listener: Listener, tmp_path: Path) -> None:
    data = write_file(tmp_path, "imports.ttl", f"<{EX}x> <http://www.w3.org/2002/07/owl#imports> <{listener.url}> .\n")
    run = zjkg("query", "platforms", "--data", data, "--allow-network")
    assert run.returncode == 2
    assert error_line(run) == f"Error: {data}: owl:imports <{listener.url}>: no answer within 15 s"
    assert listener.connections == 1
