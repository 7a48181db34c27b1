"""Terms and SHACL property paths as people read them, and paths read from and written to RDF.

A SHACL validator reports an inverse or sequence path as a blank node whose identifier changes on
every run; a report that printed it would differ between two runs of the same graph. Reading the
node into an rdflib :class:`~rdflib.paths.Path` gives a value that compares by structure and
prints the same every time (``^zjo:figureOf``, ``zjo:a/zjo:b``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, cast

from ..vocab import RDF, SH, curie

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
    from rdflib.paths import Path
    from rdflib.term import Identifier, Node

    PathValue = Identifier | Path

_REPEATS = {"zeroOrMorePath": "*", "oneOrMorePath": "+", "zeroOrOnePath": "?"}


def read_path(graph: Graph, node: Node) -> PathValue:
    """The SHACL path at ``node`` of ``graph``: an IRI, or an rdflib path built from its blank nodes.

    A node that is no SHACL path (malformed input) is returned as it is.
    """
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    def part(inner: Node) -> URIRef | Path:
        return cast("URIRef | Path", read_path(graph, inner))

    if not isinstance(node, BNode):
        return cast("PathValue", node)  # an IRI (or whatever the validator wrote)
    inverse = graph.value(node, URIRef(SH + "inversePath"))
    if inverse is not None:
        return InvPath(part(inverse))
    alternatives = graph.value(node, URIRef(SH + "alternativePath"))
    if alternatives is not None:
        return AlternativePath(*(part(item) for item in Collection(graph, alternatives)))
    for local, modifier in _REPEATS.items():
        inner = graph.value(node, URIRef(SH + local))
        if inner is not None:
            return MulPath(part(inner), cast("Literal['*', '+', '?']", modifier))
    if graph.value(node, URIRef(RDF + "first")) is not None:
        return SequencePath(*(part(item) for item in Collection(graph, node)))
    return node


def term_text(term: PathValue | str | None) -> str:
    """A term for people: ``zj:zhangjiang-zone``, ``^zjo:figureOf``, ``620000000``, ``fund@en``, ``[]``.

    A blank node prints as ``[]``: its identifier is made up by the parser and differs between runs.
    """
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return ""
    if isinstance(term, BNode):
        return "[]"
    if isinstance(term, Literal):
        return f"{term}@{term.language}" if term.language else str(term)
    if isinstance(term, str) and not isinstance(term, URIRef):
        return curie(term) if ":" in term else term
    return path_text(term)


def path_text(path: PathValue | None, *, full: bool = False) -> str:
    """SPARQL property-path syntax: ``^zjo:figureOf``; ``full`` writes ``<iri>`` instead of prefixed names."""
    from rdflib import URIRef
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    if path is None:
        return ""
    if isinstance(path, URIRef):
        return f"<{path}>" if full else curie(str(path))
    if isinstance(path, InvPath):
        return "^" + _grouped(path.arg, full)
    if isinstance(path, SequencePath):
        return "/".join(_grouped(part, full) for part in path.args)
    if isinstance(path, AlternativePath):
        return "|".join(_grouped(part, full) for part in path.args)
    if isinstance(path, MulPath):
        return _grouped(path.path, full) + str(path.mod)
    return str(path)


def _grouped(path: PathValue, full: bool) -> str:
    from rdflib import URIRef
    from rdflib.paths import InvPath

    text = path_text(path, full=full)
    return text if isinstance(path, (URIRef, InvPath)) else f"({text})"


def write_path(graph: Graph, path: PathValue) -> Node:
    """Add ``path`` to ``graph`` as SHACL writes it (blank nodes, RDF lists); returns its node."""
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    if isinstance(path, InvPath):
        node = BNode()
        graph.add((node, URIRef(SH + "inversePath"), write_path(graph, path.arg)))
        return node
    if isinstance(path, MulPath):
        node = BNode()
        local = next(name for name, mod in _REPEATS.items() if mod == path.mod)
        graph.add((node, URIRef(SH + local), write_path(graph, path.path)))
        return node
    if isinstance(path, (SequencePath, AlternativePath)):
        items = BNode()
        Collection(graph, items, [write_path(graph, part) for part in path.args])
        if isinstance(path, SequencePath):
            return items
        node = BNode()
        graph.add((node, URIRef(SH + "alternativePath"), items))
        return node
    return path  # type: ignore[return-value]  # an IRI
