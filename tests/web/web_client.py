"""A client of the served application for the tests of this folder: one request, redirects returned
as they are (so a 303 is seen as a 303)."""

from __future__ import annotations

import http.client
import signal
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Upper bound on waiting for a server in these tests: a bound, not a timing claim.
BOUND = 60


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


class served_process:
    """``zjkg serve --port 0 --site SITE ...`` as a child; stopped with SIGINT on exit."""

    def __init__(self, site: Path, *options: str) -> None:
        self.command = [sys.executable, "-m", "zhangjiang_kg", "serve", "--port", "0", "--site", str(site), *options]
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> tuple[str, subprocess.Popen[str]]:
        self.process = subprocess.Popen(
            self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
        )
        first = self.process.stdout.readline()  # type: ignore[union-attr]
        assert first.startswith("Serving "), first
        return first.rsplit(" at ", 1)[1].strip().rstrip("/"), self.process

    def __exit__(self, *exc_info: object) -> None:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=BOUND)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def http_get(url: str) -> Answer:
    parts = urllib.parse.urlsplit(url)
    return fetch(parts.port or 80, parts.path + (f"?{parts.query}" if parts.query else ""))
