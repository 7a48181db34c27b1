"""``zjkg query NAME --cite`` and :func:`zhangjiang_kg.queries.cite.cite`: each row with the evidence
of the statements behind it, the same on the in-process store, on an endpoint and on rdflib."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.errors import QueryError
from zhangjiang_kg.queries import catalogue as queries
from zhangjiang_kg.queries.cite import COLUMNS, PREFIX, cite, cited_result, render_cited
from zhangjiang_kg.queries.results import QueryResult
from zhangjiang_kg.rdfio.terms import term_parts
from zhangjiang_kg.remote.sparql import run_saved
from zhangjiang_kg.vocab import PREFIXES

ZJ = "https://w3id.org/zhangjiang-kg/id/"
CITED = ["fund-money", "sector-members", "who-says-what", "wikidata-links", "stem-cell-targets"]


def plain(citations: list[list[dict[str, Any]]]) -> list[list[tuple[Any, ...]]]:
    """Citations as tuples of (kind, value) per column, comparable across engines (numbers by value)."""

    def cell(term: Any) -> Any:
        if term is None:
            return None
        parts = term_parts(term)
        if parts.datatype and parts.datatype.endswith(("#integer", "#decimal")):
            return ("number", float(parts.value))
        return (parts.kind, parts.value, parts.language)

    return [[tuple(cell(c[name]) for name in COLUMNS) for c in row] for row in citations]


def statements(row: list[dict[str, Any]]) -> set[str]:
    return {term_parts(c["statement"]).value for c in row}


def test_a_figure_row_cites_its_words_and_offsets(oxigraph_engine: Any, article_text: str) -> None:
    result = oxigraph_engine.run_query("fund-money")
    rows = cite(result, oxigraph_engine.run_query)
    assert len(rows) == len(result.rows)
    first = rows[0]
    assert term_parts(result.rows[0]["figure"]).value == ZJ + "fund-investment-cny"
    value = [c for c in first if term_parts(c["predicate"]).value == "https://schema.org/value"]
    assert [(str(c["exact"].value), int(c["start"].value), int(c["end"].value)) for c in value] == [
        ("620 million yuan", 1125, 1141)
    ]
    for row in rows:
        assert row, "every figure of the fund has statements behind it"
        for citation in row:
            if citation["kind"].value == "article":
                start, end = int(citation["start"].value), int(citation["end"].value)
                assert article_text[start:end] == citation["exact"].value


def test_a_row_cites_only_statements_between_its_own_terms(oxigraph_engine: Any) -> None:
    """A statement is behind a row when its subject and its object are both among the row's terms."""
    result = oxigraph_engine.run_query("fund-money")
    for row, found in zip(result.rows, cite(result, oxigraph_engine.run_query), strict=True):
        values = {term_parts(term).value for term in row.values() if term is not None}
        for citation in found:
            assert term_parts(citation["subject"]).value in values
            assert term_parts(citation["object"]).value in values or term_parts(citation["object"]).kind == "literal"


def test_a_literal_is_matched_by_value_and_datatype(oxigraph_engine: Any) -> None:
    """The row's 620000000 (Oxigraph writes it so) cites the statement whose object is 620000000.0."""
    figure, value = ox.NamedNode(ZJ + "fund-investment-cny"), ox.NamedNode("https://schema.org/value")
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    matching = QueryResult(
        ["figure", "value"], rows=[{"figure": figure, "value": ox.Literal("620000000.00", datatype=decimal)}]
    )
    as_text = QueryResult(["figure", "value"], rows=[{"figure": figure, "value": ox.Literal("620000000")}])
    cited = cite(matching, oxigraph_engine.run_query)[0]
    assert [term_parts(c["predicate"]).value for c in cited] == [value.value]
    assert cite(as_text, oxigraph_engine.run_query) == [[]]


def test_background_rows_cite_their_source(oxigraph_engine: Any) -> None:
    """The data's Wikidata links are background statements; the ontology's own (currencies) are
    the model, not statements, and cite nothing."""
    result = oxigraph_engine.run_query("wikidata-links")
    for row, found in zip(result.rows, cite(result, oxigraph_engine.run_query), strict=True):
        wikidata = term_parts(row["wikidata"]).value
        if not term_parts(row["entity"]).value.startswith(ZJ):
            assert found == []
            continue
        background = [c for c in found if c["kind"].value == "background"]
        assert [term_parts(c["source"]).value for c in background] == [wikidata]
        assert all(c["exact"] is None for c in background)


def test_a_statement_named_in_a_row_is_cited(oxigraph_engine: Any) -> None:
    """who-says-what names statements in its node column; each is among its row's citations."""
    result = oxigraph_engine.run_query("who-says-what")
    rows = cite(result, oxigraph_engine.run_query)
    named = [(term_parts(r["node"]).value, found) for r, found in zip(result.rows, rows, strict=True)]
    checked = [node for node, found in named if "/id/st-" in node and node in statements(found)]
    assert len(checked) == len([node for node, _ in named if "/id/st-" in node]) > 5


@pytest.mark.parametrize("name", CITED)
def test_every_store_cites_the_same(run_oracle: Any, oxigraph_engine: Any, endpoint: str, name: str) -> None:
    def on_oracle(saved: queries.SavedQuery, params: Mapping[str, str]) -> QueryResult:
        return run_oracle(saved, params)

    def on_endpoint(saved: queries.SavedQuery, params: Mapping[str, str]) -> QueryResult:
        return run_saved(endpoint, saved, params)

    in_process = plain(cite(oxigraph_engine.run_query(name), oxigraph_engine.run_query))
    assert any(in_process), f"{name}: no row cites anything"
    assert plain(cite(on_endpoint(queries.find_query(name), {}), on_endpoint)) == in_process
    assert plain(cite(on_oracle(queries.find_query(name), {}), on_oracle)) == in_process


def test_batches_do_not_change_the_citations(oxigraph_engine: Any) -> None:
    result = oxigraph_engine.run_query("who-says-what")
    asked: list[int] = []

    def counting(saved: queries.SavedQuery, params: Mapping[str, str]) -> QueryResult:
        asked.append(1)
        return oxigraph_engine.run_query(saved, params)

    whole = cite(result, counting)
    one_query = len(asked)
    assert plain(cite(result, counting, batch=7)) == plain(whole)
    assert one_query == 1
    assert len(asked) - one_query > 1


def test_a_row_without_statements_is_kept_with_empty_citations(oxigraph_engine: Any) -> None:
    result = QueryResult(["thing"], rows=[{"thing": ox.NamedNode(ZJ + "no-such-node")}])
    citations = cite(result, oxigraph_engine.run_query)
    assert citations == [[]]
    joined = cited_result(result, citations)
    assert joined.variables == ["thing", PREFIX + "row", *(PREFIX + c for c in COLUMNS)]
    assert [row[PREFIX + "row"].value for row in joined.rows] == ["1"]
    assert all(joined.rows[0][PREFIX + c] is None for c in COLUMNS)


def test_a_boolean_answer_has_nothing_to_cite(oxigraph_engine: Any) -> None:
    answer = QueryResult([], [], boolean=True)
    assert cite(answer, oxigraph_engine.run_query) == []
    assert render_cited(answer, [], "table", PREFIXES) == "yes\n"


def test_a_store_failure_is_a_query_error(oxigraph_engine: Any) -> None:
    def failing(saved: queries.SavedQuery, params: Mapping[str, str]) -> QueryResult:
        raise QueryError("query 'triple-evidence' failed: the store is down")

    with pytest.raises(QueryError, match="store is down"):
        cite(oxigraph_engine.run_query("fund-money"), failing)


# --- the CLI ---------------------------------------------------------------------------------


def test_cli_table_adds_a_table_of_evidence(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "fund-money", "--cite"])
    assert result.exit_code == 0, result.output
    answer, evidence = result.output.split("\nEvidence of each row's statements:\n")
    assert answer.startswith("fund ")
    assert "(3 rows)" in answer
    header = evidence.splitlines()[0].split()
    assert header[:3] == ["row", "statement", "kind"]
    assert any(
        line.startswith("1 ") and "620 million yuan" in line and "1125" in line for line in evidence.splitlines()
    )


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_cli_other_formats_join_the_citations_to_their_rows(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(cli, ["query", "sector-members", "--cite", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        document = json.loads(result.output)
        variables = document["head"]["vars"]
        bindings = document["results"]["bindings"]
        numbers = {b[PREFIX + "row"]["value"] for b in bindings}
        quotes = {b[PREFIX + "exact"]["value"] for b in bindings if PREFIX + "exact" in b}
    else:
        separator = "," if fmt == "csv" else "\t"
        lines = list(csv.reader(io.StringIO(result.output), delimiter=separator))
        variables = [v.lstrip("?") for v in lines[0]]
        index = variables.index(PREFIX + "row")
        numbers = {line[index] for line in lines[1:]}
        quotes = {line[variables.index(PREFIX + "exact")] for line in lines[1:]}
    assert variables[:2] == ["sector", "member"]
    assert variables[-len(COLUMNS) - 1 :] == [PREFIX + "row", *(PREFIX + c for c in COLUMNS)]
    assert numbers == {str(n) for n in range(1, 8)}
    assert "will be set up" in quotes


def test_cli_cites_on_an_endpoint(runner: CliRunner, endpoint: str) -> None:
    result = runner.invoke(cli, ["query", "wikidata-links", "--cite", "--endpoint", endpoint])
    assert result.exit_code == 0, result.output
    assert "wd:Q8686" in result.output.split("Evidence of each row's statements:")[1]


def test_cli_cite_with_all_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "--all", "--cite"])
    assert result.exit_code == 2
    assert "--cite" in result.stderr
    assert "Traceback" not in result.stderr
