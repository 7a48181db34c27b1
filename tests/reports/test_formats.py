"""Every format of the one report table, on a ``validate`` report and on a ``check`` report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.errors import UnknownFormatError
from zhangjiang_kg.reports.formats import REPORT_FORMATS, render
from zhangjiang_kg.vocab import PREFIXES, SH

SHACL = "tests/fixtures/check/trips/shacl.ttl"
QUALITY = "tests/fixtures/check/trips/ontology/quality.ttl"
ZJ = PREFIXES["zj"]


def test_one_table_feeds_both_commands() -> None:
    assert list(REPORT_FORMATS) == ["text", "json", "turtle", "junit", "sarif", "github"]
    for command in ("validate", "check"):
        option = next(p for p in cli.commands[command].params if p.name == "fmt")
        assert tuple(option.type.choices) == tuple(REPORT_FORMATS)  # type: ignore[attr-defined]
    with pytest.raises(UnknownFormatError, match="valid formats: text, json, turtle, junit, sarif, github"):
        render(None, "yaml")  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", list(REPORT_FORMATS))
def test_every_format_renders_both_reports(fmt: str, bad_report, check_report) -> None:  # type: ignore[no-untyped-def]
    for report in (bad_report, check_report):
        text = render(report, fmt)
        assert text.endswith("\n")
        assert "zj:" in text or ZJ in text
        assert render(report, fmt) == text  # the same report gives the same bytes


# -- validate ------------------------------------------------------------------------------------


def test_validate_text(bad_report, bad_file: Path) -> None:  # type: ignore[no-untyped-def]
    text = render(bad_report, "text")
    assert text.startswith(f"{bad_file}\n  7:1      error    shacl/zjsh:FundShape-label  zj:bad-fund  path rdfs:label")
    assert "sh:MinCountConstraintComponent\n           a fund needs a label\n" in text
    assert text.rstrip().endswith(
        "Graph does NOT conform: 4 violation(s), 0 warning(s), 0 info; checked 5 shape(s) and 1 violation query(ies)."
    )
    assert "Steps:" not in text


def test_validate_json(bad_report, bad_file: Path) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(render(bad_report, "json"))
    assert (document["conforms"], document["exitCode"], document["violations"]) == (False, 1, 4)
    first = document["results"][0]
    assert (first["file"], first["line"], first["step"]) == (str(bad_file), 7, "shacl")
    assert {"focusNode", "resultPath", "value", "sourceConstraintComponent", "resultSeverity", "sourceShape"} <= set(
        first
    )
    assert [s["name"] for s in document["steps"]] == ["shacl", "violation-queries"]


def test_validate_turtle_is_a_shacl_report(bad_report) -> None:  # type: ignore[no-untyped-def]
    graph = Graph().parse(data=render(bad_report, "turtle"), format="turtle")
    report = graph.value(predicate=URIRef(SH + "conforms"), object=Literal(False))
    assert report is not None
    assert len(list(graph.objects(report, URIRef(SH + "result")))) == 4
    assert (None, URIRef(SH + "focusNode"), URIRef(ZJ + "bad-figure")) in graph


def test_validate_github(bad_report, bad_file: Path) -> None:  # type: ignore[no-untyped-def]
    lines = render(bad_report, "github").splitlines()
    assert lines[0].startswith(f"::error file={bad_file},line=7,col=1,title=zjkg shacl/zjsh%3AFundShape-label::")
    assert lines[-1].startswith("Graph does NOT conform")


# -- check ---------------------------------------------------------------------------------------


def test_check_json(check_report) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(render(check_report, "json"))
    assert document["exitCode"] == 1
    assert document["counts"] == {"error": check_report.count("error"), "warning": 1, "note": 0}
    assert next(s for s in document["steps"] if s["name"] == "shacl")["status"] == "failed"
    shacl = next(r for r in document["results"] if r["step"] == "shacl")
    assert {k: shacl[k] for k in ("file", "line", "rule", "resultMessage")} == {
        "file": SHACL,
        "line": 9,
        "rule": "zjsh:FundShape-label",
        "resultMessage": "a fund needs a label",
    }


def test_check_github_annotations(check_report) -> None:  # type: ignore[no-untyped-def]
    lines = render(check_report, "github").splitlines()
    assert lines[0].startswith("::error file=")
    assert (
        f"::error file={SHACL},line=9,col=1,title=zjkg shacl/zjsh%3AFundShape-label::"
        "zj:unlabelled-fund: a fund needs a label"
    ) in lines
    assert any(line.startswith(f"::warning file={QUALITY},line=14,") for line in lines)
    assert lines[-1].startswith("zjkg check FAILED")


def test_check_text_grouped_by_file(check_report) -> None:  # type: ignore[no-untyped-def]
    text = render(check_report, "text")
    assert text.splitlines()[0] in (SHACL, QUALITY, "tests/fixtures/check/base/ontology/base.ttl")
    assert (
        f"{SHACL}\n  9:1      error    shacl/zjsh:FundShape-label  zj:unlabelled-fund  path rdfs:label  "
        "sh:MinCountConstraintComponent\n           a fund needs a label\n"
    ) in text
    assert "\nSteps:\n" in text


def test_check_text_most_severe_first_within_a_file(check_report) -> None:  # type: ignore[no-untyped-def]
    text = render(check_report, "text")
    start = text.index(f"{QUALITY}\n")
    block = text[start : text.index("\n\n", start)]
    assert block.index(" error ") < block.index(" warning ")
    assert text.index(QUALITY) < text.index("\nSteps:\n")


def test_check_turtle_holds_only_the_shacl_results(check_report) -> None:  # type: ignore[no-untyped-def]
    graph = Graph().parse(data=render(check_report, "turtle"), format="turtle")
    results = list(graph.subjects(URIRef(SH + "focusNode"), None))
    assert len(results) == 1  # the SHACL finding; the quality warning is about the ontology, not a shape
    assert list(graph.objects(None, URIRef(SH + "conforms"))) == [Literal(False)]
