"""rdfio.terms.identifier: rdflib hands back ``Node``; the package sorts and keys on Identifiers."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier
from zhangjiang_kg.rdfio.terms import identifier


@pytest.mark.parametrize("term", [URIRef("urn:x"), BNode("b0"), Literal("5", datatype=URIRef("urn:t"))])
def test_an_rdf_term_comes_back_as_itself(term: Identifier) -> None:
    assert identifier(term) is term


def test_a_node_that_is_no_rdf_term_is_refused() -> None:
    # a Graph is an rdflib Node (formulas), but never a term of a triple the package reads
    with pytest.raises(TypeError, match="not an RDF term"):
        identifier(Graph())
