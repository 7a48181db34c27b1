"""The documentation site behind the server: a folder given, or one built in the background at start.

Building the site takes seconds (pyLODE, every saved query), so the server answers IRIs and the API
at once while a child process builds the site; a request for a page waits for the build. Files are
only ever read from inside the folder: a path that would leave it is a 404.
"""

from __future__ import annotations

import mimetypes
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .reply import Reply, text

if TYPE_CHECKING:
    from ..store.rdflib_view import RdflibView

#: Media types of the site's files that :mod:`mimetypes` does not know everywhere.
MEDIA_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".png": "image/png",
}
#: How long a page request waits for the site build before a 503.
BUILD_WAIT_SECONDS = 120.0


class SiteFolder:
    """Serves files from ``folder``, or from a site built from ``kg`` by a child process.

    The child (:mod:`zhangjiang_kg.web.sitebuild`) reads a dump of the graph, so the server's own
    threads never share rdflib's SPARQL parser with the build and the API answers while it runs.
    """

    def __init__(self, kg: RdflibView, folder: Path | None = None) -> None:
        self.kg = kg
        self.folder = folder
        self.error: str | None = None
        self._ready = threading.Event()
        self._scratch: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._closed = False
        self._state = threading.Lock()
        if folder is not None:
            self._ready.set()

    def start(self) -> None:
        """Dump the graph and start the build (nothing to do when a folder was given)."""
        from ..remote.server import die_with_parent
        from . import sitebuild

        if self._ready.is_set() or self._scratch is not None:
            return
        self._scratch = Path(tempfile.mkdtemp(prefix="zjkg-site-"))
        sitebuild.dump(self.kg, self._scratch)
        with open(self._scratch / "build.log", "wb") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "zhangjiang_kg.web.sitebuild", str(self._scratch)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
                # The build dies with the server, however the server dies (a kill -9 too).
                preexec_fn=die_with_parent if sys.platform == "linux" else None,
            )
        threading.Thread(target=self._await_build, name="zjkg-site-build", daemon=True).start()

    def _await_build(self) -> None:
        from .sitebuild import SITE

        assert self._process is not None
        assert self._scratch is not None
        status = self._process.wait()
        with self._state:
            if status == 0:
                self.folder = self._scratch / SITE
            else:
                try:
                    lines = (self._scratch / "build.log").read_text("utf-8", "replace").strip().splitlines()
                except OSError:  # close() stopped the build and removed its folder meanwhile
                    lines = []
                self.error = f"the site could not be built: {lines[-1] if lines else f'status {status}'}"
            self._ready.set()
            if self._closed:
                shutil.rmtree(self._scratch, ignore_errors=True)

    def wait(self, timeout: float = BUILD_WAIT_SECONDS) -> bool:
        """Block until the site is there (True) or the build failed or took too long (False)."""
        return self._ready.wait(timeout) and self.folder is not None

    def reply(self, path: str, timeout: float = BUILD_WAIT_SECONDS) -> Reply:
        """The file at URL ``path`` (``/``, ``/id/x.html``); folders give their ``index.html``."""
        if not self.wait(timeout):
            return text(503, self.error or "the site is still being built; try again shortly", **{"Retry-After": "5"})
        assert self.folder is not None
        file = self.resolve(self.folder, path)
        if file is None:
            return text(404, f"{path}: not found")
        content_type = MEDIA_TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        return Reply(200, file.read_bytes(), content_type)

    @staticmethod
    def resolve(root: Path, path: str) -> Path | None:
        """The file under ``root`` a URL path names, or None (missing, hidden, or outside ``root``)."""
        parts = [p for p in path.split("/") if p]
        if any(p in (".", "..") or p.startswith(".") or "\\" in p or "\0" in p for p in parts):
            return None
        candidate = root.joinpath(*parts)
        if candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            inside = candidate.resolve().is_relative_to(root.resolve())
        except OSError:
            return None
        return candidate if inside and candidate.is_file() else None

    def close(self) -> None:
        """Stop a build still running and remove the site this object built (a given folder stays).

        A running build is terminated and given a moment to end, so its folder goes with it even
        when the process exits right after; the watching thread removes it otherwise.
        """
        with self._state:
            self._closed = True
            process = self._process
            if self._scratch is not None and self._ready.is_set():
                shutil.rmtree(self._scratch, ignore_errors=True)
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)
