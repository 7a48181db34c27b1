"""The graph on the web: SPARQL, the saved questions as an API, every IRI and the site, on one port.

:class:`WebServer` is what ``zjkg serve`` runs; docs/web.md describes the routes and the guards.
"""

from .server import WebServer

__all__ = ["WebServer"]
