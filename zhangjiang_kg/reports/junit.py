"""A :class:`~zhangjiang_kg.reports.findings.Report` as JUnit XML, the same shape for validate and check.

One ``testsuite`` per step and one ``testcase`` per rule the step checked, so a CI system lists
every rule and how it went; warnings and infos go to ``system-out``.
"""

from __future__ import annotations

from ..vocab import curie
from .findings import VIOLATION, Finding, Report
from .text import details, where

_COUNTERS = ("tests", "failures", "errors", "skipped")


def rule_name(checked: str) -> str:
    """The name of a rule as findings spell it: a shape IRI shortened, a query or check name as it is."""
    return curie(checked) if "://" in checked or checked.startswith("urn:") else checked


def _body(findings: list[Finding]) -> str:
    return "\n".join(f"{where(f)}: {f.level}: {details(f)}\n    {f.message}" for f in findings)


def to_junit(report: Report) -> str:
    """JUnit XML: a suite per step, a case per rule; totals on ``testsuites``."""
    import xml.etree.ElementTree as ET  # imported when asked for: no other format needs it

    root = ET.Element("testsuites", name=f"zjkg {report.command}")
    totals = dict.fromkeys(_COUNTERS, 0)
    for step in report.steps:
        suite = ET.SubElement(root, "testsuite", name=step.name, time=f"{step.seconds:.3f}")
        counts = dict.fromkeys(_COUNTERS, 0)
        by_rule: dict[str, list[Finding]] = {}
        for finding in sorted(step.findings, key=Finding.sort_key):
            by_rule.setdefault(finding.rule, []).append(finding)
        rules = sorted({rule_name(c) for c in step.checked} | set(by_rule))
        for rule in rules or [step.name]:  # a step that names no rule is one case of its own
            counts["tests"] += 1
            case = ET.SubElement(suite, "testcase", classname=f"zjkg.{step.name}", name=rule)
            findings = by_rule.get(rule, [])
            if findings and findings[0].file:
                case.set("file", findings[0].file)
                case.set("line", str(findings[0].line or 1))
            violations = [f for f in findings if f.severity == VIOLATION]
            if violations:
                tag = "error" if step.unusable else "failure"
                counts[f"{tag}s"] += 1
                first = violations[0].message
                message = first if len(violations) == 1 else f"{len(violations)} violations; first: {first}"
                ET.SubElement(case, tag, message=message, type=f"{step.name}/{rule}").text = _body(findings)
            elif findings:
                ET.SubElement(case, "system-out").text = _body(findings)
            elif step.skipped and not rules:
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=step.note or "skipped")
            elif step.note and not rules:
                ET.SubElement(case, "system-out").text = step.note
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
