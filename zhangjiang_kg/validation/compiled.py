"""The default validator: SHACL Core compiled to SPARQL, then the violation checks, on one Oxigraph store."""

from __future__ import annotations

import time
from collections.abc import Callable
from os import PathLike

import pyoxigraph as ox

from ..queries import catalogue as saved_queries
from ..reports.findings import Report, Step
from ..shacl import read_shapes, validate_store
from ..shacl.findings import fill_step
from ..shacl.lossless import restore_datatypes
from ..store.graph import KnowledgeGraph
from ..vocab import QUERY_GRAPHS
from .report import DATA_GRAPH_IRIS, OnDemandSourceMap, finish, guarded, new_report, violation_checks


def compiled_shacl(
    store: ox.Store, kg: KnowledgeGraph, step: Step, on_shape: Callable[[int, int], None] | None = None
) -> Step:
    """Fill the ``shacl`` step with the compiled validator's results on the query graphs of ``store``.

    ``kg`` gives the shapes, locates findings and has the literals as written (the store keeps
    derived datatypes by value: :mod:`zhangjiang_kg.shacl.lossless`).
    """
    shapes = read_shapes(kg.quads(["shapes"]))
    report = guarded(
        lambda: validate_store(store, data_graphs=DATA_GRAPH_IRIS, shapes=shapes, rdfs=True, on_shape=on_shape)
    )
    restored = restore_datatypes(report, shapes, lambda: kg.quads(QUERY_GRAPHS))
    return fill_step(step, restored, shapes, OnDemandSourceMap(kg))


def validate_compiled(
    kg: KnowledgeGraph,
    *,
    queries_dir: str | PathLike[str] | None = None,
    run_shacl: bool = True,
    run_queries: bool = True,
    on_shape: Callable[[int, int], None] | None = None,
) -> Report:
    """Validate ``kg``'s data against its shapes and the saved violation checks, all on ``kg.store``.

    ``on_shape(done, total)`` is called as the shapes are validated (a progress bar moves with it).

    :raises QuerySyntaxError, ParameterError: a violation check itself is broken.
    :raises QueryError: a compiled query failed on the store.
    :raises InputError: a shape's ``sh:path`` is cyclic, or pySHACL (for shapes outside SHACL Core) failed.
    """
    report = new_report()
    started = time.perf_counter()
    if run_shacl and kg.count("shapes"):
        compiled_shacl(kg.store, kg, report.step("shacl"), on_shape)
    report.step("shacl").seconds = time.perf_counter() - started
    started = time.perf_counter()
    if run_queries:
        checks = saved_queries.catalogue(queries_dir, violations=True, lazy=True)
        violation_checks(kg.store, OnDemandSourceMap(kg), checks, report.step("violation-queries"))
    report.step("violation-queries").seconds = time.perf_counter() - started
    return finish(report)
