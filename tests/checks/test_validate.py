"""Validation: which node, path and constraint failed, where in the file, and every report format.

Every test runs both validators, the default (compiled to SPARQL) and the pySHACL reference: they
must give the same findings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from zhangjiang_kg.errors import QuerySyntaxError
from zhangjiang_kg.reports.findings import VIOLATION
from zhangjiang_kg.reports.findings import Report as ValidationReport
from zhangjiang_kg.reports.formats import render
from zhangjiang_kg.reports.terms import plain
from zhangjiang_kg.store.graph import load
from zhangjiang_kg.validation import validate_compiled, validate_pyshacl
from zhangjiang_kg.validation.report import SPARQL_COMPONENT
from zhangjiang_kg.vocab import PREFIXES, SH

ZJ, ZJO, ZJSH = PREFIXES["zj"], PREFIXES["zjo"], PREFIXES["zjsh"]

BAD = (Path(__file__).resolve().parents[1] / "fixtures" / "validation" / "bad.ttl").read_text()


@pytest.fixture(params=[validate_compiled, validate_pyshacl], ids=["compiled", "pyshacl"])
def validate(request: pytest.FixtureRequest) -> Callable[..., ValidationReport]:
    """The validator under test."""
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def mini_graph(mini: Path):  # type: ignore[no-untyped-def]
    """The stand-in graph in an Oxigraph store."""
    return load([mini / "data"], ontology=[mini / "ontology" / "mini.ttl"], shapes=[mini / "ontology" / "shapes.ttl"])


@pytest.fixture
def bad_report(tmp_path: Path, mini: Path, validate: Callable[..., ValidationReport]) -> ValidationReport:
    path = tmp_path / "bad.ttl"
    path.write_text(BAD)
    kg = load(
        [mini / "data", path], ontology=[mini / "ontology" / "mini.ttl"], shapes=[mini / "ontology" / "shapes.ttl"]
    )
    return validate(kg, queries_dir=mini / "queries")


def _key(result) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    return (plain(result.focus_node), plain(result.path), result.constraint)


def test_the_fixture_graph_conforms(mini_graph, mini: Path, validate: Callable[..., ValidationReport]) -> None:
    report = validate(mini_graph, queries_dir=mini / "queries")
    assert report.conforms
    assert report.results == []
    assert ZJSH + "FundShape-label" in report.shapes
    assert report.checks == ["facts-without-derivation-violation"]


def test_validation_leaves_the_loaded_graph_as_it_was(
    mini_graph, mini: Path, validate: Callable[..., ValidationReport]
) -> None:
    before = {name: mini_graph.count(name) for name in ("ontology", "data", "shapes", "inferred")}
    validate(mini_graph, queries_dir=mini / "queries")
    assert {name: mini_graph.count(name) for name in before} == before


def test_the_shipped_graph_conforms(validate: Callable[..., ValidationReport]) -> None:
    report = validate(load())
    assert report.conforms, render(report, "text")


def test_shacl_results_name_node_path_constraint_and_line(bad_report: ValidationReport, tmp_path: Path) -> None:
    assert not bad_report.conforms
    shacl = {_key(r): r for r in bad_report.results if r.check == "shacl"}
    assert set(shacl) == {
        (ZJ + "bad-fund", PREFIXES["rdfs"] + "label", SH + "MinCountConstraintComponent"),
        (ZJ + "bad-fund", ZJO + "status", SH + "MaxCountConstraintComponent"),
        (ZJ + "bad-figure", "https://schema.org/value", SH + "DatatypeConstraintComponent"),
    }
    label = shacl[(ZJ + "bad-fund", PREFIXES["rdfs"] + "label", SH + "MinCountConstraintComponent")]
    assert label.message == "a fund needs a label"
    assert label.source_shape == ox.NamedNode(ZJSH + "FundShape-label")
    assert label.severity == VIOLATION
    assert (label.location.path, label.location.line) == (str(tmp_path / "bad.ttl"), 7)
    datatype = shacl[(ZJ + "bad-figure", "https://schema.org/value", SH + "DatatypeConstraintComponent")]
    assert datatype.value == ox.Literal("lots")
    assert datatype.location.line == 11


def test_rdfs_inference_applies_shapes_to_subclasses(bad_report: ValidationReport) -> None:
    # the figure shape targets zjo:Figure; bad-figure is only typed zjo:MonetaryFigure
    assert any(r.focus_node == ox.NamedNode(ZJ + "bad-figure") and r.check == "shacl" for r in bad_report.results)


def test_violation_queries_report_their_rows(bad_report: ValidationReport) -> None:
    checks = [r for r in bad_report.results if r.check == "facts-without-derivation-violation"]
    assert [r.focus_node for r in checks] == [ox.NamedNode(ZJ + "bad-figure")]
    assert checks[0].constraint == SPARQL_COMPONENT
    assert checks[0].location is not None
    assert checks[0].location.line == 11
    assert "status=zjo:Achieved" in checks[0].message


def test_results_are_sorted_by_file_and_line(bad_report: ValidationReport) -> None:
    keys = [r.sort_key() for r in bad_report.results]
    assert keys == sorted(keys)


def test_no_shapes_and_no_checks_conforms(
    tmp_path: Path, mini: Path, validate: Callable[..., ValidationReport]
) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(BAD)
    kg = load([path], ontology=[mini / "ontology" / "mini.ttl"], shapes=[])
    empty = tmp_path / "queries"
    empty.mkdir()
    report = validate(kg, queries_dir=empty)
    assert report.conforms
    assert report.shapes == []
    assert report.checks == []


def test_a_broken_violation_query_is_reported_not_ignored(
    tmp_path: Path, mini_graph, validate: Callable[..., ValidationReport]
) -> None:
    (tmp_path / "broken-violation.rq").write_text("SELECT ?x WHERE { ?x ?p }")
    with pytest.raises(QuerySyntaxError, match="broken-violation"):
        validate(mini_graph, queries_dir=tmp_path)
