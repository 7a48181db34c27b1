"""Store dialects: one object per store that the compiler asks, never the store's name.

Virtuoso is not needed here: the Virtuoso dialect is run on an in-process Oxigraph store, where
the work-arounds it selects must give the same results as the standard queries.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest
from shacl_helpers import DATA, store_of  # type: ignore[import-not-found]
from zhangjiang_kg.shacl import EndpointRunner, SparqlError, StoreRunner, read_shapes, validate
from zhangjiang_kg.shacl.dialect import STANDARD, VIRTUOSO, Dialect, dialect_of

PREFIXES = """@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
#: Shapes that touch every field of a dialect: literal constants (VALUES, sameTerm), sh:in,
#: sh:maxCount 1, merged value tests, sh:duration, a qualified shape and a derived datatype.
SHAPES = """
ex:Node a sh:NodeShape ; sh:targetNode ex:a, ex:b, "x"@en ;
  sh:property [ sh:path ex:p ; sh:maxCount 1 ; sh:in ( "one" ex:two 3 ) ; sh:minLength 2 ] ;
  sh:property [ sh:path ex:d ; sh:datatype xsd:duration ] ;
  sh:property [ sh:path ex:r ; sh:maxCount 1 ] ;
  sh:property [ sh:path ex:n ; sh:datatype xsd:byte ] ;
  sh:property [ sh:path ex:q ; sh:qualifiedValueShape [ sh:datatype xsd:string ] ; sh:qualifiedMinCount 1 ] ;
  sh:or ( [ sh:hasValue ex:a ] [ sh:hasValue ex:b ] ) .
"""
DATA_TEXT = """
ex:a ex:p "one", "two" ; ex:r 1, 2 ; ex:d "P2Y"^^xsd:duration ; ex:n 7 ; ex:q "s" .
ex:b ex:p ex:three ; ex:d "2Y"^^xsd:duration ; ex:n 1000 ; ex:q 1 .
"""


def _triples(text: str) -> list[ox.Triple]:
    return [ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(PREFIXES + text, format=ox.RdfFormat.TURTLE)]


class _Speaking(StoreRunner):
    """An in-process store that speaks ``dialect`` and keeps the text of every query."""

    def __init__(self, dialect: Dialect) -> None:
        super().__init__(store_of({DATA: _triples(DATA_TEXT)}), [DATA])
        self.dialect = dialect  # type: ignore[misc]
        self.texts: list[str] = []

    def select(self, query: str) -> list[object]:  # type: ignore[override]
        self.texts.append(query)
        return list(super().select(query))


def _results(dialect: Dialect) -> tuple[list[tuple[str, str]], _Speaking, list[str]]:
    runner = _Speaking(dialect)
    report = validate(runner, read_shapes(_triples(SHAPES)), rdfs=False)
    found = sorted((str(r.focus), r.component.value.rsplit("#", 1)[-1]) for r in report.results)
    return found, runner, report.notes


def test_the_dialect_comes_from_the_server_header() -> None:
    assert dialect_of("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu") is VIRTUOSO
    assert dialect_of("Oxigraph/0.4") is STANDARD
    assert dialect_of("") is STANDARD
    assert StoreRunner(ox.Store()).dialect is STANDARD


def test_the_virtuoso_work_arounds_find_what_the_standard_queries_find() -> None:
    standard, plain, _notes = _results(STANDARD)
    virtuoso, quirky, _ = _results(VIRTUOSO)
    assert standard == virtuoso
    assert ("<http://example.org/b>", "MaxCountConstraintComponent") not in standard
    assert standard.count(("<http://example.org/a>", "MaxCountConstraintComponent")) == 2  # ex:p and ex:r
    assert ("<http://example.org/b>", "DatatypeConstraintComponent") in standard  # "2Y" and 1000
    assert plain.texts != quirky.texts


@pytest.mark.parametrize(
    ("field", "standard_text", "worked_around"),
    [
        ("same_term_constants", 'sameTerm(?value, "one")', 'STR(?value) = "one"'),
        ("values_keep_literals", '<http://example.org/b> "x"@en }', 'BIND("x"@en AS ?this)'),
        ("max_one_by_self_join", "<http://example.org/r> ?_b", "OPTIONAL { ?this <http://example.org/r> ?value }"),
        ("durations_as_numbers", None, "^-?[0-9]+(\\\\.[0-9]+)?$"),
    ],
)  # fmt: skip
def test_each_field_of_a_dialect_changes_the_queries_on_its_own(
    field: str, standard_text: str | None, worked_around: str
) -> None:
    """A store of another name with one gap: the compiler asks the field, not the store's name."""
    default = flip = dataclasses.replace(STANDARD, name="another-store")
    flip = dataclasses.replace(default, **{field: not getattr(default, field)})
    found, plain, _ = _results(default)
    changed, runner, _ = _results(flip)
    assert found == changed
    if standard_text is not None:
        assert any(standard_text in t for t in plain.texts)
        assert not any(standard_text in t for t in runner.texts)
    assert any(worked_around in t for t in runner.texts)
    assert not any(worked_around in t for t in plain.texts)


def test_the_derived_integer_note_is_the_dialects_to_give() -> None:
    assert any("xsd:byte" in n for n in _results(STANDARD)[2])
    assert _results(dataclasses.replace(STANDARD, integers_by_value=False))[2] == []


class _Answers(BaseHTTPRequestHandler):
    """A SPARQL endpoint on 127.0.0.1 that answers the rows and names itself as the test asks."""

    servers: ClassVar[list[str]] = []
    bindings: ClassVar[list[dict[str, dict[str, str]]]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": self.bindings}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def version_string(self) -> str:
        return self.servers.pop(0) if self.servers else "Oxigraph"

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()


def test_an_endpoint_runner_chooses_its_dialect_once_from_the_first_answer(endpoint: str) -> None:
    _Answers.servers[:] = ["Virtuoso/07.20.3229 (Linux)", "Oxigraph/0.4"]
    runner = EndpointRunner(endpoint, [DATA], timeout=10)
    assert runner.dialect is STANDARD  # nothing asked yet
    runner.select("SELECT * WHERE { ?s ?p ?o }")
    assert runner.dialect is VIRTUOSO
    runner.select("SELECT * WHERE { ?s ?p ?o }")  # another Server header changes nothing
    assert runner.dialect is VIRTUOSO


def test_an_endpoint_term_that_is_no_rdf_is_a_sparql_error_naming_it(endpoint: str) -> None:
    """An answer pyoxigraph cannot hold (an IRI with a space) stops the run with one message."""
    _Answers.bindings[:] = [{"x": {"type": "uri", "value": "http://example.org/a b"}}]
    try:
        with pytest.raises(SparqlError, match=r"not SPARQL JSON results: row 1, \?x: not an RDF term"):
            EndpointRunner(endpoint, timeout=10).select("SELECT ?x WHERE { ?x ?p ?o }")
    finally:
        _Answers.bindings.clear()


def test_no_module_compares_a_store_name() -> None:
    """Only the dialect module names Virtuoso in code; elsewhere the fields are asked."""
    package = Path(__file__).resolve().parents[2] / "zhangjiang_kg"
    found = [
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if p.name != "dialect.py" and any('"virtuoso"' in line.lower() for line in p.read_text().splitlines())
    ]
    assert found == []


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Dialect) if f.type == "bool"])
def test_every_work_around_alone_finds_what_the_standard_queries_find(field: str) -> None:
    flipped = dataclasses.replace(STANDARD, name="another-store", **{field: not getattr(STANDARD, field)})
    found, runner, _ = _results(flipped)
    assert found == _results(STANDARD)[0]
    assert runner.texts != _results(STANDARD)[1].texts or field in ("prune_schema", "integers_by_value")
