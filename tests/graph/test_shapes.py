"""The SHACL shapes: the shipped graph conforms, and every shape fires on a fixture that breaks it.

Each file in ``tests/fixtures/shapes/`` other than ``base.ttl`` changes one thing in the valid base
graph (``# remove:`` lines take triples out, the Turtle body adds some) and names, in ``# expect:``
lines, the single result that change must produce: shape, focus node, result path, constraint
component. Validation runs as the project validates: RDFS inference over the ontology.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.collection import Collection
from shape_cases import (  # the fixtures' reader, shared with the violation-query tests
    BASE,
    NESTING,
    NESTING_LISTS,
    NON_CONSTRAINTS,
    RDFS_SUBCLASS,
    ROOT,
    SH,
    SHAPE_CASES,
    SHAPES_FILE,
    ZJSH,
    Expected,
    case_graph,
    expected_results,
    path_text,
    shape_cases,
    short,
)
from zhangjiang_kg import resources


@pytest.fixture(scope="session")
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@pytest.fixture(scope="session")
def ontology_graph() -> Graph:
    graph = Graph()
    for path in resources.ontology_files():
        graph.parse(path, format="turtle")
    return graph


def shacl_results(data: Graph, ontology: Graph, shapes: Graph) -> set[Expected]:
    """Every result of validating ``data`` with the ontology merged in, as prefixed names.

    The ontology is merged into the data graph rather than passed as pyshacl's ``ont_graph``:
    the same triples reach the validator, without pyshacl's deep copy of the ontology's named
    individuals.
    """
    merged = Graph()
    for triple in ontology:
        merged.add(triple)
    for triple in data:
        merged.add(triple)
    shapes_copy = Graph()  # pyshacl adds a few triples to the shapes graph it is given
    for triple in shapes:
        shapes_copy.add(triple)
    _conforms, report, _text = pyshacl.validate(
        merged, shacl_graph=shapes_copy, inference="rdfs", advanced=True, allow_warnings=True
    )
    results = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        results.add(
            Expected(
                shape=short(report.value(result, SH.sourceShape)),
                focus=short(report.value(result, SH.focusNode)),
                path=path_text(report, report.value(result, SH.resultPath)),
                component=short(report.value(result, SH.sourceConstraintComponent)),
            )
        )
    return results


def test_the_base_fixture_conforms(ontology_graph: Graph, shapes_graph: Graph) -> None:
    assert shacl_results(Graph().parse(BASE, format="turtle"), ontology_graph, shapes_graph) == set()


def test_the_shipped_graph_conforms(ontology_graph: Graph, shapes_graph: Graph) -> None:
    data = Graph()
    for path in resources.data_files():
        data.parse(path, format="turtle")
    results = shacl_results(data, ontology_graph, shapes_graph)
    assert results == set(), "\n".join(str(r) for r in sorted(results))


@pytest.mark.parametrize("case", shape_cases(), ids=lambda p: p.stem)
def test_each_fixture_breaks_exactly_its_shape(case: Path, ontology_graph: Graph, shapes_graph: Graph) -> None:
    expected = expected_results(case)
    assert len(expected) == 1, f"{case.name}: name exactly one '# expect: shape focus path component'"
    assert shacl_results(case_graph(case), ontology_graph, shapes_graph) == expected


# ---------------------------------------------------------------------------------------------
# The shapes file itself


def named_shapes(shapes: Graph) -> set[URIRef]:
    found: set[URIRef] = set()
    for kind in (SH.NodeShape, SH.PropertyShape):
        found.update(s for s in shapes.subjects(RDF.type, kind))
    found.update(o for o in shapes.objects(None, SH.property))
    return found


def helper_shapes(shapes: Graph) -> set[URIRef]:
    """Shapes used only inside sh:or / sh:xone / sh:not / sh:qualifiedValueShape, and their parts."""
    helpers: set[URIRef] = set()
    for predicate in NESTING:
        helpers.update(shapes.objects(None, predicate))
    for predicate in NESTING_LISTS:
        for head in shapes.objects(None, predicate):
            helpers.update(Collection(shapes, head))
    for helper in list(helpers):
        helpers.update(shapes.objects(helper, SH.property))
    return helpers


def targeted_shapes(shapes: Graph) -> set[URIRef]:
    """Shapes with a target and the property shapes they hold: the ones that report results."""
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    found = {s for t in targets for s in shapes.subjects(t, None)}
    return found | {p for s in found for p in shapes.objects(s, SH.property)}


def has_own_constraint(shapes: Graph, shape: URIRef) -> bool:
    return any(p not in NON_CONSTRAINTS for p in shapes.predicates(shape, None))


def test_every_shape_is_named_and_explained(shapes_graph: Graph) -> None:
    for shape in sorted(named_shapes(shapes_graph)):
        assert isinstance(shape, URIRef), f"{shape!r} is not a zjsh: IRI"
        assert shape.startswith(str(ZJSH)), f"{shape!r} is not a zjsh: IRI"
        for predicate in (SH.name, SH.description, SH.message):
            assert shapes_graph.value(shape, predicate) is not None, f"{short(shape)} has no {short(predicate)}"


def test_blank_nodes_are_only_lists_and_paths(shapes_graph: Graph) -> None:
    for subject in set(shapes_graph.subjects()):
        if isinstance(subject, BNode):
            predicates = set(shapes_graph.predicates(subject, None))
            assert predicates <= {RDF.first, RDF.rest} or predicates == {SH.inversePath}, (
                f"blank node with {sorted(short(p) for p in predicates)}: name it with a zjsh: IRI"
            )


def test_every_shape_has_a_fixture(shapes_graph: Graph) -> None:
    covered = {e.shape for case in shape_cases() for e in expected_results(case)}
    helpers = helper_shapes(shapes_graph)
    missing = []
    for shape in sorted(targeted_shapes(shapes_graph)):
        name = short(shape)
        parts = {short(p) for p in shapes_graph.objects(shape, SH.property)}
        if has_own_constraint(shapes_graph, shape):
            if name not in covered:
                missing.append(name)
        elif not parts & covered:
            missing.append(name)
    assert missing == [], f"shapes without a fixture in {SHAPE_CASES.relative_to(ROOT)}: {missing}"
    # a helper is exercised through the shape that uses it; it must be used by one
    untargeted = named_shapes(shapes_graph) - targeted_shapes(shapes_graph)
    assert untargeted <= helpers, f"shapes neither targeted nor used: {sorted(map(short, untargeted - helpers))}"


def test_fixtures_name_real_shapes(shapes_graph: Graph) -> None:
    known = {short(s) for s in named_shapes(shapes_graph)}
    for case in shape_cases():
        for expected in expected_results(case):
            assert expected.shape in known, f"{case.name}: unknown shape {expected.shape}"


def superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    found = {cls}
    frontier: Iterable[URIRef] = [cls]
    while frontier:
        frontier = [s for c in frontier for s in ontology.objects(c, RDFS_SUBCLASS) if s not in found]
        found.update(frontier)
    return found


def test_every_class_of_the_data_is_targeted(ontology_graph: Graph, shapes_graph: Graph) -> None:
    data = Graph()
    for path in resources.data_files():
        data.parse(path, format="turtle")
    targeted = set(shapes_graph.objects(None, SH.targetClass))
    untargeted = sorted(
        short(cls) for cls in set(data.objects(None, RDF.type)) if not superclasses(ontology_graph, cls) & targeted
    )
    assert untargeted == [], f"classes of the data no shape targets: {untargeted}"
