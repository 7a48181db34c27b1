"""The saved questions as a web API, as grlc exposes a folder of queries.

``GET /api/{query}?name=value`` runs a saved query with its parameters bound as typed RDF terms
(the CLI's binding, so the same values are accepted and refused with the same messages), and answers
by ``Accept``: SPARQL results JSON (the default), CSV, TSV, a text table or an HTML table.
``/api/openapi.json`` describes every query for OpenAPI tools; ``/api`` lists them. Errors are RFC
9457 problem documents: 400 for a bad parameter, 404 with suggestions for an unknown query.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from ..errors import ParameterError, UnknownQueryError, ZjkgError
from ..queries import catalogue as queries
from ..queries.results import QueryResult, render, shorten
from ..vocab import PREFIXES
from . import negotiation, openapi
from .reply import Reply, problem

if TYPE_CHECKING:
    from rdflib import Graph

#: Media types of query results, in the server's order of preference, with the results format of each.
RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/plain": "text",
    "text/html": "html",
}
#: A query name as it can appear in a path: no dots, no slashes, so never a file path.
_QUERY_NAME = re.compile(r"[A-Za-z0-9_-]+")


class QueryApi:
    """Answers ``/api...`` paths from a folder of saved queries (default: the packaged ones).

    One query runs at a time: rdflib's SPARQL parser (pyparsing) is not thread-safe.
    """

    def __init__(self, graph: Graph, folder: Path | None = None, version: str = "") -> None:
        self.graph = graph
        self.lock = threading.Lock()
        self.folder = folder
        self.version = version

    def handle(self, rest: str, query_string: str, accept: str | None) -> Reply:
        """``rest`` is the path after ``/api`` (``""``, ``/openapi.json``, ``/fund-money``)."""
        try:
            if rest in ("", "/"):
                listing = queries.render_catalogue(queries.catalogue(self.folder), "json")
                return Reply(200, listing.encode("utf-8"), "application/json")
            if rest == "/openapi.json":
                document = openapi.document(queries.catalogue(self.folder), self.version)
                return Reply(200, (json.dumps(document, indent=2) + "\n").encode("utf-8"), "application/json")
            return self._answer(rest.removeprefix("/"), query_string, accept)
        except UnknownQueryError as error:
            return problem(404, str(error), suggestions=error.suggestions, catalogue="/api")
        except ParameterError as error:
            return problem(400, str(error), parameter=error.parameter)
        except ZjkgError as error:
            return problem(500, str(error))

    def _answer(self, name: str, query_string: str, accept: str | None) -> Reply:
        if not _QUERY_NAME.fullmatch(name):
            raise UnknownQueryError(name)
        saved = queries.find_query(name, self.folder)
        chosen = negotiation.choose(accept, tuple(RESULT_TYPES))
        if chosen is None:
            return problem(406, f"query results are available as {', '.join(RESULT_TYPES)}")
        values = _single_values(saved.name, query_string)
        with self.lock:
            result = queries.run(self.graph, saved, values)
        fmt = RESULT_TYPES[chosen]
        body = html_table(saved, result) if fmt == "html" else render(result, fmt, PREFIXES)
        content_type = chosen + ("; charset=utf-8" if chosen.startswith("text/") else "")
        return Reply(200, body.encode("utf-8"), content_type, {"Vary": "Accept"})


def _single_values(query: str, query_string: str) -> dict[str, str]:
    """Query-string arguments by name; one value each (a repeated name is refused, never guessed)."""
    values: dict[str, str] = {}
    for name, given in parse_qs(query_string, keep_blank_values=True).items():
        if len(given) > 1:
            raise ParameterError(query, name, f"given {len(given)} times; give it once")
        values[name] = given[0]
    return values


def html_table(saved: queries.SavedQuery, result: QueryResult) -> str:
    """The results as a small HTML page for people, terms shortened as the CLI's table shows them."""
    from ..site.html import esc, table

    if result.boolean is not None:
        content = f"<p>{'yes' if result.boolean else 'no'}</p>"
    else:
        rows = [[esc(shorten(row.get(v), PREFIXES)) for v in result.variables] for row in result.rows]
        count = len(result.rows)
        content = table([esc(v) for v in result.variables], rows) + f"<p>({count} row{'s' if count != 1 else ''})</p>"
    summary = f"<p>{esc(saved.summary)}</p>" if saved.summary else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(saved.name)} · zhangjiang-kg</title>\n"
        '<link rel="stylesheet" href="/style.css">\n<link rel="icon" href="data:,">\n</head>\n'
        f"<body>\n<main>\n<h1>{esc(saved.name)}</h1>\n{summary}\n{content}\n</main>\n</body>\n</html>\n"
    )
