"""The one in-process store (:mod:`.graph`) and its rdflib copies for the edges (:mod:`.rdflib_view`)."""

from .graph import KnowledgeGraph, load

__all__ = ["KnowledgeGraph", "load"]
