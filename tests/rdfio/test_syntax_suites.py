"""The project's N-Triples, N-Quads and TriG suites (tests/fixtures/syntax): parse, export, errors.

Positive tests load on both engines and export exactly in six formats (evaluation tests against
their expected N-Triples); negative tests fail on both engines and in the CLI with one line naming
file, line and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from w3c_rdf import CHECKOUT, Case, assert_exports_exactly, read_graph, read_manifest
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.errors import RdfSyntaxError

from rdflib_oracle import SIDES
from rdflib_oracle import open_side as open_engine

SUITES = CHECKOUT / "tests" / "fixtures" / "syntax"


def _cases(kind: str) -> list[Any]:
    return [
        pytest.param(case, id=f"{folder.name}:{case.name}")
        for folder in sorted(p for p in SUITES.iterdir() if p.is_dir())
        for case in read_manifest(folder)
        if case.kind.endswith(kind)
    ]


def test_every_suite_has_positive_and_negative_cases() -> None:
    for folder in ("ntriples", "nquads", "trig"):
        kinds = {case.kind for case in read_manifest(SUITES / folder)}
        assert any(k.endswith("Eval") for k in kinds), folder
        assert any(k.endswith("NegativeSyntax") for k in kinds), folder


@pytest.mark.parametrize("case", _cases("PositiveSyntax"))
def test_positive_syntax_loads_and_round_trips(case: Case) -> None:
    assert_exports_exactly(case.action, read_graph(case.action.read_bytes(), _fmt(case.action)))


@pytest.mark.parametrize("case", _cases("Eval"))
def test_eval_exports_the_expected_graph(case: Case) -> None:
    assert case.result is not None
    assert_exports_exactly(case.action, read_graph(case.result.read_bytes(), "nt"))


@pytest.mark.parametrize("case", _cases("NegativeSyntax"))
def test_negative_syntax_names_file_line_and_column(case: Case) -> None:
    for engine in SIDES:
        with pytest.raises(RdfSyntaxError) as caught:
            open_engine(engine, [case.action], ontology=[], shapes=[])
        error = caught.value
        assert (error.path, error.line, error.column) == (str(case.action), case.line, case.column), engine
        assert "Parser error" not in error.detail  # the position is said once, up front
    result = CliRunner().invoke(cli, ["validate", str(case.action)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: {case.action}:{case.line}:{case.column}: ")


def _fmt(path: Path) -> str:
    from zhangjiang_kg.rdfio.formats import format_of

    return format_of(path)
