"""The store and its rdflib copy hold the same graph: blank nodes scoped per file, datatypes kept, the same answers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from zhangjiang_kg.queries import catalogue as queries
from zhangjiang_kg.store.graph import KnowledgeGraph
from zhangjiang_kg.validation import validate_compiled, validate_pyshacl

from rdflib_oracle import RdflibCopy
from rdflib_oracle import open_side as open_engine
from store_compare import result_multiset

EX = "http://example.org/"
SHAPES = f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{EX}CountShape> a sh:NodeShape ; sh:targetSubjectsOf <{EX}count> ;
    sh:property [ sh:path <{EX}count> ; sh:datatype xsd:nonNegativeInteger ] .
<{EX}StampShape> a sh:NodeShape ; sh:targetSubjectsOf <{EX}at> ;
    sh:property [ sh:path <{EX}at> ; sh:datatype xsd:dateTimeStamp ] .
"""


def test_each_side_holds_the_graph(engine: str, load_data: Callable[..., Any], mini: Path) -> None:
    kg = load_data([mini / "data"])
    assert isinstance(kg, RdflibCopy if engine == "rdflib" else KnowledgeGraph)
    assert kg.count("data") == 18
    assert kg.count("ontology") == 0


def test_a_blank_node_label_is_local_to_its_file(load_data: Callable[..., Any], tmp_path: Path) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_text(f'_:a <{EX}name> "one" .\n')
    second.write_text(f'_:a <{EX}name> "two" .\n')
    kg = load_data([first, second])
    subjects = {q.subject for q in kg.quads(["data"])}
    assert len(subjects) == 2


@pytest.mark.parametrize("validate", [validate_compiled, validate_pyshacl], ids=["compiled", "pyshacl"])
def test_derived_datatypes_validate_the_same_with_both_validators(validate: Callable[..., Any], tmp_path: Path) -> None:
    data, shapes = tmp_path / "data.ttl", tmp_path / "shapes.ttl"
    data.write_text(
        f'<{EX}a> <{EX}count> "5"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> ;\n'
        f'    <{EX}at> "2020-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTimeStamp> .\n'
    )
    shapes.write_text(SHAPES)
    report = validate(open_engine("oxigraph", [data], ontology=[], shapes=[shapes]), queries_dir=tmp_path)
    assert report.conforms, [(str(r.focus_node), r.message) for r in report.results]


def test_every_saved_query_gives_the_same_rows_on_the_store_and_on_rdflib(mini: Path) -> None:
    parts: dict[str, Any] = {"ontology": [mini / "ontology" / "mini.ttl"], "shapes": []}
    rdflib_kg = open_engine("rdflib", [mini / "data"], **parts)
    oxigraph_kg = open_engine("oxigraph", [mini / "data"], **parts)
    values = {
        "facts-by-status": {"status": "zjo:Achieved"},
        "figures-above": {"min": "1000000"},
        "labelled": {"label": "special fund"},
    }
    for saved in queries.catalogue(mini / "queries"):
        params = values.get(saved.name)
        assert result_multiset(oxigraph_kg.run_query(saved, params)) == result_multiset(
            rdflib_kg.run_query(saved, params)
        ), saved.name


def test_inserted_quads_are_counted_and_handed_back(engine: str, load_data: Callable[..., Any], mini: Path) -> None:
    import pyoxigraph as ox
    from zhangjiang_kg.vocab import GRAPH_INFERRED

    kg = load_data([mini / "data"])
    quad = ox.Quad(
        ox.NamedNode(EX + "s"),
        ox.NamedNode(EX + "p"),
        ox.Literal("007", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")),
        ox.NamedNode(GRAPH_INFERRED),
    )
    kg.insert([quad])
    assert kg.count("inferred") == 1
    assert list(kg.quads(["inferred"])) == [quad]


def test_the_store_has_every_member_the_web_and_validation_use() -> None:
    members = ("store", "files", "sourcemap", "quads", "count", "run_query", "update", "insert", "export", "to_rdflib")
    missing = [m for m in (*members, "__len__") if not hasattr(KnowledgeGraph, m)]
    missing = [m for m in missing if m not in KnowledgeGraph.__dataclass_fields__]
    assert not missing, f"KnowledgeGraph lacks {missing}"


def test_a_blank_node_typed_by_inference_is_validated_by_both_validators(tmp_path: Path) -> None:
    """The graph hands out data as the files wrote it and the type closure comes from its store:
    both must name a blank node the same way, or the inferred type lands on a node nobody has."""
    ontology, data, shapes = tmp_path / "o.ttl", tmp_path / "d.ttl", tmp_path / "s.ttl"
    ontology.write_text(f"<{EX}count> <http://www.w3.org/2000/01/rdf-schema#domain> <{EX}Thing> .\n")
    data.write_text(f'[ <{EX}count> 1 ; <{EX}name> "has one" ] .\n[ <{EX}count> 2 ] .\n')
    shapes.write_text(f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
<{EX}ThingShape> a sh:NodeShape ; sh:targetClass <{EX}Thing> ; sh:property [ sh:path <{EX}name> ; sh:minCount 1 ] .
""")
    for validate in (validate_compiled, validate_pyshacl):
        kg = open_engine("oxigraph", [data], ontology=[ontology], shapes=[shapes])
        report = validate(kg, queries_dir=tmp_path)
        assert [(r.focus_node.__class__.__name__, r.constraint.rsplit("#", 1)[-1]) for r in report.results] == [
            ("BlankNode", "MinCountConstraintComponent")
        ], validate.__name__
