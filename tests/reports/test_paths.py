"""The one SHACL path model: both engines' findings hold it, and it reads, writes and prints the same way."""

from __future__ import annotations

import itertools
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, URIRef
from zhangjiang_kg.reports.paths import (
    PathError,
    PropertyPath,
    path_text,
    path_triples,
    read_path,
    read_rdflib_path,
    write_rdflib_path,
)
from zhangjiang_kg.reports.shacl import path_or_term
from zhangjiang_kg.vocab import RDF, ZJO

EX = "http://example.org/"
SH = "http://www.w3.org/ns/shacl#"
P, Q, R = (ox.NamedNode(ZJO + n) for n in "pqr")

#: Every person must be reached by these paths (the data has none, so each one fails once).
PATH_SHAPES = f"""@prefix zjo: <{ZJO}> .
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path ( zjo:p [ sh:inversePath zjo:q ] ) ; sh:minCount 1 ] ;
    sh:property [ sh:path [ sh:alternativePath ( zjo:p [ sh:oneOrMorePath zjo:r ] ) ] ; sh:minCount 1 ] ;
    sh:property [ sh:path [ sh:inversePath zjo:q ] ; sh:minCount 1 ] .
"""
EXPECTED = {
    PropertyPath("sequence", (P, PropertyPath("inverse", (Q,)))),
    PropertyPath("alternative", (P, PropertyPath("oneOrMore", (R,)))),
    PropertyPath("inverse", (Q,)),
}


def _both_engines(tmp_path: Path, prefixes: str) -> tuple[object, object]:
    """The reports of the pySHACL reference and of the compiled validator for PATH_SHAPES."""
    from zhangjiang_kg import store
    from zhangjiang_kg.validation import validate_compiled, validate_pyshacl

    data, shapes = tmp_path / "data.ttl", tmp_path / "shapes.ttl"
    data.write_text(prefixes + "ex:alice a ex:Person .\n")
    shapes.write_text(prefixes + PATH_SHAPES)
    reference = validate_pyshacl(store.load([data], ontology=[], shapes=[shapes]), run_queries=False)
    compiled = validate_compiled(store.load([data], ontology=[], shapes=[shapes]), run_queries=False)
    return reference, compiled


def test_both_engines_findings_hold_one_path_type(tmp_path: Path, shacl_prefixes: str) -> None:
    reference, compiled = _both_engines(tmp_path, shacl_prefixes)
    for report in (reference, compiled):
        paths = [f.path for f in report.results]  # type: ignore[attr-defined]
        assert {type(p) for p in paths} == {PropertyPath}
        assert set(paths) == EXPECTED
    texts = [sorted(path_text(f.path) for f in report.results) for report in (reference, compiled)]  # type: ignore[attr-defined]
    assert texts[0] == texts[1] == ["^zjo:q", "zjo:p/^zjo:q", "zjo:p|(zjo:r+)"]


def test_findings_print_paths_in_sparql_syntax() -> None:
    prefixed = {p.kind: path_text(p) for p in EXPECTED}
    assert prefixed == {"sequence": "zjo:p/^zjo:q", "alternative": "zjo:p|(zjo:r+)", "inverse": "^zjo:q"}
    assert path_text(PropertyPath("zeroOrMore", (PropertyPath("alternative", (P, Q)),))) == "(zjo:p|zjo:q)*"
    assert path_text(PropertyPath("inverse", (Q,)), full=True) == f"^<{ZJO}q>"
    assert path_text(P) == "zjo:p"
    assert path_text(None) == ""


@pytest.mark.parametrize("path", sorted(EXPECTED, key=repr), ids=lambda p: p.kind)
def test_a_path_written_as_triples_reads_back_the_same(path: PropertyPath) -> None:
    counter = itertools.count()
    top, triples = path_triples(path, lambda: ox.BlankNode(f"b{next(counter)}"))
    index: dict[tuple[object, str], list[object]] = {}
    for s, p, o in triples:
        index.setdefault((s, p.value), []).append(o)

    def members(node: object) -> list[object]:
        items, cell = [], node
        while (cell, RDF + "first") in index:
            items.append(index[(cell, RDF + "first")][0])
            cell = index[(cell, RDF + "rest")][0]
        return items

    assert read_path(top, lambda n, local: index.get((n, SH + local), []), members) == path  # type: ignore[arg-type]
    graph = Graph()
    assert read_rdflib_path(graph, write_rdflib_path(graph, path)) == path


@pytest.mark.parametrize(
    "turtle",
    [
        "ex:s sh:path ( ex:p ) .",  # a sequence of one
        "ex:s sh:path [ sh:alternativePath ( ex:p ) ] .",  # one alternative
        "ex:s sh:path _:loop . _:loop sh:inversePath _:loop .",  # a path made of itself
        f"ex:s sh:path _:cycle . _:cycle <{RDF}first> ex:p ; <{RDF}rest> _:cycle .",  # a cyclic list
        'ex:s sh:path "p" .',  # a literal
        "ex:s sh:path [ ex:p ex:q ] .",  # no SHACL path predicate at all
    ],
)
def test_ill_formed_paths_are_refused_and_reports_keep_the_term(turtle: str, shacl_prefixes: str) -> None:
    graph = Graph().parse(data=shacl_prefixes + turtle, format="turtle")
    node = graph.value(URIRef(EX + "s"), URIRef(SH + "path"))
    assert node is not None
    with pytest.raises(PathError):
        read_rdflib_path(graph, node)
    kept = path_or_term(graph, node)
    assert not isinstance(kept, PropertyPath)
    assert isinstance(node, BNode) == isinstance(kept, ox.BlankNode)
