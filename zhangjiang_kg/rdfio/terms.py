"""Terms: their parts as the writers read them, text made safe to print, and the one converter
between pyoxigraph's terms (the package's) and rdflib's.

The converter is lossless both ways: lexical forms (rdflib would make ``"01"^^xsd:integer`` ``1``),
datatypes and blank node labels are kept. rdflib is imported only inside the converters: the CLI
imports this module on every start, and rdflib would add about as much again as all the rest.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import pyoxigraph as ox

from ..errors import InputError
from ..vocab import RDF_LANGSTRING, XSD_STRING

if TYPE_CHECKING:
    import logging

    from rdflib.term import Node  # the converter's other side

#: A term of a triple, as the package holds it.
Term = ox.NamedNode | ox.BlankNode | ox.Literal
RdflibTriple = tuple["Node", "Node", "Node"]


def _not_ill_typed(record: logging.LogRecord) -> bool:
    """rdflib logs a traceback for every ill-typed literal (``"abc"^^xsd:integer``) it builds; RDF
    allows them (SHACL's ``sh:datatype`` reports them), so they are worth no traceback."""
    return not record.getMessage().startswith("Failed to convert Literal lexical form")


@functools.cache
def quiet_ill_typed_literals() -> None:
    """Filter rdflib's log of ill-typed literals, once, before the package first has rdflib build
    literals (start-up: ``logging`` costs ``zjkg query`` 2 ms it never needs)."""
    import logging

    logging.getLogger("rdflib.term").addFilter(_not_ill_typed)


class TermParts(NamedTuple):
    """A term as SPARQL 1.1 JSON results spell it: ``uri``, ``bnode`` or ``literal``, its value,
    and a literal's language or datatype (None for a simple literal)."""

    kind: str
    value: str
    language: str | None = None
    datatype: str | None = None


def term_parts(term: Any) -> TermParts:
    """The parts of a pyoxigraph term (an ``xsd:string`` literal is simple, as :func:`to_rdflib`
    makes it), or of an rdflib term: the Graph Store loads and the site still hold rdflib graphs.
    """
    if isinstance(term, ox.NamedNode):
        return TermParts("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return TermParts("bnode", term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return TermParts("literal", term.value, language=term.language)
        written = term.datatype.value
        return TermParts("literal", term.value, datatype=None if written in (XSD_STRING, RDF_LANGSTRING) else written)
    from rdflib.term import BNode, Literal, URIRef  # the term is rdflib's, so rdflib is loaded already

    if isinstance(term, URIRef):
        return TermParts("uri", str(term))
    if isinstance(term, BNode):
        return TermParts("bnode", str(term))
    if isinstance(term, Literal):
        datatype = None if term.language or term.datatype is None else str(term.datatype)
        return TermParts("literal", str(term), language=term.language or None, datatype=datatype)
    raise ValueError(f"not an RDF term: {term!r}")


def to_rdflib(term: Any) -> Node:
    """A pyoxigraph term (a query's cell, a quad's part) as the rdflib term with the same lexical
    form, datatype or label: the one way from the package's terms to rdflib's."""
    from rdflib import BNode, Literal, URIRef  # start-up: only the rdflib edges pay for rdflib

    quiet_ill_typed_literals()
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (XSD_STRING, RDF_LANGSTRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise unsupported_term(term)


def unsupported_term(term: Any) -> InputError:
    """The error for a term the graph cannot hold: an RDF 1.2 triple term (or anything else)."""
    return InputError(f"unsupported RDF term {term!r} (RDF-star triples are not part of this graph)")


def to_oxigraph(term: Any) -> Any:
    """An rdflib term as a pyoxigraph term (its lexical form as rdflib holds it)."""
    from rdflib import BNode, Literal, URIRef  # start-up: only the rdflib edges pay for rdflib

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise InputError(f"unsupported RDF term {term!r}")


class TermCache:
    """Converts terms with ``convert``, each distinct term once (IRIs repeat a lot)."""

    def __init__(self, convert: Any = to_rdflib) -> None:
        self._convert = convert
        self._seen: dict[Any, Any] = {}

    def __call__(self, term: Any) -> Any:
        found = self._seen.get(term)
        if found is None:
            found = self._seen[term] = self._convert(term)
        return found


def rdflib_triples(quads: Iterable[ox.Quad]) -> Iterator[RdflibTriple]:
    """The triples of pyoxigraph quads as rdflib terms (graph names dropped)."""
    convert = TermCache(to_rdflib)
    for quad in quads:
        yield convert(quad.subject), convert(quad.predicate), convert(quad.object)


def oxigraph_quads(triples: Iterable[RdflibTriple], graph: Any) -> Iterator[ox.Quad]:
    """rdflib triples as pyoxigraph quads in ``graph`` (an IRI, or a pyoxigraph graph name)."""
    convert = TermCache(to_oxigraph)
    target = ox.NamedNode(graph) if isinstance(graph, str) else graph
    for s, p, o in triples:
        yield ox.Quad(convert(s), convert(p), convert(o), target)


#: Characters a terminal or a CI log acts on instead of showing: C0 and C1 controls, DEL, and the
#: Unicode line separators and bidirectional overrides (which reorder what is shown).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\n``, ``\\x1b``, ``\\u202e``):
    a newline or a terminal escape from a data file would start a fake line (``::error ...`` in a
    CI log) or rewrite the terminal."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    named = _NAMED_ESCAPES.get(char)
    if named is not None:
        return named
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
