"""The triples the site reads, from Turtle text and back into rdflib, for tests of pages and descriptions."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph
from zhangjiang_kg.site.graph import Triple, Triples
from zhangjiang_kg.store.rdflib_view import new_graph, to_graph


def triples(turtle: str) -> Triples:
    """The triples of ``turtle``, indexed as the site reads them."""
    return Triples((t.subject, t.predicate, t.object) for t in ox.parse(turtle, ox.RdfFormat.TURTLE))  # type: ignore[misc]


def rdflib_graph(found: Iterable[Triple]) -> Graph:
    """Triples (a description) as an rdflib graph, to compare with what a client parsed."""
    return to_graph((ox.Quad(*t) for t in found), new_graph())
