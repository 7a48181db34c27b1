"""One page per entity of the data, at a path that mirrors its IRI, with its description beside it.

``zj:zhangjiang-zone`` gets ``id/zhangjiang-zone.html``, ``.ttl`` and ``.jsonld``, so a static host can
serve all three and a w3id redirect can send each IRI to the one a client asks for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import pyoxigraph as ox

from ..vocab import BASE, OA, RDF, RDF_TYPE, RDFS, SCHEMA, SKOS, ZJO
from . import descriptions
from .classes import HEADLINE, Quote, figure_text, quote
from .graph import Graphs, Subject, Triples
from .graph import Term as Node
from .html import Site, Term, page, sort_key

INDEX = "id/index.html"
#: Incoming links listed under a heading of their own; evidence (``oa:hasBody``) has its own section.
FIGURE_OF = ZJO + "figureOf"
SHOWN_APART_INCOMING = frozenset({FIGURE_OF, OA + "hasBody"})
#: Where a named graph's triples are read page by page.
READABLE = {"data": INDEX, "background": INDEX, "ontology": "ontology.html", "shapes": "shapes.html"}


def site_files(site: Site, graphs: Graphs) -> dict[str, str | bytes]:
    """Every entity's page, Turtle and JSON-LD, the index of entities, and the whole graphs as Turtle
    and JSON-LD (``ontology``, ``shapes``, ``graph/data``...), by path under the site root.

    ``site`` must already know the class pages and ontology anchors (its links to them are kept);
    links to entities go to their own pages.
    """
    data = graphs("data", "background")  # the article's statements and what it leaves unsaid
    paths = {e.value: path for e in descriptions.entities(data) if (path := descriptions.document_path(e.value))}
    linked = replace(site, pages={**site.pages, **{iri: f"{path}.html" for iri, path in paths.items()}})
    files: dict[str, str | bytes] = {INDEX: render_index(linked, paths)}
    for iri, path in paths.items():
        entity = ox.NamedNode(iri)
        files[f"{path}.html"] = render_entity(linked, data, entity, path)
        description = descriptions.describe(data, entity)
        files[f"{path}.ttl"], files[f"{path}.jsonld"] = descriptions.rdf_documents(description, "turtle", "json-ld")
    for path, name in descriptions.GRAPH_DOCUMENTS.items():
        files[f"{path}.ttl"], files[f"{path}.jsonld"] = descriptions.rdf_documents(graphs(name), "turtle", "json-ld")
        if path.startswith("graph/"):
            files[f"{path}.html"] = page(
                site, f"{path}.html", "graph.html", title=f"The {name} graph", name=name, iri=BASE + path,
                size=len(graphs(name)), stem=path.rsplit("/", 1)[-1], readable=READABLE[name],
            )  # fmt: skip
    return files


def render_entity(site: Site, data: Triples, entity: Subject, path: str) -> str:
    """The page of one entity; ``path`` is its document path without suffix (``id/zhangjiang-zone``)."""
    root = "../" * path.count("/")
    status = site.value(entity, ZJO + "status")
    measured = site.value(entity, ZJO + "measure") is not None
    leads = ((ZJO + "measure", "measures"), (ZJO + "qualifier", "qualifier"), (ZJO + "period", "covers"))
    return page(
        site,
        f"{path}.html",
        "entity.html",
        title=site.label(entity),
        badge=site.status_badge(entity),
        curie=site.curie(entity),
        iri=entity.value,
        name=path.rsplit("/", 1)[-1],
        index=INDEX,
        types=[site.term(t, root) for t in site.values(entity, RDF_TYPE)],
        descriptions=[d.value for d in site.values(entity, SCHEMA + "description")],
        status=(site.label(status), site.text(status, SKOS + "definition")) if status is not None else None,
        figure=figure_text(site, entity) if measured else None,
        figure_words=[(lead, site.term(v, root)) for p, lead in leads if measured and (v := site.value(entity, p))],
        statements=_statements(site, data, entity, root),
        figures=[
            (
                site.term(f, root),
                figure_text(site, f),
                site.term(period, root) if (period := site.value(f, ZJO + "period")) is not None else None,
                site.status_badge(f),
            )
            for f in sorted(data.pointing(entity, FIGURE_OF), key=sort_key)
        ],
        incoming=[
            (site.term(s, root), site.term(ox.NamedNode(p), root))
            for s, p in sorted(
                ((s, p) for s, p in data.incoming(entity) if p not in SHOWN_APART_INCOMING),
                key=lambda sp: (site.curie(ox.NamedNode(sp[1])), sort_key(sp[0])),
            )
        ],
        evidence=[quote(site, data, a, root) for a in _evidence(data, entity)],
    )


#: A row of the table of statements: the property, and each value with the quotes that support it.
Statement = tuple[Term, list[tuple[Term, list[Quote]]]]


def _statements(site: Site, data: Triples, entity: Subject, root: str) -> list[Statement]:
    """What the entity says, one row per property, with each statement's own evidence when it has some."""
    facts: dict[str, list[Node]] = defaultdict(list)
    for prop, obj in data.outgoing(entity):
        if prop not in HEADLINE:
            facts[prop].append(obj)
    support: dict[tuple[str, Node], list[Subject]] = defaultdict(list)
    for statement in descriptions.statements_about(data, entity):
        predicate = data.value(statement, RDF + "predicate")
        value = data.value(statement, RDF + "object")
        if predicate is not None and value is not None:
            support[(predicate.value, value)].extend(descriptions.annotations_of(data, statement))
    for prop, value in support:
        if value not in facts[prop]:
            facts[prop].append(value)
    return [
        (
            site.term(ox.NamedNode(name), root),
            [
                (site.term(v, root), [quote(site, data, a, root) for a in support.get((name, v), [])])
                for v in sorted(facts[name], key=sort_key)
            ],
        )
        for name in sorted((p for p in facts if facts[p]), key=lambda p: site.curie(ox.NamedNode(p)))
    ]


def _evidence(data: Triples, entity: Subject) -> list[Subject]:
    """The annotations that support the entity, or are the entity."""
    annotations = descriptions.evidence_for(data, entity)
    if entity in data and descriptions.quotes(data, entity):
        annotations = [entity, *annotations]
    return annotations


def render_index(site: Site, paths: dict[str, str]) -> str:
    """``id/index.html``: every entity by class, and how to serve the pages at the IRIs themselves."""
    by_type: dict[str, list[str]] = defaultdict(list)
    for iri in paths:
        types = site.values(ox.NamedNode(iri), RDF_TYPE) or [ox.NamedNode(RDFS + "Resource")]
        by_type[site.label(types[0])].append(iri)
    groups = [
        (
            label,
            [
                (paths[i].rsplit("/", 1)[-1], site.label(ox.NamedNode(i)))
                for i in sorted(by_type[label], key=lambda i: site.label(ox.NamedNode(i)).lower())
            ],
        )
        for label in sorted(by_type, key=str.lower)
    ]
    return page(site, INDEX, "entities.html", title="Entities", namespace=descriptions.ID_NAMESPACE, groups=groups)
