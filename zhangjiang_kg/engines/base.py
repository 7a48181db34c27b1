"""What an engine is, and the one place that decides which engine runs.

An engine holds the ontology, the data and the shapes as three named graphs and can load files
into them, count them, query them, export them, hand over their quads (as pyoxigraph terms, with
lexical forms as written) and take the rdf:type closure validation needs. :class:`Engine` is that
interface; :mod:`.rdflib_engine` (pySHACL and rdflib's SPARQL) and :mod:`.oxigraph_engine`
(Oxigraph's store, for big graphs) implement it. The CLI asks :func:`open_engine` for one and
makes the same calls whatever it got.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import InputError
from ..rdfio.parse import PathArg, expand_paths
from ..vocab import QUERY_GRAPHS

if TYPE_CHECKING:
    import pyoxigraph as ox

    from ..queries.catalogue import SavedQuery
    from ..queries.results import QueryResult
    from ..ttl.sourcemap import SourceMap

#: Engines the CLI's ``--engine`` option accepts.
ENGINES = ("auto", "rdflib", "oxigraph")
#: ``--engine auto`` takes Oxigraph when the input files hold more bytes than this
#: (about 50,000 triples of N-Triples, or 100,000 of Turtle).
AUTO_THRESHOLD_BYTES = 8 * 1024 * 1024


class Engine(Protocol):
    """The three named graphs of the project in one store, whichever library holds them."""

    files: dict[str, list[Path]]

    @property
    def sourcemap(self) -> SourceMap:
        """Where each subject's block starts in the Turtle files that were loaded."""

    def quads(self, names: Iterable[str]) -> Iterator[ox.Quad]:
        """The quads of the named graphs, lexical forms and datatypes as written."""

    def count(self, name: str) -> int:
        """Triples in one named graph."""

    def run_query(
        self,
        query: SavedQuery | str,
        params: Mapping[str, str] | None = None,
        *,
        graphs: Iterable[str] = QUERY_GRAPHS,
        allow_network: bool = False,
    ) -> QueryResult:
        """A saved query on the union of ``graphs``, parameters bound as terms."""

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (the type closure is written with these)."""

    def insert(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads, keeping their graph names."""

    def export(self, fmt: str = "turtle", graph: str = "all") -> bytes:
        """Deterministic bytes of one graph or all, the same on every engine."""

    def __len__(self) -> int:
        """Triples in the three named graphs."""


def choose_engine(engine: str, paths: Iterable[PathArg] | None, store_path: PathArg | None = None) -> str:
    """``rdflib`` or ``oxigraph``: ``engine`` itself, or for ``auto`` by the input's size on disk.

    A store directory means Oxigraph; the packaged graph (``paths`` empty) is small, so ``auto``
    keeps rdflib there.

    :raises InputError: ``engine`` is not one of :data:`ENGINES`.
    """
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; valid engines: {', '.join(ENGINES)}")
    if engine != "auto":
        return engine
    if store_path is not None:
        return "oxigraph"
    files = expand_paths(paths) if paths else []
    size = sum(path.stat().st_size for path in files)
    return "oxigraph" if size > AUTO_THRESHOLD_BYTES else "rdflib"


def open_engine(
    engine: str = "auto",
    data: Iterable[PathArg] | None = None,
    *,
    ontology: Iterable[PathArg] | None = None,
    shapes: Iterable[PathArg] | None = None,
    allow_network: bool = False,
    store_path: PathArg | None = None,
) -> Engine:
    """Load the graph into the engine :func:`choose_engine` picks; ``None`` parts are the packaged files.

    With a ``store_path`` and no data files, a store that already holds a graph is reused as it is.

    :raises RdfSyntaxError, NetworkAccessError, InputError, StoreError: as the engines' ``load``.
    """
    data = None if data is None else list(data)
    if choose_engine(engine, data, store_path) == "oxigraph":
        from . import oxigraph_engine

        return oxigraph_engine.load(
            data, ontology=ontology, shapes=shapes, allow_network=allow_network, path=store_path, reuse=data is None
        )
    if store_path is not None:
        raise InputError("--store-path needs the oxigraph engine (rdflib keeps the graph in memory)")
    from . import rdflib_engine

    return rdflib_engine.load(data, ontology=ontology, shapes=shapes, allow_network=allow_network)


def graph_files(
    data: Iterable[PathArg] | None,
    ontology: Iterable[PathArg] | None,
    shapes: Iterable[PathArg] | None,
) -> dict[str, list[Path]]:
    """Which files load into which named graph: ``None`` for a part means the packaged files.

    Data files inside a ``background/`` folder go to the background graph (what the article does
    not say), the rest to the data graph.
    """
    from .. import resources

    parts = {
        "ontology": resources.ontology_files() if ontology is None else expand_paths(ontology),
        "data": resources.data_files() if data is None else expand_paths(data),
        "shapes": resources.shapes_files() if shapes is None else expand_paths(shapes),
    }
    parts["data"], parts["background"] = resources.split_background(parts["data"])
    return parts


def graph_iri(name: str) -> str:
    """The IRI of a named graph by short name (``inferred`` too).

    :raises InputError: the name is not a graph's.
    """
    from ..vocab import GRAPH_INFERRED, GRAPHS

    if name == "inferred":
        return GRAPH_INFERRED
    if name not in GRAPHS:
        raise InputError(f"unknown graph {name!r}; valid graphs: {', '.join(GRAPHS)}")
    return GRAPHS[name]


def in_graph(quads: Iterable[ox.Quad], graph: Any) -> Iterator[ox.Quad]:
    """The quads moved into ``graph`` (a pyoxigraph graph name): graphs are chosen by role, not by file."""
    import pyoxigraph as ox

    for quad in quads:
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)
