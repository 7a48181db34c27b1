"""What is decided about a query before an engine runs it, without rdflib: SERVICE refused, syntax checked.

The SERVICE decision reads the query's words (no parser): the tests hide the word where it is not
the clause (a comment, a string, an IRI, a variable, a prefixed name, a language tag) and write
the clause in every form SPARQL allows (any case, SILENT, a variable, a prefixed name, nested).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from zhangjiang_kg.errors import NetworkAccessError, QuerySyntaxError
from zhangjiang_kg.queries import catalogue as queries
from zhangjiang_kg.queries.federation import service_targets
from zhangjiang_kg.queries.text import reads_named_graphs

from rdflib_oracle import prepare as rdflib_prepare

EX = "http://example.org/"


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("SELECT * { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", ["http://a.example/sparql"]),
        ("select * { service <http://a.example/> { ?s ?p ?o } }", ["http://a.example/"]),
        ("SELECT * { SERVICE SILENT <http://b.example/> { ?s ?p ?o } }", ["http://b.example/"]),
        ("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }", ["?endpoint"]),
        ("SELECT * { SERVICE $endpoint { ?s ?p ?o } }", ["?endpoint"]),
        (f"PREFIX ex: <{EX}> SELECT * {{ SERVICE ex:sparql {{ ?s ?p ?o }} }}", [EX + "sparql"]),
        ("SELECT * { SERVICE # a comment <http://no/>\n <http://c.example/> { } }", ["http://c.example/"]),
        ("SELECT * { OPTIONAL { FILTER EXISTS { SERVICE <http://d.example/> { } } } }", ["http://d.example/"]),
        ("SELECT * { { SELECT ?s { SERVICE <http://e.example/> { ?s ?p ?o } } } }", ["http://e.example/"]),
        ("SELECT * { ?s ?p ?o } # SERVICE <http://comment.example/> { }", []),
        ('SELECT * { ?s ?p "SERVICE <http://string.example/> { }" }', []),
        ("SELECT * { ?s ?p '''SERVICE\n<http://long-string.example/>''' }", []),
        ("SELECT * { ?s <http://example.org/SERVICE> ?o }", []),
        ("SELECT ?service { ?service ?p ?o }", []),
        (f"PREFIX service: <{EX}> SELECT * {{ ?s service:SERVICE ?o . ?s service:x ?y }}", []),
        (f"PREFIX ex: <{EX}> SELECT * {{ ?s ex:a.SERVICE ?o }}", []),
        ('SELECT * { ?s ?p "x"@service }', []),
    ],
)
def test_service_targets(text: str, targets: list[str]) -> None:
    saved = queries.from_text(text, name="q")
    assert service_targets(saved.text, saved.prefixes) == targets


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("SELECT * { GRAPH ?g { ?s ?p ?o } }", True),
        ("select * { graph <http://g.example/> { ?s ?p ?o } }", True),
        ("SELECT * { ?s ?p ?o } # GRAPH ?g", False),
        ('SELECT * { ?s ?p "GRAPH ?g { }" }', False),
        ("SELECT ?graph { ?graph <http://example.org/GRAPH> ?o }", False),
        (f"PREFIX ex: <{EX}> SELECT * {{ ?s ex:GRAPH ?o }}", False),
        (f"SELECT * FROM NAMED <{EX}g> {{ ?s ?p ?o }}", False),
    ],
)
def test_reads_named_graphs_finds_the_keyword_only(text: str, reads: bool) -> None:
    assert reads_named_graphs(text) is reads


def test_a_service_is_refused_on_every_path_before_anything_parses_it() -> None:
    saved = queries.from_text("SELECT * { SERVICE SILENT ?where { ?s ?p ?o } }", name="leak")
    for check in (queries.check, rdflib_prepare):
        with pytest.raises(NetworkAccessError, match=r"^leak: SERVICE \?where would send"):
            check(saved)
        check(saved, allow_network=True)  # allowed: only the syntax is checked


@pytest.fixture
def refusing_service() -> Iterator[tuple[str, list[int]]]:
    """A socket on 127.0.0.1 that counts connections and closes each at once."""
    server = socket.create_server(("127.0.0.1", 0))
    calls: list[int] = []

    def accept() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            calls.append(1)
            conn.close()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", calls
    server.close()


def test_an_allowed_federated_ask_is_not_answered_while_checking(refusing_service: tuple[str, list[int]]) -> None:
    """An empty store answers an ASK at once: the check must not call the service to parse the query."""
    url, calls = refusing_service
    ask = queries.from_text(f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", name="ask")
    queries.check(ask, allow_network=True)
    assert calls == []


def test_oxigraph_syntax_errors_name_the_query_line_and_column() -> None:
    saved = queries.from_text("SELECT ?x WHERE {\n  ?x ?p ?o FILTER( \n}", name="broken")
    with pytest.raises(QuerySyntaxError) as caught:
        queries.check(saved)
    assert (caught.value.name, caught.value.line, caught.value.column) == ("broken", 3, 2)  # as Oxigraph says
    assert str(caught.value).startswith("broken:3:2: SPARQL syntax error: expected ")
    assert "\n" not in str(caught.value)


def test_an_undeclared_prefix_is_named() -> None:
    with pytest.raises(QuerySyntaxError, match="undeclared prefix 'undeclared:'"):
        queries.check(queries.from_text("SELECT ?x WHERE { ?x zjo:p ?y . ?x undeclared:p ?y }", name="p"))


def test_the_project_prefixes_need_no_declaration() -> None:
    queries.check(queries.from_text("SELECT ?x WHERE { ?x zjo:status zjo:Planned }", name="ok"))


def test_checking_running_and_writing_a_query_on_oxigraph_imports_no_rdflib() -> None:
    code = (
        "import sys\n"
        "from zhangjiang_kg import store\n"
        "from zhangjiang_kg.queries import catalogue as queries\n"
        "from zhangjiang_kg.queries.results import RESULT_FORMATS, render\n"
        "saved = queries.find_query('facts-by-status')\n"
        "queries.check(saved)\n"
        "result = store.load().run_query(saved, {'status': 'zjo:Planned'})\n"
        "assert result.rows, 'no rows'\n"
        "for fmt in RESULT_FORMATS:\n"
        "    render(result, fmt)\n"
        "print('rdflib' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
