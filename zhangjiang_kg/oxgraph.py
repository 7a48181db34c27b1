"""The Oxigraph path for big graphs: load, query and export without an rdflib store in between.

:func:`zhangjiang_kg.graph.load` copies every triple into rdflib, which is what the SHACL engine
and rdflib's SPARQL need, and is fine for the shipped graph. For grown graphs (hundreds of
thousands of triples and more) this module keeps the three named graphs in a
``pyoxigraph.Store`` instead: files are read by Oxigraph's bulk loader, saved queries run on
Oxigraph's SPARQL engine (parameters bound as terms, never pasted into the text) and N-Triples /
N-Quads exports come from Oxigraph's serialiser, sorted into the same bytes
:func:`zhangjiang_kg.export.export` gives. With a ``path`` the store lives on disk and can be
opened again later without reloading.

:func:`choose_engine` is the one place that decides, for ``--engine auto``, when the input is big
enough for this path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import resources
from .errors import InputError, QueryError, RdfSyntaxError, StoreError, UnknownFormatError
from .graph import GRAPHS, PREFIXES, PathArg, expand_paths, format_of

if TYPE_CHECKING:
    import pyoxigraph as ox

    from .queries import SavedQuery
    from .results import QueryResult
    from .ttl.sourcemap import SourceMap

#: Engines the CLI's ``--engine`` option accepts.
ENGINES = ("auto", "rdflib", "oxigraph")
#: ``--engine auto`` takes the Oxigraph path when the input files hold more bytes than this
#: (about 50,000 triples of N-Triples, or 100,000 of Turtle).
AUTO_THRESHOLD_BYTES = 8 * 1024 * 1024
#: Named graph that holds what :mod:`zhangjiang_kg.fastvalidate` materialises.
GRAPH_INFERRED = "https://w3id.org/zhangjiang-kg/graph/inferred"

_OX_FORMATS = {
    "turtle": "TURTLE",
    "nt": "N_TRIPLES",
    "nquads": "N_QUADS",
    "trig": "TRIG",
    "json-ld": "JSON_LD",
    "xml": "RDF_XML",
}
#: Formats :func:`export` writes with Oxigraph's own serialiser (the others go through rdflib).
NATIVE_EXPORTS = ("nt", "nquads")


def choose_engine(engine: str, paths: Iterable[PathArg] | None) -> str:
    """``rdflib`` or ``oxigraph``: ``engine`` itself, or for ``auto`` by the input's size on disk.

    The packaged graph (``paths`` empty) is small, so ``auto`` keeps rdflib there.

    :raises InputError: ``engine`` is not one of :data:`ENGINES`.
    """
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; valid engines: {', '.join(ENGINES)}")
    if engine != "auto":
        return engine
    files = expand_paths(paths) if paths else []
    size = sum(path.stat().st_size for path in files)
    return "oxigraph" if size > AUTO_THRESHOLD_BYTES else "rdflib"


@dataclass
class OxigraphGraph:
    """The ontology, data and shapes as named graphs of one Oxigraph store."""

    store: "ox.Store"
    path: Path | None = None
    files: dict[str, list[Path]] = field(default_factory=dict)

    def count(self, name: str) -> int:
        """Triples in one named graph (``ontology``, ``data``, ``shapes`` or ``inferred``)."""
        import pyoxigraph as ox

        iri = GRAPH_INFERRED if name == "inferred" else _graph_iri(name)
        answer = self.store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
        solution = next(iter(answer))  # type: ignore[arg-type]
        value = solution["n"]
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def __len__(self) -> int:
        return sum(self.count(name) for name in GRAPHS)

    def sourcemap(self) -> "SourceMap":
        """Where each subject's block starts in the Turtle files that were loaded."""
        from .ttl.sourcemap import SourceMap

        found = SourceMap()
        for files in self.files.values():
            for path in files:
                if format_of(path) == "turtle":
                    found.add_file(path)
        return found


def _graph_iri(name: str) -> str:
    if name not in GRAPHS:
        raise InputError(f"unknown graph {name!r}; valid graphs: {', '.join(GRAPHS)}")
    return GRAPHS[name]


def open_store(path: PathArg | None = None) -> "ox.Store":
    """An in-memory Oxigraph store, or the persistent one in directory ``path``.

    :raises StoreError: the path is a file, or the store there is locked by another process.
    """
    import pyoxigraph as ox

    if path is None:
        return ox.Store()
    where = Path(path)
    if where.exists() and not where.is_dir():
        raise StoreError("oxigraph", "not a directory", str(where))
    try:
        return ox.Store(str(where))
    except OSError as exc:
        message = str(exc).strip()
        if "lock" in message.lower():
            message = f"the directory is in use by another process or store ({message})"
        raise StoreError("oxigraph", message, str(where)) from exc


def load(
    data: Iterable[PathArg] | None = None,
    *,
    ontology: Iterable[PathArg] | None = None,
    shapes: Iterable[PathArg] | None = None,
    path: PathArg | None = None,
    reuse: bool = False,
) -> OxigraphGraph:
    """Load the graph into Oxigraph with its bulk loader; ``None`` for a part means the packaged files.

    With ``path``, the store is persistent in that directory; each named graph is replaced by the
    files given. With ``reuse`` too, a store that already holds data is opened as it is and
    nothing is read (load once, query many times).

    >>> kg = load()
    >>> kg.count("data") > 1000
    True

    :raises RdfSyntaxError: a file does not parse (the error names file, line and column).
    :raises InputError: a path does not exist, has an unknown RDF suffix or is a JSON-LD file
        whose ``@context`` would be fetched from the network.
    :raises StoreError: the store directory cannot be opened.
    """
    import pyoxigraph as ox

    from .graph import _check_jsonld_context

    parts = {
        "ontology": resources.ontology_files() if ontology is None else expand_paths(ontology),
        "data": resources.data_files() if data is None else expand_paths(data),
        "shapes": resources.shapes_files() if shapes is None else expand_paths(shapes),
    }
    store = open_store(path)
    kg = OxigraphGraph(store=store, path=Path(path) if path is not None else None, files=parts)
    if reuse and path is not None and len(store) > 0:
        return kg
    for name, files in parts.items():
        target = ox.NamedNode(GRAPHS[name])
        store.clear_graph(target)
        for file in files:
            fmt = format_of(file)
            if fmt == "json-ld":
                _check_jsonld_context(file, file.read_bytes(), allow_network=False)
            _bulk_load(store, file, fmt, target)
    if _has_graph(store, GRAPH_INFERRED):
        store.remove_graph(ox.NamedNode(GRAPH_INFERRED))
    return kg


def _has_graph(store: "ox.Store", iri: str) -> bool:
    import pyoxigraph as ox

    return bool(store.contains_named_graph(ox.NamedNode(iri)))


def _bulk_load(store: "ox.Store", file: Path, fmt: str, target: "ox.NamedNode") -> None:
    import pyoxigraph as ox

    from .graph import _short_message

    rdf_format = getattr(ox.RdfFormat, _OX_FORMATS[fmt])
    try:
        if rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            # Quads all land in the part's graph: graphs are chosen by role, not by the file.
            store.bulk_extend(
                ox.Quad(q.subject, q.predicate, q.object, target)
                for q in ox.parse(path=str(file), format=rdf_format, base_iri=file.resolve().as_uri())
            )
        else:
            store.bulk_load(path=str(file), format=rdf_format, base_iri=file.resolve().as_uri(), to_graph=target)
    except SyntaxError as exc:
        raise RdfSyntaxError(str(file), _short_message(str(exc.msg or exc)), exc.lineno, exc.offset) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise RdfSyntaxError(str(file), _short_message(str(exc))) from None
    except OSError as exc:
        raise InputError(f"{file}: cannot read: {exc.strerror or exc}") from exc


# --- terms between rdflib and Oxigraph ---------------------------------------------------------


def to_oxigraph(term: Any) -> Any:
    """An rdflib term as a pyoxigraph term."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise InputError(f"cannot bind {term!r} in an Oxigraph query")


class TermCache:
    """pyoxigraph terms turned into rdflib terms, each distinct term converted once."""

    def __init__(self) -> None:
        self._seen: dict[Any, Any] = {}

    def __call__(self, term: Any) -> Any:
        found = self._seen.get(term)
        if found is None:
            from .graph import _to_rdflib

            found = self._seen[term] = _to_rdflib(term)
        return found


# --- queries -----------------------------------------------------------------------------------


def run_query(
    kg: OxigraphGraph,
    query: "SavedQuery | str",
    params: Mapping[str, str] | None = None,
    *,
    graphs: Iterable[str] = ("data", "ontology"),
) -> "QueryResult":
    """Run a saved query (or a name / path) on Oxigraph; the default graph is ontology + data.

    Answers are the rdflib terms :func:`zhangjiang_kg.queries.run` would give, so every renderer
    works on them unchanged.

    :raises UnknownQueryError, QuerySyntaxError, ParameterError: the query or its values are wrong.
    :raises QueryError: the query failed while running.
    """
    import pyoxigraph as ox

    from . import queries as saved_queries
    from .results import QueryResult

    saved = saved_queries.find_query(query) if isinstance(query, str) else query
    saved_queries.prepare(saved)  # the same syntax errors, named the same way, as on rdflib
    bindings = saved_queries.bind(saved, params)
    default = [ox.NamedNode(GRAPH_INFERRED if g == "inferred" else _graph_iri(g)) for g in graphs]
    try:
        # Values go in as a VALUES block of escaped terms, as for a remote endpoint: Oxigraph's
        # own substitutions only bind projected variables.
        answer = kg.store.query(
            saved_queries.with_values(saved, bindings),
            prefixes=dict(PREFIXES),
            default_graph=default,
        )
        convert = TermCache()
        if isinstance(answer, (bool, ox.QueryBoolean)):
            return QueryResult(variables=[], rows=[], boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = []
            for solution in answer:
                row = {}
                for name in variables:
                    value = solution[name]
                    row[name] = None if value is None else convert(value)
                rows.append(row)
            return QueryResult(variables=variables, rows=rows)
        triples = sorted(
            ((convert(t.subject), convert(t.predicate), convert(t.object)) for t in answer),
            key=lambda t: tuple(term.n3() for term in t),
        )
        names = ["subject", "predicate", "object"]
        return QueryResult(variables=names, rows=[dict(zip(names, t)) for t in triples])
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"query {saved.name!r} failed on Oxigraph: {exc}") from None


# --- export ------------------------------------------------------------------------------------


def export(kg: OxigraphGraph, fmt: str = "nt", graph: str = "all") -> bytes:
    """Serialise like :func:`zhangjiang_kg.export.export`, with Oxigraph's serialiser for N-Triples
    and N-Quads (the same bytes: sorted lines, blank nodes relabelled canonically).

    Other formats are written by rdflib from a copy of the chosen graphs (fine for moderate sizes).

    :raises UnknownFormatError: ``fmt`` or ``graph`` is not a known name.
    """
    from .export import EXPORT_FORMATS, GRAPH_CHOICES

    if fmt not in EXPORT_FORMATS:
        raise UnknownFormatError(fmt, list(EXPORT_FORMATS))
    if graph not in GRAPH_CHOICES:
        raise InputError(f"unknown graph {graph!r}; valid graphs: {', '.join(GRAPH_CHOICES)}")
    names = list(GRAPHS) if graph == "all" else [graph]
    if fmt not in NATIVE_EXPORTS:
        from .export import export as rdflib_export

        return rdflib_export(to_knowledge_graph(kg, names), fmt, graph)
    if fmt == "nt":
        return _sorted_unique(_dump_lines(kg, names, quads=False))
    return _sorted_unique(_dump_lines(kg, names, quads=True))


def _dump_lines(kg: OxigraphGraph, names: list[str], *, quads: bool) -> list[bytes]:
    import pyoxigraph as ox

    lines: list[bytes] = []
    for name in names:
        iri = GRAPHS[name]
        target = ox.NamedNode(iri)
        if _has_blank_nodes(kg, iri):
            body = _canonical_nt(kg, target)
        else:
            body = kg.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=target) or b""
        suffix = f" <{iri}> .".encode()
        for line in body.split(b"\n"):
            line = line.rstrip()
            if not line:
                continue
            lines.append(line[:-1].rstrip() + suffix if quads else line)
    return lines


def _has_blank_nodes(kg: OxigraphGraph, iri: str) -> bool:
    return bool(kg.store.query(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }} }}"))


def _canonical_nt(kg: OxigraphGraph, target: "ox.NamedNode") -> bytes:
    """A graph with blank nodes written by rdflib after canonical relabelling (as export.py does)."""
    from .export import _ordered_graph

    convert = TermCache()
    triples = [
        (convert(q.subject), convert(q.predicate), convert(q.object))
        for q in kg.store.quads_for_pattern(None, None, None, target)
    ]
    return bytes(_ordered_graph(triples).serialize(format="nt", encoding="utf-8"))


def _sorted_unique(lines: list[bytes]) -> bytes:
    unique = sorted(set(lines))
    return b"\n".join(unique) + b"\n" if unique else b""


def to_knowledge_graph(kg: OxigraphGraph, names: Iterable[str] = tuple(GRAPHS)) -> Any:
    """An rdflib :class:`~zhangjiang_kg.graph.KnowledgeGraph` holding a copy of the named graphs."""
    from .graph import KnowledgeGraph, new_dataset

    result = KnowledgeGraph(dataset=new_dataset(), files=dict(kg.files))
    for name in names:
        copy_into(kg, [name], result.graph(name))
    return result


def copy_into(kg: OxigraphGraph, names: Iterable[str], target: Any) -> Any:
    """Add the triples of the named graphs (``inferred`` too) to an rdflib graph; returns it."""
    import pyoxigraph as ox

    convert = TermCache()
    for name in names:
        iri = GRAPH_INFERRED if name == "inferred" else _graph_iri(name)
        quads = kg.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))
        target.addN((convert(q.subject), convert(q.predicate), convert(q.object), target) for q in quads)
    return target
