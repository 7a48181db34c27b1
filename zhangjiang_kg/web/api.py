"""The saved questions as a web API, as grlc exposes a folder of queries: ``GET /api/{query}?name=value``.

Parameters are bound as the CLI binds them (same values accepted, same messages); one given several
times answers for each value (one ``VALUES`` row per combination). The answer's type comes by
``Accept`` or the path's suffix (``/api/fund-money.csv``); errors are RFC 9457 problem documents.
See docs/web.md for the parameters and types.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from ..errors import ParameterError, UnknownQueryError
from ..queries import catalogue as queries
from ..queries.cite import cite, cited_result, render_cited
from ..queries.parameters import PARAMETER_KINDS
from ..queries.results import QueryResult, render, shorten
from ..queries.text import mask, where_group_start
from ..site.html import render as render_page
from ..vocab import GRAPHS, PREFIXES, QUERY_GRAPHS, RDFS
from . import openapi
from .guard import Door
from .reply import Reply, choose, content_type, problem
from .sparql import GRAPH_FORMATS, RESULT_FORMATS

#: Media types of query results, in the server's order of preference, with the results format of
#: each: the endpoint's (but XML, which the command line does not write), and two for people.
RESULT_TYPES: dict[str, str] = {
    media_type: name.lower() for media_type, name in RESULT_FORMATS.items() if name != "XML"
} | {"text/plain": "text", "text/html": "html"}
#: ``/api/{query}.{suffix}``: the media type each suffix asks for.
SUFFIXES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "txt": "text/plain",
    "html": "text/html",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
}
#: Parameters every query takes besides its own: paging, and the evidence of each row.
API_PARAMETERS = ("limit", "offset", "cite")
#: Most rows one ``limit`` may ask for, and most value combinations of repeated parameters.
MAX_LIMIT = 10_000
#: Most rows ``offset`` may skip.
MAX_OFFSET = 1_000_000
MAX_COMBINATIONS = 100
#: A query name as it can appear in a path: no dots, no slashes, so never a file path.
_QUERY_NAME = re.compile(r"[A-Za-z0-9_-]+")
_FORM = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)
#: Where a saved text's ``VALUES`` block goes, once per text (it reads the whole text).
_group_start = functools.lru_cache(maxsize=512)(where_group_start)


@functools.lru_cache(maxsize=512)
def query_form(text: str) -> str:
    """``SELECT``, ``CONSTRUCT``, ``DESCRIBE`` or ``ASK``: the first form keyword outside strings and comments."""
    found = _FORM.search(mask(text))
    return found.group(1).upper() if found else "SELECT"


@dataclass
class QueryApi:
    """Answers ``/api...`` paths from a folder of saved queries (default: the packaged ones)."""

    door: Door
    folder: Path | None = None
    version: str = ""
    #: IRI parameter name → the IRIs it ranges over, per query (``enum`` in the OpenAPI description).
    choices: dict[str, dict[str, list[str]]] = field(default_factory=dict, init=False)
    _saved: dict[str, queries.SavedQuery] = field(default_factory=dict, init=False, repr=False)
    _document: bytes | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._saved = {q.name: q for q in queries.catalogue(self.folder)}
        for name, saved in self._saved.items():
            if found := iri_choices(self.door.store, saved):
                self.choices[name] = found

    def listing(self) -> Reply:
        """``/api``: every saved query with its parameters, as JSON."""
        body = queries.render_catalogue(list(self._saved.values()), "json").encode("utf-8")
        return Reply(200, body, "application/json")

    def description(self) -> Reply:
        """``/api/openapi.json``: the OpenAPI 3 description of every query."""
        if self._document is None:
            document = openapi.document(list(self._saved.values()), self.version, self.choices, self.forms())
            self._document = (json.dumps(document, indent=2) + "\n").encode("utf-8")
        return Reply(200, self._document, "application/json")

    def forms(self) -> dict[str, str]:
        """Each query's form (``SELECT``...), for the responses the description promises."""
        return {name: query_form(saved.text) for name, saved in self._saved.items()}

    def find(self, name: str) -> queries.SavedQuery:
        """The saved query called ``name``.

        :raises UnknownQueryError: no such query; carries the close names.
        """
        if _QUERY_NAME.fullmatch(name) and name in self._saved:
            return self._saved[name]
        import difflib

        raise UnknownQueryError(name, difflib.get_close_matches(name, list(self._saved), n=3, cutoff=0.5))

    async def answer(
        self, name: str, suffix: str | None, params: Sequence[tuple[str, str]], accept: str | None
    ) -> Reply:
        """Run the query ``name`` with the query-string ``params``; ``suffix`` overrides ``Accept``.

        :raises UnknownQueryError: no such query (404), :raises ParameterError: a bad value (400).
        """
        saved = self.find(name)
        form = query_form(saved.text)
        offered = (*GRAPH_FORMATS, *RESULT_TYPES) if form in ("CONSTRUCT", "DESCRIBE") else tuple(RESULT_TYPES)
        if suffix is not None:
            if suffix not in SUFFIXES or SUFFIXES[suffix] not in offered:
                raise UnknownQueryError(
                    f"{name}.{suffix}", [f"{name}.{s}" for s, t in SUFFIXES.items() if t in offered]
                )
            chosen: str | None = SUFFIXES[suffix]
        else:
            chosen = choose(accept, offered)
        if chosen is None:
            return problem(406, f"{name} answers as {', '.join(offered)}")
        values, page = split_parameters(saved, params)
        text = with_value_rows(saved, values)
        self._check_choices(saved, values)
        self.door.check(saved.name, saved.text)  # bound values add no brackets and no SERVICE
        if page.cite and chosen in GRAPH_FORMATS:
            raise ParameterError(saved.name, "cite", "the evidence comes as a table: ask for JSON, CSV, TSV or HTML")
        dataset = self.door.dataset([GRAPHS[g] for g in QUERY_GRAPHS])
        answer = await self.door.evaluate(saved.name, run_saved, text, dataset, page, chosen)
        if isinstance(answer, bytes):
            return Reply(200, answer, content_type(chosen), {"Vary": "Accept"})
        result = QueryResult(variables=answer[0], rows=answer[1], boolean=answer[2])
        body = result_page(saved, result, params, self.choices.get(saved.name, {}), self.version)
        return Reply(200, body.encode("utf-8"), content_type(chosen), {"Vary": "Accept"})

    def _check_choices(self, saved: queries.SavedQuery, rows: list[dict[str, str]]) -> None:
        """A parameter with a list of choices takes one of them (as an IRI or a prefixed name).

        :raises ParameterError: the value is not one of the choices; the message names a few.
        """
        choices = self.choices.get(saved.name, {})
        for row in rows:
            for name, value in row.items():
                if name not in choices:
                    continue
                iri = PARAMETER_KINDS["iri"](value, saved.prefixes)
                if iri.value not in choices[name]:
                    shown = ", ".join(choices[name][:3])
                    raise ParameterError(
                        saved.name, name, f"not one of the {len(choices[name])} choices ({shown}...); got {value!r}"
                    )


@dataclass(frozen=True)
class Page:
    """What the API's own parameters ask of any query: a window of its rows, and their evidence."""

    offset: int = 0
    limit: int | None = None
    cite: bool = False


def evaluate(store: ox.Store, text: str, dataset: dict[str, Any], offset: int = 0, end: int | None = None) -> Any:
    """Rows ``offset`` to ``end`` of a query's answer (a boolean for ASK), or of its triples, sorted."""
    answer: Any = store.query(text, prefixes=dict(PREFIXES), **dataset)
    if isinstance(answer, (bool, ox.QueryBoolean)):
        return QueryResult(variables=[], rows=[], boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = [{v: s[v] for v in variables} for s in itertools.islice(answer, offset, end)]
        return QueryResult(variables=variables, rows=rows)
    return sorted(answer, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))[offset:end]


def run_saved(
    store: ox.Store, text: str, dataset: dict[str, Any], page: Page, chosen: str
) -> bytes | tuple[list[str], list[dict[str, Any]], bool | None]:
    """In a worker: the answer in the ``chosen`` media type, with its evidence when ``page.cite``.

    An HTML answer needs the server's page templates: for it the rows come back, not the bytes.
    """
    end = None if page.limit is None else page.offset + page.limit
    answer = evaluate(store, text, dataset, page.offset, end)
    if isinstance(answer, list):
        if chosen in GRAPH_FORMATS:
            return graph_bytes(answer, chosen)
        names = ["subject", "predicate", "object"]
        answer = QueryResult(variables=names, rows=[{n: t[i] for i, n in enumerate(names)} for t in answer])
    fmt = RESULT_TYPES[chosen]
    if page.cite and answer.boolean is None:

        def run(saved: queries.SavedQuery, params: dict[str, str]) -> QueryResult:
            found: QueryResult = evaluate(store, queries.with_values(saved, queries.bind(saved, params)), dataset)
            return found

        citations = cite(answer, run)
        if fmt != "html":
            return render_cited(answer, citations, fmt, PREFIXES).encode("utf-8")
        answer = cited_result(answer, citations)
    if fmt == "html":
        return answer.variables, answer.rows, answer.boolean
    return render(answer, fmt, PREFIXES).encode("utf-8")


def graph_bytes(triples: list[Any], media_type: str) -> bytes:
    """CONSTRUCT or DESCRIBE triples in an RDF syntax, with the project's prefixes in Turtle."""
    fmt = getattr(ox.RdfFormat, GRAPH_FORMATS[media_type])
    return ox.serialize(triples, format=fmt, prefixes=dict(PREFIXES) if fmt == ox.RdfFormat.TURTLE else None) or b""


def split_parameters(saved: queries.SavedQuery, params: Sequence[tuple[str, str]]) -> tuple[list[dict[str, str]], Page]:
    """The value combinations of the query's own parameters, and the API's own (:class:`Page`).

    A query's own parameter of the same name wins over the API's.

    :raises ParameterError: a paging value is not a whole number in range, ``cite`` is not
        ``true`` or ``false``, one of them is given twice, or a parameter has more value
        combinations than :data:`MAX_COMBINATIONS`.
    """
    given = query_values(params)
    paging: dict[str, int] = {}
    cite = False
    own = {p.name for p in saved.parameters}
    for name in API_PARAMETERS:
        if name not in given or name in own:
            continue
        values = given.pop(name)
        if len(values) > 1:
            raise ParameterError(saved.name, name, f"given {len(values)} times; give it once")
        text = values[0].strip()
        if name == "cite":
            if text not in ("true", "false"):
                raise ParameterError(saved.name, name, f"expected true or false (got {values[0]!r})")
            cite = text == "true"
            continue
        low, high = (1, MAX_LIMIT) if name == "limit" else (0, MAX_OFFSET)
        if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
            bound = f"{low} to {high}"
            raise ParameterError(saved.name, name, f"expected a whole number, {bound} (got {values[0]!r})")
        paging[name] = int(text)
    names = sorted(given)
    combinations = math.prod(len(given[name]) for name in names)
    if combinations > MAX_COMBINATIONS:
        raise ParameterError(
            saved.name, names[0], f"{combinations} combinations of values; at most {MAX_COMBINATIONS} are answered"
        )
    rows = [dict(zip(names, chosen, strict=True)) for chosen in itertools.product(*(given[n] for n in names))]
    return rows or [{}], Page(paging.get("offset", 0), paging.get("limit"), cite)


def with_value_rows(saved: queries.SavedQuery, rows: list[dict[str, str]]) -> str:
    """The query text with one ``VALUES`` row per combination, each bound as the CLI binds values.

    The block is :func:`~zhangjiang_kg.queries.catalogue.with_values`'s with a row per combination
    (terms written by pyoxigraph, escaped, never pasted as given), at the same place.

    :raises ParameterError: as :func:`~zhangjiang_kg.queries.catalogue.bind`.
    """
    bound = [queries.bind(saved, row) for row in rows]
    variables = sorted({v for b in bound for v in b})
    if not variables:
        return saved.text
    lines = " ".join("(" + " ".join(str(b[v]) if v in b else "UNDEF" for v in variables) + ")" for b in bound)
    block = f" VALUES ({' '.join('?' + v for v in variables)}) {{ {lines} }}"
    position = _group_start(saved.text)
    if position is None:
        return f"{saved.text.rstrip()}\n{block.strip()}\n"
    return saved.text[:position] + block + saved.text[position:]


def shortened(result: QueryResult) -> list[list[str]]:
    """The rows as the CLI's table shows them: terms shortened with the project's prefixes."""
    return [[shorten(row.get(v), PREFIXES) for v in result.variables] for row in result.rows]


def query_values(params: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """The query string's values by name, in order (what the result page's form is filled with)."""
    found: dict[str, list[str]] = {}
    for name, value in params:
        found.setdefault(name, []).append(value)
    return found


#: Most choices a parameter's list may have.
MAX_CHOICES = 200
#: An IRI or a prefixed name in a query's text.
_TERM = r"(<[^>\s]+>|[A-Za-z][\w.-]*:[\w.-]*)"


def iri_choices(store: ox.Store, saved: queries.SavedQuery) -> dict[str, list[str]]:
    """For each IRI parameter of a saved query, the IRIs it ranges over: the instances (subclasses
    included) of the class the query types it with (``?_sector_iri a zjo:Sector``) or of the range of
    the property it is the object of (``zjo:status ?_status_iri``); free text over :data:`MAX_CHOICES`."""
    found: dict[str, list[str]] = {}
    for parameter in saved.parameters:
        if parameter.kind != "iri":
            continue
        var = re.escape("?" + parameter.variable)
        typed = re.search(var + r"\s+(?:a|rdf:type)\s+" + _TERM, saved.text)
        ranged = re.search(_TERM + r"\s+" + var + r"\s*[.;,)}\s]", saved.text)
        klass = _expand(typed.group(1), saved.prefixes) if typed else None
        if klass is None and ranged and (prop := _expand(ranged.group(1), saved.prefixes)):
            klass = _range(store, prop)
        values = _instances(store, klass) if klass else []
        if 0 < len(values) <= MAX_CHOICES:
            found[parameter.name] = values
    return found


def _expand(term: str, prefixes: dict[str, str]) -> str | None:
    if term.startswith("<"):
        return term[1:-1]
    prefix, _, local = term.partition(":")
    return prefixes[prefix] + local if prefix in prefixes else None


def _range(store: ox.Store, prop: str) -> str | None:
    found = store.quads_for_pattern(ox.NamedNode(prop), ox.NamedNode(RDFS + "range"), None, None)
    ranges = [q.object.value for q in found if isinstance(q.object, ox.NamedNode)]
    return ranges[0] if len(ranges) == 1 else None


def _instances(store: ox.Store, klass: str) -> list[str]:
    if not klass.startswith(("http://", "https://")) or ">" in klass:
        return []
    answer = store.query(
        f"SELECT DISTINCT ?x WHERE {{ ?c <{RDFS}subClassOf>* <{klass}> . ?x a ?c FILTER(isIRI(?x)) }} ORDER BY ?x",
        use_default_graph_as_union=True,
    )
    return [s["x"].value for s in answer if isinstance(s["x"], ox.NamedNode)]  # type: ignore[union-attr]


#: Rows the form asks for unless the user says otherwise.
FORM_LIMIT = 100


def form_values(
    saved: queries.SavedQuery, given: Mapping[str, Sequence[str]], choices: Mapping[str, list[str]]
) -> dict[str, Any]:
    """What ``ask.html`` (the ``GET`` form that asks ``/api/{query}.html``) shows: each parameter with
    its kind, the values it has now (``given``, else the header's defaults) and its choices."""
    fields = [
        {
            "name": p.name,
            "kind": p.kind,
            "required": p.required,
            "values": given.get(p.name) or ([p.default] if p.default is not None else []),
            "choices": choices.get(p.name, []),
        }
        for p in saved.parameters
    ]
    limit = (given.get("limit") or [str(FORM_LIMIT)])[0]
    return {"action": f"/api/{saved.name}.html", "parameters": fields, "limit": limit, "max_limit": MAX_LIMIT}


def result_page(
    saved: queries.SavedQuery,
    result: QueryResult,
    params: Sequence[tuple[str, str]],
    choices: Mapping[str, list[str]] | None = None,
    version: str = "",
) -> str:
    """The answer as an HTML table, terms shortened as the CLI's table shows them, the form above it."""
    given = query_values(params)
    query = urlencode(list(params))
    links = {fmt: f"/api/{saved.name}.{fmt}" + (f"?{query}" if query else "") for fmt in ("json", "csv", "tsv")}
    return render_page(
        "result.html",
        title=saved.name,
        root="/",
        current="queries/index.html",
        version=version or "unknown",
        name=saved.name,
        summary=saved.summary,
        form=form_values(saved, given, choices or {}) if saved.parameters else None,
        boolean=result.boolean,
        headers=result.variables,
        rows=shortened(result),
        count=len(result.rows),
        links=links,
    )
