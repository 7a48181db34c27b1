"""The compiled validator's report as findings of the one findings model, so every renderer works.

Delegated shapes, shape-graph errors and store notes go into the step's note, so nothing is
skipped without saying so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..reports.findings import Finding, Locator, Step, located
from ..reports.terms import term_text
from ..vocab import curie
from .model import ShapesGraph
from .report import Report, ValidationResult

if TYPE_CHECKING:
    from ..ttl.sourcemap import Location


def rule_of(shape: Any, shapes: ShapesGraph) -> str:
    """A shape's rule name: its prefixed name; for a blank property shape, its node shape and path
    (as pySHACL's path names it)."""
    if not isinstance(shape, ox.BlankNode):
        return curie(str(shape.value)) if isinstance(shape, ox.NamedNode) else "shacl"
    found = shapes.shapes.get(str(shape))
    if found is None or found.path is None or not found.parents:
        return "shacl"
    return f"{rule_of(found.parents[0].node, shapes)} {term_text(found.path)}"


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
        **located(where),
    )


def fill_step(step: Step, report: Report, shapes: ShapesGraph, sourcemap: Locator | None = None) -> Step:
    """Put the compiled report's results into ``step`` (located with ``sourcemap``), and say what
    went to pySHACL and why."""
    # The named shapes, as the pySHACL path lists them.
    step.checked = sorted(s.node.value for s in shapes.shapes.values() if isinstance(s.node, ox.NamedNode))
    step.findings.extend(finding_of(r, shapes, sourcemap) for r in report.results)
    said = [f"{len(step.checked)} shape(s) compiled to SPARQL ({report.queries} queries)"]
    said += [
        f"handed to pySHACL: {curie(d.shape[1:-1]) if d.shape.startswith('<') else 'a blank-node shape'} ({d.reason})"
        for d in report.delegated
    ]
    said += [f"shapes graph: {e}" for e in report.shape_errors]
    said += report.notes
    step.note = "; ".join(said)
    return step
