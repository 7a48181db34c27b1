"""A client of the served application for the tests of this folder: one request, redirects returned
as they are (so a 303 is seen as a 303)."""

from __future__ import annotations

import http.client
from dataclasses import dataclass


@dataclass
class Answer:
    """One HTTP response as the tests read it."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(
    port: int,
    path: str,
    accept: str | None = None,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Answer:
    """One request to the served application; redirects are returned, not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    sent = dict(headers or {})
    if accept is not None:
        sent["Accept"] = accept
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        body = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()
