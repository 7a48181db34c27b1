"""The one Turtle tokenizer, per the W3C RDF 1.1 Turtle grammar (section 6.5, terminals).

It splits text into terminals with their positions (Oxigraph checks the grammar), raising
:class:`~zhangjiang_kg.errors.RdfSyntaxError` with line and column on text that is no terminal.

>>> [t.text for t in tokenize('ex:a a "x"^^<d>.')]
['ex:a', 'a', '"x"', '^^', '<d>', '.']
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from ..errors import RdfSyntaxError

IRI, PNAME, BLANK, STRING, NUMBER = "IRI", "PNAME", "BLANK", "STRING", "NUMBER"
LANGTAG, KEYWORD, PUNCT, COMMENT = "LANGTAG", "KEYWORD", "PUNCT", "COMMENT"

#: PN_CHARS_BASE and PN_CHARS beyond ASCII. A character class holding these ranges takes the
#: ``re`` compiler milliseconds (it fills a table entry per code point, in Python), so the
#: patterns are compiled for ASCII text first, and with these ranges once a text needs them.
_NON_ASCII_BASE = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NON_ASCII_CHARS = "\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
#: Runs of plain characters are matched possessively (``++``, ``*+``): the ``re`` engine then keeps
#: no backtracking state per character, so a 10 MB IRI costs about its own size to read, not 170
#: times it. The matches are the same: a run never holds the character its terminal's next part needs.
_STRING = (
    r'"""(?:[^"\\]++|\\.|"(?!""))*+"""'
    r"|'''(?:[^'\\]++|\\.|'(?!''))*+'''"
    r'|"(?!"")(?:[^"\\\n\r]++|\\.)*+"'
    r"|'(?!'')(?:[^'\\\n\r]++|\\.)*+'"  # three quotes always open a long string
)
_SPACE = " \t\r\n"


@functools.cache
def _patterns(unicode: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The pattern of every terminal and PN_LOCAL's, for any text (``unicode``) or for ASCII text
    (on which both match alike: the ranges they differ in hold no ASCII character)."""
    base = "A-Za-z" + (_NON_ASCII_BASE if unicode else "")
    chars_u = base + "_"
    chars = chars_u + "\\-0-9" + (_NON_ASCII_CHARS if unicode else "")
    pn_prefix = f"[{base}](?:[{chars}.]*[{chars}])?"
    pn_local = f"(?:[{chars_u}:0-9]|{_PLX})(?:(?:[{chars}.:]|{_PLX})*(?:[{chars}:]|{_PLX}))?"
    # Every terminal in one pattern, the white space before it skipped. The first alternative
    # that matches wins, so order matters: a number before ``.``, a prefixed name before a bare word.
    terminals = [
        r"(?P<COMMENT>#[^\r\n]*)",
        f'(?P<IRI><(?:[^\\x00-\\x20<>"{{}}|^`\\\\]++|{_UCHAR})*+>)',
        f"(?P<STRING>{_STRING})",
        r"(?P<NUMBER>[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+))",
        r"(?P<PUNCT>\^\^|[.;,\[\]()])",
        f"(?P<BLANK>_:[{chars_u}0-9](?:[{chars}.]*[{chars}])?)",
        f"(?P<PNAME>(?:{pn_prefix})?:(?:{pn_local})?)",
        r"(?P<AT>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
        r"(?P<WORD>[A-Za-z]+)",
    ]
    return re.compile("[ \t\r\n]*+(?:" + "|".join(terminals) + ")"), re.compile(pn_local)


_UCHAR_RE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE_RE = re.compile(r"\\(.)")

#: Bare words of Turtle: ``a``, the booleans, and the SPARQL-style directives (any case).
KEYWORDS = {"a": "a", "true": "true", "false": "false"}
DIRECTIVE_WORDS = {"prefix", "base"}


class Token(NamedTuple):
    """One terminal: its kind, its exact text, and where it starts in the document (0-based offset).
    A named tuple: a file has a token every few characters, and tuples are made several times faster."""

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

    def position(self, offset: int) -> tuple[int, int]:
        """``(line, column)`` of ``offset``, both 1-based."""
        line = self.line(offset)
        return line, offset - self._starts[line - 1] + 1


def tokenize(text: str, *, path: str = "<string>") -> Iterator[Token]:
    """Every terminal of ``text``, comments included, in order; a text of up to
    :data:`REMEMBERED_CHARS` characters has its tokens remembered (``zjkg check`` lays out and
    locates the same files).

    :raises RdfSyntaxError: the text holds something that is no Turtle terminal.
    """
    if len(text) <= REMEMBERED_CHARS:
        tokens, failure = _remembered(text)
        yield from tokens
        if failure is not None:
            raise _no_terminal(text, failure, path)
        return
    try:
        yield from _scan(text)
    except _NoTerminal as failure:
        raise _no_terminal(text, failure.args[0], path) from None


#: Texts up to this many characters have their tokens remembered, the last 16 of them: a few
#: megabytes at most, and every file of the shipped graph.
REMEMBERED_CHARS = 1 << 18


@functools.lru_cache(maxsize=16)
def _remembered(text: str) -> tuple[tuple[Token, ...], int | None]:
    """The tokens of ``text`` and the offset where something that is no terminal starts, if any."""
    tokens: list[Token] = []
    try:
        tokens.extend(_scan(text))
    except _NoTerminal as failure:
        return tuple(tokens), failure.args[0]
    return tuple(tokens), None


class _NoTerminal(Exception):
    """Text that is no terminal, at the offset given (white space before it included)."""


def _scan(text: str) -> Iterator[Token]:
    """The terminals of ``text``: one compiled pattern matches each with the white space before it,
    at the offset where the previous one ended (a search would rescan white space: quadratic)."""
    end, n = (1 if text.startswith("\ufeff") else 0), len(text)  # a byte order mark is no terminal
    previous = ""
    match_at = _patterns(not text.isascii())[0].match
    while end < n:
        match = match_at(text, end)
        if match is None:
            if text[end:].strip(_SPACE):
                raise _NoTerminal(end)
            return  # white space alone at the end
        group = match.lastgroup or ""
        kind = _kind(group, match.group(group), previous) if group == "AT" or group == "WORD" else group
        if kind is None:
            raise _NoTerminal(end)
        if kind != COMMENT:
            previous = kind
        start, end = match.start(group), match.end()
        yield Token(kind, text[start:end], start)


def _no_terminal(text: str, offset: int, path: str) -> RdfSyntaxError:
    """The error for text at ``offset`` (after any white space) that starts no terminal."""
    while text[offset] in _SPACE:
        offset += 1
    line, column = LineIndex(text).position(offset)
    what = "a string that is never closed" if text[offset] in "\"'" else f"unexpected {text[offset]!r}"
    return RdfSyntaxError(path, what, line, column)


def _kind(group: str, word: str, previous: str) -> str | None:
    """The terminal an ``AT`` or ``WORD`` match is: ``@prefix`` after a string is a language tag;
    bare words other than keywords are none."""
    if group == "AT":
        return KEYWORD if previous != STRING and word in ("@prefix", "@base") else LANGTAG
    return KEYWORD if word in KEYWORDS or word.lower() in DIRECTIVE_WORDS else None


def iri_value(token: Token) -> str:
    """The IRI an IRIREF token writes, escapes decoded (still possibly relative)."""
    return decode_uchars(token.text[1:-1])


def decode_uchars(text: str) -> str:
    """``text`` with its ``\\u`` and ``\\U`` escapes decoded."""
    return _UCHAR_RE.sub(lambda found: chr(int(found.group(1) or found.group(2), 16)), text)


def split_pname(token: Token) -> tuple[str, str]:
    """The prefix and the local name of a prefixed name, local escapes (``\\-``) removed;
    percent-encoding stays as written (the grammar keeps ``%20`` in the IRI)."""
    prefix, _, local = token.text.partition(":")
    return prefix, _LOCAL_ESCAPE_RE.sub(r"\1", local)


def is_pn_local(local: str) -> bool:
    """Whether ``local`` can be written after ``prefix:`` as it is (no escapes needed)."""
    pn_local = _patterns(not local.isascii())[1]
    return local == "" or (pn_local.fullmatch(local) is not None and "\\" not in local)
