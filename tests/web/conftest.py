"""The web application served on 127.0.0.1 for the tests of this folder, and a client that never
follows redirects (so a 303 is seen as a 303)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from web_client import Answer, fetch
from zhangjiang_kg.web import WebServer


@pytest.fixture(scope="session")
def oxigraph_kg():
    """The packaged graph in an Oxigraph store, as ``zjkg serve`` loads it."""
    from zhangjiang_kg import store

    return store.load()


@pytest.fixture(scope="session")
def mini_oxigraph(mini: Path):
    """The stand-in graph in an Oxigraph store."""
    from zhangjiang_kg import store

    return store.load(
        [mini / "data"],
        ontology=[mini / "ontology" / "mini.ttl"],
        shapes=[mini / "ontology" / "shapes.ttl"],
    )


@pytest.fixture(scope="session")
def served(oxigraph_kg) -> Iterator[WebServer]:
    """The application over the packaged graph on a free loopback port, building its own site."""
    with WebServer(oxigraph_kg, port=0) as server:
        # The build reads with rdflib's SPARQL parser, which is not thread-safe: the tests that run
        # the CLI in this process start once it has ended (the server itself only runs Oxigraph).
        assert server.app is not None
        assert server.app.site.wait(600), server.app.site.error  # a bound for a busy machine
        yield server


@pytest.fixture(scope="session")
def get(served: WebServer):
    """``get(path, accept=None, method="GET")`` against the served application."""

    def request(
        path: str,
        accept: str | None = None,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Answer:
        return fetch(served.port, path, accept, method, headers, body)

    return request


@pytest.fixture(scope="session")
def built_site(served: WebServer) -> Path:
    """The site folder the served application built (waits for the build)."""
    assert served.app is not None
    assert served.app.site.wait(600), served.app.site.error
    assert served.app.site.folder is not None
    return served.app.site.folder


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A tiny site folder, so a server starts without building one."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text("<h1>front</h1>", encoding="utf-8")
    return folder
