"""``zjkg load --store-path DIR``: the Graph Store load, into an on-disk Oxigraph store instead, with
the promises of :func:`zhangjiang_kg.remote.gsp.load_graphs` (a failed load puts the graphs written
back from a copy). Each graph goes in by Oxigraph's bulk loader: one transaction would hold the graph
in memory (3.8 GB and 17x ``oxigraph load`` for a million triples, ``benchmarks/bench_core.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pyoxigraph as ox

from ..store.graph import open_store
from .gsp import DEFAULT_GRAPH, GraphLoad, LoadReport, Payload, expected_count, refuse_duplicating_adds


def load_into_directory(
    path: Path,
    graphs: Mapping[str, Payload],
    *,
    replace: bool = False,
    sent: Callable[[str, Payload], None] | None = None,
) -> LoadReport:
    """Load each graph of ``graphs`` (target IRI or :data:`DEFAULT_GRAPH` to content) into ``path``,
    calling ``sent`` after each as :func:`~zhangjiang_kg.remote.gsp.load_graphs` does.

    :raises StoreError: the directory cannot be opened (a file, or locked by another process).
    :raises InputError: blank nodes would be added to a graph the store already holds.
    """
    store = open_store(path)
    names = {target: _graph_name(target) for target in graphs}
    before = {target: list(store.quads_for_pattern(None, None, None, name)) for target, name in names.items()}
    held = {target: [quad.triple for quad in quads] or None for target, quads in before.items()}
    if not replace:
        refuse_duplicating_adds(graphs, held)
    written: list[str] = []
    try:
        for target, content in graphs.items():
            written.append(target)
            _write(store, names[target], content, replace)
            if sent is not None:
                sent(target, content)
    except BaseException:
        for target in reversed(written):
            store.clear_graph(names[target])
            store.extend(before[target])
        raise
    loads = []
    for target, content in graphs.items():
        stored = sum(1 for _ in store.quads_for_pattern(None, None, None, names[target]))
        loads.append(GraphLoad(target, len(content), expected_count(content, held[target], replace), stored))
    store.flush()
    return LoadReport(str(path), replace, tuple(loads))


def _graph_name(target: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if target == DEFAULT_GRAPH else ox.NamedNode(target)


def _write(store: ox.Store, name: ox.NamedNode | ox.DefaultGraph, content: Payload, replace: bool) -> None:
    """One graph, replaced or added to; Oxigraph parses the N-Triples itself, blank nodes apart from other loads'."""
    if replace:
        store.clear_graph(name)
    store.bulk_load(content.body, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
