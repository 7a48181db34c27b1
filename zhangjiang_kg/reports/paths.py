"""SHACL property paths: the one model, read from and written to RDF, and printed for people.

A path is an IRI or a :class:`PropertyPath` of paths, so it compares by structure: a validator
reports an inverse or sequence path as a blank node whose label changes on every run. rdflib
graphs are read and written through the one converter :mod:`zhangjiang_kg.rdfio.terms`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..rdfio.terms import term_parts, to_oxigraph, to_rdflib
from ..vocab import RDF, SH, curie

if TYPE_CHECKING:
    from typing import TypeAlias

    from rdflib import Graph
    from rdflib.term import Node

    from .terms import Term

    #: A SHACL path: an IRI, or a :class:`PropertyPath` made of them.
    PathValue: TypeAlias = "ox.NamedNode | PropertyPath"
    #: One triple of a path's description.
    Triple: TypeAlias = tuple[Term, ox.NamedNode, Term]

#: SHACL's path predicates (local names) with one inner path, and the kind each gives.
UNARY = {
    "inversePath": "inverse",
    "zeroOrMorePath": "zeroOrMore",
    "oneOrMorePath": "oneOrMore",
    "zeroOrOnePath": "zeroOrOne",
}
#: The SPARQL modifier of each repeated kind.
MODIFIERS = {"zeroOrMore": "*", "oneOrMore": "+", "zeroOrOne": "?"}


class PathError(ValueError):
    """A node used as a SHACL path is not a well-formed one."""


@dataclass(frozen=True)
class PropertyPath:
    """A SHACL path that is not a single IRI: ``kind`` is ``inverse``, ``sequence``,
    ``alternative``, ``zeroOrMore``, ``oneOrMore`` or ``zeroOrOne``; ``items`` its parts."""

    kind: str
    items: tuple[PathValue, ...]


Objects = Callable[["Term", str], Sequence["Term"]]
Members = Callable[["Term"], Sequence["Term"]]


def read_path(node: Term, objects: Objects, members: Members, seen: frozenset[str] = frozenset()) -> PathValue:
    """The path whose SHACL description starts at ``node``.

    ``objects(node, local)`` gives the values of ``sh:local``; ``members(node)`` the items of the
    well-formed RDF list at ``node`` (empty when it is none).

    :raises PathError: the description is cyclic, ambiguous or empty.
    """
    if isinstance(node, ox.NamedNode) and node.value != RDF + "nil":
        return node
    if isinstance(node, ox.Literal):
        raise PathError(f"a literal is not a path: {node}")
    key = str(node)
    if key in seen:
        raise PathError(f"the path at {node} refers to itself")
    seen = seen | {key}
    items = members(node)
    if items:
        if len(items) < 2:
            raise PathError(f"a sequence path needs at least two members: {node}")
        return PropertyPath("sequence", tuple(read_path(i, objects, members, seen) for i in items))
    alternatives = objects(node, "alternativePath")
    if alternatives:
        choices = members(alternatives[0])
        if len(choices) < 2:
            raise PathError(f"sh:alternativePath needs a list of at least two paths: {node}")
        return PropertyPath("alternative", tuple(read_path(i, objects, members, seen) for i in choices))
    for local, kind in UNARY.items():
        found = objects(node, local)
        if found:
            return PropertyPath(kind, (read_path(found[0], objects, members, seen),))
    raise PathError(f"not a SHACL path: {node}")


def read_rdflib_path(graph: Graph, node: Node) -> PathValue:
    """The SHACL path at ``node`` of an rdflib ``graph`` (a pySHACL report or shapes graph).

    :raises PathError: as :func:`read_path`.
    """
    from rdflib import URIRef  # rdflib only where pySHACL is used: the CLI starts without it

    def objects(n: Term, local: str) -> list[Term]:
        return [to_oxigraph(o) for o in graph.objects(to_rdflib(n), URIRef(SH + local))]

    def members(n: Term) -> list[Term]:
        first, rest, nil = URIRef(RDF + "first"), URIRef(RDF + "rest"), URIRef(RDF + "nil")
        items, cell, seen = [], to_rdflib(n), set()
        while cell != nil:
            head, tail = graph.value(cell, first), graph.value(cell, rest)
            if head is None or tail is None or cell in seen:
                return []  # not a list, or a cyclic one
            seen.add(cell)
            items.append(to_oxigraph(head))
            cell = tail
        return items

    return read_path(to_oxigraph(node), objects, members)


def path_triples(path: Any, new_node: Callable[[], ox.BlankNode]) -> tuple[Term, list[Triple]]:
    """The node that stands for ``path`` and the triples describing it, as SHACL writes a path.

    Any other term (what a validator wrote where no path could be read) stands for itself.
    """
    triples: list[Triple] = []
    first, rest, nil = ox.NamedNode(RDF + "first"), ox.NamedNode(RDF + "rest"), ox.NamedNode(RDF + "nil")

    def write(p: Any) -> Term:
        if not isinstance(p, PropertyPath):
            return p  # type: ignore[no-any-return]
        items = [write(item) for item in p.items]
        if p.kind in ("sequence", "alternative"):
            cells = [new_node() for _ in items]
            for n, (cell, item) in enumerate(zip(cells, items, strict=True)):
                triples.append((cell, first, item))
                triples.append((cell, rest, cells[n + 1] if n + 1 < len(cells) else nil))
            if p.kind == "sequence":
                return cells[0]
            here = new_node()
            triples.append((here, ox.NamedNode(SH + "alternativePath"), cells[0]))
            return here
        here = new_node()
        local = next(name for name, kind in UNARY.items() if kind == p.kind)
        triples.append((here, ox.NamedNode(SH + local), items[0]))
        return here

    return write(path), triples


def write_rdflib_path(graph: Graph, path: Any) -> Node:
    """Add ``path`` to an rdflib ``graph`` (blank nodes, RDF lists); returns the node that stands for it."""
    top, triples = path_triples(path, ox.BlankNode)
    for subject, predicate, obj in triples:
        graph.add((to_rdflib(subject), to_rdflib(predicate), to_rdflib(obj)))
    return to_rdflib(top)


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
        return items[0] + MODIFIERS[path.kind]
    parts = term_parts(path)
    if parts.kind != "uri":
        return parts.value
    return f"<{parts.value}>" if full else curie(parts.value)


def _grouped(path: PathValue, full: bool) -> str:
    text = path_text(path, full=full)
    return text if not isinstance(path, PropertyPath) or path.kind == "inverse" else f"({text})"
