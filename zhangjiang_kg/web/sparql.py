"""The SPARQL 1.1 Protocol (``/sparql``, ``/query``, ``/update``) and Graph Store Protocol (``/store``).

``default-graph-uri`` and ``named-graph-uri`` may narrow the served graphs, never widen them; every
text passes the :class:`~zhangjiang_kg.web.guard.Door` first. A Graph Store write (``--writable``)
is one SPARQL update through it, the body parsed here and written back as N-Triples, so it runs
under the time limit like every update (``zjkg load --endpoint`` writes so).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox

from ..vocab import PREFIXES
from .guard import Door
from .reply import ProtocolError, Reply, choose, content_type, problem

#: Media types of SELECT and ASK results, in the server's order of preference, with pyoxigraph's format name.
RESULT_FORMATS: dict[str, str] = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
#: Media types of CONSTRUCT and DESCRIBE results, with pyoxigraph's format name.
GRAPH_FORMATS: dict[str, str] = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
}
QUERY_MEDIA_TYPE = "application/sparql-query"
UPDATE_MEDIA_TYPE = "application/sparql-update"
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
#: Largest query or update text accepted, in bytes.
MAX_TEXT_BYTES = 1_000_000


@dataclass
class Request:
    """The parts of an HTTP request the protocol reads (the application fills it from Starlette's)."""

    method: str
    query: Mapping[str, Sequence[str]]
    content_type: str
    body: bytes
    accept: str | None


def read_operation(request: Request, field: str, media_type: str) -> tuple[str, dict[str, list[str]]]:
    """The operation text (``query`` or ``update``) and the dataset parameters of a request.

    :raises ProtocolError: no text, the text given twice, or a body type the protocol does not define.
    """
    params: dict[str, list[str]] = {k: list(v) for k, v in request.query.items()}
    body_type = request.content_type.split(";", 1)[0].strip().lower()
    if request.method == "POST":
        if len(request.body) > MAX_TEXT_BYTES:
            raise ProtocolError(413, f"the request body is over {MAX_TEXT_BYTES} bytes")
        if body_type == FORM_MEDIA_TYPE:
            try:
                form = parse_qs(request.body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                raise ProtocolError(400, "the form is not UTF-8") from None
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif body_type == media_type:
            if field in params:
                raise ProtocolError(400, f"give the {field} in the body or in the URL, not both")
            try:
                params[field] = [request.body.decode("utf-8")]
            except UnicodeDecodeError:
                raise ProtocolError(400, f"the {field} is not UTF-8") from None
        else:
            raise ProtocolError(415, f"POST a {field} as {media_type} or as {FORM_MEDIA_TYPE}")
    given = params.get(field, [])
    if len(given) != 1:
        raise ProtocolError(400, f"give exactly one {field} parameter (got {len(given)})")
    return given[0], params


def run_query(
    store: ox.Store, text: str, dataset: dict[str, Any], result_type: str | None, graph_type: str | None
) -> tuple[str | None, bytes]:
    """In a worker: the query's answer serialised in the chosen type (``None`` when none fits)."""
    answer: Any = store.query(text, prefixes=dict(PREFIXES), **dataset)
    if isinstance(answer, (ox.QueryBoolean, ox.QuerySolutions)):
        if result_type is None:
            return None, b""
        results_format = getattr(ox.QueryResultsFormat, RESULT_FORMATS[result_type])
        return result_type, answer.serialize(format=results_format) or b""
    if graph_type is None:
        return None, b""
    return graph_type, ox.serialize(answer, format=getattr(ox.RdfFormat, GRAPH_FORMATS[graph_type])) or b""


async def answer_query(door: Door, request: Request) -> Reply:
    """Run one protocol query through the door and answer in the negotiated format."""
    text, params = read_operation(request, "query", QUERY_MEDIA_TYPE)
    result_type = choose(request.accept, tuple(RESULT_FORMATS))
    graph_type = choose(request.accept, tuple(GRAPH_FORMATS))
    dataset = door.dataset(params.get("default-graph-uri"), params.get("named-graph-uri"))

    chosen, body = await door.run("query", text, run_query, text, dataset, result_type, graph_type)
    if chosen is None:
        offered = ", ".join([*RESULT_FORMATS, *GRAPH_FORMATS])
        return problem(406, f"the results are available as {offered}")
    return Reply(200, body, content_type(chosen), {"Vary": "Accept", "Cache-Control": "no-cache"})


async def answer_update(door: Door, request: Request, writable: bool) -> Reply:
    """Run one protocol update (``--writable`` only) through the door; 204 when it is done."""
    if not writable:
        return problem(403, "this server is read-only; start it with --writable to accept updates")
    text, params = read_operation(request, "update", UPDATE_MEDIA_TYPE)
    if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
        raise ProtocolError(400, "using-graph-uri and using-named-graph-uri are not supported; write USING instead")
    await door.update(text)
    return Reply(204, b"", None)


# The Graph Store Protocol: ``/store?graph=IRI`` or ``/store?default`` (where updates without GRAPH write).

#: Largest body a PUT or POST may send, in bytes.
MAX_BODY_BYTES = 64 * 1024 * 1024
#: The syntaxes a graph may be sent in: those it is answered in.
_TRIPLE_SYNTAXES = {getattr(ox.RdfFormat, name) for name in GRAPH_FORMATS.values()}


def store_target(query: Mapping[str, Sequence[str]]) -> str | None:
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


async def answer_graph(door: Door, graph: str | None, accept: str | None) -> Reply:
    """``GET`` or ``HEAD``: the graph, in the type ``Accept`` asks for.

    :raises ProtocolError: the server does not serve that graph.
    """
    if graph is not None and graph not in door.graphs and not door.include_default_graph:
        raise ProtocolError(404, f"this server serves no graph <{graph}>")
    chosen = choose(accept, tuple(GRAPH_FORMATS))
    if chosen is None:
        return problem(406, f"graphs are available as {', '.join(GRAPH_FORMATS)}")
    body = await door.evaluate("graph store", read_graph, graph, chosen)
    if body is None:
        raise ProtocolError(404, f"the store has no graph <{graph}>")
    return Reply(200, body, content_type(chosen), {"Vary": "Accept", "Cache-Control": "no-cache"})


async def write_graph(door: Door, method: str, graph: str | None, media_type: str, body: bytes) -> Reply:
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
    triples = parse_graph_body(media_type, body, graph)
    data = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    block = data if graph is None else f"GRAPH {ox.NamedNode(graph)} {{\n{data}}}"
    drop = f"DROP SILENT {where} ;\n" if method == "PUT" else ""
    await door.update(f"{drop}INSERT DATA {{\n{block}\n}}")
    return Reply(204, b"", None)


def parse_graph_body(sent_type: str, body: bytes, graph: str | None) -> list[ox.Triple]:
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
