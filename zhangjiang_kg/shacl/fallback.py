"""Shapes this engine does not validate itself go to pySHACL (SHACL-SPARQL, SHACL-AF, recursion).

Only here are rdflib and pySHACL imported. pySHACL needs the data in memory, so the data graph is
read from the runner (for an endpoint that means downloading it: the report names every delegated
shape, so the caller knows why).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..reports.paths import PathError, read_rdflib_path
from .model import ShapesGraph
from .report import ValidationResult
from .run import SparqlRunner
from .terms import SH, Term, sh

if TYPE_CHECKING:
    from ..reports.paths import PathValue


def _to_rdflib(term: Any) -> Any:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _from_rdflib(term: Any) -> Term:
    from rdflib import BNode, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def validate_with_pyshacl(
    runner: SparqlRunner, shapes: ShapesGraph, triples: Iterable[ox.Triple], keys: set[str], *, rdfs: bool
) -> list[ValidationResult]:
    """Results pySHACL finds for the shapes ``keys`` (and the shapes they use)."""
    import pyshacl
    from rdflib import Graph

    data, shapes_graph = Graph(), Graph()
    for row in runner.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"):
        data.add((_to_rdflib(row["s"]), _to_rdflib(row["p"]), _to_rdflib(row["o"])))
    for t in triples:
        shapes_graph.add((_to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object)))
    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph,
        inference="rdfs" if rdfs else "none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
        inplace=True,
    )
    found = []
    rdf_type = _to_rdflib(ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"))
    for node in report.subjects(rdf_type, _to_rdflib(sh("ValidationResult"))):

        def value(local: str, node: Any = node) -> Any:
            return report.value(node, _to_rdflib(sh(local)))

        source = value("sourceShape")
        if source is None or str(_from_rdflib(source)) not in keys:
            continue
        found.append(
            ValidationResult(
                focus=_from_rdflib(value("focusNode")),
                component=ox.NamedNode(str(value("sourceConstraintComponent"))),
                source_shape=_from_rdflib(source),
                severity=ox.NamedNode(str(value("resultSeverity") or SH + "Violation")),
                path=_path(report, value("resultPath")),
                value=_from_rdflib(value("value")) if value("value") is not None else None,
                message=tuple(_from_rdflib(m) for m in report.objects(node, _to_rdflib(sh("resultMessage")))),  # type: ignore[misc]
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
