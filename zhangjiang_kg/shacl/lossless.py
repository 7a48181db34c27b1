"""sh:datatype results an Oxigraph store invents, taken back using the literals as written.

The store keeps typed literals by value (``"5"^^xsd:nonNegativeInteger`` as ``"5"^^xsd:integer``),
so a compiled sh:datatype test reports a value the file wrote with the right datatype. A result is
dropped when the focus node has, through the result's predicate (or as itself, for a node shape), a
literal written with the shape's datatype that the store holds as the reported value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

import pyoxigraph as ox

from .model import ShapesGraph
from .report import Report, ValidationResult
from .terms import SH

_DATATYPE = SH + "DatatypeConstraintComponent"
_SCRATCH = ox.NamedNode("urn:x-zhangjiang-kg:scratch")


def _stored(literal: ox.Literal) -> ox.Literal | None:
    """The literal as an Oxigraph store gives it back (``None`` if the store refuses it)."""
    store = ox.Store()
    try:
        store.add(ox.Quad(_SCRATCH, _SCRATCH, literal))
    except (ValueError, OSError):
        return None
    found = next(iter(store.quads_for_pattern(None, None, None)), None)
    return found.object if found is not None and isinstance(found.object, ox.Literal) else None


def restore_datatypes(report: Report, shapes: ShapesGraph, written: Callable[[], Iterable[ox.Quad]]) -> Report:
    """``report`` without the sh:datatype results that ``written`` (the quads as in the files) disproves."""
    suspects = [
        r
        for r in report.results
        if r.component.value == _DATATYPE
        and isinstance(r.value, ox.Literal)
        and (r.path is None or isinstance(r.path, ox.NamedNode))
    ]
    if not suspects:
        return report
    wanted = {(r.focus, r.path) for r in suspects}
    subjects = {focus for focus, _p in wanted}
    literals: dict[tuple[object, object], list[ox.Literal]] = {}
    for quad in written():
        pair = (quad.subject, quad.predicate)
        if quad.subject in subjects and isinstance(quad.object, ox.Literal) and pair in wanted:
            literals.setdefault((quad.subject, quad.predicate), []).append(quad.object)

    def disproved(result: ValidationResult) -> bool:
        shape = shapes.shapes.get(str(result.source_shape))
        datatype = shape.first("datatype") if shape is not None else None
        if not isinstance(datatype, ox.NamedNode):
            return False
        if result.path is None:  # a node shape: the focus node is the value
            candidates = [result.focus] if isinstance(result.focus, ox.Literal) else []
        else:
            candidates = literals.get((result.focus, result.path), [])
        return any(c.datatype == datatype and _stored(c) == result.value for c in candidates)

    kept = [r for r in report.results if r not in suspects or not disproved(r)]
    return dataclasses.replace(report, results=kept)
