"""Golden structure of every `zjkg check` output format: SARIF 2.1.0, JUnit XML, JSON, GitHub, text."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from zhangjiang_kg.check import resolve_target, run_check
from zhangjiang_kg.reports.text import CHECK_FORMATS, render_check
from zhangjiang_kg.cli_check import CHECK_FORMATS as CLI_FORMATS
from zhangjiang_kg.errors import UnknownFormatError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "check"
SHACL = "tests/fixtures/check/trips/shacl.ttl"
QUALITY = "tests/fixtures/check/trips/ontology/quality.ttl"


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(Path(__file__).resolve().parents[2])
        return run_check(
            resolve_target([FIXTURES / "base", FIXTURES / "trips" / "shacl.ttl", FIXTURES / "trips" / "ontology" / "quality.ttl"]),
            source_text=FIXTURES / "base" / "source.txt",
        )


def test_registry_matches_cli() -> None:
    assert tuple(CHECK_FORMATS) == CLI_FORMATS
    with pytest.raises(UnknownFormatError):
        render_check(None, "pdf")  # type: ignore[arg-type]


def test_sarif_required_structure(report) -> None:  # type: ignore[no-untyped-def]
    log = json.loads(render_check(report, "sarif"))
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "zjkg"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert run["results"], "the fixture has findings"
    for result in run["results"]:
        assert result["ruleId"] in rule_ids and rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"]["startLine"] >= 1
    shacl = next(r for r in run["results"] if r["ruleId"] == "shacl/zjsh:FundShape-label")
    assert shacl["level"] == "error" and shacl["message"]["text"] == "a fund needs a label"
    assert shacl["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == SHACL
    assert shacl["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    assert shacl["properties"]["focusNode"] == "https://w3id.org/zhangjiang-kg/id/unlabelled-fund"
    warning = next(r for r in run["results"] if r["ruleId"] == "ontology-quality/missing_definition")
    assert warning["level"] == "warning"
    assert run["invocations"][0]["exitCode"] == 1


def test_junit_well_formed(report) -> None:  # type: ignore[no-untyped-def]
    root = ET.fromstring(render_check(report, "junit"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [s.name for s in report.steps]
    failures = root.findall(".//testcase/failure")
    assert int(root.get("failures")) == len(failures) == sum(int(s.get("failures")) for s in suites)
    assert int(root.get("tests")) == len(root.findall(".//testcase"))
    case = next(c for c in root.iter("testcase") if c.get("file") == SHACL)
    assert case.get("line") == "9" and case.find("failure").get("message") == "a fund needs a label"
    assert case.get("classname") == "zjkg.shacl"
    assert root.find(".//testsuite[@name='parse']/testcase").find("failure") is None


def test_json(report) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(render_check(report, "json"))
    assert document["exitCode"] == 1
    assert document["counts"] == {"error": report.count("error"), "warning": 1, "note": 0}
    shacl = next(s for s in document["steps"] if s["name"] == "shacl")
    assert shacl["status"] == "failed"
    assert shacl["findings"][0] | {} == shacl["findings"][0]
    assert {k: shacl["findings"][0][k] for k in ("file", "line", "rule", "message")} == {
        "file": SHACL, "line": 9, "rule": "zjsh:FundShape-label", "message": "a fund needs a label"}


def test_github_annotations(report) -> None:  # type: ignore[no-untyped-def]
    lines = render_check(report, "github").splitlines()
    assert lines[0].startswith("::error file=")
    assert (f"::error file={SHACL},line=9,col=1,title=zjkg shacl/zjsh%3AFundShape-label::"
            "zj:unlabelled-fund: a fund needs a label") in lines
    assert any(line.startswith(f"::warning file={QUALITY},line=14,") for line in lines)
    assert lines[-1].startswith("zjkg check FAILED")


def test_text_grouped_by_file(report) -> None:  # type: ignore[no-untyped-def]
    text = render_check(report, "text")
    assert text.splitlines()[0] in (SHACL, QUALITY, "tests/fixtures/check/base/ontology/base.ttl")
    assert f"{SHACL}\n  9:1      error    shacl/zjsh:FundShape-label  zj:unlabelled-fund  path rdfs:label\n" in text
    assert "           a fund needs a label\n" in text
