"""rdflib at the edges: the graph copied into rdflib, lexical forms and datatypes as written, for
pyLODE and users who work in rdflib (:meth:`~zhangjiang_kg.store.graph.KnowledgeGraph.to_rdflib`)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
import rdflib.plugins.sparql
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import IdentifiedNode

from ..rdfio.terms import TermCache, to_rdflib
from ..vocab import GRAPHS, PREFIXES

# rdflib's SPARQL would otherwise dereference every graph IRI a query names (``FROM <g>``,
# ``USING <g>``), making a query a way onto the network; named graphs come from the dataset.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


def new_graph(identifier: IdentifiedNode | str | None = None) -> Graph:
    """An empty rdflib Graph with exactly the project's prefixes bound (no rdflib defaults)."""
    graph = Graph(identifier=identifier, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def new_dataset() -> Dataset:
    """An empty Dataset with the project's prefixes and the four named graphs."""
    dataset = Dataset(default_union=False)
    dataset.namespace_manager = new_graph().namespace_manager
    for iri in GRAPHS.values():
        dataset.graph(URIRef(iri))
    return dataset


def to_dataset(quads: Iterable[ox.Quad], dataset: Dataset) -> Dataset:
    """Add ``quads`` to an rdflib Dataset, graph names kept, and return it."""
    convert = TermCache(to_rdflib)
    graphs: dict[object, Graph] = {}

    def graph_of(name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> Graph:
        if name not in graphs:
            key = DATASET_DEFAULT_GRAPH_ID if isinstance(name, ox.DefaultGraph) else URIRef(name.value)
            graphs[name] = dataset.graph(key)
        return graphs[name]

    dataset.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph_of(q.graph_name)) for q in quads)
    return dataset


def to_graph(quads: Iterable[ox.Quad], graph: Graph) -> Graph:
    """Add the triples of ``quads`` to an rdflib Graph (graph names dropped) and return it."""
    convert = TermCache(to_rdflib)
    graph.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph) for q in quads)
    return graph
