"""``zjkg query`` (by name, by file, --all, on an endpoint) and ``zjkg queries``."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.queries.results import RESULT_FORMATS
from zhangjiang_kg.vocab import PREFIXES

pytestmark = pytest.mark.usefixtures("shipped_files_untouched")
ZJ = PREFIXES["zj"]


def invoke(runner: CliRunner, *args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_query_by_name_on_user_data(runner: CliRunner, mini: Path, mini_args: list[str]) -> None:
    result = invoke(runner, "query", "funds", "--queries", mini / "queries", "--data", mini / "data", *mini_args)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["fund", "label", "status"]
    assert lines[2].split()[0] == "zj:industry-fund"
    assert lines[-1] == "(2 rows)"


def test_query_naming_graphs_sees_the_shapes_graph(runner: CliRunner, tmp_path: Path) -> None:
    """The packaged shapes are loaded for a query that says GRAPH, the only way it can reach them."""
    file = tmp_path / "graphs.rq"
    file.write_text("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", encoding="utf-8")
    result = invoke(runner, "query", file, "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.split() == [
        "g",
        *(f"https://w3id.org/zhangjiang-kg/graph/{name}" for name in ("background", "data", "ontology", "shapes")),
    ]


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


def test_query_all_summary_is_one_line_per_query_and_the_tables_go_to_the_file(
    runner: CliRunner, mini: Path, mini_args: list[str], tmp_path: Path
) -> None:
    tables = tmp_path / "results.txt"
    args = ["query", "--all", "--queries", mini / "queries", "--data", mini / "data", *mini_args]
    result = invoke(runner, *args, "--summary", "--output", tables)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Saved questions and their row counts (4):"
    counts = dict(re.findall(r"(\S+) +(\d+|-)", "\n".join(lines[1:-2])))
    assert counts == {"facts-by-status": "-", "figures-above": "-", "funds": "2", "labelled": "-"}  # "-": needs --param
    assert lines[-2] == "Violation checks: 1 of 1 passed (no rows)."
    assert lines[-1] == f"Full tables in {tables}; one query: `zjkg query NAME`."
    assert tables.read_text(encoding="utf-8") == invoke(runner, *args).stdout  # the same tables as without --summary


def test_query_all_summary_names_the_failed_checks_and_exits_1(runner: CliRunner, bad_file: Path) -> None:
    (bad_file.parent / "q").mkdir()
    (bad_file.parent / "q" / "funds-without-label-violation.rq").write_text(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX zjo: <https://w3id.org/zhangjiang-kg/ontology#>\n"
        "SELECT ?fund WHERE { ?fund a zjo:Fund FILTER NOT EXISTS { ?fund rdfs:label ?l } }\n"
    )
    result = invoke(runner, "query", "--all", "--summary", "--queries", bad_file.parent / "q", "--data", bad_file)
    assert result.exit_code == 1
    assert "Violation checks: 0 of 1 passed; with rows: funds-without-label-violation (1 row)." in result.stdout
    assert "Full tables with `zjkg query --all`" in result.stdout


def test_summary_needs_all(runner: CliRunner) -> None:
    result = invoke(runner, "query", "platforms", "--summary")
    assert result.exit_code == 2
    assert result.stderr == "Error: --summary goes with --all (see 'zjkg query --help')\n"


@pytest.mark.parametrize("command", [["query", "platforms"], ["queries"]])
def test_table_is_still_taken_for_the_text_format(runner: CliRunner, command: list[str]) -> None:
    assert invoke(runner, *command, "--format", "table").stdout == invoke(runner, *command, "--format", "text").stdout


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
