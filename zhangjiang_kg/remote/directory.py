"""``zjkg load --store-path DIR``: the Graph Store load, into an on-disk Oxigraph store instead.

The same promises as :func:`zhangjiang_kg.remote.gsp.load_graphs`: replace or add per graph,
counts checked afterwards, and a load that fails (or is interrupted) leaves every graph as it
was. Oxigraph writes each ``extend`` in one transaction; across graphs, the graphs already
written are put back from a copy taken before the first write.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph  # the Graph Store load (remote.gsp) hands graphs over as rdflib graphs

from ..rdfio.terms import oxigraph_quads
from ..store.graph import open_store
from ..store.rdflib_view import to_graph
from .gsp import (
    DEFAULT_GRAPH,
    GraphLoad,
    LoadReport,
    expected_count,
    refuse_duplicating_adds,
)


def load_into_directory(path: Path, graphs: Mapping[str, Graph], *, replace: bool = False) -> LoadReport:
    """Load each graph of ``graphs`` (target IRI or :data:`DEFAULT_GRAPH` to content) into ``path``.

    :raises StoreError: the directory cannot be opened (a file, or locked by another process).
    :raises InputError: blank nodes would be added to a graph the store already holds.
    """
    store = open_store(path)
    names = {target: _graph_name(target) for target in graphs}
    before = {target: list(store.quads_for_pattern(None, None, None, name)) for target, name in names.items()}
    if not replace:
        refuse_duplicating_adds(graphs, {t: _as_rdflib(quads) for t, quads in before.items()})
    written: list[str] = []
    try:
        for target, content in graphs.items():
            written.append(target)
            _write(store, names[target], content, replace)
    except BaseException:
        for target in reversed(written):
            store.clear_graph(names[target])
            store.extend(before[target])
        raise
    loads = []
    for target, content in graphs.items():
        previous = _as_rdflib(before[target]) if before[target] else None
        stored = sum(1 for _ in store.quads_for_pattern(None, None, None, names[target]))
        loads.append(GraphLoad(target, len(content), expected_count(content, previous, replace), stored))
    store.flush()
    return LoadReport(str(path), replace, tuple(loads))


def _graph_name(target: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if target == DEFAULT_GRAPH else ox.NamedNode(target)


def _write(store: ox.Store, name: Any, content: Graph, replace: bool) -> None:
    """One graph: replaced (cleared, then filled) or added to, each step one transaction."""
    quads = list(oxigraph_quads(content, name))
    if replace:
        store.clear_graph(name)
    store.extend(quads)


def _as_rdflib(quads: list[ox.Quad]) -> Graph:
    return to_graph(quads, Graph())
