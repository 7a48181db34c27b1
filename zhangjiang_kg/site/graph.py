"""The named graphs the site reads, as pyoxigraph triples looked up by subject or by object.

Read through :meth:`KnowledgeGraph.quads`, which gives literals as the files write them, so the
site's Turtle and JSON-LD say what ``zjkg export`` says.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TypeAlias

import pyoxigraph as ox

from ..store.graph import KnowledgeGraph
from ..vocab import RDF

Subject: TypeAlias = ox.NamedNode | ox.BlankNode
Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal
Triple: TypeAlias = tuple[Subject, ox.NamedNode, Term]


class Triples:
    """A set of triples indexed both ways; predicates are given as IRI strings."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.triples: list[Triple] = list(dict.fromkeys(triples))
        self._out: dict[Term, dict[str, list[Term]]] = {}
        self._in: dict[Term, dict[str, list[Subject]]] = {}
        for s, p, o in self.triples:
            self._out.setdefault(s, {}).setdefault(p.value, []).append(o)
            self._in.setdefault(o, {}).setdefault(p.value, []).append(s)

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.triples)

    def __contains__(self, node: object) -> bool:
        """Whether ``node`` is the subject of a triple."""
        return node in self._out

    def subjects(self) -> list[Term]:
        """Every subject, in the order first seen."""
        return list(self._out)

    def objects(self, node: Term, prop: str) -> list[Term]:
        """The objects of ``node prop ?``."""
        return self._out.get(node, {}).get(prop, [])

    def value(self, node: Term, prop: str) -> Term | None:
        """One object of ``node prop ?``, or None."""
        found = self.objects(node, prop)
        return found[0] if found else None

    def pointing(self, node: Term, prop: str) -> list[Subject]:
        """The subjects of ``? prop node``."""
        return self._in.get(node, {}).get(prop, [])

    def outgoing(self, node: Term) -> list[tuple[str, Term]]:
        """(property, object) of every triple ``node`` is the subject of."""
        return [(p, o) for p, objects in self._out.get(node, {}).items() for o in objects]

    def incoming(self, node: Term) -> list[tuple[Subject, str]]:
        """(subject, property) of every triple that points at ``node``."""
        return [(s, p) for p, subjects in self._in.get(node, {}).items() for s in subjects]

    def with_property(self, prop: str) -> list[tuple[Subject, Term]]:
        """(subject, object) of every triple with predicate ``prop``."""
        return [(s, o) for s, p, o in self.triples if p.value == prop]

    def members(self, head: Term) -> list[Term]:
        """The items of the well-formed RDF list at ``head``; empty when it is none (or cyclic)."""
        items: list[Term] = []
        seen: set[Term] = set()
        while head != ox.NamedNode(RDF + "nil"):
            first, rest = self.value(head, RDF + "first"), self.value(head, RDF + "rest")
            if first is None or rest is None or head in seen:
                return []
            seen.add(head)
            items.append(first)
            head = rest
        return items


class Graphs:
    """The named graphs of a :class:`KnowledgeGraph`, each read once, and unions of them."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self._read: dict[str, list[Triple]] = {}
        self._unions: dict[tuple[str, ...], Triples] = {}

    def __call__(self, *names: str) -> Triples:
        """The triples of the graphs ``names`` (``"data", "background"``) as one set."""
        if names not in self._unions:
            for name in names:
                if name not in self._read:
                    self._read[name] = [(q.subject, q.predicate, q.object) for q in self.kg.quads([name])]  # type: ignore[misc]
            self._unions[names] = Triples(chain.from_iterable(self._read[name] for name in names))
        return self._unions[names]
