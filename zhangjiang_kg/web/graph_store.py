"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/store``, so ``zjkg load --endpoint`` can write here.

``/store?graph=IRI`` or ``/store?default`` (where updates without ``GRAPH`` write). Each write
(``--writable``) is one SPARQL update through the :class:`~zhangjiang_kg.web.guard.Door`, the body
parsed here and written back as N-Triples, so it runs under the time limit like every update.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pyoxigraph as ox

from . import negotiation
from .reply import ProtocolError, Reply, content_type, problem
from .sparql import GRAPH_FORMATS

if TYPE_CHECKING:
    from .guard import Door

#: Largest body a PUT or POST may send, in bytes.
MAX_BODY_BYTES = 64 * 1024 * 1024
#: The syntaxes a graph may be sent in: those it is answered in.
_TRIPLE_SYNTAXES = {getattr(ox.RdfFormat, name) for name in GRAPH_FORMATS.values()}


def target(query: Mapping[str, Sequence[str]]) -> str | None:
    """The graph a request names: its IRI, or None for ``?default``.

    :raises ProtocolError: neither or both given, or the IRI is not an absolute IRI.
    """
    graphs = list(query.get("graph", []))
    if ("default" in query) == bool(graphs) or len(graphs) > 1:
        raise ProtocolError(400, "name one graph: ?graph=IRI or ?default")
    if not graphs:
        return None
    try:
        return ox.NamedNode(graphs[0]).value
    except ValueError:
        raise ProtocolError(400, f"not an absolute IRI: {graphs[0]!r}") from None


def read_graph(store: ox.Store, graph: str | None, media_type: str) -> bytes | None:
    """In a worker: the graph in ``media_type``, or None when the store has no such graph."""
    name: ox.NamedNode | ox.DefaultGraph = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    if isinstance(name, ox.NamedNode) and not store.contains_named_graph(name):
        return None
    triples = [quad.triple for quad in store.quads_for_pattern(None, None, None, name)]
    return ox.serialize(triples, format=getattr(ox.RdfFormat, GRAPH_FORMATS[media_type])) or b""


async def answer(door: Door, graph: str | None, accept: str | None) -> Reply:
    """``GET`` or ``HEAD``: the graph, in the type ``Accept`` asks for.

    :raises ProtocolError: the server does not serve that graph.
    """
    if graph is not None and graph not in door.graphs and not door.include_default_graph:
        raise ProtocolError(404, f"this server serves no graph <{graph}>")
    chosen = negotiation.choose(accept, tuple(GRAPH_FORMATS))
    if chosen is None:
        return problem(406, f"graphs are available as {', '.join(GRAPH_FORMATS)}")
    body = await door.evaluate("graph store", read_graph, graph, chosen)
    if body is None:
        raise ProtocolError(404, f"the store has no graph <{graph}>")
    return Reply(200, body, content_type(chosen), {"Vary": "Accept", "Cache-Control": "no-cache"})


async def write(door: Door, method: str, graph: str | None, media_type: str, body: bytes) -> Reply:
    """``PUT``, ``POST`` or ``DELETE`` (``--writable`` only): one update; 204 when it is done.

    :raises ProtocolError: the body is too large, of an unknown type or not of its syntax, or the
        graph to delete does not exist.
    """
    where = "DEFAULT" if graph is None else f"GRAPH {ox.NamedNode(graph)}"
    if method == "DELETE":
        try:
            await door.update(f"DROP {where}")
        except RuntimeError:  # Oxigraph: the graph does not exist
            raise ProtocolError(404, f"the store has no graph <{graph}>") from None
        return Reply(204, b"", None)
    triples = parse_body(media_type, body, graph)
    data = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    block = data if graph is None else f"GRAPH {ox.NamedNode(graph)} {{\n{data}}}"
    drop = f"DROP SILENT {where} ;\n" if method == "PUT" else ""
    await door.update(f"{drop}INSERT DATA {{\n{block}\n}}")
    return Reply(204, b"", None)


def parse_body(sent_type: str, body: bytes, graph: str | None) -> list[ox.Triple]:
    """The triples of a PUT or POST body, its syntax named by ``Content-Type``.

    :raises ProtocolError: too large, a type that is no RDF syntax, or not of its syntax.
    """
    if len(body) > MAX_BODY_BYTES:
        raise ProtocolError(413, f"the body is over {MAX_BODY_BYTES} bytes")
    media_type = sent_type.split(";", 1)[0].strip().lower()
    syntax = ox.RdfFormat.from_media_type(media_type) if media_type else None
    if syntax is None or syntax not in _TRIPLE_SYNTAXES:
        raise ProtocolError(415, f"send the graph as one of {', '.join(GRAPH_FORMATS)}")
    try:
        return [quad.triple for quad in ox.parse(body, format=syntax, base_iri=graph)]
    except SyntaxError as exc:
        raise ProtocolError(400, f"the body is not {syntax.name}: {str(exc).splitlines()[0]}") from None
