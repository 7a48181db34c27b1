"""The graph on the web: every IRI answers, the site is served, the saved questions are an API.

``negotiation`` picks a media type from ``Accept``; ``linked_data`` answers ``/id/...``,
``/ontology`` and ``/shapes`` (303 to the page, or the description as Turtle, N-Triples or JSON-LD);
``api`` runs saved queries for ``/api/{query}`` and ``openapi`` describes them; ``static`` serves
the documentation site; ``app`` routes a request to one of them; ``server`` runs the application on
the loopback with uvicorn (``start_web`` is what ``zjkg serve`` calls).
"""

from .server import DEFAULT_PORT, WebServer, start_web

__all__ = ["DEFAULT_PORT", "WebServer", "start_web"]
