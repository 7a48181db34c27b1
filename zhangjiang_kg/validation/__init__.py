"""Validation: SHACL and the ``*-violation.rq`` checks, three validators giving one report.

The default compiles SHACL Core to SPARQL on one Oxigraph store (:mod:`.compiled`), the endpoint
validator runs the same queries where the graphs are (:mod:`.endpoint`), and the reference runs
pySHACL in a child process (:mod:`.pyshacl_reference`); what they share is :mod:`.report`.
"""

from __future__ import annotations

from os import PathLike

from ..reports.findings import Report
from ..store.graph import KnowledgeGraph
from .compiled import validate_compiled
from .endpoint import validate_endpoint
from .pyshacl_reference import validate_pyshacl

__all__ = ["validate_compiled", "validate_endpoint", "validate_graph", "validate_pyshacl"]


def validate_graph(kg: KnowledgeGraph, *, queries_dir: str | PathLike[str] | None = None) -> Report:
    """:func:`zhangjiang_kg.validate_graph`: the default validator, as ``zjkg validate`` runs it."""
    return validate_compiled(kg, queries_dir=queries_dir)
