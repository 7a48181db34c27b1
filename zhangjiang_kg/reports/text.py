"""A :class:`~zhangjiang_kg.reports.findings.Report` as text for people, grouped by file, most severe first.

What comes from the data (a literal, an IRI, a file name) is printed with its control characters
escaped (:func:`~zhangjiang_kg.rdfio.terms.printable`), so it can neither start a line nor move the cursor.
"""

from __future__ import annotations

from ..rdfio.terms import printable
from .findings import INFO, LEVELS, VIOLATION, WARNING, Finding, Report, Step
from .terms import term_text


def where(finding: Finding) -> str:
    """``file:line[:column]``, or ``(no file)``."""
    if not finding.file:
        return "(no file)"
    return f"{finding.file}:{finding.line or 1}" + (f":{finding.column}" if finding.column else "")


def details(finding: Finding) -> str:
    """Step and rule, then node, path, value and constraint: what a reader needs to find the defect."""
    parts = [f"{finding.step}/{finding.rule}"]
    if finding.focus_node is not None:
        parts.append(term_text(finding.focus_node))
    if finding.path is not None:
        parts.append(f"path {term_text(finding.path)}")
    if finding.value is not None:
        parts.append(f"value {term_text(finding.value)}")
    if finding.constraint:
        parts.append(term_text(finding.constraint))
    return "  ".join(parts)


def step_line(step: Step) -> str:
    """One step: name, status, time and a short note."""
    time = f"{step.seconds:6.2f}s" if step.status != "skipped" or step.seconds else "       "
    found = f"{len(step.findings)} finding(s)" if step.findings else ""
    note = "; ".join(x for x in (found, step.note) if x)
    return f"  {step.name:<18} {step.status:<8} {time}  {note}".rstrip()


def verdict(report: Report) -> str:
    """The last line: for ``validate`` whether the graph conforms, for ``check`` the exit code."""
    if report.command == "validate":
        if report.conforms:
            outcome = "Graph conforms"
        elif report.passed:
            outcome = "Graph does not conform, warnings only"
        else:
            outcome = "Graph does NOT conform"
        return (
            f"{outcome}: {report.count(VIOLATION)} violation(s), {report.count(WARNING)} warning(s), "
            f"{report.count(INFO)} info; checked {len(report.shapes)} shape(s) "
            f"and {len(report.checks)} violation query(ies)."
        )
    counts = ", ".join(f"{report.count(s)} {level}(s)" for s, level in LEVELS.items())
    outcome = {0: "passed", 1: "FAILED", 2: "FAILED: input unusable"}[report.exit_code]
    return f"zjkg {report.command} {outcome}: {counts} (exit {report.exit_code})"


def summary(report: Report) -> list[str]:
    """The steps (for a check) and the verdict: what closes every text-like format (escaped: a note may name a file)."""
    lines = ["Steps:", *(step_line(step) for step in report.steps)] if report.command != "validate" else []
    return [printable(line) for line in [*lines, verdict(report)]]


def to_text(report: Report) -> str:
    """Findings grouped by file (most severe file first), then the steps, then the verdict."""
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_file.setdefault(finding.file or "", []).append(finding)
    order = sorted(by_file, key=lambda f: (min(x.rank for x in by_file[f]), f or "~"))
    lines: list[str] = []
    for file in order:
        lines.append(file or "(no file)")
        for finding in sorted(by_file[file], key=lambda x: (x.rank, x.line or 0, x.sort_key())):
            position = f"{finding.line or 1}:{finding.column or 1}" if finding.file else "-"
            lines.append(f"  {position:<8} {finding.level:<8} {details(finding)}")
            lines.append(f"           {finding.message}")
        lines.append("")
    lines.extend(summary(report))
    return "\n".join(map(printable, lines)) + "\n"
