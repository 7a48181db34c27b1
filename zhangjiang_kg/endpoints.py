"""Remote SPARQL 1.1 stores: load graphs over the Graph Store HTTP Protocol, run queries over HTTP.

Only the standard library speaks HTTP here, so any store that follows the two W3C protocols
(Oxigraph, Fuseki, GraphDB, Virtuoso, QLever...) works without a client library. Decisions:

- Credentials come from ``ZJKG_USER``/``ZJKG_PASSWORD`` or the user's netrc, never from the
  command line (where they would land in shell history and ``ps``). urllib answers whichever
  challenge the server sends, Basic or Digest (Virtuoso uses Digest).
- Transient failures (connection refused or reset, time-outs, 5xx) are retried with exponential
  backoff; anything else (401, 403, 400, 404) fails at once, because repeating it cannot help.
- A load is all or nothing across its graphs: each target graph is read first, then written with
  PUT (atomic per graph) or POST, and if any step fails, or the user interrupts, the graphs already
  written are put back as they were before the error is raised.
"""

from __future__ import annotations

import http.client
import json
import netrc
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from zhangjiang_kg.errors import EndpointError, LoadError, QueryError
from zhangjiang_kg.results import QueryResult

if TYPE_CHECKING:
    from rdflib import Graph

ENV_USER = "ZJKG_USER"
ENV_PASSWORD = "ZJKG_PASSWORD"

#: Statuses worth repeating a request for: the server may answer differently a moment later.
TRANSIENT_STATUSES = frozenset({500, 502, 503, 504})

#: The graphs a saved query sees (docs/model.md): the data and the ontology, merged, as in-process.
GRAPH_BASE = "https://w3id.org/zhangjiang-kg/graph/"
QUERY_GRAPHS: tuple[str, ...] = (GRAPH_BASE + "ontology", GRAPH_BASE + "data", GRAPH_BASE + "background")

#: Target name for the store's default graph (``?default`` in the Graph Store Protocol).
DEFAULT_GRAPH = "default"

_NTRIPLES = "application/n-triples"
_RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RDF_FORMATS = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


@dataclass(frozen=True)
class Credentials:
    """A login for a store; the password is kept out of ``repr`` so it never reaches a log."""

    user: str
    password: str = field(repr=False)


def credentials_for(url: str, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """Credentials for ``url``: ``ZJKG_USER``/``ZJKG_PASSWORD`` first, then the netrc entry of its host.

    The netrc file is ``$NETRC`` when set, otherwise ``~/.netrc``. A missing or unreadable netrc
    means no credentials, not an error: most queries need none.
    """
    env = os.environ if environ is None else environ
    user = env.get(ENV_USER)
    if user:
        return Credentials(user, env.get(ENV_PASSWORD, ""))
    host = urllib.parse.urlsplit(url).hostname
    if not host:
        return None
    path = env.get("NETRC") or os.path.join(env.get("HOME") or os.path.expanduser("~"), ".netrc")
    try:
        entry = netrc.netrc(path).authenticators(host)
    except (OSError, netrc.NetrcParseError):
        return None
    if entry is None:
        return None
    login, _account, password = entry
    return Credentials(login or "", password or "")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to repeat a request that failed for a transient reason."""

    attempts: int = 3
    backoff: float = 0.5
    sleep: Callable[[float], None] = time.sleep

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based): 0.5, 1, 2..."""
        return self.backoff * (2 ** (attempt - 1))


@dataclass(frozen=True)
class Response:
    """What a request returned, read whole (graphs and results here are small)."""

    status: int
    content_type: str
    body: bytes


class _Transient(Exception):
    """A failure worth retrying; carries the message to give if the retries run out."""

    def __init__(self, reason: str, status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status


class HttpClient:
    """urllib with authentication, a time-out and retries, raising :class:`EndpointError`."""

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        credentials: Credentials | None = None,
    ):
        self.endpoint = endpoint
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.credentials = credentials
        handlers: list[urllib.request.BaseHandler] = []
        if credentials is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, endpoint, credentials.user, credentials.password)
            handlers += [
                urllib.request.HTTPBasicAuthHandler(passwords),
                urllib.request.HTTPDigestAuthHandler(passwords),
            ]
        self._opener = urllib.request.build_opener(*handlers)

    def request(
        self,
        method: str,
        url: str,
        *,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        ok: Sequence[int] = (200, 201, 204),
    ) -> Response:
        """Send one request, retrying transient failures; return it if its status is in ``ok``.

        :raises EndpointError: if the store cannot be reached, times out every attempt, or
            answers with a status outside ``ok``.
        """
        attempts = max(1, self.retry.attempts)
        for attempt in range(1, attempts + 1):
            try:
                response = self._once(method, url, data, headers or {})
            except _Transient as failure:
                if attempt == attempts:
                    times = "once" if attempts == 1 else f"{attempts} times"
                    raise EndpointError(
                        self.endpoint, f"{failure.reason} (tried {times})", failure.status
                    ) from None
                self.retry.sleep(self.retry.delay(attempt))
                continue
            if response.status in ok:
                return response
            raise EndpointError(self.endpoint, self._refusal(response), response.status)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, method: str, url: str, data: bytes | None, headers: Mapping[str, str]) -> Response:
        request = urllib.request.Request(url, data=data, method=method, headers=dict(headers))
        try:
            with self._opener.open(request, timeout=self.timeout) as reply:
                return Response(reply.status, reply.headers.get_content_type(), reply.read())
        except urllib.error.HTTPError as error:
            body = _read_quietly(error)
            content_type = error.headers.get_content_type() if error.headers else ""
            if error.code in TRANSIENT_STATUSES:
                raise _Transient(
                    f"HTTP {error.code}: {_snippet(body, html=content_type == 'text/html') or error.reason}",
                    error.code,
                ) from None
            return Response(error.code, content_type, body)
        except urllib.error.URLError as error:
            raise _Transient(_describe(error.reason)) from None
        except (TimeoutError, socket.timeout) as error:
            raise _Transient(_describe(error)) from None
        except (ConnectionError, http.client.HTTPException) as error:
            raise _Transient(_describe(error)) from None

    def _refusal(self, response: Response) -> str:
        detail = _snippet(response.body)
        suffix = f": {detail}" if detail else ""
        if response.status == 401:
            if self.credentials is None:
                return (
                    f"HTTP 401: the store needs a login; set {ENV_USER} and {ENV_PASSWORD} "
                    "or add the host to ~/.netrc"
                )
            return f"HTTP 401: the store refused the login of user {self.credentials.user!r}"
        if response.status == 403:
            return f"HTTP 403: the store refuses this request (read-only, or the user may not write){suffix}"
        return f"HTTP {response.status}{suffix}"


def _read_quietly(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read()
    except (OSError, http.client.HTTPException):
        return b""


def _describe(reason: object) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the store running?)"
    if isinstance(reason, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)):
        return "the store closed the connection"
    text = str(getattr(reason, "strerror", None) or reason)
    return "timed out" if "timed out" in text else text


def _snippet(body: bytes, limit: int = 300, html: bool | None = None) -> str:
    """A short, single-line version of an error body for a message (tags stripped from HTML only)."""
    text = body.decode("utf-8", "replace")
    if html is None:
        html = text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))
    if html:
        text = re.sub(r"<(title|head|style|script)\b.*?</\1>", " ", text, flags=re.S | re.I)
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Graph Store Protocol ------------------------------------------------------------------


def graph_url(store_url: str, graph: str) -> str:
    """The Graph Store URL of one graph: ``?graph=IRI`` (indirect identification) or ``?default``."""
    split = urllib.parse.urlsplit(store_url)
    extra = "default" if graph == DEFAULT_GRAPH else urllib.parse.urlencode({"graph": graph})
    query = f"{split.query}&{extra}" if split.query else extra
    return urllib.parse.urlunsplit(split._replace(query=query))


@dataclass(frozen=True)
class GraphLoad:
    """One graph of a load: what was sent, what the store should now hold, and what it holds."""

    graph: str
    sent: int
    expected: int
    stored: int

    @property
    def ok(self) -> bool:
        """True when the store holds exactly the triples it should."""
        return self.expected == self.stored


@dataclass(frozen=True)
class LoadReport:
    """The outcome of :func:`load_graphs`, one :class:`GraphLoad` per target graph."""

    endpoint: str
    replace: bool
    graphs: tuple[GraphLoad, ...]

    @property
    def ok(self) -> bool:
        """True when every graph's count in the store matches."""
        return all(item.ok for item in self.graphs)


class GraphStore:
    """A SPARQL 1.1 Graph Store HTTP Protocol endpoint (Oxigraph's ``/store``, Fuseki's ``/ds/data``)."""

    def __init__(self, endpoint: str, client: HttpClient):
        self.endpoint = endpoint
        self.client = client

    def get(self, graph: str) -> "Graph | None":
        """The graph as the store holds it, or ``None`` when the store has no such graph (404)."""
        from rdflib import Graph

        response = self.client.request(
            "GET", graph_url(self.endpoint, graph), headers={"Accept": _RDF_ACCEPT}, ok=(200, 204, 404)
        )
        if response.status == 404:
            return None
        result = Graph()
        if response.body.strip():
            fmt = _RDF_FORMATS.get(response.content_type, "turtle")
            try:
                result.parse(data=response.body, format=fmt)
            except Exception as exc:  # rdflib raises many unrelated types for bad input
                raise EndpointError(self.endpoint, f"graph <{graph}> came back unreadable: {exc}") from exc
        return result

    def put(self, graph: str, content: "Graph") -> None:
        """Replace the graph with ``content`` (one atomic request)."""
        self._send("PUT", graph, content)

    def post(self, graph: str, content: "Graph") -> None:
        """Add ``content`` to the graph; a triple already there is not added twice."""
        self._send("POST", graph, content)

    def delete(self, graph: str) -> None:
        """Drop the graph; a graph that is already absent is fine."""
        self.client.request("DELETE", graph_url(self.endpoint, graph), ok=(200, 202, 204, 404))

    def _send(self, method: str, graph: str, content: "Graph") -> None:
        """Send ``content`` in requests of at most :data:`MAX_BODY` bytes: the first with ``method``,
        the rest added with POST. A store that challenges for a login (Digest) may close the
        connection before it has read a large body; small bodies arrive whole. A graph with blank
        nodes is sent in one request, since a blank node cannot span two."""
        body = content.serialize(format="nt", encoding="utf-8")
        chunks = [body] if _has_blank_nodes(content) else _line_chunks(body, MAX_BODY)
        for number, chunk in enumerate(chunks):
            self.client.request(
                method if number == 0 else "POST", graph_url(self.endpoint, graph), data=chunk,
                headers={"Content-Type": _NTRIPLES},
            )


#: Largest request body :class:`GraphStore` sends in one request, in bytes.
MAX_BODY = 128 * 1024


def _line_chunks(body: bytes, limit: int) -> list[bytes]:
    """``body`` cut at line ends into pieces of at most ``limit`` bytes (a longer line stays whole)."""
    chunks: list[bytes] = []
    current: list[bytes] = []
    size = 0
    for line in body.splitlines(keepends=True):
        if current and size + len(line) > limit:
            chunks.append(b"".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line)
    if current or not chunks:
        chunks.append(b"".join(current))
    return chunks


def load_graphs(
    endpoint: str,
    graphs: Mapping[str, "Graph"],
    *,
    replace: bool = False,
    timeout: float = 30.0,
    retry: RetryPolicy | None = None,
    credentials: Credentials | None = None,
) -> LoadReport:
    """Load each graph of ``graphs`` (target graph IRI, or :data:`DEFAULT_GRAPH`, to content).

    With ``replace`` each target graph is replaced (PUT); otherwise the content is added (POST)
    and a triple the store already has is not added twice. Afterwards each target graph is read
    back and its triple count compared with what it should hold.

    Credentials default to :func:`credentials_for` the endpoint.

    :raises InputError: if a graph holds blank nodes and would be added (they would be duplicated).
    :raises LoadError: if a graph cannot be written; names the graph and why. Graphs written
        before the failure are restored first, so the store is left as it was.
    """
    from zhangjiang_kg.errors import InputError
    from zhangjiang_kg.stores import triple_keys

    if not replace:
        for target, content in graphs.items():
            if _has_blank_nodes(content):
                raise InputError(
                    f"graph <{target}> has blank nodes, which a store cannot recognise as already "
                    "loaded; load it with replace instead"
                )
    if credentials is None:
        credentials = credentials_for(endpoint)
    store = GraphStore(endpoint, HttpClient(endpoint, timeout=timeout, retry=retry, credentials=credentials))

    before: dict[str, Graph | None] = {}
    written: list[str] = []
    current = ""
    try:
        for target in graphs:
            current = target
            before[target] = store.get(target)
        for target, content in graphs.items():
            current = target
            written.append(target)
            (store.put if replace else store.post)(target, content)
    except BaseException as failure:
        problems = _restore(store, written, before)
        if not isinstance(failure, EndpointError):
            raise
        reason = failure.reason
        if problems:
            reason += "; the store could NOT be restored: " + "; ".join(problems)
        elif written:
            reason += "; graphs already written were restored"
        raise LoadError(endpoint, current, reason, failure.status) from failure

    loads = []
    for target, content in graphs.items():
        expected = triple_keys(content)
        if not replace and before[target] is not None:
            expected |= triple_keys(before[target] or ())
        stored = store.get(target)
        loads.append(GraphLoad(target, len(content), len(expected), len(stored) if stored is not None else 0))
    return LoadReport(endpoint, replace, tuple(loads))


def _restore(store: GraphStore, written: Sequence[str], before: Mapping[str, "Graph | None"]) -> list[str]:
    """Put each written graph back as it was; return what could not be restored, and why.

    A graph that already holds what it held before (the failed write never arrived) is left
    alone, so a store that refuses every write is not asked to write again.
    """
    from zhangjiang_kg.stores import triple_keys

    problems = []
    for target in reversed(written):
        previous = before.get(target)
        try:
            current = store.get(target)
        except EndpointError:
            current = None
        else:
            if triple_keys(current or ()) == triple_keys(previous or ()):
                continue
        try:
            if previous is None or len(previous) == 0:
                store.delete(target)
            else:
                store.put(target, previous)
        except EndpointError as exc:
            problems.append(f"<{target}>: {exc.reason}")
    return problems


def _has_blank_nodes(graph: "Graph") -> bool:
    from rdflib import BNode

    return any(isinstance(term, BNode) for triple in graph for term in triple)


# --- SPARQL 1.1 Protocol queries -----------------------------------------------------------


def run_remote(
    endpoint: str,
    query_text: str,
    *,
    timeout: float = 30.0,
    default_graphs: Sequence[str] | None = QUERY_GRAPHS,
    retry: RetryPolicy | None = None,
    credentials: Credentials | None = None,
) -> QueryResult:
    """POST a SELECT or ASK query to a SPARQL 1.1 endpoint and return its rows.

    ``default_graphs`` become the protocol's ``default-graph-uri`` parameters, so the query sees
    the ontology and data graphs merged and nothing else, as a query in-process does (Virtuoso's own default graph holds thousands of
    system triples; Oxigraph's is empty unless started with ``--union-default-graph``). Pass
    ``None`` to use the endpoint's own default graph.

    :raises QueryError: if the endpoint rejects the query or answers something that is not a
        SPARQL JSON result (a CONSTRUCT, an HTML error page).
    :raises EndpointError: if the endpoint cannot be reached or times out.
    """
    fields: list[tuple[str, str]] = [("query", query_text)]
    fields += [("default-graph-uri", graph) for graph in default_graphs or ()]
    client = HttpClient(
        endpoint,
        timeout=timeout,
        retry=retry,
        credentials=credentials if credentials is not None else credentials_for(endpoint),
    )
    try:
        response = client.request(
            "POST",
            endpoint,
            data=urllib.parse.urlencode(fields).encode("utf-8"),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
            ok=(200,),
        )
    except EndpointError as exc:
        if exc.status is not None and 400 <= exc.status < 500 and exc.status not in (401, 403):
            raise QueryError(f"{endpoint}: the endpoint rejected the query: {exc.reason}") from exc
        raise
    try:
        data = json.loads(response.body.decode("utf-8"))
        return QueryResult.from_sparql_json(data)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError, KeyError, TypeError) as exc:
        raise QueryError(
            f"{endpoint}: the answer is not SPARQL JSON results ({response.content_type}): "
            f"{_snippet(response.body, 120) or exc}"
        ) from exc
