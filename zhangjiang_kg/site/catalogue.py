"""The saved-query catalogue: one page per query with its summary, its SPARQL and its results.

Queries run on the data and the ontology, with their default parameter values. A query that needs
a parameter with no default is shown without results; one that fails shows its error, and the
failure is reported to the caller (the site is still written, so the page can be read).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ZjkgError
from .html import Site, esc, page, slug, table

if TYPE_CHECKING:
    from rdflib import Graph

    from ..queries.catalogue import SavedQuery
    from ..queries.results import QueryResult

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


def run_all(queries: list[SavedQuery], graph: Graph) -> list[QueryPage]:
    """Run every query that can run without parameters; keep errors instead of raising them."""
    import pyoxigraph as ox

    from ..rdfio.terms import oxigraph_quads
    from ..store.graph import KnowledgeGraph
    from ..vocab import GRAPH_DATA

    store = ox.Store()  # the queries run on Oxigraph, the graph copied into its data graph
    store.bulk_extend(oxigraph_quads(graph, GRAPH_DATA))
    kg = KnowledgeGraph(store=store)
    pages = []
    for query in queries:
        item = QueryPage(query=query, file=f"queries/{slug(query.name)}.html")
        missing = [p for p in query.parameters if p.required]
        if missing:
            item.skipped = "needs " + ", ".join(f"{p.name} ({p.kind})" for p in missing)
        else:
            try:
                item.result = kg.run_query(query, graphs=("data",))
            except ZjkgError as error:
                item.error = str(error)
        pages.append(item)
    return pages


def render_index(site: Site, pages: list[QueryPage]) -> str:
    """``queries/index.html``: every saved query with its summary and how many rows it returns."""
    rows = []
    for item in pages:
        rows.append(
            [
                f'<a href="{esc(item.file.split("/", 1)[1])}">{esc(item.query.name)}</a>',
                esc(item.query.summary or ""),
                esc(", ".join(item.query.tags)),
                _outcome(item),
            ]
        )
    body = [
        "<h1>Saved queries</h1>",
        '<p class="lead">Each competency question is a SPARQL file in <code>queries/</code>. '
        "A query whose name ends in <code>-violation</code> is a check: it must return no rows. "
        "Results below were computed from the graph when this site was built.</p>",
    ]
    if pages:
        body.append(table(["query", "summary", "tags", "result"], rows))
    else:
        body.append('<p class="muted">No saved queries yet.</p>')
    return page(site, "queries/index.html", "Saved queries", "\n".join(body))


def _outcome(item: QueryPage) -> str:
    if item.error is not None:
        return '<span class="badge fail">error</span>'
    if item.skipped is not None:
        return f'<span class="muted">{esc(item.skipped)}</span>'
    assert item.result is not None
    if item.query.is_violation:
        return (
            '<span class="badge fail">fails</span>' if item.failed_check else '<span class="badge pass">passes</span>'
        )
    if item.result.boolean is not None:
        return "yes" if item.result.boolean else "no"
    count = len(item.result.rows)
    return f"{count} row{'s' if count != 1 else ''}"


def render_query(site: Site, item: QueryPage) -> str:
    """The page of one query: header fields, parameters, SPARQL text and the result table."""
    root = "../"
    query = item.query
    body = [f"<h1>{esc(query.name)}</h1>"]
    if query.summary:
        body.append(f'<p class="lead">{esc(query.summary)}</p>')
    if query.description:
        body.append(f"<p>{esc(query.description)}</p>")
    if query.tags:
        body.append("<p>Tags: " + ", ".join(f"<code>{esc(t)}</code>" for t in query.tags) + "</p>")
    if query.parameters:
        rows = [
            [f"<code>{esc(p.name)}</code>", esc(p.kind), "optional" if p.optional else "required", esc(p.default or "")]
            for p in query.parameters
        ]
        body.append("<h2>Parameters</h2>")
        body.append(table(["name", "type", "", "default"], rows))
    body.append(f"<h2>Results</h2>\n<p>{_outcome(item)}</p>")
    if item.error is not None:
        body.append(f'<p class="note">The query failed: {esc(item.error)}</p>')
    elif item.result is not None:
        body.append(result_table(site, item.result, root))
    body.append("<h2>SPARQL</h2>")
    body.append(f"<pre><code>{esc(query.text.rstrip())}</code></pre>")
    return page(site, item.file, query.name, "\n".join(body))


def result_table(site: Site, result: QueryResult, root: str) -> str:
    """A result as a table: IRIs as links to their pages, numbers right-aligned."""
    from rdflib import Literal

    from ..rdfio.terms import to_rdflib

    if result.boolean is not None:
        return f"<p>ASK answer: <strong>{'true' if result.boolean else 'false'}</strong></p>"
    if not result.rows:
        return '<p class="muted">No rows.</p>'
    shown = [{v: None if t is None else to_rdflib(t) for v, t in row.items()} for row in result.rows[:MAX_ROWS]]
    numeric: set[int] = set()
    for index, variable in enumerate(result.variables):
        cells = [row.get(variable) for row in shown if row.get(variable) is not None]
        if cells and all(isinstance(c, Literal) and '<span class="num">' in site.term(c, root) for c in cells):
            numeric.add(index)
    rows = [
        [site.term(cell, root) if (cell := row.get(v)) is not None else "" for v in result.variables] for row in shown
    ]
    html = table([f"?{esc(v)}" for v in result.variables], rows, numeric)
    if len(result.rows) > MAX_ROWS:
        html += f'<p class="muted">Showing {MAX_ROWS} of {len(result.rows)} rows.</p>'
    return html
