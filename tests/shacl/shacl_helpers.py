"""Helpers of the SHACL engine tests: graphs as Oxigraph stores, pySHACL's report as comparable keys."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from zhangjiang_kg.rdfio.terms import to_oxigraph
from zhangjiang_kg.shacl.paths import path_key

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DATA = "urn:x-test:data"
ONTOLOGY = "urn:x-test:ontology"
_ROUND_TRIP = ox.Store()

Key = tuple[str, str, str, str, str, str]


def stored_form(term: Any) -> str:
    """A term as text, a literal in the form an Oxigraph store keeps it (canonical numbers)."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:b"
    if isinstance(term, ox.Literal):
        node = ox.NamedNode("urn:x-canonical")
        _ROUND_TRIP.add(ox.Quad(node, node, term))
        stored = next(iter(_ROUND_TRIP.quads_for_pattern(node, node, None))).object
        _ROUND_TRIP.clear()
        return str(stored)
    return str(term)


def ox_triples(graph: Any) -> list[ox.Triple]:
    """An rdflib graph's triples as pyoxigraph triples."""
    return [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph]


def store_of(graphs: dict[str, Iterable[ox.Triple]]) -> ox.Store:
    """A store with each named graph filled with its triples."""
    store = ox.Store()
    for name, triples in graphs.items():
        store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name)) for t in triples)
    return store


def path_text(report: Any, node: Any) -> str:
    """A result path of an rdflib report graph in the engine's canonical text."""
    from zhangjiang_kg.reports.paths import read_path

    if node is None:
        return ""
    triples = ox_triples(report)
    from zhangjiang_kg.shacl.model import read_shapes

    lists = read_shapes(triples)
    index: dict[Any, dict[str, list[Any]]] = {}
    for t in triples:
        index.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)
    sh = "http://www.w3.org/ns/shacl#"
    return path_key(read_path(to_oxigraph(node), lambda n, local: index.get(n, {}).get(sh + local, []), lists.members))


def pyshacl_keys(data: Any, shapes: Any, *, inference: str) -> tuple[bool, Counter[Key]]:
    """pySHACL's conformance and results (focus, path, value, component, severity, shape)."""
    import pyshacl
    from rdflib import Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference=inference, advanced=True, allow_warnings=False, allow_infos=False
    )
    keys: Counter[Key] = Counter()
    for r in report.objects(None, sh.result):  # not the nested sh:detail results

        def value(p: Any, r: Any = r) -> Any:
            return report.value(r, p)

        keys[
            (
                stored_form(to_oxigraph(value(sh.focusNode))),
                path_text(report, value(sh.resultPath)),
                stored_form(to_oxigraph(value(sh.value))) if value(sh.value) is not None else "",
                str(value(sh.sourceConstraintComponent)),
                str(value(sh.resultSeverity)),
                stored_form(to_oxigraph(value(sh.sourceShape))),
            )
        ] += 1
    return bool(conforms), keys


def engine_keys(report: Any) -> Counter[Key]:
    """The same keys from this engine's report."""
    return Counter(
        (
            stored_form(r.focus),
            path_key(r.path) if r.path else "",
            stored_form(r.value),
            r.component.value,
            r.severity.value,
            stored_form(r.source_shape),
        )
        for r in report.results
    )
