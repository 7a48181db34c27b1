"""The reference validation: SHACL (pyshacl, RDFS inference over the ontology) plus the ``*-violation.rq`` checks.

``zjkg validate --engine pyshacl`` runs this; the default is the compiled validator of
:func:`zhangjiang_kg.checks.fastvalidate.validate_sparql`, which gives the same findings.

Both kinds of check produce :class:`~zhangjiang_kg.reports.findings.Finding` objects in the steps
``shacl`` and ``violation-queries`` of one :class:`~zhangjiang_kg.reports.findings.Report`, each
located in the Turtle file and line where the focus node's block starts, so a reader can jump to
the statement that is wrong. ``ValidationReport`` and ``ValidationResult``, the names this module
always exported, are that report and that finding. pySHACL's rdflib terms become the findings'
pyoxigraph terms in :func:`~zhangjiang_kg.reports.shacl.findings_from_graph`; the violation
checks run on Oxigraph and give pyoxigraph terms (:func:`query_results` is shared with the default path).
"""

from __future__ import annotations

import time
from os import PathLike
from typing import TYPE_CHECKING, Any

from ..queries import catalogue as saved_queries
from ..reports.findings import INFO, VIOLATION, WARNING, Finding, Locator, Report, Step
from ..reports.shacl import findings_from_graph
from ..reports.terms import term_text
from ..vocab import BASE, SH

if TYPE_CHECKING:
    from rdflib import Graph

    from ..queries.results import QueryResult
    from ..store.graph import KnowledgeGraph
    from ..store.rdflib_view import RdflibView
    from ..ttl.sourcemap import SourceMap

#: The public names of the findings model, kept for callers of ``zhangjiang_kg.ValidationResult``.
ValidationResult = Finding
ValidationReport = Report
#: Where a violation query appears as the "shape" of its results.
QUERY_CHECK_BASE = BASE + "queries/"
SPARQL_COMPONENT = SH + "SPARQLConstraintComponent"
SHACL_STEP, QUERIES_STEP = "shacl", "violation-queries"
#: Severities, as this module always exported them.
SEVERITIES = (VIOLATION, WARNING, INFO)
_FOCUS_VARIABLES = ("focus", "focusNode", "node", "fact", "subject", "s", "this")


def new_report() -> Report:
    """An empty validation report: the steps ``shacl`` and ``violation-queries``, nothing found yet."""
    return Report(steps=[Step(SHACL_STEP), Step(QUERIES_STEP)], command="validate")


def finish(report: Report) -> Report:
    """Mark the steps that checked nothing as skipped, saying why; returns ``report``."""
    for step in report.steps:
        if not step.checked and not step.findings:
            step.skipped = True
            step.note = step.note or ("no SHACL shapes" if step.name == SHACL_STEP else "no violation queries")
        elif not step.note:
            kind = "shape(s)" if step.name == SHACL_STEP else "quer(ies)"
            step.note = f"{len(step.checked)} {kind}"
    return report


def validate(
    kg: KnowledgeGraph,
    *,
    queries_dir: str | PathLike[str] | None = None,
    run_shacl: bool = True,
    run_queries: bool = True,
) -> Report:
    """Validate the data of ``kg`` against its shapes and the saved violation checks.

    :raises QuerySyntaxError, ParameterError: a violation check itself is broken.
    """
    from ..store.rdflib_view import RdflibView

    report = new_report()
    shacl, checks = report.step(SHACL_STEP), report.step(QUERIES_STEP)
    started = time.perf_counter()
    if run_shacl and kg.count("shapes"):
        view = RdflibView(kg)
        shacl.checked = _shape_names(view.shapes)
        shacl.findings.extend(_shacl_results(view))
    shacl.seconds = time.perf_counter() - started
    started = time.perf_counter()
    if run_queries:
        queries = [q for q in saved_queries.catalogue(queries_dir) if q.is_violation]
        for query in queries:
            checks.checked.append(query.name)
            checks.findings.extend(query_results(query, kg.run_query(query), kg.sourcemap))
    checks.seconds = time.perf_counter() - started
    return finish(report)


def _shape_names(shapes: Graph) -> list[str]:
    from rdflib import RDF, URIRef

    found: set[str] = set()
    for kind in ("NodeShape", "PropertyShape"):
        found.update(str(s) for s in shapes.subjects(RDF.type, URIRef(SH + kind)) if isinstance(s, URIRef))
    return sorted(found)


def _shacl_results(kg: RdflibView) -> list[Finding]:
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
    return report_results(report_graph, kg.sourcemap, kg.shapes)


def report_results(report_graph: Graph, sourcemap: SourceMap, shapes: Graph | None = None) -> list[Finding]:
    """The top-level results of a SHACL validation report graph, located with ``sourcemap``.

    ``shapes`` gives blank-node shapes a readable rule name (their node shape and path).
    """
    return findings_from_graph(report_graph, sourcemap.locate, shapes)


def query_results(query: saved_queries.SavedQuery, result: QueryResult, sourcemap: Locator) -> list[Finding]:
    """The rows a violation check returned, as results located with ``sourcemap`` (asked only for a row)."""
    import pyoxigraph as ox

    rows: list[dict[str, Any]] = result.terms
    if result.boolean is not None:  # an ASK check: true is one finding without a row
        rows = [{}] if result.boolean else []
    found = []
    shape = ox.NamedNode(QUERY_CHECK_BASE + query.name)
    for row in rows:
        focus = _focus_of(row, result.variables)
        others = [f"{v}={term_text(row[v])}" for v in result.variables if row.get(v) not in (None, focus)]
        message = query.summary or query.name
        if others:
            message += f" ({', '.join(others)})"
        where = sourcemap.locate(focus.value) if isinstance(focus, ox.NamedNode) else None
        found.append(
            Finding(
                rule=query.name,
                message=message,
                step=QUERIES_STEP,
                focus_node=focus if focus is not None else shape,
                value=row.get("value"),
                constraint=SPARQL_COMPONENT,
                source_shape=shape,
                file=where.path if where else None,
                line=where.line if where else None,
                column=where.column if where else None,
            )
        )
    return found


def _focus_of(row: dict[str, Any], variables: list[str]) -> Any:
    import pyoxigraph as ox

    for name in _FOCUS_VARIABLES:
        if row.get(name) is not None:
            return row[name]
    for name in variables:
        if isinstance(row.get(name), ox.NamedNode):
            return row[name]
    return next((row[v] for v in variables if row.get(v) is not None), None)
