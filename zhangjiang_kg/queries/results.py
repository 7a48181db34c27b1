"""Typed query results, pyoxigraph terms whether the store or a remote endpoint ran the query; tables
and CSV print numbers in their canonical form (:func:`number_text`), so both print the same.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from ..errors import QueryError, UnknownFormatError
from ..rdfio.terms import Term, TermParts, printable, term_parts
from ..vocab import XSD, XSD_INTEGER_DERIVED, curie

Row = dict[str, Any]
#: Numeric datatypes printed in their canonical form, whatever the store kept.
_CANONICAL_NUMBERS = {XSD + "decimal": "decimal", XSD + "integer": "integer"} | {
    XSD + name: "integer" for name in XSD_INTEGER_DERIVED
}
_XSD_INTEGER = ox.NamedNode(XSD + "integer")


@dataclass
class QueryResult:
    """Rows of a SELECT (``variables`` and ``rows``: pyoxigraph terms, None where unbound) or the
    answer of an ASK (``boolean``)."""

    variables: list[str]
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None

    @classmethod
    def from_sparql_json(cls, data: dict[str, Any]) -> QueryResult:
        """Build from a SPARQL 1.1 Query Results JSON document (what endpoints answer).

        :raises QueryError: a term is not valid RDF (an IRI with a space, a bad language tag); the
            message names the row, the variable and the term as sent.
        """
        if "boolean" in data:
            return cls(variables=[], boolean=bool(data["boolean"]))
        variables = list(data.get("head", {}).get("vars", []))
        rows: list[Row] = []
        for number, binding in enumerate(data.get("results", {}).get("bindings", []), start=1):
            row: Row = {}
            for var in variables:
                try:
                    row[var] = _term_from_json(binding.get(var))
                except ValueError as exc:
                    shown = printable(json.dumps(binding.get(var), ensure_ascii=False))
                    raise QueryError(f"row {number}, ?{var}: not an RDF term: {shown} ({exc})") from None
            rows.append(row)
        return cls(variables=variables, rows=rows)


def _term_from_json(value: dict[str, str] | None) -> Term | None:
    """A pyoxigraph term. A blank node label pyoxigraph refuses (Virtuoso's ``nodeID://b1``) gets
    ``_`` for each character outside [A-Za-z0-9]: Virtuoso's labels name the same node in every
    answer, which the SHACL engine joins on and a report prints.

    :raises ValueError: the term is not valid RDF.
    """
    if value is None:
        return None
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return ox.NamedNode(text)
    if kind == "bnode":
        try:
            return ox.BlankNode(text)
        except ValueError:
            return ox.BlankNode(re.sub(r"[^A-Za-z0-9]", "_", text) or "b")
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r}")
    language, datatype = value.get("xml:lang"), value.get("datatype")
    if language:
        return ox.Literal(text, language=language)
    return ox.Literal(text, datatype=None if datatype is None else ox.NamedNode(datatype))


def term_to_json(term: Any) -> dict[str, str]:
    """One term as a SPARQL 1.1 Query Results JSON binding."""
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
    bindings = [{var: term_to_json(value) for var, value in row.items() if value is not None} for row in result.rows]
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
    for row in result.rows:
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
    lines += [
        "\t".join("" if (t := row.get(v)) is None else _ntriples(t) for v in result.variables) for row in result.rows
    ]
    return "\n".join(lines) + "\n"


def _ntriples(term: Term) -> str:
    """A term in N-Triples syntax (Oxigraph's, escapes and all); an ``xsd:integer`` bare, as TSV allows."""
    if isinstance(term, ox.Literal) and term.datatype == _XSD_INTEGER and term.value.lstrip("+-").isdigit():
        return term.value
    return str(term)


def to_table(result: QueryResult, prefixes: Mapping[str, str] | None = None) -> str:
    """A plain-text table for people, with prefixed names and a row count; control characters in
    the data are shown as escapes (a newline would break the row, a terminal escape rewrite it)."""
    if result.boolean is not None:
        return ("yes" if result.boolean else "no") + "\n"
    header = list(result.variables)
    body = [[printable(shorten(row.get(v), prefixes)) for v in header] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body)
    count = len(result.rows)
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
