"""Choosing a media type from an Accept header (RFC 9110, 12.5.1)."""

from __future__ import annotations

import pytest
from zhangjiang_kg.web.reply import choose, parse_accept

OFFERED = ("text/html", "text/turtle", "application/ld+json", "application/n-triples")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/html"),
        ("", "text/html"),
        ("*/*", "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        # a browser: HTML explicitly, everything else at a lower quality
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        # an RDF client that takes anything but prefers Turtle
        ("text/turtle;q=1.0, application/ld+json;q=0.5, */*;q=0.1", "text/turtle"),
        ("application/ld+json;q=0.9, text/turtle;q=0.4", "application/ld+json"),
        # the more specific range decides: text/html is refused though text/* is welcome
        ("text/*, text/html;q=0", "text/turtle"),
        ("TEXT/TURTLE", "text/turtle"),
        ("text/turtle; charset=utf-8", "text/turtle"),
        # equal quality: the server's order breaks the tie
        ("application/n-triples, text/turtle", "text/turtle"),
    ],
)
def test_the_preferred_offered_type_is_chosen(accept: str | None, expected: str) -> None:
    assert choose(accept, OFFERED) == expected


@pytest.mark.parametrize(
    "accept", ["application/pdf", "image/*", "text/turtle;q=0, text/html;q=0, application/*;q=0", "nonsense"]
)
def test_nothing_acceptable_gives_none(accept: str) -> None:
    assert choose(accept, OFFERED) is None


def test_malformed_quality_counts_as_refusal_and_bad_elements_are_skipped() -> None:
    assert choose("text/turtle;q=high, application/ld+json", OFFERED) == "application/ld+json"
    ranges = parse_accept("garbage, */html, text/turtle;q=0.3")
    assert [(r.type, r.subtype, r.quality) for r in ranges] == [("text", "turtle", 0.3)]


def test_any_header_gives_an_offered_type_or_none() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    ranges = st.sampled_from(["text/turtle", "text/*", "*/*", "application/ld+json", "x/y", ";q=", "q=0.5", ",", " "])

    @given(parts=st.lists(st.one_of(ranges, st.text(max_size=12)), max_size=8))
    def check(parts: list[str]) -> None:
        assert choose("".join(parts), OFFERED) in (*OFFERED, None)

    check()
