"""Fixtures shared by the tests of queries: the packaged graph on every store the project supports."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from zhangjiang_kg import resources
from zhangjiang_kg.queries.catalogue import SavedQuery, bind, find_query, with_values
from zhangjiang_kg.queries.results import QueryResult

from rdflib_oracle import oxigraph_row

#: Runs a saved query (or its name) with parameters, as ``kg.run_query`` does.
Runner = Callable[..., QueryResult]


@pytest.fixture(scope="module")
def oracle_graph() -> Any:
    """rdflib's engine over the same files, queried with the text an endpoint gets: the oracle."""
    from rdflib import Graph

    graph = Graph()
    for path in [*resources.ontology_files(), *resources.data_files()]:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def run_oracle(oracle_graph: Any) -> Runner:
    """``run(query, params)`` on the oracle, the parameters bound as an endpoint gets them (VALUES)."""

    def run(query: SavedQuery | str, params: Mapping[str, str] | None = None) -> QueryResult:
        saved = find_query(query) if isinstance(query, str) else query
        solutions = oracle_graph.query(with_values(saved, bind(saved, params)))
        variables = [str(v) for v in solutions.vars or []]
        return QueryResult(variables, rows=[oxigraph_row(dict(zip(variables, row, strict=True))) for row in solutions])

    return run


@pytest.fixture(scope="module")
def oxigraph_engine() -> Any:
    """The packaged graph in the in-process Oxigraph store (its named graphs, as the CLI loads them)."""
    from zhangjiang_kg.store.graph import load

    return load()


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """An ``oxigraph serve`` on 127.0.0.1 holding the packaged graph in its named graphs, queried
    over HTTP with the union of them as default graph (as ``zjkg serve`` serves it)."""
    import urllib.parse
    import urllib.request

    from zhangjiang_kg.store.graph import graph_files
    from zhangjiang_kg.vocab import GRAPHS

    from store_servers import OxigraphServer

    with OxigraphServer(port=0, writable=True, union_default_graph=True) as server:
        for part, paths in graph_files(None, None, []).items():
            for path in paths:
                url = f"{server.store_url}?graph={urllib.parse.quote(GRAPHS[part], safe='')}"
                request = urllib.request.Request(
                    url, data=path.read_bytes(), method="POST", headers={"Content-Type": "text/turtle"}
                )
                with urllib.request.urlopen(request, timeout=30) as reply:
                    assert reply.status in (200, 201, 204)
        yield server.query_url
