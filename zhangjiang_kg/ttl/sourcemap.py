"""Where each subject's block starts in a Turtle file, so a validation result can point at a line.

rdflib keeps no positions, so this module scans Turtle itself: it skips comments, strings and IRIs,
tracks ``[ ]`` and ``( )`` nesting, records ``@prefix``/``PREFIX`` declarations and notes the line
and column of the first term of every top-level statement. It never raises on odd input; a file it
cannot follow simply yields fewer locations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

_PN_LOCAL_ESCAPE = re.compile(r"\\([_~.\-!$&'()*+,;=/?#@%])")
_DIRECTIVE = re.compile(r"(@prefix|@base|prefix|base)\b", re.IGNORECASE)
_PREFIX_DECL = re.compile(r"\s*([A-Za-z][\w.\-]*)?:\s*<([^>]*)>")
_BASE_DECL = re.compile(r"\s*<([^>]*)>")
_PNAME = re.compile(r"([A-Za-z][\w.\-]*)?:((?:[\w\-.:%]|\\.)*)")


@dataclass(frozen=True)
class Location:
    """A position in a source file: 1-based line and column."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class SourceMap:
    """Maps subject IRIs to the places their Turtle blocks start (first block first)."""

    def __init__(self) -> None:
        self._index: dict[str, list[Location]] = {}

    def add(self, iri: str, location: Location) -> None:
        """Record one more block for ``iri``."""
        self._index.setdefault(iri, []).append(location)

    def add_file(self, path: Path, text: str | None = None) -> None:
        """Index every top-level subject block of a Turtle file."""
        if text is None:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return
        for iri, line, column in scan_subjects(text, base=path.resolve().as_uri()):
            self.add(iri, Location(str(path), line, column))

    def locate(self, iri: str) -> Location | None:
        """Where the first block about ``iri`` starts, or None if no Turtle block has it as subject."""
        found = self._index.get(str(iri))
        return found[0] if found else None

    def locations(self, iri: str) -> list[Location]:
        """Every block about ``iri`` (a subject may be described in several files)."""
        return list(self._index.get(str(iri), []))

    def __contains__(self, iri: object) -> bool:
        return str(iri) in self._index

    def __len__(self) -> int:
        return len(self._index)


def scan_subjects(text: str, base: str = "") -> list[tuple[str, int, int]]:
    """Return ``(subject IRI, line, column)`` for each top-level statement of a Turtle document."""
    prefixes: dict[str, str] = {}
    found: list[tuple[str, int, int]] = []
    i, n = 0, len(text)
    depth = 0
    at_statement_start = True
    line_starts = _line_starts(text)
    while i < n:
        ch = text[i]
        if ch in " \t\r\n":
            i += 1
            continue
        if ch == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if at_statement_start and depth == 0:
            directive = _DIRECTIVE.match(text, i)
            if directive:
                i, base = _read_directive(text, directive.end(), directive.group(1).lower(), prefixes, base)
                continue
            term = _read_subject(text, i, prefixes, base)
            if term is not None:
                line, column = _position(line_starts, i)
                found.append((term, line, column))
            at_statement_start = False
        if ch in "\"'":
            i = _skip_string(text, i)
            continue
        if ch == "<":
            j = text.find(">", i)
            i = n if j < 0 else j + 1
            continue
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth = max(0, depth - 1)
        elif ch == "." and depth == 0 and (i + 1 >= n or text[i + 1] in " \t\r\n#"):
            at_statement_start = True
        i += 1
    return found


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _position(line_starts: list[int], offset: int) -> tuple[int, int]:
    lo, hi = 0, len(line_starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if line_starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1, offset - line_starts[lo] + 1


def _read_directive(text: str, i: int, kind: str, prefixes: dict[str, str], base: str) -> tuple[int, str]:
    """Consume a prefix or base declaration; returns the new offset and base."""
    if kind.endswith("prefix"):
        m = _PREFIX_DECL.match(text, i)
        if m:
            prefixes[m.group(1) or ""] = urljoin(base, m.group(2)) if base else m.group(2)
            i = m.end()
    else:
        m = _BASE_DECL.match(text, i)
        if m:
            base = urljoin(base, m.group(1)) if base else m.group(1)
            i = m.end()
    if kind.startswith("@"):
        dot = re.compile(r"\s*\.").match(text, i)
        if dot:
            i = dot.end()
    return i, base


def _read_subject(text: str, i: int, prefixes: dict[str, str], base: str) -> str | None:
    """The IRI of the subject term at ``i``, or None for blank nodes and what cannot be read."""
    if text[i] == "<":
        j = text.find(">", i)
        if j < 0:
            return None
        iri = text[i + 1 : j]
        return urljoin(base, iri) if base else iri
    m = _PNAME.match(text, i)
    if m and m.group(0):
        prefix = m.group(1) or ""
        if prefix not in prefixes or prefix.startswith("_"):
            return None
        local = m.group(2).rstrip(".")
        return prefixes[prefix] + _PN_LOCAL_ESCAPE.sub(r"\1", local)
    return None


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = i + 3
        while True:
            j = text.find(quote * 3, end)
            if j < 0:
                return len(text)
            backslashes = 0
            k = j - 1
            while k >= end and text[k] == "\\":
                backslashes += 1
                k -= 1
            if backslashes % 2 == 0:
                return j + 3
            end = j + 1
    j = i + 1
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == quote or c == "\n":
            return j + 1
        j += 1
    return j
