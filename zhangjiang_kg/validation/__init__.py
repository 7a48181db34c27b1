"""Validation: SHACL and the ``*-violation.rq`` checks, three validators giving one report.

* :func:`validate_compiled` (:mod:`.compiled`), the default of ``zjkg validate`` and of
  :func:`zhangjiang_kg.validate_graph` (:func:`validate_graph`): SHACL Core compiled to SPARQL on
  one Oxigraph store;
* :func:`validate_endpoint` (:mod:`.endpoint`): the same queries on a SPARQL endpoint, in place;
* :func:`validate_pyshacl` (:mod:`.pyshacl_reference`): the reference, pySHACL with RDFS inference
  in a child process (``zjkg validate --engine pyshacl``).

What they share (the report's steps, the violation checks, locating findings) is :mod:`.report`.
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
