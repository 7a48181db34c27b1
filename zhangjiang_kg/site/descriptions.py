"""What the graph says about one entity, as a small graph of its own: the Linked Data answer for its IRI.

An entity's description is every triple it is the subject of, every triple that points at it (so
its relations read in both directions), and the evidence: each ``oa:Annotation`` whose body is the
entity, or a reified ``rdf:Statement`` about it, with the annotation's targets and selectors. Evidence
is found from what the graph says (bodies, targets, selectors, statements linking to annotations),
not from a fixed shape, so a model that attaches evidence to statements needs no change here.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..vocab import BASE, GRAPHS, PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
    from rdflib.term import Node

#: Where entity IRIs live: ``https://w3id.org/zhangjiang-kg/id/``.
ID_NAMESPACE = PREFIXES["zj"]
OA = PREFIXES["oa"]
RDF = PREFIXES["rdf"]
#: Documents of whole graphs by their path under the base: the ontology and shapes namespaces, and
#: the named graphs (``graph/data``...), each with the short name of the graph it holds.
GRAPH_DOCUMENTS: dict[str, str] = {"ontology": "ontology", "shapes": "shapes", **{f"graph/{n}": n for n in GRAPHS}}
#: Last path segments no entity may have: the site's own pages and each page's documents would be
#: overwritten by the entity's (``zj:index`` is ``id/index``, whose page is the entity index).
RESERVED_NAMES = frozenset({"index"})
#: Suffixes of the documents beside a page: an entity ``zj:x.ttl`` would be the Turtle of ``zj:x``.
RESERVED_SUFFIXES = (".html", ".ttl", ".jsonld", ".nt", ".css", ".svg")
#: The syntaxes a description is written in, by the export format name.
DESCRIPTION_FORMATS = ("turtle", "nt", "json-ld")


def entities(data: Graph) -> list[URIRef]:
    """Every subject of ``data`` whose IRI is under the ``id/`` namespace, sorted."""
    from rdflib import URIRef

    found = {s for s in data.subjects() if isinstance(s, URIRef) and str(s).startswith(ID_NAMESPACE)}
    return sorted(found, key=str)


def document_path(iri: str) -> str | None:
    """The path under the site root that mirrors an IRI of the base: ``id/zhangjiang-zone``.

    ``None`` for IRIs outside the base, whose path could not be a file name (empty segments,
    ``..``, characters a static host would need escaped), or whose path is a page of the site
    (:data:`RESERVED_NAMES`, :data:`RESERVED_SUFFIXES`): such an entity gets no page, rather than
    take the place of one.
    """
    if not iri.startswith(BASE):
        return None
    path = iri[len(BASE) :]
    segments = path.split("/")
    if not path or any(not s or s in (".", "..") or not _plain(s) for s in segments):
        return None
    last = segments[-1].lower()
    if last in RESERVED_NAMES or last.endswith(RESERVED_SUFFIXES):
        return None
    return path


def _plain(segment: str) -> bool:
    return all(c.isascii() and (c.isalnum() or c in "-_.~") for c in segment)


def describe(data: Graph, entity: URIRef) -> Graph:
    """The entity's description (see the module docstring) as a new graph with the project's prefixes."""
    from ..store.rdflib_view import new_graph

    description = new_graph()
    for triple in data.triples((entity, None, None)):
        description.add(triple)
    for triple in data.triples((None, None, entity)):
        description.add(triple)
    for statement in statements_about(data, entity):
        for triple in data.triples((statement, None, None)):
            description.add(triple)
    for annotation in evidence_for(data, entity) + _own_annotation(data, entity):
        for triple in _annotation_chain(data, annotation):
            description.add(triple)
    return description


def statements_about(data: Graph, entity: Node) -> list[Node]:
    """Reified statements (``rdf:subject`` the entity), sorted."""
    from rdflib import URIRef

    return sorted(data.subjects(URIRef(RDF + "subject"), entity), key=str)


def evidence_for(data: Graph, node: Node) -> list[Node]:
    """Annotations that support ``node`` or a statement about it, in the order of the article."""
    found = set(annotations_of(data, node))
    for statement in statements_about(data, node):
        found.update(annotations_of(data, statement))
    return sorted(found, key=lambda a: (quote_offsets(data, a)[0], str(a)))


def annotations_of(data: Graph, node: Node) -> list[Node]:
    """Annotations whose body is ``node``, and annotations ``node`` links to itself (a statement's evidence)."""
    from rdflib import URIRef

    annotation_class = URIRef(OA + "Annotation")
    found = set(data.subjects(URIRef(OA + "hasBody"), node))
    found.update(o for o in data.objects(node, None) if (o, URIRef(RDF + "type"), annotation_class) in data)
    return sorted(found, key=str)


def _own_annotation(data: Graph, node: Node) -> list[Node]:
    """An annotation's own page describes its target and selectors too."""
    from rdflib import URIRef

    return [node] if (node, URIRef(OA + "hasTarget"), None) in data else []


def _annotation_chain(data: Graph, annotation: Node) -> list[tuple[Node, Node, Node]]:
    """The annotation's triples, its targets' and their selectors' (refinements followed too)."""
    from rdflib import URIRef

    triples = list(data.triples((annotation, None, None)))
    pending = list(data.objects(annotation, URIRef(OA + "hasTarget")))
    seen: set[Node] = {annotation}
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        triples.extend(data.triples((node, None, None)))
        for link in ("hasSelector", "refinedBy"):
            pending.extend(data.objects(node, URIRef(OA + link)))
    return triples


def quote_offsets(data: Graph, annotation: Node) -> tuple[int, int | None]:
    """Where an annotation's words stand in the article: (start, end), ``(10**9, None)`` when unknown."""
    from rdflib import URIRef

    for target in data.objects(annotation, URIRef(OA + "hasTarget")):
        for selector in data.objects(target, URIRef(OA + "hasSelector")):
            start = str(data.value(selector, URIRef(OA + "start")) or "")
            end = str(data.value(selector, URIRef(OA + "end")) or "")
            if start.isdigit():
                return int(start), int(end) if end.isdigit() else None
    return 10**9, None


def quotes(data: Graph, annotation: Node) -> list[str]:
    """The annotation's exact words (``oa:exact`` of its selectors); never the context around them."""
    from rdflib import URIRef

    found: list[str] = []
    for target in data.objects(annotation, URIRef(OA + "hasTarget")):
        for selector in data.objects(target, URIRef(OA + "hasSelector")):
            found.extend(str(exact) for exact in data.objects(selector, URIRef(OA + "exact")))
    return sorted(found)


def rdf_document(graph: Graph, fmt: str) -> bytes:
    """A graph in one of :data:`DESCRIPTION_FORMATS`, with the bytes the exporter gives (sorted, stable).

    JSON-LD comes as a flat ``@graph`` with the project's prefixes as context, so a plain JSON-LD
    processor reads it into the default graph.
    """
    return rdf_documents(graph, fmt)[0]


def rdf_documents(graph: Graph, *formats: str) -> list[bytes]:
    """The same graph in several formats, copied once into the exporter's dataset (the costly part)."""
    from ..errors import UnknownFormatError
    from ..rdfio.export import serialize
    from ..rdfio.terms import oxigraph_quads
    from ..vocab import GRAPH_DATA

    for fmt in formats:
        if fmt not in DESCRIPTION_FORMATS:
            raise UnknownFormatError(fmt, list(DESCRIPTION_FORMATS))
    quads = list(oxigraph_quads(graph, GRAPH_DATA))
    return [_flat(serialize(quads, fmt)) if fmt == "json-ld" else serialize(quads, fmt) for fmt in formats]


def _flat(written: bytes) -> bytes:
    """The exporter's JSON-LD (one named graph) as a flat ``@graph`` in the default graph."""
    document = json.loads(written)
    nodes = document["@graph"][0]["@graph"] if document["@graph"] else []
    flat = {"@context": document["@context"], "@graph": nodes}
    return (json.dumps(flat, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
