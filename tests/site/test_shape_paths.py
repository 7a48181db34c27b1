"""The shapes page writes a SHACL path read by the one path reader, with a link for each IRI."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from zhangjiang_kg.site.html import Site, templates
from zhangjiang_kg.site.shapes import path_phrase
from zhangjiang_kg.vocab import PREFIXES, SH

from site_graphs import triples

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix zjo: <https://w3id.org/zhangjiang-kg/ontology#> .
ex:s1 sh:path zjo:a .
ex:s2 sh:path [ sh:inversePath zjo:a ] .
ex:s3 sh:path ( zjo:a [ sh:inversePath zjo:b ] zjo:c ) .
ex:s4 sh:path [ sh:alternativePath ( zjo:a ( zjo:b zjo:c ) [ sh:zeroOrMorePath zjo:d ] ) ] .
ex:s5 sh:path [ sh:oneOrMorePath [ sh:alternativePath ( zjo:a zjo:b ) ] ] .
ex:s6 sh:path [ ex:x ex:y ] .
ex:s7 sh:path ( zjo:a ) .
"""


@pytest.mark.parametrize(
    ("shape", "text"),
    [
        ("s1", "zjo:a"),
        ("s2", "^zjo:a"),
        ("s3", "zjo:a / ^zjo:b / zjo:c"),
        ("s4", "(zjo:a | zjo:b / zjo:c | zjo:d*)"),
        ("s5", "(zjo:a | zjo:b)+"),
        ("s6", None),  # not a path: the node as it is
        ("s7", None),  # a sequence needs two members
    ],
)
def test_paths_print_in_sparql_like_notation(shape: str, text: str | None) -> None:
    graph = triples(SHAPES)
    node = graph.value(ox.NamedNode("http://example.org/" + shape), SH + "path")
    assert node is not None
    phrase = path_phrase(Site(graph=graph, prefixes=dict(PREFIXES)), graph, node)
    html = templates().from_string('{% from "macros.html" import phrase %}{{ phrase(p) }}').render(p=phrase)
    assert re.sub(r"<[^>]+>", "", html) == (text or node.value)
    if shape in ("s1", "s3"):
        assert '<a href="https://w3id.org/zhangjiang-kg/ontology#a">zjo:a</a>' in html
