"""The Oxigraph engine for big graphs: load, query and export without an rdflib store in between.

The three named graphs live in a ``pyoxigraph.Store`` (in memory, or on disk with ``path``, to be
opened again later without reloading); saved queries run on Oxigraph's SPARQL engine, parameters
bound as terms and never pasted into the text. Oxigraph's store keeps typed literals by value
(``"01"^^xsd:integer`` becomes ``1``, ``xsd:byte`` becomes ``xsd:integer``), which is right for
queries but would change the graph, so :meth:`OxigraphGraph.quads` (what export and the SHACL
copy read) re-reads the files the store was loaded from; only a reused store directory, whose
files are unknown, is read back from the store itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import QueryError, StoreError
from ..rdfio.formats import format_of
from ..rdfio.parse import PathArg, read_quads
from ..vocab import GRAPH_INFERRED, GRAPHS, PREFIXES, QUERY_GRAPHS
from .base import graph_iri, in_graph

if TYPE_CHECKING:
    import pyoxigraph as ox

    from ..queries.catalogue import SavedQuery
    from ..queries.results import QueryResult
    from ..ttl.sourcemap import SourceMap


@dataclass
class OxigraphGraph:
    """The ontology, data and shapes as named graphs of one Oxigraph store."""

    store: ox.Store
    path: Path | None = None
    files: dict[str, list[Path]] = field(default_factory=dict)
    #: Whether the store was filled from :attr:`files` (so they can be re-read losslessly).
    from_files: bool = False
    allow_network: bool = False

    def count(self, name: str) -> int:
        """Triples in one named graph (``ontology``, ``data``, ``shapes`` or ``inferred``)."""
        import pyoxigraph as ox

        answer = self.store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph_iri(name)}> {{ ?s ?p ?o }} }}")
        solution = next(iter(answer))  # type: ignore[arg-type]
        value = solution["n"]
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def __len__(self) -> int:
        return sum(self.count(name) for name in GRAPHS)

    @cached_property
    def sourcemap(self) -> SourceMap:
        """Where each subject's block starts in the Turtle files that were loaded."""
        from ..ttl.sourcemap import SourceMap

        found = SourceMap()
        for files in self.files.values():
            for path in files:
                found.add_file(path, syntax=format_of(path))
        return found

    def quads(self, names: Iterable[str]) -> Iterator[ox.Quad]:
        """The quads of the named graphs, lexical forms as written (see the module's note)."""
        import pyoxigraph as ox

        for name in names:
            target = ox.NamedNode(graph_iri(name))
            if self.from_files and name in self.files:
                for path in self.files[name]:
                    yield from in_graph(read_quads(path, allow_network=self.allow_network), target)
            else:
                yield from self.store.quads_for_pattern(None, None, None, target)

    def run_query(
        self,
        query: SavedQuery | str,
        params: Mapping[str, str] | None = None,
        *,
        graphs: Iterable[str] = QUERY_GRAPHS,
        allow_network: bool = False,
    ) -> QueryResult:
        """A saved query (or name / path) on Oxigraph; the default graph is the union of ``graphs``.

        Answers are pyoxigraph terms (``result.rows`` converts them to rdflib terms on first use),
        so the default path never imports rdflib.

        :raises UnknownQueryError, QuerySyntaxError, ParameterError: the query or its values are wrong.
        :raises NetworkAccessError: the query calls a ``SERVICE`` and ``allow_network`` is false.
        :raises QueryError: the query failed while running.
        """
        import pyoxigraph as ox

        from ..queries import catalogue as saved_queries
        from ..queries.results import QueryResult

        saved = saved_queries.find_query(query) if isinstance(query, str) else query
        saved_queries.check(saved, allow_network=allow_network)
        bindings = saved_queries.bind(saved, params)
        answer: Any = None
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.NamedNode(graph_iri(g)) for g in graphs]
        try:
            # Values go in as a VALUES block of escaped terms, as for a remote endpoint: Oxigraph's
            # own substitutions only bind projected variables.
            answer = self.store.query(
                saved_queries.with_values(saved, bindings), prefixes=dict(PREFIXES), default_graph=default
            )
            if isinstance(answer, (bool, ox.QueryBoolean)):
                return QueryResult(variables=[], rows=[], boolean=bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                variables = [v.value for v in answer.variables]
                return QueryResult(variables=variables, terms=[{name: s[name] for name in variables} for s in answer])
            names = ["subject", "predicate", "object"]
            triples = sorted(((t.subject, t.predicate, t.object) for t in answer), key=_ntriples_key)
            return QueryResult(variables=names, terms=[dict(zip(names, t, strict=True)) for t in triples])
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query {saved.name!r} failed on Oxigraph: {exc}") from None
        finally:
            # Oxigraph's result iterators must not outlive this frame, or a gc in another thread
            # frees them there and leaves an on-disk store locked.
            answer = None

    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the store."""
        self.store.update(sparql)

    def insert(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads to their named graphs."""
        self.store.extend(quads)

    def export(self, fmt: str = "turtle", graph: str = "all") -> bytes:
        """Deterministic bytes, the same as the rdflib engine's for the same files."""
        from ..rdfio.export import export

        return export(self, fmt, graph)


def _ntriples_key(triple: tuple[Any, Any, Any]) -> tuple[str, ...]:
    """Triples of a CONSTRUCT in order of their terms' N-Triples text, as rdflib's engine sorts them."""
    return tuple(str(term) for term in triple)


def _load_file(store: ox.Store, file: Path, target: ox.NamedNode, allow_network: bool) -> None:
    """One file into ``target``: N-Triples without blank nodes or imports by Oxigraph's bulk loader
    (twice as fast as handing quads over from Python), everything else through :func:`read_quads`.

    Blank nodes need :func:`read_quads`'s stable per-file labels (so the file read again for export
    names them the same), and ``owl:imports`` its network check.
    """
    from ..rdfio.formats import syntax
    from ..rdfio.parse import note_if_no_statements, syntax_error

    if format_of(file) == "nt":
        try:
            raw = file.read_bytes()
        except OSError:
            raw = b"_:"  # let read_quads say why the file cannot be read
        if b"_:" not in raw and b"owl#imports>" not in raw:
            note_if_no_statements(file, raw)
            try:
                store.bulk_load(raw, format=syntax("nt").ox_format, base_iri=file.resolve().as_uri(), to_graph=target)
            except (SyntaxError, ValueError, MemoryError) as exc:
                raise syntax_error(file, exc) from None
            return
    store.bulk_extend(in_graph(read_quads(file, allow_network=allow_network), target))


def open_store(path: PathArg | None = None) -> ox.Store:
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
    allow_network: bool = False,
    path: PathArg | None = None,
    reuse: bool = False,
) -> OxigraphGraph:
    """Load the graph into Oxigraph; ``None`` for a part means the packaged files.

    With ``path``, the store is persistent in that directory; each named graph is replaced by the
    files given. With ``reuse`` too, a store that already holds data is opened as it is and
    nothing is read (load once, query many times).

    >>> kg = load()
    >>> kg.count("data") > 1000
    True

    :raises RdfSyntaxError: a file does not parse (the error names file, line and column).
    :raises NetworkAccessError: a file would need the network and ``allow_network`` is false.
    :raises InputError: a path does not exist or has an unknown RDF suffix.
    :raises StoreError: the store directory cannot be opened.
    """
    import pyoxigraph as ox

    from .base import graph_files

    parts = graph_files(data, ontology, shapes)
    store = open_store(path)
    kg = OxigraphGraph(
        store=store, path=Path(path) if path is not None else None, files=parts, allow_network=allow_network
    )
    if reuse and path is not None and len(store) > 0:
        return kg
    for name, files in parts.items():
        target = ox.NamedNode(GRAPHS[name])
        store.clear_graph(target)
        for file in files:
            _load_file(store, file, target, allow_network)
    if store.contains_named_graph(ox.NamedNode(GRAPH_INFERRED)):
        store.remove_graph(ox.NamedNode(GRAPH_INFERRED))
    kg.from_files = True
    return kg
