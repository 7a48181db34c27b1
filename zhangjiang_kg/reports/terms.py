"""The terms findings hold, as people read them, and SHACL property paths read from and written to RDF.

Findings hold engine-neutral terms: pyoxigraph terms (:data:`Term`) for focus nodes, values and
shapes, and :class:`PropertyPath` for a path that is not a single IRI. pyoxigraph is the default
engine's own library and costs nothing to import; rdflib costs a fifth of a second, so the
default ``zjkg validate`` never needs it: the pySHACL reference converts its rdflib terms at its
boundary (:mod:`.shacl`), with the one converter :mod:`zhangjiang_kg.rdfio.terms`, and only the
SHACL Turtle writer imports rdflib. This module is the one place that prints terms and paths.

A SHACL validator reports an inverse or sequence path as a blank node whose identifier changes on
every run; a report that printed it would differ between two runs of the same graph. A
:class:`PropertyPath` compares by structure and prints the same every time (``^zjo:figureOf``,
``zjo:a/zjo:b``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..rdfio.terms import term_parts, to_oxigraph, to_rdflib
from ..vocab import RDF, SH, curie

if TYPE_CHECKING:
    from typing import TypeAlias

    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.term import Node

    #: A node, value or shape of a finding.
    Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal
    #: A SHACL path: an IRI, or a :class:`PropertyPath` made of them.
    PathValue: TypeAlias = "ox.NamedNode | PropertyPath"

#: SHACL's path predicates (local names) and the SPARQL modifier of the repeated ones.
_UNARY = {
    "inversePath": "inverse",
    "zeroOrMorePath": "zeroOrMore",
    "oneOrMorePath": "oneOrMore",
    "zeroOrOnePath": "zeroOrOne",
}
_MODIFIERS = {"zeroOrMore": "*", "oneOrMore": "+", "zeroOrOne": "?"}


@dataclass(frozen=True)
class PropertyPath:
    """A SHACL path that is not a single IRI: ``kind`` is ``inverse``, ``sequence``,
    ``alternative``, ``zeroOrMore``, ``oneOrMore`` or ``zeroOrOne``; ``items`` its parts."""

    kind: str
    items: tuple[PathValue, ...]


def term_text(term: Any) -> str:
    """A term for people: ``zj:zhangjiang-zone``, ``^zjo:figureOf``, ``620000000``, ``fund@en``, ``[]``.

    A blank node prints as ``[]``: its identifier is made up by the parser and differs between runs.
    A plain string (a constraint component's IRI) is shortened when it is an IRI.
    """
    if term is None:
        return ""
    if type(term) is str:
        return curie(term) if ":" in term else term
    if isinstance(term, PropertyPath):
        return path_text(term)
    parts = term_parts(term)
    if parts.kind == "bnode":
        return "[]"
    if parts.kind == "literal":
        return f"{parts.value}@{parts.language}" if parts.language else parts.value
    return curie(parts.value)


def plain(term: Any) -> str:
    """A term's value alone (an IRI, a literal's lexical form, a blank node's label), for sorting."""
    if term is None:
        return ""
    if isinstance(term, PropertyPath):
        return path_text(term, full=True)
    return term if type(term) is str else term_parts(term).value


def is_blank(term: Any) -> bool:
    """Whether ``term`` is a blank node (whose label is made up by a parser: never printed)."""
    return term is not None and not isinstance(term, (str, PropertyPath)) and term_parts(term).kind == "bnode"


def path_text(path: Any, *, full: bool = False) -> str:
    """SPARQL property-path syntax: ``^zjo:figureOf``; ``full`` writes ``<iri>`` instead of prefixed names."""
    if path is None:
        return ""
    if isinstance(path, PropertyPath):
        items = [_grouped(item, full) for item in path.items]
        if path.kind == "inverse":
            return "^" + items[0]
        if path.kind in ("sequence", "alternative"):
            return ("/" if path.kind == "sequence" else "|").join(items)
        return items[0] + _MODIFIERS[path.kind]
    parts = term_parts(path)
    if parts.kind != "uri":
        return parts.value
    return f"<{parts.value}>" if full else curie(parts.value)


def _grouped(path: PathValue, full: bool) -> str:
    text = path_text(path, full=full)
    return text if not isinstance(path, PropertyPath) or path.kind == "inverse" else f"({text})"


def read_path(graph: Graph, node: Node) -> Any:
    """The SHACL path at ``node`` of an rdflib ``graph``: an IRI, or a :class:`PropertyPath` of its blank nodes.

    A node that is no SHACL path (malformed input) is returned as a pyoxigraph term.
    """
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection

    if not isinstance(node, BNode):
        return to_oxigraph(node)  # an IRI (or whatever the validator wrote)
    for local, kind in _UNARY.items():
        inner = graph.value(node, URIRef(SH + local))
        if inner is not None:
            return PropertyPath(kind, (read_path(graph, inner),))
    alternatives = graph.value(node, URIRef(SH + "alternativePath"))
    if alternatives is not None:
        return PropertyPath("alternative", tuple(read_path(graph, item) for item in Collection(graph, alternatives)))
    if graph.value(node, URIRef(RDF + "first")) is not None:
        return PropertyPath("sequence", tuple(read_path(graph, item) for item in Collection(graph, node)))
    return to_oxigraph(node)


def write_path(graph: Graph, path: Any) -> Node:
    """Add ``path`` to an rdflib ``graph`` as SHACL writes it (blank nodes, RDF lists); returns its node."""
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection

    if not isinstance(path, PropertyPath):
        return to_rdflib(path)  # an IRI
    if path.kind in ("sequence", "alternative"):
        items = BNode()
        Collection(graph, items, [write_path(graph, part) for part in path.items])
        if path.kind == "sequence":
            return items
        node = BNode()
        graph.add((node, URIRef(SH + "alternativePath"), items))
        return node
    node = BNode()
    local = next(name for name, kind in _UNARY.items() if kind == path.kind)
    graph.add((node, URIRef(SH + local), write_path(graph, path.items[0])))
    return node
