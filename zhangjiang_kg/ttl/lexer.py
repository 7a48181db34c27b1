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
from dataclasses import dataclass

from ..errors import RdfSyntaxError

IRI, PNAME, BLANK, STRING, NUMBER, LANGTAG, KEYWORD, PUNCT, COMMENT = (
    "IRI", "PNAME", "BLANK", "STRING", "NUMBER", "LANGTAG", "KEYWORD", "PUNCT", "COMMENT",
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
_PNAME_RE = re.compile(f"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?")
_BLANK_RE = re.compile(f"_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?")
_IRI_RE = re.compile(f"<(?:[^\\x00-\\x20<>\"{{}}|^`\\\\]|{_UCHAR})*>")
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+)")
_LANGTAG_RE = re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")
_WORD_RE = re.compile(r"[A-Za-z]+")
_SPACE_RE = re.compile(r"[ \t\r\n]*")
_DIGITS = tuple("0123456789")
_SHORT_BODY = {q: re.compile(f"[^{q}\\\\\\n\\r]*") for q in "\"'"}
_UCHAR_RE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE_RE = re.compile(r"\\(.)")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE_RE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)

#: Bare words of Turtle: ``a``, the booleans, and the SPARQL-style directives (any case).
KEYWORDS = {"a": "a", "true": "true", "false": "false"}
DIRECTIVE_WORDS = {"prefix", "base"}


@dataclass(frozen=True)
class Token:
    """One terminal: its kind, its exact text, and where it starts in the document (0-based offset)."""

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
    while True:
        i = _SPACE_RE.match(text, i).end()  # type: ignore[union-attr]
        if i >= n:
            return
        token = _next_token(text, i, previous)
        if token is None:
            line, column = LineIndex(text).position(i)
            raise RdfSyntaxError(path, f"unexpected {text[i]!r}", line, column)
        if token.kind != COMMENT:
            previous = token.kind
        yield token
        i = token.end


def _next_token(text: str, i: int, previous: str) -> Token | None:
    ch = text[i]
    if ch == "#":
        end = len(text)
        for stop in ("\n", "\r"):
            found = text.find(stop, i)
            if 0 <= found < end:
                end = found
        return Token(COMMENT, text[i:end], i)
    if ch in "\"'":
        end = _string_end(text, i)
        return Token(STRING, text[i:end], i) if end > 0 else None
    if ch in "+-0123456789" or (ch == "." and text[i + 1 : i + 2] in _DIGITS):
        match = _NUMBER_RE.match(text, i)
        if match is not None:
            return Token(NUMBER, match.group(), i)
    if ch in ".;,[]()":
        return Token(PUNCT, ch, i)
    if text.startswith("^^", i):
        return Token(PUNCT, "^^", i)
    if ch == "@":
        match = _LANGTAG_RE.match(text, i)
        if match is None:
            return None
        word = match.group()
        if previous != STRING and word in ("@prefix", "@base"):
            return Token(KEYWORD, word, i)
        return Token(LANGTAG, word, i)
    for kind, pattern in ((IRI, _IRI_RE), (BLANK, _BLANK_RE), (PNAME, _PNAME_RE)):
        match = pattern.match(text, i)
        if match is not None and match.group():
            return Token(kind, match.group(), i)
    match = _WORD_RE.match(text, i)
    if match is not None and (match.group() in KEYWORDS or match.group().lower() in DIRECTIVE_WORDS):
        return Token(KEYWORD, match.group(), i)
    return None


def _string_end(text: str, i: int) -> int:
    """The offset after the string literal starting at ``i``, or -1 if it is never closed."""
    quote = text[i]
    if text.startswith(quote * 3, i):
        j = i + 3
        close = text.find(quote * 3, j)
        while close >= 0:
            escape = text.find("\\", j, close)
            if escape < 0:
                return close + 3
            j = escape + 2
            if j > close:
                close = text.find(quote * 3, j)
        return -1
    body = _SHORT_BODY[quote]
    j = i + 1
    while True:
        j = body.match(text, j).end()  # type: ignore[union-attr]
        if j >= len(text) or text[j] in "\n\r":
            return -1
        if text[j] == quote:
            return j + 1
        j += 2  # a backslash and the character it escapes


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
