"""A :class:`~zhangjiang_kg.reports.findings.Report` as SARIF 2.1.0, the format of GitHub code scanning:
one rule per step and rule name (``shacl/zjsh:FundShape-label``), one result per finding."""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from .._version import __version__
from ..vocab import BASE
from .findings import Finding, Report
from .terms import full_text, term_text
from .text import details

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def rule_id(finding: Finding) -> str:
    """The SARIF rule of a finding: its step and its rule."""
    return f"{finding.step}/{finding.rule}"


def artifact_location(file: str) -> dict[str, str]:
    """A relative path against the repository root (``%SRCROOT%``); an absolute one as a ``file:`` URI."""
    path = PurePath(file)
    if path.is_absolute():
        return {"uri": Path(file).as_uri()}
    return {"uri": quote(path.as_posix()), "uriBaseId": "%SRCROOT%"}


def _result(finding: Finding, index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": rule_id(finding),
        "ruleIndex": index,
        "level": finding.level,
        "message": {"text": finding.message or details(finding)},
    }
    if finding.file:
        region: dict[str, int] = {"startLine": finding.line or 1}
        if finding.column:
            region["startColumn"] = finding.column
        result["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(finding.file),
                    "region": region,
                }
            }
        ]
    focus = full_text(finding.focus_node)
    path = term_text(finding.path) if finding.path is not None else None
    value = full_text(finding.value)
    named = {"focusNode": focus, "resultPath": path, "value": value, "constraint": finding.constraint}
    properties = {k: v for k, v in named.items() if v}
    if properties:
        result["properties"] = properties
    if focus:
        result["partialFingerprints"] = {"focusNode/v1": f"{rule_id(finding)}|{focus}|{path or ''}"}
    return result


def _describe(report: Report, rule: str) -> str:
    step, name = rule.split("/", 1)
    return f"zjkg {report.command} step {step}: {name}"


def to_sarif(report: Report) -> str:
    """The SARIF 2.1.0 log of a run: the tool ``zjkg`` with its rules, every finding."""
    findings = report.findings
    rules: list[str] = sorted({rule_id(f) for f in findings})
    index = {rule: number for number, rule in enumerate(rules)}
    levels = {rule_id(f): f.level for f in reversed(findings)}
    document = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "zjkg",
                        "semanticVersion": __version__,
                        "informationUri": BASE,
                        "rules": [
                            {
                                "id": rule,
                                "name": rule.replace("/", "-").replace(":", "-"),
                                "shortDescription": {"text": _describe(report, rule)},
                                "defaultConfiguration": {"level": levels[rule]},
                            }
                            for rule in rules
                        ],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the repository root"}}},
                "invocations": [
                    {
                        "executionSuccessful": report.exit_code != 2,
                        "exitCode": report.exit_code,
                        "toolExecutionNotifications": [
                            {
                                "level": "note",
                                "message": {"text": f"{s.name}: {s.status}" + (f" ({s.note})" if s.note else "")},
                            }
                            for s in report.steps
                        ],
                    }
                ],
                "results": [_result(f, index[rule_id(f)]) for f in findings],
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
