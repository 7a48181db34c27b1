"""The reference validator: pySHACL with RDFS inference (in a child process), then the violation checks.

The tests compare its findings with the default's.
"""

from __future__ import annotations

import time
from os import PathLike

import pyoxigraph as ox

from ..queries import catalogue as saved_queries
from ..reports.findings import Report
from ..reports.shacl import findings_from_graph
from ..shacl import read_shapes
from ..shacl.isolated import rdflib_graph, run_pyshacl
from ..shacl.terms import RDF_TYPE, sh
from ..store.graph import KnowledgeGraph
from ..vocab import QUERY_GRAPHS
from .report import OnDemandSourceMap, finish, new_report, violation_checks


def validate_pyshacl(
    kg: KnowledgeGraph,
    *,
    queries_dir: str | PathLike[str] | None = None,
    run_shacl: bool = True,
    run_queries: bool = True,
    timeout: float | None = None,
) -> Report:
    """Validate ``kg``'s data against its shapes with pySHACL, and run the saved violation checks.

    ``timeout``: seconds pySHACL may run before its process is stopped (``None``: no limit).

    :raises QuerySyntaxError, ParameterError: a violation check itself is broken.
    :raises InputError: a shape's ``sh:path`` is cyclic, or pySHACL failed (one line).
    :raises NetworkAccessError: a SPARQL constraint calls ``SERVICE``.
    :raises QueryError: pySHACL did not finish within ``timeout``.
    """
    report = new_report()
    shacl, checks = report.step("shacl"), report.step("violation-queries")
    started = time.perf_counter()
    if run_shacl and kg.count("shapes"):
        shapes = list(kg.quads(["shapes"]))
        read_shapes(shapes)  # refuses a cyclic sh:path before pySHACL recurses into it
        shacl.checked = _declared_shapes(shapes)
        # The data graph is data + ontology merged: pySHACL's own ``ont_graph`` mixing clones the
        # ontology node by node and takes minutes on this ontology.
        found = run_pyshacl(kg.quads(QUERY_GRAPHS), shapes, inference="rdfs", timeout=timeout)
        # The shapes as an rdflib graph give blank-node shapes their rule names (node shape and path).
        shacl.findings.extend(findings_from_graph(found, OnDemandSourceMap(kg).locate, rdflib_graph(shapes)))
    shacl.seconds = time.perf_counter() - started
    started = time.perf_counter()
    if run_queries:
        queries = saved_queries.catalogue(queries_dir, violations=True, lazy=True)
        violation_checks(kg.store, OnDemandSourceMap(kg), queries, checks)
    checks.seconds = time.perf_counter() - started
    return finish(report)


def _declared_shapes(shapes: list[ox.Quad]) -> list[str]:
    """The IRIs typed ``sh:NodeShape`` or ``sh:PropertyShape``: what the step says it checked."""
    kinds = (sh("NodeShape"), sh("PropertyShape"))
    return sorted(
        {
            q.subject.value
            for q in shapes
            if q.predicate == RDF_TYPE and q.object in kinds and isinstance(q.subject, ox.NamedNode)
        }
    )
