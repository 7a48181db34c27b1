"""Engines: the three named graphs held by rdflib or by Oxigraph, behind one interface.

:func:`open_engine` loads files into the engine :func:`choose_engine` picks; both engines
implement :class:`Engine` (quads, count, query, export, update, insert, source map). The names
are imported on first use, so the Oxigraph path (``zjkg validate``) never loads the rdflib
engine's module and what it imports (the Turtle lexer of the source map, the rdflib copy).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import AUTO_THRESHOLD_BYTES, ENGINES, Engine, choose_engine, open_engine
    from .oxigraph_engine import OxigraphGraph
    from .rdflib_engine import KnowledgeGraph, load, new_dataset, new_graph

_LAZY = {
    "AUTO_THRESHOLD_BYTES": "base",
    "ENGINES": "base",
    "Engine": "base",
    "choose_engine": "base",
    "open_engine": "base",
    "OxigraphGraph": "oxigraph_engine",
    "KnowledgeGraph": "rdflib_engine",
    "load": "rdflib_engine",
    "new_dataset": "rdflib_engine",
    "new_graph": "rdflib_engine",
}


def __getattr__(name: str) -> Any:
    """Import an engine's module when one of its names is first used."""
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
