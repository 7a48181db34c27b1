"""``curie()``: a prefixed name only when it is valid Turtle and SPARQL as printed, else ``<iri>``."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from zhangjiang_kg.vocab import BASE, PREFIXES, curie

ZJ = PREFIXES["zj"]


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        (ZJ + "zhangjiang-zone", "zj:zhangjiang-zone"),
        (PREFIXES["zjo"] + "Fund", "zjo:Fund"),
        (ZJ + "fund_2017.v2", "zj:fund_2017.v2"),
        (ZJ + "2017", "zj:2017"),
        (ZJ + "a/b", f"<{ZJ}a/b>"),  # '/' would need an escape (zj:a\/b): shown in full instead
        (ZJ + "a.", f"<{ZJ}a.>"),  # a local part may not end with '.'
        (ZJ + "-a", f"<{ZJ}-a>"),  # nor start with '-'
        (ZJ + "a%20b", "zj:a%20b"),  # a percent escape is part of a Turtle local name as it is
        (ZJ + "a?b", f"<{ZJ}a?b>"),
        (BASE + "graph/data", f"<{BASE}graph/data>"),
        ("http://example.org/x", "<http://example.org/x>"),
        (PREFIXES["sh"], "sh:"),
    ],
)
def test_curie(iri: str, expected: str) -> None:
    assert curie(iri) == expected


@pytest.mark.parametrize("local", ["zhangjiang-zone", "a/b", "a.", "x.y", "2017", "a#b", "é-1", "a%20b", "a:b"])
def test_what_curie_prints_parses_back_to_the_iri(local: str) -> None:
    iri = ZJ + local
    turtle = f"@prefix zj: <{ZJ}> .\n{curie(iri)} {curie(iri)} {curie(iri)} .\n"
    assert next(iter(Graph().parse(data=turtle, format="turtle")))[0] == URIRef(iri)


def test_the_longest_namespace_wins() -> None:
    assert curie("http://a/b/c", {"a": "http://a/", "ab": "http://a/b/"}) == "ab:c"
