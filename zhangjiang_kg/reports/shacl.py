"""SHACL validation report graphs (``sh:ValidationReport``): read into findings, and written from them.

Both directions sit on rdflib, imported when called. Reading takes only the top-level results:
those under ``sh:detail`` explain their parent and are not results of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..rdfio.terms import to_oxigraph, to_rdflib
from ..vocab import PREFIXES, SH, curie
from .findings import VIOLATION, Finding, Report, located
from .paths import PathError, read_rdflib_path, write_rdflib_path
from .terms import term_text

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from ..ttl.sourcemap import Location

#: Where each result of a written report lives: ``<REPORT_IRI>:result-1``, ``-2``...
REPORT_IRI = "urn:zhangjiang-kg:validation-report"


def top_level_results(report_graph: Graph) -> list[Node]:
    """The result nodes of the report(s) in ``report_graph``, without the ``sh:detail`` ones."""
    from rdflib import RDF, URIRef  # rdflib only where pySHACL is used: the CLI starts without it

    reports = list(report_graph.subjects(RDF.type, URIRef(SH + "ValidationReport")))
    if reports:
        return [r for report in reports for r in report_graph.objects(report, URIRef(SH + "result"))]
    details = set(report_graph.objects(None, URIRef(SH + "detail")))
    return [r for r in report_graph.subjects(RDF.type, URIRef(SH + "ValidationResult")) if r not in details]


def shape_rule(shape: Node | None, shapes: Graph | None = None) -> str:
    """A rule name for a shape: its prefixed name; for a blank property shape, its node shape and path."""
    from rdflib import BNode, URIRef  # rdflib only where pySHACL is used: the CLI starts without it

    if shape is None:
        return "shacl"
    if not isinstance(shape, BNode):
        return curie(str(shape))
    if shapes is not None:
        owner = shapes.value(predicate=URIRef(SH + "property"), object=shape)
        path = shapes.value(shape, URIRef(SH + "path"))
        if owner is not None and path is not None:
            return f"{shape_rule(owner, shapes)} {term_text(path_or_term(shapes, path))}"
    return "shacl"


def path_or_term(graph: Graph, node: Node) -> Any:
    """The SHACL path at ``node`` of ``graph``; a node that is no path (malformed input) as the term it is."""
    try:
        return read_rdflib_path(graph, node)
    except PathError:
        return to_oxigraph(node)


def findings_from_graph(
    report_graph: Graph,
    locate: Callable[[str], Location | None],
    shapes: Graph | None = None,
) -> list[Finding]:
    """The top-level results of a SHACL report graph as findings of the ``shacl`` step.

    ``locate`` finds where a focus node is written; ``shapes`` names blank-node shapes.
    """
    from rdflib import URIRef  # rdflib only where pySHACL is used: the CLI starts without it

    def value(node: Node, local: str) -> Node | None:
        return report_graph.value(node, URIRef(SH + local))

    def term(node: Node | None) -> Any:
        return None if node is None else to_oxigraph(node)

    found = []
    for node in top_level_results(report_graph):
        focus = value(node, "focusNode")
        shape = value(node, "sourceShape")
        path = value(node, "resultPath")
        where = locate(str(focus)) if isinstance(focus, URIRef) else None
        found.append(
            Finding(
                rule=shape_rule(shape, shapes),
                message="; ".join(sorted(str(m) for m in report_graph.objects(node, URIRef(SH + "resultMessage")))),
                severity=str(value(node, "resultSeverity") or VIOLATION),
                focus_node=term(focus),
                path=None if path is None else path_or_term(report_graph, path),
                value=term(value(node, "value")),
                constraint=str(value(node, "sourceConstraintComponent") or ""),
                source_shape=term(shape),
                **located(where),
            )
        )
    return found


def to_turtle(report: Report) -> str:
    """A SHACL validation report (``sh:ValidationReport``) of the findings that are SHACL results.

    Findings that are not about a node (a file that does not parse, a query that does not run)
    have no place in it. Result nodes are numbered in order, so the same report gives the same text.
    """
    from rdflib import RDF, Graph, Literal, URIRef  # rdflib only where pySHACL is used: the CLI starts without it

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)

    def sh(local: str) -> URIRef:
        return URIRef(SH + local)

    root = URIRef(REPORT_IRI)
    graph.add((root, RDF.type, sh("ValidationReport")))
    graph.add((root, sh("conforms"), Literal(report.conforms)))
    results = [f for f in report.findings if f.is_shacl_result]
    for number, finding in enumerate(results, start=1):
        node = URIRef(f"{REPORT_IRI}:result-{number}")
        graph.add((root, sh("result"), node))
        graph.add((node, RDF.type, sh("ValidationResult")))
        graph.add((node, sh("focusNode"), _rdflib(finding.focus_node)))
        graph.add((node, sh("resultSeverity"), URIRef(finding.severity)))
        graph.add((node, sh("sourceConstraintComponent"), URIRef(finding.constraint or "")))
        if finding.path is not None:
            graph.add((node, sh("resultPath"), write_rdflib_path(graph, finding.path)))
        if finding.value is not None:
            graph.add((node, sh("value"), _rdflib(finding.value)))
        if finding.source_shape is not None:
            graph.add((node, sh("sourceShape"), _rdflib(finding.source_shape)))
        if finding.message:
            graph.add((node, sh("resultMessage"), Literal(finding.message)))
    return graph.serialize(format="turtle")


def _rdflib(term: Any) -> Any:
    """A finding's pyoxigraph term as rdflib's; an rdflib term (an endpoint's odd IRI) as it is."""
    return to_rdflib(term) if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else term
