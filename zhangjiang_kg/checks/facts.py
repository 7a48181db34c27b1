"""Statements and evidence from two tables, so that a fact is one row, not three hand-kept files.

:func:`derive` turns ``data/statements.tsv`` (one row per triple, with its modality, speaker and
quotations) and ``data/quotes.tsv`` (the quotations' words and offsets) into ``data/statements.ttl``
and ``data/evidence.ttl``, whole and deterministically, so a test can tell a stale one. The
statement IRIs and the columns are described in docs/model.md, "Statements and their evidence".
Run ``make facts`` (``python -m zhangjiang_kg.checks.facts``; ``--check`` writes nothing).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..rdfio.write import write_atomic
from ..resources import data_dir
from ..ttl.fmt import format_turtle
from ..ttl.writer import quote
from ..vocab import PREFIXES

STATEMENTS_TABLE = "statements.tsv"
QUOTES_TABLE = "quotes.tsv"
STATEMENTS_FILE = "statements.ttl"
EVIDENCE_FILE = "evidence.ttl"
STATEMENT_COLUMNS = ("subject", "predicate", "object", "modality", "speaker", "evidence", "key", "note")
QUOTE_COLUMNS = ("id", "start", "exact", "about")
#: The concepts of ``zjo:StatusScheme`` a row's modality may name (docs/model.md, "Facts, status and evidence").
MODALITIES = ("Achieved", "InProgress", "Planned", "Expected", "Estimated", "Capability", "Judgement", "Presupposed")
#: The node every quotation's offsets index into.
SOURCE = "zj:article-text"

_CURIE = re.compile(r"([A-Za-z][A-Za-z0-9]*):([A-Za-z0-9_][A-Za-z0-9_.-]*)")
_NUMBER = re.compile(r"[+-]?[0-9.][0-9.eE+-]*")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

STATEMENTS_HEAD = """\
# Statements: every triple of the data that says something about the world, reified as an
# rdf:Statement (zj:st-SUBJECT--PREDICATE--OBJECT), with its modality and, when the article reports
# someone else's words, who said them. DERIVED from data/statements.tsv by `make facts`: edit the
# table, not this file (a test fails when the two disagree).
"""
EVIDENCE_HEAD = """\
# Evidence: one Web Annotation per quotation (zj:ev-*), with its target and selectors. Each quotes
# only the few words that identify its evidence, at their offsets in zj:article-text (code points,
# start inclusive, end exclusive); its bodies are the nodes it names and the statements that cite
# it. DERIVED from data/quotes.tsv and data/statements.tsv by `make facts`: edit the tables.
"""


class TableError(InputError):
    """A row of a source table cannot be used; the message names file, line and column."""

    def __init__(self, path: Path | str, line: int, column: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}")


@dataclass(frozen=True)
class QuoteRow:
    """One quotation: its id, where it starts in the article's text, its words, the nodes it names."""

    id: str
    start: int
    exact: str
    about: tuple[str, ...]
    line: int

    @property
    def end(self) -> int:
        """Exclusive end offset: the words are exactly ``text[start:end]``."""
        return self.start + len(self.exact)


@dataclass(frozen=True)
class StatementRow:
    """One triple of the data with its mood, speaker, evidence and the reviewer's note, if any."""

    subject: str
    predicate: str
    object: str
    modality: str
    speaker: str
    evidence: tuple[str, ...]
    key: str
    note: str
    line: int

    @property
    def iri(self) -> str:
        """The statement's readable IRI, read off its triple (and key)."""
        parts = [slug(self.subject), "type" if self.predicate == "a" else slug(self.predicate)]
        if not is_literal(self.object):
            parts.append(slug(self.object))
        if self.key:
            parts.append(self.key)
        return "zj:st-" + "--".join(parts)


def slug(curie: str) -> str:
    """``zj:zhangjiang-zone`` -> ``zhangjiang-zone``; ``schema:dateModified`` -> ``schema-date-modified``.

    >>> slug("time:inXSDDate"), slug("wd:Q148")
    ('time-in-xsddate', 'wd-q148')
    """
    prefix, local = curie.split(":", 1)
    kebab = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", local).lower()
    return kebab if prefix == "zj" else f"{prefix}-{kebab}"


def is_literal(term: str) -> bool:
    """Whether a table cell holds a Turtle literal (quoted, numeric or boolean) rather than a name."""
    return term.startswith('"') or term in ("true", "false") or _NUMBER.fullmatch(term) is not None


def _is_name(value: str) -> bool:
    """Whether a cell is a prefixed name with one of the project's prefixes."""
    match = _CURIE.fullmatch(value)
    return match is not None and match.group(1) in PREFIXES


def _cells(path: Path, columns: Sequence[str]) -> list[tuple[int, list[str]]]:
    """The data rows of a TSV table (``#`` lines are comments), checked against its header."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    if not lines or lines[0].split("\t") != list(columns):
        raise TableError(path, 1, 1, "the header must be the columns " + ", ".join(columns) + ", tab-separated")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) > len(columns):
            column = len("\t".join(cells[: len(columns)])) + 1
            raise TableError(path, number, column, f"{len(cells)} cells, the table has {len(columns)} columns")
        rows.append((number, cells + [""] * (len(columns) - len(cells))))
    return rows


def _column(cells: list[str], index: int) -> int:
    """1-based column of cell ``index`` in its line."""
    return sum(len(c) + 1 for c in cells[:index]) + 1


def _name(path: Path, line: int, cells: list[str], index: int, what: str) -> str:
    value = cells[index]
    if not _is_name(value):
        raise TableError(path, line, _column(cells, index), f"{what} must be a prefixed name (zj:...), not {value!r}")
    return value


def _parses(literal: str) -> bool:
    """Whether a cell is one Turtle literal (its datatype may use the project's prefixes)."""
    text = f"{_prefixes(literal)}<urn:s> <urn:p> {literal} ."
    try:
        triples = list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))
    except SyntaxError:
        return False
    return len(triples) == 1 and isinstance(triples[0].object, ox.Literal)


def read_quotes(path: Path) -> list[QuoteRow]:
    """The rows of ``quotes.tsv``; refuses a bad id, offset or name, and a repeated id.

    The words are double-quoted, as in Turtle, so that no run of the table's cells reads as a
    longer passage of the article.
    """
    quotes: dict[str, QuoteRow] = {}
    for line, cells in _cells(path, QUOTE_COLUMNS):
        ident, start, exact, about = cells
        if not _ID.fullmatch(ident):
            raise TableError(path, line, 1, f"a quotation id is lower-case kebab case, not {ident!r}")
        if ident in quotes:
            raise TableError(path, line, 1, f"quotation {ident!r} is already on line {quotes[ident].line}")
        if not start.isdigit():
            raise TableError(path, line, _column(cells, 1), f"start is a code-point offset, not {start!r}")
        try:
            words = json.loads(exact) if exact.startswith('"') else None
        except json.JSONDecodeError:
            words = None
        if not isinstance(words, str):
            message = f'the quoted words are a "double-quoted" string, not {exact}'
            raise TableError(path, line, _column(cells, 2), message)
        if not words or words != words.strip():
            raise TableError(path, line, _column(cells, 2), "the quoted words are empty or padded with spaces")
        names = about.split()
        for name in names:
            if not _is_name(name):
                column = _column(cells, 3) + about.index(name)
                raise TableError(path, line, column, f"a node the quote names must be a prefixed name, not {name!r}")
        quotes[ident] = QuoteRow(ident, int(start), words, tuple(names), line)
    return list(quotes.values())


def read_statements(path: Path, quote_ids: set[str]) -> list[StatementRow]:
    """The rows of ``statements.tsv``; refuses an unknown quotation, modality or name, and a repeat."""
    rows: dict[str, StatementRow] = {}
    for line, cells in _cells(path, STATEMENT_COLUMNS):
        subject = _name(path, line, cells, 0, "the subject")
        predicate = cells[1] if cells[1] == "a" else _name(path, line, cells, 1, "the predicate")
        obj = cells[2]
        if not obj:
            raise TableError(path, line, _column(cells, 2), "the object is empty")
        if not is_literal(obj):
            _name(path, line, cells, 2, "the object")
        elif not _parses(obj):
            raise TableError(path, line, _column(cells, 2), f"the object is not a Turtle literal: {obj}")
        modality, speaker = cells[3], cells[4]
        if modality and modality not in MODALITIES:
            raise TableError(path, line, _column(cells, 3), f"modality {modality!r} is none of {', '.join(MODALITIES)}")
        if speaker:
            _name(path, line, cells, 4, "the speaker")
        evidence = tuple(cells[5].split())
        if not evidence:
            raise TableError(path, line, _column(cells, 5), "no evidence: name the quotation(s) of quotes.tsv")
        for ident in evidence:
            if ident not in quote_ids:
                raise TableError(path, line, _column(cells, 5), f"no quotation {ident!r} in {QUOTES_TABLE}")
        key = cells[6]
        if key and not _ID.fullmatch(key):
            raise TableError(path, line, _column(cells, 6), f"a key is lower-case kebab case, not {key!r}")
        row = StatementRow(subject, predicate, obj, modality, speaker, evidence, key, cells[7], line)
        if row.iri in rows:
            message = f"{row.iri} is already on line {rows[row.iri].line} (give one of them a key)"
            raise TableError(path, line, 1, message)
        rows[row.iri] = row
    return list(rows.values())


def _prefixes(text: str) -> str:
    used = {m.group(1) for m in _CURIE.finditer(text)} & set(PREFIXES)
    return "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in sorted(used))


def _statements_ttl(rows: list[StatementRow]) -> str:
    blocks = []
    for row in rows:
        lines = [
            f"{row.iri} a rdf:Statement",
            f"rdf:subject {row.subject}",
            f"rdf:predicate {'rdf:type' if row.predicate == 'a' else row.predicate}",
            f"rdf:object {row.object}",
        ]
        if row.modality:
            lines.append(f"zjo:modality zjo:{row.modality}")
        if row.speaker:
            lines.append(f"prov:wasAttributedTo {row.speaker}")
        if row.note:
            lines.append(f"skos:editorialNote {quote(row.note)}@en")
        blocks.append(" ;\n    ".join(lines) + " .\n")
    body = "\n".join(blocks)
    return STATEMENTS_HEAD + "\n" + _prefixes(body + " rdf:x") + "\n" + body


def _evidence_ttl(quotes: list[QuoteRow], rows: list[StatementRow]) -> str:
    cited: dict[str, list[str]] = {q.id: list(q.about) for q in quotes}
    for row in rows:
        for ident in row.evidence:
            cited[ident].append(row.iri)
    blocks = []
    for q in quotes:
        ev = f"zj:ev-{q.id}"
        blocks.append(
            f"{ev} a oa:Annotation ;\n    oa:hasBody {' , '.join(sorted(set(cited[q.id])))} ;\n"
            f"    oa:hasTarget {ev}-target ;\n    oa:motivatedBy oa:describing .\n"
            f"{ev}-target a oa:SpecificResource ;\n    oa:hasSelector {ev}-position , {ev}-quote ;\n"
            f"    oa:hasSource {SOURCE} .\n"
            f"{ev}-quote a oa:TextQuoteSelector ;\n    oa:exact {quote(q.exact)} .\n"
            f"{ev}-position a oa:TextPositionSelector ;\n    oa:start {q.start} ;\n    oa:end {q.end} .\n"
        )
    body = "\n".join(blocks)
    return EVIDENCE_HEAD + "\n" + _prefixes(body) + "\n" + body


def derive(folder: Path | None = None) -> dict[str, str]:
    """The derived files' text by file name, from the two tables of ``folder`` (default: the shipped data).

    :raises InputError: a table is missing or a row is wrong (file, line and column in the message).
    """
    folder = data_dir() if folder is None else folder
    quotes = read_quotes(folder / QUOTES_TABLE)
    rows = read_statements(folder / STATEMENTS_TABLE, {q.id for q in quotes})
    unused = sorted({q.id for q in quotes if not q.about} - {i for r in rows for i in r.evidence})
    if unused:
        first = next(q for q in quotes if q.id == unused[0])
        raise TableError(folder / QUOTES_TABLE, first.line, 1, f"quotation {first.id!r} supports nothing")
    outputs = {STATEMENTS_FILE: _statements_ttl(rows), EVIDENCE_FILE: _evidence_ttl(quotes, rows)}
    return {name: format_turtle(text, path=name) for name, text in outputs.items()}


def _changed(folder: Path | None) -> dict[Path, str]:
    """The derived files of ``folder`` that differ from what the tables give, with the text they should have."""
    folder = data_dir() if folder is None else folder
    found = {}
    for name, text in derive(folder).items():
        path = folder / name
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            found[path] = text
    return found


def stale(folder: Path | None = None) -> list[Path]:
    """The derived files of ``folder`` that differ from what the tables give (empty when all agree)."""
    return list(_changed(folder))


def write(folder: Path | None = None) -> list[Path]:
    """Rewrite the derived files of ``folder`` that are stale; returns those written."""
    changed = _changed(folder)
    for path, text in changed.items():
        write_atomic(path, text.encode("utf-8"))
    return list(changed)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m zhangjiang_kg.checks.facts [--check] [FOLDER]``: 0 done or fresh, 1 stale, 2 bad input."""
    parser = argparse.ArgumentParser(
        prog="python -m zhangjiang_kg.checks.facts",
        description=f"Derive {STATEMENTS_FILE} and {EVIDENCE_FILE} from {STATEMENTS_TABLE} and {QUOTES_TABLE}.",
    )
    parser.add_argument("folder", nargs="?", type=Path, help="the data folder (default: the shipped data)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a derived file is stale")
    args = parser.parse_args(argv)
    try:
        paths = stale(args.folder) if args.check else write(args.folder)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in paths:
        print(f"{'stale' if args.check else 'wrote'}: {path}")
    return 1 if args.check and paths else 0


if __name__ == "__main__":
    sys.exit(main())
