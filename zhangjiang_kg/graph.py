"""Loading: the ontology, the data and the shapes as three named graphs of one rdflib Dataset.

Files are parsed with Oxigraph's strict parsers (fast, and their errors carry line and column) and
the triples are copied into rdflib, which the SHACL engine and the query layer use. Nothing here
touches the network unless the caller passes ``allow_network=True``: a JSON-LD document with a
remote ``@context`` or an ``owl:imports`` of a URL is refused otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import resources
from .errors import InputError, NetworkAccessError, RdfSyntaxError
from .ttl.sourcemap import SourceMap

if TYPE_CHECKING:
    from rdflib import Dataset, Graph
    from rdflib.term import Node

BASE = "https://w3id.org/zhangjiang-kg/"
GRAPH_ONTOLOGY = BASE + "graph/ontology"
GRAPH_DATA = BASE + "graph/data"
GRAPH_SHAPES = BASE + "graph/shapes"
#: Short names of the named graphs, as the CLI's ``--graph`` option spells them.
GRAPHS: dict[str, str] = {"ontology": GRAPH_ONTOLOGY, "data": GRAPH_DATA, "shapes": GRAPH_SHAPES}

#: Prefixes every serialisation and every table uses, so output is stable and readable.
PREFIXES: dict[str, str] = {
    "zj": BASE + "id/",
    "zjo": BASE + "ontology#",
    "zjsh": BASE + "shapes#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "oa": "http://www.w3.org/ns/oa#",
    "time": "http://www.w3.org/2006/time#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vann": "http://purl.org/vocab/vann/",
    "wd": "http://www.wikidata.org/entity/",
}

PathArg = str | PathLike[str]
_OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass
class KnowledgeGraph:
    """The loaded dataset, which files went into which graph, and where each subject is written."""

    dataset: "Dataset"
    files: dict[str, list[Path]] = field(default_factory=dict)
    sourcemap: SourceMap = field(default_factory=SourceMap)

    def graph(self, name: str) -> "Graph":
        """One named graph by short name (``ontology``, ``data``, ``shapes``)."""
        from rdflib import URIRef

        if name not in GRAPHS:
            raise InputError(f"unknown graph {name!r}; valid graphs: {', '.join(GRAPHS)}")
        return self.dataset.graph(URIRef(GRAPHS[name]))

    @property
    def ontology(self) -> "Graph":
        """The OWL ontology and its SKOS schemes."""
        return self.graph("ontology")

    @property
    def data(self) -> "Graph":
        """The instance data."""
        return self.graph("data")

    @property
    def shapes(self) -> "Graph":
        """The SHACL shapes."""
        return self.graph("shapes")

    def merged(self, *names: str) -> "Graph":
        """A fresh graph holding the triples of the named graphs (default: data and ontology)."""
        graph = new_graph()
        for name in names or ("data", "ontology"):
            for triple in self.graph(name):
                graph.add(triple)
        return graph

    def __len__(self) -> int:
        return sum(len(self.graph(name)) for name in GRAPHS)


def new_graph(identifier: "Node | str | None" = None) -> "Graph":
    """An empty rdflib Graph with exactly the project's prefixes bound (no rdflib defaults)."""
    from rdflib import Graph

    graph = Graph(identifier=identifier, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def new_dataset() -> "Dataset":
    """An empty Dataset with the project's prefixes and the three named graphs."""
    from rdflib import Dataset, URIRef

    dataset = Dataset(default_union=False)
    dataset.namespace_manager = new_graph().namespace_manager
    for iri in GRAPHS.values():
        dataset.graph(URIRef(iri))
    return dataset


def load(
    data: Iterable[PathArg] | None = None,
    *,
    ontology: Iterable[PathArg] | None = None,
    shapes: Iterable[PathArg] | None = None,
    allow_network: bool = False,
) -> KnowledgeGraph:
    """Load the graph. ``None`` for any part means the packaged files; paths may be files or folders.

    >>> kg = load()
    >>> len(kg.data) > 0
    True

    :raises RdfSyntaxError: a file does not parse (the error names file, line and column).
    :raises NetworkAccessError: a file would need the network and ``allow_network`` is false.
    :raises InputError: a path does not exist or has an unknown RDF suffix.
    """
    parts = {
        "ontology": resources.ontology_files() if ontology is None else expand_paths(ontology),
        "data": resources.data_files() if data is None else expand_paths(data),
        "shapes": resources.shapes_files() if shapes is None else expand_paths(shapes),
    }
    kg = KnowledgeGraph(dataset=new_dataset(), files={})
    for name, files in parts.items():
        target = kg.graph(name)
        kg.files[name] = list(files)
        for path in files:
            parse_file(path, target, allow_network=allow_network, sourcemap=kg.sourcemap)
    return kg


def expand_paths(paths: Iterable[PathArg]) -> list[Path]:
    """Files as given and folders expanded to the RDF files inside them, without duplicates."""
    result: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = resources.rdf_files(path)
            if not found:
                raise InputError(f"{path}: folder holds no RDF files ({', '.join(resources.RDF_SUFFIXES)})")
            candidates = found
        elif path.is_file():
            candidates = [path]
        else:
            raise InputError(f"{path}: no such file or folder")
        for candidate in candidates:
            if candidate not in result:
                result.append(candidate)
    return result


def format_of(path: Path) -> str:
    """The rdflib format name for a file, from its suffix."""
    fmt = resources.RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"{path}: cannot tell the RDF format from the suffix {path.suffix!r}; "
            f"use one of {', '.join(resources.RDF_SUFFIXES)}"
        )
    return fmt


def parse_file(
    path: Path,
    target: "Graph",
    *,
    allow_network: bool = False,
    sourcemap: SourceMap | None = None,
) -> int:
    """Parse one file into ``target``; returns the number of triples read.

    Quads of a TriG or N-Quads file all land in ``target``: the three graphs are chosen by role,
    not by what a file says.
    """
    fmt = format_of(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if fmt == "json-ld":
        _check_jsonld_context(path, raw, allow_network)
        if allow_network:
            return _parse_with_rdflib(path, raw, target)
    count = 0
    before = len(target)
    for triple in _oxigraph_triples(path, raw, fmt):
        target.add(triple)
        count += 1
    imports = [str(o) for o in target.objects(None, _uri(_OWL_IMPORTS))]
    remote = [iri for iri in imports if iri.split(":", 1)[0].lower() in ("http", "https", "ftp")]
    if remote and not allow_network:
        raise NetworkAccessError(
            f"{path}: owl:imports <{remote[0]}> would fetch from the network; "
            "refused (pass --allow-network to follow imports)"
        )
    if remote and allow_network:  # pragma: no cover - needs the network
        for iri in remote:
            target.parse(iri)
    if sourcemap is not None and fmt == "turtle":
        sourcemap.add_file(path, raw.decode("utf-8", errors="replace"))
    return len(target) - before


def _uri(iri: str) -> "Node":
    from rdflib import URIRef

    return URIRef(iri)


def _oxigraph_triples(path: Path, raw: bytes, fmt: str) -> Iterator[tuple["Node", "Node", "Node"]]:
    """Strict parsing with Oxigraph, turned into rdflib terms; errors become RdfSyntaxError."""
    import pyoxigraph as ox

    formats = {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "json-ld": ox.RdfFormat.JSON_LD,
        "xml": ox.RdfFormat.RDF_XML,
    }
    try:
        quads = list(ox.parse(raw, format=formats[fmt], base_iri=path.resolve().as_uri()))
    except SyntaxError as exc:
        message = str(exc.msg or exc)
        raise RdfSyntaxError(str(path), _short_message(message), exc.lineno, exc.offset) from None
    except (ValueError, UnicodeDecodeError, OSError, MemoryError) as exc:  # MemoryError: a term over 16 MiB
        raise RdfSyntaxError(str(path), _short_message(str(exc))) from None
    for quad in quads:
        yield (_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object))


def _short_message(message: str) -> str:
    """Oxigraph repeats the position in its message; keep the part that says what is wrong."""
    message = message.strip().splitlines()[0] if message.strip() else "syntax error"
    if message.startswith("Parser error at ") and ": " in message:
        message = message.split(": ", 1)[1]
    return message


def _to_rdflib(term: Any) -> "Node":
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANGSTRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise InputError(f"unsupported RDF term {term!r} (RDF-star triples are not part of this graph)")


def _check_jsonld_context(path: Path, raw: bytes, allow_network: bool) -> None:
    """Refuse a remote ``@context`` before any parser gets a chance to fetch it."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        raise RdfSyntaxError(str(path), f"invalid JSON: {getattr(exc, 'msg', exc)}", line, column) from None
    remote = _remote_contexts(document)
    if remote and not allow_network:
        raise NetworkAccessError(
            f"{path}: JSON-LD @context <{remote[0]}> would be fetched from the network; "
            "refused (pass --allow-network to allow it)"
        )


def _remote_contexts(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                values = value if isinstance(value, list) else [value]
                found.extend(v for v in values if isinstance(v, str))
                found.extend(c for v in values if isinstance(v, dict) for c in _remote_contexts(v))
            elif key == "@import" and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_remote_contexts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_remote_contexts(item))
    return found


def _parse_with_rdflib(path: Path, raw: bytes, target: "Graph") -> int:  # pragma: no cover - network
    before = len(target)
    try:
        target.parse(data=raw, format="json-ld", publicID=path.resolve().as_uri())
    except Exception as exc:  # noqa: BLE001 - rdflib raises many unrelated types for bad input
        raise RdfSyntaxError(str(path), str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    return len(target) - before
