"""Grown graphs with seeded defects (``zjkg synth --violations K``): the findings the generator seeded.

The quick test compares with what the generator says it broke; the slow one compares the whole
result multiset with pySHACL's, RDFS inference on.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from shacl_helpers import DATA, ONTOLOGY, engine_keys, pyshacl_keys, store_of  # type: ignore[import-not-found]
from zhangjiang_kg.shacl import Report, validate_store
from zhangjiang_kg.shacl.paths import path_key

import synth


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, synth.SynthResult]:
    path = tmp_path_factory.mktemp("grown") / "seeded.nt"
    made = synth.synthesise(path, 24000, violations=2 * len(synth.VIOLATION_KINDS), seed=7)
    return path, made


def _engine_store(path: Path, ontology: list[ox.Triple]) -> ox.Store:
    data = [
        ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    ]
    return store_of({DATA: data, ONTOLOGY: ontology})


def _engine(path: Path, ontology: list[ox.Triple], shapes: list[ox.Triple]) -> Report:
    store = _engine_store(path, ontology)
    return validate_store(store, data_graphs=[DATA, ONTOLOGY], shapes=shapes, rdfs=True)


def test_every_seeded_defect_and_nothing_else(
    seeded: tuple[Path, synth.SynthResult], project_ontology: list[ox.Triple], project_shapes: list[ox.Triple]
) -> None:
    path, made = seeded
    report = _engine(path, project_ontology, project_shapes)
    got = sorted(
        (r.focus.value, path_key(r.path)[1:-1] if r.path else "", r.component.value)  # type: ignore[union-attr]
        for r in report.results
    )
    assert got == sorted(v.key() for v in made.violations)
    assert len(got) >= 2 * len(synth.VIOLATION_KINDS)  # some kinds break two constraints


@pytest.mark.slow
def test_grown_graph_matches_pyshacl_rdfs(
    seeded: tuple[Path, synth.SynthResult], project_ontology: list[ox.Triple], project_shapes: list[ox.Triple]
) -> None:
    from rdflib import Graph
    from shacl_helpers import ROOT  # type: ignore[import-not-found]

    path, _made = seeded
    merged = Graph().parse(path, format="nt")
    merged.parse(data="\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in project_ontology), format="nt")
    conforms, expected = pyshacl_keys(merged, Graph().parse(ROOT / "ontology" / "shapes.ttl"), inference="rdfs")
    report = _engine(path, project_ontology, project_shapes)
    assert engine_keys(report) == expected
    assert report.conforms == conforms is False


def test_shapes_validated_in_threads_give_the_serial_report_in_its_order(
    seeded: tuple[Path, synth.SynthResult], project_ontology: list[ox.Triple], project_shapes: list[ox.Triple]
) -> None:
    from zhangjiang_kg.shacl import StoreRunner, validate

    path, _made = seeded
    store = _engine_store(path, project_ontology)
    serial = validate(StoreRunner(store, [DATA, ONTOLOGY]), project_shapes, workers=1)
    threaded_runner = StoreRunner(store, [DATA, ONTOLOGY])
    threaded = validate(threaded_runner, project_shapes, workers=3)
    assert serial.results  # the seeded defects
    assert threaded.results == serial.results
    assert threaded.queries == serial.queries  # every query counted once, whichever thread sent it
