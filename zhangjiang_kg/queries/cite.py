"""Answers that cite their words: for each row of a query's result, the evidence of the statements behind it.

A row is backed by the reified statements whose subject is one of its IRIs and whose object is one
of its terms (literals by value and datatype), and by any statement it names; their evidence is
what the saved query ``triple-evidence`` gives: the quotation and its offsets in the article, or a
background statement's source. :func:`cite` runs on any store through a function that runs saved
queries, asking for all the result's IRIs in batches, never one query per row.

>>> import zhangjiang_kg as zk
>>> kg = zk.load()
>>> result = kg.run_query("fund-money")
>>> rows = cite(result, kg.run_query)
>>> sorted({c["exact"].value for c in rows[0] if c["exact"] is not None})
['620 million yuan', 'a specialized fund']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from ..rdfio.terms import term_parts
from ..vocab import XSD
from .catalogue import SavedQuery, find_query, from_text
from .results import FORMAT_ALIASES, QueryResult, render
from .text import where_group_start

#: Runs a saved query with parameters on some store: ``kg.run_query``, or the CLI's runners.
Runner = Callable[[SavedQuery, dict[str, str]], QueryResult]
#: One piece of evidence behind a row: a row of ``triple-evidence`` (variables as in :data:`COLUMNS`).
Citation = dict[str, Any]

#: The saved query whose rows are the citations; its optional ``subject`` parameter takes the IRIs.
EVIDENCE_QUERY = "triple-evidence"
#: The columns of a citation, as ``triple-evidence`` projects them.
COLUMNS = (
    "statement", "subject", "predicate", "object", "kind", "modality", "attributedTo", "source", "annotation",
    "exact", "start", "end", "note",
)  # fmt: skip
#: Columns the cited table shows beside the row number (the triple is in the statement's IRI).
TABLE_COLUMNS = ("statement", "kind", "modality", "attributedTo", "exact", "start", "end", "source", "note")
#: Prefix of the citation columns in a cited result, so they never clash with the query's own.
PREFIX = "cite_"
#: IRIs asked for in one query.
BATCH = 200

_NUMERIC = {XSD + name for name in ("integer", "decimal", "double", "float")}


def cite(result: QueryResult, run: Runner, *, batch: int = BATCH) -> list[list[Citation]]:
    """For each row of ``result`` (in order), the citations of the statements behind it;
    ``run(saved, params)`` runs a saved query on the store the result came from.

    :raises QueryError: the store failed to run the evidence query.
    """
    rows = result.rows
    iris = sorted({parts.value for row in rows for parts in _parts(row.values()) if parts.kind == "uri"})
    candidates: list[Citation] = []
    evidence = find_query(EVIDENCE_QUERY)
    for first in range(0, len(iris), batch):
        saved = _for_subjects(evidence, iris[first : first + batch])
        candidates.extend(run(saved, {}).rows)
    # Candidates by their statement's key and by their subject's, so a row looks at its own terms only.
    by_statement: dict[Any, list[int]] = {}
    by_subject: dict[Any, list[int]] = {}
    objects = []
    for index, citation in enumerate(candidates):
        by_statement.setdefault(_key(citation["statement"]), []).append(index)
        by_subject.setdefault(_key(citation["subject"]), []).append(index)
        objects.append(_key(citation["object"]))
    cited: list[list[Citation]] = []
    for row in rows:
        keys = {_key(term) for term in row.values() if term is not None}
        found = {i for key in keys for i in by_statement.get(key, ())}
        found.update(i for key in keys for i in by_subject.get(key, ()) if objects[i] in keys)
        cited.append([candidates[i] for i in sorted(found)])
    return cited


def cited_result(result: QueryResult, citations: list[list[Citation]]) -> QueryResult:
    """The result with its citations joined on: one row per citation (columns ``cite_*``, with
    ``cite_row`` the row's number from 1), a row without any once with empty citation columns."""
    columns = [PREFIX + "row", *(PREFIX + name for name in COLUMNS)]
    joined = [
        {**row, PREFIX + "row": _number(number), **{PREFIX + name: citation.get(name) for name in COLUMNS}}
        for number, (row, found) in enumerate(zip(result.rows, citations, strict=True), start=1)
        for citation in found or [{}]
    ]
    return QueryResult(variables=[*result.variables, *columns], rows=joined)


def citation_table(citations: list[list[Citation]]) -> QueryResult:
    """The citations alone, numbered by the row they back (``row`` from 1), for people."""
    rows = [
        {"row": _number(number)} | {name: citation.get(name) for name in TABLE_COLUMNS}
        for number, found in enumerate(citations, start=1)
        for citation in found
    ]
    return QueryResult(variables=["row", *TABLE_COLUMNS], rows=rows)


def _number(number: int) -> ox.Literal:
    return ox.Literal(str(number), datatype=ox.NamedNode(XSD + "integer"))


def render_cited(
    result: QueryResult, citations: list[list[Citation]], fmt: str = "text", prefixes: Mapping[str, str] | None = None
) -> str:
    """The result and its citations: a table followed by a table of the citations, numbered by row,
    or :func:`cited_result` in CSV, TSV or JSON; a boolean answer as it is.

    :raises UnknownFormatError: ``fmt`` is not a result format.
    """
    if result.boolean is not None:
        return render(result, fmt, prefixes)
    fmt = FORMAT_ALIASES.get(fmt, fmt)
    if fmt == "text":
        evidence = render(citation_table(citations), fmt, prefixes)
        return render(result, fmt, prefixes) + "\nEvidence of each row's statements:\n" + evidence
    return render(cited_result(result, citations), fmt, prefixes)


def _for_subjects(evidence: SavedQuery, iris: list[str]) -> SavedQuery:
    """``triple-evidence`` with its subject parameter bound to each IRI in turn (a VALUES block)."""
    subject = next(p.variable for p in evidence.parameters if p.name == "subject")
    position = where_group_start(evidence.text)
    assert position is not None, "triple-evidence has a WHERE group"
    block = f" VALUES ?{subject} {{ {' '.join(str(ox.NamedNode(iri)) for iri in iris)} }}"
    return from_text(evidence.text[:position] + block + evidence.text[position:], name=EVIDENCE_QUERY)


def _parts(terms: Iterable[Any]) -> Iterable[Any]:
    return (term_parts(term) for term in terms if term is not None)


def _key(term: Any) -> tuple[Any, ...] | None:
    """Equal for two terms that are the same IRI, or literals of one datatype equal in value."""
    if term is None:
        return None
    parts = term_parts(term)
    if parts.kind != "literal":
        return (parts.kind, parts.value)
    if parts.datatype in _NUMERIC:
        try:
            return ("number", parts.datatype, Decimal(parts.value).normalize())
        except InvalidOperation:
            pass
    return ("literal", parts.value, parts.datatype, (parts.language or "").lower())
