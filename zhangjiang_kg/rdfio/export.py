"""Export: the dataset in six RDF syntaxes, byte-for-byte the same for the same graph.

Blank nodes are relabelled canonically (:mod:`.canonical`), quads sorted by their N-Triples text,
and those lines are the N-Triples and N-Quads; the other syntaxes parse them back, in that order,
into a writer. Text is split on ``\\n`` only: a literal may hold U+2028 or U+0085, which
``str.splitlines`` would break.
"""

from __future__ import annotations

import io
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import chain, groupby, islice
from operator import eq, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..errors import InputError
from ..vocab import GRAPHS, PREFIXES
from . import jsonld, rdfxml
from .canonical import relabel
from .formats import SYNTAXES, RdfSyntax, format_of, syntax
from .notices import no_statements
from .parse import UTF8_BOM, in_graph, read_quads, syntax_error

if TYPE_CHECKING:
    from ..store.graph import KnowledgeGraph

#: Export formats by the name ``zjkg export --format`` takes.
EXPORT_FORMATS: dict[str, RdfSyntax] = SYNTAXES
#: Bytes Oxigraph's N-Triples writing is split into lines at a time.
_CHUNK = 1 << 20
#: Lines joined into one piece of the export.
_BATCH = 4096


def graph_names(graph: str) -> list[str]:
    """The short graph names ``--graph`` selects.

    :raises InputError: ``graph`` is none of :data:`~zhangjiang_kg.vocab.GRAPHS` nor ``all``.
    """
    if graph != "all" and graph not in GRAPHS:
        raise InputError(f"unknown graph {graph!r}; valid graphs: {', '.join([*GRAPHS, 'all'])}")
    return list(GRAPHS) if graph == "all" else [graph]


def serialize(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """Deterministic bytes of ``quads`` in syntax ``fmt`` (graph names dropped for triple syntaxes)."""
    return serialize_lines(sorted_lines(quads, keep_graphs=syntax(fmt).quads), fmt)


def export_pieces(kg: KnowledgeGraph, fmt: str = "turtle", graph: str = "all") -> Iterable[bytes]:
    """:meth:`KnowledgeGraph.export`'s bytes as pieces to write in turn: N-Triples a few thousand
    lines a piece (joined, a big graph's text would be held twice; the work is done here, the
    pieces are only joined as they are read), other syntaxes in one piece. One named graph, or all
    of them (the union for triple syntaxes).

    :raises UnknownFormatError: ``fmt`` is not a known name.
    :raises InputError: ``graph`` is not a known name, or RDF/XML cannot hold the graph.
    """
    spec = syntax(fmt)
    streamed: dict[Any, list[bytes]] = {}
    read: list[Iterable[ox.Quad]] = []
    for name in graph_names(graph):
        named = ox.NamedNode(GRAPHS[name])  # blank-node labels depend on the graph a node is in
        key = named if spec.quads else ox.DefaultGraph()
        if not (kg.from_files and name in kg.files):
            read.append(kg.quads([name]))
            continue
        for path in kg.files[name]:
            lines = ntriples_lines(path)
            if lines is None:
                read.append(in_graph(read_quads(path, allow_network=kg.allow_network), named))
            else:
                streamed = merge_lines(streamed, {key: lines})
    graphs = merge_lines(sorted_lines(chain(*read), keep_graphs=spec.quads), streamed)
    return _nquads(graphs) if spec.name == "nt" else [serialize_lines(graphs, spec.name)]


def ntriples_lines(path: Path) -> list[bytes] | None:
    """The sorted unique lines of an N-Triples file as Oxigraph writes them, None for any other file.

    Oxigraph's serializer reads straight from its parser (a store would keep numbers by value).
    Files with blank nodes (labels must be canonical) or ``owl:imports`` (the network check) are
    left to :func:`~zhangjiang_kg.rdfio.parse.read_quads`, once parsed for errors.

    :raises RdfSyntaxError: the file does not parse (the error names file, line and column).
    """
    if format_of(path) != "nt":
        return None
    raw = _Lines()
    written = io.BufferedWriter(raw, _CHUNK)
    base = path.resolve().as_uri()
    try:
        with path.open("rb") as file:
            if file.read(len(UTF8_BOM)) == UTF8_BOM:  # which the parser would take for a term
                parsed = ox.parse(file, format=ox.RdfFormat.N_TRIPLES, base_iri=base)
            else:  # the parser reads the file a tenth faster than through a Python file object
                parsed = ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES, base_iri=base)
            ox.serialize(parsed, written, format=ox.RdfFormat.N_TRIPLES)
            written.flush()
    except OSError:
        return None  # read_quads says why
    except (SyntaxError, ValueError, UnicodeDecodeError, MemoryError) as exc:
        raise syntax_error(path, exc) from None
    if not raw.plain:
        return None
    if not raw.lines:
        no_statements(path)
    return _unique(raw.lines)


def sorted_lines(quads: Iterable[ox.Quad], *, keep_graphs: bool) -> dict[Any, list[bytes]]:
    """Graph name → sorted unique N-Triples lines of ``quads`` (without line ends), blank nodes
    labelled canonically, graphs in IRI order; everything in the default graph unless ``keep_graphs``.
    (Oxigraph escapes \\n and \\r in the lines; sorting UTF-8 bytes sorts by code point.)"""
    groups: dict[Any, list[ox.Triple]] = {}
    for quad in relabel(list(quads)):
        groups.setdefault(quad.graph_name if keep_graphs else ox.DefaultGraph(), []).append(quad.triple)
    result: dict[Any, list[bytes]] = {}
    for graph in sorted(groups, key=str):
        body = ox.serialize(groups[graph], format=ox.RdfFormat.N_TRIPLES) or b""
        result[graph] = _unique(body.split(b"\n"))
    return result


def merge_lines(graphs: dict[Any, list[bytes]], more: dict[Any, list[bytes]]) -> dict[Any, list[bytes]]:
    """The sorted lines of both, per graph, each line once, graphs in IRI order: the lines the longer
    side lacks are found by bisection and sorted into it, in place (a copy costs as much)."""
    for key, lines in more.items():
        small, big = sorted((graphs.get(key, []), lines), key=len)
        missing = [line for line in small if not _holds(big, line)]
        if missing:
            big += missing
            big.sort()
        graphs[key] = big
    return {key: graphs[key] for key in sorted(graphs, key=str)}


def serialize_lines(graphs: dict[Any, list[bytes]], fmt: str) -> bytes:
    """Deterministic bytes from graph name → its sorted, unique N-Triples lines (without line ends)."""
    spec = syntax(fmt)
    if spec.name == "nt":
        return b"".join(_nquads(graphs))
    if spec.name == "nquads":
        return b"\n".join([*_unique(b"".join(_nquads(graphs)).split(b"\n")), b""]) if any(graphs.values()) else b""
    # Parsed back leniently (the lines are Oxigraph's own writing of terms it parsed strictly), as
    # N-Quads in graph order, a piece at a time: neither the lines joined nor a list of quads. Blank
    # nodes keep their N-Quads labels, so the pieces' nodes are the graph's.
    ordered = chain.from_iterable(
        ox.parse(piece, format=ox.RdfFormat.N_QUADS, lenient=True) for piece in _nquads(graphs)
    )
    if spec.name == "xml":
        return rdfxml.serialize(list(ordered), PREFIXES)
    if spec.name == "json-ld":
        return jsonld.serialize(list(ordered), PREFIXES)
    prefixes = dict(sorted(PREFIXES.items()))
    text = ox.serialize(ordered, format=spec.ox_format, prefixes=prefixes) or b""
    return _sorted_prefixes(bytes(text))


def _unique(lines: list[bytes]) -> list[bytes]:
    """``lines`` sorted (in place), each once, without empty lines (which sort first); repeats are
    rare, so they are dropped only when a sorted neighbour shows one."""
    lines.sort()
    if any(map(eq, lines, islice(lines, 1, None))):
        lines = list(map(itemgetter(0), groupby(lines)))
    return lines[1:] if lines and not lines[0] else lines


def _holds(lines: list[bytes], line: bytes) -> bool:
    """Whether the sorted ``lines`` hold ``line``."""
    at = bisect_left(lines, line)
    return at < len(lines) and lines[at] == line


def _nquads(graphs: dict[Any, list[bytes]]) -> Iterator[bytes]:
    """The lines as N-Quads text (N-Triples in the default graph), graph after graph, a few
    thousand lines a piece; a graph name goes before each line's final dot (Oxigraph escapes line
    breaks in literals, so `` .\\n`` only ever ends a statement)."""
    for graph, lines in graphs.items():
        end = b" .\n" if isinstance(graph, ox.DefaultGraph) else f" {graph} .\n".encode()
        for start in range(0, len(lines), _BATCH):
            piece = b"\n".join(lines[start : start + _BATCH]) + b"\n"
            yield piece if end == b" .\n" else piece.replace(b" .\n", end)


class _Lines(io.RawIOBase):
    """Oxigraph's N-Triples writing split into lines as it comes, so its whole text is never held;
    ``plain`` until a blank node or an ``owl:imports`` shows (searched in Oxigraph's writing,
    where blank nodes are ``_:label`` and IRIs have no escapes)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[bytes] = []
        self.plain = True
        self._rest = b""

    def writable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        if not self.plain:  # the file goes to read_quads: its lines would only be dropped
            return len(chunk)
        text = self._rest + chunk
        if b"_:" in text or b"owl#imports>" in text:
            self.plain = False
            self.lines, self._rest = [], b""
            return len(chunk)
        *whole, self._rest = text.split(b"\n")  # Oxigraph ends every line, the last one too
        self.lines += whole
        return len(chunk)


def _sorted_prefixes(text: bytes) -> bytes:
    """Oxigraph declares prefixes in an order of its own; put them in alphabetical order (only the
    head is split: the body may be hundreds of megabytes)."""
    end = 0
    while text.startswith(b"@prefix ", end) and (newline := text.find(b"\n", end)) >= 0:
        end = newline + 1
    return b"\n".join(sorted(text[:end].split(b"\n")[:-1])) + b"\n" + text[end:] if end else text
