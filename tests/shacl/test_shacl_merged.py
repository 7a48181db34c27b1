"""Fewer queries, same results: counts merged with value tests, sh:or members on the failing values only."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from shacl_helpers import DATA, store_of  # type: ignore[import-not-found]
from zhangjiang_kg.shacl import SparqlError, StoreRunner, read_shapes, validate
from zhangjiang_kg.shacl.dialect import STANDARD

PREFIXES = """
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
EX = "http://example.org/"


def triples(text: str) -> list[ox.Triple]:
    return [ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(PREFIXES + text, format=ox.RdfFormat.TURTLE)]


class _Recording(StoreRunner):
    """A store runner that keeps the text of every query it ran."""

    def __init__(self, store: ox.Store) -> None:
        super().__init__(store, [DATA])
        self.texts: list[str] = []

    def select(self, query: str) -> list[object]:  # type: ignore[override]
        self.texts.append(query)
        return list(super().select(query))


def _run(shapes: str, data: str) -> tuple[set[tuple[str, str, str]], _Recording]:
    runner = _Recording(store_of({DATA: triples(data)}))
    report = validate(runner, read_shapes(triples(shapes)), rdfs=False)
    found = {
        (r.focus.value, r.component.value.rsplit("#", 1)[1], r.value.value if r.value is not None else "")
        for r in report.results
    }
    return found, runner


COUNTED = """
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
    sh:property [ sh:path ex:p ; sh:minCount 2 ; sh:maxCount 3 ; sh:datatype xsd:integer ; sh:minLength 2 ] .
"""


def test_counts_and_value_tests_in_one_query_find_every_violation() -> None:
    data = """
        ex:none a ex:C .
        ex:one a ex:C ; ex:p 10 .
        ex:two a ex:C ; ex:p 10, 11 .
        ex:four a ex:C ; ex:p 10, 11, 12, 13 .
        ex:bad a ex:C ; ex:p 10, "x" .
    """
    found, runner = _run(COUNTED, data)
    assert found == {
        (EX + "none", "MinCountConstraintComponent", ""),
        (EX + "one", "MinCountConstraintComponent", ""),
        (EX + "four", "MaxCountConstraintComponent", ""),
        (EX + "bad", "DatatypeConstraintComponent", "x"),
        (EX + "bad", "MinLengthConstraintComponent", "x"),
    }
    # a focus node without values fails no value test: the unbound value is not a violation
    assert not any(f == EX + "none" and c != "MinCountConstraintComponent" for f, c, _v in found)
    assert len(runner.texts) == 2  # the grouped query, then the failing values of the tests that fired


def test_a_conforming_graph_costs_one_query_per_counted_shape() -> None:
    found, runner = _run(COUNTED, "ex:a a ex:C ; ex:p 10, 11 .")
    assert found == set()
    assert len(runner.texts) == 1
    assert "GROUP BY" in runner.texts[0]


OR_SHAPES = """
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:or ( ex:HasP ex:HasQ ) .
ex:HasP sh:property [ sh:path ex:p ; sh:minCount 1 ] .
ex:HasQ sh:property [ sh:path ex:q ; sh:minCount 1 ] .
"""


def test_or_members_after_the_first_see_only_the_nodes_that_failed_before() -> None:
    data = """
        ex:a a ex:C ; ex:p 1 .
        ex:b a ex:C ; ex:q 1 .
        ex:c a ex:C .
        _:d a ex:C ; ex:p 1 .
    """
    found, runner = _run(OR_SHAPES, data)
    assert found == {(EX + "c", "OrConstraintComponent", EX + "c")}
    second = [t for t in runner.texts if "<http://example.org/q>" in t]
    assert second
    assert all("VALUES ?this { <http://example.org/b> <http://example.org/c> }" in t for t in second)


def test_or_falls_back_to_every_focus_node_when_a_failing_node_is_blank() -> None:
    found, runner = _run(OR_SHAPES, "ex:a a ex:C ; ex:p 1 . _:b a ex:C . ex:c a ex:C ; ex:q 1 .")
    assert {(c, v.startswith(EX)) for _f, c, v in found} == {("OrConstraintComponent", False)}
    assert not any("VALUES" in t for t in runner.texts)


class _Inline:
    """Not a StoreRunner: the engine writes nothing and puts the RDFS typing in its queries."""

    dialect = STANDARD

    def __init__(self, store: ox.Store) -> None:
        self.inner = StoreRunner(store, [DATA])
        self.texts: list[str] = []

    def select(self, query: str) -> list[object]:
        self.texts.append(query)
        return list(self.inner.select(query))


TYPED_SHAPES = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:invests rdfs:domain ex:Fund .
ex:FundShape a sh:NodeShape ; sh:targetClass ex:Fund ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
"""


def _inline(data: str) -> tuple[set[str], list[str]]:
    runner = _Inline(store_of({DATA: triples(TYPED_SHAPES + data)}))
    report = validate(runner, read_shapes(triples(TYPED_SHAPES)), rdfs=True)
    return {r.focus.value for r in report.results}, runner.texts


def test_type_tests_drop_the_rdfs_branches_that_add_no_node() -> None:
    """Every ex:invests subject is stated an ex:Fund: the domain branch leaves the later queries."""
    found, texts = _inline("ex:a a ex:Fund ; ex:invests ex:p . ex:b a ex:Fund ; ex:name 'b' .")
    assert found == {EX + "a"}
    checks = [t for t in texts if "<http://example.org/name>" in t]
    assert checks
    assert not any("<http://example.org/invests>" in t for t in checks)


def test_type_tests_keep_the_rdfs_branches_that_type_a_node() -> None:
    found, texts = _inline("ex:a ex:invests ex:p . ex:b a ex:Fund ; ex:name 'b' .")
    assert found == {EX + "a"}  # typed an ex:Fund by the domain of ex:invests only
    assert any("<http://example.org/invests>" in t for t in texts if "<http://example.org/name>" in t)


QUALIFIED = """
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
    sh:property [ sh:path ex:p ; sh:qualifiedValueShape ex:Q ; sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ] .
ex:Q a sh:NodeShape ; sh:class ex:D ; sh:nodeKind sh:IRI .
"""


def test_a_qualified_shape_of_value_tests_is_counted_in_one_grouped_query() -> None:
    data = """
        ex:none a ex:C ; ex:p ex:x .
        ex:one a ex:C ; ex:p ex:d1, ex:x .
        ex:two a ex:C ; ex:p ex:d1, ex:d2 .
        ex:d1 a ex:D . ex:d2 a ex:D .
    """
    found, runner = _run(QUALIFIED, data)
    assert found == {
        (EX + "none", "QualifiedMinCountConstraintComponent", ""),
        (EX + "two", "QualifiedMaxCountConstraintComponent", ""),
    }
    assert len(runner.texts) == 1  # both bounds from one query, no list of failing values


class _FailingFirst(StoreRunner):
    """Fails the first shape's query; every other query takes a little while."""

    def __init__(self, store: ox.Store) -> None:
        super().__init__(store, [DATA])
        self.sent: list[str] = []

    def select(self, query: str) -> list[object]:  # type: ignore[override]
        self.sent.append(query)
        if "<http://example.org/p0>" in query:
            raise SparqlError("the store refused the query")
        time.sleep(0.02)
        return list(super().select(query))


def test_a_failing_shape_stops_the_shapes_not_yet_started() -> None:
    """Shapes run in threads; the first failure ends the run instead of waiting for every shape."""
    shapes = "".join(
        f"ex:S{i} a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p{i} ; sh:minCount 1 ] .\n"
        for i in range(30)
    )
    runner = _FailingFirst(store_of({DATA: triples("ex:a ex:p1 1 .")}))
    with pytest.raises(SparqlError, match="refused"):
        validate(runner, read_shapes(triples(shapes)), rdfs=False, workers=2)
    assert len(runner.sent) < 10  # not all 30 shapes
