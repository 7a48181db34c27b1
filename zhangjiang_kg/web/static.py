"""The documentation site behind the server: a folder given, or one built in the background at start.

Building the site takes seconds (pyLODE, every saved query), so the server starts answering IRIs and
the API at once and builds the site in a thread; a request for a page waits for the build. Files
are only ever read from inside the folder: a path that would leave it is a 404.
"""

from __future__ import annotations

import mimetypes
import shutil
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from zhangjiang_kg.web.reply import Reply, text

if TYPE_CHECKING:
    from zhangjiang_kg.graph import KnowledgeGraph

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
    """Serves files from ``folder``, or from a site built from ``kg`` into a temporary folder.

    ``lock`` is held during the build: it runs saved queries, and rdflib's SPARQL parser is not
    thread-safe, so API requests wait for it rather than run beside it.
    """

    def __init__(self, kg: KnowledgeGraph, lock: threading.Lock, folder: Path | None = None) -> None:
        self.kg = kg
        self.lock = lock
        self.folder = folder
        self.error: str | None = None
        self._ready = threading.Event()
        self._scratch: Path | None = None
        self._closed = False
        self._state = threading.Lock()
        if folder is not None:
            self._ready.set()

    def start(self) -> None:
        """Begin the build in a daemon thread (nothing to do when a folder was given)."""
        if self._ready.is_set() or self._scratch is not None:
            return
        self._scratch = Path(tempfile.mkdtemp(prefix="zjkg-site-"))
        threading.Thread(target=self._build, name="zjkg-site-build", daemon=True).start()

    def _build(self) -> None:
        from zhangjiang_kg.docs import build_site
        from zhangjiang_kg.site.ontology import OntologyDocsError

        assert self._scratch is not None
        target = self._scratch / "site"
        try:
            with self.lock:
                try:
                    build_site(self.kg, target)
                except OntologyDocsError:  # pyLODE refuses some ontologies (no title...): use the plain page
                    build_site(self.kg, target, use_pylode=False)
            self.folder = target
        except Exception as exc:
            self.error = f"the site could not be built: {exc}"
        finally:
            with self._state:
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
        """Remove a site this object built (a folder it was given is left alone).

        Never waits: a build still running removes its folder itself when it ends, so Ctrl-C stops
        the server at once.
        """
        with self._state:
            self._closed = True
            if self._scratch is not None and self._ready.is_set():
                shutil.rmtree(self._scratch, ignore_errors=True)
