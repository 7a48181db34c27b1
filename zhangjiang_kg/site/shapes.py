"""The SHACL shapes in words: each shape's targets, what each property shape requires, its message.

Every SHACL Core constraint component is phrased as a sentence; anything else is listed as its
predicate and value, so a new kind of constraint is never silently left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..vocab import RDF_TYPE, RDFS, SH
from .html import Site, esc, page, slug, sort_key

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from ..reports.paths import PathValue


TARGETS: dict[str, str] = {
    "targetClass": "every instance of",
    "targetNode": "the node",
    "targetSubjectsOf": "every subject of",
    "targetObjectsOf": "every object of",
}

#: Constraint parameters phrased as "each value ..." or "the values ...", by local name.
SENTENCES: dict[str, str] = {
    "minCount": "at least {v} value(s)",
    "maxCount": "at most {v} value(s)",
    "datatype": "each value is a literal of datatype {v}",
    "class": "each value is an instance of {v}",
    "nodeKind": "each value is {v}",
    "hasValue": "one of the values is {v}",
    "pattern": "each value matches the regular expression {v}",
    "minLength": "each value is at least {v} characters long",
    "maxLength": "each value is at most {v} characters long",
    "minInclusive": "each value is ≥ {v}",
    "maxInclusive": "each value is ≤ {v}",
    "minExclusive": "each value is > {v}",
    "maxExclusive": "each value is < {v}",
    "uniqueLang": "no two values share a language tag",
    "node": "each value conforms to {v}",
    "not": "no value conforms to {v}",
    "equals": "the values are exactly those of {v}",
    "disjoint": "no value is also a value of {v}",
    "lessThan": "each value is less than every value of {v}",
    "lessThanOrEquals": "each value is at most every value of {v}",
    "closed": "no properties other than the declared ones (closed: {v})",
}
LISTS: dict[str, str] = {
    "in": "each value is one of {v}",
    "languageIn": "each value has one of the language tags {v}",
    "or": "conforms to at least one of: {v}",
    "and": "conforms to all of: {v}",
    "xone": "conforms to exactly one of: {v}",
    "ignoredProperties": "except {v}",
}
NODE_KINDS = {
    "IRI": "an IRI",
    "Literal": "a literal",
    "BlankNode": "a blank node",
    "BlankNodeOrIRI": "a blank node or an IRI",
    "BlankNodeOrLiteral": "a blank node or a literal",
    "IRIOrLiteral": "an IRI or a literal",
}
#: Predicates that describe a shape rather than constrain it.
DESCRIPTIVE = {
    "message",
    "severity",
    "name",
    "description",
    "path",
    "order",
    "group",
    "deactivated",
    "property",
    "sparql",
    "flags",
    "qualifiedMinCount",
    "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint",
}


def shape_nodes(shapes: Graph) -> list[Node]:
    """The shapes to document: node shapes and property shapes that have targets, sorted."""
    from rdflib import URIRef

    found = set(shapes.subjects(URIRef(RDF_TYPE), URIRef(SH + "NodeShape")))
    for target in TARGETS:
        found |= set(shapes.subjects(URIRef(SH + target), None))
    return sorted(found, key=sort_key)


def render(site: Site, shapes: Graph) -> str:
    """``shapes.html``: a contents list, then one section per shape."""
    nodes = shape_nodes(shapes)
    body = [
        "<h1>Shapes</h1>",
        '<p class="lead">The SHACL shapes every release of the graph is validated against, in words: '
        "which nodes each shape targets, what it requires of them and the message a violation gives.</p>",
    ]
    if not nodes:
        body.append('<p class="muted">No shapes yet.</p>')
        return page(site, "shapes.html", "Shapes", "\n".join(body))
    body.append(
        '<ul class="columns">'
        + "".join(f'<li><a href="#{esc(_anchor(site, n))}">{esc(site.curie(n))}</a></li>' for n in nodes)
        + "</ul>"
    )
    body.extend(_shape_section(site, shapes, node) for node in nodes)
    return page(site, "shapes.html", "Shapes", "\n".join(body))


def _anchor(site: Site, node: Node) -> str:
    return slug(site.curie(node))


def _shape_section(site: Site, shapes: Graph, node: Node) -> str:
    from rdflib import URIRef

    root = ""
    parts = [
        f'<section class="card" id="{esc(_anchor(site, node))}">',
        f"<h3>{esc(site.curie(node))}{_severity(shapes, node)}</h3>",
    ]
    for text_property in ("name", "description"):
        for text in sorted(shapes.objects(node, URIRef(SH + text_property)), key=sort_key):
            parts.append(f"<p>{esc(text)}</p>")
    for comment in sorted(shapes.objects(node, URIRef(RDFS + "comment")), key=sort_key):
        parts.append(f"<p>{esc(comment)}</p>")
    targets = []
    for target, words in TARGETS.items():
        for value in sorted(shapes.objects(node, URIRef(SH + target)), key=sort_key):
            targets.append(f"{words} {site.term(value, root)}")
    parts.append(
        "<p><strong>Targets:</strong> "
        + ("; ".join(targets) if targets else "none of its own (used by other shapes)")
        + "</p>"
    )
    own_path = shapes.value(node, URIRef(SH + "path"))
    if own_path is not None:
        parts.append(f"<p><strong>Path:</strong> {path_html(site, shapes, own_path)}</p>")
    own = requirements(site, shapes, node)
    if own:
        parts.append('<ul class="compact">' + "".join(f"<li>{r}</li>" for r in own) + "</ul>")
    parts.extend(_messages(shapes, node))
    properties = sorted(shapes.objects(node, URIRef(SH + "property")), key=lambda p: _property_order(site, shapes, p))
    if properties:
        parts.append('<dl class="constraints">')
        for prop in properties:
            path = shapes.value(prop, URIRef(SH + "path"))
            title = path_html(site, shapes, path) if path is not None else esc(site.curie(prop))
            items = requirements(site, shapes, prop) or ["(no constraint)"]
            parts.append(
                f'<dt>{title}{_severity(shapes, prop)} <span class="curie muted">{esc(site.curie(prop))}</span></dt>'
            )
            parts.append(
                '<dd><ul class="compact">'
                + "".join(f"<li>{r}</li>" for r in items)
                + "</ul>"
                + "".join(_messages(shapes, prop))
                + "</dd>"
            )
        parts.append("</dl>")
    parts.extend(_sparql(shapes, node))
    parts.append("</section>")
    return "\n".join(parts)


def _property_order(site: Site, shapes: Graph, prop: Node) -> tuple[float, str]:
    from rdflib import URIRef

    order = shapes.value(prop, URIRef(SH + "order"))
    try:
        number = float(str(order)) if order is not None else float("inf")  # a Literal is a str: same value
    except ValueError:
        number = float("inf")
    path = shapes.value(prop, URIRef(SH + "path"))
    return (number, site.curie(path) if path is not None else str(prop))


def _severity(shapes: Graph, node: Node) -> str:
    from rdflib import URIRef

    severity = shapes.value(node, URIRef(SH + "severity"))
    if severity is None:
        return ""
    name = str(severity).rsplit("#", 1)[-1]
    return f' <span class="badge{" fail" if name == "Violation" else ""}">{esc(name.lower())}</span>'


def _messages(shapes: Graph, node: Node) -> list[str]:
    from rdflib import URIRef

    return [
        f'<p class="message">{esc(m)}</p>' for m in sorted(shapes.objects(node, URIRef(SH + "message")), key=sort_key)
    ]


def _sparql(shapes: Graph, node: Node) -> list[str]:
    from rdflib import URIRef

    parts = []
    for constraint in sorted(shapes.objects(node, URIRef(SH + "sparql")), key=sort_key):
        parts.append("<h4>SPARQL constraint</h4>")
        parts.extend(_messages(shapes, constraint))
        for select in shapes.objects(constraint, URIRef(SH + "select")):
            parts.append(f"<pre><code>{esc(str(select).strip())}</code></pre>")
    return parts


def requirements(site: Site, shapes: Graph, node: Node) -> list[str]:
    """What a shape requires, one sentence (HTML) per constraint parameter."""
    from rdflib import URIRef

    found = []
    for prop, value in sorted(shapes.predicate_objects(node), key=lambda pv: (sort_key(pv[0]), sort_key(pv[1]))):
        name = str(prop)[len(SH) :] if str(prop).startswith(SH) else None
        if name is None or name in DESCRIPTIVE or name in TARGETS:
            continue
        if name in LISTS:
            found.append(LISTS[name].format(v=list_html(site, shapes, value)))
        elif name == "nodeKind":
            found.append(SENTENCES[name].format(v=esc(NODE_KINDS.get(str(value).rsplit("#", 1)[-1], str(value)))))
        elif name == "pattern":
            flags = shapes.value(node, URIRef(SH + "flags"))
            found.append(
                SENTENCES[name].format(v=f"<code>{esc(value)}</code>" + (f" (flags {esc(flags)})" if flags else ""))
            )
        elif name == "qualifiedValueShape":
            low = shapes.value(node, URIRef(SH + "qualifiedMinCount"))
            high = shapes.value(node, URIRef(SH + "qualifiedMaxCount"))
            counts = ", ".join(
                x
                for x in (f"at least {low}" if low is not None else "", f"at most {high}" if high is not None else "")
                if x
            )
            found.append(f"{esc(counts or 'some')} value(s) conform to {shape_html(site, shapes, value)}")
        elif name in SENTENCES:
            shown = shape_html(site, shapes, value) if name in ("node", "not") else site.term(value, "")
            if name in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
                shown = path_html(site, shapes, value)
            found.append(SENTENCES[name].format(v=shown))
        else:
            found.append(f"<code>sh:{esc(name)}</code> {site.term(value, '')}")
    return found


def shape_html(site: Site, shapes: Graph, node: Node) -> str:
    """A referenced shape: a link to its section when it has one, else its requirements inline."""
    from rdflib import BNode

    if node in set(shape_nodes(shapes)):
        return f'<a href="#{esc(_anchor(site, node))}">{esc(site.curie(node))}</a>'
    inline = requirements(site, shapes, node)
    path = shapes.value(node, _sh("path"))
    prefix = f"{path_html(site, shapes, path)}: " if path is not None else ""
    if isinstance(node, BNode) or inline:
        return "[" + prefix + "; ".join(inline or ["(any)"]) + "]"
    return site.term(node, "")


def list_html(site: Site, shapes: Graph, head: Node) -> str:
    """An RDF list (of values, language tags or shapes) as a comma-separated phrase."""
    from rdflib.collection import Collection

    items = list(Collection(shapes, head))
    rendered = []
    for item in items:
        if (item, _sh("path"), None) in shapes or any(str(p).startswith(SH) for p in shapes.predicates(item)):
            rendered.append(shape_html(site, shapes, item))
        else:
            rendered.append(site.term(item, "", curie=False))
    return ", ".join(rendered) if rendered else "(none)"


def path_html(site: Site, shapes: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL-like notation: ``p``, ``^p``, ``p / q``, ``(p | q)``, ``p*``."""
    from ..reports.paths import PathError, read_rdflib_path

    try:
        return _path_html(site, read_rdflib_path(shapes, path))
    except PathError:
        return site.term(path, "", curie=True)  # not a path: the node as it is


def _path_html(site: Site, path: PathValue) -> str:
    from ..rdfio.terms import to_rdflib
    from ..reports.paths import MODIFIERS, PropertyPath

    if not isinstance(path, PropertyPath):
        return site.term(to_rdflib(path), "", curie=True)
    items = [_path_html(site, item) for item in path.items]
    if path.kind == "inverse":
        return "^" + items[0]
    if path.kind == "alternative":
        return "(" + " | ".join(items) + ")"
    if path.kind == "sequence":
        return " / ".join(items)
    return items[0] + MODIFIERS[path.kind]


def _sh(name: str) -> Node:
    from rdflib import URIRef

    return URIRef(SH + name)
