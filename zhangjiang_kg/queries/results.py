"""Typed query results, the same whether the store or a remote endpoint ran the query.

A :class:`QueryResult` holds pyoxigraph terms, from the store and from an endpoint's JSON (an
rdflib term only for what pyoxigraph cannot hold, such as an endpoint's IRI with a space).
:attr:`QueryResult.rows` gives rdflib terms (converted on first use, losslessly, by
:mod:`zhangjiang_kg.rdfio.terms`) for callers that compute with rdflib. The writers read terms
through :func:`~zhangjiang_kg.rdfio.terms.term_parts`; tables and CSV print integers and decimals
in their canonical form (:func:`number_text`), so the store and an endpoint print the same.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..errors import InputError, UnknownFormatError
from ..rdfio.terms import TermCache, TermParts, printable, term_parts, to_oxigraph, to_rdflib
from ..vocab import XSD, XSD_INTEGER_DERIVED, curie
from ..vocab import XSD_STRING as XSD_STRING_IRI

if TYPE_CHECKING:
    from rdflib.term import Identifier

Row = dict[str, Any]
#: Numeric datatypes printed in their canonical form, whatever the store kept.
_CANONICAL_NUMBERS = {XSD + "decimal": "decimal", XSD + "integer": "integer"} | {
    XSD + name: "integer" for name in XSD_INTEGER_DERIVED
}


class QueryResult:
    """Rows of a SELECT (``variables`` and ``rows``) or the answer of an ASK (``boolean``).

    Give ``rows`` (rdflib terms) or ``terms`` (pyoxigraph terms); the other is converted on first use.
    """

    def __init__(
        self,
        variables: list[str],
        rows: list[dict[str, Identifier | None]] | None = None,
        boolean: bool | None = None,
        *,
        terms: list[Row] | None = None,
    ) -> None:
        self.variables = variables
        self.boolean = boolean
        self._rows = rows if rows is not None or terms is not None else []
        self._terms = terms

    @property
    def native(self) -> list[Row]:
        """The rows as the engine gave them (pyoxigraph or rdflib terms), for writers."""
        return self._terms if self._rows is None and self._terms is not None else self._rows or []

    @property
    def rows(self) -> list[dict[str, Identifier | None]]:
        """The rows as rdflib terms."""
        if self._rows is None:
            self._rows = _converted(self._terms or [], _to_rdflib_or_same)
        return self._rows

    @property
    def terms(self) -> list[Row]:
        """The rows as pyoxigraph terms (a term pyoxigraph refuses stays as it is)."""
        if self._terms is None:
            self._terms = _converted(self._rows or [], _to_oxigraph_or_same)
        return self._terms

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryResult):
            return NotImplemented
        return (self.variables, self.boolean, self.rows) == (other.variables, other.boolean, other.rows)

    def __repr__(self) -> str:
        return f"QueryResult(variables={self.variables!r}, rows={self.native!r}, boolean={self.boolean!r})"

    @classmethod
    def from_sparql_json(cls, data: dict[str, Any]) -> QueryResult:
        """Build from a SPARQL 1.1 Query Results JSON document (what endpoints answer)."""
        if "boolean" in data:
            return cls(variables=[], rows=[], boolean=bool(data["boolean"]))
        variables = list(data.get("head", {}).get("vars", []))
        rows: list[Row] = []
        for binding in data.get("results", {}).get("bindings", []):
            rows.append({var: _term_from_json(binding.get(var)) for var in variables})
        return cls(variables=variables, terms=rows)


def _converted(rows: list[Row], convert: Callable[[Any], Any]) -> list[Row]:
    cache = TermCache(convert)
    return [{name: None if term is None else cache(term) for name, term in row.items()} for row in rows]


def _to_rdflib_or_same(term: Any) -> Any:
    return to_rdflib(term) if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else term


def _to_oxigraph_or_same(term: Any) -> Any:
    try:
        return to_oxigraph(term)
    except (ValueError, InputError):  # an IRI pyoxigraph refuses, or no RDF term at all
        return term


def _term_from_json(value: dict[str, str] | None) -> Any:
    """A pyoxigraph term; an rdflib one for what pyoxigraph cannot hold: an endpoint's IRI with a
    space, Virtuoso's ``nodeID://`` blank nodes, or an explicit ``xsd:string`` (pyoxigraph makes it
    simple, and the writers would then drop the datatype the endpoint sent)."""
    if value is None:
        return None
    kind = value["type"]
    if kind not in ("uri", "bnode", "literal", "typed-literal"):
        raise ValueError(f"unknown SPARQL JSON term type {kind!r}")
    language, datatype = value.get("xml:lang"), value.get("datatype")
    try:
        if kind == "uri":
            return ox.NamedNode(value["value"])
        if kind == "bnode":
            return ox.BlankNode(value["value"])
        if language:
            return ox.Literal(value["value"], language=language)
        if datatype is not None and datatype != XSD_STRING_IRI:
            return ox.Literal(value["value"], datatype=ox.NamedNode(datatype))
        if datatype is None:
            return ox.Literal(value["value"])
    except ValueError:
        pass
    from rdflib.term import BNode, Literal, URIRef

    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    return Literal(value["value"], lang=language, datatype=datatype)


def term_to_json(term: Any) -> dict[str, str]:
    """One term (pyoxigraph's or rdflib's) as a SPARQL 1.1 Query Results JSON binding."""
    parts = term_parts(term)
    value: dict[str, str] = {"type": parts.kind, "value": parts.value}
    if parts.language:
        value["xml:lang"] = parts.language
    elif parts.datatype is not None:
        value["datatype"] = parts.datatype
    return value


def shorten(term: Any, prefixes: Mapping[str, str] | None = None) -> str:
    """A term as people read it: ``zj:zhangjiang-zone``, ``620000000``, ``"fund"@en``."""
    if term is None:
        return ""
    parts = term_parts(term)
    if parts.kind == "uri":
        return curie(parts.value, prefixes or {})
    if parts.kind == "literal":
        return f"{parts.value}@{parts.language}" if parts.language else number_text(parts)
    return f"_:{parts.value}"


def number_text(parts: TermParts) -> str:
    """A literal's value as printed; an ``xsd:integer`` or ``xsd:decimal`` in its canonical form.

    Oxigraph's store keeps numbers by value (``620000000.0`` comes back as ``620000000``) while an
    endpoint sends them as written, so tables and CSV print both in the XSD canonical form
    (``620000000.0`` for a decimal, ``62`` for an integer): the same answer prints the same.
    """
    kind = _CANONICAL_NUMBERS.get(parts.datatype or "")
    if kind is None:
        return parts.value
    try:
        value = Decimal(parts.value.strip())
    except InvalidOperation:
        return parts.value  # an ill-typed literal prints as written
    if not value.is_finite():
        return parts.value
    if kind == "integer":
        return str(int(value)) if value == value.to_integral_value() else parts.value
    text = format(value.normalize(), "f")
    return text if "." in text else text + ".0"


def to_json(result: QueryResult, prefixes: Mapping[str, str] | None = None) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n"
    bindings = [{var: term_to_json(value) for var, value in row.items() if value is not None} for row in result.native]
    document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_csv(result: QueryResult, prefixes: Mapping[str, str] | None = None) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, full IRIs, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.boolean is not None:
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buffer.getvalue()
    writer.writerow(result.variables)
    for row in result.native:
        writer.writerow(["" if row.get(v) is None else _csv_value(row[v]) for v in result.variables])
    return buffer.getvalue()


def _csv_value(term: Any) -> str:
    parts = term_parts(term)
    return number_text(parts) if parts.kind == "literal" and not parts.language else parts.value


def to_tsv(result: QueryResult, prefixes: Mapping[str, str] | None = None) -> str:
    """SPARQL 1.1 Query Results TSV: terms in N-Triples syntax, one row a line."""
    if result.boolean is not None:
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.native:
        cells = []
        for v in result.variables:
            term = row.get(v)
            cells.append("" if term is None else _ntriples(term))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def _ntriples(term: Any) -> str:
    """A term in N-Triples syntax; IRIs a remote store sent with spaces or quotes are escaped."""
    parts = term_parts(term)
    if parts.kind == "uri":
        return _iri(parts.value)
    if parts.kind == "literal":
        body = parts.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        body = body.replace("\t", "\\t")
        if parts.language:
            return f'"{body}"@{parts.language}'
        if parts.datatype is None:
            return f'"{body}"'
        if parts.datatype == "http://www.w3.org/2001/XMLSchema#integer" and body.lstrip("+-").isdigit():
            return body
        return f'"{body}"^^{_iri(parts.datatype)}'
    return f"_:{parts.value}"


def _iri(iri: str) -> str:
    return "<" + "".join(c if c > " " and c not in '<>"{}|^`\\' else f"\\u{ord(c):04X}" for c in iri) + ">"


def to_table(result: QueryResult, prefixes: Mapping[str, str] | None = None) -> str:
    """A plain-text table for people, with prefixed names and a row count; control characters in
    the data are shown as escapes (a newline would break the row, a terminal escape rewrite it)."""
    if result.boolean is not None:
        return ("yes" if result.boolean else "no") + "\n"
    header = list(result.variables)
    body = [[printable(shorten(row.get(v), prefixes)) for v in header] for row in result.native]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body)
    count = len(result.native)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


#: Output formats of query results, by the name the CLI's ``--format`` takes. ``text`` is the name
#: every command gives its format for people.
RESULT_FORMATS: dict[str, Callable[[QueryResult, Mapping[str, str] | None], str]] = {
    "text": to_table,
    "csv": to_csv,
    "tsv": to_tsv,
    "json": to_json,
}


#: Earlier names of the formats, still accepted: ``table`` was ``text`` in ``query`` and ``queries``.
FORMAT_ALIASES = {"table": "text"}


def render(result: QueryResult, fmt: str = "text", prefixes: Mapping[str, str] | None = None) -> str:
    """Render query results in one of :data:`RESULT_FORMATS` (or an alias of :data:`FORMAT_ALIASES`).

    :raises UnknownFormatError: ``fmt`` is not one of them.
    """
    fmt = FORMAT_ALIASES.get(fmt, fmt)
    if fmt not in RESULT_FORMATS:
        raise UnknownFormatError(fmt, list(RESULT_FORMATS))
    return RESULT_FORMATS[fmt](result, prefixes)
