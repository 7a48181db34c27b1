"""Saved SPARQL queries: the catalogue, read from grlc's ``#+`` headers (:mod:`.header`), and
parameters (:mod:`.parameters`) bound as RDF terms in a ``VALUES`` block (:func:`with_values`), for
the store and endpoints alike, never pasted into the query text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import resources
from ..errors import InputError, ParameterError, UnknownFormatError, UnknownQueryError
from ..rdfio.formats import files_under
from ..vocab import PREFIXES
from .header import defaults_of, parse_header
from .parameters import PARAMETER_KINDS, Parameter, find_parameters
from .results import FORMAT_ALIASES, QueryResult
from .syntax import check as check  # parsing before running lives in .syntax; callers find it here too
from .text import check_depth, where_group_start

if TYPE_CHECKING:
    from .parameters import Term

_QUERY_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.\-]*)?:\s*<([^>]*)>", re.IGNORECASE)


@dataclass
class SavedQuery:
    """A query file and what its header says about it (read on first use: :mod:`.header`)."""

    name: str
    text: str
    path: Path | None = None

    @cached_property
    def header(self) -> dict[str, Any]:
        """The grlc header as a mapping of lower-case keys (:raises QueryHeaderError: not a YAML mapping)."""
        return parse_header(self.text, str(self.path) if self.path is not None else self.name)

    @property
    def summary(self) -> str:
        """What the query answers, in a line."""
        return str(self.header.get("summary") or "")

    @property
    def description(self) -> str:
        """What the query answers, at length."""
        return str(self.header.get("description") or "")

    @property
    def tags(self) -> list[str]:
        """The header's tags."""
        tags = self.header.get("tags", [])
        return [tags] if isinstance(tags, str) else list(tags)

    @cached_property
    def parameters(self) -> list[Parameter]:
        """The query's parameters, with the header's defaults (a query without any reads no header)."""
        if not find_parameters(self.text):
            return []
        return find_parameters(self.text, defaults_of(self.header))

    @property
    def is_violation(self) -> bool:
        """``*-violation`` queries are checks: any row they return is a defect."""
        return self.name.endswith("-violation")

    def failed_by(self, result: QueryResult) -> bool:
        """This is a ``*-violation`` check and ``result`` holds a defect: a row, or an ASK's true."""
        return self.is_violation and bool(result.rows or result.boolean)

    @property
    def prefixes(self) -> dict[str, str]:
        """The project's prefixes, overridden by the query's own PREFIX declarations."""
        found = dict(PREFIXES)
        found.update({m.group(1) or "": m.group(2) for m in _QUERY_PREFIX.finditer(self.text)})
        return found


def from_text(text: str, name: str = "query", path: Path | None = None, *, lazy: bool = False) -> SavedQuery:
    """A SavedQuery from SPARQL text. Its nesting depth is checked at once (no parser may see a
    query too deep for it), its header too unless ``lazy``.

    :raises QueryHeaderError: the header is not valid YAML, or not a mapping (unless ``lazy``).
    :raises QuerySyntaxError: the query is nested deeper than a parser can take (file, line, column).
    """
    check_depth(str(path) if path is not None else name, text)
    saved = SavedQuery(name=name, text=text, path=path)
    if not lazy:
        saved.header  # noqa: B018 - read now, to fail now
    return saved


def from_file(path: str | PathLike[str], *, lazy: bool = False) -> SavedQuery:
    """Read one ``.rq`` file; its name is the file name without the suffix (``lazy``: see :func:`from_text`)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")  # a byte order mark is no SPARQL
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{file}: cannot read query: {exc}") from None
    return from_text(text, name=file.stem, path=file, lazy=lazy)


def catalogue(
    folder: str | PathLike[str] | None = None, *, violations: bool = False, lazy: bool = False
) -> list[SavedQuery]:
    """Every saved query of ``folder`` (default: the packaged ones), sorted by name; ``violations``:
    only the ``*-violation`` checks. ``lazy``: headers are read when used (see :func:`from_text`)."""
    files = _query_files(folder)
    return [from_file(path, lazy=lazy) for path in files if not violations or path.stem.endswith("-violation")]


def _query_files(folder: str | PathLike[str] | None) -> list[Path]:
    """The ``.rq`` files of ``folder`` (default: the packaged ones), sorted by name."""
    return resources.query_files() if folder is None else files_under(Path(folder), [".rq"], deep=False)


def render_catalogue(found: list[SavedQuery], fmt: str = "text") -> str:
    """The catalogue for people (``text``: name, parameters, summary) or tools (``json``)."""
    fmt = FORMAT_ALIASES.get(fmt, fmt)
    if fmt == "json":
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
    if fmt != "text":
        raise UnknownFormatError(fmt, ["text", "json"])
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
    # Only the file asked for is read (its header when used): the others are names to suggest.
    queries = {path.stem: path for path in _query_files(folder)}
    name = candidate.stem if candidate.suffix in (".rq", ".sparql") and "/" not in name_or_path else name_or_path
    if name in queries:
        return from_file(queries[name], lazy=True)
    if "/" in name_or_path:
        raise InputError(f"{name_or_path}: no such query file")
    import difflib  # start-up: only a wrong name needs it (1 ms with heapq)

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


def with_values(query: SavedQuery, bindings: Mapping[str, Term]) -> str:
    """Query text with bindings as a ``VALUES`` block opening its WHERE group, where every engine
    joins it before projection (some apply a trailing VALUES after it). The terms are pyoxigraph's
    N-Triples, escaped, so a value can't end the block or add patterns."""
    if not bindings:
        return query.text
    variables = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    block = f" VALUES ({variables}) {{ ({terms}) }}"
    position = where_group_start(query.text)
    if position is None:
        return f"{query.text.rstrip()}\n{block.strip()}\n"
    return query.text[:position] + block + query.text[position:]
