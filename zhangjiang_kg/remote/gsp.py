"""Loading graphs into a store over the SPARQL 1.1 Graph Store HTTP Protocol, all or nothing.

Each target graph is read first, then written in one PUT (atomic: the store holds the old graph
or the new one) or one POST; on any failure or interruption the graphs already written are put
back. Counts are compared triple for triple in an in-memory Oxigraph store, which keeps numbers by
value as a store does, never by canonical keys alone: blank nodes have no identity across a
store, so keys would fold every ``[] sh:path ...`` of a shapes graph into one.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox

from ..errors import EndpointError, InputError, LoadError
from ..rdfio.export import serialize, sorted_lines
from .http import Credentials, HttpClient, RetryPolicy, credentials_for

#: Target name for the store's default graph (``?default`` in the Graph Store Protocol).
DEFAULT_GRAPH = "default"

_NTRIPLES = "application/n-triples"
_RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"

#: A graph as read back from a store: its triples, or None when the store has no such graph.
Held = list[ox.Triple] | None


@dataclass(frozen=True)
class Payload:
    """One graph to send: N-Triples, one triple a line, each line once (as
    :func:`zhangjiang_kg.rdfio.export.serialize` and ``KnowledgeGraph.export`` write it)."""

    body: bytes

    @classmethod
    def of(cls, triples: Iterable[ox.Triple | ox.Quad]) -> Payload:
        """The payload of ``triples`` (graph names dropped), in Oxigraph's deterministic N-Triples."""
        return cls(serialize((ox.Quad(t.subject, t.predicate, t.object) for t in triples), "nt"))

    def __len__(self) -> int:
        return self.body.count(b"\n")

    @cached_property
    def triples(self) -> list[ox.Triple]:
        """The triples, blank nodes renamed apart from any other graph's."""
        return [q.triple for q in ox.parse(self.body, format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True)]


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


def has_blank_nodes(triples: Iterable[ox.Triple]) -> bool:
    """True when any triple has a blank node (which a store cannot match when adding again)."""
    return any(isinstance(term, ox.BlankNode) for triple in triples for term in triple)


def expected_count(content: Payload, before: Held, replace: bool) -> int:
    """How many triples the target graph must hold after the load: ``content`` when replacing, else
    what was there plus each sent triple it lacked, counted in an Oxigraph store (``"1.50"`` is ``"1.5"``)."""
    if replace or before is None:
        return len(content)
    merged = ox.Store()
    merged.extend(ox.Quad(*triple) for triple in before if not has_blank_nodes([triple]))
    had = len(merged)
    merged.extend(ox.Quad(*triple) for triple in content.triples)
    return len(before) + len(merged) - had


def refuse_duplicating_adds(graphs: Mapping[str, Payload], before: Mapping[str, Held]) -> None:
    """Refuse to add blank nodes to a graph that already holds triples (they would be stored twice);
    an empty or absent graph is fine, so a first load without ``--replace`` works.

    :raises InputError: names the graph and says to replace it instead.
    """
    for target, content in graphs.items():
        if before.get(target) and has_blank_nodes(content.triples):
            raise InputError(
                f"graph <{target}> has blank nodes and the store already holds that graph; adding "
                "would store them twice (a store cannot recognise a blank node it already has). "
                "Replace the graph instead (zjkg load --replace)"
            )


class GraphStore:
    """A SPARQL 1.1 Graph Store HTTP Protocol endpoint (Oxigraph's ``/store``, Fuseki's ``/ds/data``)."""

    def __init__(self, endpoint: str, client: HttpClient) -> None:
        self.endpoint = endpoint
        self.client = client

    def get(self, graph: str) -> Held:
        """The graph's triples as the store holds them, or ``None`` when it has no such graph (404)."""
        url = graph_url(self.endpoint, graph)
        response = self.client.request("GET", url, headers={"Accept": _RDF_ACCEPT}, ok=(200, 204, 404))
        if response.status == 404:
            return None
        if not response.body.strip():
            return []
        fmt = ox.RdfFormat.from_media_type(response.content_type) or ox.RdfFormat.TURTLE
        try:
            return [q.triple for q in ox.parse(response.body, format=fmt, base_iri=url, rename_blank_nodes=True)]
        except (SyntaxError, ValueError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise EndpointError(self.endpoint, f"graph <{graph}> came back unreadable: {first}") from None

    def send(self, method: str, graph: str, content: Payload) -> None:
        """PUT (replace) or POST (add: a triple already there is not added twice) ``content`` in
        one request, so a replacement is atomic on the store (a store that asks for a Digest login
        gets the answer to its last challenge up front, see :mod:`.http`, so a large body is read whole)."""
        self.client.request(
            method, graph_url(self.endpoint, graph), data=content.body, headers={"Content-Type": _NTRIPLES}
        )

    def delete(self, graph: str) -> None:
        """Drop the graph; a graph that is already absent is fine."""
        self.client.request("DELETE", graph_url(self.endpoint, graph), ok=(200, 202, 204, 404))


def load_graphs(
    endpoint: str,
    graphs: Mapping[str, Payload],
    *,
    replace: bool = False,
    timeout: float = 30.0,
    retry: RetryPolicy | None = None,
    credentials: Credentials | None = None,
    sent: Callable[[str, Payload], None] | None = None,
) -> LoadReport:
    """Load each graph of ``graphs`` (target graph IRI, or :data:`DEFAULT_GRAPH`, to content):
    replaced (PUT) with ``replace``, else added (POST); then each is read back and its triples
    counted. ``sent`` is called after each graph is written; ``credentials`` default to
    :func:`credentials_for` the endpoint.

    :raises InputError: the URL is not an http(s) endpoint, or blank nodes would be added to a
        graph the store already holds (they would be duplicated); nothing is written.
    :raises LoadError: if a graph cannot be written; names the graph and why. Graphs written
        before the failure are restored first, so the store is left as it was.
    """
    login = credentials or credentials_for(endpoint)
    store = GraphStore(endpoint, HttpClient(endpoint, timeout=timeout, retry=retry, credentials=login))

    before: dict[str, Held] = {}
    written: list[str] = []
    current = ""
    try:
        for target in graphs:
            current = target
            before[target] = store.get(target)
        if not replace:
            refuse_duplicating_adds(graphs, before)
        for target, content in graphs.items():
            current = target
            written.append(target)
            store.send("PUT" if replace else "POST", target, content)
            if sent is not None:
                sent(target, content)
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
        stored = store.get(target)
        expected = expected_count(content, before[target], replace)
        loads.append(GraphLoad(target, len(content), expected, len(stored) if stored is not None else 0))
    return LoadReport(endpoint, replace, tuple(loads))


def _restore(store: GraphStore, written: Sequence[str], before: Mapping[str, Held]) -> list[str]:
    """Put each written graph back as it was; return what could not be restored, and why. A graph
    still as it was (the write never arrived) is left alone: a store refusing writes is not asked again."""
    problems = []
    for target in reversed(written):
        previous = before.get(target)
        try:
            if _same(store.get(target), previous):
                continue
        except EndpointError:
            pass
        try:
            if not previous:
                store.delete(target)
            else:
                store.send("PUT", target, Payload.of(previous))
        except EndpointError as exc:
            problems.append(f"<{target}>: {exc.reason}")
    return problems


def _same(current: Held, previous: Held) -> bool:
    """Whether two readings of a graph hold the same triples, blank nodes matched by their place."""
    if not current or not previous:
        return not (current or previous)
    return len(current) == len(previous) and _lines(current) == _lines(previous)


def _lines(triples: list[ox.Triple]) -> object:
    return sorted_lines((ox.Quad(*triple) for triple in triples), keep_graphs=False)
