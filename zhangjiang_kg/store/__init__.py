"""The one in-process store (:mod:`.graph`), its rdflib copies for the edges (:mod:`.rdflib_view`)
and when two stores' answers agree (:mod:`.compare`)."""

from .graph import KnowledgeGraph, load

__all__ = ["KnowledgeGraph", "load"]
