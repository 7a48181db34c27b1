"""The rdflib engine: the ontology, the data and the shapes as three named graphs of one rdflib Dataset.

Files are parsed with Oxigraph's strict parsers (:func:`zhangjiang_kg.rdfio.parse.read_quads`: fast,
positioned errors, lexical forms kept, blank nodes scoped to their file) and the triples copied into
rdflib, which pySHACL and rdflib's SPARQL use. This is the engine for the shipped graph and for
anything the SHACL reference validation (with RDFS inference) must see.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..rdfio.formats import format_of
from ..rdfio.parse import PathArg, read_quads
from ..ttl.sourcemap import SourceMap
from ..vocab import GRAPHS, PREFIXES, QUERY_GRAPHS
from .copy import copy_quads

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Dataset, Graph
    from rdflib.term import IdentifiedNode

    from ..queries.catalogue import SavedQuery
    from ..queries.results import QueryResult


@dataclass
class KnowledgeGraph:
    """The loaded dataset, which files went into which graph, and where each subject is written."""

    dataset: Dataset
    files: dict[str, list[Path]] = field(default_factory=dict)
    sourcemap: SourceMap = field(default_factory=SourceMap)

    def graph(self, name: str) -> Graph:
        """One named graph by short name (``ontology``, ``data``, ``shapes``, ``inferred``)."""
        from rdflib import URIRef

        from .base import graph_iri

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

    def quads(self, names: Iterable[str]) -> Iterator[ox.Quad]:
        """The quads of the named graphs as pyoxigraph terms (lexical forms as loaded)."""
        from ..rdfio.terms import oxigraph_quads
        from .base import graph_iri

        for name in names:
            yield from oxigraph_quads(self.graph(name), graph_iri(name))

    def count(self, name: str) -> int:
        """Triples in one named graph."""
        return len(self.graph(name))

    def run_query(
        self,
        query: SavedQuery | str,
        params: Mapping[str, str] | None = None,
        *,
        graphs: Iterable[str] = QUERY_GRAPHS,
        allow_network: bool = False,
    ) -> QueryResult:
        """A saved query (or name / path) with rdflib's SPARQL on the union of ``graphs``."""
        from ..queries.catalogue import run

        return run(self.merged(*graphs), query, params, allow_network=allow_network)

    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the dataset."""
        self.dataset.update(sparql)

    def insert(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads to their named graphs."""
        copy_quads(quads, self.dataset)

    def export(self, fmt: str = "turtle", graph: str = "all") -> bytes:
        """Deterministic bytes (see :func:`zhangjiang_kg.rdfio.export.export`)."""
        from ..rdfio.export import export

        return export(self, fmt, graph)

    def __len__(self) -> int:
        return sum(len(self.graph(name)) for name in GRAPHS)


def _no_graph_loading() -> None:
    """Stop rdflib's SPARQL fetching ``FROM`` / ``USING`` graphs from the web.

    By default rdflib dereferences every graph IRI a query or update names (``USING <g>`` becomes
    an HTTP request), which would make a query file a way onto the network. Named graphs are then
    taken from the dataset, which is what the SPARQL specification means by them anyway.
    """
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


def new_graph(identifier: IdentifiedNode | str | None = None) -> Graph:
    """An empty rdflib Graph with exactly the project's prefixes bound (no rdflib defaults)."""
    from rdflib import Graph

    _no_graph_loading()
    graph = Graph(identifier=identifier, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def new_dataset() -> Dataset:
    """An empty Dataset with the project's prefixes and the three named graphs."""
    from rdflib import Dataset, URIRef

    _no_graph_loading()
    dataset = Dataset(default_union=False)
    dataset.namespace_manager = new_graph().namespace_manager
    for iri in GRAPHS.values():
        dataset.graph(URIRef(iri))
    return dataset


def load(
    data: Iterable[PathArg] | None = None,
    *,
    ontology: Iterable[PathArg] | None = None,
    shapes: Iterable[PathArg] | None = None,
    allow_network: bool = False,
) -> KnowledgeGraph:
    """Load the graph. ``None`` for any part means the packaged files; paths may be files or folders.

    >>> kg = load()
    >>> len(kg.data) > 0
    True

    :raises RdfSyntaxError: a file does not parse (the error names file, line and column).
    :raises NetworkAccessError: a file would need the network and ``allow_network`` is false.
    :raises InputError: a path does not exist or has an unknown RDF suffix.
    """
    from .base import graph_files

    parts = graph_files(data, ontology, shapes)
    kg = KnowledgeGraph(dataset=new_dataset(), files={})
    for name, files in parts.items():
        kg.files[name] = list(files)
        for path in files:
            parse_file(path, kg.graph(name), allow_network=allow_network, sourcemap=kg.sourcemap)
    return kg


def parse_file(path: Path, target: Graph, *, allow_network: bool = False, sourcemap: SourceMap | None = None) -> int:
    """Parse one file into ``target``; returns the number of triples added.

    Quads of a TriG or N-Quads file all land in ``target``: the three graphs are chosen by role,
    not by what a file says.
    """
    before = len(target)
    copy_quads(read_quads(path, allow_network=allow_network), target)
    if sourcemap is not None:
        sourcemap.add_file(path, syntax=format_of(path))
    return len(target) - before
