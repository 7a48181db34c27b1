"""The SPARQL 1.1 Protocol endpoint of the served graph, as YASGUI, rdflib and curl call it:
query by GET, by a POSTed form or a POSTed query, results by Accept, updates only with --writable."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from web_client import fetch
from zhangjiang_kg.web import WebServer

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a zjo:Fund }"
YASGUI_ACCEPT = "application/sparql-results+json,*/*;q=0.9"


def funds(answer) -> int:
    assert answer.status == 200, answer.text
    return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_query_give_the_same_answer(get) -> None:
    by_get = get("/sparql?" + urllib.parse.urlencode({"query": COUNT}), YASGUI_ACCEPT)
    by_form = get(
        "/sparql",
        YASGUI_ACCEPT,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        body=urllib.parse.urlencode({"query": COUNT}).encode(),
    )
    by_body = get("/query", method="POST", headers={"Content-Type": "application/sparql-query"}, body=COUNT.encode())
    assert funds(by_get) == funds(by_form) == funds(by_body) > 0
    assert by_get.content_type == "application/sparql-results+json"


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/json", "application/json"),
    ],
)
def test_results_come_in_the_accepted_format(get, accept: str, media_type: str) -> None:
    answer = get(
        "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?f WHERE { ?f a zjo:Fund } ORDER BY ?f"}), accept
    )
    assert answer.status == 200
    assert answer.content_type == media_type
    if accept == "text/csv":
        rows = list(csv.reader(io.StringIO(answer.text)))
        assert rows[0] == ["f"]
        assert len(rows) > 1


def test_construct_and_describe_answer_as_rdf(get) -> None:
    describe = get("/sparql?" + urllib.parse.urlencode({"query": "DESCRIBE zj:zhangjiang-zone"}), "text/turtle")
    assert describe.content_type == "text/turtle; charset=utf-8"
    assert len(Graph().parse(data=describe.body, format="turtle")) > 5
    construct = get(
        "/sparql?" + urllib.parse.urlencode({"query": "CONSTRUCT WHERE { ?s a zjo:Fund }"}), "application/n-triples"
    )
    assert construct.content_type == "application/n-triples"
    assert len(Graph().parse(data=construct.body, format="nt")) > 0
    assert describe.headers["cache-control"] == "no-cache"


def test_a_format_parameter_overrides_accept_for_the_form(get) -> None:
    answer = get("/sparql?" + urllib.parse.urlencode({"query": COUNT, "format": "text/csv"}), "text/html")
    assert answer.content_type == "text/csv; charset=utf-8"


def test_a_browser_without_a_query_gets_a_form_that_needs_no_script(get) -> None:
    page = get("/sparql", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert page.status == 200
    assert '<form method="get" action="/sparql">' in page.text
    assert '<textarea name="query"' in page.text
    assert "<script" not in page.text


@pytest.mark.parametrize(
    ("method", "headers", "body", "status"),
    [
        ("GET", {"Accept": "application/json"}, None, 400),  # no query
        ("POST", {"Content-Type": "text/plain"}, b"ASK {}", 415),
        ("POST", {"Content-Type": "application/sparql-query"}, b"\xff\xfe", 400),
        ("POST", {"Content-Type": "application/sparql-query"}, b"SELEKT * {}", 400),
        ("GET", {"Accept": "image/png"}, None, 406),
    ],
)
def test_protocol_errors_are_problem_documents(get, method, headers, body, status) -> None:
    path = "/sparql" if method == "POST" or status == 400 else "/sparql?query=ASK%7B%7D"
    answer = get(path, method=method, headers=headers, body=body)
    assert answer.status == status, answer.text
    assert answer.content_type == "application/problem+json"
    assert json.loads(answer.body)["status"] == status


def test_two_queries_in_one_request_are_refused(get) -> None:
    answer = get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert answer.status == 400
    assert "exactly one query" in json.loads(answer.body)["detail"]


def test_updates_need_writable(get) -> None:
    answer = get(
        "/update",
        method="POST",
        headers={"Content-Type": "application/sparql-update"},
        body=b"CLEAR ALL",
    )
    assert answer.status == 403
    assert "--writable" in json.loads(answer.body)["detail"]
    assert funds(get("/sparql?" + urllib.parse.urlencode({"query": COUNT}))) > 0


def test_a_writable_server_takes_updates_and_queries_see_them(mini, tmp_path: Path) -> None:
    from zhangjiang_kg import store

    kg = store.load(
        [mini / "data"], ontology=[mini / "ontology" / "mini.ttl"], shapes=[mini / "ontology" / "shapes.ttl"]
    )
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("x", encoding="utf-8")
    ask = "/sparql?" + urllib.parse.urlencode({"query": "ASK { <http://example.org/new> ?p ?o }"})
    with WebServer(kg, port=0, site=site, writable=True) as server:
        assert json.loads(fetch(server.port, ask).body)["boolean"] is False
        done = fetch(
            server.port,
            "/update",
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            body=urllib.parse.urlencode(
                {"update": 'INSERT DATA { <http://example.org/new> rdfs:label "new" }'}
            ).encode(),
        )
        assert done.status == 204
        assert json.loads(fetch(server.port, ask).body)["boolean"] is True
        refused = fetch(
            server.port,
            "/update",
            method="POST",
            headers={"Content-Type": "application/sparql-update", "Origin": "http://evil.example"},
            body=b"CLEAR ALL",
        )
        assert refused.status == 403
    assert kg.store.contains_named_graph(ox.NamedNode("https://w3id.org/zhangjiang-kg/graph/data"))  # untouched
