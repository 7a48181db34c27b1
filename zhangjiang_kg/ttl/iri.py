"""IRI references resolved and written relative to a base, by RFC 3986 section 5.

``urllib.parse.urljoin`` is not RFC 3986: it drops an empty fragment (``<#>`` under a base loses its
``#``) and leaves IRIs of schemes it does not know unresolved. Turtle needs the RFC exactly, both to
read (:func:`resolve`) and, for the formatter, to write an IRI back relative to the document
(:func:`relativize`, checked by resolving the result again).

>>> resolve("http://a/b/c/d;p?q", "../g")
'http://a/b/g'
>>> relativize("http://a/b/g", "http://a/b/c/d;p?q")
'../g'
"""

from __future__ import annotations

import posixpath
import re
from typing import NamedTuple

_PARTS = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.DOTALL)


class Parts(NamedTuple):
    """The five components of RFC 3986 appendix B; None where the component is absent."""

    scheme: str | None
    authority: str | None
    path: str
    query: str | None
    fragment: str | None

    def unsplit(self) -> str:
        """Recompose the reference (RFC 3986 section 5.3)."""
        out = f"{self.scheme}:" if self.scheme is not None else ""
        out += f"//{self.authority}" if self.authority is not None else ""
        out += self.path
        out += f"?{self.query}" if self.query is not None else ""
        return out + (f"#{self.fragment}" if self.fragment is not None else "")


def split(reference: str) -> Parts:
    """The components of an IRI or relative reference."""
    match = _PARTS.match(reference)
    assert match is not None  # the pattern matches every string
    return Parts(*match.groups())


def resolve(base: str, reference: str) -> str:
    """The target IRI of ``reference`` against ``base`` (RFC 3986 section 5.2.2, strict). An
    absolute reference is kept as written, dot segments and all, as Turtle parsers keep it; an
    empty or relative base leaves a relative reference as it is written."""
    ref = split(reference)
    if ref.scheme is not None or not base or split(base).scheme is None:
        return reference
    b = split(base)
    if ref.authority is not None:
        return Parts(b.scheme, ref.authority, remove_dot_segments(ref.path), ref.query, ref.fragment).unsplit()
    if ref.path == "":
        query = ref.query if ref.query is not None else b.query
        return Parts(b.scheme, b.authority, b.path, query, ref.fragment).unsplit()
    if ref.path.startswith("/"):
        path = remove_dot_segments(ref.path)
    elif b.authority is not None and b.path == "":
        path = remove_dot_segments("/" + ref.path)
    else:
        path = remove_dot_segments(b.path[: b.path.rfind("/") + 1] + ref.path)
    return Parts(b.scheme, b.authority, path, ref.query, ref.fragment).unsplit()


def remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4: ``.`` and ``..`` segments taken out of a path."""
    output: list[str] = []
    rest = path
    while rest:
        if rest.startswith("../"):
            rest = rest[3:]
        elif rest.startswith("./"):
            rest = rest[2:]
        elif rest.startswith("/./") or rest == "/.":
            rest = "/" + rest[3:]
        elif rest.startswith("/../") or rest == "/..":
            rest = "/" + rest[4:]
            if output:
                output.pop()
        elif rest in (".", ".."):
            rest = ""
        else:
            cut = rest.find("/", 1)
            cut = len(rest) if cut < 0 else cut
            output.append(rest[:cut])
            rest = rest[cut:]
    return "".join(output)


def relativize(iri: str, base: str) -> str:
    """The shortest usual reference to ``iri`` from ``base``; ``iri`` itself when none resolves back."""
    target, b = split(iri), split(base)
    if target.scheme is None or target.scheme != b.scheme or target.authority != b.authority:
        return iri
    for candidate in _candidates(target, b):
        if resolve(base, candidate) == iri:
            return candidate
    return iri


def _candidates(target: Parts, base: Parts) -> list[str]:
    """References to try, in order: fragment only, query, same folder, ``../`` (when they share a
    folder below the root, or climb at most two levels), the absolute path."""
    tail = Parts(None, None, "", target.query, target.fragment).unsplit()
    found: list[str] = []
    if target.path == base.path:
        if target.query == base.query:
            found.append(f"#{target.fragment}" if target.fragment is not None else "")
        elif target.query is not None:
            found.append(tail)
    folder = base.path[: base.path.rfind("/") + 1]
    if folder and target.path.startswith(folder):
        found.append(_safe_first_segment(target.path[len(folder) :]) + tail)
    common = posixpath.commonprefix([folder, target.path])
    shared = common[: common.rfind("/") + 1]  # the longest folder both start with
    if shared and (shared.count("/") > 1 or folder.count("/") <= 3):  # a few ../ read better than /
        ups = "../" * (folder.count("/") - shared.count("/"))
        rest = target.path[len(shared) :]
        found.append((ups + rest if ups else _safe_first_segment(rest)) + tail)
    if target.path.startswith("/") and not target.path.startswith("//"):
        found.append(target.path + tail)
    return found


def _safe_first_segment(path: str) -> str:
    """A relative path whose first segment cannot be read as a scheme, nor be empty."""
    if path == "" or ":" in path.split("/", 1)[0]:
        return "./" + path
    return path
