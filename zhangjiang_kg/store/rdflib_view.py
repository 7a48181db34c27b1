"""rdflib at the edges: the graph copied into rdflib for the libraries and pages that need rdflib.

The store (:class:`~zhangjiang_kg.store.graph.KnowledgeGraph`) is the one model of the core;
pySHACL, pyLODE and users who work in rdflib get a copy made here. Terms
cross with :mod:`zhangjiang_kg.rdfio.terms`, lexical forms and datatypes as written, both ways.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import pyoxigraph as ox
import rdflib.plugins.sparql
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import IdentifiedNode, Node

from ..rdfio.terms import TermCache, to_oxigraph, to_rdflib
from ..vocab import GRAPHS, PREFIXES, QUERY_GRAPHS
from .graph import graph_iri

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

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


def rdflib_quads(dataset: Dataset) -> Iterator[ox.Quad]:
    """The quads of an rdflib Dataset as pyoxigraph quads (its default graph as the default graph)."""
    convert = TermCache(to_oxigraph)
    for s, p, o, context in dataset.quads((None, None, None, None)):
        name: Node | None = getattr(context, "identifier", context)
        graph = ox.DefaultGraph() if name in (None, DATASET_DEFAULT_GRAPH_ID) else convert(name)
        yield ox.Quad(convert(s), convert(p), convert(o), graph)


class RdflibView:
    """The named graphs of a :class:`KnowledgeGraph` as rdflib graphs, copied once."""

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
