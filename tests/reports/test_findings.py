"""The findings model: severities, step status, exit code, and SHACL's sh:conforms beside "passed"."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from zhangjiang_kg.reports.findings import INFO, VIOLATION, WARNING, Finding, Report, Step, severity_of
from zhangjiang_kg.vocab import SH

NODE = URIRef("http://example.org/a")


def shacl(severity: str) -> Finding:
    return Finding(
        rule="ex:S", message="m", severity=severity, focus_node=NODE, constraint=SH + "MinCountConstraintComponent"
    )


def test_fields_are_given_by_name() -> None:
    with pytest.raises(TypeError):
        Finding("queries", "query-network", "a message")  # type: ignore[misc]  # the old (step, rule, message) order


@pytest.mark.parametrize(
    ("name", "iri"),
    [("error", VIOLATION), ("warning", WARNING), ("note", INFO), ("Violation", VIOLATION), (INFO, INFO)],
)
def test_severity_names(name: str, iri: str) -> None:
    assert severity_of(name) == iri


def test_levels_and_ranks() -> None:
    assert [shacl(s).level for s in (VIOLATION, WARNING, INFO, "http://example.org/Custom")] == [
        "error",
        "warning",
        "note",
        "note",
    ]
    assert shacl("http://example.org/Custom").rank > shacl(INFO).rank > shacl(VIOLATION).rank


def test_step_status_and_exit_code() -> None:
    clean, warned, failed = Step("a"), Step("b", findings=[shacl(WARNING)]), Step("c", findings=[shacl(VIOLATION)])
    assert [s.status for s in (clean, warned, failed)] == ["passed", "passed", "failed"]
    assert Step("d", skipped=True).status == "skipped"
    assert Step("e", findings=[shacl(VIOLATION)], unusable=True).status == "error"
    assert Report([clean, warned]).exit_code == 0
    assert Report([clean, failed]).exit_code == 1
    assert Report([failed, Step("e", unusable=True)]).exit_code == 2


def test_conforms_is_shacl_s_and_passed_is_the_exit_code_s() -> None:
    warned = Report([Step("shacl", findings=[shacl(WARNING)])])
    assert (warned.conforms, warned.passed) == (False, True)
    about_a_file = Report([Step("parse", findings=[Finding(rule="syntax", message="m", file="x.ttl")])])
    assert about_a_file.conforms  # not a SHACL result: no focus node, no constraint component
    assert not about_a_file.passed
    assert Report().conforms
    assert Report().passed


def test_findings_are_sorted_and_counted_across_steps() -> None:
    info, violation = shacl(INFO), shacl(VIOLATION)
    report = Report([Step("a", findings=[info]), Step("b", findings=[violation])])
    assert report.findings == [violation, info]
    assert (report.count("error"), report.count("Info"), report.count(WARNING)) == (1, 1, 0)
    with pytest.raises(KeyError):
        report.step("nope")
