"""rdflib's SPARQL would fetch every FROM / USING graph from the web; the rdflib engine never lets it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A web server on 127.0.0.1 that serves Turtle and remembers every path asked for."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = b"<http://example.org/fetched> <http://example.org/p> 1 .\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def test_a_query_naming_a_web_graph_does_not_fetch_it(listener: tuple[str, list[str]], tmp_path: Path) -> None:
    url, asked = listener
    query = tmp_path / "from.rq"
    query.write_text(f"SELECT ?s FROM <{url}/g.ttl> WHERE {{ ?s ?p ?o }}\n")
    result = CliRunner().invoke(cli, ["query", str(query), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert asked == []
    assert "fetched" not in result.output


def test_an_update_using_a_web_graph_does_not_fetch_it(listener: tuple[str, list[str]], mini: Path) -> None:
    from rdflib_oracle import open_side as open_engine

    url, asked = listener
    kg = open_engine("rdflib", [mini / "data"], ontology=[], shapes=[])
    kg.update(f"INSERT {{ ?s a <http://example.org/Seen> }} USING <{url}/g.ttl> WHERE {{ ?s ?p ?o }}")
    assert asked == []
