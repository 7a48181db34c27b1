"""The ``queries/*-violation.rq`` checks: none fires on the shipped graph, each fires on its fixture.

A fixture in ``tests/fixtures/violations/`` is named after its query (``<query>.ttl`` or
``<query>--<variant>.ttl``), changes one thing in the shapes' valid base graph and lists, in
``# focus:`` lines, the nodes the query must return as ``?focus``. Every query runs on data plus
ontology, as validation runs it, on rdflib and on Oxigraph: the checks must be portable SPARQL 1.1.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from shape_cases import BASE, case_graph, header, short
from zhangjiang_kg import resources
from zhangjiang_kg.queries import catalogue as queries

from rdflib_oracle import run as rdflib_run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "violations"


def violation_queries() -> list[queries.SavedQuery]:
    return [q for q in queries.catalogue() if q.is_violation]


def violation_cases() -> list[Path]:
    return sorted(FIXTURES.glob("*.ttl"))


def query_of(case: Path) -> str:
    return case.stem.split("--")[0]


@pytest.fixture(scope="session")
def ontology_graph() -> Graph:
    graph = Graph()
    for path in resources.ontology_files():
        graph.parse(path, format="turtle")
    return graph


def with_ontology(data: Graph, ontology: Graph) -> Graph:
    merged = Graph()
    for triple in ontology:
        merged.add(triple)
    for triple in data:
        merged.add(triple)
    return merged


def focus_rdflib(graph: Graph, query: queries.SavedQuery) -> list[str]:
    result = rdflib_run(graph, query)
    assert result.variables[:2] == ["focus", "message"], f"{query.name}: SELECT ?focus ?message first"
    assert all(row.get("message") for row in result.rows), f"{query.name}: a row without ?message"
    return sorted(_focus_text(row["focus"]) for row in result.rows)


def oxigraph_store(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def focus_oxigraph(store: ox.Store, query: queries.SavedQuery) -> list[str]:
    found = []
    for solution in store.query(query.text):
        found.append(_focus_text(solution["focus"]))
    return sorted(found)


def _focus_text(focus: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    return short(URIRef(focus.value)) if isinstance(focus, ox.NamedNode) else str(focus)


@pytest.fixture(scope="session")
def shipped(ontology_graph: Graph) -> tuple[Graph, ox.Store]:
    data = Graph()
    for path in resources.data_files():
        data.parse(path, format="turtle")
    merged = with_ontology(data, ontology_graph)
    return merged, oxigraph_store(merged)


@pytest.fixture(scope="session")
def base(ontology_graph: Graph) -> tuple[Graph, ox.Store]:
    merged = with_ontology(Graph().parse(BASE, format="turtle"), ontology_graph)
    return merged, oxigraph_store(merged)


def test_there_are_violation_checks() -> None:
    assert len(violation_queries()) >= 5


@pytest.mark.parametrize("query", violation_queries(), ids=lambda q: q.name)
def test_header_says_what_and_how_to_fix(query: queries.SavedQuery) -> None:
    assert query.summary, f"{query.name}: needs '#+ summary:' and '#+ description:'"
    assert query.description, f"{query.name}: needs '#+ summary:' and '#+ description:'"
    assert "check" in query.tags, f"{query.name}: tag it '#+ tags: [check]'"
    assert query.parameters == [], f"{query.name}: a check takes no parameters"


@pytest.mark.parametrize("query", violation_queries(), ids=lambda q: q.name)
def test_the_shipped_graph_passes(query: queries.SavedQuery, shipped: tuple[Graph, ox.Store]) -> None:
    graph, store = shipped
    assert focus_rdflib(graph, query) == []
    assert focus_oxigraph(store, query) == []


@pytest.mark.parametrize("query", violation_queries(), ids=lambda q: q.name)
def test_the_base_fixture_passes(query: queries.SavedQuery, base: tuple[Graph, ox.Store]) -> None:
    graph, store = base
    assert focus_rdflib(graph, query) == []
    assert focus_oxigraph(store, query) == []


def test_every_check_has_a_fixture() -> None:
    covered = {query_of(case) for case in violation_cases()}
    missing = sorted(q.name for q in violation_queries() if q.name not in covered)
    assert missing == [], f"violation queries without a fixture in tests/fixtures/violations: {missing}"
    unknown = sorted(covered - {q.name for q in violation_queries()})
    assert unknown == [], f"fixtures named after no query: {unknown}"


@pytest.mark.parametrize("case", violation_cases(), ids=lambda p: p.stem)
def test_each_fixture_fires_exactly_its_check(case: Path, ontology_graph: Graph) -> None:
    expected = sorted(header(case, "focus"))
    assert expected, f"{case.name}: name the expected nodes in '# focus:' lines"
    graph = with_ontology(case_graph(case), ontology_graph)
    store = oxigraph_store(graph)
    for query in violation_queries():
        want = expected if query.name == query_of(case) else []
        assert sorted(set(focus_rdflib(graph, query))) == want, f"rdflib, {query.name}"
        assert sorted(set(focus_oxigraph(store, query))) == want, f"Oxigraph, {query.name}"
