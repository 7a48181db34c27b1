"""The web application: which part answers which path, independent of the HTTP server that runs it.

| path | answer |
|---|---|
| ``/id/{name}``, ``/ontology``, ``/shapes``, ``/graph/{name}`` | the IRI: 303 to its page, or RDF by ``Accept`` |
| ``/id/{name}.ttl`` ``.jsonld`` ``.nt``, ``/ontology.ttl``... | the description in that syntax |
| ``/api``, ``/api/openapi.json``, ``/api/{query}`` | the saved-query API (:mod:`zhangjiang_kg.web.api`) |
| anything else | a file of the documentation site (``/`` is its front page) |

Only ``GET`` and ``HEAD`` are answered: the application never changes the graph.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from .api import QueryApi
from .linked_data import SUFFIXES, LinkedData
from .reply import Reply, text
from .static import BUILD_WAIT_SECONDS, SiteFolder

if TYPE_CHECKING:
    from ..store.graph import KnowledgeGraph

READ_METHODS = ("GET", "HEAD")


class WebApplication:
    """Entity pages, content negotiation, the site and the query API over one loaded graph."""

    def __init__(
        self,
        kg: KnowledgeGraph,
        *,
        site: Path | None = None,
        queries: Path | None = None,
        site_wait: float = BUILD_WAIT_SECONDS,
    ) -> None:
        from .._version import __version__
        from ..store.rdflib_view import RdflibView

        view = RdflibView(kg)  # the pages are built from rdflib graphs
        self.linked_data = LinkedData(view)
        self.api = QueryApi(kg, queries, __version__)
        self.site = SiteFolder(view, site)
        self.site_wait = site_wait

    def start(self) -> WebApplication:
        """Start what runs in the background (the site build, unless a site folder was given)."""
        self.site.start()
        return self

    def close(self) -> None:
        """Remove temporary files (the built site)."""
        self.site.close()

    def handle(self, method: str, target: str, accept: str | None = None) -> Reply:
        """Answer one request; ``target`` is the request line's path with its query string."""
        if method not in READ_METHODS:
            return text(405, f"{method} is not allowed: this server is read-only", Allow=", ".join(READ_METHODS))
        parts = urlsplit(target)
        path = unquote(parts.path)
        if path == "/api" or path.startswith("/api/"):
            return self.api.handle(path[len("/api") :], parts.query, accept)
        document = path.strip("/")
        if self.linked_data.knows(document) and not path.endswith("/"):
            return self.linked_data.negotiate(document, accept)
        stem, dot, suffix = document.rpartition(".")
        if dot and suffix in SUFFIXES and self.linked_data.knows(stem):
            return self.linked_data.document(stem, suffix)
        return self.site.reply(path, self.site_wait)
