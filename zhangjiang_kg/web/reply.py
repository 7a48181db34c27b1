"""What the web application answers: a status, headers and a body, built without touching a socket,
and in which media type (content negotiation, RFC 9110 section 12.5.1: the most specific range that
matches an offered type gives its quality; ties go to the server's order).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
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


@dataclass(frozen=True)
class MediaRange:
    """One element of an ``Accept`` header: ``text/*;q=0.5`` is type ``text``, subtype ``*``, quality 0.5."""

    type: str
    subtype: str
    quality: float

    def specificity(self, offered: str) -> int | None:
        """How precisely this range names ``offered`` (2 exact, 1 ``type/*``, 0 ``*/*``), or None."""
        kind, _, sub = offered.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return None
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else None


def parse_accept(header: str | None) -> list[MediaRange]:
    """The ranges of an ``Accept`` header; malformed elements are skipped, a malformed ``q`` counts as 0."""
    if header is None or not header.strip():
        return [MediaRange("*", "*", 1.0)]
    ranges = []
    for element in header.split(","):
        media, *params = (part.strip() for part in element.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                quality = _quality(value.strip())
        ranges.append(MediaRange(kind, sub, quality))
    return ranges


def _quality(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return 0.0
    return value if 0.0 <= value <= 1.0 else 0.0


def choose(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers, or None when it accepts none of them (a 406)."""
    ranges = parse_accept(header)
    best, chosen = 0.0, None
    for media_type in offered:  # a tie keeps the earlier
        found = [(spec, r.quality) for r in ranges if (spec := r.specificity(media_type)) is not None]
        quality = max(found)[1] if found else 0.0
        if quality > best:
            best, chosen = quality, media_type
    return chosen
