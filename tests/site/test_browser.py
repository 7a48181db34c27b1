"""The built site in headless Chromium: every page loads without console errors, every internal
link and image resolves, and a screenshot of the front page is kept as a CI artefact.

Chromium is driven through the DevTools protocol over a pipe (``--remote-debugging-pipe``), so no
port is opened and no Python package beyond the standard library is needed. Without Chromium the
test is skipped, except in CI (``CI=true``) where that is a failure. The screenshot goes to
``$ZJKG_ARTIFACTS`` (default ``build/artifacts``) as ``site-index.png``.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import time
from base64 import b64decode
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import zhangjiang_kg
from zhangjiang_kg.site.build import build_site

from prerequisites import require_program

#: Slow: opens every page of the built site in headless Chromium.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--remote-debugging-pipe",
]


class Browser:
    """A minimal DevTools-protocol client over Chromium's debugging pipe (fds 3 and 4)."""

    def __init__(self, executable: str, profile: Path):
        to_child, self._to_chrome = os.pipe()
        self._from_chrome, from_child = os.pipe()

        def wire() -> None:  # runs in the child: Chromium reads fd 3 and writes fd 4
            os.dup2(to_child, 3)
            os.dup2(from_child, 4)

        self.process = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            pass_fds=(3, 4),
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def send(
        self, method: str, params: dict[str, Any] | None = None, *, session: bool = True, timeout: float = 30
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for index, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(index)
        while True:
            event = self._read(deadline)
            if event.get("method") == method:
                return event
            self.events.append(event)

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no answer from Chromium")
            ready, _, _ = select.select([self._from_chrome], [], [], remaining)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 16)
                if not chunk:
                    raise RuntimeError(f"Chromium closed its pipe (exit {self.process.poll()})")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def open_page(self) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        )

    def visit(self, url: str) -> list[str]:
        """Load ``url``; return the console errors, exceptions and failed loads it caused."""
        self.events.clear()
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            return [f"navigation failed: {result['errorText']}"]
        self.wait_for("Page.loadEventFired")
        self.send("Runtime.evaluate", {"expression": "1", "returnByValue": True})  # flush late events
        problems = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                problems.append(
                    "console: "
                    + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                )
            elif method == "Runtime.exceptionThrown":
                problems.append("exception: " + params.get("exceptionDetails", {}).get("text", ""))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                problems.append(f"log: {entry.get('text')} {entry.get('url', '')}".strip())
        return problems

    def evaluate(self, expression: str) -> Any:
        return self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})["result"].get("value")

    def screenshot(self) -> bytes:
        return b64decode(self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})["data"])

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.send("Browser.close", session=False, timeout=5)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


def ids_of(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        parser = _Ids()
        parser.feed(path.read_text(encoding="utf-8"))
        cache[path] = parser.ids
    return cache[path]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    executable = require_program("chromium")
    instance = Browser(executable, tmp_path_factory.mktemp("chromium-profile"))
    try:
        instance.open_page()
        yield instance
    finally:
        instance.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("site") / "site"
    build_site(zhangjiang_kg.load(), output)
    return output


def test_every_page_loads_cleanly_and_every_internal_link_resolves(browser: Browser, site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    root_url = site.resolve().as_uri() + "/"
    ids_cache: dict[Path, set[str]] = {}
    problems: list[str] = []
    checked = 0
    for page in pages:
        name = page.relative_to(site).as_posix()
        problems.extend(f"{name}: {p}" for p in browser.visit(page.resolve().as_uri()))
        links = browser.evaluate(
            "JSON.stringify([...document.querySelectorAll('a[href]')].map(a => a.href)"
            ".concat([...document.querySelectorAll('link[href]')].map(l => l.href))"
            ".concat([...document.images].map(i => i.src)))"
        )
        broken_images = browser.evaluate("[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length")
        if broken_images:
            problems.append(f"{name}: {broken_images} image(s) did not load")
        for url in json.loads(links):
            if not url.startswith(root_url):
                assert not url.startswith("file:"), f"{name}: link leaves the site folder: {url}"
                continue
            parts = urlsplit(url)
            target = Path(unquote(parts.path))
            checked += 1
            if not target.is_file():
                problems.append(f"{name}: broken link {url[len(root_url) :]}")
            elif (
                parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target, ids_cache)
            ):
                problems.append(f"{name}: no anchor #{parts.fragment} in {target.relative_to(site.resolve())}")
    assert checked > 500
    assert problems == []


def test_front_page_screenshot_is_written_as_an_artefact(browser: Browser, site: Path) -> None:
    assert browser.visit((site / "index.html").resolve().as_uri()) == []
    assert "Zhangjiang" in browser.evaluate("document.querySelector('h1').textContent")
    assert browser.evaluate("getComputedStyle(document.querySelector('header.site')).display") == "flex"  # CSS applied
    image = browser.screenshot()
    assert image.startswith(b"\x89PNG")
    folder = Path(os.environ.get("ZJKG_ARTIFACTS", ROOT / "build" / "artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site-index.png").write_bytes(image)


def test_site_has_no_scripts_to_run(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        scripts = text.count("<script")
        assert scripts == text.count('<script id="schema.org" type="application/ld+json">'), page
