"""The served application in headless Chromium, as a person reaches it: the browser follows the IRI's
303 to the entity page, and every request it makes (page, style sheet) is answered without an error,
with nothing logged to the console. (tests/test_browser.py opens every page of the built site,
entity pages included, from the file system.)"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from zhangjiang_kg.web import WebServer
from zhangjiang_kg.web.reply import Reply

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


@pytest.fixture
def requests_seen(served: WebServer, built_site: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every (path, status) the application answers during the test."""
    assert served.app is not None
    seen: list[tuple[str, int]] = []
    handle: Callable[..., Reply] = served.app.handle

    def recording(method: str, target: str, accept: str | None = None) -> Reply:
        reply = handle(method, target, accept)
        seen.append((target, reply.status))
        return reply

    monkeypatch.setattr(served.app, "handle", recording)
    return seen


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "final", "heading"),
    [
        ("/id/zhangjiang-zone", "/id/zhangjiang-zone.html", "Zhangjiang National Innovation Demonstration Zone"),
        ("/api/fund-money", "/api/fund-money", "fund-money"),
    ],
)
def test_a_browser_reaches_the_page_and_everything_it_loads(
    served: WebServer, requests_seen: list[tuple[str, int]], tmp_path: Path, path: str, final: str, heading: str
) -> None:
    dom, console = open_in_chromium(served.url + path, tmp_path / "profile")
    assert f"<h1>{heading}" in dom
    assert console == []
    assert (final, 200) in requests_seen
    if final != path:
        assert (path, 303) in requests_seen
    assert ("/style.css", 200) in requests_seen  # the style sheet the page links
    assert [seen for seen in requests_seen if seen[1] >= 400] == []
