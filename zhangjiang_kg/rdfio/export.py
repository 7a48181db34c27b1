"""Export: the dataset in six RDF syntaxes, byte-for-byte the same for the same graph.

Both engines hand over their quads as pyoxigraph terms with the lexical forms as written, and
everything after that is shared, so the engines write identical bytes: blank nodes are relabelled
canonically (:mod:`.canonical`, near-linear), quads are sorted by their N-Triples text, only the
project's prefixes are declared, in alphabetical order. N-Triples and N-Quads are the sorted lines
themselves; Turtle and TriG come from Oxigraph's writer fed in that order; RDF/XML and JSON-LD from
the small writers beside this module. Nothing here splits text on anything but ``\\n``: a literal
may hold U+2028, U+0085 or a vertical tab, which ``str.splitlines`` would break.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..vocab import GRAPHS, PREFIXES
from . import jsonld, rdfxml
from .canonical import relabel
from .formats import SYNTAXES, RdfSyntax, syntax

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

#: Export formats by the name ``zjkg export --format`` takes.
EXPORT_FORMATS: dict[str, RdfSyntax] = SYNTAXES
#: Which graphs ``--graph`` may name: one of the three, or ``all``.
GRAPH_CHOICES = [*GRAPHS, "all"]


def graph_names(graph: str) -> list[str]:
    """The short graph names ``--graph`` selects.

    :raises InputError: ``graph`` is not one of :data:`GRAPH_CHOICES`.
    """
    if graph not in GRAPH_CHOICES:
        raise InputError(f"unknown graph {graph!r}; valid graphs: {', '.join(GRAPH_CHOICES)}")
    return list(GRAPHS) if graph == "all" else [graph]


def export(kg: Any, fmt: str = "turtle", graph: str = "all") -> bytes:
    """Serialise one named graph of an engine, or all of them.

    Triple formats (Turtle, N-Triples, RDF/XML) get the union of the chosen graphs; quad formats
    (N-Quads, TriG, JSON-LD) keep each in its named graph.

    :raises UnknownFormatError: ``fmt`` is not a known name.
    :raises InputError: ``graph`` is not a known name, or RDF/XML cannot hold the graph.
    """
    spec = syntax(fmt)
    return serialize(kg.quads(graph_names(graph)), spec.name)


def serialize(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """Deterministic bytes of ``quads`` in syntax ``fmt`` (graph names dropped for triple syntaxes)."""
    import pyoxigraph as ox

    spec = syntax(fmt)
    found = quads if spec.quads else (ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    ordered = _sorted(relabel(set(found)))
    if spec.name in ("nt", "nquads"):
        return "".join(f"{_line(q, spec.quads)}\n" for q in ordered).encode("utf-8")
    if spec.name == "xml":
        return rdfxml.serialize(ordered, PREFIXES)
    if spec.name == "json-ld":
        return jsonld.serialize(ordered, PREFIXES)
    prefixes = dict(sorted(PREFIXES.items()))
    text = ox.serialize(ordered, format=spec.ox_format, prefixes=prefixes) or b""
    return _sorted_prefixes(bytes(text))


def _line(quad: ox.Quad, with_graph: bool) -> str:
    import pyoxigraph as ox

    graph = quad.graph_name
    tail = f" {graph}" if with_graph and not isinstance(graph, ox.DefaultGraph) else ""
    return f"{quad.subject} {quad.predicate} {quad.object}{tail} ."


def _sorted(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Quads by graph, then by the N-Triples text of subject, predicate, object."""
    return sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def _sorted_prefixes(text: bytes) -> bytes:
    """Oxigraph declares prefixes in an order of its own; put them in alphabetical order."""
    lines = text.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    return b"\n".join(sorted(lines[:head]) + lines[head:])


def parse_export(data: bytes, fmt: str) -> Graph:
    """Read an export back with lexical forms kept (used to prove round trips); quads land in a Dataset."""
    import pyoxigraph as ox
    from rdflib import Dataset, URIRef

    from ..engines.rdflib_engine import new_graph
    from .terms import TermCache, to_rdflib

    spec = syntax(fmt)
    convert = TermCache(to_rdflib)
    quads = ox.parse(data, format=spec.ox_format)
    if not spec.quads:
        graph = new_graph()
        graph.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph) for q in quads)
        return graph
    dataset = Dataset()
    for q in quads:
        name = None if isinstance(q.graph_name, ox.DefaultGraph) else URIRef(q.graph_name.value)
        dataset.graph(name).add((convert(q.subject), convert(q.predicate), convert(q.object)))
    return dataset
