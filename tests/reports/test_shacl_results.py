"""What a SHACL report says: top-level results only, SHACL's sh:conforms, paths that print the same every run."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.reports.formats import render
from zhangjiang_kg.reports.paths import PropertyPath
from zhangjiang_kg.reports.shacl import findings_from_graph, top_level_results
from zhangjiang_kg.vocab import SH

EX = "http://example.org/"

# sh:node: the address fails AddressShape; the validator explains that with a nested result.
NESTED_DATA = 'ex:alice a ex:Person ; ex:address ex:home .\nex:home ex:street "Main" .\n'
NESTED_SHAPES = """ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path ex:address ; sh:node ex:AddressShape ] .
ex:AddressShape a sh:NodeShape ; sh:property [ sh:path ex:city ; sh:minCount 1 ] .
"""

WARNING_SHAPES = """ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ; sh:severity sh:Warning ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:severity sh:Warning ] .
"""

INVERSE_SHAPES = """ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path [ sh:inversePath ex:knows ] ; sh:minCount 1 ] .
"""


def test_nested_results_under_sh_detail_are_not_counted(validate_snippet: Callable[..., object]) -> None:
    report = validate_snippet(NESTED_DATA, NESTED_SHAPES)
    findings = report.results  # type: ignore[attr-defined]
    assert [(f.focus_node, f.constraint) for f in findings] == [
        (ox.NamedNode(EX + "alice"), SH + "NodeConstraintComponent")
    ]
    assert report.count("Violation") == 1  # type: ignore[attr-defined]


def test_top_level_results_skip_details_even_without_a_report_node() -> None:
    graph = Graph().parse(
        data=f"""@prefix sh: <{SH}> . @prefix ex: <{EX}> .
        ex:r1 a sh:ValidationResult ; sh:focusNode ex:a ; sh:detail ex:r2 .
        ex:r2 a sh:ValidationResult ; sh:focusNode ex:b .""",
        format="turtle",
    )
    assert top_level_results(graph) == [URIRef(EX + "r1")]
    assert [f.focus_node for f in findings_from_graph(graph, lambda _: None)] == [ox.NamedNode(EX + "a")]


def test_warnings_make_sh_conforms_false_but_do_not_fail(validate_snippet: Callable[..., object]) -> None:
    report = validate_snippet("ex:alice a ex:Person .\n", WARNING_SHAPES)
    assert (report.conforms, report.passed, report.exit_code) == (False, True, 0)  # type: ignore[attr-defined]
    graph = Graph().parse(data=render(report, "turtle"), format="turtle")  # type: ignore[arg-type]
    assert list(graph.objects(None, URIRef(SH + "conforms"))) == [Literal(False)]
    assert list(graph.objects(None, URIRef(SH + "resultSeverity"))) == [URIRef(SH + "Warning")]
    assert json.loads(render(report, "json"))["conforms"] is False  # type: ignore[arg-type]
    assert (
        render(report, "text")
        .splitlines()[-1]
        .startswith(  # type: ignore[arg-type]
            "Graph does not conform, warnings only: 0 violation(s), 1 warning(s)"
        )
    )


def test_warnings_alone_exit_0_from_the_cli(tmp_path: Path, shacl_prefixes: str) -> None:
    (tmp_path / "data.ttl").write_text(shacl_prefixes + "ex:alice a ex:Person .\n")
    (tmp_path / "shapes.ttl").write_text(shacl_prefixes + WARNING_SHAPES)
    args = [
        "validate",
        str(tmp_path / "data.ttl"),
        "--shapes",
        str(tmp_path / "shapes.ttl"),
        "--queries",
        str(tmp_path),
        "--format",
        "turtle",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "sh:conforms false" in result.output


def test_inverse_paths_print_the_same_on_every_run(validate_snippet: Callable[..., object]) -> None:
    runs = [validate_snippet("ex:alice a ex:Person .\n", INVERSE_SHAPES) for _ in range(2)]
    for run in runs:
        for step in run.steps:  # type: ignore[attr-defined]
            step.seconds = 0.0  # only the times may differ between runs
    finding = runs[0].results[0]  # type: ignore[attr-defined]
    assert finding.path == PropertyPath("inverse", (ox.NamedNode(EX + "knows"),))
    for fmt in ("text", "json", "sarif", "github", "junit", "turtle"):
        first, second = (render(run, fmt) for run in runs)  # type: ignore[arg-type]
        assert first == second, fmt
        assert "_:" not in first, fmt
    assert "path ^<http://example.org/knows>" in render(runs[0], "text")  # type: ignore[arg-type]
    assert json.loads(render(runs[0], "json"))["results"][0]["resultPath"] == f"^<{EX}knows>"  # type: ignore[arg-type]
    graph = Graph().parse(data=render(runs[0], "turtle"), format="turtle")  # type: ignore[arg-type]
    path = graph.value(next(graph.subjects(URIRef(SH + "focusNode"), None)), URIRef(SH + "resultPath"))
    assert graph.value(path, URIRef(SH + "inversePath")) == URIRef(EX + "knows")


def test_blank_property_shapes_get_a_readable_rule(validate_snippet: Callable[..., object]) -> None:
    report = validate_snippet("ex:alice a ex:Person .\n", INVERSE_SHAPES)
    assert report.results[0].rule == f"<{EX}PersonShape> ^<{EX}knows>"  # type: ignore[attr-defined]
