"""Every IRI answers by content negotiation: ``/id/...``, ``/ontology``, ``/shapes``, ``/graph/...``.

As *Cool URIs for the Semantic Web* has it, a browser is sent on (303) to the page about the thing;
an RDF client gets the description at once (200, ``Content-Location``, ``Vary: Accept``).
"""

from __future__ import annotations

import pyoxigraph as ox

from ..site import descriptions
from ..site.graph import Graphs, Triple, Triples
from .reply import Reply, choose, content_type, text
from .static import etag

HTML = "text/html"
#: RDF media types offered, with the export format and the document suffix for each.
RDF_TYPES: dict[str, tuple[str, str]] = {
    "text/turtle": ("turtle", "ttl"),
    "application/ld+json": ("json-ld", "jsonld"),
    "application/n-triples": ("nt", "nt"),
}
#: JSON-LD is JSON: a client that asks only for ``application/json`` gets it under that type.
PLAIN_JSON = "application/json"
#: In the server's order of preference, for ties and for ``*/*``: people first.
OFFERED = (HTML, *RDF_TYPES, PLAIN_JSON)
SUFFIXES = {suffix: media_type for media_type, (_, suffix) in RDF_TYPES.items()}


class LinkedData:
    """The documents of the graph's IRIs: entity descriptions and the ontology and shapes graphs.

    Descriptions are made on first request and kept; the graph is only read.
    """

    def __init__(self, graphs: Graphs) -> None:
        self.graphs = graphs
        self.entities: dict[str, str] = {}
        self.described = graphs("data", "background")  # the article's statements and what it leaves unsaid
        for entity in descriptions.entities(self.described):
            path = descriptions.document_path(entity.value)
            if path is not None:
                self.entities[path] = entity.value
        self._cache: dict[tuple[str, str], bytes] = {}  # read and written on the event loop only

    def knows(self, path: str) -> bool:
        """Whether ``path`` (``id/zhangjiang-zone``, ``ontology``) is the path of an IRI that answers."""
        return path in self.entities or path in descriptions.GRAPH_DOCUMENTS

    def negotiate(self, path: str, accept: str | None) -> Reply:
        """The answer for the IRI at ``path``: 303 to the page, 200 with RDF, or 406."""
        chosen = choose(accept, OFFERED)
        if chosen is None:
            offered = ", ".join(OFFERED)
            return text(406, f"/{path} is available as {offered}", Vary="Accept")
        if chosen == HTML:
            return text(303, f"See /{path}.html", Location=f"/{path}.html", Vary="Accept")  # See Other: the page
        suffix = RDF_TYPES[chosen][1] if chosen != PLAIN_JSON else "jsonld"
        reply = self.document(path, suffix)
        if chosen == PLAIN_JSON:
            reply.content_type = PLAIN_JSON
        reply.headers.update({"Content-Location": f"/{path}.{suffix}", "Vary": "Accept"})
        return reply

    def document(self, path: str, suffix: str) -> Reply:
        """The description of ``path`` in the syntax of ``suffix`` (``ttl``, ``jsonld``, ``nt``)."""
        media_type = SUFFIXES[suffix]
        fmt = RDF_TYPES[media_type][0]
        body = self._cache.get((path, fmt))
        if body is None:
            (body,) = descriptions.rdf_documents(self._graph(path), fmt)
            self._cache[(path, fmt)] = body
        return Reply(200, body, content_type(media_type), {"Link": self._alternates(path), "ETag": etag(body)})

    def _graph(self, path: str) -> Triples | list[Triple]:
        if path in descriptions.GRAPH_DOCUMENTS:
            return self.graphs(descriptions.GRAPH_DOCUMENTS[path])
        return descriptions.describe(self.described, ox.NamedNode(self.entities[path]))

    @staticmethod
    def _alternates(path: str) -> str:
        """``Link`` header naming the other representations of the same resource."""
        links = [f'</{path}.html>; rel="alternate"; type="{HTML}"']
        links += [f'</{path}.{suffix}>; rel="alternate"; type="{t}"' for t, (_, suffix) in RDF_TYPES.items()]
        return ", ".join(links)
