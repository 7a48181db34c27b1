"""Reading shapes: the SHACL Core parameters come from the component registry (nothing is kept
beside it by hand), and a cyclic path description is refused."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
import pytest
from zhangjiang_kg.errors import InputError
from zhangjiang_kg.reports.paths import PropertyPath
from zhangjiang_kg.shacl import read_shapes, validate_store
from zhangjiang_kg.shacl.engine import Evaluator, Finding
from zhangjiang_kg.shacl.model import Shape
from zhangjiang_kg.shacl.registry import COMPONENTS, PARAMETERS, component

SH = "http://www.w3.org/ns/shacl#"
EX = "http://example.org/"
#: The parameters SHACL Core's components read, as the Recommendation lists them.
RECOMMENDATION = {
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive", "maxExclusive",
    "maxInclusive", "minLength", "maxLength", "pattern", "flags", "languageIn", "uniqueLang", "equals", "disjoint",
    "lessThan", "lessThanOrEquals", "not", "and", "or", "xone", "node", "property", "qualifiedValueShape",
    "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint", "closed", "ignoredProperties",
    "hasValue", "in",
}  # fmt: skip


def _triples(turtle: str) -> list[ox.Triple]:
    text = f"@prefix sh: <{SH}> . @prefix ex: <{EX}> .\n{turtle}"
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)]


def test_the_registry_holds_every_parameter_of_shacl_core() -> None:
    assert set(PARAMETERS) == RECOMMENDATION


def test_every_registered_parameter_names_a_component_of_shacl() -> None:
    assert all(iri.startswith(SH) and iri.endswith("ConstraintComponent") for iri in PARAMETERS.values())


@pytest.fixture
def extra_component() -> Iterator[str]:
    """``sh:ZzOnlyConstraintComponent`` (parameter ``sh:zzOnly``) registered for one test:
    every focus node with a value other than ``ex:ok`` violates it."""

    def check(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
        return ev.values_where(shape, focus, f"FILTER(!sameTerm({ev.value_var(shape)}, <{EX}ok>))")

    component("ZzOnlyConstraintComponent", "zzOnly", "zzNote")(check)
    try:
        yield SH + "ZzOnlyConstraintComponent"
    finally:
        del COMPONENTS[SH + "ZzOnlyConstraintComponent"]
        del PARAMETERS["zzOnly"], PARAMETERS["zzNote"]


def test_a_component_added_to_the_registry_is_seen(extra_component: str) -> None:
    assert {"zzOnly", "zzNote"} <= set(PARAMETERS)
    assert list(read_shapes(_triples("ex:U sh:zzOnly true .")).shapes) == [f"<{EX}U>"]  # it makes a shape
    shapes = read_shapes(
        _triples("ex:S sh:targetNode ex:ok, ex:bad ; sh:node _:inner .\n_:inner sh:zzOnly true ; sh:zzNote 'why' .")
    )
    inner = next(s for s in shapes.shapes.values() if isinstance(s.node, ox.BlankNode))
    assert set(inner.params) == {"zzOnly", "zzNote"}  # its parameters are read...
    assert not inner.non_core  # ...as SHACL Core, not handed to pySHACL
    store = ox.Store()
    report = validate_store(store, data_graphs=None, shapes=shapes, rdfs=False)
    assert [(str(r.focus), r.component.value) for r in report.results] == [
        (f"<{EX}bad>", SH + "NodeConstraintComponent")
    ]
    alone = read_shapes(_triples("ex:T sh:targetNode ex:bad ; sh:zzOnly true ."))
    found = validate_store(store, data_graphs=None, shapes=alone, rdfs=False)
    assert [r.component.value for r in found.results] == [extra_component]


def test_without_the_registration_the_parameter_makes_no_shape_and_is_not_read() -> None:
    assert read_shapes(_triples("ex:U sh:zzOnly true .")).shapes == {}
    shapes = read_shapes(_triples("ex:S sh:targetNode ex:ok ; sh:node _:inner .\n_:inner sh:zzOnly true ."))
    inner = next(s for s in shapes.shapes.values() if isinstance(s.node, ox.BlankNode))
    assert inner.params == {}


@pytest.mark.parametrize(
    "path",
    [
        "_:p . _:p sh:inversePath _:p",
        "_:l . _:l rdf:first ex:name ; rdf:rest _:l",
        "[ sh:zeroOrMorePath _:x ] . _:x sh:alternativePath ( ex:name [ sh:inversePath _:x ] )",
    ],
    ids=["inverse-of-itself", "list-without-end", "through-an-alternative"],
)
def test_a_cyclic_path_is_refused_when_shapes_are_read(path: str) -> None:
    shapes = (
        f"@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\nex:S sh:property _:ps .\n_:ps sh:path {path} ."
    )
    with pytest.raises(InputError, match=r"the sh:path of a property shape of <http://example.org/S> is cyclic"):
        read_shapes(_triples(shapes))


def test_a_path_that_shares_a_part_is_no_cycle() -> None:
    """Two branches may use one description (a DAG): only a way back to itself is refused."""
    shapes = read_shapes(
        _triples("ex:S sh:targetNode ex:a ; sh:property [ sh:path ( _:inv _:inv ) ] .\n_:inv sh:inversePath ex:p .")
    )
    inverse = PropertyPath("inverse", (ox.NamedNode(EX + "p"),))
    assert [s.path for s in shapes.shapes.values() if s.path is not None] == [
        PropertyPath("sequence", (inverse, inverse))
    ]
