"""SHACL property paths: read from the shapes graph, written as SPARQL 1.1 property path text.

Every form of SHACL Core is covered: a predicate, a sequence (an RDF list), ``sh:alternativePath``,
``sh:inversePath``, ``sh:zeroOrMorePath``, ``sh:oneOrMorePath`` and ``sh:zeroOrOnePath``. Each
form has an exact SPARQL counterpart, so a path costs one property path in the query, never a
walk in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from .terms import RDF_FIRST, RDF_NIL, RDF_REST, Term, sh

#: SHACL path predicate -> (kind, SPARQL postfix or prefix).
_UNARY = {
    "inversePath": "inverse",
    "zeroOrMorePath": "zeroOrMore",
    "oneOrMorePath": "oneOrMore",
    "zeroOrOnePath": "zeroOrOne",
}
_POSTFIX = {"zeroOrMore": "*", "oneOrMore": "+", "zeroOrOne": "?"}


class PathError(ValueError):
    """A node used as ``sh:path`` is not a well-formed SHACL path."""


@dataclass(frozen=True)
class Path:
    """One SHACL path: ``kind`` is predicate, sequence, alternative or one of the unary forms."""

    kind: str
    predicate: ox.NamedNode | None = None
    items: tuple[Path, ...] = ()

    @property
    def nullable(self) -> bool:
        """Whether the path can have length zero, making every node a value of itself.

        SPARQL engines give a zero-length match only for nodes that occur in the graph, so the
        queries add the focus node itself for such paths.
        """
        if self.kind in ("zeroOrMore", "zeroOrOne"):
            return True
        if self.kind == "sequence":
            return all(item.nullable for item in self.items)
        if self.kind == "alternative":
            return any(item.nullable for item in self.items)
        if self.kind == "inverse":
            return self.items[0].nullable
        return False

    def sparql(self) -> str:
        """The SPARQL 1.1 property path text (fully parenthesised, so nesting is unambiguous)."""
        if self.kind == "predicate":
            assert self.predicate is not None
            return str(self.predicate)
        if self.kind == "sequence":
            return "(" + "/".join(item.sparql() for item in self.items) + ")"
        if self.kind == "alternative":
            return "(" + "|".join(item.sparql() for item in self.items) + ")"
        if self.kind == "inverse":
            return "^(" + self.items[0].sparql() + ")"
        return "(" + self.items[0].sparql() + ")" + _POSTFIX[self.kind]

    def text(self) -> str:
        """A readable, canonical form for messages and comparisons (``^<p>``, ``<p>/<q>``)."""
        if self.kind == "predicate":
            return str(self.predicate)
        if self.kind == "sequence":
            return "(" + " / ".join(item.text() for item in self.items) + ")"
        if self.kind == "alternative":
            return "(" + " | ".join(item.text() for item in self.items) + ")"
        if self.kind == "inverse":
            return "^" + self.items[0].text()
        return self.items[0].text() + _POSTFIX[self.kind]


Objects = Callable[[Term, str], Sequence[Term]]
Members = Callable[[Term], list[Term]]


def read_path(node: Term, objects: Objects, members: Members, seen: frozenset[str] = frozenset()) -> Path:
    """The path whose SHACL description starts at ``node``.

    ``objects(node, local)`` gives the values of ``sh:local``; ``members(node)`` the items of the
    RDF list at ``node`` (empty when it is no list).

    :raises PathError: the description is cyclic, ambiguous or empty.
    """
    if isinstance(node, ox.NamedNode) and node != RDF_NIL:
        return Path("predicate", predicate=node)
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
        return Path("sequence", items=tuple(read_path(i, objects, members, seen) for i in items))
    alternatives = objects(node, "alternativePath")
    if alternatives:
        choices = members(alternatives[0])
        if len(choices) < 2:
            raise PathError(f"sh:alternativePath needs a list of at least two paths: {node}")
        return Path("alternative", items=tuple(read_path(i, objects, members, seen) for i in choices))
    for local, kind in _UNARY.items():
        found = objects(node, local)
        if found:
            return Path(kind, items=(read_path(found[0], objects, members, seen),))
    raise PathError(f"not a SHACL path: {node}")


Triple = tuple[Term, ox.NamedNode, Term]


def path_triples(path: Path, new_node: Callable[[], ox.BlankNode]) -> tuple[Term, list[Triple]]:
    """The node that stands for ``path`` and the triples describing it (a report's sh:resultPath)."""
    triples: list[Triple] = []

    def write(p: Path) -> Term:
        if p.kind == "predicate":
            assert p.predicate is not None
            return p.predicate
        items = [write(item) for item in p.items]
        if p.kind in ("sequence", "alternative"):
            cells = [new_node() for _ in items]
            for n, (cell, item) in enumerate(zip(cells, items, strict=False)):
                triples.append((cell, RDF_FIRST, item))
                triples.append((cell, RDF_REST, cells[n + 1] if n + 1 < len(cells) else RDF_NIL))
            if p.kind == "sequence":
                return cells[0]
            here = new_node()
            triples.append((here, sh("alternativePath"), cells[0]))
            return here
        here = new_node()
        local = next(k for k, v in _UNARY.items() if v == p.kind)
        triples.append((here, sh(local), items[0]))
        return here

    return write(path), triples
