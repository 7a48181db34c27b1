"""The canonical Turtle layout: one deterministic way to write a file, so diffs show only meaning.

The head comment, prefixes sorted, then sections (opened by a comment standing alone between
blocks), each subject in one block sorted by how it is written: ``a`` first, then labels,
definitions, the other predicates. Comments stay with their block. The graph never changes:
literals keep their lexical form, and formatting a formatted file changes nothing.

>>> print(format_turtle('@prefix ex: <http://example.org/> .\\nex:b ex:p "x" . ex:a a ex:C .'), end="")
@prefix ex: <http://example.org/> .
<BLANKLINE>
ex:a a ex:C .
ex:b ex:p "x" .
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import InputError, RdfSyntaxError
from ..rdfio.formats import SYNTAXES, files_under
from ..rdfio.parse import syntax_error
from ..rdfio.write import write_atomic
from .iri import split
from .lexer import LineIndex, tokenize
from .statements import Comment, Document, Statement, read_document
from .writer import Writer

#: The document's own location while it is formatted: relative IRIs resolve under it for identity
#: and are written back relative to it. Deep, so ``../`` climbs survive; ``.invalid`` never names
#: a real host (RFC 2606), so no IRI of the data can be mistaken for it.
DOCUMENT_BASE = "https://document.invalid/" + "_/" * 32 + "document"
#: The longest term (in bytes) Oxigraph's Turtle parser accepts.
PARSER_TERM_LIMIT = 16 * 1024 * 1024
#: Suffixes of RDF files in other syntaxes than Turtle, which ``fmt`` refuses to rewrite.
OTHER_SYNTAXES = {suffix: s.title for s in SYNTAXES.values() if s.name != "turtle" for suffix in s.suffixes}
OTHER_SYNTAXES[".n3"] = "N3"


@dataclass(frozen=True)
class FormatResult:
    """One file: whether the canonical layout differs, and the first line that does."""

    path: Path
    changed: bool
    first_difference: int | None = None


@dataclass
class _Section:
    comment: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)


@dataclass
class _Layout:
    header: list[str] = field(default_factory=list)
    sections: list[_Section] = field(default_factory=lambda: [_Section()])
    block_comments: dict[str, list[str]] = field(default_factory=dict)
    trailing: list[str] = field(default_factory=list)


def format_turtle(text: str, *, path: str = "<string>", base_iri: str | None = None) -> str:
    """The canonical layout of a Turtle document. Relative IRIs stay relative: resolved against
    ``base_iri`` (default: a stand-in) only to tell terms apart, and written back relative to it,
    or to the file's first ``@base``.

    :raises RdfSyntaxError: the text is not Turtle (names path, line and column).
    """
    document_base = base_iri or DOCUMENT_BASE
    triples, prefixes = _parse(text, path, document_base)
    document = read_document(text, base=document_base, path=path)
    base, base_line = _output_base(document, [*_iris(triples), *prefixes.values()], document_base)
    writer = Writer(triples, prefixes, base)
    directives = [] if base_line is None else [base_line]
    directives += [f"@prefix {p}: {writer.iri_ref(ns)} ." for p, ns in sorted(prefixes.items())]
    return _write(writer, _layout(document), directives)


def format_file(path: str | Path, *, check: bool = False) -> FormatResult:
    """Format one Turtle file in place (or, with ``check``, only say whether it would change).

    :raises RdfSyntaxError: the file does not parse; it is left untouched.
    :raises InputError: the file cannot be read or written, or is in another RDF syntax.
    """
    file = Path(path)
    refuse_other_syntax(file)
    try:
        original = file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{file}: cannot read: {exc}") from None
    formatted = format_turtle(original, path=str(file))
    if formatted == original:
        return FormatResult(file, False)
    if not check:
        write_atomic(file, formatted.encode("utf-8"))
    return FormatResult(file, True, first_difference(original, formatted))


def refuse_other_syntax(file: Path) -> None:
    """``fmt`` writes Turtle only: a file named as N-Triples (or another syntax) is left alone.

    :raises InputError: the suffix names another RDF syntax.
    """
    syntax = OTHER_SYNTAXES.get(file.suffix.lower())
    if syntax is not None:
        raise InputError(f"{file}: is {syntax}, not Turtle; zjkg fmt only formats Turtle (.ttl) files")


def format_paths(paths: Iterable[str | Path], *, check: bool = False) -> list[FormatResult]:
    """Format every Turtle file among ``paths`` (folders are searched for ``*.ttl``), each once.

    :raises InputError: a path does not exist, or names a file in another RDF syntax (before any
        file is rewritten).
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = files_under(path, [".ttl"])
        elif path.is_file():
            refuse_other_syntax(path)  # before any file is rewritten
            candidates = [path]
        else:
            raise InputError(f"{path}: no such file or folder")
        found.extend(c for c in candidates if c not in found)
    return [format_file(file, check=check) for file in found]


def first_difference(old: str, new: str) -> int:
    """The 1-based number of the first line where two texts differ."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    for number, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), start=1):
        if a != b:
            return number
    return min(len(old_lines), len(new_lines)) + 1


def _parse(text: str, path: str, base_iri: str) -> tuple[list[Any], dict[str, str]]:
    # A byte order mark is read past (as by the lexer) and not written back: the layout has none.
    parser = ox.parse(text.removeprefix("\ufeff").encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=base_iri)
    try:
        quads = list(parser)
    except SyntaxError as exc:
        raise syntax_error(path, exc) from None
    except MemoryError:
        raise _too_long(text, path) from None
    return [(q.subject, q.predicate, q.object) for q in quads], dict(parser.prefixes)


def _too_long(text: str, path: str) -> RdfSyntaxError:
    """The parser refuses a term over 16 MiB: say so, at the first such term."""
    message = "a term longer than 16 MiB, more than the parser accepts"
    lines = LineIndex(text)
    for token in tokenize(text, path=path):
        if len(token.text.encode("utf-8")) > PARSER_TERM_LIMIT:
            return RdfSyntaxError(path, message, *lines.position(token.start))
    return RdfSyntaxError(path, message)


def _iris(triples: list[Any]) -> Iterator[str]:
    """Every IRI the triples write: terms and literal datatypes."""
    for triple in triples:
        for term in triple:
            if isinstance(term, ox.NamedNode):
                yield term.value
            elif isinstance(term, ox.Literal):
                yield term.datatype.value


def _output_base(document: Document, iris: list[str], document_base: str) -> tuple[str, str | None]:
    """The base IRIs are written against, and the ``@base`` line that declares it (if any): the
    file's first ``@base``, unless an IRI (``iris``, prefixes too) on the document's own host could
    then no longer be written relative."""
    if not document.bases:
        return document_base, None
    first = document.bases[0]
    home = split(document_base)[:2]
    if split(first)[:2] != home and any(split(iri)[:2] == home for iri in iris):
        return document_base, None
    return first, f"@base {Writer([], {}, document_base).iri_ref(first)} ."


def _layout(document: Document) -> _Layout:
    """Where the comments go: the head, a section, a block; and which section each subject is in."""
    statements, comments = document.statements, document.comments
    triples = [s for s in statements if not s.directive]
    layout = _Layout()
    first_start = statements[0].start if statements else None
    starts_at_line: dict[int, Statement] = {}
    for statement in triples:
        starts_at_line.setdefault(statement.line, statement)  # the first statement on the line

    def block_of(comment: Comment) -> Statement | None:
        for statement in triples:
            if statement.start < comment.offset < statement.end:
                return statement
            if not comment.own_line and statement.end <= comment.offset and statement.end_line == comment.line:
                return statement
        return None

    runs: list[list[Comment]] = []
    for comment in comments:
        inside = block_of(comment)
        if inside is not None and inside.subject is not None:
            layout.block_comments.setdefault(inside.subject, []).append(comment.text)
            continue
        if runs and runs[-1][-1].line == comment.line - 1:
            runs[-1].append(comment)
        else:
            runs.append([comment])

    events: list[tuple[int, int, Any]] = [(s.start, 1, s) for s in triples]
    for run in runs:
        following = starts_at_line.get(run[-1].line + 1)
        iri = following.subject if following is not None else None
        if iri is not None:
            before = layout.block_comments.get(iri, [])
            layout.block_comments[iri] = [c.text for c in run] + before
        elif first_start is None or run[0].offset < first_start:
            layout.header.extend(c.text for c in run)
        else:
            events.append((run[0].offset, 0, run))
    seen: set[str] = set()
    for _offset, kind, item in sorted(events, key=lambda e: (e[0], e[1])):
        if kind == 0:
            layout.sections.append(_Section(comment=[c.text for c in item]))
            continue
        if item.subject is not None and item.subject not in seen:
            seen.add(item.subject)
            layout.sections[-1].subjects.append(item.subject)
    if len(layout.sections) > 1 and not layout.sections[-1].subjects:
        layout.trailing = layout.sections.pop().comment
    return layout


def _write(writer: Writer, layout: _Layout, directives: list[str]) -> str:
    """The document: head comment, directives, sections of sorted blocks, blank nodes, trailing comment."""
    chunks: list[str] = []
    if layout.header:
        chunks.append("\n".join(layout.header))
    if directives:
        chunks.append("\n".join(directives))
    iris = {s.value for s in writer.by_subject if isinstance(s, ox.NamedNode)}
    sections = [_Section(list(s.comment), [i for i in s.subjects if i in iris]) for s in layout.sections]
    placed = {iri for section in sections for iri in section.subjects}
    sections[-1].subjects.extend(sorted(iris - placed))
    for section in sections:
        if section.comment:
            chunks.append("\n".join(section.comment))
        blocks: list[str] = []
        run = False
        for iri in sorted(section.subjects, key=writer.iri):
            block = "\n".join([*layout.block_comments.get(iri, []), writer.block(ox.NamedNode(iri))])
            # runs of one-line statements stay together, as declarations usually are written
            single = "\n" not in block
            if blocks and single and run:
                blocks[-1] += "\n" + block
            else:
                blocks.append(block)
            run = single
        chunks.extend(blocks)
    chunks.extend(writer.blank_blocks())
    # a comment whose block has no IRI subject in the graph is kept at the end, never dropped
    orphans = [c for iri, comments in sorted(layout.block_comments.items()) if iri not in iris for c in comments]
    trailing = [*orphans, *layout.trailing]
    if trailing:
        chunks.append("\n".join(trailing))
    return writer.name_blank_nodes("\n\n".join(chunks) + "\n") if chunks else ""
