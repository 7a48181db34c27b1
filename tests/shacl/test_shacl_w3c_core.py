"""The W3C SHACL Core tests (node and property components): this engine gives each expected report.

Compared: sh:conforms and the multiset of results as (focus node, path, value, component,
severity, source shape); blank nodes compare by shape only. Literals compare as an Oxigraph store
keeps them (canonical numbers; integer-derived types read as xsd:integer).
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from shacl_helpers import DATA, store_of  # type: ignore[import-not-found]
from shacl_w3c import Case, cases, result_key, suite_dir  # type: ignore[import-not-found]
from zhangjiang_kg.shacl import validate_store

from prerequisites import require_file


def _cases() -> list[Case]:
    if not (suite_dir() / "manifest.ttl").is_file():
        return []
    return cases()


CASES = _cases()


def test_the_suite_is_there() -> None:
    require_file("shacl-suite")
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_w3c_case(case: Case) -> None:
    store = store_of({DATA: case.data})
    report = validate_store(store, data_graphs=[DATA], shapes=case.shapes, rdfs=False)
    assert report.delegated == []
    assert report.conforms == case.conforms
    assert Counter(result_key(r) for r in report.results) == case.expected


def test_a_wrong_expectation_would_fail() -> None:
    """The comparison is not vacuous: dropping one result of a failing case breaks equality."""
    require_file("shacl-suite")
    case = next(c for c in CASES if c.expected)
    report = validate_store(store_of({DATA: case.data}), data_graphs=[DATA], shapes=case.shapes, rdfs=False)
    got = Counter(result_key(r) for r in report.results[1:])
    assert got != case.expected
    assert isinstance(case.data[0], ox.Triple)
