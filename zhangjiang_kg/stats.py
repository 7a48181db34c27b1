"""Statistics: triples per named graph, entities per class, facts per epistemic status."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox

from .queries.results import shorten
from .rdfio.terms import term_parts
from .store.graph import KnowledgeGraph
from .vocab import GRAPH_DATA, GRAPHS, PREFIXES, RDF_TYPE

STATUS = PREFIXES["zjo"] + "status"


@dataclass
class Stats:
    """Counts for one loaded graph; dicts are ordered largest first, then by name."""

    triples: dict[str, int] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Triples over all named graphs."""
        return sum(self.triples.values())

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form."""
        return {"triples": {**self.triples, "total": self.total}, "classes": self.classes, "statuses": self.statuses}


def _ordered(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def compute(kg: KnowledgeGraph) -> Stats:
    """Count triples per graph, data entities per ``rdf:type`` and data facts per ``zjo:status``."""
    return Stats(
        triples={name: kg.count(name) for name in GRAPHS},
        classes=_ordered(_objects(kg, RDF_TYPE)),
        statuses=_ordered(_objects(kg, STATUS)),
    )


def _objects(kg: KnowledgeGraph, predicate: str) -> Counter[str]:
    """How often each object of ``predicate`` occurs in the data graph."""
    answer = kg.store.query(
        f"SELECT ?o (COUNT(*) AS ?n) {{ GRAPH <{GRAPH_DATA}> {{ ?s <{predicate}> ?o }} }} GROUP BY ?o"
    )
    assert isinstance(answer, ox.QuerySolutions)
    return Counter({term_parts(row["o"]).value: int(term_parts(row["n"]).value) for row in answer})


def to_text(stats: Stats) -> str:
    """Three small tables for people."""
    lines = ["Triples per graph:"]
    lines.extend(f"  {name:<12} {count:>7}" for name, count in stats.triples.items())
    lines.append(f"  {'total':<12} {stats.total:>7}")
    for title, counts in (("Entities per class (data):", stats.classes), ("Facts per status:", stats.statuses)):
        lines.append(title)
        if not counts:
            lines.append("  (none)")
        names = {key: shorten(ox.NamedNode(key), PREFIXES) for key in counts}
        width = max([len(n) for n in names.values()] + [12])
        lines.extend(f"  {names[key]:<{width}} {count:>7}" for key, count in counts.items())
    return "\n".join(lines) + "\n"
