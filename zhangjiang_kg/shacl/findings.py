"""The compiled validator's report as findings of the one findings model, so every renderer works.

This is the single place a :class:`~zhangjiang_kg.shacl.report.Report` becomes
:class:`~zhangjiang_kg.reports.findings.Finding` objects: terms turn into the rdflib terms the
renderers read, paths into rdflib paths, blank-node shapes get the rule name pySHACL's path gives
them (node shape and path), and delegated shapes, shape-graph errors and store notes go into the
step's note, so nothing is skipped without saying so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..reports.findings import Finding, Step
from ..vocab import curie
from .model import ShapesGraph
from .paths import Path
from .report import Report, ValidationResult

if TYPE_CHECKING:
    from ..ttl.sourcemap import Location

_REPEATS = {"zeroOrMore": "*", "oneOrMore": "+", "zeroOrOne": "?"}


def rdflib_path(path: Path) -> Any:
    """A compiled-validator path as the rdflib path (or IRI) the renderers print and compare."""
    from rdflib import URIRef
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    if path.kind == "predicate":
        assert path.predicate is not None
        return URIRef(path.predicate.value)
    parts = [rdflib_path(item) for item in path.items]
    if path.kind == "inverse":
        return InvPath(parts[0])
    if path.kind == "sequence":
        return SequencePath(*parts)
    if path.kind == "alternative":
        return AlternativePath(*parts)
    return MulPath(parts[0], _REPEATS[path.kind])  # type: ignore[arg-type]


def rule_of(shape: Any, shapes: ShapesGraph) -> str:
    """A shape's rule name: its prefixed name; for a blank property shape, its node shape and path."""
    from ..reports.terms import term_text

    if not isinstance(shape, ox.BlankNode):
        return curie(str(shape.value)) if isinstance(shape, ox.NamedNode) else "shacl"
    found = shapes.shapes.get(str(shape))
    for owner in shapes.shapes.values():
        if found is not None and found.path is not None and shape in owner.params.get("property", []):
            return f"{rule_of(owner.node, shapes)} {term_text(rdflib_path(found.path))}"
    return "shacl"


def finding_of(result: ValidationResult, shapes: ShapesGraph) -> Finding:
    """One ``sh:ValidationResult`` as a finding of the ``shacl`` step, located where it is written."""
    from ..rdfio.terms import to_rdflib

    where: Location | None = result.location
    return Finding(
        rule=rule_of(result.source_shape, shapes),
        message="; ".join(sorted(m.value for m in result.message)),
        severity=result.severity.value,
        focus_node=to_rdflib(result.focus),  # type: ignore[arg-type]
        path=None if result.path is None else rdflib_path(result.path),
        value=None if result.value is None else to_rdflib(result.value),  # type: ignore[arg-type]
        constraint=result.component.value,
        source_shape=to_rdflib(result.source_shape),  # type: ignore[arg-type]
        file=where.path if where else None,
        line=where.line if where else None,
        column=where.column if where else None,
    )


def shape_names(shapes: ShapesGraph) -> list[str]:
    """The named shapes (IRIs) the step checked, as the pySHACL path lists them."""
    return sorted(shape.node.value for shape in shapes.shapes.values() if isinstance(shape.node, ox.NamedNode))


def _shape_text(key: str) -> str:
    """A shape key (``<iri>`` or ``_:label``) as people read it."""
    return curie(key[1:-1]) if key.startswith("<") else "a blank-node shape"


def fill_step(step: Step, report: Report, shapes: ShapesGraph) -> Step:
    """Put the compiled report's results into ``step``, and say what went to pySHACL and why."""
    step.checked = shape_names(shapes)
    step.findings.extend(finding_of(r, shapes) for r in report.results)
    said = [f"{len(step.checked)} shape(s) compiled to SPARQL ({report.queries} queries)"]
    said += [f"handed to pySHACL: {_shape_text(d.shape)} ({d.reason})" for d in report.delegated]
    said += [f"shapes graph: {e}" for e in report.shape_errors]
    said += report.notes
    step.note = "; ".join(said)
    return step
