"""SHACL Core validation compiled to SPARQL 1.1: in-process on Oxigraph, or on a remote endpoint.

Each (shape, constraint component) becomes one set-based SELECT over every focus node, so the
SPARQL engine does the work rather than Python node by node, and shapes run side by side in
threads (the engine and the endpoint work without Python's lock). rdflib and pySHACL are imported
only for shapes outside SHACL Core and recursive ones, which ``Report.delegated`` names.

Where pySHACL differs, this follows the Recommendation: values SPARQL's ``<`` cannot compare (an
IRI with an IRI, a boolean with a number) violate sh:lessThan and the range components (pySHACL
compares IRIs as strings, booleans as 0/1), and an implicit class target needs rdfs:Class (or a
subclass of it in the shapes graph), not owl:Class alone.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import pyoxigraph as ox

from . import components as _components  # noqa: F401 - registers the components
from . import logical as _logical  # noqa: F401 - registers the shape-based components
from .datatypes import INTEGER_RANGES
from .engine import Evaluator, reachable, recursive
from .fallback import validate_with_pyshacl
from .model import Shape, ShapesGraph, read_shapes
from .rdfs import INFERRED_GRAPH, materialise
from .report import Delegated, Report, ValidationResult
from .run import EndpointRunner, SparqlError, SparqlRunner, StoreRunner
from .schema import Schema
from .terms import XSD, sparql

if TYPE_CHECKING:
    from ..ttl.sourcemap import SourceMap

__all__ = [
    "Delegated",
    "EndpointRunner",
    "Report",
    "Shape",
    "ShapesGraph",
    "SparqlError",
    "SparqlRunner",
    "StoreRunner",
    "ValidationResult",
    "read_shapes",
    "triples_of",
    "validate",
    "validate_endpoint",
    "validate_store",
]


def triples_of(store: ox.Store, graph: str | None = None) -> list[ox.Triple]:
    """The triples of one named graph of ``store`` (None: its default graph), e.g. the shapes."""
    name = ox.NamedNode(graph) if graph is not None else ox.DefaultGraph()
    return [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, name)]


def target_pattern(shape: Shape, evaluator: Evaluator) -> str:
    """A sub-select binding ``?this`` to every focus node of ``shape``'s targets."""
    branches: list[str] = []
    constants = [t for kind, t in shape.targets if kind == "targetNode" and not isinstance(t, ox.BlankNode)]
    if not evaluator.dialect.values_keep_literals:
        # The store loses a literal's language tag, or a date-time's type, in a VALUES block:
        # literal constants are bound one by one instead.
        branches += [f"BIND({sparql(t)} AS ?this)" for t in constants if isinstance(t, ox.Literal)]
        constants = [t for t in constants if not isinstance(t, ox.Literal)]
    if constants:
        # In a sub-select of its own: Virtuoso 7.2 drops rows of a VALUES block inside a UNION.
        branches.append(f"{{ SELECT ?this WHERE {{ VALUES ?this {{ {' '.join(sparql(t) for t in constants)} }} }} }}")
    for kind, t in shape.targets:
        if isinstance(t, ox.NamedNode):
            if kind == "targetClass":
                branches.append(evaluator.type_test("?this", t.value))
            elif kind == "targetSubjectsOf":
                branches.append(f"?this {sparql(t)} ?_o .")
            elif kind == "targetObjectsOf":
                branches.append(f"?_s {sparql(t)} ?this .")
    body = " UNION ".join(f"{{ {b} }}" for b in branches) or "FILTER(false)"
    if shape.targets and all(kind == "targetClass" and evaluator.stated_only(t.value) for kind, t in shape.targets):
        # Type triples only, no other variable: used as they are, without a DISTINCT sub-select
        # (every query that reads the focus nodes is DISTINCT or counts DISTINCT values itself).
        return f"{{ {body} }}"
    return f"{{ SELECT DISTINCT ?this WHERE {{ {body} }} }}"


def validate(
    runner: SparqlRunner,
    shapes: ShapesGraph | Iterable[ox.Triple | ox.Quad],
    *,
    rdfs: bool = True,
    sourcemap: SourceMap | None = None,
    workers: int | None = None,
    on_shape: Callable[[int, int], None] | None = None,
) -> Report:
    """Validate the runner's data graph against ``shapes``.

    ``rdfs``: targets and sh:class see the subclass closure and the types rdfs:domain and
    rdfs:range give (in-process written to a scratch graph, removed afterwards; on an endpoint
    inline in the queries). ``sourcemap`` locates focus nodes in their Turtle files.
    ``workers``: shapes validated at once (default: one per CPU, at most four); the engine
    evaluates a query without holding Python's lock, so two shapes use two cores.
    ``on_shape(done, total)`` is called before the first shape and after each (a progress bar).
    """
    graph = shapes if isinstance(shapes, ShapesGraph) else read_shapes(shapes)
    report = Report(shape_errors=list(graph.errors), notes=_notes(graph, runner))
    materialised = rdfs and isinstance(runner, StoreRunner) and runner.graphs is not None
    if materialised:
        assert isinstance(runner, StoreRunner)
        assert runner.graphs is not None
        runner.store.clear_graph(ox.NamedNode(INFERRED_GRAPH))
        materialise(runner.store, runner.graphs)
        runner.graphs.append(INFERRED_GRAPH)
    try:
        # Without a scratch graph the schema is read once and the type tests list its classes.
        plain = materialised or (isinstance(runner, StoreRunner) and not rdfs)
        schema = None if plain else Schema.read(runner, rdfs=rdfs)
        if schema is not None and runner.dialect.prune_schema:
            schema.prune(runner, graph.classes())
        evaluator = Evaluator(runner, graph, schema=schema, closed_types=materialised)
        cyclic = recursive(graph)
        handed: set[str] = set()
        todo: list[Shape] = []
        for shape in graph.targeted():
            if shape.deactivated:
                continue
            used = reachable(graph, [shape.key])
            reasons = [r for key in sorted(used) for r in graph.shapes[key].non_core]
            reasons += [f"{key} is recursive" for key in sorted(used & cyclic)]
            if reasons:
                report.delegated.append(Delegated(shape.key, "; ".join(dict.fromkeys(reasons))))
                handed |= used | {str(p) for p in shape.params.get("property", [])}
                continue
            todo.append(shape)
        report.results += _each(evaluator, todo, workers, on_shape or (lambda _done, _total: None))
        if handed:
            report.results += validate_with_pyshacl(runner, graph, graph.triples, handed, rdfs=rdfs)
    finally:
        if materialised:
            assert isinstance(runner, StoreRunner)
            assert runner.graphs is not None
            runner.graphs.remove(INFERRED_GRAPH)
            runner.store.remove_graph(ox.NamedNode(INFERRED_GRAPH))
    report.queries = getattr(runner, "queries", 0)
    if sourcemap is not None:
        report.results = [
            dataclasses.replace(r, location=sourcemap.locate(r.focus.value)) if isinstance(r.focus, ox.NamedNode) else r
            for r in report.results
        ]
    return report


def _each(
    evaluator: Evaluator, shapes: list[Shape], workers: int | None, on_shape: Callable[[int, int], None]
) -> list[ValidationResult]:
    """The results of every shape, in the order given, validated by ``workers`` threads."""

    def run(shape: Shape) -> list[ValidationResult]:
        return evaluator.results(shape, target_pattern(shape, evaluator))

    workers = min(4, os.cpu_count() or 1) if workers is None else workers
    results: list[ValidationResult] = []
    with ThreadPoolExecutor(max(1, workers)) as pool:
        found = pool.map(run, shapes) if workers > 1 and len(shapes) > 1 else map(run, shapes)
        on_shape(0, len(shapes))
        for done, rows in enumerate(found, 1):
            results += rows
            on_shape(done, len(shapes))
    return results


def _notes(graph: ShapesGraph, runner: SparqlRunner) -> list[str]:
    """Limits of the store, said once: Oxigraph stores integer-derived literals as xsd:integer."""
    datatypes = {d.value.removeprefix(XSD) for s in graph.shapes.values() for d in s.params.get("datatype", [])}
    derived = sorted(datatypes & INTEGER_RANGES.keys())
    if not derived or not runner.dialect.integers_by_value:
        return []
    said = f"sh:datatype xsd:{', xsd:'.join(derived)}: an Oxigraph store keeps literals of the types derived "
    return [said + "from xsd:integer as xsd:integer, so these checks see xsd:integer values"]


def validate_store(
    store: ox.Store,
    *,
    data_graphs: Sequence[str] | None,
    shapes: ShapesGraph | Iterable[ox.Triple | ox.Quad],
    rdfs: bool = True,
    sourcemap: SourceMap | None = None,
    on_shape: Callable[[int, int], None] | None = None,
) -> Report:
    """Validate the union of ``data_graphs`` of an in-process store (None: its default graph)."""
    return validate(StoreRunner(store, data_graphs), shapes, rdfs=rdfs, sourcemap=sourcemap, on_shape=on_shape)


def validate_endpoint(
    url: str,
    *,
    data_graphs: Sequence[str] | None,
    shapes: ShapesGraph | Iterable[ox.Triple | ox.Quad],
    rdfs: bool = True,
    sourcemap: SourceMap | None = None,
    timeout: float = 300.0,
) -> Report:
    """Validate graphs loaded in a SPARQL 1.1 endpoint, in place: only result rows travel."""
    return validate(EndpointRunner(url, data_graphs, timeout=timeout), shapes, rdfs=rdfs, sourcemap=sourcemap)
