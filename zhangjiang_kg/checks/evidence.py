"""Evidence: verify the graph's quotes against a copy of the source text.

The graph never holds the article itself (it is the publisher's copyright), only short quotes with
their Web Annotation selectors and the SHA-256 of the text they index into.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import InputError
from ..vocab import OA, RDF, SCHEMA
from .triples import sort_key, view_of

if TYPE_CHECKING:
    from .triples import Term, Triples

#: Environment variable naming a copy of the article's text.
SOURCE_TEXT_ENV = "ZJKG_SOURCE_TEXT"
#: File name of the article's plain-text rendering.
SOURCE_TEXT_NAME = "china-daily-2017-12-07-biopharma-spurs-wider-progress.txt"


@dataclass(frozen=True)
class Quote:
    """One quotation of the graph: its selectors and the source it points at."""

    annotation: str
    source: str
    exact: str
    prefix: str | None
    suffix: str | None
    start: int | None
    end: int | None


@dataclass(frozen=True)
class QuoteProblem:
    """A quote that does not match the source text, and why."""

    annotation: str
    reason: str


def sha256_text(text: str) -> str:
    """SHA-256 of the text's UTF-8 bytes, as the graph stores it (``schema:sha256``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_source_text(path: str | os.PathLike[str]) -> str:
    """Read the article text exactly as its checksum was taken (UTF-8, newlines untouched)."""
    try:
        return Path(path).read_bytes().decode("utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the source text {path}: {exc.strerror}") from exc


def default_source_text_path() -> Path | None:
    """The article text named by ``ZJKG_SOURCE_TEXT``, or ``None`` when the variable is unset."""
    value = os.environ.get(SOURCE_TEXT_ENV)
    return Path(value) if value else None


def iter_quotes(graph: Triples) -> Iterator[Quote]:
    """Every oa:TextQuoteSelector of the graph with its sibling TextPositionSelector, in IRI order.

    ``graph`` is an rdflib Graph, pyoxigraph quads or a :class:`~.triples.TripleView`.
    """
    view = view_of(graph)

    def oa(name: str) -> ox.NamedNode:
        return ox.NamedNode(OA + name)

    def text(term: Term | None) -> str | None:
        return None if term is None else term.value

    rdf_type = ox.NamedNode(RDF + "type")
    for annotation in sorted(view.subjects(rdf_type, oa("Annotation")), key=sort_key):
        for target in view.objects(annotation, oa("hasTarget")):
            if isinstance(target, ox.Literal):
                continue
            source = view.value(target, oa("hasSource"))
            quote_sel = position_sel = None
            for selector in view.objects(target, oa("hasSelector")):
                if isinstance(selector, ox.Literal):
                    continue
                if view.has(selector, rdf_type, oa("TextQuoteSelector")):
                    quote_sel = selector
                elif view.has(selector, rdf_type, oa("TextPositionSelector")):
                    position_sel = selector
            if quote_sel is None:
                continue
            start = view.value(position_sel, oa("start")) if position_sel is not None else None
            end = view.value(position_sel, oa("end")) if position_sel is not None else None
            yield Quote(
                annotation=annotation.value,
                source=text(source) or "",
                exact=text(view.value(quote_sel, oa("exact"))) or "",
                prefix=text(view.value(quote_sel, oa("prefix"))),
                suffix=text(view.value(quote_sel, oa("suffix"))),
                start=None if start is None else int(start.value),
                end=None if end is None else int(end.value),
            )


def verify_evidence(graph: Triples, text: str) -> list[QuoteProblem]:
    """Check every quote against ``text``: verbatim at its offsets, context matching, checksum equal.

    ``graph`` is as for :func:`iter_quotes`. Returns the problems found; an empty list means every
    quote is the source's exact words.
    """
    view = view_of(graph)
    quotes = list(iter_quotes(view))
    problems: list[QuoteProblem] = []
    digest = sha256_text(text)
    for source in sorted({q.source for q in quotes}):
        stored = view.value(ox.NamedNode(source), ox.NamedNode(SCHEMA + "sha256")) if source else None
        if stored is None:
            problems.append(QuoteProblem(source, "the quoted source has no schema:sha256"))
        elif stored.value != digest:
            reason = f"the source text's SHA-256 is {digest}, the graph says {stored.value}: another text"
            problems.append(QuoteProblem(source, reason))
    for quote in quotes:
        if not quote.exact:
            problems.append(QuoteProblem(quote.annotation, "empty oa:exact"))
            continue
        if quote.start is None or quote.end is None:
            problems.append(QuoteProblem(quote.annotation, "no oa:TextPositionSelector with start and end"))
            continue
        found = text[quote.start : quote.end]
        if found != quote.exact:
            where = text.find(quote.exact)
            hint = f"the quote stands at {where}" if where >= 0 else "the quote is not in the text"
            reason = f"text[{quote.start}:{quote.end}] is {found!r}, not {quote.exact!r}; {hint}"
            problems.append(QuoteProblem(quote.annotation, reason))
            continue
        if quote.prefix is not None and not text[: quote.start].endswith(quote.prefix):
            problems.append(QuoteProblem(quote.annotation, f"oa:prefix {quote.prefix!r} does not precede the quote"))
        if quote.suffix is not None and not text[quote.end :].startswith(quote.suffix):
            problems.append(QuoteProblem(quote.annotation, f"oa:suffix {quote.suffix!r} does not follow the quote"))
    return problems
