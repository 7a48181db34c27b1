"""Parsing, the same on both engines: strict syntax errors with positions, every syntax, no network."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from zhangjiang_kg.errors import NetworkAccessError, RdfSyntaxError

from rdflib_oracle import open_side as open_engine


@pytest.fixture(params=["rdflib", "oxigraph"])
def engine(request: pytest.FixtureRequest) -> str:
    """Each parsing test runs on both engines: they read files through the same parser."""
    return str(request.param)


def load_on(engine: str, data: list[Path], **parts: Any) -> Any:
    """Load data files with no ontology or shapes unless given."""
    parts.setdefault("ontology", [])
    parts.setdefault("shapes", [])
    return open_engine(engine, data, **parts)


def test_syntax_error_names_file_line_and_column(engine: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix ex: <http://example.org/> .\nex:a ex:p "x" .\nex:b ex:p ex:c\nex:d ex:p 1 .\n')
    with pytest.raises(RdfSyntaxError) as caught:
        load_on(engine, [path])
    error = caught.value
    assert error.path == str(path)
    assert (error.line, error.column) == (4, 1)
    assert str(error).startswith(f"{path}:4:1: ")
    assert "dot" in str(error)


def test_undefined_prefix_is_a_syntax_error(engine: str, tmp_path: Path) -> None:
    path = tmp_path / "prefix.ttl"
    path.write_text("nope:a nope:b nope:c .\n")
    with pytest.raises(RdfSyntaxError) as caught:
        load_on(engine, [path])
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
def test_every_syntax_is_checked_strictly(engine: str, tmp_path: Path, suffix: str, content: str | bytes) -> None:
    path = tmp_path / f"bad{suffix}"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(RdfSyntaxError) as caught:
        load_on(engine, [path])
    assert caught.value.path == str(path)


def test_other_syntaxes_load(engine: str, tmp_path: Path) -> None:
    nt = tmp_path / "a.nt"
    nt.write_text('<http://example.org/a> <http://example.org/p> "x" .\n')
    jsonld = tmp_path / "b.jsonld"
    jsonld.write_text(json.dumps({"@id": "http://example.org/b", "http://example.org/p": "y"}))
    kg = load_on(engine, [nt, jsonld])
    assert kg.count("data") == 2


def test_jsonld_remote_context_is_refused(engine: str, tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": "https://schema.org/", "@id": "http://example.org/a", "name": "x"}))
    with pytest.raises(NetworkAccessError, match=r"@context <https://schema.org/>.*refused"):
        load_on(engine, [path])


def test_jsonld_nested_remote_context_is_refused(engine: str, tmp_path: Path) -> None:
    document = {"@graph": [{"@context": ["http://example.org/ctx.jsonld"], "@id": "http://example.org/a"}]}
    path = tmp_path / "nested.jsonld"
    path.write_text(json.dumps(document))
    with pytest.raises(NetworkAccessError):
        load_on(engine, [path])


def test_owl_imports_of_a_url_is_refused(engine: str, tmp_path: Path) -> None:
    path = tmp_path / "imports.ttl"
    path.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<http://example.org/o> a owl:Ontology ; owl:imports <http://www.w3.org/2004/02/skos/core> .\n"
    )
    with pytest.raises(NetworkAccessError, match=re.escape("owl:imports <http://www.w3.org/2004/02/skos/core>")):
        load_on(engine, [], ontology=[path])


def test_relative_iris_resolve_against_the_file(engine: str, tmp_path: Path) -> None:
    path = tmp_path / "rel.ttl"
    path.write_text("<#a> <#p> <other> .\n")
    kg = load_on(engine, [path])
    (quad,) = list(kg.quads(["data"]))
    assert quad.subject.value == path.resolve().as_uri() + "#a"
    assert quad.object.value == (tmp_path / "other").resolve().as_uri()


def test_owl_imports_is_refused_in_data_files_too(engine: str, tmp_path: Path) -> None:
    path = tmp_path / "imports.nt"
    path.write_text("<http://example.org/o> <http://www.w3.org/2002/07/owl#imports> <https://example.org/other> .\n")
    with pytest.raises(NetworkAccessError, match=f"{path}: owl:imports <https://example.org/other>"):
        load_on(engine, [path])


def test_a_local_owl_import_is_only_a_triple(engine: str, tmp_path: Path) -> None:
    path = tmp_path / "imports.nt"
    path.write_text("<http://example.org/o> <http://www.w3.org/2002/07/owl#imports> <file:///nowhere.ttl> .\n")
    assert load_on(engine, [path]).count("data") == 1
