"""Every quote in the graph is the article's exact words at the offsets the graph records.

The article is not in the repository (it is China Daily's copyright). The tests read it from
``ZJKG_SOURCE_TEXT`` or from ``../shared/seed/`` beside the checkout; without it they skip, except
in CI (``CI=true``), where a missing text is a failure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from zhangjiang_kg.checks.evidence import iter_quotes, sha256_text, verify_evidence

ROOT = Path(__file__).resolve().parents[2]
OA = "http://www.w3.org/ns/oa#"
SCHEMA = "https://schema.org/"
ZJ = "https://w3id.org/zhangjiang-kg/id/"


@pytest.fixture(scope="module")
def data() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "data").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def test_every_quote_is_verbatim_at_its_offsets(data: Graph, article_text: str) -> None:
    quotes = list(iter_quotes(data))
    assert len(quotes) >= 50
    assert verify_evidence(data, article_text) == []
    for quote in quotes:
        assert article_text[quote.start : quote.end] == quote.exact


def test_the_graph_records_the_texts_checksum(data: Graph, article_text: str) -> None:
    stored = data.value(URIRef(ZJ + "article-text"), URIRef(SCHEMA + "sha256"))
    assert str(stored) == sha256_text(article_text)


def test_quotes_are_clauses_not_paragraphs(data: Graph) -> None:
    """Copyright: a quote carries one fact; it never runs across sentences or lines."""
    for quote in iter_quotes(data):
        assert len(quote.exact) <= 60, quote.annotation  # tests/test_quotation.py measures the whole repository
        assert "\n" not in quote.exact, quote.annotation
        assert not re.search(r"[.!?] [A-Z]", quote.exact), f"{quote.annotation} spans two sentences"


def test_quotes_leave_most_of_the_article_out(data: Graph, article_text: str) -> None:
    """The quotes together must not amount to the article: they skip its connecting prose."""
    covered = set()
    for quote in iter_quotes(data):
        covered.update(range(quote.start, quote.end))
    assert len(covered) / len(article_text) < 0.75


def _first_quote(graph: Graph) -> tuple[URIRef, URIRef]:
    quote = next(iter_quotes(graph))
    target = graph.value(URIRef(quote.annotation), URIRef(OA + "hasTarget"))
    selectors = list(graph.objects(target, URIRef(OA + "hasSelector")))
    position = next(s for s in selectors if (s, None, URIRef(OA + "TextPositionSelector")) in graph)
    exact = next(s for s in selectors if (s, None, URIRef(OA + "TextQuoteSelector")) in graph)
    return position, exact


def test_a_shifted_offset_is_reported(data: Graph, article_text: str) -> None:
    graph = Graph() + data
    position, _ = _first_quote(graph)
    start = int(graph.value(position, URIRef(OA + "start")))
    end = int(graph.value(position, URIRef(OA + "end")))
    graph.set((position, URIRef(OA + "start"), Literal(start + 1)))
    graph.set((position, URIRef(OA + "end"), Literal(end + 1)))
    problems = verify_evidence(graph, article_text)
    assert len(problems) == 1
    assert f"text[{start + 1}:{end + 1}]" in problems[0].reason
    assert f"the quote stands at {start}" in problems[0].reason


def test_an_altered_quote_is_reported(data: Graph, article_text: str) -> None:
    graph = Graph() + data
    _, exact = _first_quote(graph)
    graph.set((exact, URIRef(OA + "exact"), Literal("Words the article never printed")))
    problems = verify_evidence(graph, article_text)
    assert [p.reason.endswith("the quote is not in the text") for p in problems] == [True]


def test_another_text_is_reported_by_its_checksum(data: Graph, article_text: str) -> None:
    problems = verify_evidence(data, article_text.replace("620 million", "630 million"))
    reasons = " ".join(p.reason for p in problems)
    assert "SHA-256" in reasons
    assert any("620 million" in p.reason for p in problems)


def test_quotes_read_alike_from_rdflib_and_from_oxigraph(data: Graph) -> None:
    """The look-ups run on an Oxigraph store; an rdflib graph and pyoxigraph quads give the same quotes."""
    import pyoxigraph as ox
    from zhangjiang_kg.checks.triples import TripleView
    from zhangjiang_kg.rdfio.parse import read_quads

    quads = [q for path in sorted((ROOT / "data").glob("*.ttl")) for q in read_quads(path)]
    store = ox.Store()
    store.bulk_extend(quads)
    from_rdflib = list(iter_quotes(data))
    assert len(from_rdflib) >= 50
    assert list(iter_quotes(quads)) == from_rdflib
    assert list(iter_quotes(store)) == list(iter_quotes(TripleView(store))) == from_rdflib
