"""Validation with RDFS semantics at scale: materialise types in Oxigraph, then pySHACL without inference.

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

from collections.abc import Iterable
from os import PathLike
from typing import TYPE_CHECKING

from ..rdfio.parse import PathArg
from ..vocab import GRAPH_INFERRED, GRAPHS, QUERY_GRAPHS
from ..vocab import RDFS as _RDFS

if TYPE_CHECKING:
    from ..engines import Engine
    from .validate import ValidationReport

_USING = "".join(f"USING <{iri}> " for iri in (*(GRAPHS[name] for name in QUERY_GRAPHS), GRAPH_INFERRED))
#: The closure, in order: sub-properties feed domains and ranges, which feed the class hierarchy.
CLOSURE_UPDATES = (
    f"INSERT {{ GRAPH <{GRAPH_INFERRED}> {{ ?s ?q ?o }} }} {_USING}"
    f"WHERE {{ ?p <{_RDFS}subPropertyOf>+ ?q . ?s ?p ?o FILTER(?p != ?q) }}",
    f"INSERT {{ GRAPH <{GRAPH_INFERRED}> {{ ?s a ?d }} }} {_USING}"
    f"WHERE {{ ?p <{_RDFS}domain> ?d . ?s ?p ?o }}",
    f"INSERT {{ GRAPH <{GRAPH_INFERRED}> {{ ?o a ?r }} }} {_USING}"
    f"WHERE {{ ?p <{_RDFS}range> ?r . ?s ?p ?o FILTER(!isLiteral(?o)) }}",
    f"INSERT {{ GRAPH <{GRAPH_INFERRED}> {{ ?s a ?super }} }} {_USING}"
    f"WHERE {{ ?c <{_RDFS}subClassOf>+ ?super . ?s a ?c FILTER(?c != ?super) }}",
)


def materialise_types(kg: "Engine") -> int:
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


def validate_engine(kg: "Engine", *, queries_dir: str | PathLike[str] | None = None) -> "ValidationReport":
    """Validate on whichever engine the graph is in: the reference on rdflib, :func:`validate_fast` on Oxigraph."""
    from ..engines import KnowledgeGraph
    from .validate import validate

    if isinstance(kg, KnowledgeGraph):
        return validate(kg, queries_dir=queries_dir)
    return validate_fast(kg, queries_dir=queries_dir)


def validate_fast(
    kg: "Engine",
    *,
    queries_dir: str | PathLike[str] | None = None,
    run_shacl: bool = True,
    run_queries: bool = True,
) -> "ValidationReport":
    """Validate an Oxigraph-loaded graph with RDFS semantics for targets and classes.

    Gives the same :class:`~zhangjiang_kg.checks.validate.ValidationReport` as the reference
    :func:`zhangjiang_kg.checks.validate.validate`, results located in the Turtle files that were loaded.

    :raises QuerySyntaxError, ParameterError: a violation check itself is broken.
    """
    from ..queries import catalogue as saved_queries
    from ..engines.copy import copy_quads
    from ..engines.rdflib_engine import new_graph
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
) -> "ValidationReport":
    """Load the files into Oxigraph (``None`` means the packaged ones) and :func:`validate_fast` them.

    :raises RdfSyntaxError, InputError, StoreError: as :func:`zhangjiang_kg.engines.oxigraph_engine.load`.
    """
    from ..engines import oxigraph_engine

    kg = oxigraph_engine.load(data, ontology=ontology, shapes=shapes, path=store_path)
    return validate_fast(kg, queries_dir=queries_dir)
