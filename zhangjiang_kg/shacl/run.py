"""Where the compiled queries run: an in-process Oxigraph store or a SPARQL 1.1 endpoint.

Both see the data graph as the union of the named graphs given (or the default graph), so the same
query text gives the same rows in-process and remotely.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import pyoxigraph as ox

from ..errors import EndpointError, QueryError
from ..queries.results import QueryResult
from ..rdfio.jsonld import read_json
from ..remote.http import HttpClient, RetryPolicy, credentials_for
from .dialect import STANDARD, Dialect, dialect_of
from .terms import XSD_BOOLEAN, Term

Row = Mapping[str, "Term | None"]


class SparqlError(RuntimeError):
    """A query failed on the engine or the endpoint; the message names the query."""


class SparqlRunner(Protocol):
    """Runs a SELECT over the data graph; rows map variable names to pyoxigraph terms."""

    #: What the store does differently from the Recommendation (the compiler asks it).
    dialect: Dialect

    def select(self, query: str) -> Iterable[Row]: ...


class _Solution(dict[str, "Term | None"]):
    """One row; a missing variable reads as None, like an unbound one."""

    def __missing__(self, key: str) -> None:
        return None


class StoreRunner:
    """Queries a ``pyoxigraph.Store``; ``graphs`` are the named graphs that form the data graph
    (None: the store's default graph)."""

    dialect = STANDARD

    def __init__(self, store: ox.Store, graphs: Sequence[str] | None = None) -> None:
        self.store = store
        self.graphs = list(graphs) if graphs is not None else None
        self.queries = 0
        self._counting = threading.Lock()

    def select(self, query: str) -> Iterable[Row]:
        with self._counting:
            self.queries += 1
        try:
            if self.graphs is None:
                answer = self.store.query(query)
            else:
                answer = self.store.query(query, default_graph=[ox.NamedNode(g) for g in self.graphs])
        except (SyntaxError, OSError, ValueError) as exc:
            raise SparqlError(f"{exc}\nin the query:\n{query}") from exc
        assert isinstance(answer, ox.QuerySolutions)
        names = [v.value for v in answer.variables]
        return [_Solution({name: solution[name] for name in names}) for solution in answer]


class EndpointRunner:
    """Queries a SPARQL 1.1 endpoint over HTTP (POST, JSON results); nothing is downloaded but rows.

    ``graphs`` become ``default-graph-uri`` parameters, so the query sees exactly the graphs
    ``zjkg load`` wrote; ``None`` uses the endpoint's default graph. A login comes from
    ``ZJKG_USER``/``ZJKG_PASSWORD`` when set (Basic or Digest, as the server asks).
    """

    def __init__(self, url: str, graphs: Sequence[str] | None = None, *, timeout: float = 300.0) -> None:
        self.url = url
        self.graphs = list(graphs) if graphs is not None else None
        self.queries = 0
        #: The store's dialect, chosen from its first answer's ``Server`` header.
        self.dialect = STANDARD
        self._chosen = False
        self._timeout, self._login = timeout, credentials_for(url)
        self._local = threading.local()  # a client per thread: urllib's digest login keeps state
        self._counting = threading.Lock()

    @property
    def _client(self) -> HttpClient:
        client: HttpClient | None = getattr(self._local, "client", None)
        if client is None:
            # A query that timed out is not sent again: the store would still be computing the first.
            client = self._local.client = HttpClient(
                self.url, timeout=self._timeout, credentials=self._login, retry=RetryPolicy(), retry_timeouts=False
            )
        return client

    def select(self, query: str) -> Iterable[Row]:
        with self._counting:
            self.queries += 1
        fields = [("query", query)] + [("default-graph-uri", g) for g in self.graphs or ()]
        try:
            reply = self._client.request(
                "POST",
                self.url,
                data=urllib.parse.urlencode(fields).encode("utf-8"),
                ok=(200,),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/sparql-results+json",
                },
            )
        except EndpointError as exc:
            raise SparqlError(f"{exc}\nin the query:\n{query}") from exc
        if not self._chosen:
            self.dialect, self._chosen = dialect_of(reply.server), True
        try:
            return _rows(read_json(reply.body))
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, QueryError) as exc:
            raise SparqlError(f"{self.url}: the answer is not SPARQL JSON results: {exc}") from exc


def _rows(data: dict[str, Any]) -> list[Row]:
    """The rows of a SPARQL JSON answer, Virtuoso's booleans 1/0 made true/false first (its blank
    node labels are read by :meth:`QueryResult.from_sparql_json`)."""
    for binding in data["results"]["bindings"]:
        for term in binding.values():
            if term.get("datatype") == XSD_BOOLEAN.value and term["value"] in ("1", "0"):
                term["value"] = "true" if term["value"] == "1" else "false"
    return [_Solution(row) for row in QueryResult.from_sparql_json(data).rows]
