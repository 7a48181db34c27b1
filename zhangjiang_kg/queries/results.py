"""Typed query results, the same whichever engine (rdflib, Oxigraph, a remote endpoint) ran the query."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib.term import BNode, Identifier, Literal, URIRef

from ..errors import UnknownFormatError


@dataclass
class QueryResult:
    """Rows of a SELECT (``variables`` and ``rows``) or the answer of an ASK (``boolean``)."""

    variables: list[str]
    rows: list[dict[str, Identifier | None]] = field(default_factory=list)
    boolean: bool | None = None

    @classmethod
    def from_sparql_json(cls, data: dict[str, Any]) -> QueryResult:
        """Build from a SPARQL 1.1 Query Results JSON document (what endpoints answer)."""
        if "boolean" in data:
            return cls(variables=[], rows=[], boolean=bool(data["boolean"]))
        variables = list(data.get("head", {}).get("vars", []))
        rows: list[dict[str, Identifier | None]] = []
        for binding in data.get("results", {}).get("bindings", []):
            rows.append({var: _term_from_json(binding.get(var)) for var in variables})
        return cls(variables=variables, rows=rows)


def _term_from_json(value: dict[str, str] | None) -> Identifier | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        return Literal(value["value"], lang=value.get("xml:lang"), datatype=value.get("datatype"))
    raise ValueError(f"unknown SPARQL JSON term type {kind!r}")


def term_to_json(term: Identifier) -> dict[str, str]:
    """One term as a SPARQL 1.1 Query Results JSON binding."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        value: dict[str, str] = {"type": "literal", "value": str(term)}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype is not None:
            value["datatype"] = str(term.datatype)
        return value
    raise ValueError(f"cannot write {term!r} as a SPARQL JSON term")


def shorten(term: Identifier | None, prefixes: Mapping[str, str] | None = None) -> str:
    """A term as people read it: ``zj:zhangjiang-zone``, ``620000000``, ``"fund"@en``."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        from ..vocab import curie

        return curie(str(term), prefixes or {})
    if isinstance(term, Literal):
        if term.language:
            return f"{term}@{term.language}"
        return str(term)
    return f"_:{term}"


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
        writer.writerow(["" if row.get(v) is None else str(row[v]) for v in result.variables])
    return buffer.getvalue()


def to_tsv(result: QueryResult, prefixes: Mapping[str, str] | None = None) -> str:
    """SPARQL 1.1 Query Results TSV: terms in N-Triples syntax, one row a line."""
    if result.boolean is not None:
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        cells = []
        for v in result.variables:
            term = row.get(v)
            cells.append("" if term is None else _ntriples(term))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def _ntriples(term: Identifier) -> str:
    """A term in N-Triples syntax; IRIs a remote store sent with spaces or quotes are escaped."""
    if isinstance(term, URIRef):
        return "<" + "".join(c if c > " " and c not in '<>"{}|^`\\' else f"\\u{ord(c):04X}" for c in term) + ">"
    if isinstance(term, Literal):
        body = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        body = body.replace("\t", "\\t")
        if term.language:
            return f'"{body}"@{term.language}'
        if term.datatype is None:
            return f'"{body}"'
        if str(term.datatype) == "http://www.w3.org/2001/XMLSchema#integer" and body.lstrip("+-").isdigit():
            return body
        return f'"{body}"^^{_ntriples(term.datatype)}'
    return f"_:{term}"


def to_table(result: QueryResult, prefixes: Mapping[str, str] | None = None) -> str:
    """A plain-text table for people, with prefixed names and a row count."""
    if result.boolean is not None:
        return ("yes" if result.boolean else "no") + "\n"
    header = list(result.variables)
    body = [[shorten(row.get(v), prefixes).replace("\n", " ") for v in header] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body)
    count = len(result.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


#: Output formats of query results, by the name the CLI's ``--format`` takes.
RESULT_FORMATS: dict[str, Callable[[QueryResult, Mapping[str, str] | None], str]] = {
    "table": to_table,
    "csv": to_csv,
    "tsv": to_tsv,
    "json": to_json,
}


def render(result: QueryResult, fmt: str = "table", prefixes: Mapping[str, str] | None = None) -> str:
    """Render query results in one of :data:`RESULT_FORMATS`.

    :raises UnknownFormatError: ``fmt`` is not one of them.
    """
    if fmt not in RESULT_FORMATS:
        raise UnknownFormatError(fmt, list(RESULT_FORMATS))
    return RESULT_FORMATS[fmt](result, prefixes)
