"""In-process stores (rdflib memory, Oxigraph in memory and on disk) and cross-engine term equality."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import XSD, Literal, URIRef

from zhangjiang_kg.errors import StoreError
from zhangjiang_kg.results import QueryResult
from zhangjiang_kg.stores import STORES, canonical_term, copy_dataset, open_dataset, result_multiset

G = URIRef("https://w3id.org/zhangjiang-kg/graph/data")
S, P = URIRef("https://w3id.org/zhangjiang-kg/id/zone"), URIRef("http://www.w3.org/2000/01/rdf-schema#label")


@pytest.mark.parametrize("store", sorted(STORES))
def test_default_graph_is_the_union_of_the_named_graphs(store: str) -> None:
    dataset = open_dataset(store)
    dataset.graph(G).add((S, P, Literal("Zhangjiang")))
    rows = list(dataset.query("SELECT ?label WHERE { ?s ?p ?label }"))
    assert [str(row[0]) for row in rows] == ["Zhangjiang"]


def test_unknown_store_lists_the_valid_ones() -> None:
    with pytest.raises(StoreError, match="unknown store; valid stores: memory, oxigraph"):
        open_dataset("fuseki")


def test_memory_store_refuses_a_path(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot persist; use the oxigraph store"):
        open_dataset("memory", tmp_path / "db")


def test_oxigraph_on_disk_persists_and_is_locked_while_open(tmp_path: Path) -> None:
    location = tmp_path / "db"
    dataset = open_dataset("oxigraph", location)
    dataset.graph(G).add((S, P, Literal("Zhangjiang")))
    with pytest.raises(StoreError, match="in use by another process or store") as caught:
        open_dataset("oxigraph", location)
    assert caught.value.path == str(location)
    dataset.close()
    del dataset

    reopened = open_dataset("oxigraph", location)
    assert set(reopened.graph(G)) == {(S, P, Literal("Zhangjiang", datatype=XSD.string))}


def test_oxigraph_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("not a store")
    with pytest.raises(StoreError, match="not a directory"):
        open_dataset("oxigraph", path)


def test_copy_keeps_named_graphs_across_stores() -> None:
    source = open_dataset("memory")
    source.graph(G).add((S, P, Literal("Zhangjiang")))
    target = copy_dataset(source, open_dataset("oxigraph"))
    assert len(target.graph(G)) == 1
    assert len(target.graph(URIRef("https://w3id.org/zhangjiang-kg/graph/ontology"))) == 0


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (Literal("x"), Literal("x", datatype=XSD.string)),
        (Literal("1.50", datatype=XSD.decimal), Literal("1.5", datatype=XSD.decimal)),
        (Literal("134520693915.00", datatype=XSD.decimal), Literal("134520693915", datatype=XSD.decimal)),
        (Literal("007", datatype=XSD.integer), Literal("7", datatype=XSD.integer)),
        (Literal("Shanghai", lang="EN"), Literal("Shanghai", lang="en")),
    ],
)
def test_terms_engines_write_differently_are_the_same(left: Literal, right: Literal) -> None:
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
    a, b = Literal("a"), Literal("b")
    one = QueryResult(variables=["x"], rows=[{"x": a}, {"x": b}, {"x": a}])
    same = QueryResult(variables=["x"], rows=[{"x": b}, {"x": a}, {"x": Literal("a", datatype=XSD.string)}])
    fewer = QueryResult(variables=["x"], rows=[{"x": a}, {"x": b}])
    assert result_multiset(one) == result_multiset(same)
    assert result_multiset(one) != result_multiset(fewer)
    assert result_multiset(QueryResult([], boolean=True)) != result_multiset(QueryResult([], boolean=False))
