"""The SHACL shapes in words: each shape's targets, what each property shape requires, its message.

Each SHACL Core constraint is a sentence; anything else is listed as predicate and value, so a new
kind of constraint is never silently left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from ..reports.paths import MODIFIERS, PathError, PropertyPath, read_path
from ..vocab import RDF_TYPE, RDFS, SH
from .graph import Term as Node
from .graph import Triples
from .html import Phrase, Site, Term, page, slug, sort_key

#: SHACL's target predicates (local names), with how a sentence names what each targets.
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


def shape_nodes(shapes: Triples) -> list[Node]:
    """The shapes to document: node shapes and property shapes that have targets, sorted."""
    found: set[Node] = set(shapes.pointing(ox.NamedNode(SH + "NodeShape"), RDF_TYPE))
    for target in TARGETS:
        found |= {s for s, _ in shapes.with_property(SH + target)}
    return sorted(found, key=sort_key)


def render(site: Site, shapes: Triples) -> str:
    """``shapes.html``: a contents list, then one section per shape."""
    sections = [_shape_section(site, shapes, node) for node in shape_nodes(shapes)]
    return page(site, "shapes.html", "shapes.html", title="Shapes", shapes=sections)


def _shape_section(site: Site, shapes: Triples, node: Node) -> dict[str, Any]:
    texts = [t.value for prop in ("name", "description") for t in sorted(shapes.objects(node, SH + prop), key=sort_key)]
    texts += [t.value for t in sorted(shapes.objects(node, RDFS + "comment"), key=sort_key)]
    targets = [
        [f"{words} ", site.term(v, "")]
        for t, words in TARGETS.items()
        for v in sorted(shapes.objects(node, SH + t), key=sort_key)
    ]
    own_path = shapes.value(node, SH + "path")
    properties = sorted(shapes.objects(node, SH + "property"), key=lambda p: _property_order(site, shapes, p))
    return {
        "anchor": slug(site.curie(node)),
        "curie": site.curie(node),
        "severity": _severity(shapes, node),
        "texts": texts,
        "targets": targets,
        "path": path_phrase(site, shapes, own_path) if own_path is not None else None,
        "requirements": requirements(site, shapes, node),
        "messages": _messages(shapes, node),
        "properties": [
            {
                "title": path_phrase(site, shapes, path)
                if (path := shapes.value(prop, SH + "path")) is not None
                else [site.curie(prop)],
                "severity": _severity(shapes, prop),
                "curie": site.curie(prop),
                "requirements": requirements(site, shapes, prop) or [["(no constraint)"]],
                "messages": _messages(shapes, prop),
            }
            for prop in properties
        ],
        "sparql": [
            {"messages": _messages(shapes, c), "selects": [q.value.strip() for q in shapes.objects(c, SH + "select")]}
            for c in sorted(shapes.objects(node, SH + "sparql"), key=sort_key)
        ],
    }


def _property_order(site: Site, shapes: Triples, prop: Node) -> tuple[float, str]:
    order = shapes.value(prop, SH + "order")
    try:
        number = float(order.value) if order is not None else float("inf")
    except ValueError:
        number = float("inf")
    path = shapes.value(prop, SH + "path")
    return (number, site.curie(path) if path is not None else prop.value)


def _severity(shapes: Triples, node: Node) -> Term | None:
    severity = shapes.value(node, SH + "severity")
    if severity is None:
        return None
    name = severity.value.rsplit("#", 1)[-1]
    return Term(name.lower(), css="badge fail" if name == "Violation" else "badge")


def _messages(shapes: Triples, node: Node) -> list[str]:
    return [m.value for m in sorted(shapes.objects(node, SH + "message"), key=sort_key)]


def _sentence(template: str, value: Phrase) -> Phrase:
    before, _, after = template.partition("{v}")
    return [before, *value, after]


def _joined(phrases: Iterable[Phrase], separator: str) -> Phrase:
    joined: Phrase = []
    for index, phrase in enumerate(phrases):
        joined += ([separator] if index else []) + phrase
    return joined


def requirements(site: Site, shapes: Triples, node: Node) -> list[Phrase]:
    """What a shape requires, one phrase per constraint parameter."""
    found: list[Phrase] = []
    for prop, value in sorted(shapes.outgoing(node), key=lambda pv: (pv[0], sort_key(pv[1]))):
        name = prop[len(SH) :] if prop.startswith(SH) else None
        if name is None or name in DESCRIPTIVE or name in TARGETS:
            continue
        if name in LISTS:
            found.append(_sentence(LISTS[name], list_phrase(site, shapes, value)))
        elif name == "nodeKind":
            found.append(_sentence(SENTENCES[name], [NODE_KINDS.get(value.value.rsplit("#", 1)[-1], value.value)]))
        elif name == "pattern":
            flags = shapes.value(node, SH + "flags")
            shown: Phrase = [Term(value.value, code=True)]
            found.append(_sentence(SENTENCES[name], shown + ([f" (flags {flags.value})"] if flags else [])))
        elif name == "qualifiedValueShape":
            low, high = shapes.value(node, SH + "qualifiedMinCount"), shapes.value(node, SH + "qualifiedMaxCount")
            bounds = (f"at least {low.value}" if low else "", f"at most {high.value}" if high else "")
            counts = ", ".join(c for c in bounds if c)
            found.append([counts or "some", " value(s) conform to ", *shape_phrase(site, shapes, value)])
        elif name in ("node", "not"):
            found.append(_sentence(SENTENCES[name], shape_phrase(site, shapes, value)))
        elif name in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            found.append(_sentence(SENTENCES[name], path_phrase(site, shapes, value)))
        elif name in SENTENCES:
            found.append(_sentence(SENTENCES[name], [site.term(value, "")]))
        else:
            found.append([Term(f"sh:{name}", code=True), " ", site.term(value, "")])
    return found


def shape_phrase(site: Site, shapes: Triples, node: Node) -> Phrase:
    """A referenced shape: a link to its section when it has one, else its requirements inline."""
    if node in set(shape_nodes(shapes)):
        return [Term(site.curie(node), href=f"#{slug(site.curie(node))}")]
    inline = requirements(site, shapes, node)
    path = shapes.value(node, SH + "path")
    prefix: Phrase = [*path_phrase(site, shapes, path), ": "] if path is not None else []
    if isinstance(node, ox.BlankNode) or inline:
        return ["[", *prefix, *_joined(inline or [["(any)"]], "; "), "]"]
    return [site.term(node, "")]


def list_phrase(site: Site, shapes: Triples, head: Node) -> Phrase:
    """An RDF list (of values, language tags or shapes) as a comma-separated phrase."""
    items: list[Phrase] = []
    for item in shapes.members(head):
        is_shape = any(p.startswith(SH) for p, _ in shapes.outgoing(item))
        items.append(shape_phrase(site, shapes, item) if is_shape else [site.term(item, "")])
    return _joined(items, ", ") if items else ["(none)"]


def path_phrase(site: Site, shapes: Triples, path: Node) -> Phrase:
    """A SHACL property path in SPARQL-like notation: ``p``, ``^p``, ``p / q``, ``(p | q)``, ``p*``."""
    try:
        return _path_phrase(site, read_path(path, lambda n, local: shapes.objects(n, SH + local), shapes.members))
    except PathError:
        return [site.term(path, "", curie=True)]  # not a path: the node as it is


def _path_phrase(site: Site, path: ox.NamedNode | PropertyPath) -> Phrase:
    if not isinstance(path, PropertyPath):
        return [site.term(path, "", curie=True)]
    items = [_path_phrase(site, item) for item in path.items]
    if path.kind == "inverse":
        return ["^", *items[0]]
    if path.kind == "alternative":
        return ["(", *_joined(items, " | "), ")"]
    if path.kind == "sequence":
        return _joined(items, " / ")
    return [*items[0], MODIFIERS[path.kind]]
