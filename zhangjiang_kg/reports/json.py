"""A :class:`~zhangjiang_kg.reports.findings.Report` as JSON, for tools.

Field names follow the SHACL report vocabulary (``focusNode``, ``resultPath``, ``value``,
``sourceConstraintComponent``, ``resultSeverity``, ``sourceShape``), plus where the finding is
written and which step and rule found it. IRIs are written in full; a blank node as ``[]``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .findings import INFO, LEVELS, VIOLATION, WARNING, Finding, Report
from .paths import PropertyPath, path_text
from .terms import is_blank, plain, term_text

if TYPE_CHECKING:
    from .paths import PathValue
    from .terms import Term


def _term(term: Term | None) -> str | None:
    """An IRI or a literal's lexical form in full; a blank node as ``[]``."""
    if term is None:
        return None
    return term_text(term) if is_blank(term) else plain(term)


def _path(path: PathValue | None) -> str | None:
    """An IRI as it is; any other path in SPARQL syntax with full IRIs (``^<...>``)."""
    if path is None:
        return None
    return path_text(path, full=True) if isinstance(path, PropertyPath) else plain(path)


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding as a JSON object."""
    return {
        "step": finding.step,
        "rule": finding.rule,
        "check": finding.check,
        "severity": finding.level,
        "resultSeverity": finding.severity,
        "resultMessage": finding.message,
        "focusNode": _term(finding.focus_node),
        "resultPath": _path(finding.path),
        "value": _term(finding.value),
        "sourceConstraintComponent": finding.constraint,
        "sourceShape": _term(finding.source_shape),
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
