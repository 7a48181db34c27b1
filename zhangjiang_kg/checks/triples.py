"""One graph of a pyoxigraph store read like an rdflib graph (``subjects``, ``objects``, ``value``),
so the quality and evidence checks look triples up on Oxigraph's indexes and need no rdflib."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypeAlias

import pyoxigraph as ox

from ..rdfio.terms import Term as Term  # the checks read the alias from here
from ..rdfio.terms import oxigraph_quads

if TYPE_CHECKING:
    from rdflib import Graph  # a library caller may hand in an rdflib graph; it is copied into a store

    Subject = ox.NamedNode | ox.BlankNode
    GraphName = ox.NamedNode | ox.DefaultGraph
    #: What :func:`view_of` accepts.
    Triples: TypeAlias = "TripleView | ox.Store | Graph | Iterable[ox.Quad]"


class TripleView:
    """The triples of graph ``graph`` of ``store`` (``None``: of every graph), looked up by pattern."""

    def __init__(self, store: ox.Store, graph: GraphName | None = None) -> None:
        self.store = store
        self.graph = graph

    def triples(
        self, subject: Subject | None = None, predicate: ox.NamedNode | None = None, obj: Term | None = None
    ) -> Iterator[tuple[Subject, ox.NamedNode, Term]]:
        """Every triple matching the pattern (``None`` matches anything)."""
        for quad in self.store.quads_for_pattern(subject, predicate, obj, self.graph):
            yield quad.subject, quad.predicate, quad.object  # type: ignore[misc]

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> list[Subject]:
        """The subjects of ``? predicate obj``."""
        return [s for s, _p, _o in self.triples(None, predicate, obj)]

    def objects(self, subject: Subject | None, predicate: ox.NamedNode) -> list[Term]:
        """The objects of ``subject predicate ?`` (``None``: of any subject)."""
        return [o for _s, _p, o in self.triples(subject, predicate, None)]

    def value(self, subject: Subject, predicate: ox.NamedNode) -> Term | None:
        """One object of ``subject predicate ?``, or ``None``."""
        return next((o for _s, _p, o in self.triples(subject, predicate, None)), None)

    def predicates(self) -> set[ox.NamedNode]:
        """The distinct predicates, found by Oxigraph rather than by walking every triple in Python."""
        where = f"GRAPH {self.graph} {{ ?s ?p ?o }}" if isinstance(self.graph, ox.NamedNode) else "?s ?p ?o"
        answer = self.store.query(f"SELECT DISTINCT ?p {{ {where} }}", use_default_graph_as_union=self.graph is None)
        return {row[0] for row in answer}  # type: ignore[union-attr]

    def has(self, subject: Subject, predicate: ox.NamedNode, obj: Term) -> bool:
        """Whether the triple is in the graph."""
        return next(self.triples(subject, predicate, obj), None) is not None


def view_of(graph: Triples) -> TripleView:
    """A view of ``graph``: a pyoxigraph Store (every graph), pyoxigraph quads, or an rdflib Graph."""
    if isinstance(graph, TripleView):
        return graph
    if isinstance(graph, ox.Store):
        return TripleView(graph)
    rdflib = sys.modules.get("rdflib")  # an rdflib graph can only come from a caller that loaded rdflib
    if rdflib is not None and isinstance(graph, rdflib.Graph):
        graph = oxigraph_quads(graph, ox.DefaultGraph())
    store = ox.Store()
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in graph)  # type: ignore[union-attr]
    return TripleView(store, ox.DefaultGraph())


def sort_key(term: Subject | Term) -> tuple[int, str]:
    """The order rdflib sorts nodes in: blank nodes, then IRIs, then literals, each by its text."""
    rank = 0 if isinstance(term, ox.BlankNode) else 1 if isinstance(term, ox.NamedNode) else 2
    return rank, term.value
