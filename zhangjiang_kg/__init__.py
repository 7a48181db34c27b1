"""zhangjiang-kg: an open, validated RDF knowledge graph of the Zhangjiang innovation zone.

The library loads the graph into one Oxigraph store (:func:`load`), validates it (:func:`validate_graph`),
runs its saved queries (:func:`run_query`), exports it (:func:`export_graph`) and counts it
(:func:`compute_stats`). The verbs differ from the module names (``validate``, ``export``) on purpose:
importing a submodule sets the package attribute of its name, which would hide the function.
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
from .queries.catalogue import SavedQuery, catalogue, find_query
from .queries.results import QueryResult
from .store.graph import KnowledgeGraph, load
from .vocab import GRAPH_BACKGROUND, GRAPH_DATA, GRAPH_ONTOLOGY, GRAPH_SHAPES, PREFIXES

if TYPE_CHECKING:
    from .reports.findings import Finding as ValidationResult
    from .reports.findings import Report as ValidationReport
    from .stats import compute as compute_stats
    from .validation import validate_graph

#: ``run_query(kg, query, params)`` is :meth:`KnowledgeGraph.run_query`.
run_query = KnowledgeGraph.run_query
#: ``export_graph(kg, fmt, graph)`` is :meth:`KnowledgeGraph.export` (its writers load on first use).
export_graph = KnowledgeGraph.export


#: Names imported on first use, as (module, attribute): ``zjkg`` imports this package on every
#: start, and the validator, the export writers and the reports would add 0.05 s of CPU to
#: ``zjkg query platforms`` (0.35x ``import rdflib``, measured side by side; its budget is 1.0x).
_ON_FIRST_USE = {
    "validate_graph": (".validation", "validate_graph"),
    "ValidationResult": (".reports.findings", "Finding"),
    "ValidationReport": (".reports.findings", "Report"),
    "compute_stats": (".stats", "compute"),
}


def __getattr__(name: str) -> Any:
    """The names of :data:`_ON_FIRST_USE`, imported when first asked for."""
    if name in _ON_FIRST_USE:
        module, attribute = _ON_FIRST_USE[name]
        return getattr(importlib.import_module(module, __name__), attribute)
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
