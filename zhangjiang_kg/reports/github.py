"""A :class:`~zhangjiang_kg.reports.findings.Report` as GitHub workflow commands: one annotation per
finding, so a pull request shows each on the line it is about, then the text summary for the job log."""

from __future__ import annotations

from ..rdfio.terms import printable
from .findings import Report
from .terms import term_text
from .text import summary

_GITHUB_LEVELS = {"error": "error", "warning": "warning", "note": "notice"}


def _escape_data(text: str) -> str:
    """GitHub's own escapes for line ends, then every other control character shown as an escape."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(report: Report) -> str:
    """GitHub workflow commands, one per finding, then the steps and the verdict."""
    lines = []
    for finding in report.findings:
        props = []
        if finding.file:
            props.append(f"file={_escape_property(finding.file)}")
            props.append(f"line={finding.line or 1}")
            if finding.column:
                props.append(f"col={finding.column}")
        props.append(f"title={_escape_property(f'zjkg {finding.step}/{finding.rule}')}")
        subject = f"{term_text(finding.focus_node)}: " if finding.focus_node is not None else ""
        lines.append(f"::{_GITHUB_LEVELS[finding.level]} {','.join(props)}::{_escape_data(subject + finding.message)}")
    lines.extend(summary(report))
    return "\n".join(lines) + "\n"
