"""zhangjiang-kg: an open, validated RDF knowledge graph of the Zhangjiang innovation zone.

The library loads the graph (:func:`load`), validates it (:func:`validate_graph`), runs its saved
queries (:func:`run_query`), exports it (:func:`export_graph`) and counts it (:func:`compute_stats`).
The verbs differ from the module names (``validate``, ``export``) on purpose: importing a submodule
sets the package attribute of its name, which would hide a function of the same name. The graph
lives in one Oxigraph store (:class:`KnowledgeGraph`); :meth:`KnowledgeGraph.to_rdflib` copies it
into rdflib for those who work there.
"""

from __future__ import annotations

import importlib
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
    from .queries.catalogue import SavedQuery, catalogue, find_query
    from .queries.results import QueryResult
    from .rdfio.export import export as export_graph
    from .reports.findings import Finding as ValidationResult
    from .reports.findings import Report as ValidationReport
    from .stats import compute as compute_stats
    from .store.graph import KnowledgeGraph, load
    from .validation import validate_graph

    run_query = KnowledgeGraph.run_query

#: Public name → (module, attribute). Imported on first use: ``zjkg`` imports this package for its
#: version, and the validation and export modules would double the start-up of ``zjkg query``.
_PUBLIC = {
    "KnowledgeGraph": ("store.graph", "KnowledgeGraph"),
    "load": ("store.graph", "load"),
    "run_query": ("store.graph", "KnowledgeGraph.run_query"),
    "export_graph": ("rdfio.export", "export"),
    "SavedQuery": ("queries.catalogue", "SavedQuery"),
    "catalogue": ("queries.catalogue", "catalogue"),
    "find_query": ("queries.catalogue", "find_query"),
    "QueryResult": ("queries.results", "QueryResult"),
    "compute_stats": ("stats", "compute"),
    "ValidationReport": ("reports.findings", "Report"),
    "ValidationResult": ("reports.findings", "Finding"),
    "validate_graph": ("validation", "validate_graph"),
}


def __getattr__(name: str) -> Any:
    """A public name, imported on first use (see :data:`_PUBLIC`); ``run_query(kg, query, params)``
    is :meth:`KnowledgeGraph.run_query`."""
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _PUBLIC[name]
    found: Any = importlib.import_module(f".{module}", __name__)
    for part in attribute.split("."):
        found = getattr(found, part)
    return found


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
