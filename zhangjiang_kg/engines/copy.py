"""The one way quads move between rdflib and Oxigraph, and the one way a store directory is written.

Every engine hands out its quads as pyoxigraph terms (:meth:`Engine.quads`), so a copy is always
"these quads into that target": an rdflib ``Dataset`` (graph names kept), an rdflib ``Graph``
(graph names dropped) or a pyoxigraph ``Store`` (bulk insert). Terms cross with
:mod:`zhangjiang_kg.rdfio.terms`, lossless both ways.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..rdfio.terms import TermCache, to_oxigraph, to_rdflib

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Dataset, Graph

Target = TypeVar("Target")


def copy_quads(quads: Iterable[ox.Quad], target: Target) -> Target:
    """Add ``quads`` to ``target`` (rdflib Dataset or Graph, or pyoxigraph Store) and return it."""
    import pyoxigraph as ox

    if isinstance(target, ox.Store):  # no rdflib import on the Oxigraph-only path
        target.bulk_extend(quads)
        return target
    from rdflib import Dataset, URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    convert = TermCache(to_rdflib)
    if isinstance(target, Dataset):
        graphs: dict[Any, Any] = {}

        def graph_of(name: Any) -> Any:
            if name not in graphs:
                key = DATASET_DEFAULT_GRAPH_ID if isinstance(name, ox.DefaultGraph) else URIRef(name.value)
                graphs[name] = target.graph(key)
            return graphs[name]

        target.addN(
            (convert(q.subject), convert(q.predicate), convert(q.object), graph_of(q.graph_name)) for q in quads
        )
        return target
    graph: Graph = target  # type: ignore[assignment]
    graph.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph) for q in quads)
    return target


def rdflib_quads(dataset: Dataset) -> Iterator[ox.Quad]:
    """The quads of an rdflib Dataset as pyoxigraph quads (its default graph as the default graph)."""
    import pyoxigraph as ox
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    convert = TermCache(to_oxigraph)
    for s, p, o, context in dataset.quads((None, None, None, None)):
        name = getattr(context, "identifier", context)
        graph = ox.DefaultGraph() if name in (None, DATASET_DEFAULT_GRAPH_ID) else convert(name)
        yield ox.Quad(convert(s), convert(p), convert(o), graph)


@contextmanager
def store_directory(path: Path) -> Iterator[ox.Store]:
    """The Oxigraph store in directory ``path``, flushed to disk at the end of the block.

    Its lock is released with the last reference to the store, so keep none beyond the caller.

    :raises StoreError: the directory cannot be opened (a file, or locked by another process).
    """
    from .oxigraph_engine import open_store

    store = open_store(path)
    try:
        yield store
        store.flush()
    finally:
        del store


def write_store(path: Path, quads: Iterable[ox.Quad]) -> None:
    """Write quads into the Oxigraph store directory ``path`` with the bulk loader."""
    with store_directory(path) as store:
        store.bulk_extend(quads)
