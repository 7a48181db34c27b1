"""The RDFS schema of the data graph, read once, so type tests need no transitive paths.

On an endpoint nothing is written, so RDFS typing sits in the queries; transitive paths with an
open start (``rdfs:subPropertyOf*/rdfs:domain/...``) make engines enumerate every node (Virtuoso
7.2 fails on them). The few schema triples are read in one query and closed in Python, and a type
test becomes a union of triple patterns with constants, pruned to the branches that add a node.
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
        #: predicate local name -> object -> subjects: class -> subclasses, or properties with that domain...
        self.edges: dict[str, dict[str, set[str]]] = {p: defaultdict(set) for p in _PREDICATES}
        #: class -> which of its branches find nodes not typed with it (known after :meth:`prune`).
        self.needed: dict[str, list[int]] = {}
        for s, p, o in triples:
            self.edges[p][o].add(s)

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
        return _closure(self.edges["subClassOf"], cls)

    def _typing(self, predicate: str, cls: str) -> set[str]:
        """The properties (and their sub-properties) whose ``predicate`` (domain or range) types ``cls``."""
        if not self.rdfs:
            return set()
        direct = {p for c in self.classes(cls) for p in self.edges[predicate].get(c, ())}
        return {q for p in direct for q in _closure(self.edges["subPropertyOf"], p)}

    def branches(self, var: str, cls: str) -> list[str]:
        """Patterns each binding ``var`` to instances of ``cls``: stated, by subclass, domain or range."""
        found = [f"{var} <{RDF}type> <{c}> ." for c in sorted(self.classes(cls))]
        found += [f"{var} <{p}> ?_o ." for p in sorted(self._typing("domain", cls))]
        ranged = sorted(self._typing("range", cls))
        found += [f"?_s <{p}> {var} . FILTER(!isLiteral({var}))" for p in ranged]
        return found

    def prune(self, runner: SparqlRunner, classes: Iterable[str]) -> None:
        """Learn, in one query, which inferred branches of each class's type test add nodes: each is
        asked for one node without the stated type (LIMIT 1); one that has none is dropped."""
        asked: list[tuple[str, int, str]] = []
        for c in sorted(set(classes)):
            stated = f"?x <{RDF}type> <{c}> ."
            self.needed[c] = [i for i, b in enumerate(self.branches("?x", c)) if b == stated]
            asked += [(c, i, f"{b} FILTER NOT EXISTS {{ {stated} }}") for i, b in enumerate(self.branches("?x", c))]
        asked = [(c, i, b) for c, i, b in asked if i not in self.needed[c]]
        if not asked:
            return
        union = " UNION ".join(
            f"{{ SELECT ?_b WHERE {{ {b} BIND({n} AS ?_b) }} LIMIT 1 }}" for n, (_c, _i, b) in enumerate(asked)
        )
        adding = {int(r["_b"].value) for r in runner.select(f"SELECT ?_b WHERE {{ {union} }}") if r["_b"] is not None}
        for n, (c, i, _b) in enumerate(asked):
            if n in adding:
                self.needed[c].append(i)

    def stated_only(self, cls: str) -> bool:
        """Whether :meth:`prune` found that the stated ``rdf:type`` triples alone give the instances."""
        return len(self.needed.get(cls, ())) == 1

    def members(self, var: str, cls: str) -> str:
        """A pattern binding ``var`` to the instances of ``cls`` (for targets)."""
        found = self.branches(var, cls)
        if cls in self.needed:
            found = [found[i] for i in sorted(self.needed[cls])]
        return " UNION ".join(f"{{ {b} }}" for b in found)
