"""Answers that cannot change while the graph does not, kept and sent again without the framework.

A plain request (``GET`` or ``HEAD``, a loopback ``Host``, nothing conditional, compressed or with a
body) for a kept answer gets the same headers the full stack sends: from the server's protocol
(:func:`wire`), or from :class:`FastPath` under any other server. Updates empty the cache.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http import HTTPStatus

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Bytes of bodies kept at most; past it new answers are not kept.
MAX_BYTES = 64 * 1024 * 1024
#: Request headers that make a request one the full stack must answer.
_NOT_PLAIN = frozenset(
    {
        b"origin",
        b"if-none-match",
        b"if-modified-since",
        b"accept-encoding",
        b"range",
        b"content-length",
        b"transfer-encoding",
        b"connection",
        b"expect",
        b"upgrade",
    }
)

Key = tuple[str, bytes, bytes]


@dataclass
class Kept:
    """One answer as it goes on the wire: status, raw headers (Content-Length included), body."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


@dataclass
class AnswerCache:
    """Kept answers by (path, query string, ``Accept``), up to :data:`MAX_BYTES` of bodies."""

    extra_headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    _answers: dict[Key, Kept] = field(default_factory=dict, init=False, repr=False)
    _bytes: int = field(default=0, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def get(self, key: Key) -> Kept | None:
        """The kept answer for ``key``, if any."""
        return self._answers.get(key)

    def keep(self, key: Key, status: int, headers: dict[str, str], content_type: str | None, body: bytes) -> None:
        """Keep an answer (headers as the application gives them; the fixed ones are added here)."""
        with self._lock:
            if key in self._answers or self._bytes + len(body) > MAX_BYTES:
                return
            raw = [(b"content-type", content_type.encode("latin-1"))] if content_type else []
            raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
            raw.append((b"content-length", str(len(body)).encode("ascii")))
            raw += self.extra_headers
            self._answers[key] = Kept(status, raw, body)
            self._bytes += len(body)

    def clear(self) -> None:
        """Forget every kept answer (the graph changed)."""
        with self._lock:
            self._answers.clear()
            self._bytes = 0


def request_key(scope: Scope) -> Key:
    """The cache key of a request: its path, query string and ``Accept`` header."""
    return (scope["path"], scope["query_string"], accept_of(scope["headers"]))


def accept_of(headers: list[tuple[bytes, bytes]]) -> bytes:
    """A request's (first) ``Accept`` header, from its raw lower-case headers."""
    return next((value for name, value in headers if name == b"accept"), b"")


def plain(headers: list[tuple[bytes, bytes]], hosts: set[bytes]) -> bool:
    """Whether a request with these (lower-case) headers may get a kept answer: a loopback ``Host``,
    and nothing that asks for another form of the answer (origin, conditions, compression, a body)."""
    host_ok = False
    for name, value in headers:
        if name in _NOT_PLAIN:
            return False
        if name == b"host":
            host = value.split(b"]", 1)[0] + b"]" if value.startswith(b"[") else value.rsplit(b":", 1)[0]
            host_ok = host in hosts
    return host_ok


def wire(kept: Kept, head_only: bool, server_headers: list[tuple[bytes, bytes]]) -> bytes:
    """A kept answer as HTTP/1.1 bytes (status line, the server's headers such as ``Date``, the
    answer's headers, body unless ``head_only``)."""
    lines = [f"HTTP/1.1 {kept.status} {HTTPStatus(kept.status).phrase}".encode("ascii")]
    lines += [name + b": " + value for name, value in (*server_headers, *kept.headers)]
    return b"\r\n".join(lines) + b"\r\n\r\n" + (b"" if head_only else kept.body)


class FastPath:
    """The outermost layer: sends kept answers to plain requests before any other layer runs (see
    the module's note), and adds ``headers`` to every other answer (pure ASGI: nothing is buffered)."""

    def __init__(
        self, app: ASGIApp, cache: AnswerCache, allowed_hosts: tuple[str, ...], headers: list[tuple[bytes, bytes]]
    ) -> None:
        self.app = app
        self.cache = cache
        self.hosts = {h.encode("latin-1") for h in allowed_hosts}
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] in ("GET", "HEAD"):
            kept = self.cache.get(request_key(scope))
            if kept is not None and plain(scope["headers"], self.hosts):
                await send({"type": "http.response.start", "status": kept.status, "headers": kept.headers})
                await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else kept.body})
                return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, sending)
