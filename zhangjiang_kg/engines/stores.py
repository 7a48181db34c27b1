"""Where the graph lives in-process: rdflib's memory store or Oxigraph (through oxrdflib).

The memory store is the default because it needs nothing but rdflib; Oxigraph is much faster on
large graphs and can persist to a directory. Both are plain rdflib ``Dataset`` objects, so the rest
of the package (queries, validation, export) does not care which one it was given.

This module also holds the one definition of "the same term" used when results from several
engines are compared: engines disagree on lexical forms (``"1.50"`` vs ``"1.5"``) and on plain vs
``xsd:string`` literals, which are not differences in what the graph says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zhangjiang_kg.errors import StoreError

if TYPE_CHECKING:
    from rdflib import Dataset

    from zhangjiang_kg.results import QueryResult

XSD = "http://www.w3.org/2001/XMLSchema#"

#: Numeric datatypes compared by value, whatever their lexical form.
NUMERIC_DATATYPES = frozenset(
    XSD + name
    for name in (
        "decimal", "integer", "int", "long", "short", "byte", "nonNegativeInteger",
        "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedLong",
        "unsignedInt", "unsignedShort", "unsignedByte", "double", "float",
    )
)


def _memory(path: Path | None) -> "Dataset":
    from rdflib import Dataset

    if path is not None:
        raise StoreError("memory", "rdflib's memory store cannot persist; use the oxigraph store", str(path))
    return Dataset(default_union=True)


def _oxigraph(path: Path | None) -> "Dataset":
    from rdflib import Dataset

    try:
        import pyoxigraph
        from oxrdflib import OxigraphStore
    except ImportError as exc:  # pragma: no cover - both are declared dependencies
        raise StoreError("oxigraph", f"oxrdflib is not installed ({exc})") from exc
    if path is None:
        return Dataset(store=OxigraphStore(), default_union=True)
    if path.exists() and not path.is_dir():
        raise StoreError("oxigraph", "not a directory", str(path))
    try:
        inner = pyoxigraph.Store(str(path))
    except OSError as exc:
        raise StoreError("oxigraph", _lock_hint(str(exc)), str(path)) from exc
    return Dataset(store=OxigraphStore(store=inner), default_union=True)


def _lock_hint(message: str) -> str:
    if "lock" in message.lower():
        return f"the directory is in use by another process or store ({message.strip()})"
    return message.strip()


#: Store kinds by name; the CLI's ``--store`` choice is this registry's keys.
STORES: dict[str, Callable[[Path | None], "Dataset"]] = {
    "memory": _memory,
    "oxigraph": _oxigraph,
}


def open_dataset(store: str = "memory", path: str | Path | None = None) -> "Dataset":
    """Return an empty ``Dataset`` on the chosen store; its default graph is the union of its graphs.

    The union default graph is what lets saved queries, written without ``GRAPH``, see the
    ontology and the data graphs together.

    :raises StoreError: if the store kind is unknown, or the path cannot be opened (locked, not a
        directory, or given for the memory store).
    """
    try:
        factory = STORES[store]
    except KeyError:
        raise StoreError(store, f"unknown store; valid stores: {', '.join(STORES)}") from None
    return factory(Path(path) if path is not None else None)


def copy_dataset(source: "Dataset", target: "Dataset") -> "Dataset":
    """Add every quad of ``source`` (named graphs kept) to ``target``, and return ``target``."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, Graph

    graphs: dict[Any, Graph] = {}

    def graph_of(context: Any) -> Graph:
        name = getattr(context, "identifier", context)
        if name is None:
            name = DATASET_DEFAULT_GRAPH_ID
        if name not in graphs:
            graphs[name] = target.graph(name)
        return graphs[name]

    target.addN((s, p, o, graph_of(c)) for s, p, o, c in source.quads((None, None, None, None)))
    return target


def canonical_term(term: Any) -> Hashable:
    """A key equal for two terms exactly when engines should be considered to agree on them.

    IRIs and language-tagged literals keep their form; ``xsd:string`` and plain literals are the
    same; numbers compare by value and datatype (``"1.50"^^xsd:decimal`` equals ``"1.5"``, but not
    ``"1.5"^^xsd:double``); other typed literals keep their lexical form and datatype.
    """
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)  # blank nodes have no identity across engines
    if isinstance(term, Literal):
        if term.language:
            return ("lang", str(term), term.language.lower())
        datatype = str(term.datatype) if term.datatype else XSD + "string"
        if datatype in NUMERIC_DATATYPES:
            number = _number(str(term))
            if number is not None:
                return ("number", datatype, number)
        return ("literal", str(term), datatype)
    return ("other", str(term))


def _number(lexical: str) -> Decimal | None:
    try:
        value = Decimal(lexical.strip())
    except InvalidOperation:
        return None
    return value.normalize() if value.is_finite() else value


def result_multiset(result: "QueryResult") -> Counter[Hashable]:
    """The rows of a SELECT as a multiset of canonical rows (an ASK as its boolean)."""
    if result.boolean is not None:
        return Counter([("boolean", result.boolean)])
    variables = sorted(result.variables)
    return Counter(tuple((var, canonical_term(row.get(var))) for var in variables) for row in result.rows)


def triple_keys(triples: Iterable[tuple[Any, Any, Any]]) -> set[Hashable]:
    """Canonical keys of triples, so counts agree whatever lexical forms a store gave back."""
    return {(canonical_term(s), canonical_term(p), canonical_term(o)) for s, p, o in triples}
