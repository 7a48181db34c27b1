"""What every validator shares: the report's two steps, the violation checks, located findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..errors import QueryError
from ..reports.findings import Finding, Locator, Report, Step, located
from ..reports.terms import term_text
from ..shacl import Report as CompiledReport
from ..shacl import SparqlError
from ..store.graph import KnowledgeGraph
from ..vocab import BASE, GRAPHS, QUERY_GRAPHS, SH

if TYPE_CHECKING:
    from ..queries.catalogue import SavedQuery
    from ..queries.results import QueryResult
    from ..ttl.sourcemap import Location

#: The data graph validation sees: the query graphs, by IRI.
DATA_GRAPH_IRIS = [GRAPHS[name] for name in QUERY_GRAPHS]
#: Where a violation query appears as the "shape" of its results.
QUERY_CHECK_BASE = BASE + "queries/"
SPARQL_COMPONENT = SH + "SPARQLConstraintComponent"
SHACL_STEP, QUERIES_STEP = "shacl", "violation-queries"
_FOCUS_VARIABLES = ("focus", "focusNode", "node", "fact", "subject", "s", "this")


@dataclass
class OnDemandSourceMap:
    """Locates nodes with ``kg``'s source map, which the graph builds on first use.

    Reading every Turtle file for positions takes longer than validating the shipped graph; a graph
    that conforms needs no position at all, so nothing asks before a finding does.
    """

    kg: KnowledgeGraph

    def locate(self, iri: str) -> Location | None:
        """Where the first block about ``iri`` starts."""
        return self.kg.sourcemap.locate(iri)


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


def guarded(run: Callable[[], CompiledReport]) -> CompiledReport:
    """Run the compiled validator; its query failures become the package's :class:`QueryError`."""
    try:
        return run()
    except SparqlError as error:
        raise QueryError(f"SHACL validation failed: {str(error).splitlines()[0]}") from None


def violation_checks(store: ox.Store, sourcemap: Locator, queries: Iterable[SavedQuery], step: Step) -> Step:
    """Run the ``*-violation.rq`` checks on an Oxigraph store; their rows become findings of ``step``,
    located with ``sourcemap`` (asked only for a row: an :class:`OnDemandSourceMap` may build nothing)."""
    kg = KnowledgeGraph(store=store)
    for query in queries:
        step.checked.append(query.name)
        step.findings.extend(query_results(query, kg.run_query(query), sourcemap))
    return step


def query_results(query: SavedQuery, result: QueryResult, sourcemap: Locator) -> list[Finding]:
    """The rows a violation check returned, as results located with ``sourcemap`` (asked only for a row)."""
    rows: list[dict[str, Any]] = result.rows
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
                **located(where),
            )
        )
    return found


def _focus_of(row: dict[str, Any], variables: list[str]) -> Any:
    for name in _FOCUS_VARIABLES:
        if row.get(name) is not None:
            return row[name]
    for name in variables:
        if isinstance(row.get(name), ox.NamedNode):
            return row[name]
    return next((row[v] for v in variables if row.get(v) is not None), None)
