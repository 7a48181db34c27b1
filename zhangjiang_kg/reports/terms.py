"""The terms findings hold, as people and tools read them: the one place that prints a term.

Findings hold pyoxigraph terms, cheap to import, so the default ``zjkg validate`` never needs rdflib
(a fifth of a second); :func:`~.paths.path_text` prints paths.
"""

from __future__ import annotations

from typing import Any

from ..rdfio.terms import Term as Term  # a node, value or shape of a finding
from ..rdfio.terms import term_parts
from ..vocab import curie
from .paths import PropertyPath, path_text


def term_text(term: Any) -> str:
    """A term for people: ``zj:zhangjiang-zone``, ``^zjo:figureOf``, ``620000000``, ``fund@en``, ``[]``.

    A blank node prints as ``[]``: its identifier is made up by the parser and differs between runs.
    A plain string (a constraint component's IRI) is shortened when it is an IRI.
    """
    if term is None:
        return ""
    if type(term) is str:
        return curie(term) if ":" in term else term
    if isinstance(term, PropertyPath):
        return path_text(term)
    parts = term_parts(term)
    if parts.kind == "bnode":
        return "[]"
    if parts.kind == "literal":
        return f"{parts.value}@{parts.language}" if parts.language else parts.value
    return curie(parts.value)


def plain(term: Any) -> str:
    """A term's value alone (an IRI, a literal's lexical form, a blank node's label), for sorting."""
    if term is None:
        return ""
    if isinstance(term, PropertyPath):
        return path_text(term, full=True)
    return term if type(term) is str else term_parts(term).value


def full_text(term: Any) -> str | None:
    """A term in full for tools (an IRI, a literal's lexical form); a blank node as ``[]`` (its label is made up)."""
    if term is None:
        return None
    blank = not isinstance(term, (str, PropertyPath)) and term_parts(term).kind == "bnode"
    return "[]" if blank else plain(term)
