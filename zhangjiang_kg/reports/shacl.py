"""Writing a :class:`~zhangjiang_kg.validate.ValidationReport`: text, JSON, SHACL Turtle, JUnit XML.

JUnit gives each shape and each violation check a test case, so a CI system lists every failure
with its node, file and line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import UnknownFormatError
from ..graph import PREFIXES
from ..results import shorten
from ..validate import SH, ValidationReport, ValidationResult

if TYPE_CHECKING:
    from rdflib.term import Identifier


def _short(term: "Identifier | str | None") -> str:
    if term is None:
        return ""
    from rdflib import URIRef
    from rdflib.term import Identifier as _Identifier

    if isinstance(term, _Identifier):
        return shorten(term, PREFIXES)
    return shorten(URIRef(term), PREFIXES) if ":" in term else term


def _summary(report: ValidationReport) -> str:
    verdict = "conforms" if report.conforms else "does NOT conform"
    return (
        f"Graph {verdict}: {report.count()} violation(s), {report.count(SH + 'Warning')} warning(s), "
        f"{report.count(SH + 'Info')} info; checked {len(report.shapes)} shape(s) "
        f"and {len(report.checks)} violation query(ies)."
    )


def to_text(report: ValidationReport) -> str:
    """One block per result, then a one-line verdict."""
    lines: list[str] = []
    for result in report.results:
        where = str(result.location) if result.location else "(no source line)"
        lines.append(f"{where}: {result.severity_name}: {_short(result.focus_node)}")
        details = [
            ("constraint", _short(result.constraint)),
            ("path", _short(result.path)),
            ("value", _short(result.value)),
            ("shape", _short(result.source_shape)),
            ("message", result.message),
        ]
        lines.extend(f"    {label}: {text}" for label, text in details if text)
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def _result_json(result: ValidationResult) -> dict[str, Any]:
    return {
        "focusNode": str(result.focus_node),
        "resultPath": None if result.path is None else str(result.path),
        "value": None if result.value is None else str(result.value),
        "sourceConstraintComponent": result.constraint,
        "resultSeverity": result.severity,
        "resultMessage": result.message,
        "sourceShape": None if result.source_shape is None else str(result.source_shape),
        "check": result.check,
        "file": result.location.path if result.location else None,
        "line": result.location.line if result.location else None,
        "column": result.location.column if result.location else None,
    }


def to_json(report: ValidationReport) -> str:
    """A JSON document named after the SHACL report vocabulary, plus file and line."""
    document = {
        "conforms": report.conforms,
        "violations": report.count(),
        "warnings": report.count(SH + "Warning"),
        "shapes": report.shapes,
        "checks": report.checks,
        "results": [_result_json(r) for r in report.results],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_turtle(report: ValidationReport) -> str:
    """A SHACL validation report graph (``sh:ValidationReport``), result nodes numbered in order."""
    from rdflib import RDF, Literal, URIRef

    from ..graph import new_graph

    graph = new_graph()
    sh = lambda local: URIRef(SH + local)  # noqa: E731
    root = URIRef("urn:zhangjiang-kg:validation-report")
    graph.add((root, RDF.type, sh("ValidationReport")))
    graph.add((root, sh("conforms"), Literal(report.conforms)))
    for number, result in enumerate(report.results, start=1):
        node = URIRef(f"{root}:result-{number}")
        graph.add((root, sh("result"), node))
        graph.add((node, RDF.type, sh("ValidationResult")))
        graph.add((node, sh("focusNode"), result.focus_node))
        graph.add((node, sh("resultSeverity"), URIRef(result.severity)))
        graph.add((node, sh("sourceConstraintComponent"), URIRef(result.constraint)))
        if result.path is not None:
            graph.add((node, sh("resultPath"), result.path))
        if result.value is not None:
            graph.add((node, sh("value"), result.value))
        if result.source_shape is not None:
            graph.add((node, sh("sourceShape"), result.source_shape))
        if result.message:
            graph.add((node, sh("resultMessage"), Literal(result.message)))
    return graph.serialize(format="turtle")


def to_junit(report: ValidationReport) -> str:
    """JUnit XML: a passing test case per clean shape or check, a failing one per result."""
    import xml.etree.ElementTree as ET

    by_source: dict[str, list[ValidationResult]] = {}
    for result in report.results:
        key = str(result.source_shape) if result.check == "shacl" else result.check
        by_source.setdefault(key, []).append(result)
    names = sorted(set(report.shapes) | set(report.checks) | set(by_source))
    suites = ET.Element("testsuites", name="zjkg validate")
    suite = ET.SubElement(suites, "testsuite", name="zhangjiang-kg")
    tests = failures = 0
    for name in names:
        found = by_source.get(name, [])
        if not found:
            tests += 1
            ET.SubElement(suite, "testcase", classname=_junit_class(name, report), name=_short(name) or name)
            continue
        for result in found:
            tests += 1
            case = ET.SubElement(
                suite,
                "testcase",
                classname=_junit_class(name, report),
                name=f"{_short(name) or name} {_short(result.focus_node)}",
            )
            if result.location:
                case.set("file", result.location.path)
                case.set("line", str(result.location.line))
            tag = "failure" if result.severity == SH + "Violation" else "skipped"
            failures += tag == "failure"
            element = ET.SubElement(case, tag, message=result.message or _short(result.constraint))
            element.text = to_text(ValidationReport(results=[result])).split("\nGraph ", 1)[0]
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suites.set("tests", str(tests))
    suites.set("failures", str(failures))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _junit_class(name: str, report: ValidationReport) -> str:
    return "checks" if name in report.checks else "shapes"


#: Output formats of validation reports, by the name ``zjkg validate --format`` takes.
REPORT_FORMATS: dict[str, Callable[[ValidationReport], str]] = {
    "text": to_text,
    "json": to_json,
    "turtle": to_turtle,
    "junit": to_junit,
}


def render_report(report: ValidationReport, fmt: str = "text") -> str:
    """Render a validation report in one of :data:`REPORT_FORMATS`.

    :raises UnknownFormatError: ``fmt`` is not one of them.
    """
    if fmt not in REPORT_FORMATS:
        raise UnknownFormatError(fmt, list(REPORT_FORMATS))
    return REPORT_FORMATS[fmt](report)
