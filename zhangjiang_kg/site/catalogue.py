"""The saved-query catalogue: one page per query with its summary, its SPARQL and its results.

A query that needs a parameter with no default is shown without results; one that fails shows its
error, reported to the caller (the site is still written, so the page can be read).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import ZjkgError
from ..queries.catalogue import SavedQuery
from ..queries.results import QueryResult
from ..store.graph import KnowledgeGraph
from ..vocab import QUERY_GRAPHS
from .html import Site, Term, page, slug

#: At most this many rows of a result are shown; the page says how many there were.
MAX_ROWS = 500


@dataclass
class QueryPage:
    """A saved query, what running it gave, and the file its page is written to."""

    query: SavedQuery
    file: str
    result: QueryResult | None = None
    error: str | None = None
    skipped: str | None = None

    @property
    def failed_check(self) -> bool:
        """A ``*-violation`` query that returned rows: the graph breaks that check."""
        return self.result is not None and self.query.failed_by(self.result)


def run_all(queries: list[SavedQuery], kg: KnowledgeGraph) -> list[QueryPage]:
    """Run every query that can run without parameters; keep errors instead of raising them."""
    pages = []
    for query in queries:
        item = QueryPage(query=query, file=f"queries/{slug(query.name)}.html")
        missing = [p for p in query.parameters if p.required]
        if missing:
            item.skipped = "needs " + ", ".join(f"{p.name} ({p.kind})" for p in missing)
        else:
            try:
                item.result = kg.run_query(query, graphs=QUERY_GRAPHS)
            except ZjkgError as error:
                item.error = str(error)
        pages.append(item)
    return pages


def render_index(site: Site, pages: list[QueryPage]) -> str:
    """``queries/index.html``: every saved query with its summary and how many rows it returns."""
    rows = [
        [
            Term(item.query.name, href=item.file.split("/", 1)[1]),
            item.query.summary or "",
            ", ".join(item.query.tags),
            _outcome(item),
        ]
        for item in pages
    ]
    return page(site, "queries/index.html", "queries.html", title="Saved queries", rows=rows)


def _outcome(item: QueryPage) -> Term:
    if item.error is not None:
        return Term("error", css="badge fail")
    if item.skipped is not None:
        return Term(item.skipped, css="muted")
    assert item.result is not None
    if item.query.is_violation:
        return Term("fails", css="badge fail") if item.failed_check else Term("passes", css="badge pass")
    if item.result.boolean is not None:
        return Term("yes" if item.result.boolean else "no")
    count = len(item.result.rows)
    return Term(f"{count} row{'s' if count != 1 else ''}")


def render_query(site: Site, item: QueryPage) -> str:
    """The page of one query: header fields, parameters, SPARQL text and the result table."""
    query = item.query
    parameters = [
        [Term(p.name, code=True), p.kind, "optional" if p.optional else "required", p.default or ""]
        for p in query.parameters
    ]
    return page(
        site,
        item.file,
        "query.html",
        title=query.name,
        query=query,
        parameters=parameters,
        outcome=_outcome(item),
        error=item.error,
        result=result_table(site, item.result, "../") if item.result is not None else None,
    )


def result_table(site: Site, result: QueryResult, root: str) -> dict[str, Any]:
    """A result for the result table: IRIs as links to their pages, numbers right-aligned."""
    shown = result.rows[:MAX_ROWS]
    rows = [
        [site.term(cell, root) if (cell := row.get(v)) is not None else None for v in result.variables] for row in shown
    ]
    numeric = set()
    for index in range(len(result.variables)):
        cells = [cell for row in rows if (cell := row[index]) is not None]
        if cells and all(cell.css == "num" for cell in cells):
            numeric.add(index)
    return {
        "boolean": result.boolean,
        "headers": [f"?{v}" for v in result.variables],
        "rows": rows,
        "numeric": numeric,
        "count": len(result.rows),
    }
