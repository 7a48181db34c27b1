"""The project's shapes with every failing fixture: the same findings as pySHACL with RDFS inference.

Each fixture under tests/fixtures/shapes is the valid base graph with one change; its ``# expect:``
lines name the one result pySHACL gives (tests/test_shapes.py proves that against pySHACL). Here
this engine must give exactly that result, and for a sample of fixtures (every one in the slow
run) the whole result multiset, values and severities included, is compared with pySHACL's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from shacl_helpers import (  # type: ignore[import-not-found]
    DATA,
    ONTOLOGY,
    ROOT,
    engine_keys,
    ox_triples,
    pyshacl_keys,
    store_of,
)
from zhangjiang_kg.shacl import Report, validate_store
from zhangjiang_kg.shacl.paths import path_key
from zhangjiang_kg.vocab import PREFIXES

CASES = ROOT / "tests" / "fixtures" / "shapes"
BASE = CASES / "base.ttl"
#: Fixtures whose full result multiset is compared with pySHACL in the quick run: they exercise
#: sh:or, sh:xone, sh:not, sh:qualifiedValueShape, sh:in, sh:languageIn, inverse and sequence paths.
SAMPLE = (
    "figure-value-approximate-with-minvalue",
    "figure-value-bound-with-value",
    "count-with-currency",
    "target-selectors-three",
    "target-quote-missing",
    "status-not-in-scheme",
    "label-not-english",
    "sourced-evidence-missing",
    "figure-measure-not-in-scheme",
    "text-sha256-short",
)


def short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and prefix:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def path_short(path: Any) -> str:
    if path is None:
        return "-"
    if isinstance(path, ox.NamedNode):
        return short(path.value)
    if path.kind == "inverse":
        return "^" + path_short(path.items[0])
    if path.kind == "sequence":
        return "/".join(path_short(p) for p in path.items)
    return path_key(path)


def header(path: Path, key: str) -> list[str]:
    return [
        line.split(":", 1)[1].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith(f"# {key}:")
    ]


def case_graph(path: Path) -> Any:
    """The base graph, the fixture's ``# remove:`` triples taken out and its body added (rdflib)."""
    from rdflib import Graph

    prefixes = "\n".join(line for line in BASE.read_text(encoding="utf-8").splitlines() if line.startswith("@prefix"))
    graph = Graph().parse(BASE, format="turtle")
    for triple in Graph().parse(data=prefixes + "\n" + "\n".join(header(path, "remove")), format="turtle"):
        assert triple in graph, f"{path.name}: removes a triple the base does not have"
        graph.remove(triple)
    graph.parse(data=prefixes + "\n" + path.read_text(encoding="utf-8"), format="turtle")
    return graph


def run_engine(data: list[ox.Triple], ontology: list[ox.Triple], shapes: list[ox.Triple]) -> Report:
    store = store_of({DATA: data, ONTOLOGY: ontology})
    report = validate_store(store, data_graphs=[DATA, ONTOLOGY], shapes=shapes, rdfs=True)
    assert report.delegated == []
    assert report.shape_errors == []
    assert not store.contains_named_graph(ox.NamedNode("urn:x-zhangjiang-kg:shacl:inferred"))  # cleaned up
    return report


def fixtures() -> list[Path]:
    return sorted(p for p in CASES.glob("*.ttl") if p != BASE)


def test_the_base_graph_conforms(project_ontology: list[ox.Triple], project_shapes: list[ox.Triple]) -> None:
    report = run_engine(ox_triples(case_graph(BASE)), project_ontology, project_shapes)
    assert report.conforms, report.results
    assert report.queries > 50  # every shape ran, one query per component at least


@pytest.mark.parametrize("case", fixtures(), ids=lambda p: p.stem)
def test_fixture_gives_its_expected_result(
    case: Path, project_ontology: list[ox.Triple], project_shapes: list[ox.Triple]
) -> None:
    report = run_engine(ox_triples(case_graph(case)), project_ontology, project_shapes)
    got = sorted(
        (short(str(r.source_shape)[1:-1]), short(str(r.focus)[1:-1]), path_short(r.path), short(r.component.value))
        for r in report.results
    )
    expected = sorted(tuple(line.split()) for line in header(case, "expect"))
    assert got == expected


def _pyshacl_equal(case: Path, ontology: list[ox.Triple], shapes: list[ox.Triple]) -> None:
    from rdflib import Graph

    data = case_graph(case)
    merged = Graph()
    for t in data:
        merged.add(t)
    merged.parse(data="\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in ontology), format="nt")
    shapes_graph = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    conforms, expected = pyshacl_keys(merged, shapes_graph, inference="rdfs")
    report = run_engine(ox_triples(data), ontology, shapes)
    assert engine_keys(report) == expected
    assert report.conforms == conforms


@pytest.mark.parametrize("name", SAMPLE)
def test_sample_matches_pyshacl_in_full(
    name: str, project_ontology: list[ox.Triple], project_shapes: list[ox.Triple]
) -> None:
    _pyshacl_equal(CASES / f"{name}.ttl", project_ontology, project_shapes)


@pytest.mark.slow
@pytest.mark.parametrize("case", fixtures(), ids=lambda p: p.stem)
def test_every_fixture_matches_pyshacl_in_full(
    case: Path, project_ontology: list[ox.Triple], project_shapes: list[ox.Triple]
) -> None:
    _pyshacl_equal(case, project_ontology, project_shapes)
