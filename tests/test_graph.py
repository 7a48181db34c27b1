"""Loading: named graphs, user paths, strict syntax errors with positions, no network, source lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, URIRef

from zhangjiang_kg import resources
from zhangjiang_kg.errors import InputError, NetworkAccessError, RdfSyntaxError
from zhangjiang_kg.graph import GRAPH_DATA, GRAPH_ONTOLOGY, GRAPH_SHAPES, PREFIXES, expand_paths, load

ZJ = PREFIXES["zj"]
ZJO = PREFIXES["zjo"]


def test_packaged_graph_loads_into_three_named_graphs(shipped_kg) -> None:
    names = {str(g.identifier) for g in shipped_kg.dataset.graphs()}
    assert {GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_SHAPES} <= names
    assert len(shipped_kg.ontology) > 0
    assert len(shipped_kg.data) > 0
    assert (URIRef(ZJ + "zhangjiang-zone"), RDF.type, URIRef(ZJO + "InnovationZone")) in shipped_kg.data
    # the ontology is not mixed into the data graph
    assert (URIRef("https://w3id.org/zhangjiang-kg/ontology"), None, None) not in shipped_kg.data


def test_packaged_files_are_found_in_the_checkout() -> None:
    root = resources.graph_root()
    assert (root / "ontology" / "zhangjiang.ttl").is_file()
    assert resources.data_files(), "no data files found"
    assert all(not resources.is_shapes_file(p) for p in resources.ontology_files())
    assert all(resources.is_shapes_file(p) for p in resources.shapes_files())


def test_fixture_graph_counts(mini_kg) -> None:
    assert len(mini_kg.data) == 18
    assert len(mini_kg.shapes) == 19
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


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix ex: <http://example.org/> .\nex:a ex:p "x" .\nex:b ex:p ex:c\nex:d ex:p 1 .\n')
    with pytest.raises(RdfSyntaxError) as caught:
        load([path])
    error = caught.value
    assert error.path == str(path)
    assert (error.line, error.column) == (4, 1)
    assert str(error).startswith(f"{path}:4:1: ")
    assert "dot" in str(error)


def test_undefined_prefix_is_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "prefix.ttl"
    path.write_text("nope:a nope:b nope:c .\n")
    with pytest.raises(RdfSyntaxError) as caught:
        load([path])
    assert caught.value.line == 1


@pytest.mark.parametrize(
    ("suffix", "content"),
    [
        (".nt", "<http://example.org/a> <http://example.org/p> .\n"),
        (".rdf", "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><unclosed>"),
        (".jsonld", '{"@id": "http://example.org/a", '),
        (".ttl", b"\xff\xfe\x00garbage"),
    ],
)
def test_every_syntax_is_checked_strictly(tmp_path: Path, suffix: str, content: str | bytes) -> None:
    path = tmp_path / f"bad{suffix}"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(RdfSyntaxError) as caught:
        load([path])
    assert caught.value.path == str(path)


def test_other_syntaxes_load(tmp_path: Path) -> None:
    nt = tmp_path / "a.nt"
    nt.write_text("<http://example.org/a> <http://example.org/p> \"x\" .\n")
    jsonld = tmp_path / "b.jsonld"
    jsonld.write_text(json.dumps({"@id": "http://example.org/b", "http://example.org/p": "y"}))
    kg = load([nt, jsonld])
    assert len(kg.data) == 2


def test_jsonld_remote_context_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": "https://schema.org/", "@id": "http://example.org/a", "name": "x"}))
    with pytest.raises(NetworkAccessError, match=r"@context <https://schema.org/>.*refused"):
        load([path])


def test_jsonld_nested_remote_context_is_refused(tmp_path: Path) -> None:
    document = {"@graph": [{"@context": ["http://example.org/ctx.jsonld"], "@id": "http://example.org/a"}]}
    path = tmp_path / "nested.jsonld"
    path.write_text(json.dumps(document))
    with pytest.raises(NetworkAccessError):
        load([path])


def test_owl_imports_of_a_url_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "imports.ttl"
    path.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<http://example.org/o> a owl:Ontology ; owl:imports <http://www.w3.org/2004/02/skos/core> .\n"
    )
    with pytest.raises(NetworkAccessError, match="owl:imports <http://www.w3.org/2004/02/skos/core>"):
        load(ontology=[path])


def test_relative_iris_resolve_against_the_file(tmp_path: Path) -> None:
    path = tmp_path / "rel.ttl"
    path.write_text("<#a> <#p> <other> .\n")
    kg = load([path])
    (subject, _, obj), = list(kg.data)
    assert str(subject) == path.resolve().as_uri() + "#a"
    assert str(obj) == (tmp_path / "other").resolve().as_uri()
