"""``zjkg validate`` on the shipped graph and on user files: reports, formats and exit codes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.reports.formats import REPORT_FORMATS
from zhangjiang_kg.vocab import PREFIXES

import synth

pytestmark = pytest.mark.usefixtures("shipped_files_untouched")
ZJ = PREFIXES["zj"]


def invoke(runner: CliRunner, *args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_validate_the_shipped_graph(runner: CliRunner) -> None:
    result = invoke(runner, "validate")
    assert result.exit_code == 0, result.output
    assert "Graph conforms: 0 violation(s)" in result.stdout


def test_validate_user_paths_against_given_ontology_and_shapes(
    runner: CliRunner, mini: Path, mini_args: list[str]
) -> None:
    result = invoke(runner, "validate", mini / "data", *mini_args, "--queries", mini / "queries")
    assert result.exit_code == 0
    assert result.stdout.strip() == (
        "Graph conforms: 0 violation(s), 0 warning(s), 0 info; checked 5 shape(s) and 1 violation query(ies)."
    )


def test_validate_reports_violations_and_exits_1(
    runner: CliRunner, bad_file: Path, mini: Path, mini_args: list[str]
) -> None:
    result = invoke(runner, "validate", bad_file, *mini_args, "--queries", mini / "queries")
    assert result.exit_code == 1
    assert (
        f"{bad_file}\n  5:1      error    shacl/zjsh:FundShape-label  zj:nameless-fund  path rdfs:label"
        in result.stdout
    )
    assert "Graph does NOT conform: 1 violation(s)" in result.stdout


@pytest.mark.parametrize("fmt", list(REPORT_FORMATS))
def test_validate_formats_to_an_output_file(
    runner: CliRunner, bad_file: Path, mini: Path, mini_args: list[str], tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"report.{fmt}"
    result = invoke(
        runner, "validate", bad_file, *mini_args, "--queries", mini / "queries", "--format", fmt, "--output", out
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    text = out.read_text()
    if fmt == "json":
        assert json.loads(text)["results"][0]["line"] == 5
    elif fmt == "junit":
        assert ET.fromstring(text).get("failures") == "1"
    elif fmt == "turtle":
        assert len(Graph().parse(data=text, format="turtle")) > 5
    elif fmt == "sarif":
        assert json.loads(text)["runs"][0]["results"][0]["properties"]["focusNode"] == ZJ + "nameless-fund"
    else:
        assert "zj:nameless-fund" in text


def test_findings_in_n_triples_name_their_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    """A grown graph's defects, seeded by ``synth``, are located in the N-Triples file it wrote."""
    graph = tmp_path / "grown.nt"
    synth.synthesise(graph, 20000, violations=3, seed=1)
    result = runner.invoke(cli, ["validate", str(graph), "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["results"]
    assert findings
    lines = graph.read_text(encoding="utf-8").splitlines()
    for finding in findings:
        assert finding["file"] == str(graph)
        assert lines[finding["line"] - 1].startswith(f"<{finding['focusNode']}> ")
        assert finding["column"] == 1
