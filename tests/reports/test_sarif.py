"""SARIF 2.1.0 logs from ``validate`` and ``check`` carry the properties the standard requires."""

from __future__ import annotations

import json
from typing import Any

import pytest
from zhangjiang_kg.reports.formats import render
from zhangjiang_kg.reports.sarif import artifact_location

SHACL = "tests/fixtures/check/trips/shacl.ttl"


def _required(log: dict[str, Any]) -> None:
    """The required properties of SARIF 2.1.0 (sarifLog, run, tool, toolComponent, result, message...)."""
    assert log["version"] == "2.1.0"
    assert "sarif-2.1.0" in log["$schema"]
    assert isinstance(log["runs"], list)
    assert log["runs"]
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert isinstance(driver["name"], str)
        assert driver["name"]
        rule_ids = [rule["id"] for rule in driver.get("rules", [])]
        assert len(rule_ids) == len(set(rule_ids))
        for rule in driver.get("rules", []):
            assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
        for invocation in run.get("invocations", []):
            assert isinstance(invocation["executionSuccessful"], bool)
        for result in run["results"]:
            assert result["message"]["text"]
            assert result["level"] in ("none", "note", "warning", "error")
            assert result["ruleId"] in rule_ids
            assert rule_ids[result["ruleIndex"]] == result["ruleId"]
            for location in result.get("locations", []):
                physical = location["physicalLocation"]
                artifact = physical["artifactLocation"]
                assert artifact["uri"]
                assert ("uriBaseId" in artifact) != artifact["uri"].startswith("file:")
                assert physical["region"]["startLine"] >= 1


def test_check_sarif(check_report) -> None:  # type: ignore[no-untyped-def]
    log = json.loads(render(check_report, "sarif"))
    _required(log)
    run = log["runs"][0]
    assert run["results"], "the fixture has findings"
    shacl = next(r for r in run["results"] if r["ruleId"] == "shacl/zjsh:FundShape-label")
    assert shacl["level"] == "error"
    assert shacl["message"]["text"] == "a fund needs a label"
    assert shacl["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": SHACL, "uriBaseId": "%SRCROOT%"}
    assert shacl["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    assert shacl["properties"]["focusNode"] == "https://w3id.org/zhangjiang-kg/id/unlabelled-fund"
    warning = next(r for r in run["results"] if r["ruleId"] == "ontology-quality/missing_definition")
    assert warning["level"] == "warning"
    assert run["invocations"][0]["exitCode"] == 1


def test_validate_sarif(bad_report, bad_file) -> None:  # type: ignore[no-untyped-def]
    log = json.loads(render(bad_report, "sarif"))
    _required(log)
    results = log["runs"][0]["results"]
    assert len(results) == 4  # three SHACL results and one violation query row
    assert {r["ruleId"] for r in results} >= {
        "shacl/zjsh:FundShape-label",
        "violation-queries/facts-without-derivation-violation",
    }
    location = results[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": bad_file.as_uri()}  # absolute paths are file: URIs
    assert log["runs"][0]["invocations"][0]["exitCode"] == 1


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ("data/funds.ttl", {"uri": "data/funds.ttl", "uriBaseId": "%SRCROOT%"}),
        ("data/my funds.ttl", {"uri": "data/my%20funds.ttl", "uriBaseId": "%SRCROOT%"}),
        ("/srv/graph/funds.ttl", {"uri": "file:///srv/graph/funds.ttl"}),
    ],
)
def test_artifact_locations_are_uri_references(file: str, expected: dict[str, str]) -> None:
    assert artifact_location(file) == expected
