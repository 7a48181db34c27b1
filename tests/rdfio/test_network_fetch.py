"""``--allow-network``: imports and remote JSON-LD contexts are fetched bounded, parsed strictly,
and a failure names the file and the address (a server on 127.0.0.1 the test starts)."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from zhangjiang_kg.errors import NetworkAccessError, RdfSyntaxError
from zhangjiang_kg.rdfio import network
from zhangjiang_kg.rdfio.parse import read_quads

EX = "http://example.org/"
IMPORTS = "http://www.w3.org/2002/07/owl#imports"
DOCUMENTS = {
    "/onto.ttl": ("text/turtle", f'<{EX}a> <{EX}p> "imported" .\n_:b <{EX}p> "blank" .\n'),
    "/onto": ("application/n-triples", f'<{EX}a> <{EX}p> "by media type" .\n'),
    "/broken.ttl": ("text/turtle", f"<{EX}a> <{EX}p> .\n"),
    "/laughs.rdf": (
        "application/rdf+xml",
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "ha">]><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
    ),
    "/context.jsonld": ("application/ld+json", f'{{"@context": {{"p": "{EX}p"}}}}'),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        media, body = DOCUMENTS.get(self.path, ("text/plain", "not here"))
        self.send_response(200 if self.path in DOCUMENTS else 404)
        self.send_header("Content-Type", media)
        self.end_headers()
        self.wfile.write(body.encode("utf-8"))

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _importing(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "main.ttl"
    path.write_text(f"<{EX}main> <{IMPORTS}> <{url}> .\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("document", "value"), [("/onto.ttl", "imported"), ("/onto", "by media type")])
def test_an_import_is_followed_with_allow_network(server: str, tmp_path: Path, document: str, value: str) -> None:
    quads = list(read_quads(_importing(tmp_path, server + document), allow_network=True))
    assert value in {q.object.value for q in quads}
    assert len(quads) == (3 if document == "/onto.ttl" else 2)


def test_an_imports_blank_nodes_are_its_own(server: str, tmp_path: Path) -> None:
    main = tmp_path / "main.ttl"
    main.write_text(f'_:b <{EX}p> "local" .\n<{EX}main> <{IMPORTS}> <{server}/onto.ttl> .\n', encoding="utf-8")
    blanks = {q.subject for q in read_quads(main, allow_network=True) if q.subject.value.startswith("f")}
    assert len(blanks) == 2  # _:b here and _:b there are two nodes


@pytest.mark.parametrize(
    ("document", "error", "message"),
    [
        ("/missing.ttl", NetworkAccessError, "cannot fetch: Not Found"),
        ("/broken.ttl", RdfSyntaxError, "(owl:imports of "),
        ("/laughs.rdf", RdfSyntaxError, "DTD entity declarations are refused"),
    ],
)
def test_a_bad_import_is_one_error_naming_the_file_and_the_address(
    server: str, tmp_path: Path, document: str, error: type[Exception], message: str
) -> None:
    main = _importing(tmp_path, server + document)
    with pytest.raises(error) as caught:
        list(read_quads(main, allow_network=True))
    assert message in str(caught.value)
    assert server + document in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_import_that_never_answers_gives_up_at_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    silent = socket.create_server(("127.0.0.1", 0))  # accepts (the backlog) and never answers
    url = f"http://127.0.0.1:{silent.getsockname()[1]}/onto.ttl"
    monkeypatch.setattr(network, "FETCH_TIMEOUT", 0.5)
    try:
        with pytest.raises(NetworkAccessError, match=r"no answer within 0\.5 s$"):
            list(read_quads(_importing(tmp_path, url), allow_network=True))
    finally:
        silent.close()


def test_a_remote_json_ld_context_is_fetched_with_allow_network(server: str, tmp_path: Path) -> None:
    doc = tmp_path / "doc.jsonld"
    doc.write_text(f'{{"@context": "{server}/context.jsonld", "@id": "{EX}x", "p": "v"}}', encoding="utf-8")
    with pytest.raises(NetworkAccessError, match="would be fetched from the network"):
        list(read_quads(doc))
    assert [(q.subject.value, q.object.value) for q in read_quads(doc, allow_network=True)] == [(f"{EX}x", "v")]


def test_only_http_imports_are_fetched(tmp_path: Path) -> None:
    with pytest.raises(NetworkAccessError, match="only http:// and https:// imports are followed"):
        list(read_quads(_importing(tmp_path, "ftp://127.0.0.1/onto.ttl"), allow_network=True))
