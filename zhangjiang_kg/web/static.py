"""The documentation site behind the server: a folder given, or one built in a thread at start.

A page request waits for the build; IRIs, the API and SPARQL answer at once. Files are only ever
read from inside the folder and are kept in memory once read.
"""

from __future__ import annotations

import hashlib
import mimetypes
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from ..site.build import build_site
from ..site.graph import Graphs
from ..site.ontology import OntologyDocsError
from .reply import Reply, content_type, text

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


def build(kg: Graphs, folder: Path) -> Path:
    """Build the site of ``kg`` into ``folder/site``; pyLODE's refusal falls back to the plain page."""
    target = folder / "site"
    try:
        build_site(kg, target)
    except OntologyDocsError:  # pyLODE refuses some ontologies (no title...): the plain ontology page
        build_site(kg, target, use_pylode=False)
    return target


class SiteFolder:
    """Serves files from ``folder``, or from a site built from ``graphs``.

    ``Transform`` hooks (``transforms``) may rewrite an HTML file once, before it is cached: the
    server adds each saved query's form to its page that way.
    """

    def __init__(self, graphs: Graphs, folder: Path | None = None) -> None:
        self.graphs = graphs
        self.folder = folder
        self.error: str | None = None
        self.transforms: list[Callable[[str, bytes], bytes]] = []
        self._ready = threading.Event()
        self._scratch: Path | None = None
        self._closed = False
        self._state = threading.Lock()
        self._files: dict[str, Reply | None] = {}
        if folder is not None:
            self._ready.set()

    def start(self) -> None:
        """Start the build in a background thread (nothing to do when a folder was given)."""
        if self._ready.is_set() or self._scratch is not None:
            return
        self._scratch = Path(tempfile.mkdtemp(prefix="zjkg-site-"))
        threading.Thread(target=self._build, name="zjkg-site-build", daemon=True).start()

    def _build(self) -> None:
        assert self._scratch is not None
        folder: Path | None = None
        error: str | None = None
        try:
            folder = build(self.graphs, self._scratch)
        except Exception as exc:
            error = f"the site could not be built: {type(exc).__name__}: {exc}".splitlines()[0]
        with self._state:
            self.folder, self.error = folder, error
            if self._closed:
                shutil.rmtree(self._scratch, ignore_errors=True)
            self._ready.set()

    @property
    def ready(self) -> bool:
        """Whether the build has ended (well or not)."""
        return self._ready.is_set()

    def wait(self, timeout: float = BUILD_WAIT_SECONDS) -> bool:
        """Block until the site is there (True) or the build failed or took too long (False)."""
        return self._ready.wait(timeout) and self.folder is not None

    def reply(self, path: str) -> Reply:
        """The file at URL ``path`` (``/``, ``/id/x.html``); folders give their ``index.html``.

        Call it once :attr:`ready`: before that it is a 503 that says to come back.
        """
        if not self._ready.is_set() or self.folder is None:
            return text(503, self.error or "the site is still being built; try again shortly", **{"Retry-After": "5"})
        if path in self._files:
            cached = self._files[path]
            return cached if cached is not None else text(404, f"{path}: not found")
        file = self.resolve(self.folder, path)
        if file is None:
            self._files[path] = None if len(self._files) < 100_000 else self._files.get(path)
            return text(404, f"{path}: not found")
        media_type = MEDIA_TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        body = file.read_bytes()
        if file.suffix == ".html":
            relative = file.relative_to(self.folder).as_posix()
            for transform in self.transforms:
                body = transform(relative, body)
        reply = Reply(200, body, content_type(media_type), {"ETag": etag(body)})
        self._files[path] = reply
        return reply

    @staticmethod
    def resolve(root: Path, path: str) -> Path | None:
        """The file under ``root`` a URL path names, or None (missing, hidden, or outside ``root``)."""
        parts = [p for p in path.split("/") if p]
        if any(p in (".", "..") or p.startswith(".") or "\\" in p or "\0" in p for p in parts):
            return None
        candidate = root.joinpath(*parts)
        try:
            if candidate.is_dir():
                candidate = candidate / "index.html"
            inside = candidate.resolve().is_relative_to(root.resolve())
            return candidate if inside and candidate.is_file() else None
        except (OSError, ValueError):
            return None

    def close(self) -> None:
        """Remove the site this object built (a given folder stays) at once: a build still running
        fails writing into it, and removes what it wrote when it ends."""
        with self._state:
            self._closed = True
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)


def etag(body: bytes) -> str:
    """A weak entity tag of a body: the same bytes, the same tag (weak: gzip may re-encode them)."""
    return 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
