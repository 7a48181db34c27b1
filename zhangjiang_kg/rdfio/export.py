"""Export: the dataset in six RDF syntaxes, byte-for-byte the same for the same graph.

The store hands over its quads as pyoxigraph terms with the lexical forms as written (an N-Triples
file without blank nodes goes from Oxigraph's parser to its serializer instead), and everything
after that is shared: blank nodes are relabelled canonically (:mod:`.canonical`, near-linear),
quads are sorted by their N-Triples text, only the project's prefixes are declared, in alphabetical
order. N-Triples and N-Quads are the sorted lines themselves; for the other syntaxes Oxigraph's
parser reads the lines back as one stream, in that order, into Oxigraph's writer (Turtle, TriG) or
the small writers beside this module (RDF/XML, JSON-LD). Nothing here splits text on anything but
``\\n``: a literal may hold U+2028, U+0085 or a vertical tab, which ``str.splitlines`` would break.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from itertools import chain, islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import InputError
from ..vocab import GRAPHS, PREFIXES
from . import jsonld, rdfxml
from .canonical import relabel
from .formats import SYNTAXES, RdfSyntax, format_of, syntax
from .parse import UTF8_BOM, note_if_no_statements, syntax_error

#: Export formats by the name ``zjkg export --format`` takes.
EXPORT_FORMATS: dict[str, RdfSyntax] = SYNTAXES
#: Which graphs ``--graph`` may name: one of the three, or ``all``.
GRAPH_CHOICES = [*GRAPHS, "all"]
#: Bytes the parser reads from the stream of sorted lines at a time.
_CHUNK = 1 << 20


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
    spec = syntax(fmt)
    return serialize_lines(sorted_lines(quads, keep_graphs=spec.quads), spec.name)


def ntriples_lines(path: Path) -> list[bytes] | None:
    """The sorted unique lines of an N-Triples file as Oxigraph writes them, None for any other file.

    Oxigraph's serializer reads straight from its parser (no store, which would keep numbers by
    value, and no list of quads). Files with blank nodes (their labels must be canonical) or
    ``owl:imports`` (the network check) are left to :func:`~zhangjiang_kg.rdfio.parse.read_quads`.

    :raises RdfSyntaxError: the file does not parse (the error names file, line and column).
    """
    if format_of(path) != "nt":
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None  # read_quads says why
    if b"_:" in raw or b"owl#imports>" in raw:
        return None
    note_if_no_statements(path, raw)
    del raw  # the parser reads the file again rather than hold it twice beside its output
    try:
        with path.open("rb") as file:
            if file.read(len(UTF8_BOM)) != UTF8_BOM:
                file.seek(0)
            parsed = ox.parse(file, format=ox.RdfFormat.N_TRIPLES, base_iri=path.resolve().as_uri())
            body = ox.serialize(parsed, format=ox.RdfFormat.N_TRIPLES) or b""
    except (SyntaxError, ValueError, UnicodeDecodeError, MemoryError) as exc:
        raise syntax_error(path, exc) from None
    lines = body.split(b"\n")
    del body
    lines.sort()
    # Sorted, so a repeated statement is next to itself; the empty line after the last one goes first.
    return [line for line, after in zip(lines, [*lines[1:], None], strict=True) if line and line != after]


def sorted_lines(quads: Iterable[ox.Quad], *, keep_graphs: bool) -> dict[Any, list[bytes]]:
    """Graph name → sorted unique N-Triples lines of ``quads``, blank nodes labelled canonically."""
    return _sorted_lines(relabel(list(quads)), keep_graphs=keep_graphs)


def merge_lines(graphs: dict[Any, list[bytes]], more: dict[Any, list[bytes]]) -> dict[Any, list[bytes]]:
    """The sorted lines of both, per graph, each line once, graphs in IRI order.

    Only the shorter side of a graph becomes a set: the other may hold a million lines.
    """
    for key, lines in more.items():
        have = graphs.get(key)
        if not have or not lines:
            graphs[key] = have or lines
            continue
        small, big = (have, lines) if len(have) <= len(lines) else (lines, have)
        seen = set(small)
        union = [line for line in big if line not in seen]
        union.extend(small)
        union.sort()
        graphs[key] = union
    return {key: graphs[key] for key in sorted(graphs, key=str)}


def serialize_lines(graphs: dict[Any, list[bytes]], fmt: str) -> bytes:
    """Deterministic bytes from graph name → its sorted, unique N-Triples lines (without line ends).

    N-Triples and N-Quads are the lines themselves; the other syntaxes parse them back in that order
    and hand them to a writer (Oxigraph's for Turtle and TriG).
    """
    spec = syntax(fmt)
    if spec.name == "nt":
        return b"\n".join(chain(*graphs.values(), [b""])) if any(graphs.values()) else b""
    if spec.name == "nquads":
        return b"".join(line + b"\n" for line in sorted(_quad_lines(graphs)))
    # Parsed back leniently (the lines are Oxigraph's own writing of terms it parsed strictly), as
    # N-Quads in graph order, from a stream: neither a copy of the lines joined nor a list of quads.
    stream = io.BufferedReader(_LineStream(_quad_lines(graphs)), _CHUNK)
    ordered = ox.parse(stream, format=ox.RdfFormat.N_QUADS, lenient=True)
    if spec.name == "xml":
        return rdfxml.serialize(list(ordered), PREFIXES)
    if spec.name == "json-ld":
        return jsonld.serialize(list(ordered), PREFIXES)
    prefixes = dict(sorted(PREFIXES.items()))
    text = ox.serialize(ordered, format=spec.ox_format, prefixes=prefixes) or b""
    return _sorted_prefixes(bytes(text))


def _sorted_lines(quads: list[ox.Quad], *, keep_graphs: bool) -> dict[Any, list[bytes]]:
    """Graph name → its sorted, unique N-Triples lines (without line ends), graphs in IRI order;
    everything in the default graph unless ``keep_graphs``.

    Oxigraph writes the lines (escaping \\n and \\r, so splitting on ``\\n`` is safe); sorting
    UTF-8 bytes sorts by code point, as sorting the text would.
    """
    groups: dict[Any, list[ox.Triple]] = {}
    if keep_graphs:
        for quad in quads:
            groups.setdefault(quad.graph_name, []).append(quad.triple)
    else:
        groups[ox.DefaultGraph()] = [quad.triple for quad in quads]
    result: dict[Any, list[bytes]] = {}
    for graph in sorted(groups, key=str):
        body = ox.serialize(groups[graph], format=ox.RdfFormat.N_TRIPLES) or b""
        result[graph] = sorted(set(body.split(b"\n")) - {b""})
    return result


class _LineStream(io.RawIOBase):
    """Lines read as one byte stream, each ended by ``\\n``, joined a few thousand at a time."""

    def __init__(self, lines: Iterable[bytes]) -> None:
        super().__init__()
        self._lines = iter(lines)
        self._rest = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._rest:
            batch = list(islice(self._lines, 4096))
            if not batch:
                return 0
            self._rest = memoryview(b"\n".join(batch) + b"\n")
        size = min(len(buffer), len(self._rest))
        buffer[:size] = self._rest[:size]
        self._rest = self._rest[size:]
        return size


def _quad_lines(graphs: dict[Any, list[bytes]]) -> Iterable[bytes]:
    """N-Quads lines: each N-Triples line with its graph name before the final dot."""
    for graph, lines in graphs.items():
        if isinstance(graph, ox.DefaultGraph):
            yield from lines
            continue
        tail = f" {graph} .".encode()
        yield from (line[:-2] + tail for line in lines)


def _sorted_prefixes(text: bytes) -> bytes:
    """Oxigraph declares prefixes in an order of its own; put them in alphabetical order.

    Only the head is split: the body may be hundreds of megabytes.
    """
    end = 0
    while text.startswith(b"@prefix ", end) and (newline := text.find(b"\n", end)) >= 0:
        end = newline + 1
    return b"\n".join(sorted(text[:end].split(b"\n")[:-1])) + b"\n" + text[end:] if end else text
