"""The one Turtle tokenizer, per the W3C RDF 1.1 Turtle grammar (section 6.5, terminals).

The formatter and the source map both read Turtle through :func:`tokenize`, so they agree on where
every IRI, name, literal and comment starts, to the column. The tokenizer does not check the
grammar (Oxigraph does that when a graph is parsed); it only splits text into terminals, and
raises :class:`~zhangjiang_kg.errors.RdfSyntaxError` with line and column on text that is no
terminal at all (an unclosed string or IRI, a stray character).

>>> [t.text for t in tokenize('ex:a a "x"^^<d>.')]
['ex:a', 'a', '"x"', '^^', '<d>', '.']
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import NamedTuple

from ..errors import RdfSyntaxError

IRI, PNAME, BLANK, STRING, NUMBER, LANGTAG, KEYWORD, PUNCT, COMMENT = (
    "IRI",
    "PNAME",
    "BLANK",
    "STRING",
    "NUMBER",
    "LANGTAG",
    "KEYWORD",
    "PUNCT",
    "COMMENT",
)

_BASE_CHARS = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = _BASE_CHARS + "_"
_CHARS = _CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_BASE_CHARS}](?:[{_CHARS}.]*[{_CHARS}])?"
_PN_LOCAL = f"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

_PN_LOCAL_RE = re.compile(_PN_LOCAL)
_STRING = (
    r'"""(?:[^"\\]+|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]+|\\.|'(?!''))*'''"
    r'|"(?!"")(?:[^"\\\n\r]+|\\.)*"'
    r"|'(?!'')(?:[^'\\\n\r]+|\\.)*'"  # three quotes always open a long string
)
#: Every terminal in one pattern. The first alternative that matches wins, so order matters: a
#: number before ``.``, a prefixed name before a bare word.
_TERMINAL = re.compile(
    "|".join(
        [
            r"(?P<SPACE>[ \t\r\n]+)",
            r"(?P<COMMENT>#[^\r\n]*)",
            f'(?P<IRI><(?:[^\\x00-\\x20<>"{{}}|^`\\\\]|{_UCHAR})*>)',
            f"(?P<STRING>{_STRING})",
            r"(?P<NUMBER>[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+))",
            r"(?P<PUNCT>\^\^|[.;,\[\]()])",
            f"(?P<BLANK>_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)",
            f"(?P<PNAME>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
            r"(?P<AT>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
            r"(?P<WORD>[A-Za-z]+)",
        ]
    )
)
_UCHAR_RE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE_RE = re.compile(r"\\(.)")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE_RE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)

#: Bare words of Turtle: ``a``, the booleans, and the SPARQL-style directives (any case).
KEYWORDS = {"a": "a", "true": "true", "false": "false"}
DIRECTIVE_WORDS = {"prefix", "base"}


class Token(NamedTuple):
    """One terminal: its kind, its exact text, and where it starts in the document (0-based offset).

    A named tuple, not a dataclass: a file has a token every few characters, and tuples are made
    several times faster."""

    kind: str
    text: str
    start: int

    @property
    def end(self) -> int:
        """The offset just after the token."""
        return self.start + len(self.text)


class LineIndex:
    """Turns offsets into 1-based line and column numbers (columns count characters)."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def line(self, offset: int) -> int:
        """The 1-based line of ``offset``."""
        return bisect.bisect_right(self._starts, offset)

    def line_start(self, line: int) -> int:
        """The offset where 1-based ``line`` starts."""
        return self._starts[line - 1]

    def position(self, offset: int) -> tuple[int, int]:
        """``(line, column)`` of ``offset``, both 1-based."""
        line = self.line(offset)
        return line, offset - self._starts[line - 1] + 1


def tokenize(text: str, *, path: str = "<string>") -> Iterator[Token]:
    """Every terminal of ``text``, comments included, in order.

    :raises RdfSyntaxError: the text holds something that is no Turtle terminal.
    """
    i, n = 0, len(text)
    previous = ""
    match_at = _TERMINAL.match
    while i < n:
        match = match_at(text, i)
        kind = _kind(match, previous) if match is not None else None
        if kind is None or match is None:
            line, column = LineIndex(text).position(i)
            what = "a string that is never closed" if text[i] in "\"'" else f"unexpected {text[i]!r}"
            raise RdfSyntaxError(path, what, line, column)
        i = match.end()
        if kind == "SPACE":
            continue
        if kind != COMMENT:
            previous = kind
        yield Token(kind, match.group(), match.start())


def _kind(match: re.Match[str], previous: str) -> str | None:
    """The terminal a match is: ``@prefix`` after a string is a language tag; other words are none."""
    kind = match.lastgroup
    if kind == "AT":
        return KEYWORD if previous != STRING and match.group() in ("@prefix", "@base") else LANGTAG
    if kind == "WORD":
        word = match.group()
        return KEYWORD if word in KEYWORDS or word.lower() in DIRECTIVE_WORDS else None
    return kind


def iri_value(token: Token) -> str:
    """The IRI an IRIREF token writes, ``\\u`` and ``\\U`` escapes decoded (still possibly relative)."""
    return _UCHAR_RE.sub(_decode_escape, token.text[1:-1])


def split_pname(token: Token) -> tuple[str, str]:
    """The prefix and the local name of a prefixed name, local escapes (``\\-``) removed.

    Percent-encoding stays as written: the grammar keeps ``%20`` in the IRI.
    """
    prefix, _, local = token.text.partition(":")
    return prefix, _LOCAL_ESCAPE_RE.sub(r"\1", local)


def is_pn_local(local: str) -> bool:
    """Whether ``local`` can be written after ``prefix:`` as it is (no escapes needed)."""
    return local == "" or (_PN_LOCAL_RE.fullmatch(local) is not None and "\\" not in local)


def string_value(token: Token) -> str:
    """The lexical form a string token writes, its escapes decoded."""
    quotes = 3 if token.text[:3] in ('"""', "'''") and len(token.text) >= 6 else 1
    body = token.text[quotes:-quotes]
    return _ESCAPE_RE.sub(_decode_escape, body) if "\\" in body else body


def _decode_escape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    return chr(int(code, 16)) if code else _ECHAR.get(match.group(3), match.group())
