"""rdflib as the oracle the store's answers are compared with: the graph copied into rdflib, and rdflib's SPARQL.

The package queries with Oxigraph only; rdflib's SPARQL engine is an independent implementation, so
the same answer from both is evidence that a query (and the binding of its parameters) is right.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node
from zhangjiang_kg.errors import QueryError, QuerySyntaxError
from zhangjiang_kg.queries import catalogue as saved_queries
from zhangjiang_kg.queries.federation import refuse_federation
from zhangjiang_kg.queries.results import QueryResult
from zhangjiang_kg.rdfio.export import graph_names, serialize
from zhangjiang_kg.rdfio.formats import syntax
from zhangjiang_kg.rdfio.parse import PathArg, read_quads
from zhangjiang_kg.rdfio.terms import TermCache, oxigraph_quads, to_oxigraph, to_rdflib
from zhangjiang_kg.store.graph import KnowledgeGraph, graph_iri
from zhangjiang_kg.store.graph import load as load_store
from zhangjiang_kg.store.rdflib_view import new_dataset, new_graph, to_dataset, to_graph
from zhangjiang_kg.vocab import GRAPHS, PREFIXES, QUERY_GRAPHS

from store_compare import triple_keys


def rdflib_quads(dataset: Dataset) -> Iterator[ox.Quad]:
    """The quads of an rdflib Dataset as pyoxigraph quads (its default graph as the default graph)."""
    convert = TermCache(to_oxigraph)
    for s, p, o, context in dataset.quads((None, None, None, None)):
        name: Node | None = getattr(context, "identifier", context)
        graph = ox.DefaultGraph() if name in (None, DATASET_DEFAULT_GRAPH_ID) else convert(name)
        yield ox.Quad(convert(s), convert(p), convert(o), graph)


class RdflibView:
    """The named graphs of a :class:`KnowledgeGraph` as rdflib graphs, copied once, for the oracle."""

    def __init__(self, kg: KnowledgeGraph | None = None, *, dataset: Dataset | None = None) -> None:
        self.dataset = dataset if dataset is not None else kg.to_rdflib() if kg is not None else new_dataset()

    def graph(self, name: str) -> Graph:
        """One named graph by short name (``ontology``, ``data``, ``background``, ``shapes``, ``inferred``)."""
        return self.dataset.graph(URIRef(graph_iri(name)))

    @property
    def ontology(self) -> Graph:
        """The OWL ontology and its SKOS schemes."""
        return self.graph("ontology")

    @property
    def data(self) -> Graph:
        """The instance data."""
        return self.graph("data")

    @property
    def shapes(self) -> Graph:
        """The SHACL shapes."""
        return self.graph("shapes")

    def merged(self, *names: str) -> Graph:
        """A fresh graph holding the triples of the named graphs (default: data and ontology)."""
        graph = new_graph()
        for name in names or QUERY_GRAPHS:
            graph.addN((s, p, o, graph) for s, p, o in self.graph(name))
        return graph

    def __len__(self) -> int:
        return sum(len(self.graph(name)) for name in GRAPHS)


def load(data: list[PathArg] | None = None, **parts: Any) -> RdflibView:
    """The graph loaded by the store and copied into rdflib, lexical forms as written."""
    return RdflibView(load_store(data, **parts))


def parse_file(path: Path, target: Graph, *, allow_network: bool = False) -> int:
    """Parse one file with the package's parser into an rdflib graph; returns the triples added."""
    before = len(target)
    to_graph(read_quads(path, allow_network=allow_network), target)
    return len(target) - before


def prepare(query: saved_queries.SavedQuery, *, allow_network: bool = False) -> Any:
    """Parse the query with rdflib's parser; a syntax error is a QuerySyntaxError naming the position."""
    refuse_federation(query.name, query.text, allow_network, query.prefixes)
    try:
        return prepareQuery(query.text, initNs=PREFIXES)
    except Exception as exc:
        message = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
        raise QuerySyntaxError(
            query.name, str(message).splitlines()[0], getattr(exc, "lineno", None), getattr(exc, "col", None)
        ) from None


def run(
    target: KnowledgeGraph | RdflibView | Graph,
    query: saved_queries.SavedQuery | str,
    params: Mapping[str, str] | None = None,
    *,
    allow_network: bool = False,
) -> QueryResult:
    """A saved query on data + ontology with rdflib's SPARQL, parameters bound as ``initBindings``."""
    saved = saved_queries.find_query(query) if isinstance(query, str) else query
    prepared = prepare(saved, allow_network=allow_network)
    bindings = saved_queries.bind(saved, params)
    if isinstance(target, KnowledgeGraph):
        target = view(target)
    graph = target.merged() if isinstance(target, RdflibView) else target
    try:
        values = {Variable(k): to_rdflib(v) for k, v in bindings.items()}
        result = graph.query(prepared, initBindings=values)
    except Exception as exc:
        raise QueryError(f"query {saved.name!r} failed: {exc}") from None
    if result.type == "ASK":
        return QueryResult(variables=[], boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        names = ["subject", "predicate", "object"]
        assert result.graph is not None
        triples = sorted(result.graph, key=lambda t: tuple(term.n3() for term in t))
        return QueryResult(variables=names, rows=[oxigraph_row(dict(zip(names, t, strict=True))) for t in triples])
    variables = [str(v) for v in (result.vars or [])]
    return QueryResult(
        variables=variables, rows=[oxigraph_row(dict(zip(variables, row, strict=True))) for row in result]
    )


def oxigraph_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row of rdflib terms as the package's rows are: pyoxigraph terms, None where unbound."""
    return {name: None if term is None else to_oxigraph(term) for name, term in row.items()}


#: The two sides a test compares: the graph copied into rdflib (:class:`RdflibCopy`), and the store.
SIDES = ("rdflib", "oxigraph")


class RdflibCopy:
    """The store's graph copied into rdflib (:meth:`KnowledgeGraph.to_rdflib`), behind the store's methods.

    Exports and answers of this copy must equal the store's: the copy keeps lexical forms,
    datatypes and graph names, and rdflib's SPARQL answers what Oxigraph answers.
    """

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.view = RdflibView(kg)
        self.files = kg.files
        self.sourcemap = kg.sourcemap

    def quads(self, names: Iterable[str]) -> Iterator[ox.Quad]:
        for name in names:
            yield from oxigraph_quads(self.view.graph(name), graph_iri(name))

    def count(self, name: str) -> int:
        return len(self.view.graph(name))

    def __len__(self) -> int:
        return len(self.view)

    def run_query(
        self,
        query: saved_queries.SavedQuery | str,
        params: Mapping[str, str] | None = None,
        *,
        graphs: Iterable[str] = QUERY_GRAPHS,
        allow_network: bool = False,
    ) -> QueryResult:
        return run(self.view.merged(*graphs), query, params, allow_network=allow_network)

    def update(self, sparql: str) -> None:
        self.view.dataset.update(sparql)

    def insert(self, quads: Iterable[ox.Quad]) -> None:
        to_dataset(quads, self.view.dataset)

    def export(self, fmt: str = "turtle", graph: str = "all") -> bytes:
        return serialize(self.quads(graph_names(graph)), fmt)


def open_side(side: str, data: list[PathArg] | None = None, **parts: Any) -> KnowledgeGraph | RdflibCopy:
    """The graph loaded by the store (``oxigraph``), or that graph copied into rdflib (``rdflib``)."""
    kg = load_store(data, **parts)
    return RdflibCopy(kg) if side == "rdflib" else kg


_VIEWS: dict[int, tuple[KnowledgeGraph, RdflibView]] = {}


def view(kg: KnowledgeGraph) -> RdflibView:
    """The rdflib copy of a loaded graph, made once per graph (the session fixtures share theirs)."""
    if id(kg) not in _VIEWS:
        _VIEWS[id(kg)] = (kg, RdflibView(kg))
    return _VIEWS[id(kg)][1]


def parse_export(data: bytes, fmt: str) -> Graph:
    """Read an export back into rdflib with lexical forms kept (round trips); quads land in a Dataset."""
    spec = syntax(fmt)
    quads = ox.parse(data, format=spec.ox_format)
    if not spec.quads:
        return to_graph(quads, new_graph())
    return to_dataset(quads, Dataset())


def quotations(data: Graph, statement: Any) -> list[str]:
    """The words (``oa:exact``) of every annotation whose body is ``statement``, in an rdflib graph."""
    oa = "http://www.w3.org/ns/oa#"
    return [
        str(exact)
        for annotation in data.subjects(URIRef(oa + "hasBody"), statement)
        for target in data.objects(annotation, URIRef(oa + "hasTarget"))
        for selector in data.objects(target, URIRef(oa + "hasSelector"))
        for exact in data.objects(selector, URIRef(oa + "exact"))
    ]


def keys(triples: Iterable[ox.Triple] | None) -> set[Hashable] | None:
    """Canonical keys of pyoxigraph triples (numbers by value, blank nodes alike), None for no graph:
    what a store gave back, compared with what was sent."""
    return None if triples is None else triple_keys((to_rdflib(s), to_rdflib(p), to_rdflib(o)) for s, p, o in triples)
