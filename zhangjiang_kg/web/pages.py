"""The pages only the server has: a saved query's answer with its form, and the SPARQL form.

Both are plain ``GET`` forms, so the answer of a question is a link one can share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ..site.html import render
from .api import MAX_LIMIT, query_values, shortened

if TYPE_CHECKING:
    from ..queries.catalogue import SavedQuery
    from ..queries.results import QueryResult

#: Rows the form asks for unless the user says otherwise.
FORM_LIMIT = 100


def form_values(
    saved: SavedQuery, given: Mapping[str, Sequence[str]], choices: Mapping[str, list[str]]
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
    saved: SavedQuery,
    result: QueryResult,
    params: Sequence[tuple[str, str]],
    choices: Mapping[str, list[str]] | None = None,
    version: str = "",
) -> str:
    """The answer as an HTML table, terms shortened as the CLI's table shows them, the form above it."""
    given = query_values(params)
    query = urlencode(list(params))
    links = {fmt: f"/api/{saved.name}.{fmt}" + (f"?{query}" if query else "") for fmt in ("json", "csv", "tsv")}
    return render(
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


def sparql_page(endpoint: str, formats: Sequence[str], version: str = "") -> str:
    """``GET /sparql`` without a query: a form that runs one, no scripts needed."""
    return render(
        "sparql.html",
        title="SPARQL query",
        root="/",
        current=None,
        version=version or "unknown",
        endpoint=endpoint,
        formats=formats,
        query="SELECT ?fund ?label WHERE {\n  ?fund a zjo:Fund ; rdfs:label ?label .\n}\nORDER BY ?fund\n",
    )
