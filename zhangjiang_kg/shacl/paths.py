"""SHACL property paths as SPARQL 1.1 property path text (every SHACL Core form has an exact
counterpart, so a path is never walked in Python); the path model is :mod:`zhangjiang_kg.reports.paths`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..reports.paths import MODIFIERS, PropertyPath

if TYPE_CHECKING:
    from ..reports.paths import PathValue


def nullable(path: PathValue) -> bool:
    """Whether ``path`` can have length zero, making every node a value of itself.

    SPARQL engines give a zero-length match only for nodes that occur in the graph, so the
    queries add the focus node itself for such paths.
    """
    if isinstance(path, ox.NamedNode):
        return False
    if path.kind in ("zeroOrMore", "zeroOrOne"):
        return True
    if path.kind == "sequence":
        return all(nullable(item) for item in path.items)
    if path.kind == "alternative":
        return any(nullable(item) for item in path.items)
    return path.kind == "inverse" and nullable(path.items[0])


def path_sparql(path: PathValue) -> str:
    """The SPARQL 1.1 property path text (fully parenthesised, so nesting is unambiguous)."""
    return _written(path, sparql=True)


def path_key(path: PathValue) -> str:
    """The compiler's canonical form of a path (``^<p>``, ``(<p> / <q>)``): its messages say it
    and its results sort and compare by it."""
    return _written(path, sparql=False)


def _written(path: PathValue, *, sparql: bool) -> str:
    """A path as SPARQL (every operand parenthesised) or as its key (operators spaced instead)."""
    if not isinstance(path, PropertyPath):
        return str(path)
    items = [_written(item, sparql=sparql) for item in path.items]
    if path.kind in ("sequence", "alternative"):
        operator = "/" if path.kind == "sequence" else "|"
        return "(" + (operator if sparql else f" {operator} ").join(items) + ")"
    operand = f"({items[0]})" if sparql else items[0]
    return "^" + operand if path.kind == "inverse" else operand + MODIFIERS[path.kind]
