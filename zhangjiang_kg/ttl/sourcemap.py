"""Where each subject's block starts in a Turtle file (or its first line in an N-Triples or N-Quads
file), so a validation result can point at a line.

Parsers keep no positions, so this module reads the file's top-level statements with the one Turtle
lexer (:mod:`.statements`) and notes the line and column of the first term of each, its subject
resolved as the parser resolves it (RFC 3986, prefixes expanded). It never raises on odd input; a
file it cannot follow simply yields fewer locations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .statements import read_document

#: The syntaxes (by the names of :mod:`zhangjiang_kg.rdfio.formats`) whose files a source map reads.
LOCATABLE = ("turtle", "nt", "nquads")
#: An N-Triples or N-Quads line that starts with an IRI subject.
_LINE_SUBJECT = re.compile(r"[ \t]*<([^>]*)>")
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


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

    def add_file(self, path: Path, text: str | None = None, syntax: str = "turtle") -> None:
        """Index every top-level subject block of a Turtle file, or each line of an N-Triples or
        N-Quads file (``syntax`` ``nt`` or ``nquads``); other syntaxes are left out."""
        if syntax not in LOCATABLE:
            return
        if text is None:
            try:
                text = path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                return
        subjects = scan_subjects(text, base=path.resolve().as_uri()) if syntax == "turtle" else scan_lines(text)
        for iri, line, column in subjects:
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
    """``(subject IRI, line, column)`` for each top-level statement whose subject is an IRI."""
    document = read_document(text, base=base, strict=False)
    return [(s.subject, s.line, s.column) for s in document.statements if s.subject is not None]


def scan_lines(text: str) -> Iterator[tuple[str, int, int]]:
    """(subject IRI, line, column) of each N-Triples or N-Quads line whose subject is an IRI.

    The formats put one statement on a line and never abbreviate a subject, so no parser is needed;
    blank-node subjects and comments are passed over.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        found = _LINE_SUBJECT.match(line)
        if found:
            iri = _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), found.group(1))
            yield iri, number, found.start(1)
