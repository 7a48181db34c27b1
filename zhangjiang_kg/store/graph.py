"""The knowledge graph in one Oxigraph store: load, query, export, and an rdflib copy for the edges.

The store keeps typed literals by value (``"01"^^xsd:integer`` becomes ``1``), right for queries
but not for the graph, so :meth:`KnowledgeGraph.quads` (what export, rdflib and SHACL read)
re-reads the files the store was loaded from; only a reused store directory is read from the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .. import resources
from ..errors import InputError, QueryError, StoreError
from ..queries import catalogue as saved_queries
from ..queries.catalogue import SavedQuery
from ..queries.results import QueryResult
from ..rdfio.formats import format_of, syntax_of
from ..rdfio.parse import PathArg, as_written, expand_paths, in_graph, load_as_written, read_quads, without_bom
from ..vocab import GRAPH_INFERRED, GRAPHS, PREFIXES, QUERY_GRAPHS

if TYPE_CHECKING:
    from rdflib import Dataset  # what to_rdflib() gives rdflib users, pySHACL and pyLODE

    from ..ttl.sourcemap import SourceMap


@dataclass
class KnowledgeGraph:
    """The ontology, data, background and shapes as named graphs of one Oxigraph store."""

    store: ox.Store
    path: Path | None = None
    files: dict[str, list[Path]] = field(default_factory=dict)
    #: Whether the store was filled from :attr:`files` (so they can be re-read losslessly).
    from_files: bool = False
    allow_network: bool = False

    def count(self, name: str) -> int:
        """Triples in one named graph (``ontology``, ``data``, ``background``, ``shapes`` or ``inferred``)."""
        answer = self.store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph_iri(name)}> {{ ?s ?p ?o }} }}")
        assert isinstance(answer, ox.QuerySolutions)
        value = next(iter(answer))["n"]
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def __len__(self) -> int:
        return sum(self.count(name) for name in GRAPHS)

    @cached_property
    def sourcemap(self) -> SourceMap:
        """Where each subject's block starts in the Turtle files that were loaded."""
        from ..ttl.sourcemap import SourceMap  # the Turtle lexer: only reports that name a line need it

        found = SourceMap()
        for files in self.files.values():
            for path in files:
                found.add_file(path, syntax=format_of(path))
        return found

    def quads(self, names: Iterable[str]) -> Iterator[ox.Quad]:
        """The quads of the named graphs, lexical forms as written (see the module's note)."""
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

        :raises UnknownQueryError, QuerySyntaxError, ParameterError: the query or its values are wrong.
        :raises NetworkAccessError: the query calls a ``SERVICE`` and ``allow_network`` is false.
        :raises QueryError: the query failed while running.
        """
        saved = saved_queries.find_query(query) if isinstance(query, str) else query
        saved_queries.check(saved, allow_network=allow_network)
        bindings = saved_queries.bind(saved, params)
        answer: object = None
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.NamedNode(graph_iri(g)) for g in graphs]
        try:
            # Values go in as a VALUES block of escaped terms, as for a remote endpoint: Oxigraph's
            # own substitutions only bind projected variables.
            answer = self.store.query(
                saved_queries.with_values(saved, bindings), prefixes=dict(PREFIXES), default_graph=default
            )
            if isinstance(answer, ox.QueryBoolean):
                return QueryResult(variables=[], boolean=bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                variables = [v.value for v in answer.variables]
                return QueryResult(variables=variables, rows=[{name: s[name] for name in variables} for s in answer])
            assert isinstance(answer, ox.QueryTriples)
            names = ["subject", "predicate", "object"]
            triples = sorted(((t.subject, t.predicate, t.object) for t in answer), key=lambda t: tuple(map(str, t)))
            return QueryResult(variables=names, rows=[dict(zip(names, t, strict=True)) for t in triples])
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
        """Deterministic bytes (see :func:`zhangjiang_kg.rdfio.export.export_pieces`).

        :raises UnknownFormatError, InputError: as :func:`zhangjiang_kg.rdfio.export.export_pieces`.
        """
        # start-up: the export writers would add about a tenth to zjkg query
        from ..rdfio.export import export_pieces

        return b"".join(export_pieces(self, fmt, graph))

    def to_rdflib(self) -> Dataset:
        """The graph as an rdflib ``Dataset`` with the four named graphs, lexical forms as written,
        for rdflib users and the libraries that need it (pySHACL, pyLODE, the site)."""
        from .rdflib_view import new_dataset, to_dataset  # rdflib: only the edges that need it pay for it

        return to_dataset(self.quads(GRAPHS), new_dataset())


def graph_files(
    data: Iterable[PathArg] | None,
    ontology: Iterable[PathArg] | None,
    shapes: Iterable[PathArg] | None,
) -> dict[str, list[Path]]:
    """Which files load into which named graph: ``None`` for a part means the packaged files;
    data files inside a ``background/`` folder go to the background graph."""
    parts = {
        "ontology": resources.ontology_files() if ontology is None else expand_paths(ontology),
        "data": resources.data_files() if data is None else expand_paths(data),
        "shapes": resources.shapes_files() if shapes is None else expand_paths(shapes),
    }
    parts["data"], parts["background"] = resources.split_background(parts["data"])
    return parts


def graph_iri(name: str) -> str:
    """The IRI of a named graph by short name (``inferred`` too).

    :raises InputError: the name is not a graph's.
    """
    if name == "inferred":
        return GRAPH_INFERRED
    if name not in GRAPHS:
        raise InputError(f"unknown graph {name!r}; valid graphs: {', '.join(GRAPHS)}")
    return GRAPHS[name]


def _load_file(store: ox.Store, file: Path, target: ox.NamedNode, allow_network: bool, *, bulk: bool) -> None:
    """One file into ``target``: by the store itself when :func:`as_written` allows (the packaged
    files but the shapes), else through :func:`read_quads`."""
    spec = syntax_of(file)
    try:
        raw = without_bom(file.read_bytes())
    except OSError:
        raw = b""  # let read_quads say why the file cannot be read
    if raw and as_written(spec, raw):
        load_as_written(store, file, spec, raw, target, bulk=bulk)
    else:
        store.bulk_extend(in_graph(read_quads(file, allow_network=allow_network), target))


def open_store(path: PathArg | None = None) -> ox.Store:
    """An in-memory Oxigraph store, or the persistent one in directory ``path``.

    :raises StoreError: the path is a file, or the store there is locked by another process.
    """
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
    index: bool = True,
) -> KnowledgeGraph:
    """Load the graph into Oxigraph; ``None`` for a part means the packaged files. ``path``: a
    persistent store in that directory, each named graph replaced by the files given, unless
    ``reuse`` and it holds data already (load once, query many times). ``index=False`` (no
    ``path``): the files are only found, not read (:meth:`KnowledgeGraph.export` reads them).

    >>> kg = load()
    >>> kg.count("data") > 1000
    True

    :raises RdfSyntaxError: a file does not parse (the error names file, line and column).
    :raises NetworkAccessError: a file would need the network and ``allow_network`` is false.
    :raises InputError: a path does not exist or has an unknown RDF suffix.
    :raises StoreError: the store directory cannot be opened.
    """
    parts = graph_files(data, ontology, shapes)
    if not index and path is None:
        return KnowledgeGraph(store=ox.Store(), files=parts, from_files=True, allow_network=allow_network)
    store = open_store(path)
    kg = KnowledgeGraph(
        store=store, path=Path(path) if path is not None else None, files=parts, allow_network=allow_network
    )
    if reuse and path is not None and len(store) > 0:
        return kg
    for name, files in parts.items():
        target = ox.NamedNode(GRAPHS[name])
        store.clear_graph(target)
        for file in files:
            _load_file(store, file, target, allow_network, bulk=path is not None)
    store.remove_graph(ox.NamedNode(GRAPH_INFERRED))
    kg.from_files = True
    return kg
