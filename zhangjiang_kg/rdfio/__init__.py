"""RDF in and out: the syntax table, the one parser, network refusal, and the deterministic writer.

Modules: :mod:`.formats` (names, suffixes, media types), :mod:`.parse` (reading files, positioned
errors), :mod:`.network` (refusing remote contexts and imports), :mod:`.terms` (rdflib ↔ pyoxigraph),
:mod:`.canonical` (blank node labels), :mod:`.export` with :mod:`.rdfxml` and :mod:`.jsonld`
(writing), :mod:`.write` (atomic files).
"""

from __future__ import annotations

from .formats import RDF_SUFFIXES, SYNTAXES, RdfSyntax, format_of, syntax, syntax_of
from .parse import PathArg, expand_paths, read_quads, syntax_error

__all__ = [
    "RDF_SUFFIXES",
    "SYNTAXES",
    "PathArg",
    "RdfSyntax",
    "expand_paths",
    "format_of",
    "read_quads",
    "syntax",
    "syntax_error",
    "syntax_of",
]
