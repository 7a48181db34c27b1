"""A :class:`~zhangjiang_kg.reports.findings.Report` as JUnit XML, the same shape for validate and check.

One ``testsuite`` per step, one ``testcase`` per rule the step checked (a shape, a violation
query, a quality check), so a CI system lists every rule and how it went. A rule with a violation
fails and lists each finding with its file and line; warnings and infos go to ``system-out``; a
skipped step is one skipped case; a step that could not use its input is one error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..vocab import curie
from .findings import VIOLATION, Finding, Report, Step
from .text import details, where

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

_COUNTERS = ("tests", "failures", "errors", "skipped")


def rule_name(checked: str) -> str:
    """The name of a rule as findings spell it: a shape IRI shortened, a query or check name as it is."""
    return curie(checked) if "://" in checked or checked.startswith("urn:") else checked


def _body(findings: list[Finding]) -> str:
    return "\n".join(f"{where(f)}: {f.level}: {details(f)}\n    {f.message}" for f in findings)


def _case(suite: ET.Element, step: Step, rule: str, findings: list[Finding], counts: dict[str, int]) -> None:
    import xml.etree.ElementTree as ET  # imported when asked for: no other format needs it

    counts["tests"] += 1
    case = ET.SubElement(suite, "testcase", classname=f"zjkg.{step.name}", name=rule)
    if not findings:
        return
    first = findings[0]
    if first.file:
        case.set("file", first.file)
        case.set("line", str(first.line or 1))
    violations = [f for f in findings if f.severity == VIOLATION]
    if not violations:
        ET.SubElement(case, "system-out").text = _body(findings)
        return
    tag = "error" if step.unusable else "failure"
    counts["errors" if step.unusable else "failures"] += 1
    message = (
        violations[0].message
        if len(violations) == 1
        else f"{len(violations)} violations; first: {violations[0].message}"
    )
    element = ET.SubElement(case, tag, message=message, type=f"{step.name}/{rule}")
    element.text = _body(findings)


def _suite(root: ET.Element, step: Step) -> dict[str, int]:
    import xml.etree.ElementTree as ET  # imported when asked for: no other format needs it

    suite = ET.SubElement(root, "testsuite", name=step.name, time=f"{step.seconds:.3f}")
    counts = dict.fromkeys(_COUNTERS, 0)
    by_rule: dict[str, list[Finding]] = {}
    for finding in sorted(step.findings, key=Finding.sort_key):
        by_rule.setdefault(finding.rule, []).append(finding)
    rules = sorted({rule_name(c) for c in step.checked} | set(by_rule))
    if not rules:
        counts["tests"] += 1
        case = ET.SubElement(suite, "testcase", classname=f"zjkg.{step.name}", name=step.name)
        if step.skipped:
            counts["skipped"] += 1
            ET.SubElement(case, "skipped", message=step.note or "skipped")
        elif step.note:
            ET.SubElement(case, "system-out").text = step.note
    for rule in rules:
        _case(suite, step, rule, by_rule.get(rule, []), counts)
    for key, value in counts.items():
        suite.set(key, str(value))
    return counts


def to_junit(report: Report) -> str:
    """JUnit XML: a suite per step, a case per rule; totals on ``testsuites``."""
    import xml.etree.ElementTree as ET  # imported when asked for: no other format needs it

    root = ET.Element("testsuites", name=f"zjkg {report.command}")
    totals = dict.fromkeys(_COUNTERS, 0)
    for step in report.steps:
        for key, value in _suite(root, step).items():
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
