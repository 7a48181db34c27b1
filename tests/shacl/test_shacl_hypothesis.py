"""Property-based equivalence with pySHACL: small random shapes and data, the same report.

Shapes combine a target, a property shape with any SHACL path form, and a few constraints drawn
from every core component (nested shapes included); data are a few nodes, literals and types.
Both engines run without inference; reports are compared as result multisets.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shacl_helpers import DATA, engine_keys, pyshacl_keys, store_of  # type: ignore[import-not-found]
from zhangjiang_kg.shacl import validate_store

PREFIXES = """@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
NODES = [f"ex:n{i}" for i in range(4)]
LITERALS = ["0", "1", "2", '"1.5"^^xsd:decimal', '"a"', '"bb"', '"hi"@en', '"hi"@fr', '"x"@en', "true"]
OBJECTS = NODES + LITERALS
PREDICATES = ["ex:p", "ex:q"]
PATHS = [
    "ex:p",
    "[ sh:inversePath ex:p ]",
    "( ex:p ex:q )",
    "[ sh:alternativePath ( ex:p ex:q ) ]",
    "[ sh:zeroOrMorePath ex:p ]",
    "[ sh:oneOrMorePath ex:p ]",
    "[ sh:zeroOrOnePath ex:q ]",
]
TARGETS = [
    "sh:targetNode ex:n0, ex:n1",
    "sh:targetClass ex:C",
    "sh:targetSubjectsOf ex:p",
    "sh:targetObjectsOf ex:q",
    'sh:targetNode 1, "a"',
]
NESTED = [
    "sh:class ex:C",
    "sh:datatype xsd:integer",
    "sh:minInclusive 1",
    "sh:nodeKind sh:IRI",
    "sh:property [ sh:path ex:p ; sh:minCount 1 ]",
    "sh:in ( ex:n0 1 )",
]
CONSTRAINTS = [
    "sh:minCount 1",
    "sh:minCount 2",
    "sh:maxCount 1",
    "sh:maxCount 0",
    "sh:class ex:C",
    "sh:class ex:D",
    "sh:datatype xsd:integer",
    "sh:datatype xsd:string",
    "sh:datatype rdf:langString",
    "sh:nodeKind sh:IRI",
    "sh:nodeKind sh:Literal",
    "sh:nodeKind sh:BlankNodeOrIRI",
    "sh:minInclusive 1",
    "sh:maxExclusive 2",
    "sh:minExclusive 0",
    "sh:maxInclusive 1.5",
    "sh:minLength 2",
    "sh:maxLength 1",
    'sh:pattern "^[ab]"',
    'sh:pattern "N1" ; sh:flags "i"',
    'sh:languageIn ( "en" )',
    "sh:uniqueLang true",
    "sh:equals ex:q",
    "sh:disjoint ex:q",
    "sh:lessThan ex:q",
    "sh:lessThanOrEquals ex:q",
    'sh:in ( ex:n1 1 "a" )',
    "sh:hasValue ex:n1",
    "sh:hasValue 1",
    "sh:node ex:N",
    "sh:not ex:N",
    "sh:or ( ex:N ex:M )",
    "sh:xone ( ex:N ex:M )",
    "sh:and ( ex:N ex:M )",
    "sh:qualifiedValueShape ex:N ; sh:qualifiedMinCount 1",
    "sh:qualifiedValueShape ex:N ; sh:qualifiedMaxCount 1 ; sh:qualifiedValueShapesDisjoint true",
]
NODE_CONSTRAINTS = [
    "sh:closed true ; sh:ignoredProperties ( rdf:type )",
    "sh:class ex:C",
    "sh:nodeKind sh:IRI",
    "sh:not ex:N",
    "sh:in ( ex:n0 ex:n2 )",
    "sh:hasValue ex:n0",
    "sh:equals ex:p",
    "sh:disjoint ex:q",
]


@st.composite
def cases(draw: Any) -> tuple[str, str]:
    triples = draw(
        st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(PREDICATES), st.sampled_from(OBJECTS)), max_size=12)
    )
    types = draw(st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(["ex:C", "ex:D", "ex:E"])), max_size=4))
    data = "\n".join(f"{s} {p} {o} ." for s, p, o in triples)
    data += "\n" + "\n".join(f"{s} a {c} ." for s, c in types) + "\nex:E rdfs:subClassOf ex:C .\n"
    target = draw(st.sampled_from(TARGETS))
    path = draw(st.sampled_from(PATHS))
    constraints = draw(
        st.lists(st.sampled_from(CONSTRAINTS), min_size=1, max_size=3, unique_by=lambda c: c.split()[0])
    )  # one value per parameter
    node_constraints = draw(st.lists(st.sampled_from(NODE_CONSTRAINTS), max_size=1))
    nested = draw(st.lists(st.sampled_from(NESTED), min_size=2, max_size=2))
    severity = draw(st.sampled_from(["", "sh:severity sh:Warning ;"]))
    shapes = (
        f"ex:S a sh:NodeShape ; {target} ; sh:property ex:P"
        + "".join(f" ; {c}" for c in node_constraints)
        + " .\n"
        + f"ex:P sh:path {path} ; {severity} "
        + " ; ".join(constraints)
        + " .\n"
        + f"ex:N a sh:NodeShape ; {nested[0]} .\nex:M a sh:NodeShape ; {nested[1]} .\n"
    )
    return data, shapes


def compare(data_text: str, shapes_text: str) -> None:
    import pyoxigraph as ox
    from rdflib import Graph

    data = Graph().parse(data=PREFIXES + data_text, format="turtle")
    shapes = Graph().parse(data=PREFIXES + shapes_text, format="turtle")
    conforms, expected = pyshacl_keys(data, shapes, inference="none")

    def parse(text: str) -> list[ox.Triple]:
        return [
            ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(PREFIXES + text, format=ox.RdfFormat.TURTLE)
        ]

    report = validate_store(
        store_of({DATA: parse(data_text)}), data_graphs=[DATA], shapes=parse(shapes_text), rdfs=False
    )
    assert report.delegated == []
    got = engine_keys(report)
    # Where pySHACL deviates from the Recommendation this engine may report more, never less:
    # pySHACL compares IRIs as strings for sh:lessThan(OrEquals), and booleans as the numbers 0/1
    # for sh:min/maxExclusive/Inclusive; SPARQL's < compares neither, and values that cannot be
    # compared are violations.
    pair = {
        k
        for k in got | expected
        if "LessThan" in k[3] or (k[3].endswith("clusiveConstraintComponent") and k[2].endswith("#boolean>"))
    }
    for key in pair:
        assert got[key] >= expected[key], f"\n{data_text}\n{shapes_text}"
        del got[key], expected[key]
    assert got == expected, f"\n{data_text}\n{shapes_text}"
    if not pair:
        assert report.conforms == conforms


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_random_shapes_match_pyshacl(case: tuple[str, str]) -> None:
    compare(*case)


@pytest.mark.slow
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_many_random_shapes_match_pyshacl(case: tuple[str, str]) -> None:
    compare(*case)
