"""JUnit XML has the same shape from ``validate`` and from ``check``: a suite per step, a case per rule."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from zhangjiang_kg.reports.formats import render
from zhangjiang_kg.reports.junit import rule_name

SHACL = "tests/fixtures/check/trips/shacl.ttl"


def _structure(xml: str) -> ET.Element:
    """Parse and check what every JUnit consumer relies on; returns the root."""
    root = ET.fromstring(xml)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert suites
    assert all(child.tag == "testsuite" for child in root)
    for suite in suites:
        cases = suite.findall("testcase")
        assert cases, f"suite {suite.get('name')} has no test case"
        assert all(c.get("classname") == f"zjkg.{suite.get('name')}" and c.get("name") for c in cases)
        assert int(suite.get("tests", "-1")) == len(cases)
        assert int(suite.get("failures", "-1")) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("errors", "-1")) == sum(c.find("error") is not None for c in cases)
        assert int(suite.get("skipped", "-1")) == sum(c.find("skipped") is not None for c in cases)
        names = [c.get("name") for c in cases]
        assert len(names) == len(set(names)), "one test case per rule"
    for counter in ("tests", "failures", "errors", "skipped"):
        assert int(root.get(counter, "-1")) == sum(int(s.get(counter, "0")) for s in suites)
    return root


def test_validate_junit_a_suite_per_step_a_case_per_shape_and_query(bad_report, bad_file) -> None:  # type: ignore[no-untyped-def]
    root = _structure(render(bad_report, "junit"))
    assert root.get("name") == "zjkg validate"
    assert [s.get("name") for s in root.findall("testsuite")] == ["shacl", "violation-queries"]
    shacl = root.find("testsuite[@name='shacl']")
    assert shacl is not None
    assert sorted(c.get("name", "") for c in shacl.findall("testcase")) == sorted(
        rule_name(s) for s in bad_report.shapes
    )
    label = shacl.find("testcase[@name='zjsh:FundShape-label']")
    assert label is not None
    assert label.get("file") == str(bad_file)
    assert label.get("line") == "7"
    failure = label.find("failure")
    assert failure is not None
    assert failure.get("message") == "a fund needs a label"
    status = shacl.find("testcase[@name='zjsh:FundShape-status']/failure")
    assert status is not None  # zj:bad-fund has two statuses, zj:bad-figure's shape asks nothing of it
    assert shacl.find("testcase[@name='zjsh:FigureShape']/failure") is None
    query = root.find("testsuite[@name='violation-queries']/testcase[@name='facts-without-derivation-violation']")
    assert query is not None
    assert query.find("failure") is not None
    assert root.get("failures") == "4"  # FundShape-label, FundShape-status, FigureShape-value, the query


def test_validate_junit_of_a_conforming_graph(mini) -> None:  # type: ignore[no-untyped-def]
    from zhangjiang_kg.store.graph import load
    from zhangjiang_kg.validation import validate_compiled

    kg = load([mini / "data"], ontology=[mini / "ontology" / "mini.ttl"], shapes=[mini / "ontology" / "shapes.ttl"])
    root = _structure(render(validate_compiled(kg, queries_dir=mini / "queries"), "junit"))
    assert root.get("failures") == "0"
    assert root.get("tests") == "6"  # five shapes and one query


def test_check_junit_has_the_same_shape(check_report) -> None:  # type: ignore[no-untyped-def]
    root = _structure(render(check_report, "junit"))
    assert root.get("name") == "zjkg check"
    assert [s.get("name") for s in root.findall("testsuite")] == [s.name for s in check_report.steps]
    case = root.find("testsuite[@name='shacl']/testcase[@name='zjsh:FundShape-label']")
    assert case is not None
    assert case.get("file") == SHACL
    assert case.get("line") == "9"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "a fund needs a label"
    assert root.find("testsuite[@name='parse']/testcase").find("failure") is None  # type: ignore[union-attr]
    quality = root.find("testsuite[@name='ontology-quality']")
    assert quality is not None
    assert len(quality.findall("testcase")) == len(check_report.step("ontology-quality").checked)
    warning = quality.find("testcase[@name='missing_definition']")
    assert warning is not None
    assert warning.find("failure") is None
    assert warning.find("system-out") is not None


def test_validate_and_check_cases_agree_on_the_shacl_step(check_report) -> None:  # type: ignore[no-untyped-def]
    """A check's SHACL suite lists every shape it checked, named as its findings name their rule."""
    check_root = ET.fromstring(render(check_report, "junit"))
    check_cases = {c.get("name") for c in check_root.findall("testsuite[@name='shacl']/testcase")}
    shacl = check_report.step("shacl")
    assert {f.rule for f in shacl.findings} <= check_cases
    assert check_cases == {rule_name(s) for s in shacl.checked}
