"""Writing a :class:`~zhangjiang_kg.check.CheckReport`: text, JSON, JUnit XML, GitHub annotations, SARIF.

Text groups findings by file, the file with the most severe finding first; every format names the
step, the rule (shape, query or check), the file and line, the node, path, value and message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..check import SEVERITIES, CheckReport, Finding, StepResult
from ..errors import UnknownFormatError
from ..graph import PREFIXES


def _short(iri: str | None) -> str:
    if not iri:
        return ""
    for prefix, namespace in PREFIXES.items():
        local = iri[len(namespace):]
        if iri.startswith(namespace) and local and all(c.isalnum() or c in "-_." for c in local):
            return f"{prefix}:{local}"
    return f"<{iri}>"


def _where(finding: Finding) -> str:
    if not finding.file:
        return "(no file)"
    return f"{finding.file}:{finding.line or 1}" + (f":{finding.column}" if finding.column else "")


def _details(finding: Finding) -> str:
    parts = [f"{finding.step}/{finding.rule}"]
    if finding.focus:
        parts.append(_short(finding.focus))
    if finding.path:
        parts.append(f"path {_short(finding.path)}")
    if finding.value:
        parts.append(f"value {finding.value}")
    return "  ".join(parts)


def _verdict(report: CheckReport) -> str:
    counts = ", ".join(f"{report.count(s)} {s}(s)" for s in SEVERITIES)
    outcome = {0: "passed", 1: "FAILED", 2: "FAILED: input unusable"}[report.exit_code]
    return f"zjkg check {outcome}: {counts} (exit {report.exit_code})"


def _step_line(step: StepResult) -> str:
    time = f"{step.seconds:6.2f}s" if step.status != "skipped" or step.seconds else "       "
    found = f"{len(step.findings)} finding(s)" if step.findings else ""
    note = "; ".join(x for x in (found, step.note) if x)
    return f"  {step.name:<18} {step.status:<8} {time}  {note}".rstrip()


def to_text(report: CheckReport) -> str:
    """Findings grouped by file (most severe file first), then the steps, then the verdict."""
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_file.setdefault(finding.file or "", []).append(finding)
    order = sorted(by_file, key=lambda f: (min(SEVERITIES.index(x.severity) for x in by_file[f]), f or "~"))
    lines: list[str] = []
    for file in order:
        lines.append(file or "(no file)")
        for finding in sorted(by_file[file], key=lambda x: (SEVERITIES.index(x.severity), x.line or 0, x.rule)):
            where = f"{finding.line or 1}:{finding.column or 1}" if finding.file else "-"
            lines.append(f"  {where:<8} {finding.severity:<8} {_details(finding)}")
            lines.append(f"           {finding.message}")
        lines.append("")
    lines.append("Steps:")
    lines.extend(_step_line(step) for step in report.steps)
    lines.append(_verdict(report))
    return "\n".join(lines) + "\n"


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "step": finding.step, "rule": finding.rule, "severity": finding.severity, "message": finding.message,
        "file": finding.file, "line": finding.line, "column": finding.column, "focusNode": finding.focus,
        "resultPath": finding.path, "value": finding.value, "constraint": finding.constraint,
    }


def to_json(report: CheckReport) -> str:
    """A JSON document: exit code, counts, every step with its time, note and findings."""
    document = {
        "exitCode": report.exit_code,
        "counts": {s: report.count(s) for s in SEVERITIES},
        "steps": [
            {"name": s.name, "status": s.status, "seconds": round(s.seconds, 3), "note": s.note,
             "findings": [_finding_json(f) for f in s.findings]}
            for s in report.steps
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_junit(report: CheckReport) -> str:
    """JUnit XML: a test suite per step, a test case per finding (or one per clean or skipped step)."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="zjkg check")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for step in report.steps:
        suite = ET.SubElement(root, "testsuite", name=step.name, time=f"{step.seconds:.3f}")
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if not step.findings:
            counts["tests"] += 1
            case = ET.SubElement(suite, "testcase", classname=f"zjkg.{step.name}", name=step.name,
                                 time=f"{step.seconds:.3f}")
            if step.status == "skipped":
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=step.note or "skipped")
            elif step.note:
                ET.SubElement(case, "system-out").text = step.note
        for finding in step.findings:
            counts["tests"] += 1
            name = f"{finding.rule} {_short(finding.focus) if finding.focus else _where(finding)}"
            case = ET.SubElement(suite, "testcase", classname=f"zjkg.{step.name}", name=name)
            if finding.file:
                case.set("file", finding.file)
                case.set("line", str(finding.line or 1))
            body = f"{_where(finding)}: {finding.severity}: {_details(finding)}\n{finding.message}"
            if finding.severity != "error":
                ET.SubElement(case, "system-out").text = body
                continue
            tag = "error" if step.status == "error" else "failure"
            counts["errors" if tag == "error" else "failures"] += 1
            element = ET.SubElement(case, tag, message=finding.message, type=f"{finding.step}/{finding.rule}")
            element.text = body
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVELS = {"error": "error", "warning": "warning", "note": "notice"}


def to_github(report: CheckReport) -> str:
    """GitHub workflow commands (``::error file=…,line=…::…``), one per finding, then the text summary."""
    lines = []
    for finding in report.findings:
        props = []
        if finding.file:
            props.append(f"file={_escape_property(finding.file)}")
            props.append(f"line={finding.line or 1}")
            if finding.column:
                props.append(f"col={finding.column}")
        props.append(f"title={_escape_property(f'zjkg {finding.step}/{finding.rule}')}")
        subject = f"{_short(finding.focus)}: " if finding.focus else ""
        lines.append(f"::{_GITHUB_LEVELS[finding.severity]} {','.join(props)}::{_escape_data(subject + finding.message)}")
    lines.append("Steps:")
    lines.extend(_step_line(step) for step in report.steps)
    lines.append(_verdict(report))
    return "\n".join(lines) + "\n"


def _to_sarif(report: CheckReport) -> str:
    from .sarif import to_sarif

    return to_sarif(report)


#: Output formats of ``zjkg check``, by the name ``--format`` takes.
CHECK_FORMATS: dict[str, Callable[[CheckReport], str]] = {
    "text": to_text,
    "json": to_json,
    "junit": to_junit,
    "sarif": _to_sarif,
    "github": to_github,
}


def render_check(report: CheckReport, fmt: str = "text") -> str:
    """Render a check report in one of :data:`CHECK_FORMATS`.

    :raises UnknownFormatError: ``fmt`` is not one of them.
    """
    if fmt not in CHECK_FORMATS:
        raise UnknownFormatError(fmt, list(CHECK_FORMATS))
    return CHECK_FORMATS[fmt](report)
