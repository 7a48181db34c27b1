"""Run the web application with uvicorn on the loopback: HTTP/1.1 keep-alive, a real backlog, time-outs.

The port is bound here, before uvicorn starts, so a taken port is one clear error at once. The
server runs in a thread with its own event loop, so the command (or a test) keeps its main thread.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import httptools
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..errors import PortInUseError, ServerError
from ..store.graph import KnowledgeGraph
from .app import LOOPBACK_HOSTS, WebApplication
from .cache import AnswerCache, accept_of, plain, wire

#: Where the server listens unless told otherwise: this machine only.
LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 7878
#: Connections waiting to be accepted (the kernel caps it at ``net.core.somaxconn``).
BACKLOG = 2048
#: Seconds a connection may take to send a request's headers.
HEADER_TIMEOUT = 10.0
#: Seconds a kept-alive connection may stay quiet between requests.
IDLE_TIMEOUT = 5
#: Seconds to wait for the server to start or stop.
STARTUP_TIMEOUT = 30.0


class GuardedProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for each request's headers (a client that sends
    nothing, or half a request, would otherwise stay connected for good); a plain request for a
    kept answer (:mod:`.cache`) is answered as soon as its headers are read, without an ASGI cycle.
    """

    header_timeout: float = HEADER_TIMEOUT
    cache: AnswerCache | None = None
    hosts: frozenset[bytes] = frozenset()
    _header_deadline: asyncio.TimerHandle | None = None
    _answered_here = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        method = self.parser.get_method()
        if method == b"CONNECT":  # no tunnels here; uvicorn would call it a bad request
            self._refuse_connect()
            return
        if method in (b"GET", b"HEAD") and self._answer_kept(method == b"HEAD"):
            return
        super().on_headers_complete()

    def _answer_kept(self, head_only: bool) -> bool:
        """Send a kept answer straight away (a plain HTTP/1.1 request, nothing else in flight)."""
        if self.cache is None or self.pipeline or (self.cycle is not None and not self.cycle.response_complete):
            return False
        if self.parser.get_http_version() != "1.1" or not plain(self.headers, set(self.hosts)):
            return False
        try:
            url = httptools.parse_url(self.url)
        except httptools.HttpParserInvalidURLError:
            return False
        path = url.path.decode("ascii")
        if "%" in path:
            path = unquote(path)
        kept = self.cache.get((path, url.query or b"", accept_of(self.headers)))
        if kept is None:
            return False
        self.transport.write(wire(kept, head_only, self.server_state.default_headers))
        self._answered_here = True
        self._arm()
        return True

    def on_message_complete(self) -> None:
        if self._answered_here:
            self._answered_here = False
            return
        super().on_message_complete()

    def on_body(self, body: bytes) -> None:
        if not self._answered_here:
            super().on_body(body)

    def _refuse_connect(self) -> None:
        body = b"CONNECT is not allowed: this server is no proxy\n"
        head = [
            b"HTTP/1.1 405 Method Not Allowed",
            b"allow: GET, HEAD, POST",
            b"content-type: text/plain; charset=utf-8",
            b"content-length: " + str(len(body)).encode("ascii"),
            b"connection: close",
        ]
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_deadline = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _too_slow(self) -> None:
        self._header_deadline = None
        if not self.transport.is_closing() and (self.cycle is None or self.cycle.response_complete):
            self.transport.close()

    def _unsupported_upgrade_warning(self) -> None:
        """``CONNECT`` and unknown upgrades are answered by the application (405); nothing to warn about."""


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (``0`` picks a free port).

    :raises PortInUseError: the port is taken; the message names ``--port``.
    :raises ServerError: the port cannot be bound for another reason.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortInUseError(f"port {port} on {host} is already in use; choose another with --port") from None
        raise ServerError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


class WebServer:
    """The web application on ``host:port`` in a background thread; use it as a context manager.

    ``port=0`` picks a free port; ``options`` are :class:`WebApplication`'s. ``wrap`` wraps the
    application before it is served (an ASGI middleware: logging, metrics...).
    """

    def __init__(
        self,
        kg: KnowledgeGraph,
        port: int = DEFAULT_PORT,
        host: str = LOOPBACK,
        *,
        header_timeout: float = HEADER_TIMEOUT,
        wrap: Callable[[Any], Any] | None = None,
        **options: Any,
    ) -> None:
        self.kg, self.port, self.host = kg, port, host
        self.header_timeout, self.wrap, self.options = header_timeout, wrap, options
        self.app: WebApplication | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Where the application answers, e.g. ``http://127.0.0.1:7878``."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> WebServer:
        """Bind the port, start answering and start building the site.

        :raises ServerError: the port is taken or cannot be bound, or the server did not start.
        """
        if self._server is not None:
            raise ServerError(f"the web server at {self.url} is already running")
        sock = bind(self.host, self.port)
        self.port = int(sock.getsockname()[1])
        try:
            app = WebApplication(self.kg, **self.options, allowed_hosts=(*LOOPBACK_HOSTS, self.host))
        except BaseException:
            sock.close()
            raise
        hosts = frozenset(h.encode("latin-1") for h in app.allowed_hosts)
        protocol = type(
            "Protocol",
            (GuardedProtocol,),
            {"header_timeout": self.header_timeout, "cache": None if self.wrap else app.cache, "hosts": hosts},
        )
        config = uvicorn.Config(
            app.asgi if self.wrap is None else self.wrap(app.asgi),
            http=protocol,
            loop="auto",
            lifespan="off",
            backlog=BACKLOG,
            timeout_keep_alive=IDLE_TIMEOUT,
            timeout_graceful_shutdown=2,
            access_log=False,
            log_level="critical",
            server_header=False,
            date_header=True,
            log_config=None,
        )
        server = uvicorn.Server(config)
        logging.getLogger("uvicorn.error").setLevel(logging.CRITICAL)
        thread = threading.Thread(target=self._run, args=(server, sock), name="zjkg-web", daemon=True)
        self._server, self._thread, self.app = server, thread, app.start()
        thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise ServerError(f"the web server did not start on {self.host}:{self.port}")
            time.sleep(0.01)
        return self

    @staticmethod
    def _run(server: uvicorn.Server, sock: socket.socket) -> None:
        try:
            server.run(sockets=[sock])
        finally:
            sock.close()

    def alive(self) -> bool:
        """Whether the server thread still runs."""
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the server thread ends (it does not by itself) or ``timeout`` passes."""
        if self._thread is not None:
            self._thread.join(timeout)

    def stop(self) -> None:
        """Stop answering and remove the built site. Safe to repeat."""
        server, self._server = self._server, None
        thread, self._thread = self._thread, None
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(STARTUP_TIMEOUT)
        app, self.app = self.app, None
        if app is not None:
            app.close()

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()
