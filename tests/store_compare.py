"""The one definition of "the same term" the tests use when they compare answers of several stores.

Stores disagree on lexical forms (``"1.50"`` vs ``"1.5"``: Oxigraph keeps numbers by value) and on
plain vs ``xsd:string`` literals, which are not differences in what the graph says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from zhangjiang_kg.queries.results import QueryResult
from zhangjiang_kg.rdfio.terms import term_parts
from zhangjiang_kg.vocab import XSD, XSD_INTEGER_DERIVED, XSD_NUMERIC

#: Numeric datatypes compared by value, whatever their lexical form.
NUMERIC_DATATYPES = frozenset(XSD_NUMERIC)

#: Datatypes Oxigraph's store keeps as another (``xsd:byte`` as ``xsd:integer``): the same term.
STORED_AS = {XSD + name: XSD + "integer" for name in XSD_INTEGER_DERIVED} | {XSD + "dateTimeStamp": XSD + "dateTime"}


def canonical_term(term: Any) -> Hashable:
    """A key equal for two terms exactly when stores should be considered to agree on them.

    IRIs and language-tagged literals keep their form; ``xsd:string`` and plain literals are the
    same; numbers compare by value and datatype (``"1.50"^^xsd:decimal`` equals ``"1.5"``, but not
    ``"1.5"^^xsd:double``); other typed literals keep their lexical form and datatype. Terms are
    pyoxigraph's or rdflib's (the Graph Store loads compare rdflib graphs).
    """
    if term is None:
        return None
    parts = term_parts(term)
    if parts.kind == "uri":
        return ("iri", parts.value)
    if parts.kind == "bnode":
        return ("bnode",)  # blank nodes have no identity across stores
    if parts.language:
        return ("lang", parts.value, parts.language.lower())
    datatype = parts.datatype or XSD + "string"
    if datatype in NUMERIC_DATATYPES:
        number = _number(parts.value)
        if number is not None:
            return ("number", STORED_AS.get(datatype, datatype), number)
    return ("literal", parts.value, STORED_AS.get(datatype, datatype))


def _number(lexical: str) -> Decimal | None:
    try:
        value = Decimal(lexical.strip())
    except InvalidOperation:
        return None
    return value.normalize() if value.is_finite() else value


def result_multiset(result: QueryResult) -> Counter[Hashable]:
    """The rows of a SELECT as a multiset of canonical rows (an ASK as its boolean)."""
    if result.boolean is not None:
        return Counter([("boolean", result.boolean)])
    variables = sorted(result.variables)
    return Counter(tuple((var, canonical_term(row.get(var))) for var in variables) for row in result.rows)


def triple_keys(triples: Iterable[tuple[Any, Any, Any]]) -> set[Hashable]:
    """Canonical keys of triples, so counts agree whatever lexical forms a store gave back."""
    return {(canonical_term(s), canonical_term(p), canonical_term(o)) for s, p, o in triples}
