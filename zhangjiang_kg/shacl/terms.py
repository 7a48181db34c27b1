"""IRIs the validator needs, and how a pyoxigraph term is written into SPARQL text."""

from __future__ import annotations

import pyoxigraph as ox

#: A node of an RDF graph as pyoxigraph gives it.
Term = ox.NamedNode | ox.BlankNode | ox.Literal

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"

RDF_TYPE = ox.NamedNode(RDF + "type")
RDF_FIRST = ox.NamedNode(RDF + "first")
RDF_REST = ox.NamedNode(RDF + "rest")
RDF_NIL = ox.NamedNode(RDF + "nil")
VIOLATION = ox.NamedNode(SH + "Violation")


def sh(local: str) -> ox.NamedNode:
    """The SHACL vocabulary term ``sh:local``."""
    return ox.NamedNode(SH + local)


def sparql(term: Term) -> str:
    """``term`` as SPARQL text: an IRI or literal constant (a blank node cannot be a constant)."""
    if isinstance(term, ox.BlankNode):
        raise TypeError(f"a blank node cannot appear in a query: {term}")
    return str(term)  # pyoxigraph prints N-Triples syntax, which SPARQL reads
