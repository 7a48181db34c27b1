"""The rdflib engine: named graphs, user paths and source lines (parsing itself: tests/rdfio/test_parse.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, URIRef
from zhangjiang_kg import resources
from zhangjiang_kg.errors import InputError
from zhangjiang_kg.rdfio.parse import expand_paths
from zhangjiang_kg.vocab import GRAPH_DATA, GRAPH_ONTOLOGY, GRAPH_SHAPES, PREFIXES

from rdflib_oracle import load, view

ZJ = PREFIXES["zj"]
ZJO = PREFIXES["zjo"]


def test_packaged_graph_loads_into_three_named_graphs(shipped_kg) -> None:
    names = {str(g.identifier) for g in view(shipped_kg).dataset.graphs()}
    assert {GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_SHAPES} <= names
    assert len(view(shipped_kg).ontology) > 0
    assert len(view(shipped_kg).data) > 0
    assert (URIRef(ZJ + "zhangjiang-zone"), RDF.type, URIRef(ZJO + "InnovationZone")) in view(shipped_kg).data
    # the ontology is not mixed into the data graph
    assert (URIRef("https://w3id.org/zhangjiang-kg/ontology"), None, None) not in view(shipped_kg).data


def test_packaged_files_are_found_in_the_checkout() -> None:
    root = resources.graph_root()
    assert (root / "ontology" / "zhangjiang.ttl").is_file()
    assert resources.data_files(), "no data files found"
    assert all(not resources.is_shapes_file(p) for p in resources.ontology_files())
    assert all(resources.is_shapes_file(p) for p in resources.shapes_files())


def test_fixture_graph_counts(mini_kg) -> None:
    assert len(view(mini_kg).data) == 18
    assert len(view(mini_kg).shapes) == 19
    assert [p.name for p in mini_kg.files["data"]] == ["funds.ttl", "places.ttl"]


def test_folder_and_file_paths_are_expanded_without_duplicates(mini: Path) -> None:
    files = expand_paths([mini / "data", mini / "data" / "funds.ttl"])
    assert [p.name for p in files] == ["funds.ttl", "places.ttl"]


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        load([tmp_path / "nope.ttl"])


def test_empty_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="holds no RDF files"):
        load([tmp_path])


def test_unknown_suffix_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_text("<a:b> <a:c> <a:d> .")
    with pytest.raises(InputError, match="cannot tell the RDF format"):
        load([path])


def test_background_knowledge_loads_into_its_own_graph_and_exports(shipped_kg) -> None:
    from zhangjiang_kg.vocab import GRAPH_BACKGROUND

    shanghai_in_china = (URIRef(ZJ + "shanghai"), URIRef("https://schema.org/containedInPlace"), URIRef(ZJ + "china"))
    assert shanghai_in_china in view(shipped_kg).graph("background")
    assert shanghai_in_china not in view(shipped_kg).data
    assert shanghai_in_china in view(shipped_kg).merged()
    assert [p.parent.name for p in shipped_kg.files["background"]] == ["background"] * len(
        shipped_kg.files["background"]
    )
    quads = shipped_kg.export("nquads").decode("utf-8")
    assert f"<{ZJ}shanghai> <https://schema.org/containedInPlace> <{ZJ}china> <{GRAPH_BACKGROUND}> ." in quads
    # nothing in the background graph claims to come from the article
    derived = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    assert (None, derived, URIRef(ZJ + "article")) not in view(shipped_kg).graph("background")


def test_a_data_folder_splits_background_files_off(tmp_path: Path) -> None:
    (tmp_path / "background").mkdir()
    (tmp_path / "a.ttl").write_text(f"<{ZJ}a> a <{ZJO}Fund> .\n", encoding="utf-8")
    (tmp_path / "background" / "b.ttl").write_text(f"<{ZJ}a> <{ZJO}x> <{ZJ}b> .\n", encoding="utf-8")
    kg = load([tmp_path])
    assert len(kg.data) == 1
    assert len(kg.graph("background")) == 1
