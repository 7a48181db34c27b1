"""Shapes this engine does not validate itself go to pySHACL (SHACL-SPARQL, SHACL-AF, recursion).

pySHACL needs the data in memory, so the data graph is read from the runner (from an endpoint that
means downloading it; the report names every delegated shape, so the caller knows why).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..rdfio.terms import to_oxigraph, to_rdflib
from ..reports.paths import PathError, read_rdflib_path
from .isolated import run_pyshacl
from .model import ShapesGraph
from .report import ValidationResult
from .run import SparqlRunner
from .terms import RDF_TYPE, SH, sh

if TYPE_CHECKING:
    from ..reports.paths import PathValue


def validate_with_pyshacl(
    runner: SparqlRunner, shapes: ShapesGraph, triples: Iterable[ox.Triple], keys: set[str], *, rdfs: bool
) -> list[ValidationResult]:
    """Results pySHACL finds for the shapes ``keys`` (and the shapes they use).

    :raises NetworkAccessError, InputError: as :func:`~.isolated.run_pyshacl`.
    """
    rows = runner.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    data = (ox.Triple(r["s"], r["p"], r["o"]) for r in rows)  # type: ignore[arg-type]
    report = run_pyshacl(data, triples, inference="rdfs" if rdfs else "none")
    found = []
    for node in report.subjects(to_rdflib(RDF_TYPE), to_rdflib(sh("ValidationResult"))):

        def value(local: str, node: Any = node) -> Any:
            return report.value(node, to_rdflib(sh(local)))

        source = value("sourceShape")
        if source is None or str(to_oxigraph(source)) not in keys:
            continue
        found.append(
            ValidationResult(
                focus=to_oxigraph(value("focusNode")),
                component=ox.NamedNode(str(value("sourceConstraintComponent"))),
                source_shape=to_oxigraph(source),
                severity=ox.NamedNode(str(value("resultSeverity") or SH + "Violation")),
                path=_path(report, value("resultPath")),
                value=to_oxigraph(value("value")) if value("value") is not None else None,
                message=tuple(to_oxigraph(m) for m in report.objects(node, to_rdflib(sh("resultMessage")))),
            )
        )
    return found


def _path(report: Any, node: Any) -> PathValue | None:
    if node is None:
        return None
    try:
        return read_rdflib_path(report, node)
    except PathError:
        return None
