"""A :class:`~zhangjiang_kg.reports.findings.Report` as JSON, for tools: field names from the SHACL
report vocabulary (``focusNode``, ``resultPath``...), IRIs in full, a blank node as ``[]``."""

from __future__ import annotations

import json
from typing import Any

from .findings import INFO, LEVELS, VIOLATION, WARNING, Finding, Report
from .terms import full_text, plain


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding as a JSON object."""
    return {
        "step": finding.step,
        "rule": finding.rule,
        "check": finding.check,
        "severity": finding.level,
        "resultSeverity": finding.severity,
        "resultMessage": finding.message,
        "focusNode": full_text(finding.focus_node),
        "resultPath": None if finding.path is None else plain(finding.path),
        "value": full_text(finding.value),
        "sourceConstraintComponent": finding.constraint,
        "sourceShape": full_text(finding.source_shape),
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
    }


def to_json(report: Report) -> str:
    """The verdict, the counts, every step with its time and note, and every finding."""
    document = {
        "command": report.command,
        "conforms": report.conforms,
        "exitCode": report.exit_code,
        "violations": report.count(VIOLATION),
        "warnings": report.count(WARNING),
        "infos": report.count(INFO),
        "counts": {level: report.count(severity) for severity, level in LEVELS.items()},
        "shapes": report.shapes,
        "checks": report.checks,
        "steps": [
            {
                "name": s.name,
                "status": s.status,
                "seconds": round(s.seconds, 3),
                "note": s.note,
                "checked": len(s.checked),
                "findings": len(s.findings),
            }
            for s in report.steps
        ],
        "results": [finding_json(f) for f in report.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
