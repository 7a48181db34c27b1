"""The saved questions as a web API: the same rows and the same error messages as ``zjkg query``,
results by Accept, typed query-string parameters, problem documents for errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.queries.catalogue import catalogue


def zjkg(*args: str) -> tuple[int, str, str]:
    """Exit code, standard output (bytes as written: CSV keeps its CRLF) and standard error of the CLI."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


def cli_error(*args: str) -> str:
    code, _, err = zjkg(*args)
    assert code == 2
    assert err.startswith("Error: ")
    return err.removeprefix("Error: ").strip()


def test_fund_money_gives_the_rows_zjkg_query_gives(get) -> None:
    answer = get("/api/fund-money")  # no Accept header at all, as curl's */*
    code, out, _ = zjkg("query", "fund-money", "--format", "json")
    assert code == 0
    assert answer.status == 200
    assert answer.content_type == "application/sparql-results+json"
    assert answer.text == out
    assert len(json.loads(answer.body)["results"]["bindings"]) == 3


@pytest.mark.parametrize(
    ("query", "params"),
    [
        ("facts-by-status", {"status": "zjo:Expected"}),
        ("facts-by-status", {"status": "https://w3id.org/zhangjiang-kg/ontology#Achieved"}),
        ("fund-money", {"fund": "zj:biopharma-industry-fund"}),
    ],
)
def test_parameters_are_bound_as_the_cli_binds_them(get, query: str, params: dict[str, str]) -> None:
    from urllib.parse import urlencode

    answer = get(f"/api/{query}?{urlencode(params)}", "application/json")
    cli_args = [arg for name, value in params.items() for arg in ("--param", f"{name}={value}")]
    code, out, _ = zjkg("query", query, *cli_args, "--format", "json")
    assert code == 0
    assert answer.status == 200
    assert answer.content_type == "application/json"
    assert json.loads(answer.body) == json.loads(out)


def test_a_default_from_the_header_fills_a_missing_parameter(get) -> None:
    planned = json.loads(get("/api/facts-by-status").body)["results"]["bindings"]
    assert planned
    assert {row["status"]["value"] for row in planned} == {"https://w3id.org/zhangjiang-kg/ontology#Planned"}


@pytest.mark.parametrize(
    ("path", "cli_args"),
    [
        ("/api/fund-money?fund=not%20an%20iri", ["query", "fund-money", "--param", "fund=not an iri"]),
        ("/api/fund-money?colour=red", ["query", "fund-money", "--param", "colour=red"]),
        ("/api/fund-money?fund=", ["query", "fund-money", "--param", "fund="]),
    ],
)
def test_a_bad_parameter_is_400_with_the_clis_message(get, path: str, cli_args: list[str]) -> None:
    answer = get(path)
    assert answer.status == 400
    assert answer.content_type == "application/problem+json"
    problem = json.loads(answer.body)
    assert problem["status"] == 400
    assert problem["detail"] == cli_error(*cli_args)


def statuses(answer) -> list[str]:
    assert answer.status == 200, answer.text
    return [row["status"]["value"].rsplit("#", 1)[1] for row in json.loads(answer.body)["results"]["bindings"]]


def test_a_repeated_parameter_is_a_list_of_values_answered_for_each(get) -> None:
    both = statuses(get("/api/facts-by-status?status=zjo:Planned&status=zjo:Achieved"))
    planned = statuses(get("/api/facts-by-status?status=zjo:Planned"))
    achieved = statuses(get("/api/facts-by-status?status=zjo:Achieved"))
    assert planned
    assert achieved
    assert sorted(both) == sorted(planned + achieved)


def test_too_many_combinations_of_values_are_refused(get) -> None:
    many = "&".join(f"status=zjo:S{i}" for i in range(101))
    answer = get(f"/api/facts-by-status?{many}")
    assert answer.status == 400
    assert json.loads(answer.body)["parameter"] == "status"


def test_a_value_outside_the_parameters_choices_is_refused(get) -> None:
    answer = get("/api/facts-by-status?status=zj:zhangjiang-zone")
    assert answer.status == 400
    problem = json.loads(answer.body)
    assert problem["parameter"] == "status"
    assert "not one of the" in problem["detail"]


def test_limit_and_offset_page_through_the_rows(get) -> None:
    every = json.loads(get("/api/platforms").body)["results"]["bindings"]
    assert len(every) > 3
    page = json.loads(get("/api/platforms?limit=2&offset=1").body)["results"]["bindings"]
    assert page == every[1:3]
    for bad in ("limit=0", "limit=x", "offset=-1", "limit=10001", "offset=1000001", "limit=1&limit=2", "limit=%C2%B2"):
        answer = get(f"/api/platforms?{bad}")
        assert answer.status == 400, bad
        assert json.loads(answer.body)["parameter"] in ("limit", "offset")


@pytest.mark.parametrize(
    ("suffix", "media_type"),
    [("json", "application/sparql-results+json"), ("csv", "text/csv"), ("tsv", "text/tab-separated-values")],
)
def test_a_suffix_url_gives_that_format_whatever_the_accept(get, suffix: str, media_type: str) -> None:
    answer = get(f"/api/fund-money.{suffix}", "text/html")
    assert answer.status == 200
    assert answer.content_type.split(";")[0] == media_type
    assert answer.body == get("/api/fund-money", media_type).body


def test_an_unknown_suffix_or_an_rdf_suffix_of_a_select_query_is_404(get) -> None:
    for path in ("/api/fund-money.xls", "/api/fund-money.ttl"):
        answer = get(path)
        assert answer.status == 404, path
        assert "fund-money.csv" in json.loads(answer.body)["suggestions"]


def test_an_unknown_query_is_404_with_the_clis_suggestions(get) -> None:
    answer = get("/api/fund-monee")
    assert answer.status == 404
    problem = json.loads(answer.body)
    assert problem["detail"] == cli_error("query", "fund-monee")
    assert problem["suggestions"][0] == "fund-money"


@pytest.mark.parametrize(
    "path", ["/api/..%2F..%2Fpyproject", "/api/fund-money.rq", "/api/queries/fund-money", "/api/%2Fetc%2Fpasswd"]
)
def test_a_query_name_is_never_a_file_path(get, path: str) -> None:
    answer = get(path)
    assert answer.status == 404
    assert json.loads(answer.body)["status"] == 404


def test_csv_tsv_and_the_text_table_are_the_clis_formats(get) -> None:
    for accept, fmt in (("text/csv", "csv"), ("text/tab-separated-values", "tsv"), ("text/plain", "table")):
        answer = get("/api/platforms", accept)
        assert answer.status == 200
        assert answer.content_type == f"{accept}; charset=utf-8"
        assert answer.text == zjkg("query", "platforms", "--format", fmt)[1], accept
    rows = list(csv.reader(io.StringIO(get("/api/fund-money", "text/csv").text)))
    assert rows[0][:3] == ["fund", "figure", "measure"]
    assert len(rows) == 4


def test_a_browser_gets_an_html_table(get) -> None:
    answer = get("/api/fund-money", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert answer.status == 200
    assert answer.content_type == "text/html; charset=utf-8"
    assert "<table>" in answer.text
    assert "zj:fund-investment-cny" in answer.text
    assert "(3 rows)" in answer.text
    assert '<form class="ask" method="get" action="/api/fund-money.html">' in answer.text


def test_an_unacceptable_result_type_is_406(get) -> None:
    assert get("/api/fund-money", "image/png").status == 406


def test_the_catalogue_lists_every_saved_query(get) -> None:
    answer = get("/api")
    assert answer.status == 200
    names = [entry["name"] for entry in json.loads(answer.body)]
    assert names == [query.name for query in catalogue()]
    assert get("/api/").body == answer.body


def test_a_query_page_of_the_served_site_has_a_form_that_asks_the_api(get) -> None:
    page = get("/queries/facts-by-status.html").text
    assert '<form class="ask" method="get" action="/api/facts-by-status.html">' in page
    assert '<select id="ask-status" name="status">' in page
    assert 'value="https://w3id.org/zhangjiang-kg/ontology#Planned" selected' in page  # the default
    answer = get("/api/facts-by-status.html?status=https%3A%2F%2Fw3id.org%2Fzhangjiang-kg%2Fontology%23Achieved")
    assert answer.status == 200
    assert "zjo:Achieved" in answer.text
    assert 'value="https://w3id.org/zhangjiang-kg/ontology#Achieved" selected' in answer.text  # kept in the form


@pytest.mark.parametrize(("suffix", "fmt"), [("json", "json"), ("csv", "csv"), ("tsv", "tsv"), ("txt", "table")])
def test_cite_gives_the_evidence_zjkg_query_cite_gives(get, suffix: str, fmt: str) -> None:
    answer = get(f"/api/fund-money.{suffix}?cite=true")
    assert answer.status == 200
    code, out, _ = zjkg("query", "fund-money", "--cite", "--format", fmt)
    assert code == 0
    assert answer.text == out
    assert "cite_exact" in out or "Evidence of each row" in out


def test_cite_false_is_the_plain_answer_and_an_html_table_shows_the_evidence(get) -> None:
    assert get("/api/fund-money.json?cite=false").body == get("/api/fund-money.json").body
    page = get("/api/fund-money.html?cite=true")
    assert page.status == 200
    assert "cite_exact" in page.text
    assert "620 million yuan" in page.text


@pytest.mark.parametrize("query", ["cite=yes", "cite=true&cite=true"])
def test_a_bad_cite_value_is_400_naming_it(get, query: str) -> None:
    answer = get(f"/api/fund-money?{query}")
    assert answer.status == 400
    assert json.loads(answer.body)["parameter"] == "cite"
