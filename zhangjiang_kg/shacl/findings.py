"""The compiled validator's report as findings of the one findings model, so every renderer works.

This is the single place a :class:`~zhangjiang_kg.shacl.report.Report` becomes
:class:`~zhangjiang_kg.reports.findings.Finding` objects: the terms are pyoxigraph's on both sides
and stay as they are, and so do the paths (both hold the one model of
:mod:`zhangjiang_kg.reports.paths`); blank-node shapes get
the rule name pySHACL's path gives them (node shape and path); delegated shapes, shape-graph errors
and store notes go into the step's note, so nothing is skipped without saying so. Results are
located only when there are results: the source map of the Turtle files is built on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..reports.findings import Finding, Locator, Step
from ..reports.terms import term_text
from ..vocab import curie
from .model import ShapesGraph
from .report import Report, ValidationResult

if TYPE_CHECKING:
    from ..ttl.sourcemap import Location


def rule_of(shape: Any, shapes: ShapesGraph) -> str:
    """A shape's rule name: its prefixed name; for a blank property shape, its node shape and path."""

    if not isinstance(shape, ox.BlankNode):
        return curie(str(shape.value)) if isinstance(shape, ox.NamedNode) else "shacl"
    found = shapes.shapes.get(str(shape))
    for owner in shapes.shapes.values():
        if found is not None and found.path is not None and shape in owner.params.get("property", []):
            return f"{rule_of(owner.node, shapes)} {term_text(found.path)}"
    return "shacl"


def finding_of(result: ValidationResult, shapes: ShapesGraph, sourcemap: Locator | None = None) -> Finding:
    """One ``sh:ValidationResult`` as a finding of the ``shacl`` step, located where it is written.

    The result's own location is kept; without one, ``sourcemap`` is asked for its focus node.
    """
    where: Location | None = result.location
    if where is None and sourcemap is not None and isinstance(result.focus, ox.NamedNode):
        where = sourcemap.locate(result.focus.value)
    return Finding(
        rule=rule_of(result.source_shape, shapes),
        message="; ".join(sorted(m.value for m in result.message)),
        severity=result.severity.value,
        focus_node=result.focus,
        path=result.path,
        value=result.value,
        constraint=result.component.value,
        source_shape=result.source_shape,
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


def fill_step(step: Step, report: Report, shapes: ShapesGraph, sourcemap: Locator | None = None) -> Step:
    """Put the compiled report's results into ``step`` (located with ``sourcemap``), and say what
    went to pySHACL and why."""
    step.checked = shape_names(shapes)
    step.findings.extend(finding_of(r, shapes, sourcemap) for r in report.results)
    said = [f"{len(step.checked)} shape(s) compiled to SPARQL ({report.queries} queries)"]
    said += [f"handed to pySHACL: {_shape_text(d.shape)} ({d.reason})" for d in report.delegated]
    said += [f"shapes graph: {e}" for e in report.shape_errors]
    said += report.notes
    step.note = "; ".join(said)
    return step
