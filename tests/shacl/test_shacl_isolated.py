"""pySHACL in a child process, called from the library: the time limit, one-line errors, terms kept."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from zhangjiang_kg.errors import InputError, NetworkAccessError, QueryError
from zhangjiang_kg.shacl import isolated

PREFIXES = "@prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .\n"
SH = "http://www.w3.org/ns/shacl#"


def _triples(text: str) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(PREFIXES + text, format=ox.RdfFormat.TURTLE)]


def test_the_time_limit_stops_the_child() -> None:
    data = _triples(f'ex:a ex:name "{"a" * 100_000}b" .')
    shapes = _triples('ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:name ; sh:pattern "^(a+)+$" ] .')
    with pytest.raises(QueryError, match=r"^pySHACL did not finish within 2 s"):
        isolated.run_pyshacl(data, shapes, timeout=2)
    assert isolated._RUNNING == {}


def test_a_failure_is_one_line_naming_pyshacls_error() -> None:
    shapes = _triples('ex:S sh:targetNode ex:a ; sh:sparql [ sh:select "DELETE WHERE { ?s ?p ?o }" ] .')
    with pytest.raises(InputError) as caught:
        isolated.run_pyshacl(_triples("ex:a ex:p 1 ."), shapes)
    assert str(caught.value).startswith("pySHACL could not validate: ParseException: ")
    assert "\n" not in str(caught.value)


def test_service_is_refused_before_the_child_starts() -> None:
    shapes = _triples(
        'ex:S sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this { SERVICE ex:x { ?a ?b ?c } }" ] .'
    )
    with pytest.raises(NetworkAccessError, match="SERVICE"):
        isolated.run_pyshacl(_triples("ex:a ex:p 1 ."), shapes)


def test_literals_as_written_and_blank_node_labels_reach_the_report() -> None:
    data = [
        ox.Triple(ox.BlankNode("kept"), ox.NamedNode("http://example.org/n"), ox.Literal("05", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
    ]  # fmt: skip
    shapes = _triples("ex:S sh:targetSubjectsOf ex:n ; sh:property [ sh:path ex:n ; sh:maxInclusive 4 ] .")
    report = isolated.run_pyshacl(data, shapes, inference="none")
    focus = set(report.objects(None, URIRef(SH + "focusNode")))
    values = set(report.objects(None, URIRef(SH + "value")))
    assert focus == {BNode("kept")}
    assert [str(v) for v in values] == ["05"]
    assert all(isinstance(v, Literal) for v in values)


def test_a_failure_line_escapes_control_characters_and_is_bounded() -> None:
    """pySHACL's messages may quote the data: a terminal escape or a fake CI line stays text."""
    shown = isolated._printable("found \x1b[31m\n::error file=x::fake" + "x" * 1000)
    assert shown.startswith("found \\x1b[31m\\n::error file=x::fake")
    assert shown.isprintable()
    assert len(shown) == 503
