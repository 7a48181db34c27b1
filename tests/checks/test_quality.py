"""Ontology quality checks: every ROBOT-style check has a fixture that trips it."""

from __future__ import annotations

from pathlib import Path

import pytest
from zhangjiang_kg.checks.quality import CHECKS, check_ontology
from zhangjiang_kg.store.graph import load

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "check"
ZJO = "https://w3id.org/zhangjiang-kg/ontology#"


@pytest.fixture(scope="module")
def issues():  # type: ignore[no-untyped-def]
    kg = load(
        [FIXTURES / "base" / "data", FIXTURES / "trips" / "undeclared.ttl"],
        ontology=[FIXTURES / "base" / "ontology" / "base.ttl", FIXTURES / "trips" / "ontology" / "quality.ttl"],
        shapes=[FIXTURES / "base" / "ontology" / "shapes.ttl"],
    )
    return {(i.check, str(i.subject).rsplit("#", 1)[-1].rsplit("/", 1)[-1]): i for i in check_ontology(kg)}


@pytest.mark.parametrize(
    ("check", "subject", "level"),
    [
        ("missing_ontology_title", "extension", "ERROR"),
        ("missing_ontology_version", "extension", "ERROR"),
        ("missing_ontology_license", "extension", "ERROR"),
        ("missing_label", "Unlabelled", "ERROR"),
        ("multiple_labels", "twice", "ERROR"),
        ("missing_definition", "Undefined", "WARN"),
        ("duplicate_label", "Platform", "ERROR"),
        ("duplicate_label", "Fund", "ERROR"),
        ("undeclared_term", "odd-thing", "ERROR"),
    ],
)
def test_each_check_fires(issues, check: str, subject: str, level: str) -> None:  # type: ignore[no-untyped-def]
    issue = issues[(check, subject)]
    assert issue.level == level == CHECKS[check][0]
    assert issue.message


def test_every_check_has_a_fixture(issues) -> None:  # type: ignore[no-untyped-def]
    assert {check for check, _ in issues} == set(CHECKS)


def test_clean_ontology_and_messages(issues) -> None:  # type: ignore[no-untyped-def]
    assert issues[("multiple_labels", "twice")].message == "2 rdfs:label values in language 'en': 'twice', 'two times'"
    assert "ontology#Fund" in issues[("duplicate_label", "Platform")].message
    kg = load(
        [FIXTURES / "base" / "data"],
        ontology=[FIXTURES / "base" / "ontology" / "base.ttl"],
        shapes=[FIXTURES / "base" / "ontology" / "shapes.ttl"],
    )
    assert check_ontology(kg) == []
    assert [i.check for i in check_ontology(kg, checks=["missing_label"])] == []


def test_an_undeclared_term_is_reported_once_at_its_first_use_on_either_engine(tmp_path: Path) -> None:
    """In the order of triples (subject, then predicate): ``ex:a`` uses ``zjo:Odd`` as a property
    before ``ex:b`` types a node with it, so the finding is the property at ``ex:a``."""

    data = tmp_path / "odd.ttl"
    data.write_text(
        f"@prefix zjo: <{ZJO}> .\n"
        "<https://example.org/b> a zjo:Odd .\n"
        '<https://example.org/a> zjo:Odd "x" .\n'
        '<https://example.org/c> a zjo:Odder ; zjo:Odd "y" .\n',
        encoding="utf-8",
    )
    ontology = [FIXTURES / "base" / "ontology" / "base.ttl"]
    kg = load([data], ontology=ontology, shapes=[FIXTURES / "base" / "ontology" / "shapes.ttl"])
    found = [(i.subject, i.message, i.property) for i in check_ontology(kg, checks=["undeclared_term"])]
    assert found == [
        ("https://example.org/a", f"the property <{ZJO}Odd> is used but not declared in the ontology", None),
        (
            "https://example.org/c",
            f"the class <{ZJO}Odder> is used but not declared in the ontology",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        ),
    ]
