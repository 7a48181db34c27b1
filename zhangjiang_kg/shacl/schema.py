"""The RDFS schema of the data graph, read once, so type tests need no transitive paths.

On an endpoint the engine writes nothing, so RDFS typing must sit in the queries. Transitive
paths such as ``rdfs:subPropertyOf*/rdfs:domain/rdfs:subClassOf*`` with an open start make
engines enumerate every node (Virtuoso 7.2 fails on them outright). The schema triples are few:
they are read in one query, closed in Python, and each type test becomes a union of plain triple
patterns with constants (``?x a <Sub>``, ``?x <p> ?o`` for a property whose domain is the class).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .run import SparqlRunner
from .terms import RDF, RDFS

_PREDICATES = ("subClassOf", "subPropertyOf", "domain", "range")


def _closure(edges: dict[str, set[str]], start: str) -> set[str]:
    """``start`` and everything below it, following ``edges`` (super -> subs)."""
    found, stack = {start}, [start]
    while stack:
        for sub in edges.get(stack.pop(), ()):
            if sub not in found:
                found.add(sub)
                stack.append(sub)
    return found


class Schema:
    """Sub-classes, and the properties that type their subjects or objects, per class."""

    def __init__(self, triples: Iterable[tuple[str, str, str]], *, rdfs: bool) -> None:
        self.rdfs = rdfs
        self.subclasses: dict[str, set[str]] = defaultdict(set)
        self.subproperties: dict[str, set[str]] = defaultdict(set)
        self.domain: dict[str, set[str]] = defaultdict(set)  # class -> properties with that domain
        self.range: dict[str, set[str]] = defaultdict(set)
        for s, p, o in triples:
            {
                "subClassOf": self.subclasses,
                "subPropertyOf": self.subproperties,
                "domain": self.domain,
                "range": self.range,
            }[p][o].add(s)

    @classmethod
    def read(cls, runner: SparqlRunner, *, rdfs: bool) -> Schema:
        """Read the schema triples of the runner's data graph (IRIs only) in one query."""
        branches = " UNION ".join(f'{{ ?s <{RDFS}{p}> ?o BIND("{p}" AS ?p) }}' for p in _PREDICATES)
        rows = runner.select(f"SELECT ?s ?p ?o WHERE {{ {branches} FILTER(isIRI(?s) && isIRI(?o)) }}")
        return cls(
            (
                (r["s"].value, r["p"].value, r["o"].value)
                for r in rows
                if r["s"] is not None and r["p"] is not None and r["o"] is not None
            ),
            rdfs=rdfs,
        )

    def classes(self, cls: str) -> set[str]:
        """``cls`` and its subclasses, transitively."""
        return _closure(self.subclasses, cls)

    def _typing(self, table: dict[str, set[str]], cls: str) -> set[str]:
        if not self.rdfs:
            return set()
        direct = {p for c in self.classes(cls) for p in table.get(c, ())}
        return {q for p in direct for q in _closure(self.subproperties, p)}

    def members(self, var: str, cls: str) -> str:
        """A pattern binding ``var`` to the instances of ``cls`` (for targets)."""
        branches = [f"{{ {var} <{RDF}type> <{c}> . }}" for c in sorted(self.classes(cls))]
        branches += [f"{{ {var} <{p}> ?_o . }}" for p in sorted(self._typing(self.domain, cls))]
        ranged = sorted(self._typing(self.range, cls))
        branches += [f"{{ ?_s <{p}> {var} . FILTER(!isLiteral({var})) }}" for p in ranged]
        return " UNION ".join(branches)

    def test(self, var: str, cls: str) -> str:
        """A pattern that holds when ``var`` (bound) is an instance of ``cls``."""
        return self.members(var, cls)
