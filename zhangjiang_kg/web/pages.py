"""The pages only the server has: a saved query's answer as a table with its form, the SPARQL form.

Both come from the site's Jinja2 templates (autoescaped) and work without scripts: the forms are
plain ``GET`` forms, so the answer of a question is a link one can share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from markupsafe import Markup

from ..site.html import NAV, esc, render, table

if TYPE_CHECKING:
    from ..queries.catalogue import SavedQuery
    from ..queries.results import QueryResult

#: Rows the form asks for unless the user says otherwise.
FORM_LIMIT = 100


@dataclass(frozen=True)
class Field:
    """One parameter of the form: its name, kind, the values it has now and the choices it offers."""

    name: str
    kind: str
    required: bool
    values: tuple[str, ...]
    choices: tuple[str, ...]


def ask_form(saved: SavedQuery, given: Mapping[str, Sequence[str]], choices: Mapping[str, list[str]]) -> Markup:
    """The ``GET`` form that asks ``/api/{query}.html``, filled with ``given`` or the header's defaults."""
    from .api import MAX_LIMIT

    fields = [
        Field(
            name=p.name,
            kind=p.kind,
            required=p.required,
            values=tuple(given.get(p.name) or ([p.default] if p.default is not None else [])),
            choices=tuple(choices.get(p.name, [])),
        )
        for p in saved.parameters
    ]
    limit = (given.get("limit") or [str(FORM_LIMIT)])[0]
    return Markup(
        render("ask.html", action=f"/api/{saved.name}.html", parameters=fields, limit=limit, max_limit=MAX_LIMIT)
    )


def result_page(
    saved: SavedQuery,
    result: QueryResult,
    params: Sequence[tuple[str, str]],
    choices: Mapping[str, list[str]] | None = None,
    version: str = "",
) -> str:
    """The answer as an HTML table, terms shortened as the CLI's table shows them, the form above it."""
    from .api import query_values, shortened

    given = query_values(params)
    query = urlencode(list(params))
    links = {fmt: f"/api/{saved.name}.{fmt}" + (f"?{query}" if query else "") for fmt in ("json", "csv", "tsv")}
    rows = [[esc(cell) for cell in row] for row in shortened(result)]
    return render(
        "result.html",
        title=saved.name,
        root="/",
        nav=NAV,
        current="queries/index.html",
        version=version or "unknown",
        name=saved.name,
        summary=saved.summary,
        form=ask_form(saved, given, choices or {}) if saved.parameters else "",
        boolean=result.boolean,
        table=Markup(table([esc(v) for v in result.variables], rows)),
        count=len(result.native),
        links=links,
    )


def sparql_page(endpoint: str, formats: Sequence[str], version: str = "") -> str:
    """``GET /sparql`` without a query: a form that runs one, no scripts needed."""
    return render(
        "sparql.html",
        title="SPARQL query",
        root="/",
        nav=NAV,
        current=None,
        version=version or "unknown",
        endpoint=endpoint,
        formats=formats,
        query="SELECT ?fund ?label WHERE {\n  ?fund a zjo:Fund ; rdfs:label ?label .\n}\nORDER BY ?fund\n",
    )
