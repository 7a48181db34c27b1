"""SPARQL 1.1 Protocol queries: POST a query to an endpoint and read its JSON results. A query that
timed out is not sent again: the endpoint is most likely still computing it."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping, Sequence

from ..errors import EndpointError, QueryError
from ..queries.catalogue import SavedQuery, bind, check, find_query, with_values
from ..queries.results import QueryResult
from ..rdfio.jsonld import read_json
from ..vocab import GRAPHS
from ..vocab import QUERY_GRAPHS as _QUERY_GRAPH_NAMES
from .http import Credentials, HttpClient, RetryPolicy, credentials_for, snippet

#: The graphs a saved query sees (docs/model.md), merged, as in-process.
QUERY_GRAPHS: tuple[str, ...] = tuple(GRAPHS[name] for name in _QUERY_GRAPH_NAMES)


def run_remote(
    endpoint: str,
    query_text: str,
    *,
    timeout: float = 30.0,
    default_graphs: Sequence[str] | None = QUERY_GRAPHS,
    retry: RetryPolicy | None = None,
    credentials: Credentials | None = None,
) -> QueryResult:
    """POST a SELECT or ASK query to a SPARQL 1.1 endpoint and return its rows.

    ``default_graphs`` become ``default-graph-uri`` parameters, so the query sees the graphs a
    query in-process sees and nothing else (Virtuoso's own default graph holds thousands of
    system triples); ``None``: the endpoint's own default graph.

    :raises InputError: ``endpoint`` is not an http(s) URL.
    :raises QueryError: the endpoint rejects the query, does not answer within ``timeout``
        seconds, or answers something that is not a SPARQL JSON result (a CONSTRUCT, an HTML page).
    :raises EndpointError: the endpoint cannot be reached.
    """
    fields = [("query", query_text), *(("default-graph-uri", graph) for graph in default_graphs or ())]
    login = credentials or credentials_for(endpoint)
    client = HttpClient(endpoint, timeout=timeout, retry=retry, credentials=login, retry_timeouts=False)
    try:
        response = client.request(
            "POST",
            endpoint,
            data=urllib.parse.urlencode(fields).encode("utf-8"),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
            ok=(200,),
        )
    except EndpointError as exc:
        if exc.status is not None and 400 <= exc.status < 500 and exc.status not in (401, 403):
            raise QueryError(f"{endpoint}: the endpoint rejected the query: {exc.reason}") from exc
        if exc.reason.startswith("timed out"):
            raise QueryError(
                f"{endpoint}: no answer within {timeout:g} s (--timeout); the query was sent once and not repeated"
            ) from exc
        raise
    try:
        return QueryResult.from_sparql_json(read_json(response.body))
    except QueryError as exc:
        raise QueryError(f"{endpoint}: {exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError, KeyError, TypeError) as exc:
        raise QueryError(
            f"{endpoint}: the answer is not SPARQL JSON results ({response.content_type}): "
            f"{snippet(response.body, 120) or exc}"
        ) from exc


def run_saved(
    endpoint: str,
    query: SavedQuery | str,
    params: Mapping[str, str] | None = None,
    *,
    timeout: float = 30.0,
    allow_network: bool = False,
) -> QueryResult:
    """Run a saved query (or a name / path) on a SPARQL endpoint, parameters in a VALUES block; a
    ``SERVICE`` is refused unless ``allow_network`` (the endpoint would call the other host)."""
    saved = find_query(query) if isinstance(query, str) else query
    check(saved, allow_network=allow_network)
    return run_remote(endpoint, with_values(saved, bind(saved, params)), timeout=timeout)
