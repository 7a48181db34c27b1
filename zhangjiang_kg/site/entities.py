"""One page per entity of the data, at a path that mirrors its IRI, with its description beside it.

``zj:zhangjiang-zone`` (``https://w3id.org/zhangjiang-kg/id/zhangjiang-zone``) gets
``id/zhangjiang-zone.html``, ``.ttl`` and ``.jsonld``, so a static host can serve all three and a
w3id redirect can send each IRI to the one a client asks for (``id/index.html`` says how). A page
shows the entity's label, type, status and qualifier in words, its figures with units and periods,
its relations in both directions as links, and the evidence: the article's exact words (never the
text around them) and the characters where they stand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING

from ..vocab import BASE, RDF_TYPE, RDFS, SCHEMA, SKOS, ZJO
from . import descriptions
from .classes import figure_text
from .html import Site, esc, page, sort_key

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from ..store.rdflib_view import RdflibView

OA = descriptions.OA
INDEX = "id/index.html"
#: Shown in the page's head rather than in its table of statements.
HEADLINE = frozenset({RDF_TYPE, RDFS + "label", SKOS + "prefLabel", SCHEMA + "description", ZJO + "status"})
#: Incoming links listed under a heading of their own; evidence (``oa:hasBody``) has its own section.
FIGURE_OF = ZJO + "figureOf"
SHOWN_APART_INCOMING = frozenset({FIGURE_OF, OA + "hasBody"})
#: Between the first and last character of a quote, as the class pages write it.
EN_DASH = "\u2013"


def site_files(site: Site, kg: RdflibView) -> dict[str, str | bytes]:
    """Every entity's page, Turtle and JSON-LD, the index of entities, and the whole graphs as Turtle
    and JSON-LD (``ontology``, ``shapes``, ``graph/data``...), by path under the site root.

    ``site`` must already know the class pages and ontology anchors (its links to them are kept);
    links to entities go to their own pages.
    """
    from rdflib import URIRef

    data = kg.merged("data", "background")  # the article's statements and what it leaves unsaid
    paths = {str(e): path for e in descriptions.entities(data) if (path := descriptions.document_path(str(e)))}
    linked = replace(site, pages={**site.pages, **{iri: f"{path}.html" for iri, path in paths.items()}})
    files: dict[str, str | bytes] = {INDEX: render_index(linked, paths)}
    for iri, path in paths.items():
        entity = URIRef(iri)
        description = descriptions.describe(data, entity)
        files[f"{path}.html"] = render_entity(linked, data, entity, path)
        files[f"{path}.ttl"], files[f"{path}.jsonld"] = descriptions.rdf_documents(description, "turtle", "json-ld")
    for path, name in descriptions.GRAPH_DOCUMENTS.items():
        files[f"{path}.ttl"], files[f"{path}.jsonld"] = descriptions.rdf_documents(kg.graph(name), "turtle", "json-ld")
        if path.startswith("graph/"):
            files[f"{path}.html"] = render_graph(site, kg, path, name)
    return files


def render_entity(site: Site, data: Graph, entity: Node, path: str) -> str:
    """The page of one entity; ``path`` is its document path without suffix (``id/zhangjiang-zone``)."""
    root = "../" * path.count("/")
    name = path.rsplit("/", 1)[-1]
    parts = [
        f"<h1>{esc(site.label(entity))} {site.status_badge(entity)}</h1>",
        f'<p class="iri"><code>{esc(site.curie(entity))}</code> · <code>{esc(entity)}</code></p>',
        f'<p>This description as <a href="{esc(name)}.ttl">Turtle</a> · <a href="{esc(name)}.jsonld">JSON-LD</a>'
        f' · <a href="{root}{INDEX}">all entities</a></p>',
    ]
    types = site.values(entity, RDF_TYPE)
    if types:
        parts.append("<p>Type: " + ", ".join(site.term(t, root) for t in types) + "</p>")
    parts.extend(f"<p>{esc(text)}</p>" for text in site.values(entity, SCHEMA + "description"))
    parts.extend(_status_and_figure(site, entity, root))
    parts.append(_statements(site, data, entity, root))
    parts.append(_figures(site, data, entity, root))
    parts.append(_incoming(site, data, entity, root))
    parts.append(_evidence(site, data, entity, root))
    return page(site, f"{path}.html", site.label(entity), "\n".join(p for p in parts if p))


def _status_and_figure(site: Site, entity: Node, root: str) -> list[str]:
    """Status and, for a figure, its value, qualifier, measure and period, all in words."""
    lines = []
    status = site.value(entity, ZJO + "status")
    if status is not None:
        definition = site.value(status, SKOS + "definition")
        lines.append(
            f"<p>Status: <strong>{esc(site.label(status))}</strong>"
            + (f' <span class="muted">— {esc(definition)}</span>' if definition is not None else "")
            + "</p>"
        )
    if site.value(entity, ZJO + "measure") is None:
        return lines
    lines.append(f'<p class="figure-value">{esc(figure_text(site, entity))}</p>')
    words = []
    for prop, lead in ((ZJO + "measure", "measures"), (ZJO + "qualifier", "qualifier"), (ZJO + "period", "covers")):
        value = site.value(entity, prop)
        if value is not None:
            words.append(f"{lead} {site.term(value, root)}")
    if words:
        lines.append("<p>" + "; ".join(words) + ".</p>")
    return lines


def _statements(site: Site, data: Graph, entity: Node, root: str) -> str:
    """What the entity says, one row per property, with each statement's own evidence when it has some."""
    from rdflib import URIRef

    facts: dict[str, list[Node]] = defaultdict(list)
    for predicate, obj in data.predicate_objects(entity):
        if str(predicate) not in HEADLINE:
            facts[str(predicate)].append(obj)
    support = _statement_evidence(data, entity)
    for prop, value in support:
        if value not in facts[prop]:
            facts[prop].append(value)
    if not any(facts.values()):
        return ""
    rows = []
    for name in sorted((p for p in facts if facts[p]), key=lambda p: site.curie(URIRef(p))):
        cells = []
        for value in sorted(facts[name], key=sort_key):
            quotes = "".join(_quote(site, data, a, root) for a in support.get((name, value), []))
            cells.append(site.term(value, root) + quotes)
        rows.append(f"<tr><th>{site.term(URIRef(name), root)}</th><td>{'<br>'.join(cells)}</td></tr>")
    return '<h2>Statements</h2>\n<table class="facts">\n' + "\n".join(rows) + "\n</table>"


def _statement_evidence(data: Graph, entity: Node) -> dict[tuple[str, Node], list[Node]]:
    """(property, value) → annotations supporting that one statement, from reified ``rdf:Statement``s."""
    from rdflib import URIRef

    found: dict[tuple[str, Node], list[Node]] = defaultdict(list)
    for statement in descriptions.statements_about(data, entity):
        prop = data.value(statement, URIRef(descriptions.RDF + "predicate"))
        value = data.value(statement, URIRef(descriptions.RDF + "object"))
        if prop is not None and value is not None:
            found[(str(prop), value)].extend(descriptions.annotations_of(data, statement))
    return dict(found)


def _figures(site: Site, data: Graph, entity: Node, root: str) -> str:
    """The figures about the entity: value with unit in words, period and status."""
    from rdflib import URIRef

    figures = sorted(data.subjects(URIRef(FIGURE_OF), entity), key=sort_key)
    if not figures:
        return ""
    items = []
    for figure in figures:
        period = site.value(figure, ZJO + "period")
        when = f", {site.term(period, root)}" if period is not None else ""
        items.append(
            f"<li>{site.term(figure, root)}: {esc(figure_text(site, figure))}{when} {site.status_badge(figure)}</li>"
        )
    return f'<h2>Figures</h2>\n<ul class="compact">{"".join(items)}</ul>'


def _incoming(site: Site, data: Graph, entity: Node, root: str) -> str:
    """Every other node that points at the entity, with the property it uses."""
    from rdflib import URIRef

    pointing = sorted(
        ((s, p) for s, p in data.subject_predicates(entity) if str(p) not in SHOWN_APART_INCOMING),
        key=lambda sp: (site.curie(URIRef(str(sp[1]))), sort_key(sp[0])),
    )
    if not pointing:
        return ""
    rows = [f"<tr><td>{site.term(s, root)}</td><td>{site.term(p, root)}</td></tr>" for s, p in pointing]
    return (
        "<h2>Referred to by</h2>\n"
        '<table class="facts">\n<tr><th>node</th><th>property</th></tr>\n' + "\n".join(rows) + "\n</table>"
    )


def _evidence(site: Site, data: Graph, entity: Node, root: str) -> str:
    """The annotations that support the entity (or are the entity), as the article's words with offsets."""
    annotations = descriptions.evidence_for(data, entity)
    if (entity, None, None) in data and descriptions.quotes(data, entity):
        annotations = [entity, *annotations]
    if not annotations:
        return ""
    return "<h2>Evidence</h2>\n" + "\n".join(_quote(site, data, a, root) for a in annotations)


def _quote(site: Site, data: Graph, annotation: Node, root: str) -> str:
    """One annotation's exact words and where they stand: characters START to END of the article text."""
    words = descriptions.quotes(data, annotation)
    start, end = descriptions.quote_offsets(data, annotation)
    where = f", characters {start}{EN_DASH}{end}" if end is not None else ""
    text = esc(" … ".join(words)) if words else '<span class="muted">(no quote)</span>'
    cite = f"<cite>{site.term(annotation, root, curie=True)}{where}</cite>"
    return f'<blockquote class="evidence">“{text}”{cite}</blockquote>'


def render_graph(site: Site, kg: RdflibView, path: str, name: str) -> str:
    """The page of a named graph's IRI (``graph/data.html``): what it holds and where to read it."""
    iri = BASE + path
    stem = path.rsplit("/", 1)[-1]
    readable = {
        "data": f"../{INDEX}",
        "background": f"../{INDEX}",
        "ontology": "../ontology.html",
        "shapes": "../shapes.html",
    }[name]
    body = (
        f"<h1>The {esc(name)} graph</h1>\n"
        f'<p class="iri"><code>{esc(iri)}</code></p>\n'
        f"<p>A named graph of the dataset: {len(kg.graph(name)):,} triples, as "
        f'<a href="{stem}.ttl">Turtle</a> · <a href="{stem}.jsonld">JSON-LD</a>. '
        f'Read it <a href="{readable}">page by page</a>.</p>'
    )
    return page(site, f"{path}.html", f"The {name} graph", body)


def render_index(site: Site, paths: dict[str, str]) -> str:
    """``id/index.html``: every entity by class, and how to serve the pages at the IRIs themselves."""
    from rdflib import URIRef

    by_type: dict[str, list[str]] = defaultdict(list)
    for iri in paths:
        types = site.values(URIRef(iri), RDF_TYPE) or [URIRef(RDFS + "Resource")]
        by_type[site.label(types[0])].append(iri)
    parts = [
        "<h1>Entities</h1>",
        f'<p class="lead">Every node of the data has a page here at a path that mirrors its IRI: '
        f"<code>{esc(descriptions.ID_NAMESPACE)}zhangjiang-zone</code> is "
        '<a href="zhangjiang-zone.html">id/zhangjiang-zone.html</a>, with the same description beside it '
        "as Turtle (<code>.ttl</code>) and JSON-LD (<code>.jsonld</code>).</p>",
    ]
    for label in sorted(by_type, key=str.lower):
        members = sorted(by_type[label], key=lambda i: site.label(URIRef(i)).lower())
        links = "".join(
            f'<li><a href="{esc(paths[i].rsplit("/", 1)[-1])}.html">{esc(site.label(URIRef(i)))}</a></li>'
            for i in members
        )
        parts.append(f'<h2>{esc(label)} ({len(members)})</h2>\n<ul class="columns">{links}</ul>')
    parts.append(SERVING_NOTE)
    return page(site, INDEX, "Entities", "\n".join(parts))


#: How to make the IRIs answer with these files: ``zjkg serve``, or a static host behind w3id.org.
SERVING_NOTE = """<h2 id="serving">Serving the IRIs</h2>
<p><code>zjkg serve</code> answers every IRI itself: <code>/id/…</code>, <code>/ontology</code>,
<code>/shapes</code> and the named graphs <code>/graph/…</code> give HTML, Turtle, N-Triples or
JSON-LD by the request's <code>Accept</code> header.
A static host can do the same with these files and a redirect at w3id.org, where each IRI's path is
sent to the file the client asks for with a 303 (See Other), as <em>Cool URIs for the Semantic
Web</em> recommends. The <code>.htaccess</code> of the <code>zhangjiang-kg</code> folder in the
w3id.org repository would read (with <code>HOST</code> where this site is published):</p>
<pre>RewriteEngine on
RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteRule ^(id/[^./]+|ontology|shapes|graph/[a-z]+)$ https://HOST/$1.ttl [R=303,L]
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteRule ^(id/[^./]+|ontology|shapes|graph/[a-z]+)$ https://HOST/$1.jsonld [R=303,L]
RewriteRule ^(id/[^./]+|ontology|shapes|graph/[a-z]+)$ https://HOST/$1.html [R=303,L]</pre>"""
