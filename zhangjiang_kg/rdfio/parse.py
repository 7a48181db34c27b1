"""Reading RDF files: one parser (Oxigraph's, strict and positioned) and one way its errors read.

:func:`read_quads` keeps lexical forms as written, scopes blank nodes to their file, refuses the
network (:mod:`.network`) and DTD entities in RDF/XML (an 891-byte "billion laughs" file expands
to hundreds of megabytes), and names file, line and column in every error.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from os import PathLike
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox

from ..errors import InputError, RdfSyntaxError
from ..vocab import OWL_IMPORTS
from .formats import RDF_SUFFIXES, SYNTAXES, RdfSyntax, rdf_files, syntax_of
from .network import FETCH_TIMEOUT, check_jsonld_context, fetch, is_remote, refuse_import
from .notices import no_statements
from .terms import oxigraph_quads, quiet_ill_typed_literals

PathArg = str | PathLike[str]
_ENTITY = re.compile(rb"<!ENTITY\b")
#: What in Turtle carries no syntax of its own: strings, IRIs and comments (a ``[`` or ``(`` in
#: them makes no blank node).
_INERT = re.compile(
    rb"<[^>\s]*>"
    rb'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    rb"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
    rb'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    rb"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
    rb"|#[^\n]*",
    re.DOTALL,
)
#: Oxigraph starts messages with the position the error already carries.
_POSITION_PREFIX = re.compile(r"^Parser error (?:at|between) [^:]*: ")


def expand_paths(paths: Iterable[PathArg]) -> list[Path]:
    """Files as given and folders expanded to the RDF files inside them, without duplicates.

    :raises InputError: a path does not exist, or a folder holds no RDF file.
    """
    result: list[Path] = []
    for raw in paths:
        found = files_of(Path(raw), rdf_files, f"RDF files ({', '.join(RDF_SUFFIXES)})")
        result.extend(c for c in found if c not in result)
    return result


def files_of(path: Path, find: Callable[[Path], list[Path]], what: str) -> list[Path]:
    """``[path]`` for a file; for a folder, what ``find`` finds in it (``what`` names it in the error).

    :raises InputError: the path does not exist, or ``find`` finds nothing in the folder.
    """
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError(f"{path}: no such file or folder")
    found = find(path)
    if not found:
        raise InputError(f"{path}: folder holds no {what}")
    return found


#: The UTF-8 byte order mark many Windows editors write first; RDF readers commonly skip it.
UTF8_BOM = b"\xef\xbb\xbf"


def without_bom(raw: bytes) -> bytes:
    """``raw`` without a leading UTF-8 byte order mark (which the parser would take for a term)."""
    return raw[len(UTF8_BOM) :] if raw.startswith(UTF8_BOM) else raw


def syntax_error(path: str | Path, exc: BaseException) -> RdfSyntaxError:
    """Any Oxigraph parser failure as ``file:line:column: what is wrong`` (the position Oxigraph
    repeats inside its message is dropped)."""
    if isinstance(exc, MemoryError):
        return RdfSyntaxError(str(path), f"a term is too long for the parser ({exc})")
    message = str(exc.msg or exc) if isinstance(exc, SyntaxError) else str(exc)
    line, column = (exc.lineno, exc.offset) if isinstance(exc, SyntaxError) else (None, None)
    message = message.strip().splitlines()[0] if message.strip() else "syntax error"
    message = _POSITION_PREFIX.sub("", message) or message
    return RdfSyntaxError(str(path), message, line, column)


def read_quads(path: Path, *, allow_network: bool = False) -> Iterator[ox.Quad]:
    """The quads of one RDF file, parsed strictly, graph names as the file gives them.

    :raises RdfSyntaxError: the file does not parse, or is RDF/XML declaring DTD entities.
    :raises NetworkAccessError: the file would need the network and ``allow_network`` is false.
    :raises InputError: the file cannot be read or its suffix is not an RDF one.
    """
    spec = syntax_of(path)
    try:
        raw = without_bom(path.read_bytes())
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if spec.name == "xml":
        refuse_entities(path, raw)
    if spec.name == "json-ld" and check_jsonld_context(path, raw, allow_network):
        yield from _remote_jsonld(path, raw, path.resolve().as_uri())
        return
    base = path.resolve().as_uri()
    scope = _blank_node_scope(str(path.resolve()))
    count = 0
    try:
        for quad in ox.parse(raw, format=spec.ox_format, base_iri=base):
            count += 1
            quad = scope(quad)
            if (
                quad.predicate.value == OWL_IMPORTS
                and isinstance(quad.object, ox.NamedNode)
                and is_remote(quad.object.value)
            ):
                if not allow_network:
                    raise refuse_import(path, quad.object.value)
                yield from _remote_rdf(path, quad.object.value)
            yield quad
    except (SyntaxError, ValueError, UnicodeDecodeError, MemoryError) as exc:
        raise syntax_error(path, exc) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if count == 0:
        no_statements(path)


def in_graph(quads: Iterable[ox.Quad], graph: ox.NamedNode) -> Iterator[ox.Quad]:
    """The quads moved into ``graph``: graphs are chosen by role, not by file."""
    for quad in quads:
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)


def as_written(spec: RdfSyntax, raw: bytes) -> bool:
    """Whether a Turtle or N-Triples file needs none of :func:`read_quads`' work per quad (no blank
    node, no ``owl:imports``), so the store may load it itself. Turtle errs towards ``False``: an
    escape (``\\u``) or the word ``imports`` anywhere is enough.
    """
    if spec.name == "nt":
        return b"_:" not in raw and b"owl#imports>" not in raw
    if spec.name != "turtle" or b"imports" in raw or b"\\u" in raw or b"\\U" in raw:
        return False
    syntax = _INERT.sub(b" ", raw)  # outside them, blank nodes are written _:x, [ ... ] and ( ... )
    return not any(mark in syntax for mark in (b"_:", b"[", b"(", b"\\"))


def load_as_written(
    store: ox.Store, path: Path, spec: RdfSyntax, raw: bytes, graph: ox.NamedNode, *, bulk: bool
) -> None:
    """A file :func:`as_written` passed, loaded by the store into ``graph`` (several times faster
    than from Python), with :func:`read_quads`' errors and notice. ``bulk`` for a store on disk:
    no transaction holds the whole file; in memory, a plain load is a fifth faster.

    :raises RdfSyntaxError: the file does not parse.
    """
    base = path.resolve().as_uri()
    try:
        if next(ox.parse(raw, format=spec.ox_format, base_iri=base), None) is None:  # reads to the first
            no_statements(path)
        (store.bulk_load if bulk else store.load)(raw, format=spec.ox_format, base_iri=base, to_graph=graph)
    except (SyntaxError, ValueError, UnicodeDecodeError, MemoryError) as exc:
        raise syntax_error(path, exc) from None


def _blank_node_scope(source: str) -> Callable[[ox.Quad], ox.Quad]:
    """Blank nodes renamed ``f<file>b<n>``: apart from other files' (``_:a`` in two files is two
    nodes), and the same on every read of the same file, so a store loaded from a file and the
    file read again agree. (Oxigraph names ``[]`` and list nodes randomly on each parse.)"""
    # crc32, not hashlib: loading OpenSSL costs zjkg query 2 ms, and 32 bits is all a label needs
    prefix = f"f{zlib.crc32(source.encode('utf-8')):08x}b"
    names: dict[str, ox.BlankNode] = {}

    def rename(term: Any) -> Any:
        if not isinstance(term, ox.BlankNode):
            return term
        found = names.get(term.value)
        if found is None:
            found = names[term.value] = ox.BlankNode(f"{prefix}{len(names)}")
        return found

    def scoped(quad: ox.Quad) -> ox.Quad:
        s, o, g = quad.subject, quad.object, quad.graph_name
        if not (isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode) or isinstance(g, ox.BlankNode)):
            return quad
        return ox.Quad(rename(s), quad.predicate, rename(o), rename(g))

    return scoped


def refuse_entities(path: str | Path, raw: bytes) -> None:
    """RDF/XML may not declare DTD entities: a few hundred bytes of them expand without bound.

    :raises RdfSyntaxError: names the file, line and column of the first declaration.
    """
    found = _ENTITY.search(raw)
    if found is not None:
        line = raw.count(b"\n", 0, found.start()) + 1
        column = found.start() - (raw.rfind(b"\n", 0, found.start()) + 1) + 1
        raise RdfSyntaxError(
            str(path), "DTD entity declarations are refused (they can expand without bound)", line, column
        )


def _remote_jsonld(path: Path | str, raw: bytes, base: str) -> Iterator[ox.Quad]:
    """A JSON-LD document whose contexts are fetched (``--allow-network``): rdflib's parser fetches
    them, each read bounded by :data:`~.network.FETCH_TIMEOUT`."""
    import socket  # start-up: only a fetch needs it (a tenth of zjkg query's budget with the rest)

    from rdflib import Dataset  # rdflib: Oxigraph's JSON-LD parser fetches no remote context

    quiet_ill_typed_literals()
    dataset = Dataset()
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(FETCH_TIMEOUT)  # rdflib's fetch takes no time-out of its own
    try:
        dataset.parse(data=raw, format="json-ld", publicID=base)
    except Exception as exc:
        raise RdfSyntaxError(str(path), str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    finally:
        socket.setdefaulttimeout(previous)
    scope = _blank_node_scope(base)
    for graph in dataset.graphs():
        yield from map(scope, oxigraph_quads(graph, str(graph.identifier)))


def _remote_rdf(path: Path, iri: str) -> Iterator[ox.Quad]:
    """The quads of the document ``path`` imports (``--allow-network``), parsed as strictly as a file.

    :raises NetworkAccessError, RdfSyntaxError: it cannot be fetched, or does not parse.
    """
    raw, media = fetch(path, iri)
    suffix = Path(urlsplit(iri).path).suffix.lower()  # for servers that send no media type
    spec = {s.media_type: s for s in SYNTAXES.values()}.get(media) or SYNTAXES[RDF_SUFFIXES.get(suffix, "turtle")]
    where = f"{iri} (owl:imports of {path})"
    if spec.name == "xml":
        refuse_entities(where, raw)
    if spec.name == "json-ld":
        yield from _remote_jsonld(where, raw, iri)
        return
    scope = _blank_node_scope(iri)
    try:
        yield from map(scope, ox.parse(raw, format=spec.ox_format, base_iri=iri))
    except (SyntaxError, ValueError, UnicodeDecodeError, MemoryError) as exc:
        raise syntax_error(where, exc) from None
