"""One page per class with its instances: label, status, key facts, figures, claims and evidence.

Classes documented: every class of the ontology's own namespace, and every class the data uses.
The Web Annotation plumbing (targets and selectors) has no page: each quote is shown on the page
of the node it is evidence for, and the annotations themselves have a page of their own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..vocab import OA, PROV, RDF_TYPE, RDFS, SCHEMA, SKOS, ZJO
from .html import Site, esc, format_number, page, slug, sort_key

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node, URIRef


#: Classes that get no page: their content appears as evidence on other pages.
PLUMBING = frozenset({OA + "SpecificResource", OA + "TextQuoteSelector", OA + "TextPositionSelector"})

#: Properties shown elsewhere on an instance's card, so not repeated in its table of facts.
SHOWN_APART = frozenset(
    {
        RDF_TYPE,
        RDFS + "label",
        SKOS + "prefLabel",
        SCHEMA + "description",
        ZJO + "status",
        PROV + "wasDerivedFrom",
    }
)

#: Inverse links listed under their own heading on the card of the node they point at.
INVERSE_SECTIONS: tuple[tuple[str, str], ...] = ((ZJO + "figureOf", "Figures"), (ZJO + "claimAbout", "Claims about it"))


@dataclass
class ClassPage:
    """A class and its direct instances, with the file its page is written to."""

    iri: str
    file: str
    instances: list[URIRef] = field(default_factory=list)


def plan(site: Site, data: Graph) -> list[ClassPage]:
    """Decide which classes get a page and record each instance's page in ``site.pages``."""
    from rdflib import OWL, RDF, URIRef

    graph = site.graph
    classes: set[str] = {str(c) for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(ZJO)}
    classes |= {str(c) for c in data.objects(None, RDF.type)}
    classes -= PLUMBING
    pages: list[ClassPage] = []
    for iri in sorted(classes, key=lambda c: (not c.startswith(ZJO), site.curie(URIRef(c)).lower())):
        instances = sorted((s for s in graph.subjects(RDF.type, URIRef(iri)) if isinstance(s, URIRef)), key=sort_key)
        pages.append(ClassPage(iri=iri, file=f"classes/{slug(site.curie(URIRef(iri)))}.html", instances=instances))
    for class_page in pages:
        for node in class_page.instances:
            site.pages.setdefault(str(node), f"{class_page.file}#{anchor(site, node)}")
    for class_page in pages:
        site.pages.setdefault(class_page.iri, class_page.file)
    return pages


def anchor(site: Site, node: Node) -> str:
    """The fragment of an instance's card: its slug for ``zj:`` nodes, its prefixed name otherwise."""
    curie = site.curie(node)
    return slug(curie[3:] if curie.startswith("zj:") else curie)


def render_index(site: Site, pages: list[ClassPage]) -> str:
    """``classes/index.html``: every class with its definition and number of instances."""
    from rdflib import URIRef

    root = "../"
    tiles = []
    for class_page in pages:
        node = URIRef(class_page.iri)
        definition = site.value(node, SKOS + "definition") or site.value(node, RDFS + "comment")
        count = len(class_page.instances)
        tiles.append(
            f'<div class="tile"><h3><a href="{root}{esc(class_page.file)}">{esc(site.label(node))}</a></h3>'
            f'<p class="curie muted">{esc(site.curie(node))}</p>'
            f"<p>{count} instance{'s' if count != 1 else ''}</p>"
            + (f'<p class="muted">{esc(definition)}</p>' if definition is not None else "")
            + "</div>"
        )
    body = (
        "<h1>Classes and their instances</h1>\n"
        '<p class="lead">Every class of the ontology and every class the data uses, each with the nodes '
        "that are directly of that class: their facts, figures, status and the article's words as evidence.</p>\n"
        f'<div class="grid">\n{chr(10).join(tiles)}\n</div>'
    )
    return page(site, "classes/index.html", "Classes", body)


def render_class(site: Site, class_page: ClassPage, evidence: dict[str, list[Node]]) -> str:
    """The page of one class: its definition, superclasses and one card per instance."""
    from rdflib import URIRef

    root = "../"
    node = URIRef(class_page.iri)
    parts = [
        f"<h1>{esc(site.label(node))}</h1>",
        f'<p class="iri"><code>{esc(site.curie(node))}</code> · <code>{esc(node)}</code></p>',
    ]
    definition = site.value(node, SKOS + "definition") or site.value(node, RDFS + "comment")
    if definition is not None:
        parts.append(f'<p class="lead">{esc(definition)}</p>')
    supers = site.values(node, RDFS + "subClassOf")
    if supers:
        parts.append("<p>Subclass of " + ", ".join(site.term(s, root) for s in supers) + ".</p>")
    if str(node) in site.ontology_anchors:
        parts.append(
            f'<p><a href="{root}ontology.html#{esc(site.ontology_anchors[str(node)])}">Ontology reference</a></p>'
        )
    if not class_page.instances:
        parts.append('<p class="muted">No node in the graph is directly of this class.</p>')
    else:
        parts.append(f"<h2>Instances ({len(class_page.instances)})</h2>")
        parts.append(
            '<ul class="columns">'
            + "".join(
                f'<li><a href="#{esc(anchor(site, i))}">{esc(site.label(i))}</a></li>' for i in class_page.instances
            )
            + "</ul>"
        )
        parts.extend(card(site, i, evidence, root) for i in class_page.instances)
    return page(site, class_page.file, site.label(node), "\n".join(parts))


def card(site: Site, node: Node, evidence: dict[str, list[Node]], root: str) -> str:
    """One instance: heading with status, description, figure value, facts, inverse links, quotes."""
    from rdflib import URIRef

    graph = site.graph
    parts = [
        f'<section class="card" id="{esc(anchor(site, node))}">',
        f"<h3>{esc(site.label(node))} {site.status_badge(node)}</h3>",
        f'<p class="iri"><code>{esc(site.curie(node))}</code></p>',
    ]
    for description in site.values(node, SCHEMA + "description"):
        parts.append(f"<p>{esc(description)}</p>")
    if (node, URIRef(ZJO + "measure"), None) in graph:
        parts.append(f'<p class="figure-value">{esc(figure_text(site, node))}</p>')
    facts: defaultdict[str, list[Node]] = defaultdict(list)
    for predicate, value in graph.predicate_objects(node):
        if str(predicate) not in SHOWN_APART:
            facts[str(predicate)].append(value)
    types = list(site.values(node, RDF_TYPE))
    rows = [f"<tr><th>type</th><td>{', '.join(site.term(t, root) for t in types)}</td></tr>"]
    for prop in sorted(facts, key=lambda p: site.curie(URIRef(p))):
        values = sorted(facts[prop], key=sort_key)
        rows.append(
            f"<tr><th>{site.term(URIRef(prop), root)}</th>"
            f"<td>{'<br>'.join(site.term(v, root) for v in values)}</td></tr>"
        )
    parts.append('<table class="facts">\n' + "\n".join(rows) + "\n</table>")
    for prop, heading in INVERSE_SECTIONS:
        pointing = sorted(graph.subjects(URIRef(prop), node), key=sort_key)
        if pointing:
            items = []
            for other in pointing:
                extra = f" — {esc(figure_text(site, other))}" if prop == ZJO + "figureOf" else ""
                items.append(f"<li>{site.term(other, root)}{extra} {site.status_badge(other)}</li>")
            parts.append(f'<h4>{heading}</h4>\n<ul class="compact">{"".join(items)}</ul>')
    quotes = evidence.get(str(node), [])
    if quotes:
        parts.append("<h4>Evidence</h4>")
        parts.extend(quote_html(site, annotation, root) for annotation in quotes)
    parts.append("</section>")
    return "\n".join(parts)


def evidence_index(site: Site) -> dict[str, list[Node]]:
    """Body IRI → its evidence annotations, in the order of the article (by start offset)."""
    from rdflib import URIRef

    graph = site.graph
    found: dict[str, list[Node]] = defaultdict(list)
    for annotation, body in graph.subject_objects(URIRef(OA + "hasBody")):
        found[str(body)].append(annotation)
    for key in found:
        found[key].sort(key=lambda a: (quote_start(site, a), str(a)))
    return dict(found)


def _selectors(site: Site, annotation: Node) -> list[Node]:
    return [
        sel for target in site.values(annotation, OA + "hasTarget") for sel in site.values(target, OA + "hasSelector")
    ]


def quote_start(site: Site, annotation: Node) -> int:
    """Where the annotation's quote starts in the article text (large when unknown)."""
    for selector in _selectors(site, annotation):
        start = site.value(selector, OA + "start")
        if start is not None:
            try:
                return int(str(start))  # a Literal is a str: same value
            except ValueError:
                break
    return 10**9


def quote_html(site: Site, annotation: Node, root: str) -> str:
    """An annotation's exact words as a block quote, with where they stand in the text."""
    exact = [
        str(site.value(sel, OA + "exact"))
        for sel in _selectors(site, annotation)
        if site.value(sel, OA + "exact") is not None
    ]
    start = quote_start(site, annotation)
    where = f"characters {start}–" if start < 10**9 else ""
    if where:
        for selector in _selectors(site, annotation):
            end = site.value(selector, OA + "end")
            if end is not None:
                where += str(end)
    cite = f"{site.term(annotation, root, curie=True)}" + (f", {esc(where)}" if where else "")
    text = esc(" … ".join(exact)) if exact else '<span class="muted">(no quote)</span>'
    return f'<blockquote class="evidence">“{text}”<cite>{cite}</cite></blockquote>'


def figure_text(site: Site, node: Node) -> str:
    """A figure in words: ``620,000,000 CNY``, ``more than 1,000,000,000 CNY``, ``about 200 companies``."""
    value = site.value(node, SCHEMA + "value")
    minimum = site.value(node, SCHEMA + "minValue")
    qualifier = site.value(node, ZJO + "qualifier")
    unit = site.value(node, SCHEMA + "currency") or site.value(node, SCHEMA + "unitText")
    q = str(qualifier).rsplit("#", 1)[-1] if qualifier is not None else "Exact"
    number = format_number(str(value)) if value is not None else None
    bound = format_number(str(minimum)) if minimum is not None else None
    unit_text = f" {unit}" if unit is not None else ""
    per = site.value(node, ZJO + "perTimeUnit")
    if per is not None:
        unit_text += f" per {str(per).rsplit('#', 1)[-1].removeprefix('unit').lower()}"
    if q == "LowerBound" and bound is not None:
        return f"more than {bound}{unit_text}"
    if q == "OrderOfMagnitude" and bound is not None:
        return f"at least {bound}{unit_text} (order of magnitude only)"
    if q == "Approximate" and number is not None:
        return f"about {number}{unit_text}"
    if number is None and bound is None:
        return "no number given"
    return f"{number or bound}{unit_text}"
