"""Export conformance on the W3C RDF 1.1 Turtle suite: every positive evaluation test, both engines, six formats.

Each test's Turtle is loaded as data into each engine and exported in every format. The export,
read back, must be isomorphic to the suite's expected N-Triples with exact lexical forms, and the
two engines must write the same bytes. The one allowed exception is RDF/XML refusing a graph it
cannot hold (a predicate that does not end in an XML name, a character XML 1.0 forbids); the test
then checks the graph really holds such a term. Every negative test must fail on both engines with
an error that names file, line and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from w3c_rdf import (
    Case,
    assert_exports_exactly,
    read_graph,
    read_manifest,
)
from zhangjiang_kg.errors import RdfSyntaxError

from prerequisites import require_file, resource_path
from rdflib_oracle import SIDES
from rdflib_oracle import open_side as open_engine

SUITE = resource_path("turtle-suite")
BASE = "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/"


def _cases() -> list[Any]:
    if SUITE is None:
        return [pytest.param(None, id="suite-missing")]
    return [pytest.param(case, id=case.name) for case in read_manifest(SUITE) if case.kind == "TestTurtleEval"]


@pytest.mark.parametrize("case", _cases())
def test_positive_eval_exports_exactly_on_both_engines(case: Case | None, tmp_path: Path) -> None:
    if case is None:
        require_file("turtle-suite")
        return
    assert case.result is not None
    # The suite resolves relative IRIs against its web address; an @base line says so to our loader.
    source = tmp_path / case.action.name
    source.write_bytes(f"@base <{BASE}{case.action.name}> .\n".encode() + case.action.read_bytes())
    assert_exports_exactly(source, read_graph(case.result.read_bytes(), "nt", BASE + case.result.name))


def _negative_cases() -> list[Any]:
    if SUITE is None:
        return [pytest.param(None, id="suite-missing")]
    kinds = ("TestTurtleNegativeSyntax", "TestTurtleNegativeEval")
    return [pytest.param(case, id=case.name) for case in read_manifest(SUITE) if case.kind in kinds]


@pytest.mark.parametrize("case", _negative_cases())
def test_negative_tests_fail_with_a_position_on_both_engines(case: Case | None) -> None:
    if case is None:
        require_file("turtle-suite")
        return
    for engine in SIDES:
        with pytest.raises(RdfSyntaxError) as caught:
            open_engine(engine, [case.action], ontology=[], shapes=[])
        assert caught.value.path == str(case.action)
        assert caught.value.line is not None, str(caught.value)
        assert caught.value.column is not None, str(caught.value)
