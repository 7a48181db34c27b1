"""The ``zjkg`` commands through click's runner: every command and option, outputs and exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.queries.results import RESULT_FORMATS
from zhangjiang_kg.rdfio.export import EXPORT_FORMATS, parse_export
from zhangjiang_kg.reports.formats import REPORT_FORMATS
from zhangjiang_kg.vocab import PREFIXES

pytestmark = pytest.mark.usefixtures("shipped_files_untouched")
ZJ = PREFIXES["zj"]


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize(
    ("command", "registry"),
    [("query", RESULT_FORMATS), ("validate", REPORT_FORMATS), ("check", REPORT_FORMATS), ("export", EXPORT_FORMATS)],
)
def test_format_names_match_the_library_registries(command: str, registry: object) -> None:
    option = next(p for p in cli.commands[command].params if p.name == "fmt")
    assert tuple(option.type.choices) == tuple(registry)  # type: ignore[attr-defined, call-overload]


def test_version(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert result.output.strip() == "zjkg, version 0.1.0"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = invoke(runner, command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output, f"zjkg {command} --help shows no example"
    assert f"zjkg {command}" in result.output


# -- validate ------------------------------------------------------------------------------------


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


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "bad.ttl"
    path.write_text(
        "@prefix zj: <https://w3id.org/zhangjiang-kg/id/> .\n"
        "@prefix zjo: <https://w3id.org/zhangjiang-kg/ontology#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n\n"
        "zj:nameless-fund a zjo:Fund ;\n"
        "    zjo:status zjo:Achieved ;\n"
        "    prov:wasDerivedFrom zj:article .\n"
    )
    return path


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


# -- query ---------------------------------------------------------------------------------------


def test_query_by_name_on_user_data(runner: CliRunner, mini: Path, mini_args: list[str]) -> None:
    result = invoke(runner, "query", "funds", "--queries", mini / "queries", "--data", mini / "data", *mini_args)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["fund", "label", "status"]
    assert lines[2].split()[0] == "zj:industry-fund"
    assert lines[-1] == "(2 rows)"


def test_query_by_path_with_a_parameter(runner: CliRunner, mini: Path) -> None:
    result = invoke(
        runner, "query", mini / "queries" / "facts-by-status.rq", "--data", mini / "data", "-p", "status=zjo:Planned"
    )
    assert result.exit_code == 0
    assert "zj:industry-fund" in result.stdout
    assert "(1 row)" in result.stdout


@pytest.mark.parametrize("fmt", list(RESULT_FORMATS))
def test_query_formats(runner: CliRunner, mini: Path, fmt: str) -> None:
    result = invoke(runner, "query", mini / "queries" / "funds.rq", "--data", mini / "data", "--format", fmt)
    assert result.exit_code == 0
    out = result.stdout
    if fmt == "json":
        assert [b["fund"]["value"] for b in json.loads(out)["results"]["bindings"]] == [
            ZJ + "industry-fund",
            ZJ + "special-fund",
        ]
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(out)))[1][0] == ZJ + "industry-fund"
    elif fmt == "tsv":
        assert out.splitlines()[1].split("\t")[0] == f"<{ZJ}industry-fund>"
    else:
        assert "(2 rows)" in out


def test_query_output_file(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "rows.csv"
    result = invoke(
        runner, "query", mini / "queries" / "funds.rq", "--data", mini / "data", "--format", "csv", "-o", out
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_bytes().startswith(b"fund,label,status\r\n")


def test_query_all_runs_every_saved_query(runner: CliRunner, mini: Path, mini_args: list[str]) -> None:
    result = invoke(runner, "query", "--all", "--queries", mini / "queries", "--data", mini / "data", *mini_args)
    assert result.exit_code == 0
    assert "== funds: Funds and their status" in result.stdout
    assert "== facts-by-status: Facts with a given status\n(skipped: needs --param status (iri))" in result.stdout
    assert "== facts-without-derivation-violation" in result.stdout


def test_query_all_exits_1_when_a_violation_check_has_rows(runner: CliRunner, bad_file: Path, mini: Path) -> None:
    (bad_file.parent / "q").mkdir()
    (bad_file.parent / "q" / "funds-without-label-violation.rq").write_text(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX zjo: <https://w3id.org/zhangjiang-kg/ontology#>\n"
        "SELECT ?fund WHERE { ?fund a zjo:Fund FILTER NOT EXISTS { ?fund rdfs:label ?l } }\n"
    )
    result = invoke(runner, "query", "--all", "--queries", bad_file.parent / "q", "--data", bad_file)
    assert result.exit_code == 1
    assert "Violation checks with rows: funds-without-label-violation" in result.stdout


def test_query_all_on_the_shipped_graph(runner: CliRunner) -> None:
    result = invoke(runner, "query", "--all")
    assert result.exit_code == 0, result.output
    assert "Violation checks with rows" not in result.stdout


def test_query_on_an_endpoint_binds_parameters(runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zhangjiang_kg.queries.results import QueryResult
    from zhangjiang_kg.remote import sparql

    seen: dict[str, object] = {}

    def fake_remote(endpoint: str, query_text: str, *, timeout: float) -> QueryResult:
        seen.update(endpoint=endpoint, text=query_text, timeout=timeout)
        return QueryResult(variables=["fact"], rows=[])

    monkeypatch.setattr(sparql, "run_remote", fake_remote)
    result = invoke(
        runner,
        "query",
        mini / "queries" / "facts-by-status.rq",
        "--endpoint",
        "http://127.0.0.1:1/sparql",
        "--param",
        "status=zjo:Planned",
        "--timeout",
        "5",
    )
    assert result.exit_code == 0
    assert seen["endpoint"] == "http://127.0.0.1:1/sparql"
    assert seen["timeout"] == 5.0
    assert f"VALUES (?_status_iri) {{ (<{PREFIXES['zjo']}Planned>) }}" in str(seen["text"])
    assert "(0 rows)" in result.stdout


# -- queries -------------------------------------------------------------------------------------


def test_queries_lists_the_catalogue(runner: CliRunner, mini: Path) -> None:
    result = invoke(runner, "queries", "--queries", mini / "queries")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["name", "parameters", "summary"]
    assert any(line.startswith("facts-by-status ") and "status:iri" in line for line in lines)
    assert lines[-1] == "(5 queries)"


def test_queries_json_and_tag_filter(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "catalogue.json"
    result = invoke(runner, "queries", "--queries", mini / "queries", "--tag", "status", "--format", "json", "-o", out)
    assert result.exit_code == 0
    document = json.loads(out.read_text())
    assert [q["name"] for q in document] == ["facts-by-status", "funds"]
    assert document[0]["parameters"] == [{"name": "status", "type": "iri", "optional": False}]


def test_queries_of_the_shipped_catalogue(runner: CliRunner) -> None:
    result = invoke(runner, "queries")
    assert result.exit_code == 0
    assert "quer" in result.stdout.splitlines()[-1]


# -- export --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_export_formats_round_trip(
    runner: CliRunner, mini: Path, mini_args: list[str], mini_kg, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = invoke(
        runner, "export", "--format", fmt, "--graph", "data", "--data", mini / "data", *mini_args, "-o", out
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    back = parse_export(out.read_bytes(), fmt)
    graph = back.graph(mini_kg.data.identifier) if hasattr(back, "graphs") else back
    assert isomorphic(graph, mini_kg.data)


def test_export_to_stdout_defaults_to_turtle_of_everything(runner: CliRunner) -> None:
    result = invoke(runner, "export")
    assert result.exit_code == 0
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) > 100


# -- stats ---------------------------------------------------------------------------------------


def test_stats_text_and_json(runner: CliRunner, mini: Path, mini_args: list[str], tmp_path: Path) -> None:
    result = invoke(runner, "stats", "--data", mini / "data", *mini_args)
    assert result.exit_code == 0
    assert "  total             59" in result.stdout
    assert "zjo:Fund" in result.stdout
    out = tmp_path / "stats.json"
    assert invoke(runner, "stats", "--data", mini / "data", *mini_args, "--format", "json", "-o", out).exit_code == 0
    assert json.loads(out.read_text())["statuses"] == {PREFIXES["zjo"] + "Achieved": 3, PREFIXES["zjo"] + "Planned": 1}


def test_stats_of_the_shipped_graph(runner: CliRunner) -> None:
    result = invoke(runner, "stats")
    assert result.exit_code == 0
    assert "Facts per status:" in result.stdout
    assert "zjo:Achieved" in result.stdout


def test_python_dash_m_runs_the_cli() -> None:
    run = subprocess.run([sys.executable, "-m", "zhangjiang_kg", "--help"], capture_output=True, text=True, check=False)
    assert run.returncode == 0
    assert "Usage: zjkg" in run.stdout


def test_help_does_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from zhangjiang_kg.cli.main import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rdflib', 'pyshacl', 'pyoxigraph', 'oxrdflib') if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "[]"
