"""Validation results and the report, written as SHACL report N-Triples by hand: no rdflib."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..reports.paths import path_triples
from .paths import path_key
from .terms import RDF_TYPE, VIOLATION, XSD_BOOLEAN, Term, sh

if TYPE_CHECKING:
    from ..reports.paths import PathValue


@dataclass(frozen=True)
class ValidationResult:
    """One sh:ValidationResult."""

    focus: Term
    component: ox.NamedNode
    source_shape: Term
    severity: ox.NamedNode = VIOLATION
    path: PathValue | None = None
    value: Term | None = None
    message: tuple[ox.Literal, ...] = ()
    location: Any = None  # a zhangjiang_kg.ttl.sourcemap.Location when a source map was given


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

    def to_ntriples(self) -> str:
        """The report as an sh:ValidationReport graph in N-Triples (blank nodes for the results)."""
        counter = itertools.count()

        def fresh() -> ox.BlankNode:
            return ox.BlankNode(f"r{next(counter)}")

        report = fresh()
        conforms = ox.Literal(str(self.conforms).lower(), datatype=XSD_BOOLEAN)
        triples: list[tuple[Term, ox.NamedNode, Term]] = [
            (report, RDF_TYPE, sh("ValidationReport")),
            (report, sh("conforms"), conforms),
        ]
        for result in sorted(self.results, key=_order):
            node, shape = fresh(), result.source_shape
            triples += [
                (report, sh("result"), node),
                (node, RDF_TYPE, sh("ValidationResult")),
                (node, sh("focusNode"), result.focus),
                (node, sh("resultSeverity"), result.severity),
                (node, sh("sourceConstraintComponent"), result.component),
                (node, sh("sourceShape"), shape if not isinstance(shape, ox.BlankNode) else fresh()),
            ]
            if result.path is not None:
                top, described = path_triples(result.path, fresh)
                triples += [(node, sh("resultPath"), top), *described]
            if result.value is not None:
                triples.append((node, sh("value"), result.value))
            triples += [(node, sh("resultMessage"), m) for m in result.message]
        return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)


def _order(r: ValidationResult) -> tuple[str, str, str, str, str]:
    """A stable order of results: focus, path, component, value, shape."""
    return (
        str(r.focus),
        path_key(r.path) if r.path else "",
        r.component.value,
        str(r.value or ""),
        str(r.source_shape),
    )
