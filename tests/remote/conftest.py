"""Fixtures for the remote-store tests: real triple stores on free loopback ports, a
fault-injecting proxy in front of one, and small graphs in two versions to load into them.

The Oxigraph server is :class:`store_servers.OxigraphServer`, started empty, writable and
without ``--union-default-graph`` (so a query's default graph is what ``default-graph-uri``
names, as on any store). It starts in about 0.1 s, so each test gets
its own; Virtuoso takes a few seconds and is shared by the session. Outside CI a missing
Virtuoso skips its tests with the reason; in CI (``CI=true``) it fails them, because the CI
script installs it (``.ci/install-stores``).
"""

from __future__ import annotations

import base64
import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest
from hostile_run import Endpoint, Listener

from store_servers import OxigraphServer

if TYPE_CHECKING:
    from zhangjiang_kg.remote.gsp import Payload

# --- a fault-injecting proxy in front of a real store ---------------------------------------

#: An action for one request: "pass", "500", "401", "hang" (no answer), "drop" (close mid-body).
Action = str


@dataclass
class FaultyProxy:
    """An HTTP proxy on 127.0.0.1 that forwards to ``upstream`` unless a fault is planned.

    ``plan(method, path)`` returns the action for each request; ``seen`` records what came in.
    ``basic_auth`` ("user:password") makes it demand a Basic login first, like a store would.
    """

    upstream: str
    plan: Callable[[str, str], Action] = lambda method, path: "pass"
    basic_auth: str | None = None
    seen: list[tuple[str, str, str]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def store_url(self) -> str:
        return self.base + "/store"


def _handler(proxy: FaultyProxy) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            method = self.command
            if proxy.basic_auth is not None:
                expected = "Basic " + base64.b64encode(proxy.basic_auth.encode()).decode()
                if self.headers.get("Authorization") != expected:
                    self.rfile.read(length)
                    proxy.seen.append((method, self.path, "401"))
                    self._reply(401, b"login required", {"WWW-Authenticate": 'Basic realm="store"'})
                    return
            action = proxy.plan(method, self.path)
            proxy.seen.append((method, self.path, action))
            if action == "drop":
                self.rfile.read(length // 2)  # half the upload arrives, then the line goes dead
                self.close_connection = True
                self.connection.shutdown(2)
                return
            body = self.rfile.read(length) if length else None
            if action == "hang":
                proxy.release.wait(30)
                self.close_connection = True
                return
            if action in ("500", "503"):
                self._reply(int(action), b"Internal Server Error: try again later")
                return
            request = urllib.request.Request(proxy.upstream + self.path, data=body, method=method)
            for name in ("Content-Type", "Accept"):
                if self.headers.get(name):
                    request.add_header(name, self.headers[name])
            try:
                with urllib.request.urlopen(request, timeout=30) as reply:
                    self._reply(reply.status, reply.read(), {"Content-Type": reply.headers.get("Content-Type", "")})
            except urllib.error.HTTPError as error:
                self._reply(error.code, error.read(), {"Content-Type": error.headers.get("Content-Type", "")})

        def _reply(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                if value:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_PUT = do_POST = do_DELETE = _handle

    return Handler


@pytest.fixture
def faulty_proxy(oxigraph_server: OxigraphServer) -> Iterator[FaultyProxy]:
    """A :class:`FaultyProxy` in front of a fresh Oxigraph server; set ``plan`` in the test."""
    proxy = FaultyProxy(upstream=oxigraph_server.base_url)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(proxy))
    server.daemon_threads = True
    proxy.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- small graphs in two versions, and reading a store back ------------------------------------

G_ONTOLOGY = "https://w3id.org/zhangjiang-kg/graph/ontology"
G_DATA = "https://w3id.org/zhangjiang-kg/graph/data"
G_SHAPES = "https://w3id.org/zhangjiang-kg/graph/shapes"
_ZJ = "https://w3id.org/zhangjiang-kg/id/"
_ZJO = "https://w3id.org/zhangjiang-kg/ontology#"


def _two_graphs(version: int) -> dict[str, Payload]:
    import pyoxigraph as ox
    from zhangjiang_kg.remote.gsp import Payload
    from zhangjiang_kg.vocab import RDF, RDFS, XSD

    iri, lit = ox.NamedNode, ox.Literal
    a, label = iri(RDF + "type"), iri(RDFS + "label")
    fund, cls = iri(_ZJ + "special-fund"), iri(_ZJO + "Fund")
    ontology = [
        ox.Triple(cls, a, iri("http://www.w3.org/2002/07/owl#Class")),
        ox.Triple(cls, label, lit(f"fund v{version}", language="en")),
    ]
    data = [
        ox.Triple(fund, a, cls),
        ox.Triple(fund, label, lit(f"special fund v{version}")),
        ox.Triple(fund, iri("https://schema.org/value"), lit(f"62000000{version}.50", datatype=iri(XSD + "decimal"))),
    ]
    if version == 2:
        data.append(ox.Triple(iri(_ZJ + "industry-fund"), a, cls))
    return {G_ONTOLOGY: Payload.of(ontology), G_DATA: Payload.of(data)}


def _stored(store_url: str, graph: str, env: dict[str, str] | None = None) -> set[object] | None:
    from zhangjiang_kg.remote.gsp import GraphStore
    from zhangjiang_kg.remote.http import Credentials, HttpClient

    from rdflib_oracle import keys

    credentials = Credentials(env["ZJKG_USER"], env["ZJKG_PASSWORD"]) if env else None
    return keys(GraphStore(store_url, HttpClient(store_url, timeout=10, credentials=credentials)).get(graph))


@pytest.fixture(scope="session")
def two_graphs() -> Callable[[int], dict[str, Payload]]:
    """``two_graphs(version)``: an ontology and a data graph; version 2 changes both, so a restore
    is visible."""
    return _two_graphs


@pytest.fixture(scope="session")
def stored() -> Callable[..., set[object] | None]:
    """``stored(store_url, graph, env=None)``: the canonical triples a store holds in ``graph``
    (None when it has no such graph); ``env`` gives ZJKG_USER/ZJKG_PASSWORD."""
    return _stored


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A socket on 127.0.0.1 that must see no connection unless the test allows the network."""
    found = Listener()
    yield found
    found.close()


@pytest.fixture
def endpoint() -> Iterator[Callable[[Callable[[http.server.BaseHTTPRequestHandler], None]], Endpoint]]:
    started: list[Endpoint] = []

    def start(reply: Callable[[http.server.BaseHTTPRequestHandler], None]) -> Endpoint:
        started.append(Endpoint(reply))
        return started[-1]

    yield start
    for server in started:
        server.close()
