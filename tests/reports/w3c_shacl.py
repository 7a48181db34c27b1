"""Reading the W3C SHACL Core test suite: its entries, and reports compared by structure.

A report is compared as ``sh:conforms`` plus the multiset of its top-level results, each result
the tuple (focus node, path, value, constraint component, severity, source shape). Blank nodes
have no identity across two parses, so a blank node is replaced by the description of its
triples (recursively, a few levels deep), which is what "compared by structure" means here.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace
from zhangjiang_kg.rdfio.terms import to_rdflib
from zhangjiang_kg.reports.findings import Finding
from zhangjiang_kg.reports.paths import PropertyPath, path_text
from zhangjiang_kg.reports.shacl import path_or_term, top_level_results

from prerequisites import configured_path

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
SH = Namespace("http://www.w3.org/ns/shacl#")
_DEPTH = 4


def suite_folder() -> Path:
    """Where the suite is: ``$ZJKG_W3C_SHACL_CORE``, else ``../shared/w3c-shacl-core`` beside the checkout."""
    return configured_path("shacl-suite")


@dataclass(frozen=True)
class Entry:
    """One test: its name, data and shapes files, and the file whose graph holds the expected report."""

    name: str
    data: Path
    shapes: Path
    file: Path


def entries(folder: Path) -> list[Entry]:
    """Every ``sht:Validate`` entry of the test files under ``folder``, by name."""
    found = []
    for file in sorted(folder.rglob("*.ttl")):
        if file.name == "manifest.ttl":
            continue
        graph = Graph().parse(file, format="turtle")
        for entry in graph.subjects(MF.action, None):
            action = graph.value(entry, MF.action)
            data, shapes = graph.value(action, SHT.dataGraph), graph.value(action, SHT.shapesGraph)
            if data is None or shapes is None:
                continue
            found.append(Entry(f"{file.parent.name}/{file.stem}", _local(data), _local(shapes), file))
    return found


def _local(iri: Any) -> Path:
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(str(iri)).path))


def describe(term: Any, graph: Graph, depth: int = _DEPTH) -> Any:
    """A blank node as the frozen set of its (predicate, object) pairs; other terms as they are."""
    if isinstance(term, PropertyPath):
        return ("path", path_text(term, full=True))
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):  # a finding's term
        term = to_rdflib(term)
    if not isinstance(term, BNode):
        return term.toPython() if isinstance(term, Literal) and term.datatype is None else term
    if depth == 0:
        return "[...]"
    return frozenset((p, describe(o, graph, depth - 1)) for p, o in graph.predicate_objects(term))


Key = tuple[Any, Any, Any, Any, Any, Any]


def key(
    focus: Any, path: Any, value: Any, component: Any, severity: Any, shape: Any, data: Graph, shapes: Graph
) -> Key:
    """One result, blank nodes described in the graph they come from (data or shapes)."""
    return (
        describe(focus, data),
        describe(path, shapes),
        describe(value, data),
        str(component),
        str(severity),
        describe(shape, shapes),
    )


def _read(path: Path) -> Graph:
    """The file as written: lexical forms kept, as the validator sees its data."""
    from zhangjiang_kg.store.rdflib_view import new_graph

    from rdflib_oracle import parse_file

    graph = new_graph()
    parse_file(path, graph)
    return graph


def expected(entry: Entry) -> tuple[bool, Counter[Key]]:
    """``sh:conforms`` and the results the entry's ``mf:result`` report expects."""
    graph = _read(entry.file)
    report = next(graph.objects(None, MF.result))
    report_graph = graph  # the expected report's blank nodes are described in the file that holds them
    data = shapes = graph
    conforms = bool(graph.value(report, SH.conforms).toPython())  # type: ignore[union-attr]
    results: Counter[Key] = Counter()
    for node in top_level_results(report_graph):
        path = graph.value(node, SH.resultPath)
        results[
            key(
                graph.value(node, SH.focusNode),
                None if path is None else path_or_term(graph, path),
                graph.value(node, SH.value),
                graph.value(node, SH.sourceConstraintComponent),
                graph.value(node, SH.resultSeverity),
                graph.value(node, SH.sourceShape),
                data,
                shapes,
            )
        ] += 1
    return conforms, results


def actual(findings: list[Finding], data: Graph, shapes: Graph) -> Counter[Key]:
    """The same tuples for what the validator found."""
    return Counter(
        key(f.focus_node, f.path, f.value, f.constraint, f.severity, f.source_shape, data, shapes) for f in findings
    )


def difference(want: Counter[Key], got: Counter[Key]) -> str:
    """Which results are missing and which are extra, one per line."""
    lines = [f"missing: {k}" for k in (want - got).elements()]
    lines += [f"extra: {k}" for k in (got - want).elements()]
    return "\n".join(lines)


@functools.cache
def outcome(entry: Entry) -> str:
    """``""`` when ``zjkg validate --engine pyshacl`` gives the expected report for ``entry``, else why not.

    Cached: the summary test asks again for what every entry's test computed.
    """
    from zhangjiang_kg.shacl.isolated import rdflib_graph
    from zhangjiang_kg.store.graph import load
    from zhangjiang_kg.validation import validate_pyshacl

    kg = load([entry.data], ontology=[], shapes=[entry.shapes])
    report = validate_pyshacl(kg, run_queries=False)
    want_conforms, want = expected(entry)
    data, shapes = rdflib_graph(kg.quads(["data"])), rdflib_graph(kg.quads(["shapes"]))
    got = actual(report.step("shacl").findings, data, shapes)
    problems = []
    if report.conforms != want_conforms:
        problems.append(f"sh:conforms {report.conforms}, expected {want_conforms}")
    if got != want:
        problems.append(difference(want, got))
    return "\n".join(problems)
