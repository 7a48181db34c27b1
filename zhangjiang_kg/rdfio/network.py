"""Refusing the network: a JSON-LD ``@context`` (or ``@import``) URL or an ``owl:imports`` of a
URL is refused, naming file and address, unless ``--allow-network``; then :func:`fetch` gets it
over http(s), bounded in time (:data:`FETCH_TIMEOUT` per read) and size (:data:`FETCH_LIMIT`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import NetworkAccessError, RdfSyntaxError
from .jsonld import read_json

_REMOTE_SCHEMES = ("http", "https", "ftp")
#: Seconds a remote document may keep us waiting (each connect and read), with --allow-network.
FETCH_TIMEOUT = 15.0
#: The most bytes read from one remote document.
FETCH_LIMIT = 64 << 20
_ACCEPT = (
    "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.8, application/ld+json;q=0.7, "
    "application/trig;q=0.6, application/n-quads;q=0.6"
)


def is_remote(iri: str) -> bool:
    """True for an IRI a parser would fetch over the network."""
    return iri.split(":", 1)[0].lower() in _REMOTE_SCHEMES


def refuse_import(path: Path, iri: str) -> NetworkAccessError:
    """The error for an ``owl:imports`` of a URL."""
    return NetworkAccessError(
        f"{path}: owl:imports <{iri}> would fetch from the network; refused (pass --allow-network to follow imports)"
    )


def fetch(path: Path, iri: str) -> tuple[bytes, str]:
    """The body and media type of the document at ``iri`` that ``path`` imports.

    :raises NetworkAccessError: not http(s), no answer within :data:`FETCH_TIMEOUT`, an HTTP
        error, or more than :data:`FETCH_LIMIT` bytes (the message names ``path`` and ``iri``).
    """
    import urllib.error  # start-up: urllib.request (with ssl) costs more than the rest of zjkg query
    import urllib.request

    if iri.split(":", 1)[0].lower() not in ("http", "https"):
        raise NetworkAccessError(f"{path}: owl:imports <{iri}>: only http:// and https:// imports are followed")
    request = urllib.request.Request(iri, headers={"Accept": _ACCEPT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as reply:
            body: bytes = reply.read(FETCH_LIMIT + 1)
            media = reply.headers.get_content_type()
    except TimeoutError:
        raise NetworkAccessError(f"{path}: owl:imports <{iri}>: no answer within {FETCH_TIMEOUT:g} s") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        if isinstance(reason, TimeoutError):
            reason = f"no answer within {FETCH_TIMEOUT:g} s"
        raise NetworkAccessError(f"{path}: owl:imports <{iri}>: cannot fetch: {reason}") from None
    if len(body) > FETCH_LIMIT:
        raise NetworkAccessError(f"{path}: owl:imports <{iri}>: more than {FETCH_LIMIT >> 20} MiB; refused")
    return body, media


def check_jsonld_context(path: Path, raw: bytes, allow_network: bool) -> bool:
    """Whether the JSON-LD document has a remote ``@context`` / ``@import`` (looked for before any
    parser sees it); refuses it unless ``allow_network``.

    :raises NetworkAccessError: a remote context and ``allow_network`` is false.
    :raises RdfSyntaxError: the file is not JSON.
    """
    try:
        remote = _remote_contexts(read_json(raw))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        raise RdfSyntaxError(str(path), f"invalid JSON: {getattr(exc, 'msg', exc)}", line, column) from None
    if remote and not allow_network:
        raise NetworkAccessError(
            f"{path}: JSON-LD @context <{remote[0]}> would be fetched from the network; "
            "refused (pass --allow-network to allow it)"
        )
    return bool(remote)


def _remote_contexts(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                values = value if isinstance(value, list) else [value]
                found.extend(v for v in values if isinstance(v, str))
                found.extend(c for v in values if isinstance(v, dict) for c in _remote_contexts(v))
            elif key == "@import" and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_remote_contexts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_remote_contexts(item))
    return found
