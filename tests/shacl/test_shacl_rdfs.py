"""The in-process RDFS closure: the scratch graph holds what RDFS adds to the data, and nothing else."""

from __future__ import annotations

import pyoxigraph as ox
from shacl_helpers import DATA, ONTOLOGY, store_of  # type: ignore[import-not-found]
from zhangjiang_kg.shacl.rdfs import INFERRED_GRAPH, materialise

EX = "http://example.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def _t(s: str, p: str, o: str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o))


def _inferred(data: list[ox.Triple], ontology: list[ox.Triple]) -> list[tuple[str, str, str]]:
    store = store_of({DATA: data, ONTOLOGY: ontology})
    materialise(store, [DATA, ONTOLOGY])
    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH))
    return sorted((q.subject.value, q.predicate.value, q.object.value) for q in quads)


def test_the_closure_writes_only_triples_the_data_lacks() -> None:
    """A type both stated and implied is not written again: each focus node is bound once per query."""
    ontology = [
        _t(EX + "Fund", RDFS + "subClassOf", EX + "Thing"),
        _t(EX + "invests", RDFS + "domain", EX + "Fund"),
        _t(EX + "invests", RDFS + "range", EX + "Project"),
        _t(EX + "leads", RDFS + "subPropertyOf", EX + "invests"),
    ]
    data = [
        _t(EX + "a", RDF_TYPE, EX + "Fund"),  # stated, and implied by a's ex:invests
        _t(EX + "a", RDF_TYPE, EX + "Thing"),  # stated, and implied by the subclass
        _t(EX + "a", EX + "invests", EX + "p"),
        _t(EX + "a", EX + "leads", EX + "p"),  # its super-property triple is stated too
        _t(EX + "b", EX + "leads", EX + "q"),
        _t(EX + "q", RDF_TYPE, EX + "Project"),
    ]
    assert _inferred(data, ontology) == [
        (EX + "b", EX + "invests", EX + "q"),
        (EX + "b", RDF_TYPE, EX + "Fund"),
        (EX + "b", RDF_TYPE, EX + "Thing"),
        (EX + "p", RDF_TYPE, EX + "Project"),
    ]


def test_a_blank_node_class_in_the_schema_still_types_through_it() -> None:
    """A VALUES block cannot name a blank node: such a step keeps the schema pattern itself."""
    union = ox.BlankNode("u")
    ontology = [
        ox.Triple(ox.NamedNode(EX + "p"), ox.NamedNode(RDFS + "domain"), union),
        ox.Triple(union, ox.NamedNode(RDFS + "subClassOf"), ox.NamedNode(EX + "C")),
    ]
    inferred = _inferred([_t(EX + "s", EX + "p", EX + "o")], ontology)
    assert (EX + "s", RDF_TYPE, EX + "C") in inferred
    assert len(inferred) == 2  # and the type of the blank class itself
