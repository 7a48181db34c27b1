"""Validation on Oxigraph: the default (SHACL compiled to SPARQL), on an endpoint, and the type closure.

:func:`validate_sparql` is what ``zjkg validate`` and ``zjkg check`` run by default: the compiled
validator of :mod:`zhangjiang_kg.shacl` and the ``*-violation.rq`` checks on one Oxigraph store;
:func:`validate_remote` runs both on a SPARQL endpoint. :func:`validate_fast`, below, is the
earlier path (materialise types in Oxigraph, then pySHACL without inference), kept for the library.

The reference (:func:`zhangjiang_kg.checks.validate.validate`) asks pySHACL for full RDFS inference, which
computes the whole RDFS closure in Python and dominates the time on big graphs. What the shapes
need from RDFS is only *which nodes have which types*: ``sh:targetClass`` and ``sh:class`` must see
a ``zjo:MonetaryFigure`` as a ``zjo:Figure``, a node with a ``zjo:figureOf`` as a ``zjo:Figure``
(``rdfs:domain``), the object of a ``zjo:status`` as a ``zjo:Status`` (``rdfs:range``). No shape
follows a super-property path, but ``rdfs:subPropertyOf`` feeds ``rdfs:domain`` / ``rdfs:range``,
so it is applied first. Here Oxigraph computes exactly that, with four SPARQL updates into a
separate named graph:

1. ``?s ?q ?o`` for every ``?s ?p ?o`` with ``?p rdfs:subPropertyOf+ ?q``;
2. ``?s a ?d`` for ``?p rdfs:domain ?d``;
3. ``?o a ?r`` for ``?p rdfs:range ?r`` when ``?o`` is not a literal;
4. ``?s a ?super`` for ``?s a ?c`` and ``?c rdfs:subClassOf+ ?super``.

The data, the ontology and these triples are then validated by pySHACL with ``inference="none"``,
and the ``*-violation.rq`` checks run on Oxigraph. The findings are the reference's (same focus
nodes, paths and constraint components: ``tests/test_fastvalidate.py`` proves it on a grown graph
with seeded violations). RDFS's other consequences (``rdfs:Resource``, ``rdf:Property``,
``rdfs:Class`` typing) are not materialised: no shape targets those classes; a shape that did
would need them added here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from os import PathLike
from typing import TYPE_CHECKING

from ..rdfio.formats import format_of
from ..rdfio.parse import PathArg, expand_paths, read_quads
from ..vocab import GRAPH_INFERRED, GRAPHS, QUERY_GRAPHS
from ..vocab import RDFS as _RDFS

if TYPE_CHECKING:
    import pyoxigraph as ox

    from ..engines import Engine
    from ..engines.oxigraph_engine import OxigraphGraph
    from ..queries.catalogue import SavedQuery
    from ..reports.findings import Locator, Step
    from ..shacl import Report as CompiledReport
    from ..ttl.sourcemap import Location
    from .validate import ValidationReport

#: The data graph validation sees: the query graphs, by IRI.
DATA_GRAPH_IRIS = [GRAPHS[name] for name in QUERY_GRAPHS]

_USING = "".join(f"USING <{iri}> " for iri in (*(GRAPHS[name] for name in QUERY_GRAPHS), GRAPH_INFERRED))
#: The closure, in order: sub-properties feed domains and ranges, which feed the class hierarchy.
CLOSURE_UPDATES = (
    f"INSERT {{ GRAPH <{GRAPH_INFERRED}> {{ ?s ?q ?o }} }} {_USING}"
    f"WHERE {{ ?p <{_RDFS}subPropertyOf>+ ?q . ?s ?p ?o FILTER(?p != ?q) }}",
    f"INSERT {{ GRAPH <{GRAPH_INFERRED}> {{ ?s a ?d }} }} {_USING}WHERE {{ ?p <{_RDFS}domain> ?d . ?s ?p ?o }}",
    f"INSERT {{ GRAPH <{GRAPH_INFERRED}> {{ ?o a ?r }} }} {_USING}"
    f"WHERE {{ ?p <{_RDFS}range> ?r . ?s ?p ?o FILTER(!isLiteral(?o)) }}",
    f"INSERT {{ GRAPH <{GRAPH_INFERRED}> {{ ?s a ?super }} }} {_USING}"
    f"WHERE {{ ?c <{_RDFS}subClassOf>+ ?super . ?s a ?c FILTER(?c != ?super) }}",
)


@dataclass
class OnDemandSourceMap:
    """Locates nodes with ``kg``'s source map, which an Oxigraph engine builds on first use.

    Reading every Turtle file for positions takes longer than validating the shipped graph; a graph
    that conforms needs no position at all, so nothing asks before a finding does.
    """

    kg: Engine

    def locate(self, iri: str) -> Location | None:
        """Where the first block about ``iri`` starts."""
        return self.kg.sourcemap.locate(iri)


def materialise_types(kg: Engine) -> int:
    """Write the type closure of data + ontology into the ``inferred`` graph; returns its size.

    Triples already stated are not repeated (the closure is computed against the union).
    """
    kg.update(f"CLEAR SILENT GRAPH <{GRAPH_INFERRED}>")
    for update in CLOSURE_UPDATES:
        kg.update(update)
    # Drop what data or ontology already say, so the merged rdflib graph holds each triple once.
    kg.update(
        f"DELETE {{ GRAPH <{GRAPH_INFERRED}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{GRAPH_INFERRED}> {{ ?s ?p ?o }} "
        f"{{ GRAPH <{GRAPHS['data']}> {{ ?s ?p ?o }} }} UNION {{ GRAPH <{GRAPHS['background']}> {{ ?s ?p ?o }} }} "
        f"UNION {{ GRAPH <{GRAPHS['ontology']}> {{ ?s ?p ?o }} }} }}"
    )
    return kg.count("inferred")


def validate_engine(kg: Engine, *, queries_dir: str | PathLike[str] | None = None) -> ValidationReport:
    """Validate on whichever engine the graph is in: the reference on rdflib, the compiled validator on Oxigraph."""
    from ..engines import KnowledgeGraph
    from .validate import validate

    if isinstance(kg, KnowledgeGraph):
        return validate(kg, queries_dir=queries_dir)
    return validate_sparql(kg, queries_dir=queries_dir)  # type: ignore[arg-type]


def validate_fast(
    kg: Engine,
    *,
    queries_dir: str | PathLike[str] | None = None,
    run_shacl: bool = True,
    run_queries: bool = True,
) -> ValidationReport:
    """Validate an Oxigraph-loaded graph with RDFS semantics for targets and classes.

    Gives the same :class:`~zhangjiang_kg.checks.validate.ValidationReport` as the reference
    :func:`zhangjiang_kg.checks.validate.validate`, results located in the Turtle files that were loaded.

    :raises QuerySyntaxError, ParameterError: a violation check itself is broken.
    """
    from ..engines.copy import copy_quads
    from ..engines.rdflib_engine import new_graph
    from ..queries import catalogue as saved_queries
    from .validate import _shape_names, finish, new_report, query_results, report_results

    report = new_report()
    sourcemap = kg.sourcemap
    if run_shacl and kg.count("shapes"):
        import pyshacl

        shapes = copy_quads(kg.quads(["shapes"]), new_graph())
        report.step("shacl").checked = _shape_names(shapes)
        materialise_types(kg)
        data = copy_quads(kg.quads([*QUERY_GRAPHS, "inferred"]), new_graph())
        _conforms, report_graph, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            inplace=True,  # the graph is ours: no copy of a million triples
            abort_on_first=False,
            allow_warnings=True,
            allow_infos=True,
            advanced=True,
        )
        del data
        report.step("shacl").findings.extend(report_results(report_graph, sourcemap, shapes))
    if run_queries:
        for query in saved_queries.catalogue(queries_dir):
            if not query.is_violation:
                continue
            report.step("violation-queries").checked.append(query.name)
            report.step("violation-queries").findings.extend(query_results(query, kg.run_query(query), sourcemap))
    return finish(report)


def validate_paths(
    data: Iterable[PathArg] | None = None,
    *,
    ontology: Iterable[PathArg] | None = None,
    shapes: Iterable[PathArg] | None = None,
    queries_dir: str | PathLike[str] | None = None,
    store_path: PathArg | None = None,
) -> ValidationReport:
    """Load the files into Oxigraph (``None`` means the packaged ones) and :func:`validate_fast` them.

    :raises RdfSyntaxError, InputError, StoreError: as :func:`zhangjiang_kg.engines.oxigraph_engine.load`.
    """
    from ..engines import oxigraph_engine

    kg = oxigraph_engine.load(data, ontology=ontology, shapes=shapes, path=store_path)
    return validate_fast(kg, queries_dir=queries_dir)


def compiled_shacl(store: ox.Store, kg: Engine, step: Step) -> Step:
    """Fill the ``shacl`` step with the compiled validator's results on ``store`` (RDFS for types).

    The data graph is the union of :data:`~zhangjiang_kg.vocab.QUERY_GRAPHS` in ``store``; ``kg``
    gives the shapes and the literals as written (the store keeps derived datatypes by value, see
    :mod:`zhangjiang_kg.shacl.lossless`) and locates findings. Shapes outside SHACL Core go to
    pySHACL and the step's note says so.
    """
    from ..shacl import read_shapes, validate_store
    from ..shacl.findings import fill_step
    from ..shacl.lossless import restore_datatypes

    shapes = read_shapes(kg.quads(["shapes"]))
    report = _guarded(lambda: validate_store(store, data_graphs=DATA_GRAPH_IRIS, shapes=shapes, rdfs=True))
    located = OnDemandSourceMap(kg)
    return fill_step(step, restore_datatypes(report, shapes, lambda: kg.quads(QUERY_GRAPHS)), shapes, located)


def violation_checks(store: ox.Store, sourcemap: Locator, queries: Iterable[SavedQuery], step: Step) -> Step:
    """Run the ``*-violation.rq`` checks on the same Oxigraph store; their rows become findings.

    ``sourcemap`` is asked only for the rows a check returned (an :class:`OnDemandSourceMap` builds nothing
    when every check passes).
    """
    from ..engines.oxigraph_engine import OxigraphGraph
    from .validate import query_results

    kg = OxigraphGraph(store=store)
    for query in queries:
        step.checked.append(query.name)
        step.findings.extend(query_results(query, kg.run_query(query), sourcemap))
    return step


def validate_sparql(
    kg: OxigraphGraph,
    *,
    queries_dir: str | PathLike[str] | None = None,
    run_shacl: bool = True,
    run_queries: bool = True,
) -> ValidationReport:
    """The default validation: SHACL Core compiled to SPARQL, then the violation checks, all on ``kg.store``.

    :raises QuerySyntaxError, ParameterError: a violation check itself is broken.
    :raises QueryError: a compiled query failed on the store.
    """
    from ..queries import catalogue as saved_queries
    from .validate import finish, new_report

    report = new_report()
    started = time.perf_counter()
    if run_shacl and kg.count("shapes"):
        compiled_shacl(kg.store, kg, report.step("shacl"))
    report.step("shacl").seconds = time.perf_counter() - started
    started = time.perf_counter()
    if run_queries:
        checks = saved_queries.catalogue(queries_dir, violations=True, lazy=True)
        violation_checks(kg.store, OnDemandSourceMap(kg), checks, report.step("violation-queries"))
    report.step("violation-queries").seconds = time.perf_counter() - started
    return finish(report)


def validate_remote(
    endpoint: str,
    *,
    shapes: Iterable[PathArg] | None = None,
    located_in: Iterable[PathArg] | None = None,
    queries_dir: str | PathLike[str] | None = None,
    timeout: float = 300.0,
    allow_network: bool = False,
) -> ValidationReport:
    """Validate the graphs ``zjkg load`` wrote to a SPARQL endpoint, where they are: only rows travel.

    The shapes are read from the local files (``None``: the packaged ones); the data graph is the
    union of the query graphs on the endpoint. ``located_in`` are the Turtle files the focus nodes
    are looked up in (``None``: the packaged data and ontology). Credentials come from
    ``ZJKG_USER``/``ZJKG_PASSWORD``, as for ``zjkg load``.

    :raises InputError: ``endpoint`` is not an http(s) URL, or a file cannot be read.
    :raises QueryError: the endpoint rejected or failed a query.
    """
    from .. import resources
    from ..queries import catalogue as saved_queries
    from ..remote.http import check_endpoint_url
    from ..remote.sparql import run_saved
    from ..shacl import read_shapes, validate_endpoint
    from ..shacl.findings import fill_step
    from ..ttl.sourcemap import SourceMap
    from .validate import finish, new_report, query_results

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
        compiled = _guarded(
            lambda: validate_endpoint(
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


def _guarded(run: Callable[[], CompiledReport]) -> CompiledReport:
    """Run the compiled validator; its query failures become the package's :class:`QueryError`."""
    from ..errors import QueryError
    from ..shacl import SparqlError

    try:
        return run()
    except SparqlError as error:
        raise QueryError(f"SHACL validation failed: {str(error).splitlines()[0]}") from None
