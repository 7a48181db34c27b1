"""Export: the dataset in six RDF syntaxes, byte-for-byte the same for the same graph.

Determinism comes from three things: triples go in sorted order into a store that iterates in
insertion order (rdflib's default store iterates a set, whose order changes with the hash seed),
only the project's prefixes are bound, and N-Triples / N-Quads lines are sorted. TriG and JSON-LD
are assembled here, one named graph after another, since rdflib's writers order graphs by a set. Blank nodes, which the model forbids but users' files may
have, are relabelled canonically first so their names don't churn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import InputError, UnknownFormatError
from .graph import GRAPHS, PREFIXES, KnowledgeGraph, new_graph

_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-]*")

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node


@dataclass(frozen=True)
class ExportFormat:
    """An rdflib serializer name, whether it keeps named graphs, and the usual file suffix."""

    serializer: str
    quads: bool
    suffix: str
    media_type: str


#: Export formats by the name ``zjkg export --format`` takes.
EXPORT_FORMATS: dict[str, ExportFormat] = {
    "turtle": ExportFormat("turtle", False, ".ttl", "text/turtle"),
    "nt": ExportFormat("nt", False, ".nt", "application/n-triples"),
    "nquads": ExportFormat("nquads", True, ".nq", "application/n-quads"),
    "trig": ExportFormat("trig", True, ".trig", "application/trig"),
    "json-ld": ExportFormat("json-ld", True, ".jsonld", "application/ld+json"),
    "xml": ExportFormat("xml", False, ".rdf", "application/rdf+xml"),
}
#: Which graphs ``--graph`` may name: one of the three, or ``all``.
GRAPH_CHOICES = [*GRAPHS, "all"]


def export(kg: KnowledgeGraph, fmt: str = "turtle", graph: str = "all") -> bytes:
    """Serialise one named graph or all of them.

    Triple formats (Turtle, N-Triples, RDF/XML) get the union of the chosen graphs; quad formats
    (N-Quads, TriG, JSON-LD) keep each in its named graph.

    :raises UnknownFormatError: ``fmt`` or ``graph`` is not a known name.
    """
    if fmt not in EXPORT_FORMATS:
        raise UnknownFormatError(fmt, list(EXPORT_FORMATS))
    if graph not in GRAPH_CHOICES:
        raise InputError(f"unknown graph {graph!r}; valid graphs: {', '.join(GRAPH_CHOICES)}")
    spec = EXPORT_FORMATS[fmt]
    names = list(GRAPHS) if graph == "all" else [graph]
    if spec.quads:
        return _export_quads(kg, names, spec)
    return _export_triples(kg, names, spec)


def _canonical(triples: Iterable[tuple["Node", "Node", "Node"]]) -> list[tuple["Node", "Node", "Node"]]:
    """Sorted triples, blank nodes relabelled canonically when there are any."""
    from rdflib import BNode
    from rdflib.compare import to_canonical_graph

    found = list(triples)
    if any(isinstance(term, BNode) for triple in found for term in triple):
        scratch = new_graph()
        for triple in found:
            scratch.add(triple)
        found = list(to_canonical_graph(scratch))
    return sorted(set(found), key=lambda t: tuple(term.n3() for term in t))


def _ordered_graph(triples: Iterable[tuple["Node", "Node", "Node"]]) -> "Graph":
    """A graph whose store iterates in insertion order (rdflib's default store iterates a set)."""
    from rdflib import Graph

    graph = Graph(store="SimpleMemory", bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in _canonical(triples):
        graph.add(triple)
    return graph


def _export_triples(kg: KnowledgeGraph, names: list[str], spec: ExportFormat) -> bytes:
    union: list[tuple["Node", "Node", "Node"]] = []
    for name in names:
        union.extend(kg.graph(name))
    graph = _ordered_graph(union)
    if spec.serializer == "nt":
        return _sorted_lines(graph.serialize(format="nt", encoding="utf-8"))
    return graph.serialize(format=spec.serializer, encoding="utf-8")


def _export_quads(kg: KnowledgeGraph, names: list[str], spec: ExportFormat) -> bytes:
    graphs = {GRAPHS[name]: _ordered_graph(kg.graph(name)) for name in names}
    if spec.serializer == "nquads":
        lines = []
        for iri, graph in graphs.items():
            body = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
            lines.extend(f"{line[:-1].rstrip()} <{iri}> ." for line in body.splitlines() if line.strip())
        return _sorted_lines("\n".join(lines).encode("utf-8"))
    if spec.serializer == "trig":
        return _trig(graphs)
    return _jsonld(graphs)


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(line for line in data.decode("utf-8").splitlines() if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _trig(graphs: dict[str, "Graph"]) -> bytes:
    """TriG assembled from one Turtle body per named graph, graphs in a fixed order."""
    prefixes: set[str] = set()
    blocks: list[str] = []
    for iri, graph in graphs.items():
        body: list[str] = []
        for line in graph.serialize(format="turtle").splitlines():
            if line.startswith("@prefix "):
                prefixes.add(line)
            else:
                body.append(line)
        blocks.append(f"<{iri}> {{\n" + "\n".join(body).strip("\n") + "\n}\n")
    header = "\n".join(sorted(prefixes))
    return (header + "\n\n" + "\n".join(blocks)).encode("utf-8")


def _jsonld(graphs: dict[str, "Graph"]) -> bytes:
    """Flattened JSON-LD with the project's prefixes as context: nodes and keys sorted."""
    import json

    document = {
        "@context": dict(PREFIXES),
        "@graph": [
            {"@id": _compact(iri), "@graph": _jsonld_nodes(graph)} for iri, graph in graphs.items()
        ],
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _jsonld_nodes(graph: "Graph") -> list[dict[str, object]]:
    from rdflib import RDF, BNode, Literal

    nodes: dict[str, dict[str, list[object]]] = {}
    for subject, predicate, obj in graph:
        node = nodes.setdefault(_jsonld_id(subject), {})
        if predicate == RDF.type and not isinstance(obj, Literal):
            node.setdefault("@type", []).append(_jsonld_id(obj))
            continue
        if isinstance(obj, Literal):
            value: dict[str, str] = {"@value": str(obj)}
            if obj.language:
                value["@language"] = obj.language
            elif obj.datatype is not None:
                value["@type"] = _compact(str(obj.datatype))
        else:
            value = {"@id": _jsonld_id(obj) if isinstance(obj, BNode) else _compact(str(obj))}
        node.setdefault(_compact(str(predicate)), []).append(value)
    result = []
    for node_id in sorted(nodes):
        properties = nodes[node_id]
        entry: dict[str, object] = {"@id": node_id}
        for key in sorted(properties):
            entry[key] = sorted(properties[key], key=lambda v: json_key(v))
        result.append(entry)
    return result


def json_key(value: object) -> str:
    """Sort key for JSON values: their canonical JSON text."""
    import json

    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _jsonld_id(term: "Node") -> str:
    from rdflib import BNode

    return f"_:{term}" if isinstance(term, BNode) else _compact(str(term))


def _compact(iri: str) -> str:
    """``zj:zhangjiang-zone`` for IRIs in a project namespace when the local name is plain."""
    for prefix, namespace in PREFIXES.items():
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and _PLAIN_LOCAL.fullmatch(local):
            return f"{prefix}:{local}"
    return iri


def parse_export(data: bytes, fmt: str) -> "Graph":
    """Read an export back (used to prove round trips); quads land in one Dataset."""
    from rdflib import Dataset

    spec = EXPORT_FORMATS[fmt]
    if spec.quads:
        dataset = Dataset()
        dataset.parse(data=data, format=spec.serializer)
        return dataset
    graph = new_graph()
    graph.parse(data=data, format=spec.serializer)
    return graph
