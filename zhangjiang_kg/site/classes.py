"""One page per class (of the ontology, or used by the data) with its instances and their evidence.

The Web Annotation plumbing (targets and selectors) has no page: each quote is shown on the page of
the node it is evidence for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..vocab import OA, OWL, PROV, RDF_TYPE, RDFS, SCHEMA, SKOS, ZJO
from . import descriptions
from .graph import Term as Node
from .graph import Triples
from .html import Site, Term, format_number, page, slug, sort_key

#: Classes that get no page: their content appears as evidence on other pages.
PLUMBING = frozenset({OA + "SpecificResource", OA + "TextQuoteSelector", OA + "TextPositionSelector"})

#: Shown in a node's heading rather than in its table of facts (here and on its entity page).
HEADLINE = frozenset({RDF_TYPE, RDFS + "label", SKOS + "prefLabel", SCHEMA + "description", ZJO + "status"})
#: Properties shown elsewhere on an instance's card, so not repeated in its table of facts.
SHOWN_APART = HEADLINE | {PROV + "wasDerivedFrom"}

#: Inverse links listed under their own heading on the card of the node they point at.
INVERSE_SECTIONS: tuple[tuple[str, str], ...] = ((ZJO + "figureOf", "Figures"), (ZJO + "claimAbout", "Claims about it"))


@dataclass
class ClassPage:
    """A class and its direct instances, with the file its page is written to."""

    iri: str
    file: str
    instances: list[ox.NamedNode] = field(default_factory=list)


@dataclass(frozen=True)
class Quote:
    """An annotation's exact words, the annotation as a link, and where the words stand."""

    words: list[str]
    cite: Term
    where: str


def plan(site: Site, data: Triples) -> list[ClassPage]:
    """Decide which classes get a page and record each instance's page in ``site.pages``."""
    graph = site.graph
    classes = {c.value for c in graph.pointing(ox.NamedNode(OWL + "Class"), RDF_TYPE) if c.value.startswith(ZJO)}
    classes |= {o.value for _s, o in data.with_property(RDF_TYPE)}
    classes -= PLUMBING
    pages: list[ClassPage] = []
    for iri in sorted(classes, key=lambda c: (not c.startswith(ZJO), site.curie(ox.NamedNode(c)).lower())):
        members = graph.pointing(ox.NamedNode(iri), RDF_TYPE)
        instances = sorted((s for s in members if isinstance(s, ox.NamedNode)), key=sort_key)
        pages.append(ClassPage(iri, f"classes/{slug(site.curie(ox.NamedNode(iri)))}.html", instances))
    for class_page in pages:
        for node in class_page.instances:
            site.pages.setdefault(node.value, f"{class_page.file}#{anchor(site, node)}")
    for class_page in pages:
        site.pages.setdefault(class_page.iri, class_page.file)
    return pages


def anchor(site: Site, node: Node) -> str:
    """The fragment of an instance's card: its slug for ``zj:`` nodes, its prefixed name otherwise."""
    curie = site.curie(node)
    return slug(curie[3:] if curie.startswith("zj:") else curie)


def definition(site: Site, node: Node) -> str | None:
    """A class's definition, or its comment."""
    return site.text(node, SKOS + "definition") or site.text(node, RDFS + "comment")


def render_index(site: Site, pages: list[ClassPage]) -> str:
    """``classes/index.html``: every class with its definition and number of instances."""
    classes = [
        {
            "file": p.file,
            "label": site.label(ox.NamedNode(p.iri)),
            "curie": site.curie(ox.NamedNode(p.iri)),
            "count": len(p.instances),
            "definition": definition(site, ox.NamedNode(p.iri)),
        }
        for p in pages
    ]
    return page(site, "classes/index.html", "classes.html", title="Classes", classes=classes)


def render_class(site: Site, class_page: ClassPage, evidence: dict[str, list[Node]]) -> str:
    """The page of one class: its definition, superclasses and one card per instance."""
    root = "../"
    node = ox.NamedNode(class_page.iri)
    return page(
        site,
        class_page.file,
        "class.html",
        title=site.label(node),
        curie=site.curie(node),
        iri=node.value,
        definition=definition(site, node),
        supers=[site.term(s, root) for s in site.values(node, RDFS + "subClassOf")],
        anchor=site.ontology_anchors.get(node.value),
        cards=[card(site, i, evidence, root) for i in class_page.instances],
    )


def card(site: Site, node: Node, evidence: dict[str, list[Node]], root: str) -> dict[str, Any]:
    """One instance: heading with status, description, figure value, facts, inverse links, quotes."""
    graph = site.graph
    facts: defaultdict[str, list[Node]] = defaultdict(list)
    for prop, value in graph.outgoing(node):
        if prop not in SHOWN_APART:
            facts[prop].append(value)
    rows: list[tuple[str | Term, list[Term]]] = [("type", [site.term(t, root) for t in site.values(node, RDF_TYPE)])]
    for prop in sorted(facts, key=lambda p: site.curie(ox.NamedNode(p))):
        rows.append(
            (site.term(ox.NamedNode(prop), root), [site.term(v, root) for v in sorted(facts[prop], key=sort_key)])
        )
    inverse = []
    for prop, heading in INVERSE_SECTIONS:
        items = [
            (site.term(o, root), figure_text(site, o) if prop == ZJO + "figureOf" else None, site.status_badge(o))
            for o in sorted(graph.pointing(node, prop), key=sort_key)
        ]
        if items:
            inverse.append((heading, items))
    return {
        "anchor": anchor(site, node),
        "label": site.label(node),
        "badge": site.status_badge(node),
        "curie": site.curie(node),
        "descriptions": [d.value for d in site.values(node, SCHEMA + "description")],
        "figure": figure_text(site, node) if graph.objects(node, ZJO + "measure") else None,
        "rows": rows,
        "inverse": inverse,
        "quotes": [quote(site, site.graph, a, root) for a in evidence.get(node.value, [])],
    }


def evidence_index(site: Site) -> dict[str, list[Node]]:
    """Body IRI → its evidence annotations, in the order of the article (by start offset)."""
    graph = site.graph
    found: dict[str, list[Node]] = defaultdict(list)
    for annotation, body in graph.with_property(OA + "hasBody"):
        found[body.value].append(annotation)
    for key in found:
        found[key].sort(key=lambda a: (descriptions.quote_offsets(graph, a)[0], a.value))
    return dict(found)


def quote(site: Site, graph: Triples, annotation: Node, root: str) -> Quote:
    """An annotation's exact words and where they stand: characters START to END of the article text."""
    start, end = descriptions.quote_offsets(graph, annotation)
    where = f"characters {start}\u2013{end}" if end is not None else ""
    return Quote(descriptions.quotes(graph, annotation), site.term(annotation, root, curie=True), where)


def figure_text(site: Site, node: Node) -> str:
    """A figure in words: ``620,000,000 CNY``, ``more than 1,000,000,000 CNY``, ``about 200 companies``."""
    value = site.text(node, SCHEMA + "value")
    minimum = site.text(node, SCHEMA + "minValue")
    qualifier = site.text(node, ZJO + "qualifier")
    unit = site.text(node, SCHEMA + "currency") or site.text(node, SCHEMA + "unitText")
    q = qualifier.rsplit("#", 1)[-1] if qualifier is not None else "Exact"
    number = format_number(value) if value is not None else None
    bound = format_number(minimum) if minimum is not None else None
    unit_text = f" {unit}" if unit is not None else ""
    per = site.text(node, ZJO + "perTimeUnit")
    if per is not None:
        unit_text += f" per {per.rsplit('#', 1)[-1].removeprefix('unit').lower()}"
    if q == "LowerBound" and bound is not None:
        return f"more than {bound}{unit_text}"
    if q == "OrderOfMagnitude" and bound is not None:
        return f"at least {bound}{unit_text} (order of magnitude only)"
    if q == "Approximate" and number is not None:
        return f"about {number}{unit_text}"
    if number is None and bound is None:
        return "no number given"
    return f"{number or bound}{unit_text}"
