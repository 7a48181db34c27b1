"""The one in-process store: the knowledge graph's named graphs in Oxigraph, and rdflib copies for the edges.

:mod:`.graph` loads, queries and exports (:class:`KnowledgeGraph`); :mod:`.rdflib_view` copies the
graph into rdflib for pySHACL, pyLODE and the site; :mod:`.compare` says when two stores' answers agree.
"""

from .graph import KnowledgeGraph, graph_files, graph_iri, load, open_store

__all__ = ["KnowledgeGraph", "graph_files", "graph_iri", "load", "open_store"]
