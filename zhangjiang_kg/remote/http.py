"""The HTTP client every remote operation uses: endpoint checks, logins, time limits and retries.

Only the standard library speaks HTTP here, so any store that follows the W3C protocols
(Oxigraph, Fuseki, GraphDB, Virtuoso, QLever...) works without a client library. An endpoint is
an ``http(s)://`` URL with a host and no login in it: logins come from ``ZJKG_USER`` /
``ZJKG_PASSWORD`` or netrc, never the command line (shell history, ``ps``); urllib answers Basic
or Digest. Transient failures (refused, reset, 5xx) are retried with exponential backoff, a
time-out only when the caller says so (a query that timed out still runs on the server); 401,
403, 400 and 404 fail at once. The time-out bounds the whole request, not each socket read, and
an answer is read up to ``--max-answer`` bytes, so a trickling or huge answer is one line, not a
hang or a MemoryError.
"""

from __future__ import annotations

import contextlib
import contextvars
import http.client
import netrc
import os
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EndpointError, InputError

ENV_USER = "ZJKG_USER"
ENV_PASSWORD = "ZJKG_PASSWORD"

#: Statuses worth repeating a request for: the server may answer differently a moment later.
TRANSIENT_STATUSES = frozenset({500, 502, 503, 504})

#: Schemes an endpoint may use; ``file:``, ``ftp:`` and the rest are refused before any request.
ENDPOINT_SCHEMES = ("http", "https")

#: Seconds a TLS handshake may take (never more than the request's own time-out). A real TLS
#: server answers in well under a second; a plain-HTTP port never answers at all.
TLS_HANDSHAKE_SECONDS = 5.0


#: Most bytes read from one answer; ``--max-answer`` changes it (:func:`limit_answers`).
_answer_limit = 256 << 20


def limit_answers(size: int) -> None:
    """Read at most ``size`` bytes of any answer from now on (the ``--max-answer`` option)."""
    global _answer_limit
    _answer_limit = size


def redact(url: str) -> str:
    """``url`` with any ``user:password@`` replaced by ``***@``, fit for a message."""
    return re.sub(r"^([A-Za-z][\w+.-]*://)[^/?#@]*@", r"\1***@", url)


def check_endpoint_url(url: str) -> str:
    """Return ``url`` if it is an ``http(s)://`` URL with a host; otherwise say what is wrong.

    :raises InputError: the URL does not parse, has another scheme (``file://`` would read a
        local file and echo it in an error), names no host, or holds a login (``user:password@``,
        which lands in shell history; the message never repeats it).
    """
    shown = redact(url)
    try:
        split = urllib.parse.urlsplit(url)
        host = split.hostname
        split.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise InputError(f"{shown!r} is not a valid endpoint URL: {redact(str(exc))}") from None
    if split.scheme.lower() not in ENDPOINT_SCHEMES:
        raise InputError(f"{shown!r} is not an endpoint URL: only http:// and https:// are supported")
    if not host:
        raise InputError(f"{shown!r} is not an endpoint URL: it names no host")
    if "@" in split.netloc:
        raise InputError(f"{shown!r}: a login in the URL is refused; set {ENV_USER} and {ENV_PASSWORD} or use ~/.netrc")
    return url


@dataclass(frozen=True)
class Credentials:
    """A login for a store; the password is kept out of ``repr`` so it never reaches a log."""

    user: str
    password: str = field(repr=False)


def credentials_for(url: str, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """Credentials for ``url``: ``ZJKG_USER``/``ZJKG_PASSWORD`` first, then the entry of its host in
    ``$NETRC`` or ``~/.netrc``; a missing or unreadable netrc means none (most queries need none)."""
    env = os.environ if environ is None else environ
    user = env.get(ENV_USER)
    if user:
        return Credentials(user, env.get(ENV_PASSWORD, ""))
    host = urllib.parse.urlsplit(url).hostname
    if not host:
        return None
    path = env.get("NETRC") or str(Path(env.get("HOME") or Path("~").expanduser()) / ".netrc")
    try:
        entry = netrc.netrc(path).authenticators(host)
    except (OSError, netrc.NetrcParseError):
        return None
    return None if entry is None else Credentials(entry[0] or "", entry[2] or "")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to repeat a request that failed for a transient reason."""

    attempts: int = 3
    backoff: float = 0.5
    sleep: Callable[[float], None] = time.sleep

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based): 0.5, 1, 2..."""
        return float(self.backoff * 2 ** (attempt - 1))


@dataclass(frozen=True)
class Response:
    """What a request returned, read whole (graphs and results here are small)."""

    status: int
    content_type: str
    body: bytes
    #: The ``Server`` header: some stores need their SPARQL gaps worked around.
    server: str = ""


class _Failure(Exception):
    """A request that got no usable answer; ``retry`` says whether sending it again may help."""

    def __init__(self, reason: str, status: int | None = None, *, retry: bool = True, timed_out: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry = retry
        self.timed_out = timed_out


#: OpenSSL's reasons when the other end answered, but not in TLS.
_PLAIN_HTTP_SSL_REASONS = frozenset(
    {"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "HTTP_REQUEST", "PACKET_LENGTH_TOO_LONG", "UNKNOWN_PROTOCOL"}
)


class _Deadline:
    """The end of one request's time: when it passes, every socket the request opened is shut
    down, so a read that keeps receiving a byte at a time fails instead of waiting on."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket | None) -> None:
        """Shut ``sock`` down when the time is up (at once if it already is)."""
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


#: The deadline of the request this thread is sending; its connections register their sockets.
_current_deadline: contextvars.ContextVar[_Deadline | None] = contextvars.ContextVar("deadline", default=None)


def _watch(sock: socket.socket | None) -> None:
    deadline = _current_deadline.get()
    if deadline is not None:
        deadline.watch(sock)


class _WatchedConnection(http.client.HTTPConnection):
    """HTTP whose socket the current request's :class:`_Deadline` can shut down."""

    def connect(self) -> None:
        super().connect()
        _watch(self.sock)


class _WatchedHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_WatchedConnection, req)


class _HandshakeBoundConnection(http.client.HTTPSConnection):
    """HTTPS whose connect and TLS handshake are limited to :data:`TLS_HANDSHAKE_SECONDS`."""

    def connect(self) -> None:
        full = self.timeout
        limit = TLS_HANDSHAKE_SECONDS if not isinstance(full, (int, float)) else min(full, TLS_HANDSHAKE_SECONDS)
        self.timeout = limit
        try:
            super().connect()
        except TimeoutError:
            raise _Failure(
                f"no TLS answer within {limit:g} s: is this a plain-HTTP port? (try http:// instead of https://)",
                retry=False,
            ) from None
        except ssl.SSLError as exc:
            plain = str(exc.reason) in _PLAIN_HTTP_SSL_REASONS
            hint = ": is this a plain-HTTP port? (try http://)" if plain else ""
            raise _Failure(f"TLS handshake failed ({exc.reason or exc}){hint}", retry=False) from None
        finally:
            self.timeout = full
        if self.sock is not None:
            self.sock.settimeout(full)
        _watch(self.sock)


class _HandshakeBoundHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        context: Any = getattr(self, "_context", None)
        return self.do_open(_HandshakeBoundConnection, req, context=context)


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect to another scheme (``file:``) or host must not be followed silently: the query,
    the graph or the login would go where the user never pointed."""

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        check_endpoint_url(newurl)
        if _origin(newurl) != _origin(req.full_url):
            raise _Failure(f"HTTP {code}: redirected to another host ({redact(newurl)}); not followed", retry=False)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _origin(url: str) -> tuple[str, int | None]:
    split = urllib.parse.urlsplit(url)
    return (split.hostname or "", split.port or (443 if split.scheme.lower() == "https" else 80))


class _RememberedDigest(urllib.request.HTTPDigestAuthHandler):
    """Digest authentication that answers the store's last challenge on every later request: urllib
    answers only after a 401, and a store that sends it before reading a large body drops the rest.
    With an earlier request's challenge the body goes out authorised; a stale nonce gets the usual 401.
    """

    def __init__(self, passwords: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(passwords)
        self._challenge: dict[str, str] | None = None

    def http_error_401(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any) -> Any:
        scheme, _, rest = (headers.get("www-authenticate") or "").partition(" ")
        if scheme.lower() == "digest":
            self._challenge = urllib.request.parse_keqv_list(
                [item for item in urllib.request.parse_http_list(rest) if "=" in item]
            )
        return super().http_error_401(req, fp, code, msg, headers)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self._challenge is not None and not req.has_header(self.auth_header):
            answer = self.get_authorization(req, self._challenge)
            if answer:
                req.add_unredirected_header(self.auth_header, f"Digest {answer}")
        return req

    https_request = http_request


class HttpClient:
    """urllib with authentication, a time-out and retries, raising :class:`EndpointError`."""

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        credentials: Credentials | None = None,
        retry_timeouts: bool = True,
    ) -> None:
        self.endpoint = check_endpoint_url(endpoint)
        self.timeout = timeout
        self.max_answer = _answer_limit
        self.retry = retry or RetryPolicy()
        self.credentials = credentials
        self.retry_timeouts = retry_timeouts
        handlers: list[urllib.request.BaseHandler] = [_WatchedHandler(), _HandshakeBoundHandler(), _RefuseRedirects()]
        if credentials is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, endpoint, credentials.user, credentials.password)
            handlers += [urllib.request.HTTPBasicAuthHandler(passwords), _RememberedDigest(passwords)]
        self._opener = urllib.request.build_opener(*handlers)

    def request(
        self,
        method: str,
        url: str,
        *,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        ok: Sequence[int] = (200, 201, 204),
    ) -> Response:
        """Send one request, retrying transient failures; return it if its status is in ``ok``.

        :raises EndpointError: if the store cannot be reached, times out every attempt, or
            answers with a status outside ``ok``.
        """
        attempts = max(1, self.retry.attempts)
        for attempt in range(1, attempts + 1):
            try:
                response = self._once(method, url, data, headers or {})
            except _Failure as failure:
                again = failure.retry and (self.retry_timeouts or not failure.timed_out)
                if attempt == attempts or not again:
                    times = "once" if attempt == 1 else f"{attempt} times"
                    raise EndpointError(self.endpoint, f"{failure.reason} (tried {times})", failure.status) from None
                self.retry.sleep(self.retry.delay(attempt))
                continue
            if response.status in ok:
                return response
            raise EndpointError(self.endpoint, self._refusal(response), response.status)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, method: str, url: str, data: bytes | None, headers: Mapping[str, str]) -> Response:
        with _Deadline(self.timeout) as deadline:
            token = _current_deadline.set(deadline)
            try:
                response = self._send(method, url, data, headers)
            except _Failure as failure:
                if deadline.expired and not failure.timed_out:
                    raise _Failure("timed out", timed_out=True) from None
                raise
            finally:
                _current_deadline.reset(token)
        if deadline.expired:  # an answer without a length ends early, as if whole, when cut off
            raise _Failure("timed out", timed_out=True)  # as a socket's: to the user both are time running out
        return response

    def _send(self, method: str, url: str, data: bytes | None, headers: Mapping[str, str]) -> Response:
        request = urllib.request.Request(url, data=data, method=method, headers=dict(headers))
        try:
            with self._opener.open(request, timeout=self.timeout) as reply:
                body = _read_bounded(reply, self.max_answer)
                return Response(reply.status, reply.headers.get_content_type(), body, reply.headers.get("Server") or "")
        except urllib.error.HTTPError as error:
            body = _read_quietly(error)
            content_type = error.headers.get_content_type() if error.headers else ""
            if error.code in TRANSIENT_STATUSES:
                raise _Failure(
                    f"HTTP {error.code}: {snippet(body, html=content_type == 'text/html') or error.reason}",
                    error.code,
                ) from None
            return Response(error.code, content_type, body)
        except urllib.error.URLError as error:
            reason = _describe(error.reason)
            raise _Failure(reason, timed_out=reason == "timed out") from None
        except _Failure:
            raise
        except TimeoutError as error:
            raise _Failure(_describe(error), timed_out=True) from None
        except (ConnectionError, http.client.HTTPException, OSError) as error:
            raise _Failure(_describe(error)) from None

    def _refusal(self, response: Response) -> str:
        detail = snippet(response.body)
        suffix = f": {detail}" if detail else ""
        if response.status == 401:
            if self.credentials is None:
                return (
                    f"HTTP 401: the store needs a login; set {ENV_USER} and {ENV_PASSWORD} or add the host to ~/.netrc"
                )
            return f"HTTP 401: the store refused the login of user {self.credentials.user!r}"
        if response.status == 403:
            return f"HTTP 403: the store refuses this request (read-only, or the user may not write){suffix}"
        return f"HTTP {response.status}{suffix}"


def _read_bounded(reply: Any, limit: int) -> bytes:
    """The whole answer, read a MiB at a time (never a buffer of ``limit`` bytes up front).

    :raises _Failure: the answer is longer than ``limit`` (not retried: it would be again).
    """
    parts: list[bytes] = []
    size = 0
    while True:
        part = reply.read(min(1 << 20, limit + 1 - size))
        if not part:
            return b"".join(parts)
        parts.append(part)
        size += len(part)
        if size > limit:
            raise _Failure(
                f"the answer is larger than {limit / (1 << 20):g} MiB; refused (raise it with --max-answer MIB)",
                retry=False,
            )


#: The most bytes of an error page read, for a snippet in the message.
_ERROR_BODY = 64 << 10


def _read_quietly(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read(_ERROR_BODY)
    except (OSError, http.client.HTTPException):
        return b""


def _describe(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the store running?)"
    if isinstance(reason, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)):
        return "the store closed the connection"
    text = str(getattr(reason, "strerror", None) or reason)
    return "timed out" if "timed out" in text else text.splitlines()[0] if text else "no answer"


def snippet(body: bytes, limit: int = 300, html: bool | None = None) -> str:
    """A short, single-line version of an error body for a message (tags stripped from HTML only)."""
    text = body.decode("utf-8", "replace")
    if html is None:
        html = text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))
    if html:
        text = re.sub(r"<(title|head|style|script)\b.*?</\1>", " ", text, flags=re.DOTALL | re.IGNORECASE)
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
