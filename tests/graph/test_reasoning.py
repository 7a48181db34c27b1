"""The ontology and data are consistent for a real OWL 2 DL reasoner (HermiT, shipped by owlready2).

owlready2 does not read Turtle, so the graph goes through rdflib to N-Triples first. The data uses
xsd:date, xsd:gYear and xsd:duration, as OWL-Time and schema.org prescribe; those are outside the
OWL 2 datatype map, so for the reasoner (and only there) such literals become plain strings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from prerequisites import program_path, skip_reason

REPO = Path(__file__).resolve().parents[2]

#: Datatypes of the OWL 2 datatype map that appear in the graph; anything else is mapped to a string.
OWL2_DATATYPES = {
    XSD.string,
    XSD.integer,
    XSD.decimal,
    XSD.boolean,
    XSD.dateTime,
    XSD.nonNegativeInteger,
    URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"),
}

owlready2 = pytest.importorskip("owlready2")
pytestmark = pytest.mark.skipif(program_path("java") is None, reason=skip_reason("java"))


def _graph_for_reasoner() -> Graph:
    graph = Graph()
    for path in sorted((REPO / "ontology").glob("*.ttl")):
        if path.name != "shapes.ttl":
            graph.parse(path, format="turtle")
    for path in sorted((REPO / "data").glob("*.ttl")):
        graph.parse(path, format="turtle")
    for s, p, o in list(graph):
        if isinstance(o, Literal) and o.datatype is not None and o.datatype not in OWL2_DATATYPES:
            graph.remove((s, p, o))
            graph.add((s, p, Literal(str(o))))
    return graph


def _hermit_consistent(graph: Graph, tmp_path: Path) -> list[str]:
    path = tmp_path / "graph.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return [str(c) for c in world.inconsistent_classes()]


def test_ontology_and_data_are_consistent(tmp_path: Path) -> None:
    assert _hermit_consistent(_graph_for_reasoner(), tmp_path) == []


def test_reasoner_detects_an_inconsistency(tmp_path: Path) -> None:
    """The check can fail: zjo:status is functional and the statuses differ, so a second one contradicts."""
    graph = _graph_for_reasoner()
    zjo = "https://w3id.org/zhangjiang-kg/ontology#"
    graph.add(
        (URIRef("https://w3id.org/zhangjiang-kg/id/zhangjiang-zone"), URIRef(zjo + "status"), URIRef(zjo + "Planned"))
    )
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit_consistent(graph, tmp_path)


def test_reasoner_detects_a_claim_typed_as_an_entity(tmp_path: Path) -> None:
    """A figure is a claim, and claims are disjoint with platforms: typing one as both is inconsistent."""
    graph = _graph_for_reasoner()
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    graph.add(
        (
            URIRef("https://w3id.org/zhangjiang-kg/id/zone-jobs-added"),
            rdf_type,
            URIRef("https://w3id.org/zhangjiang-kg/ontology#Platform"),
        )
    )
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit_consistent(graph, tmp_path)
