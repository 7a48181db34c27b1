"""Validation: SHACL (pyshacl, RDFS inference over the ontology) plus the ``*-violation.rq`` checks.

Both kinds of check produce the same typed :class:`ValidationResult`, located in the Turtle file and
line where the focus node's block starts, so a reader can jump to the statement that is wrong.
The report conforms when no result has severity ``sh:Violation``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from os import PathLike
from typing import TYPE_CHECKING

from . import queries as saved_queries
from .graph import BASE, PREFIXES, KnowledgeGraph
from .results import shorten
from .ttl.sourcemap import Location, SourceMap

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier

    from .oxgraph import OxigraphGraph
    from .results import QueryResult

SH = PREFIXES["sh"]
VIOLATION = SH + "Violation"
WARNING = SH + "Warning"
INFO = SH + "Info"
#: Where a violation query appears as the "shape" of its results.
QUERY_CHECK_BASE = BASE + "queries/"
SPARQL_COMPONENT = SH + "SPARQLConstraintComponent"
_FOCUS_VARIABLES = ("focus", "focusNode", "node", "fact", "subject", "s", "this")


@dataclass(frozen=True)
class ValidationResult:
    """One defect: which node, which path and value, which constraint said so and where to look."""

    focus_node: "Identifier"
    constraint: str
    severity: str = VIOLATION
    path: "Identifier | None" = None
    value: "Identifier | None" = None
    message: str = ""
    source_shape: "Identifier | None" = None
    location: Location | None = None
    check: str = "shacl"

    @property
    def severity_name(self) -> str:
        """``Violation``, ``Warning`` or ``Info``."""
        return self.severity.rsplit("#", 1)[-1]

    def sort_key(self) -> tuple[str, int, str, str, str]:
        """Order results by file and line, then by node, path and constraint."""
        where = self.location
        return (
            where.path if where else "~",
            where.line if where else 0,
            str(self.focus_node),
            str(self.path or ""),
            self.constraint,
        )


@dataclass
class ValidationReport:
    """Whether the graph conforms, every result, and what was checked."""

    results: list[ValidationResult] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when no result has severity ``sh:Violation``."""
        return not any(r.severity == VIOLATION for r in self.results)

    def count(self, severity: str = VIOLATION) -> int:
        """How many results have ``severity``."""
        return sum(1 for r in self.results if r.severity == severity)


def validate(
    kg: KnowledgeGraph,
    *,
    queries_dir: str | PathLike[str] | None = None,
    run_shacl: bool = True,
    run_queries: bool = True,
) -> ValidationReport:
    """Validate the data of ``kg`` against its shapes and the saved violation checks.

    :raises QuerySyntaxError, ParameterError: a violation check itself is broken.
    """
    report = ValidationReport()
    if run_shacl and len(kg.shapes):
        report.shapes = _shape_names(kg.shapes)
        report.results.extend(_shacl_results(kg))
    if run_queries:
        checks = [q for q in saved_queries.catalogue(queries_dir) if q.is_violation]
        if checks:
            store = _check_store(kg.merged())
            for query in checks:
                report.checks.append(query.name)
                report.results.extend(_query_results(query, store, kg))
    report.results.sort(key=ValidationResult.sort_key)
    return report


def _shape_names(shapes: "Graph") -> list[str]:
    from rdflib import RDF, URIRef

    found = set()
    for kind in ("NodeShape", "PropertyShape"):
        found.update(str(s) for s in shapes.subjects(RDF.type, URIRef(SH + kind)) if isinstance(s, URIRef))
    return sorted(found)


def _shacl_results(kg: KnowledgeGraph) -> list[ValidationResult]:
    import pyshacl

    # The data graph is data + ontology merged here: pyshacl's own ``ont_graph`` mixing clones the
    # ontology node by node and takes minutes on this ontology.
    _conforms, report_graph, _text = pyshacl.validate(
        kg.merged(),
        shacl_graph=kg.merged("shapes"),  # a copy: pyshacl adds triples to the shapes graph it gets
        inference="rdfs",
        abort_on_first=False,
        allow_warnings=True,
        allow_infos=True,
        advanced=True,
    )
    return report_results(report_graph, kg.sourcemap)


def report_results(report_graph: "Graph", sourcemap: "SourceMap") -> list[ValidationResult]:
    """The results of a SHACL validation report graph, located with ``sourcemap``."""
    from rdflib import RDF, URIRef

    sh = lambda local: URIRef(SH + local)  # noqa: E731 - a tiny local helper reads best inline
    results = []
    for node in report_graph.subjects(RDF.type, sh("ValidationResult")):
        focus = report_graph.value(node, sh("focusNode"))
        messages = sorted(str(m) for m in report_graph.objects(node, sh("resultMessage")))
        results.append(
            ValidationResult(
                focus_node=focus,
                constraint=str(report_graph.value(node, sh("sourceConstraintComponent")) or ""),
                severity=str(report_graph.value(node, sh("resultSeverity")) or VIOLATION),
                path=report_graph.value(node, sh("resultPath")),
                value=report_graph.value(node, sh("value")),
                message="; ".join(messages),
                source_shape=report_graph.value(node, sh("sourceShape")),
                location=sourcemap.locate(str(focus)) if focus is not None else None,
            )
        )
    return results


def _check_store(merged: "Graph") -> "OxigraphGraph":
    """Data and ontology in an in-process Oxigraph store, where the checks run.

    rdflib orders a basic graph pattern once, before it knows which variables a join will bind,
    so a check that pairs annotations takes minutes on rdflib at 20k triples and milliseconds on
    Oxigraph; a test shows both engines return the same rows for every check.
    """
    import pyoxigraph as ox

    from .oxgraph import OxigraphGraph, _graph_iri

    store = ox.Store()
    store.load(merged.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode(_graph_iri("data")))
    return OxigraphGraph(store=store)


def _query_results(query: saved_queries.SavedQuery, store: "OxigraphGraph", kg: KnowledgeGraph) -> list[ValidationResult]:
    from .oxgraph import run_query

    return query_results(query, run_query(store, query, graphs=("data",)), kg.sourcemap)


def query_results(query: saved_queries.SavedQuery, result: "QueryResult", sourcemap: "SourceMap") -> list[ValidationResult]:
    """The rows a violation check returned, as results located with ``sourcemap``."""
    from rdflib import URIRef

    if result.boolean is not None:
        rows = [{}] if result.boolean else []
    else:
        rows = result.rows
    found = []
    for row in rows:
        focus = _focus_of(row, result.variables)
        others = [f"{v}={shorten(row[v], PREFIXES)}" for v in result.variables if row.get(v) is not None and row.get(v) != focus]
        message = query.summary or query.name
        if others:
            message += f" ({', '.join(others)})"
        found.append(
            ValidationResult(
                focus_node=focus if focus is not None else URIRef(QUERY_CHECK_BASE + query.name),
                constraint=SPARQL_COMPONENT,
                value=row.get("value"),
                message=message,
                source_shape=URIRef(QUERY_CHECK_BASE + query.name),
                location=sourcemap.locate(str(focus)) if focus is not None else None,
                check=query.name,
            )
        )
    return found


def _focus_of(row: dict[str, "Identifier | None"], variables: list[str]) -> "Identifier | None":
    from rdflib import URIRef

    for name in _FOCUS_VARIABLES:
        if row.get(name) is not None:
            return row[name]
    for name in variables:
        if isinstance(row.get(name), URIRef):
            return row[name]
    return next((row[v] for v in variables if row.get(v) is not None), None)
