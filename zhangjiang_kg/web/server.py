"""Run the web application with the standard library's threading HTTP server, on the loopback.

``http.server`` is enough for a read-only application on 127.0.0.1: no dependency to install or
keep, nothing heavy to import (``zjkg serve --help`` stays fast), and one thread per request so a
slow query does not hold up the pages. It is not meant to face the internet; put a reverse proxy
or a static host in front for that.
"""

from __future__ import annotations

import errno
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ServerError
from .app import WebApplication
from .reply import text

if TYPE_CHECKING:
    from ..store.graph import KnowledgeGraph

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 7879


def handler_for(app: WebApplication) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to ``app``; every method goes through :meth:`WebApplication.handle`."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "zjkg"

        def _answer(self) -> None:
            try:
                reply = app.handle(self.command, self.path, self.headers.get("Accept"))
            except Exception as exc:
                reply = text(500, f"internal error: {type(exc).__name__}: {exc}")
            self.send_response(reply.status)
            for name, value in reply.header_items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)

        do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _answer

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the command prints where it serves, not every request."""

    return Handler


@dataclass
class WebServer:
    """The web application on ``host:port`` in a background thread; use it as a context manager.

    ``port=0`` picks a free port. ``site`` serves a built site folder instead of building one.
    """

    kg: KnowledgeGraph
    port: int = DEFAULT_PORT
    host: str = LOOPBACK
    site: Path | None = None
    queries: Path | None = None
    app: WebApplication | None = field(default=None, init=False, repr=False)
    _httpd: ThreadingHTTPServer | None = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        """Where the application answers, e.g. ``http://127.0.0.1:7879``."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> WebServer:
        """Bind the port, start answering and start building the site.

        :raises ServerError: the port is taken or cannot be bound.
        """
        if self._httpd is not None:
            raise ServerError(f"the web server at {self.url} is already running")
        app = WebApplication(self.kg, site=self.site, queries=self.queries)
        try:
            httpd = ThreadingHTTPServer((self.host, self.port), handler_for(app))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServerError(
                    f"port {self.port} on {self.host} is already in use; choose another with --web-port"
                ) from None
            raise ServerError(f"cannot serve on {self.host}:{self.port}: {exc.strerror or exc}") from None
        httpd.daemon_threads = True
        self.port = int(httpd.server_address[1])
        self._httpd, self.app = httpd, app.start()
        threading.Thread(target=httpd.serve_forever, name="zjkg-web", daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop answering and remove the built site. Safe to repeat."""
        httpd, self._httpd = self._httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        app, self.app = self.app, None
        if app is not None:
            app.close()

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def start_web(kg: KnowledgeGraph, port: int = DEFAULT_PORT) -> WebServer:
    """Start the web application for ``zjkg serve`` on the loopback; stop it with :meth:`WebServer.stop`."""
    return WebServer(kg, port=port).start()
