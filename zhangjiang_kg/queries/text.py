"""SPARQL text read without a SPARQL parser, for the decisions made before any engine sees a query
(where parameters go, ``SERVICE``, ``GRAPH``, nesting depth, parameter names). None may be fooled
by a keyword or bracket in a comment, string or IRI, so all read :func:`mask`'s copy of the text,
and :func:`words` keeps a variable, prefixed name or language tag one word, never a keyword.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import QuerySyntaxError

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


def reads_named_graphs(text: str) -> bool:
    """Whether a query says ``GRAPH``, the only way it reaches a graph beyond its default graph."""
    return any(word.group().upper() == "GRAPH" for word in words(mask(text)))


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


#: Deepest nesting of ``{``, ``(`` and ``[`` a query may have. Real queries stay below 20; Oxigraph's
#: recursive-descent parser overflows the stack (a crash, not an error) somewhere past 10,000.
MAX_QUERY_DEPTH = 128


def nesting_depth(text: str, limit: int | None = None) -> tuple[int, int | None]:
    """The deepest nesting of brackets in a query's masked text, and the offset of the first bracket
    that opens more than ``limit`` levels (None when none does)."""
    depth = deepest = 0
    passed: int | None = None
    for offset, ch in enumerate(mask(text)):
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
            if passed is None and limit is not None and depth > limit:
                passed = offset
        elif ch in "})]" and depth:
            depth -= 1
    return deepest, passed


def check_depth(name: str, text: str, limit: int = MAX_QUERY_DEPTH) -> None:
    """Refuse a query nested deeper than ``limit``, before any parser sees it.

    :raises QuerySyntaxError: names the query, the line and column where the limit is passed.
    """
    deepest, where = nesting_depth(text, limit)
    if where is not None:
        line = text.count("\n", 0, where) + 1
        column = where - (text.rfind("\n", 0, where) + 1) + 1
        raise QuerySyntaxError(name, f"nested {deepest} levels deep; at most {limit} are allowed", line, column)
