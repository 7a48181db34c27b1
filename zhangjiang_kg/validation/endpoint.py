"""The endpoint validator: the compiled queries and the violation checks on a SPARQL endpoint, in place."""

from __future__ import annotations

import time
from collections.abc import Iterable
from os import PathLike

from .. import resources
from ..queries import catalogue as saved_queries
from ..rdfio.formats import format_of
from ..rdfio.parse import PathArg, expand_paths, read_quads
from ..remote.http import check_endpoint_url
from ..remote.sparql import run_saved
from ..reports.findings import Report
from ..shacl import read_shapes
from ..shacl import validate_endpoint as compiled_on_endpoint
from ..shacl.findings import fill_step
from ..ttl.sourcemap import SourceMap
from .report import DATA_GRAPH_IRIS, finish, guarded, new_report, query_results


def validate_endpoint(
    endpoint: str,
    *,
    shapes: Iterable[PathArg] | None = None,
    located_in: Iterable[PathArg] | None = None,
    queries_dir: str | PathLike[str] | None = None,
    timeout: float = 300.0,
    allow_network: bool = False,
) -> Report:
    """Validate the query graphs ``zjkg load`` wrote to a SPARQL endpoint, where they are: only rows travel.

    ``shapes`` and ``located_in`` (the Turtle files that locate focus nodes) are local files (``None``:
    the packaged ones). Credentials come from ``ZJKG_USER``/``ZJKG_PASSWORD``, as for ``zjkg load``.

    :raises InputError: ``endpoint`` is not an http(s) URL, or a file cannot be read.
    :raises QueryError: the endpoint rejected or failed a query.
    """
    check_endpoint_url(endpoint)
    files = resources.shapes_files() if shapes is None else expand_paths(shapes)
    graph = read_shapes(q for path in files for q in read_quads(path, allow_network=allow_network))
    sourcemap = SourceMap()
    local = resources.data_files() + resources.ontology_files() if located_in is None else expand_paths(located_in)
    for path in local:
        sourcemap.add_file(path, syntax=format_of(path))
    report = new_report()
    started = time.perf_counter()
    if graph.shapes:
        compiled = guarded(
            lambda: compiled_on_endpoint(
                endpoint, data_graphs=DATA_GRAPH_IRIS, shapes=graph, rdfs=True, sourcemap=sourcemap, timeout=timeout
            )
        )
        fill_step(report.step("shacl"), compiled, graph)
    report.step("shacl").seconds = time.perf_counter() - started
    started = time.perf_counter()
    checks = report.step("violation-queries")
    for query in saved_queries.catalogue(queries_dir):
        if query.is_violation:
            checks.checked.append(query.name)
            result = run_saved(endpoint, query, timeout=timeout, allow_network=allow_network)
            checks.findings.extend(query_results(query, result, sourcemap))
    checks.seconds = time.perf_counter() - started
    return finish(report)
