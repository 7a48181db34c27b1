"""The served application in headless Chromium, as a person reaches it: the browser follows the IRI's
303 to the entity page, and every request it makes (page, style sheet) is answered without an error,
with nothing logged to the console (the security headers' CSP included). (tests/test_browser.py
opens every page of the built site, entity pages included, from the file system.)"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from zhangjiang_kg.web import WebServer

from prerequisites import require_program

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def chromium() -> str:
    return require_program("chromium")


def open_in_chromium(url: str, profile: Path) -> tuple[str, list[str]]:
    """The DOM after loading ``url``, and what the page logged to the console."""
    run = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout, [line for line in run.stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def recorded(oxigraph_kg) -> Iterator[tuple[WebServer, list[tuple[str, int]]]]:
    """A server whose every answer (path with query, status) is recorded, its site built."""
    chromium()  # skips (or fails in CI) before the site is built
    seen: list[tuple[str, int]] = []

    def recording(app):
        async def record(scope, receive, send):
            async def sending(message):
                if message["type"] == "http.response.start":
                    query = scope.get("query_string", b"").decode("latin-1")
                    seen.append((scope["path"] + (f"?{query}" if query else ""), message["status"]))
                await send(message)

            await app(scope, receive, sending)

        return record

    with WebServer(oxigraph_kg, port=0, wrap=recording) as server:
        assert server.app is not None
        assert server.app.site.wait(600), server.app.site.error  # a bound for a busy machine
        yield server, seen


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "final", "heading"),
    [
        ("/id/zhangjiang-zone", "/id/zhangjiang-zone.html", "Zhangjiang National Innovation Demonstration Zone"),
        ("/api/fund-money", "/api/fund-money", "fund-money"),
        ("/queries/facts-by-status.html", "/queries/facts-by-status.html", "facts-by-status"),
        ("/sparql", "/sparql", "SPARQL query"),
    ],
)
def test_a_browser_reaches_the_page_and_everything_it_loads(
    recorded: tuple[WebServer, list[tuple[str, int]]], tmp_path: Path, path: str, final: str, heading: str
) -> None:
    served, requests_seen = recorded
    requests_seen.clear()
    dom, console = open_in_chromium(served.url + path, tmp_path / "profile")
    assert f"<h1>{heading}" in dom
    assert console == []
    assert (final, 200) in requests_seen
    if final != path:
        assert (path, 303) in requests_seen
    assert ("/style.css", 200) in requests_seen  # the style sheet the page links
    assert [seen for seen in requests_seen if seen[1] >= 400] == []


@pytest.mark.slow
def test_the_form_on_a_query_page_asks_the_api_without_scripts(
    recorded: tuple[WebServer, list[tuple[str, int]]], tmp_path: Path
) -> None:
    """What the form submits is a plain GET: the browser loads its URL and shows the table."""
    served, requests_seen = recorded
    requests_seen.clear()
    status = "https%3A%2F%2Fw3id.org%2Fzhangjiang-kg%2Fontology%23Achieved"
    url = f"{served.url}/api/facts-by-status.html?status={status}&limit=5"
    dom, console = open_in_chromium(url, tmp_path / "profile")
    assert "<table>" in dom
    assert "zjo:Achieved" in dom
    assert "(5 rows)" in dom
    assert console == []
    assert [seen for seen in requests_seen if seen[1] >= 400] == []
