"""Engines: the three named graphs held by rdflib or by Oxigraph, behind one interface.

:func:`open_engine` loads files into the engine :func:`choose_engine` picks; both engines
implement :class:`Engine` (quads, count, query, export, update, insert, source map).
"""

from __future__ import annotations

from .base import AUTO_THRESHOLD_BYTES, ENGINES, Engine, choose_engine, open_engine
from .oxigraph_engine import OxigraphGraph
from .rdflib_engine import KnowledgeGraph, load, new_dataset, new_graph

__all__ = [
    "AUTO_THRESHOLD_BYTES",
    "ENGINES",
    "Engine",
    "KnowledgeGraph",
    "OxigraphGraph",
    "choose_engine",
    "load",
    "new_dataset",
    "new_graph",
    "open_engine",
]
