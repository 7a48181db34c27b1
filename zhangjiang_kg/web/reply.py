"""What the web application answers: a status, headers and a body, built without touching a socket."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

TEXT = "text/plain; charset=utf-8"
PROBLEM = "application/problem+json"


@dataclass
class Reply:
    """One HTTP response; :mod:`zhangjiang_kg.web.server` writes it, tests can read it directly."""

    status: int
    body: bytes = b""
    content_type: str | None = TEXT
    headers: dict[str, str] = field(default_factory=dict)


class ProtocolError(Exception):
    """A request a protocol (SPARQL, Graph Store) cannot answer; ``status`` is the HTTP status to send."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status


def content_type(media_type: str) -> str:
    """The ``Content-Type`` of a media type: text is always UTF-8 here."""
    return media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")


def text(status: int, message: str, **headers: str) -> Reply:
    """A one-line plain-text answer (404s and 406s of the Linked Data side)."""
    return Reply(status, (message.rstrip("\n") + "\n").encode("utf-8"), TEXT, dict(headers))


def problem(status: int, detail: str, **extra: Any) -> Reply:
    """An RFC 9457 problem document: the API's errors, with the message the CLI would print."""
    document = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    document.update(extra)
    body = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return Reply(status, body, PROBLEM)


def see_other(location: str) -> Reply:
    """303 See Other: the IRI names a thing, the page about it lives at ``location``."""
    return text(303, f"See {location}", Location=location, Vary="Accept")
