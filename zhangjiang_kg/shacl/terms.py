"""IRIs the validator needs, and how a pyoxigraph term is written into SPARQL text."""

from __future__ import annotations

import pyoxigraph as ox

# The term type and the namespaces the engine's modules take from here, re-exported explicitly.
from ..reports.terms import Term as Term
from ..vocab import RDF as RDF
from ..vocab import RDFS as RDFS
from ..vocab import SH as SH
from ..vocab import XSD as XSD

RDF_TYPE = ox.NamedNode(RDF + "type")
RDF_FIRST = ox.NamedNode(RDF + "first")
RDF_REST = ox.NamedNode(RDF + "rest")
RDF_NIL = ox.NamedNode(RDF + "nil")
VIOLATION = ox.NamedNode(SH + "Violation")
XSD_BOOLEAN = ox.NamedNode(XSD + "boolean")


def sh(local: str) -> ox.NamedNode:
    """The SHACL vocabulary term ``sh:local``."""
    return ox.NamedNode(SH + local)


def sparql(term: Term) -> str:
    """``term`` as SPARQL text: an IRI or literal constant (a blank node cannot be a constant)."""
    if isinstance(term, ox.BlankNode):
        raise TypeError(f"a blank node cannot appear in a query: {term}")
    return str(term)  # pyoxigraph prints N-Triples syntax, which SPARQL reads


def integer(term: Term | None) -> int | None:
    """The integer a literal writes (a count, a length), or None for anything else."""
    try:
        return int(term.value) if isinstance(term, ox.Literal) else None
    except ValueError:
        return None
