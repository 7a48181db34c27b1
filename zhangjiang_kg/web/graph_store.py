"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/store``, so ``zjkg load --endpoint`` can write here.

A graph is named indirectly: ``/store?graph=IRI``, or ``/store?default`` for the store's default
graph (where updates without ``GRAPH`` write). ``GET`` (and ``HEAD``) answer the graph in an RDF
syntax by ``Accept``, 404 when the store has no such graph; a read-only server reads only the
graphs it serves. With ``--writable``, ``PUT`` replaces a graph, ``POST`` adds to it and ``DELETE``
drops it; each is one SPARQL update through the :class:`~zhangjiang_kg.web.guard.Door` (the body
parsed here, written back as N-Triples in ``INSERT DATA``), so it runs where every update runs,
under the time limit, and queries after it see it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pyoxigraph as ox

from . import negotiation
from .reply import Reply, problem
from .sparql import GRAPH_FORMATS

if TYPE_CHECKING:
    from .guard import Door

#: Largest body a PUT or POST may send, in bytes.
MAX_BODY_BYTES = 64 * 1024 * 1024
#: The syntaxes a graph may be sent in: those it is answered in.
_TRIPLE_SYNTAXES = {getattr(ox.RdfFormat, name) for name in GRAPH_FORMATS.values()}


class GraphStoreError(Exception):
    """A request the protocol cannot answer; ``status`` is the HTTP status to send."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status


def target(query: Mapping[str, Sequence[str]]) -> str | None:
    """The graph a request names: its IRI, or None for ``?default``.

    :raises GraphStoreError: neither or both given, or the IRI is not an absolute IRI.
    """
    graphs = list(query.get("graph", []))
    if ("default" in query) == bool(graphs) or len(graphs) > 1:
        raise GraphStoreError(400, "name one graph: ?graph=IRI or ?default")
    if not graphs:
        return None
    try:
        return ox.NamedNode(graphs[0]).value
    except ValueError:
        raise GraphStoreError(400, f"not an absolute IRI: {graphs[0]!r}") from None


def read_graph(store: ox.Store, graph: str | None, media_type: str) -> bytes | None:
    """In a worker: the graph in ``media_type``, or None when the store has no such graph."""
    name: ox.NamedNode | ox.DefaultGraph = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    if isinstance(name, ox.NamedNode) and not store.contains_named_graph(name):
        return None
    triples = [quad.triple for quad in store.quads_for_pattern(None, None, None, name)]
    return ox.serialize(triples, format=getattr(ox.RdfFormat, GRAPH_FORMATS[media_type])) or b""


async def answer(door: Door, graph: str | None, accept: str | None) -> Reply:
    """``GET`` or ``HEAD``: the graph, in the type ``Accept`` asks for.

    :raises GraphStoreError: the server does not serve that graph.
    """
    if graph is not None and graph not in door.graphs and not door.include_default_graph:
        raise GraphStoreError(404, f"this server serves no graph <{graph}>")
    chosen = negotiation.choose(accept, tuple(GRAPH_FORMATS))
    if chosen is None:
        return problem(406, f"graphs are available as {', '.join(GRAPH_FORMATS)}")
    body = await door.evaluate("graph store", read_graph, graph, chosen)
    if body is None:
        raise GraphStoreError(404, f"the store has no graph <{graph}>")
    content_type = chosen + ("; charset=utf-8" if chosen.startswith("text/") else "")
    return Reply(200, body, content_type, {"Vary": "Accept", "Cache-Control": "no-cache"})


async def write(door: Door, method: str, graph: str | None, content_type: str, body: bytes) -> Reply:
    """``PUT``, ``POST`` or ``DELETE`` (``--writable`` only): one update; 204 when it is done.

    :raises GraphStoreError: the body is too large, of an unknown type or not of its syntax, or the
        graph to delete does not exist.
    """
    where = "DEFAULT" if graph is None else f"GRAPH {ox.NamedNode(graph)}"
    if method == "DELETE":
        try:
            await door.update(f"DROP {where}")
        except RuntimeError:  # Oxigraph: the graph does not exist
            raise GraphStoreError(404, f"the store has no graph <{graph}>") from None
        return Reply(204, b"", None)
    triples = parse_body(content_type, body, graph)
    data = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    block = data if graph is None else f"GRAPH {ox.NamedNode(graph)} {{\n{data}}}"
    drop = f"DROP SILENT {where} ;\n" if method == "PUT" else ""
    await door.update(f"{drop}INSERT DATA {{\n{block}\n}}")
    return Reply(204, b"", None)


def parse_body(content_type: str, body: bytes, graph: str | None) -> list[ox.Triple]:
    """The triples of a PUT or POST body, its syntax named by ``Content-Type``.

    :raises GraphStoreError: too large, a type that is no RDF syntax, or not of its syntax.
    """
    if len(body) > MAX_BODY_BYTES:
        raise GraphStoreError(413, f"the body is over {MAX_BODY_BYTES} bytes")
    media_type = content_type.split(";", 1)[0].strip().lower()
    syntax = ox.RdfFormat.from_media_type(media_type) if media_type else None
    if syntax is None or syntax not in _TRIPLE_SYNTAXES:
        raise GraphStoreError(415, f"send the graph as one of {', '.join(GRAPH_FORMATS)}")
    try:
        return [quad.triple for quad in ox.parse(body, format=syntax, base_iri=graph)]
    except SyntaxError as exc:
        raise GraphStoreError(400, f"the body is not {syntax.name}: {str(exc).splitlines()[0]}") from None
