"""The top-level statements of a Turtle document (directives, and triples ending in ``.`` outside
``[ ]`` and ``( )``): where each starts and ends and its subject IRI, resolved as a parser would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import RdfSyntaxError
from .iri import resolve
from .lexer import COMMENT, IRI, KEYWORD, PNAME, PUNCT, LineIndex, Token, iri_value, split_pname, tokenize


@dataclass(frozen=True)
class Statement:
    """One top-level statement: its extent (offsets), first line and column, last line, and subject."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    directive: bool
    subject: str | None = None


@dataclass(frozen=True)
class Comment:
    """One comment: where it is, its text, and whether it stands alone on its line."""

    offset: int
    line: int
    text: str
    own_line: bool


@dataclass
class Document:
    """What a Turtle text holds at the top level, in order."""

    statements: list[Statement] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)


def read_document(text: str, *, base: str = "", path: str = "<string>", strict: bool = True) -> Document:
    """The statements and comments of ``text``; subjects resolved against ``base`` and the file's own.

    :raises RdfSyntaxError: with ``strict``, text that is no Turtle terminal; without it, reading
        stops there and what came before is returned.
    """
    reader = _Reader(text, base)
    try:
        for token in tokenize(text, path=path):
            kind = token.kind
            if reader.first is None or reader.directive is not None or kind == COMMENT:
                reader.feed(token)
            elif kind == PUNCT:  # inside a statement only nesting and its closing dot matter
                if token.text == "." and reader.depth == 0:
                    reader.feed(token)
                else:
                    reader._nest(token)
    except RdfSyntaxError:
        if strict:
            raise
    return reader.document


class _Reader:
    """Feeds on tokens, one at a time; keeps the base and prefixes in force."""

    def __init__(self, text: str, base: str) -> None:
        self.text = text
        self.lines = LineIndex(text)
        self.base = base
        self.document = Document()
        self.first: Token | None = None
        self.directive: list[Token] | None = None
        self.subject: str | None = None
        self.depth = 0

    def feed(self, token: Token) -> None:
        if token.kind == COMMENT:
            self._comment(token)
        elif self.first is None:
            self.first = token
            if token.kind == KEYWORD and token.text.lstrip("@").lower() in ("prefix", "base"):
                self.directive = [token]
            else:
                self.subject = self._iri(token)
                self._nest(token)
        elif self.directive is not None:
            self.directive.append(token)
            self._directive_step()
        elif token.kind == PUNCT and token.text == "." and self.depth == 0:
            self._close(token, directive=False)
        else:
            self._nest(token)

    def _nest(self, token: Token) -> None:
        if token.kind == PUNCT and token.text in "[(":
            self.depth += 1
        elif token.kind == PUNCT and token.text in "])":
            self.depth = max(0, self.depth - 1)

    def _comment(self, token: Token) -> None:
        line, column = self.lines.position(token.start)
        before = self.text[token.start - column + 1 : token.start]
        self.document.comments.append(Comment(token.start, line, token.text.rstrip(), not before.strip()))

    def _directive_step(self) -> None:
        """Apply a directive once all its tokens are in: keyword, [name,] IRI, and ``.`` for @-forms."""
        assert self.directive is not None
        keyword, *parts = self.directive
        is_prefix = keyword.text.lstrip("@").lower() == "prefix"
        needed = (2 if is_prefix else 1) + (1 if keyword.text.startswith("@") else 0)
        if len(parts) < needed:
            return
        iri_token = parts[1] if is_prefix else parts[0]
        if iri_token.kind == IRI:
            iri = resolve(self.base, iri_value(iri_token))
            if is_prefix and parts[0].kind == PNAME:
                self.document.prefixes[parts[0].text[:-1]] = iri
            elif not is_prefix:
                self.base = iri
                self.document.bases.append(iri)
        self._close(parts[-1], directive=True)

    def _close(self, last: Token, *, directive: bool) -> None:
        assert self.first is not None
        line, column = self.lines.position(self.first.start)
        end_line, subject = self.lines.line(last.end - 1), None if directive else self.subject
        self.document.statements.append(
            Statement(self.first.start, last.end, line, column, end_line, directive, subject)
        )
        self.first, self.directive, self.subject, self.depth = None, None, None, 0

    def _iri(self, token: Token) -> str | None:
        """The IRI a subject token names, or None for blank nodes, collections and unknown prefixes."""
        if token.kind == IRI:
            return resolve(self.base, iri_value(token))
        if token.kind == PNAME:
            prefix, local = split_pname(token)
            namespace = self.document.prefixes.get(prefix)
            return None if namespace is None else namespace + local
        return None
