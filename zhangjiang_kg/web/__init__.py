"""The graph on the web: SPARQL, the saved questions as an API, every IRI and the site, on one port.

``guard`` is the one door every SPARQL text passes (nesting depth, federation, time limit);
``sparql`` answers the SPARQL 1.1 Protocol through it, ``api`` the saved queries (described by
``openapi``); ``negotiation`` picks a media type from ``Accept``; ``linked_data`` answers
``/id/...``, ``/ontology`` and ``/shapes`` (303 to the page, or the description as Turtle,
N-Triples or JSON-LD); ``static`` serves the documentation site built at start and ``pages`` the
pages only the server has; ``cache`` keeps answers that cannot change; ``app`` routes a request to
one of them under the HTTP rules every answer follows; ``server`` runs it with uvicorn on the
loopback (``start_web`` is what ``zjkg serve`` calls). See docs/web.md.
"""

from .server import DEFAULT_PORT, WebServer, start_web

__all__ = ["DEFAULT_PORT", "WebServer", "start_web"]
