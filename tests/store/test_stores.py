"""Oxigraph store directories, the one copy between the libraries, and cross-engine term equality."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import XSD, Literal, URIRef
from zhangjiang_kg.errors import StoreError
from zhangjiang_kg.queries.results import QueryResult
from zhangjiang_kg.store.graph import open_store
from zhangjiang_kg.store.rdflib_view import to_dataset, to_graph

from rdflib_oracle import rdflib_quads
from store_compare import canonical_term, result_multiset

G = URIRef("https://w3id.org/zhangjiang-kg/graph/data")
S, P = URIRef("https://w3id.org/zhangjiang-kg/id/zone"), URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def test_oxigraph_on_disk_persists_and_is_locked_while_open(tmp_path: Path) -> None:
    location = tmp_path / "db"
    quad = ox.Quad(ox.NamedNode(str(S)), ox.NamedNode(str(P)), ox.Literal("Zhangjiang"), ox.NamedNode(str(G)))
    store = open_store(location)
    store.add(quad)
    with pytest.raises(StoreError, match="in use by another process or store") as caught:
        open_store(location)
    assert caught.value.path == str(location)
    del store

    assert list(open_store(location)) == [quad]


def test_oxigraph_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("not a store")
    with pytest.raises(StoreError, match="not a directory"):
        open_store(path)


def test_copy_keeps_named_graphs_into_a_dataset_and_drops_them_into_a_graph() -> None:
    from rdflib import Dataset, Graph

    quads = [
        ox.Quad(
            ox.NamedNode(str(S)),
            ox.NamedNode(str(P)),
            ox.Literal("01", datatype=ox.NamedNode(str(XSD.integer))),
            ox.NamedNode(str(G)),
        )
    ]
    dataset = to_dataset(quads, Dataset())
    assert len(dataset.graph(G)) == 1
    assert len(dataset.graph(URIRef("https://w3id.org/zhangjiang-kg/graph/ontology"))) == 0
    graph = to_graph(quads, Graph())
    assert [str(o) for o in graph.objects()] == ["01"]  # the lexical form as written
    assert list(rdflib_quads(dataset)) == quads


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (Literal("x"), Literal("x", datatype=XSD.string)),
        (Literal("1.50", datatype=XSD.decimal), Literal("1.5", datatype=XSD.decimal)),
        (Literal("134520693915.00", datatype=XSD.decimal), Literal("134520693915", datatype=XSD.decimal)),
        (Literal("007", datatype=XSD.integer), Literal("7", datatype=XSD.integer)),
        (Literal("Shanghai", lang="EN"), Literal("Shanghai", lang="en")),
        (ox.Literal("1.50", datatype=ox.NamedNode(XSD.decimal)), Literal("1.5", datatype=XSD.decimal)),
        (ox.NamedNode("http://a"), URIRef("http://a")),
    ],
)
def test_terms_engines_write_differently_are_the_same(left: object, right: object) -> None:
    assert canonical_term(left) == canonical_term(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (Literal("1.5", datatype=XSD.decimal), Literal("1.5", datatype=XSD.double)),
        (Literal("2", datatype=XSD.integer), Literal("2", datatype=XSD.decimal)),
        (Literal("x"), Literal("x", lang="en")),
        (Literal("2017-12-07", datatype=XSD.date), Literal("2017-12-07")),
        (URIRef("http://a"), Literal("http://a")),
    ],
)
def test_terms_that_differ_in_value_or_datatype_stay_different(left: object, right: object) -> None:
    assert canonical_term(left) != canonical_term(right)


def test_result_multiset_ignores_order_but_counts_duplicates() -> None:
    a, b = ox.Literal("a"), ox.Literal("b")
    one = QueryResult(variables=["x"], rows=[{"x": a}, {"x": b}, {"x": a}])
    same = QueryResult(
        variables=["x"], rows=[{"x": b}, {"x": a}, {"x": ox.Literal("a", datatype=ox.NamedNode(XSD.string))}]
    )
    fewer = QueryResult(variables=["x"], rows=[{"x": a}, {"x": b}])
    assert result_multiset(one) == result_multiset(same)
    assert result_multiset(one) != result_multiset(fewer)
    assert result_multiset(QueryResult([], boolean=True)) != result_multiset(QueryResult([], boolean=False))
