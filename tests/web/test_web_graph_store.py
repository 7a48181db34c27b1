"""The Graph Store Protocol at ``/store``: ``zjkg load --endpoint`` writes to a writable server and
reads back what it wrote; a read-only server reads its own graphs and refuses writes with 405."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from web_client import Answer, fetch
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.vocab import GRAPHS
from zhangjiang_kg.web import WebServer

COPY = "http://example.org/copy"
TRIPLE = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"


def store_path(graph: str | None) -> str:
    return "/store?" + ("default" if graph is None else urllib.parse.urlencode({"graph": graph}))


@pytest.fixture
def writable(mini, site: Path) -> Iterator[WebServer]:
    from zhangjiang_kg import store

    kg = store.load([mini / "data"], ontology=[mini / "ontology" / "mini.ttl"])
    with WebServer(kg, port=0, site=site, writable=True) as server:
        yield server


def send(server: WebServer, method: str, graph: str | None, body: bytes = b"", **headers: str) -> Answer:
    sent = {"Content-Type": "application/n-triples", **headers} if body else headers
    return fetch(server.port, store_path(graph), method=method, headers=sent, body=body or None)


def test_zjkg_load_writes_to_a_writable_server_and_reads_back_what_it_wrote(writable: WebServer, mini) -> None:
    loaded = CliRunner().invoke(
        cli, ["load", "--endpoint", f"{writable.url}/store", "--graph", COPY, "--data", str(mini / "data")]
    )
    assert loaded.exit_code == 0, loaded.output
    copy = Graph().parse(data=send(writable, "GET", COPY, Accept="application/n-triples").body, format="nt")
    data = Graph().parse(data=send(writable, "GET", GRAPHS["data"], Accept="text/turtle").body, format="turtle")
    assert len(copy) >= len(data) > 0
    replaced = CliRunner().invoke(
        cli, ["load", "--endpoint", f"{writable.url}/store", "--replace", "--data", str(mini / "data")]
    )
    assert replaced.exit_code == 0, replaced.output


def test_put_post_and_delete_change_what_queries_see(writable: WebServer) -> None:
    ask = "/sparql?" + urllib.parse.urlencode({"query": "ASK { <http://example.org/s> ?p ?o }"})
    assert send(writable, "PUT", None, TRIPLE).status == 204
    assert json.loads(fetch(writable.port, ask).body)["boolean"] is True
    assert send(writable, "POST", COPY, TRIPLE).status == 204
    assert b"<http://example.org/s>" in send(writable, "GET", COPY, Accept="application/n-triples").body
    assert send(writable, "DELETE", COPY).status == 204
    assert send(writable, "GET", COPY).status == 404
    assert send(writable, "PUT", None, b'<http://example.org/t> <http://example.org/p> "1" .\n').status == 204
    assert json.loads(fetch(writable.port, ask).body)["boolean"] is False  # PUT replaced the graph


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status"),
    [
        ("PUT", store_path(COPY), b"<not n-triples", {"Content-Type": "application/n-triples"}, 400),
        ("PUT", store_path(COPY), TRIPLE, {"Content-Type": "image/png"}, 415),
        ("PUT", "/store", TRIPLE, {"Content-Type": "application/n-triples"}, 400),
        ("PUT", "/store?graph=not%20an%20IRI", TRIPLE, {"Content-Type": "application/n-triples"}, 400),
        ("DELETE", store_path("http://example.org/absent"), None, {}, 404),
        (
            "PUT",
            store_path(COPY),
            TRIPLE,
            {"Content-Type": "application/n-triples", "Origin": "http://evil.example"},
            403,
        ),
    ],
)
def test_bad_writes_are_refused_and_change_nothing(writable: WebServer, method, path, body, headers, status) -> None:
    assert fetch(writable.port, path, method=method, headers=headers, body=body).status == status
    assert fetch(writable.port, store_path(COPY)).status == 404


def test_a_read_only_server_reads_its_graphs_and_refuses_writes_with_405(get) -> None:
    data = get(store_path(GRAPHS["data"]), "text/turtle")
    assert data.status == 200
    assert len(Graph().parse(data=data.body, format="turtle")) > 1000
    assert get(store_path(GRAPHS["shapes"])).status == 404  # not served without --with-shapes
    assert get("/store").status == 400
    for method in ("PUT", "POST", "DELETE"):
        refused = get(
            store_path(GRAPHS["data"]), method=method, headers={"Content-Type": "application/n-triples"}, body=TRIPLE
        )
        assert refused.status == 405
        assert set(refused.headers["allow"].split(", ")) == {"GET", "HEAD"}


def test_a_writable_servers_pages_say_they_show_the_graph_as_loaded(writable: WebServer, get) -> None:
    assert "as it was when the server started" in fetch(writable.port, "/").text
    assert "as it was when the server started" not in get("/").text  # a read-only server's page is the graph
