"""SPARQL text read without a SPARQL parser: comments, strings and IRIs masked, then words found.

Two decisions are made on the text of a query before any engine sees it: where a ``VALUES``
block of parameters goes (:func:`where_group_start`) and whether the query calls a ``SERVICE``
(:mod:`.federation`). Both must not be fooled by a keyword inside a comment, a string or an IRI,
so both read :func:`mask`'s copy of the text, where those are blanked out at the same offsets,
and take the words of :func:`words`, where a variable (``?service``), a prefixed name
(``ex:SERVICE``, ``service:x``) or a language tag (``@service``) is one word, never the keyword.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
#: Variables, language tags, prefixed names and blank-node labels (the local part may hold
#: ``.``, ``-``, ``:`` and ``%`` escapes), then plain words (keywords, numbers, function names).
_WORD = re.compile(r"[?$]\w+|@[A-Za-z][\w-]*|[A-Za-z_]?[\w.\-]*:[\w.\-:%\\]*|\w+")


def mask(text: str) -> str:
    """The text with comments, strings and IRIs blanked out (same length), so keywords can be found."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif ch == "<":
            match = _IRI.match(text, i)
            if not match:
                i += 1
                continue
            j = match.end()
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            j = min(n, j + len(quote))
        else:
            i += 1
            continue
        for k in range(i, j):
            if out[k] != "\n":
                out[k] = " "
        i = j
    return "".join(out)


def words(masked: str) -> Iterator[re.Match[str]]:
    """The words of masked text, each with its offsets (see the module's note)."""
    return _WORD.finditer(masked)


def iri_at(text: str, position: int) -> str | None:
    """The IRI written first after ``position`` (past blanks and comments), without its brackets."""
    while position < len(text):
        if text[position] == "#":
            newline = text.find("\n", position)
            position = len(text) if newline < 0 else newline
        elif text[position].isspace():
            position += 1
        else:
            break
    match = _IRI.match(text, position)
    return match.group()[1:-1] if match else None


def where_group_start(text: str) -> int | None:
    """Offset just inside the outermost WHERE group's ``{``, or None when there is none."""
    masked = mask(text)
    where = re.search(r"\bWHERE\s*\{", masked, re.IGNORECASE)
    if where:
        return where.end()
    form = re.search(r"\b(SELECT|ASK|DESCRIBE)\b", masked, re.IGNORECASE)
    if form:
        brace = masked.find("{", form.end())
        return brace + 1 if brace >= 0 else None
    return None
