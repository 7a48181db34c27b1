"""Saved SPARQL queries: a catalogue read from their grlc headers, safe parameter binding, running.

A query file starts with ``#+ key: value`` lines (``summary``, ``description``, ``tags``,
``defaults``). Parameters follow grlc's naming: ``?_name_iri``, ``?_name_literal``, plus
``_integer``, ``_decimal``, ``_date`` and ``_boolean``; a double underscore (``?__name_iri``) makes
one optional. Values are turned into RDF terms and passed as ``initBindings`` (or, for a remote
endpoint, as a ``VALUES`` block of serialised terms), never pasted into the query text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import resources
from ..errors import (
    InputError,
    ParameterError,
    QueryError,
    QueryHeaderError,
    QuerySyntaxError,
    UnknownFormatError,
    UnknownQueryError,
)
from ..vocab import PREFIXES
from .federation import refuse_federation
from .parameters import PARAMETER_KINDS, Parameter, find_parameters
from .results import QueryResult
from .text import where_group_start

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier

    from ..engines.rdflib_engine import KnowledgeGraph
    from .parameters import Term

_QUERY_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.\-]*)?:\s*<([^>]*)>", re.IGNORECASE)


@dataclass
class SavedQuery:
    """A query file and what its header says about it."""

    name: str
    text: str
    path: Path | None = None
    summary: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)

    @property
    def is_violation(self) -> bool:
        """``*-violation`` queries are checks: any row they return is a defect."""
        return self.name.endswith("-violation")

    @property
    def prefixes(self) -> dict[str, str]:
        """The project's prefixes, overridden by the query's own PREFIX declarations."""
        found = dict(PREFIXES)
        found.update({m.group(1) or "": m.group(2) for m in _QUERY_PREFIX.finditer(self.text)})
        return found


def parse_header(text: str, name: str = "query") -> dict[str, Any]:
    """Read grlc's ``#+`` header exactly as grlc does: every line starting with ``#+``, with the
    leading ``#`` and ``+`` characters stripped, joined and read by ``yaml.safe_load``.

    :raises QueryHeaderError: the header is not valid YAML, or not a mapping.
    """
    import yaml

    lines = [line.lstrip("#+") for line in text.split("\n") if line.startswith("#+")]
    if not lines:
        return {}
    try:
        loaded = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise QueryHeaderError(name, str(problem), None if mark is None else mark.line + 1) from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise QueryHeaderError(name, f"the header is a {type(loaded).__name__}, not a mapping of keys")
    return {str(key).lower(): value for key, value in loaded.items()}


def _defaults(header: Mapping[str, Any]) -> dict[str, str]:
    raw = header.get("defaults") or []
    items = raw if isinstance(raw, list) else [raw]
    result: dict[str, str] = {}
    for item in items:
        if isinstance(item, dict):
            result.update({str(k).strip(): str(v).strip() for k, v in item.items()})
        elif isinstance(item, str) and ":" in item:
            key, value = item.split(":", 1)
            result[key.strip()] = value.strip().strip("'\"")
    return result


def from_text(text: str, name: str = "query", path: Path | None = None) -> SavedQuery:
    """A SavedQuery from SPARQL text (its header is optional)."""
    header = parse_header(text, str(path) if path is not None else name)
    tags = header.get("tags", [])
    return SavedQuery(
        name=name,
        text=text,
        path=path,
        summary=str(header.get("summary") or ""),
        description=str(header.get("description") or ""),
        tags=[tags] if isinstance(tags, str) else list(tags),
        parameters=find_parameters(text, _defaults(header)),
    )


def from_file(path: str | PathLike[str]) -> SavedQuery:
    """Read one ``.rq`` file; its name is the file name without the suffix."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{file}: cannot read query: {exc}") from None
    return from_text(text, name=file.stem, path=file)


def catalogue(folder: str | PathLike[str] | None = None, *, violations: bool = False) -> list[SavedQuery]:
    """Every saved query of ``folder`` (default: the packaged ones), sorted by name.

    ``violations``: only the ``*-violation`` checks (the other files are not read).
    """
    files = resources.query_files() if folder is None else sorted(Path(folder).glob("*.rq"))
    return [from_file(path) for path in files if not violations or path.stem.endswith("-violation")]


def render_catalogue(found: list[SavedQuery], fmt: str = "table") -> str:
    """The catalogue for people (``table``: name, parameters, summary) or tools (``json``)."""
    if fmt == "json":
        import json

        document = [
            {
                "name": q.name,
                "summary": q.summary,
                "description": q.description,
                "tags": q.tags,
                "parameters": [{"name": p.name, "type": p.kind, "optional": p.optional} for p in q.parameters],
                "violation": q.is_violation,
            }
            for q in found
        ]
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt != "table":
        raise UnknownFormatError(fmt, ["table", "json"])
    rows = [(q.name, ", ".join(f"{p.name}:{p.kind}" for p in q.parameters) or "-", q.summary) for q in found]
    width = max([len(r[0]) for r in rows] + [4])
    pwidth = max([len(r[1]) for r in rows] + [10])
    lines = [f"{'name':<{width}}  {'parameters':<{pwidth}}  summary"]
    lines.extend(f"{n:<{width}}  {p:<{pwidth}}  {s}".rstrip() for n, p, s in rows)
    lines.append(f"({len(rows)} quer{'ies' if len(rows) != 1 else 'y'})")
    return "\n".join(lines) + "\n"


def find_query(name_or_path: str, folder: str | PathLike[str] | None = None) -> SavedQuery:
    """A saved query by name (``funds`` or ``funds.rq``) or a ``.rq`` file by path.

    :raises UnknownQueryError: neither a file nor a saved query; carries the close names.
    """
    candidate = Path(name_or_path)
    looks_like_path = candidate.suffix in (".rq", ".sparql") or "/" in name_or_path
    if looks_like_path and candidate.is_file():
        return from_file(candidate)
    queries = {query.name: query for query in catalogue(folder)}
    name = candidate.stem if candidate.suffix in (".rq", ".sparql") and "/" not in name_or_path else name_or_path
    if name in queries:
        return queries[name]
    if "/" in name_or_path:
        raise InputError(f"{name_or_path}: no such query file")
    import difflib

    raise UnknownQueryError(name_or_path, difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5))


def bind(query: SavedQuery, values: Mapping[str, str] | None = None) -> dict[str, Term]:
    """Turn the user's text values into RDF terms keyed by variable name.

    :raises ParameterError: a required parameter is missing, a name is unknown or a value is of the
        wrong type; the message names the parameter and its type.
    """
    values = dict(values or {})
    known = {p.name: p for p in query.parameters}
    for given in values:
        if given not in known:
            valid = ", ".join(sorted(known)) or "none"
            raise ParameterError(query.name, given, f"unknown parameter; this query takes: {valid}")
    bindings: dict[str, Term] = {}
    for parameter in query.parameters:
        raw = values.get(parameter.name, parameter.default)
        if raw is None:
            if parameter.optional:
                continue
            raise ParameterError(
                query.name,
                parameter.name,
                f"missing; give it with --param {parameter.name}=VALUE (type: {parameter.kind})",
            )
        try:
            bindings[parameter.variable] = PARAMETER_KINDS[parameter.kind](raw, query.prefixes)
        except ValueError as exc:
            raise ParameterError(query.name, parameter.name, f"{exc} (type: {parameter.kind}, got {raw!r})") from None
    return bindings


def prepare(query: SavedQuery, *, allow_network: bool = False) -> Any:
    """Parse the SPARQL text once with rdflib (for rdflib's engine); syntax errors name the query and the position.

    :raises QuerySyntaxError: the text is not SPARQL 1.1.
    :raises NetworkAccessError: the query has a ``SERVICE`` clause and ``allow_network`` is false.
    """
    from rdflib.plugins.sparql import prepareQuery

    refuse_federation(query.name, query.text, allow_network, query.prefixes)
    try:
        return prepareQuery(query.text, initNs=PREFIXES)
    except Exception as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "col", None)
        message = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
        raise QuerySyntaxError(query.name, str(message).splitlines()[0], line, column) from None


def check(query: SavedQuery, *, allow_network: bool = False) -> None:
    """Check a query before Oxigraph or an endpoint runs it, without rdflib: federation, then syntax.

    ``SERVICE`` is refused first, on the text (:mod:`.federation`), so nothing is parsed by an
    engine that could call it; the syntax is then Oxigraph's parser's (an empty store parses it).

    :raises NetworkAccessError: the query has a ``SERVICE`` clause and ``allow_network`` is false.
    :raises QuerySyntaxError: the text is not SPARQL 1.1; names the query, line and column.
    """
    import pyoxigraph as ox

    refuse_federation(query.name, query.text, allow_network, query.prefixes)
    try:
        ox.Store().query(query.text, prefixes=dict(PREFIXES))
    except SyntaxError as exc:
        raise syntax_error(query, str(exc)) from None


_POSITION = re.compile(r"^error at (\d+):(\d+): ")
_PREFIXED = re.compile(r"(?<![\w?$@:.\-])([A-Za-z][\w.\-]*)?:(?=[\w%\\]|\s)")


def syntax_error(query: SavedQuery, message: str) -> QuerySyntaxError:
    """Oxigraph's ``error at LINE:COLUMN: ...`` as the package's error; an undeclared prefix is named."""
    from .text import mask

    found = _POSITION.match(message)
    line, column = (int(found.group(1)), int(found.group(2))) if found else (None, None)
    detail = message[found.end() :] if found else message
    if "Prefix not found" in detail:
        declared = query.prefixes
        unknown = [m.group(1) or "" for m in _PREFIXED.finditer(mask(query.text)) if (m.group(1) or "") not in declared]
        if unknown:
            detail = f"undeclared prefix '{unknown[0]}:' (declare it with PREFIX {unknown[0]}: <...>)"
    return QuerySyntaxError(query.name, detail.splitlines()[0], line, column)


def run(
    target: KnowledgeGraph | Graph,
    query: SavedQuery | str,
    params: Mapping[str, str] | None = None,
    *,
    allow_network: bool = False,
) -> QueryResult:
    """Run a saved query (or a name / path) on data + ontology, with parameters bound safely.

    :raises UnknownQueryError, QuerySyntaxError, ParameterError: the query or its values are wrong.
    :raises NetworkAccessError: the query calls a ``SERVICE`` and ``allow_network`` is false.
    :raises QueryError: the query failed while running.
    """
    saved = find_query(query) if isinstance(query, str) else query
    prepared = prepare(saved, allow_network=allow_network)
    bindings = bind(saved, params)
    graph = target if not hasattr(target, "merged") else target.merged()
    from rdflib import Variable

    from ..rdfio.terms import identifier, to_rdflib

    try:
        values: dict[str, Identifier] = {Variable(k): identifier(to_rdflib(v)) for k, v in bindings.items()}
        result = graph.query(prepared, initBindings=values)
        return _to_result(result)
    except Exception as exc:
        raise QueryError(f"query {saved.name!r} failed: {exc}") from None


def _to_result(result: Any) -> QueryResult:
    if result.type == "ASK":
        return QueryResult(variables=[], rows=[], boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        variables = ["subject", "predicate", "object"]
        triples = sorted(result.graph, key=lambda t: tuple(term.n3() for term in t))
        return QueryResult(variables=variables, rows=[dict(zip(variables, t, strict=True)) for t in triples])
    variables = [str(v) for v in (result.vars or [])]
    rows = [{v: row[i] for i, v in enumerate(variables)} for row in result]
    return QueryResult(variables=variables, rows=rows)


def with_values(query: SavedQuery, bindings: Mapping[str, Term]) -> str:
    """Query text with bindings as a ``VALUES`` block of serialised terms (for endpoints).

    The block opens the query's WHERE group, where every engine joins it before projection
    (some apply a trailing VALUES after it). The terms are written by pyoxigraph in N-Triples
    syntax, escaped, so a value can't end the block or add patterns.
    """
    if not bindings:
        return query.text
    variables = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    block = f" VALUES ({variables}) {{ ({terms}) }}"
    position = where_group_start(query.text)
    if position is None:
        return f"{query.text.rstrip()}\n{block.strip()}\n"
    return query.text[:position] + block + query.text[position:]
