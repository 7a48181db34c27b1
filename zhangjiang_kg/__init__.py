"""zhangjiang-kg: an open, validated RDF knowledge graph of the Zhangjiang innovation zone.

The library loads the graph (:func:`load`), validates it (:func:`validate_graph`), runs its saved
queries (:func:`run_query`), exports it (:func:`export_graph`) and counts it (:func:`compute_stats`).
The verbs differ from the module names (``validate``, ``export``) on purpose: importing a submodule
sets the package attribute of its name, which would hide a function of the same name. Heavy
dependencies (rdflib, pyshacl, pyoxigraph) are imported only when these functions are called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    EndpointError,
    InputError,
    LoadError,
    NetworkAccessError,
    ParameterError,
    QueryError,
    QueryHeaderError,
    QuerySyntaxError,
    RdfSyntaxError,
    UnknownFormatError,
    UnknownQueryError,
    ZjkgError,
)
from .vocab import GRAPH_BACKGROUND, GRAPH_DATA, GRAPH_ONTOLOGY, GRAPH_SHAPES, PREFIXES

if TYPE_CHECKING:
    from .engines.rdflib_engine import KnowledgeGraph, load
    from .queries.catalogue import SavedQuery, catalogue, find_query
    from .queries.catalogue import run as run_query
    from .queries.results import QueryResult
    from .rdfio.export import export as export_graph
    from .reports.findings import Finding as ValidationResult
    from .reports.findings import Report as ValidationReport
    from .stats import compute as compute_stats
    from .validation import validate_graph

_LAZY = {
    "KnowledgeGraph": ("engines.rdflib_engine", "KnowledgeGraph"),
    "load": ("engines.rdflib_engine", "load"),
    "export_graph": ("rdfio.export", "export"),
    "SavedQuery": ("queries.catalogue", "SavedQuery"),
    "catalogue": ("queries.catalogue", "catalogue"),
    "find_query": ("queries.catalogue", "find_query"),
    "run_query": ("queries.catalogue", "run"),
    "QueryResult": ("queries.results", "QueryResult"),
    "compute_stats": ("stats", "compute"),
    "ValidationReport": ("reports.findings", "Report"),
    "ValidationResult": ("reports.findings", "Finding"),
    "validate_graph": ("validation", "validate_graph"),
}


def __getattr__(name: str) -> Any:
    """Import the parts that need rdflib only when they are first used."""
    if name in _LAZY:
        import importlib

        module, attribute = _LAZY[name]
        return getattr(importlib.import_module(f".{module}", __name__), attribute)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "GRAPH_BACKGROUND",
    "GRAPH_DATA",
    "GRAPH_ONTOLOGY",
    "GRAPH_SHAPES",
    "PREFIXES",
    "EndpointError",
    "InputError",
    "KnowledgeGraph",
    "LoadError",
    "NetworkAccessError",
    "ParameterError",
    "QueryError",
    "QueryHeaderError",
    "QueryResult",
    "QuerySyntaxError",
    "RdfSyntaxError",
    "SavedQuery",
    "UnknownFormatError",
    "UnknownQueryError",
    "ValidationReport",
    "ValidationResult",
    "ZjkgError",
    "__version__",
    "catalogue",
    "compute_stats",
    "export_graph",
    "find_query",
    "load",
    "run_query",
    "validate_graph",
]
