"""Where each subject's block starts in a Turtle file (or its line in N-Triples or N-Quads), so a
validation result can point at a line. Parsers keep no positions, so the one lexer reads the
top-level statements (:mod:`.statements`); odd input yields fewer locations, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .lexer import decode_uchars
from .statements import read_document

#: The syntaxes (by the names of :mod:`zhangjiang_kg.rdfio.formats`) whose files a source map reads.
LOCATABLE = ("turtle", "nt", "nquads")
#: An N-Triples or N-Quads line that starts with an IRI subject.
_LINE_SUBJECT = re.compile(r"[ \t]*<([^>]*)>")


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
            self._index.setdefault(iri, []).append(Location(str(path), line, column))

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
    """(subject IRI, line, column) of each N-Triples or N-Quads line whose subject is an IRI: one
    statement a line, subjects never abbreviated, so no parser is needed."""
    for number, line in enumerate(text.splitlines(), start=1):
        found = _LINE_SUBJECT.match(line)
        if found:
            yield decode_uchars(found.group(1)), number, found.start(1)
