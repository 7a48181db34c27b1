"""Reading the W3C SHACL Core tests: each file's data, shapes and expected report as comparable keys."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from shacl_helpers import stored_form  # type: ignore[import-not-found]
from zhangjiang_kg.reports.paths import read_path
from zhangjiang_kg.shacl import read_shapes
from zhangjiang_kg.shacl.model import ShapesGraph
from zhangjiang_kg.shacl.paths import path_key
from zhangjiang_kg.shacl.report import ValidationResult
from zhangjiang_kg.shacl.terms import RDF_TYPE, SH, Term, sh

from prerequisites import configured_path

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"


def suite_dir() -> Path:
    """Where the suite lives: ``$ZJKG_W3C_SHACL_CORE`` or ``shared/w3c-shacl-core`` beside the checkout."""
    return configured_path("shacl-suite")


Key = tuple[str, str, str, str, str, str]


def canonical(term: Term | None) -> str:
    """Blank nodes can only be compared by shape: every one reads the same.

    A literal is compared in the form an Oxigraph store keeps it (``"4.0"`` in the expected report
    is the ``"4"`` the engine reads back): :func:`shacl_helpers.stored_form`.
    """
    return stored_form(term)


def result_key(r: ValidationResult) -> Key:
    return (
        canonical(r.focus),
        path_key(r.path) if r.path else "",
        canonical(r.value),
        r.component.value,
        r.severity.value,
        canonical(r.source_shape),
    )


@dataclass
class Case:
    name: str
    file: Path
    data: list[ox.Triple]
    shapes: list[ox.Triple]
    conforms: bool
    expected: Counter[Key]


def _graph(path: Path) -> list[ox.Triple]:
    return [
        ox.Triple(t.subject, t.predicate, t.object)
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    ]


def cases() -> list[Case]:
    """Every test the manifests include (one sht:Validate entry per file)."""
    root = suite_dir()
    found: list[Case] = []
    for folder in ("node", "property"):
        manifest = _graph(root / folder / "manifest.ttl")
        for t in manifest:
            if t.predicate.value == MF + "include" and isinstance(t.object, ox.NamedNode):
                found += _cases(Path(t.object.value.removeprefix("file://")))
    return sorted(found, key=lambda c: c.name)


def _cases(file: Path) -> list[Case]:
    triples = _graph(file)
    graph = read_shapes(triples)  # only for its lists and accessors
    index: dict[Term, dict[str, list[Term]]] = {}
    for t in triples:
        index.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)
    out = []
    for props in index.values():
        if ox.NamedNode(SHT + "Validate") not in props.get(RDF_TYPE.value, []):
            continue
        action = index[props[MF + "action"][0]]
        data = _load(file, action[SHT + "dataGraph"][0])
        shapes = _load(file, action[SHT + "shapesGraph"][0])
        report = index[props[MF + "result"][0]]
        conforms = report[SH + "conforms"][0].value == "true"  # type: ignore[union-attr]
        expected: Counter[Key] = Counter()
        for node in report.get(SH + "result", []):
            expected[_expected_key(index, graph, node)] += 1
        out.append(Case(f"{file.parent.name}/{file.stem}", file, data, shapes, conforms, expected))
    return out


def _load(file: Path, node: Term) -> list[ox.Triple]:
    assert isinstance(node, ox.NamedNode)
    target = Path(node.value.removeprefix("file://"))
    return _graph(target)


def _expected_key(index: dict[Term, dict[str, list[Term]]], graph: ShapesGraph, node: Term) -> Key:
    props = index[node]

    def one(local: str) -> Term | None:
        return props.get(SH + local, [None])[0]

    path_node = one("resultPath")
    path = ""
    if path_node is not None:

        def objects(n: Term, local: str) -> list[Term]:
            return index.get(n, {}).get(SH + local, [])

        path = path_key(read_path(path_node, objects, graph.members))
    severity = one("resultSeverity")
    return (
        canonical(one("focusNode")),
        path,
        canonical(one("value")),
        one("sourceConstraintComponent").value,
        (severity or sh("Violation")).value,  # type: ignore[union-attr]
        canonical(one("sourceShape")),
    )
