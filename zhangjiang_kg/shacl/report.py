"""Validation results and the report: a multiset of results, written as SHACL report text.

Terms stay pyoxigraph terms and the report is written as N-Triples by hand, so producing a
report never needs rdflib.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..reports.paths import path_triples
from .paths import path_key
from .terms import RDF_TYPE, VIOLATION, Term, sh

if TYPE_CHECKING:
    from ..reports.paths import PathValue


@dataclass(frozen=True)
class ValidationResult:
    """One sh:ValidationResult; ``path`` is the parsed path, ``path_node`` the node as in the shapes."""

    focus: Term
    component: ox.NamedNode
    source_shape: Term
    severity: ox.NamedNode = VIOLATION
    path: PathValue | None = None
    value: Term | None = None
    message: tuple[ox.Literal, ...] = ()
    location: Any = None  # a zhangjiang_kg.ttl.sourcemap.Location when a source map was given

    @property
    def severity_name(self) -> str:
        """``Violation``, ``Warning`` or ``Info``."""
        return self.severity.value.rsplit("#", 1)[-1]

    def key(self) -> tuple[str, str, str, str, str, str]:
        """What identifies a result in a comparison: focus, path, value, component, severity, shape."""
        return (
            str(self.focus),
            path_key(self.path) if self.path else "",
            str(self.value or ""),
            self.component.value,
            self.severity.value,
            str(self.source_shape),
        )


@dataclass
class Delegated:
    """A shape validated by pySHACL instead of this engine, and why."""

    shape: str
    reason: str


@dataclass
class Report:
    """The results, which shapes went to pySHACL and why, and the shapes graph's own errors."""

    results: list[ValidationResult] = field(default_factory=list)
    delegated: list[Delegated] = field(default_factory=list)
    shape_errors: list[str] = field(default_factory=list)
    #: What the engine could not decide exactly on this store, in words.
    notes: list[str] = field(default_factory=list)
    queries: int = 0

    @property
    def conforms(self) -> bool:
        """The Recommendation's sh:conforms: true only when there is no result at all."""
        return not self.results

    def count(self, severity: ox.NamedNode = VIOLATION) -> int:
        """How many results have ``severity``."""
        return sum(1 for r in self.results if r.severity == severity)

    def sorted(self) -> list[ValidationResult]:
        """Results in a stable order (focus, path, component, value)."""
        return sorted(
            self.results,
            key=lambda r: (
                str(r.focus),
                path_key(r.path) if r.path else "",
                r.component.value,
                str(r.value or ""),
                str(r.source_shape),
            ),
        )

    def to_ntriples(self) -> str:
        """The report as an sh:ValidationReport graph in N-Triples (blank nodes for the results)."""
        counter = itertools.count()

        def fresh() -> ox.BlankNode:
            return ox.BlankNode(f"r{next(counter)}")

        report = fresh()
        lines = [
            _line(report, RDF_TYPE, sh("ValidationReport")),
            _line(
                report,
                sh("conforms"),
                ox.Literal(
                    "true" if self.conforms else "false",
                    datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"),
                ),
            ),
        ]
        for result in self.sorted():
            node = fresh()
            lines.append(_line(report, sh("result"), node))
            lines.append(_line(node, RDF_TYPE, sh("ValidationResult")))
            lines.append(_line(node, sh("focusNode"), result.focus))
            lines.append(_line(node, sh("resultSeverity"), result.severity))
            lines.append(_line(node, sh("sourceConstraintComponent"), result.component))
            shape = result.source_shape
            lines.append(_line(node, sh("sourceShape"), shape if not isinstance(shape, ox.BlankNode) else fresh()))
            if result.path is not None:
                top, triples = path_triples(result.path, fresh)
                lines.append(_line(node, sh("resultPath"), top))
                lines += [_line(*t) for t in triples]
            if result.value is not None:
                lines.append(_line(node, sh("value"), result.value))
            lines += [_line(node, sh("resultMessage"), m) for m in result.message]
        return "\n".join(lines) + "\n"


def _line(s: Term, p: ox.NamedNode, o: Term) -> str:
    return f"{s} {p} {o} ."
