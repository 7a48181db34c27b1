"""The web application (ASGI, Starlette): which part answers which path, and the HTTP rules for all.

The routes are docs/web.md's table. Around every answer: a ``Host`` check (DNS rebinding cannot
reach a loopback server under another name), no writes from another origin, CORS for reads, weak
ETags with ``If-None-Match`` (304), gzip for text, and the headers a public site sends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from .._version import __version__
from ..errors import NetworkAccessError, ParameterError, QueryError, QuerySyntaxError, UnknownQueryError, ZjkgError
from ..site.graph import Graphs
from ..site.html import render
from ..store.graph import KnowledgeGraph
from ..vocab import GRAPHS
from . import sparql
from .api import QueryApi, form_values
from .cache import AnswerCache, FastPath, request_key
from .guard import DEFAULT_TIMEOUT, Door, QueryTimeout
from .linked_data import SUFFIXES, LinkedData
from .reply import ProtocolError, Reply, choose, problem
from .static import BUILD_WAIT_SECONDS, SiteFolder, etag
from .workers import Busy, WorkerStopped

#: Names a loopback server answers to; any other ``Host`` is refused (DNS rebinding).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
#: Headers sent with every answer.
SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    # pyLODE's ontology page carries its own styles; nothing on the site runs a script.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
}
_RAW_SECURITY_HEADERS = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]
log = logging.getLogger("zhangjiang_kg.web")
#: What the SPARQL form holds at first.
EXAMPLE_QUERY = "SELECT ?fund ?label WHERE {\n  ?fund a zjo:Fund ; rdfs:label ?label .\n}\nORDER BY ?fund\n"


class WebApplication:
    """Entity pages, content negotiation, the site, the query API and SPARQL over one Oxigraph store."""

    def __init__(
        self,
        kg: KnowledgeGraph,
        *,
        site: Path | None = None,
        queries: Path | None = None,
        writable: bool = False,
        with_shapes: bool = False,
        allow_network: bool = False,
        query_timeout: float = DEFAULT_TIMEOUT,
        cors: bool = True,
        allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS,
        site_wait: float = BUILD_WAIT_SECONDS,
    ) -> None:
        served = ["ontology", "data", "background"] + (["shapes"] if with_shapes else [])
        self.writable = writable
        self.version = __version__
        self.door = Door(
            kg.store,
            [GRAPHS[name] for name in served],
            allow_network=allow_network,
            timeout=query_timeout,
            # updates without GRAPH write the store's default graph: queries see it too
            include_default_graph=writable,
        )
        self.graphs = Graphs(kg)
        self.linked_data = LinkedData(self.graphs)
        self.api = QueryApi(self.door, queries, __version__)
        self.site = SiteFolder(self.graphs, site)
        self.site.transforms.append(self._with_form)
        if writable:
            self.site.transforms.append(lambda _, body: after_heading(body, AS_AT_START))
        self.site_wait = site_wait
        self.cors = cors
        self.allowed_hosts = allowed_hosts
        self.cache = AnswerCache(extra_headers=[(b"vary", b"Accept-Encoding, Origin"), *_RAW_SECURITY_HEADERS])
        self.asgi: ASGIApp = FastPath(self._asgi(), self.cache, allowed_hosts, _RAW_SECURITY_HEADERS)

    def start(self) -> WebApplication:
        """Start the query workers, and the site build unless a site folder was given."""
        self.door.start()
        self.site.start()
        return self

    def close(self) -> None:
        """End the query workers and remove temporary files (the built site)."""
        self.door.close()
        self.site.close()

    def _asgi(self) -> Starlette:
        routes = [
            Route("/sparql", self.sparql_query, methods=["GET", "POST"]),
            Route("/query", self.sparql_query, methods=["GET", "POST"]),
            Route("/update", self.sparql_update, methods=["POST"]),
            Route("/store", self.graph_store, methods=["GET", "PUT", "POST", "DELETE"] if self.writable else ["GET"]),
            Route("/api", self.api_listing, methods=["GET"]),
            Route("/api/", self.api_listing, methods=["GET"]),
            Route("/api/openapi.json", self.api_description, methods=["GET"]),
            Route("/api/{name}", self.api_query, methods=["GET"]),
            Route("/api/{rest:path}", self.api_unknown, methods=["GET"]),
            Route("/{path:path}", self.documents, methods=["GET"]),
        ]
        middleware = [
            Middleware(TrustedHostMiddleware, allowed_hosts=list(self.allowed_hosts)),
            Middleware(SameOriginWrites, allowed_hosts=self.allowed_hosts),
        ]
        if self.cors:
            middleware.append(
                Middleware(
                    CORSMiddleware,
                    allow_origins=["*"],
                    allow_methods=["GET", "HEAD"],
                    expose_headers=["ETag", "Link", "Content-Location"],
                    max_age=86400,
                )
            )
        middleware.append(Middleware(GZipMiddleware, minimum_size=1024))
        return Starlette(routes=routes, middleware=middleware, exception_handlers={Exception: self._failed})

    async def _failed(self, request: Request, exc: Exception) -> Response:
        log.error("internal error on %s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
        return respond(request, problem(500, f"internal error: {type(exc).__name__}"))

    # The routes.

    async def sparql_query(self, request: Request) -> Response:
        """``/sparql``: the SPARQL 1.1 Protocol query operation, or its form for a browser."""
        browser = choose(request.headers.get("accept"), ("text/html",)) is not None
        if request.method != "POST" and "query" not in request.query_params and browser:
            page = render(
                "sparql.html",
                title="SPARQL query",
                root="/",
                current=None,
                version=self.version or "unknown",
                endpoint=request.url.path,
                formats=tuple(sparql.RESULT_FORMATS),
                query=EXAMPLE_QUERY,
            )
            return respond(request, Reply(200, page.encode("utf-8"), "text/html; charset=utf-8"))
        return await answered(request, lambda: self._protocol(request))

    async def sparql_update(self, request: Request) -> Response:
        """``/update``: the SPARQL 1.1 Protocol update operation (``--writable`` only)."""
        response = await answered(request, lambda: self._protocol(request, update=True))
        self.cache.clear()  # nothing graph-dependent is kept on a writable server; the site stays
        return response

    async def _protocol(self, request: Request, update: bool = False) -> Reply:
        body = await limited_body(request, sparql.MAX_TEXT_BYTES, "the request body")
        protocol = sparql.Request(
            method=request.method,
            query={key: request.query_params.getlist(key) for key in request.query_params},
            content_type=request.headers.get("content-type", ""),
            body=body if request.method == "POST" else b"",
            accept=request.query_params.get("format") or request.headers.get("accept"),
        )
        if update:
            return await sparql.answer_update(self.door, protocol, self.writable)
        return await sparql.answer_query(self.door, protocol)

    async def graph_store(self, request: Request) -> Response:
        """``/store``: the Graph Store Protocol; writes with ``--writable`` only (405 otherwise)."""
        return await answered(request, lambda: self._graph_store(request))

    async def _graph_store(self, request: Request) -> Reply:
        graph = sparql.store_target({key: request.query_params.getlist(key) for key in request.query_params})
        if request.method in ("GET", "HEAD"):
            return await sparql.answer_graph(self.door, graph, request.headers.get("accept"))
        body = await limited_body(request, sparql.MAX_BODY_BYTES, "the body")
        sent_type = request.headers.get("content-type", "")
        reply = await sparql.write_graph(self.door, request.method, graph, sent_type, body)
        self.cache.clear()
        return reply

    async def api_listing(self, request: Request) -> Response:
        """``/api``: the catalogue."""
        return respond(request, self.api.listing())

    async def api_description(self, request: Request) -> Response:
        """``/api/openapi.json``."""
        return respond(request, self.api.description())

    async def api_query(self, request: Request) -> Response:
        """``/api/{query}`` and ``/api/{query}.{suffix}``."""
        stem, dot, suffix = request.path_params["name"].partition(".")
        params = list(request.query_params.multi_items())
        accept = request.headers.get("accept")
        cache = None if self.writable else self.cache  # a writable server's answers change
        return await answered(request, lambda: self.api.answer(stem, suffix if dot else None, params, accept), cache)

    async def api_unknown(self, request: Request) -> Response:
        """A path under ``/api/`` that names no query (a query name never holds a slash)."""
        name = request.path_params["rest"]
        return respond(request, problem(404, f"unknown query {name!r}", suggestions=[], catalogue="/api"))

    async def documents(self, request: Request) -> Response:
        """An IRI of the graph by negotiation, a suffixed description, or a file of the site."""
        path = request.url.path
        document = path.strip("/")
        if self.linked_data.knows(document) and not path.endswith("/"):
            reply = self.linked_data.negotiate(document, request.headers.get("accept"))
            return respond(request, reply, self.cache)
        stem, dot, suffix = document.rpartition(".")
        if dot and suffix in SUFFIXES and self.linked_data.knows(stem):
            return respond(request, self.linked_data.document(stem, suffix), self.cache)
        if not self.site.ready:
            await asyncio.to_thread(self.site.wait, self.site_wait)
        return respond(request, self.site.reply(path), self.cache)

    def _with_form(self, relative: str, body: bytes) -> bytes:
        """A saved query's page on the served site gets the form that asks the API."""
        folder, _, file = relative.partition("/")
        name = file.removesuffix(".html")
        form = self.api.forms().get(name)
        if folder != "queries" or form is None:
            return body
        saved = self.api.find(name)
        if not saved.parameters and form != "SELECT":
            return body
        return after_heading(body, render("ask.html", form=form_values(saved, {}, self.api.choices.get(name, {}))))


#: What a page of a writable server says under its heading: it is not the graph as it is now.
AS_AT_START = (
    '<p class="note">This page shows the graph as it was when the server started; this server takes '
    'updates, and what they changed is answered at <a href="/sparql">/sparql</a> and /store, not here.</p>'
)


def after_heading(body: bytes, fragment: str) -> bytes:
    """An HTML page with ``fragment`` just after its first heading (unchanged without one)."""
    html = body.decode("utf-8")
    heading_end = html.find("</h1>")
    if heading_end < 0:
        return body
    at = heading_end + len("</h1>")
    return (html[:at] + "\n" + fragment + html[at:]).encode("utf-8")


async def limited_body(request: Request, limit: int, what: str) -> bytes:
    """The request's body, refused (413) when its ``Content-Length`` is over ``limit`` or no number."""
    length = request.headers.get("content-length", "0")
    if not length.isdigit() or int(length) > limit:
        raise ProtocolError(413, f"{what} is over {limit} bytes")
    return await request.body()


async def answered(request: Request, run: Callable[[], Awaitable[Reply]], cache: AnswerCache | None = None) -> Response:
    """The response for what ``run`` answers, or for the error it raised (:func:`refusal`)."""
    try:
        reply = await run()
    except Exception as exc:
        reply = refusal(exc)
    return respond(request, reply, cache)


#: Errors a guard or the store raises, by the status each answers with.
_REFUSALS: tuple[tuple[type[Exception], int], ...] = (
    (QuerySyntaxError, 400),
    (NetworkAccessError, 403),
    (Busy, 503),
    (QueryTimeout, 503),
    (WorkerStopped, 500),
)


def refusal(exc: Exception) -> Reply:
    """The problem document for an error a guard or the store raised while answering a query."""
    if isinstance(exc, ProtocolError):
        return problem(exc.status, str(exc))
    if isinstance(exc, UnknownQueryError):
        return problem(404, str(exc), suggestions=exc.suggestions, catalogue="/api")
    if isinstance(exc, ParameterError):
        return problem(400, str(exc), parameter=exc.parameter)
    for kind, status in _REFUSALS:
        if isinstance(exc, kind):
            reply = problem(status, str(exc))
            if isinstance(exc, Busy):
                reply.headers["Retry-After"] = "5"
            return reply
    if isinstance(exc, SyntaxError):  # Oxigraph's parser: "error at LINE:COLUMN: ..."
        return problem(400, f"the query is not SPARQL 1.1: {str(exc).splitlines()[0]}")
    if isinstance(exc, (ValueError, OSError, RuntimeError, QueryError)):
        return problem(400, f"the query failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    if isinstance(exc, ZjkgError):
        return problem(400, str(exc))
    raise exc


def respond(request: Request, reply: Reply, cache: AnswerCache | None = None) -> Response:
    """The Starlette response for a reply: a weak ETag on every 200, 304 when the client has it.

    With ``cache``, a 200 (or 303) is kept there for the next plain request of the same kind.
    """
    headers = dict(reply.headers)
    if reply.status == 200:
        headers.setdefault("ETag", etag(reply.body))
    if cache is not None and reply.status in (200, 303):
        cache.keep(request_key(request.scope), reply.status, headers, reply.content_type, reply.body)
    if reply.status == 200:
        tag = headers["ETag"]
        wanted = request.headers.get("if-none-match")
        if wanted is not None and (wanted.strip() == "*" or tag in [t.strip() for t in wanted.split(",")]):
            kept = {k: v for k, v in headers.items() if k in ("ETag", "Vary", "Cache-Control", "Content-Location")}
            return Response(status_code=304, headers=kept)
    return Response(reply.body, status_code=reply.status, headers=headers, media_type=reply.content_type)


class SameOriginWrites:
    """Refuses a request that could change something or run a query from a page of another origin:
    anything but GET, HEAD and OPTIONS whose ``Origin`` is not the server's own name."""

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS) -> None:
        self.app = app
        self.allowed = set(allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = dict(scope["headers"]).get(b"origin")
            refused = None
            if origin == b"null":
                refused = "an opaque origin may only read\n"
            elif origin is not None and not self._own(origin.decode("latin-1")):
                refused = "requests that are not reads must come from this server's own pages\n"
            if refused is not None:
                await Response(refused, status_code=403, media_type="text/plain")(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _own(self, origin: str) -> bool:
        try:
            host = urlsplit(origin).hostname
        except ValueError:
            return False
        return host is not None and (host in self.allowed or f"[{host}]" in self.allowed)
