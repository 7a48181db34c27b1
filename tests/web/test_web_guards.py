"""The probes of a hostile or careless client, each against a served graph: a query nested 100,000
groups deep, SERVICE, a runaway query, a foreign Host or Origin, clients that go away early or never
finish their request, methods nobody serves. The server answers each with an error and stays up."""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import urllib.parse
from pathlib import Path

import pytest
from web_client import Answer, fetch, http_get, served_process
from zhangjiang_kg.web import WebServer
from zhangjiang_kg.web.guard import Door

#: Upper bound on waiting for the server in these tests: a bound, not a timing claim.
BOUND = 60


def sparql(get, text: str, method: str = "GET", headers: dict[str, str] | None = None) -> Answer:
    if method == "GET":
        return get("/sparql?" + urllib.parse.urlencode({"query": text}), headers=headers)
    sent = {"Content-Type": "application/sparql-query", **(headers or {})}
    return get("/sparql", method="POST", headers=sent, body=text.encode("utf-8"))


def still_up(get) -> None:
    answer = sparql(get, "ASK { ?s ?p ?o }")
    assert answer.status == 200
    assert json.loads(answer.body) == {"head": {}, "boolean": True}


@pytest.mark.parametrize(("method", "depth"), [("POST", 100_000), ("GET", 5_000)])
def test_a_query_nested_deep_is_refused_before_any_parser(get, method: str, depth: int) -> None:
    """100,000 groups deep crashed the Oxigraph child (a stack overflow) and with it ``zjkg serve``."""
    answer = sparql(get, "SELECT * WHERE " + "{" * depth + "}" * depth, method)
    assert answer.status == 400
    detail = json.loads(answer.body)["detail"]
    assert f"nested {depth} levels deep; at most 128 are allowed" in detail
    still_up(get)


def test_a_deep_update_is_refused_too(oxigraph_kg, site: Path) -> None:
    with WebServer(oxigraph_kg, port=0, site=site, writable=True) as server:
        answer = fetch(
            server.port,
            "/update",
            method="POST",
            headers={"Content-Type": "application/sparql-update"},
            body=("INSERT { <http://x> <http://x> <http://x> } WHERE " + "{" * 100_000 + "}" * 100_000).encode(),
        )
        assert answer.status == 400
        assert "nested 100000 levels deep" in json.loads(answer.body)["detail"]


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE ?where { ?s ?q ?r } } }",
    ],
)
def test_service_is_refused_without_allow_network(get, text: str) -> None:
    answer = sparql(get, text, "POST")
    assert answer.status == 403
    assert "refused (pass --allow-network to allow federated queries)" in json.loads(answer.body)["detail"]
    still_up(get)


def test_the_word_service_in_a_string_is_no_federation(get) -> None:
    answer = sparql(get, 'SELECT ?x WHERE { BIND("SERVICE <http://elsewhere/>" AS ?x) }')
    assert answer.status == 200


def test_with_allow_network_the_door_lets_service_through(oxigraph_kg) -> None:
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    Door(oxigraph_kg.store, [], allow_network=True).check("query", text)  # no error
    with pytest.raises(Exception, match="allow-network"):
        Door(oxigraph_kg.store, []).check("query", text)


def test_a_query_cannot_see_a_graph_that_is_not_served(get) -> None:
    shapes = "https://w3id.org/zhangjiang-kg/graph/shapes"
    for text in (f"ASK {{ GRAPH <{shapes}> {{ ?s ?p ?o }} }}", "ASK { ?s a <http://www.w3.org/ns/shacl#NodeShape> }"):
        assert json.loads(sparql(get, text).body)["boolean"] is False, text
    named = get("/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }", "default-graph-uri": shapes}))
    assert json.loads(named.body)["boolean"] is False  # a client narrows the graphs, never widens them


def test_the_api_refuses_what_the_endpoint_refuses(get) -> None:
    answer = get("/api/facts-by-status?status=" + urllib.parse.quote("zjo:Planned } SERVICE <http://x/> {"))
    assert answer.status == 400  # a value is bound as a term, never pasted: it is no IRI


@pytest.mark.parametrize("host", ["evil.example", "evil.example:7878", "127.0.0.1.nip.io"])
def test_a_foreign_host_header_is_refused(get, host: str) -> None:
    """DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends its own name as Host."""
    for path in ("/", "/sparql?query=ASK%7B%7D", "/api/fund-money", "/id/zhangjiang-zone"):
        answer = get(path, headers={"Host": host})
        assert answer.status == 400, (host, path)
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_loopback_names_are_answered(served: WebServer) -> None:
    for host in (f"127.0.0.1:{served.port}", f"localhost:{served.port}", "localhost"):
        assert fetch(served.port, "/sparql?query=ASK%7B%7D", headers={"Host": host}).status == 200, host


def test_a_post_from_another_origin_is_refused_and_from_the_server_itself_allowed(served: WebServer, get) -> None:
    foreign = sparql(get, "ASK {}", "POST", {"Origin": "http://evil.example"})
    assert foreign.status == 403
    opaque = sparql(get, "ASK {}", "POST", {"Origin": "null"})
    assert opaque.status == 403
    own = sparql(get, "ASK {}", "POST", {"Origin": served.url})
    assert own.status == 200


def test_reads_are_open_to_other_origins_writes_are_not(get) -> None:
    answer = get("/api/fund-money", headers={"Origin": "https://example.org"})
    assert answer.status == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    preflight = get(
        "/sparql",
        method="OPTIONS",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status == 400  # CORS allows GET and HEAD only


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"])
def test_every_unsupported_method_is_405_with_allow(served: WebServer, method: str) -> None:
    target = f"127.0.0.1:{served.port}" if method == "CONNECT" else "/api/fund-money"
    with socket.create_connection(("127.0.0.1", served.port), timeout=BOUND) as client:
        client.sendall(f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n".encode())
        head = client.recv(65536).decode("latin-1")
    assert head.startswith("HTTP/1.1 405 "), head
    assert "\r\nallow: " in head.lower()


def test_answers_carry_the_security_headers_etags_and_gzip(get) -> None:
    for path in ("/", "/api/fund-money", "/id/zhangjiang-zone.ttl", "/sparql?query=ASK%7B%7D", "/nowhere"):
        headers = get(path).headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert headers["x-frame-options"] == "DENY", path
    page = get("/id/zhangjiang-zone.html")
    tag = page.headers["etag"]
    assert tag.startswith('W/"')
    again = get("/id/zhangjiang-zone.html", headers={"If-None-Match": tag})
    assert again.status == 304
    assert again.body == b""
    assert get("/id/zhangjiang-zone.html", headers={"If-None-Match": 'W/"other"'}).status == 200
    rdf = get("/id/zhangjiang-zone", "text/turtle")
    assert get("/id/zhangjiang-zone", "text/turtle", headers={"If-None-Match": rdf.headers["etag"]}).status == 304
    zipped = get("/id/zhangjiang-zone.html", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == page.body


def test_one_connection_carries_many_requests(served: WebServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=BOUND)
    try:
        for path in ("/api/fund-money", "/id/zhangjiang-zone.ttl", "/sparql?query=ASK%7B%7D") * 3:
            connection.request("GET", path)
            response = connection.getresponse()
            assert response.version == 11
            assert response.status == 200
            response.read()
            assert response.getheader("connection") != "close"
    finally:
        connection.close()


def test_half_open_connections_are_closed_and_hold_nothing(oxigraph_kg, site: Path) -> None:
    """Clients that connect and send half a request (or nothing) are closed after the header time-out;
    meanwhile the server answers everyone else."""
    with WebServer(oxigraph_kg, port=0, site=site, header_timeout=0.5) as server:
        stalled = []
        for number in range(200):
            client = socket.create_connection(("127.0.0.1", server.port), timeout=BOUND)
            if number % 2:
                client.sendall(b"GET /api/fund-money HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never ends
            stalled.append(client)
        assert fetch(server.port, "/sparql?query=ASK%7B%7D").status == 200
        for client in stalled:
            assert client.recv(65536) == b""  # closed by the server, nothing sent
            client.close()


def test_clients_that_go_away_early_leave_no_trace(site: Path) -> None:
    """836 tracebacks were printed during one load test; now a client may hang up at any point."""
    with served_process(site) as (url, process):
        port = int(url.rsplit(":", 1)[1])
        for number in range(60):
            client = socket.create_connection(("127.0.0.1", port), timeout=BOUND)
            path = ("/ontology.ttl", "/api/timeline", "/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D")[number % 3]
            request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
            client.sendall(request[: len(request) // 2] if number % 4 == 0 else request)
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            client.close()  # a reset, before (or while) the answer comes
        assert http_get(url + "/sparql?query=ASK%7B%7D").status == 200
    _, err = process.communicate(timeout=BOUND)
    assert err == "Press Ctrl-C to stop.\nStopped.\n"


def test_a_kept_answer_is_the_answer_the_full_stack_gives(served: WebServer) -> None:
    """The fast path sends kept answers with the same status, headers and body as the first time."""
    for path, accept in (("/id/zhangjiang-zone", "text/turtle"), ("/api/fund-money", None), ("/", None)):
        first = fetch(served.port, path, accept)
        again = fetch(served.port, path, accept)
        assert again.status == first.status == 200
        assert again.body == first.body
        assert "date" in again.headers
        for name in ("content-type", "etag", "x-content-type-options", "content-security-policy"):
            assert again.headers[name] == first.headers[name], (path, name)
    foreign = fetch(served.port, "/id/zhangjiang-zone", "text/turtle", headers={"Host": "evil.example"})
    assert foreign.status == 400  # a kept answer is never sent to a foreign Host
    head = fetch(served.port, "/id/zhangjiang-zone", "text/turtle", method="HEAD")
    assert head.body == b""
