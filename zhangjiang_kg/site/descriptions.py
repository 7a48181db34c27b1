"""What the graph says about one entity, as a small graph of its own: the Linked Data answer for its IRI.

Its triples both ways, and its evidence: annotations whose body is the entity or a reified
statement about it, with their targets and selectors, found from what the graph says, not from a
fixed shape.
"""

from __future__ import annotations

import json
import re

import pyoxigraph as ox

from ..rdfio.export import serialize
from ..vocab import BASE, GRAPH_DATA, GRAPHS, OA, PREFIXES, RDF
from .graph import Subject, Term, Triple, Triples

#: Where entity IRIs live: ``https://w3id.org/zhangjiang-kg/id/``.
ID_NAMESPACE = PREFIXES["zj"]
#: Documents of whole graphs by their path under the base: the ontology and shapes namespaces, and
#: the named graphs (``graph/data``...), each with the short name of the graph it holds.
GRAPH_DOCUMENTS: dict[str, str] = {"ontology": "ontology", "shapes": "shapes", **{f"graph/{n}": n for n in GRAPHS}}
#: Last path segments no entity may have: the site's own pages and each page's documents would be
#: overwritten by the entity's (``zj:index`` is ``id/index``, whose page is the entity index).
RESERVED_NAMES = frozenset({"index"})
#: A path segment a static host serves as it is (ASCII letters, digits and ``-_.~``).
_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")
#: Suffixes of the documents beside a page: an entity ``zj:x.ttl`` would be the Turtle of ``zj:x``.
RESERVED_SUFFIXES = (".html", ".ttl", ".jsonld", ".nt", ".css", ".svg")


def entities(data: Triples) -> list[ox.NamedNode]:
    """Every subject of ``data`` whose IRI is under the ``id/`` namespace, sorted."""
    found = [s for s in data.subjects() if isinstance(s, ox.NamedNode) and s.value.startswith(ID_NAMESPACE)]
    return sorted(found, key=lambda s: s.value)


def document_path(iri: str) -> str | None:
    """The path under the site root that mirrors an IRI of the base: ``id/zhangjiang-zone``; ``None``
    outside the base, or where the path could not be a file name (``..``, characters a static host
    would need escaped) or is a page of the site: such an entity gets no page rather than take one's place.
    """
    if not iri.startswith(BASE):
        return None
    path = iri[len(BASE) :]
    segments = path.split("/")
    if not path or any(s in (".", "..") or not _PLAIN_SEGMENT.fullmatch(s) for s in segments):
        return None
    last = segments[-1].lower()
    if last in RESERVED_NAMES or last.endswith(RESERVED_SUFFIXES):
        return None
    return path


def describe(data: Triples, entity: Subject) -> list[Triple]:
    """The entity's description (see the module docstring): its triples, in a stable order."""
    found = [(entity, ox.NamedNode(p), o) for p, o in data.outgoing(entity)]
    found += [(s, ox.NamedNode(p), entity) for s, p in data.incoming(entity)]
    for statement in statements_about(data, entity):
        found += [(statement, ox.NamedNode(p), o) for p, o in data.outgoing(statement)]
    own = [entity] if data.objects(entity, OA + "hasTarget") else []  # an annotation's targets and selectors
    for annotation in evidence_for(data, entity) + own:
        found += _annotation_chain(data, annotation)
    return list(dict.fromkeys(found))


def statements_about(data: Triples, entity: Term) -> list[Subject]:
    """Reified statements (``rdf:subject`` the entity), sorted."""
    return sorted(data.pointing(entity, RDF + "subject"), key=lambda s: s.value)


def evidence_for(data: Triples, node: Term) -> list[Subject]:
    """Annotations that support ``node`` or a statement about it, in the order of the article."""
    found = set(annotations_of(data, node))
    for statement in statements_about(data, node):
        found.update(annotations_of(data, statement))
    return sorted(found, key=lambda a: (quote_offsets(data, a)[0], a.value))


def annotations_of(data: Triples, node: Term) -> list[Subject]:
    """Annotations whose body is ``node``, and annotations ``node`` links to itself (a statement's evidence)."""
    annotation_class = ox.NamedNode(OA + "Annotation")
    found = set(data.pointing(node, OA + "hasBody"))
    found.update(
        o
        for _p, o in data.outgoing(node)
        if not isinstance(o, ox.Literal) and annotation_class in data.objects(o, RDF + "type")
    )
    return sorted(found, key=lambda a: a.value)


def _annotation_chain(data: Triples, annotation: Subject) -> list[Triple]:
    """The annotation's triples, its targets' and their selectors' (refinements followed too)."""
    found = [(annotation, ox.NamedNode(p), o) for p, o in data.outgoing(annotation)]
    pending = list(data.objects(annotation, OA + "hasTarget"))
    seen: set[Term] = {annotation}
    while pending:
        node = pending.pop()
        if node in seen or isinstance(node, ox.Literal):
            continue
        seen.add(node)
        found += [(node, ox.NamedNode(p), o) for p, o in data.outgoing(node)]
        for link in ("hasSelector", "refinedBy"):
            pending.extend(data.objects(node, OA + link))
    return found


def _selectors(data: Triples, annotation: Term) -> list[Term]:
    return [
        sel for target in data.objects(annotation, OA + "hasTarget") for sel in data.objects(target, OA + "hasSelector")
    ]


def quote_offsets(data: Triples, annotation: Term) -> tuple[int, int | None]:
    """Where an annotation's words stand in the article: (start, end), ``(10**9, None)`` when unknown."""
    for selector in _selectors(data, annotation):
        start, end = data.value(selector, OA + "start"), data.value(selector, OA + "end")
        if start is not None and start.value.isdigit():
            return int(start.value), int(end.value) if end is not None and end.value.isdigit() else None
    return 10**9, None


def quotes(data: Triples, annotation: Term) -> list[str]:
    """The annotation's exact words (``oa:exact`` of its selectors); never the context around them."""
    return sorted(exact.value for sel in _selectors(data, annotation) for exact in data.objects(sel, OA + "exact"))


def rdf_documents(triples: list[Triple] | Triples, *formats: str) -> list[bytes]:
    """Triples in each of ``formats`` (``turtle``, ``nt``, ``json-ld``), as the exporter writes them.

    JSON-LD comes as a flat ``@graph`` with the project's prefixes as context, so a plain JSON-LD
    processor reads it into the default graph.
    """
    graph = ox.NamedNode(GRAPH_DATA)
    quads = [ox.Quad(s, p, o, graph) for s, p, o in triples]
    return [_flat(serialize(quads, fmt)) if fmt == "json-ld" else serialize(quads, fmt) for fmt in formats]


def _flat(written: bytes) -> bytes:
    """The exporter's JSON-LD (one named graph) as a flat ``@graph`` in the default graph."""
    document = json.loads(written)
    nodes = document["@graph"][0]["@graph"] if document["@graph"] else []
    flat = {"@context": document["@context"], "@graph": nodes}
    return (json.dumps(flat, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
