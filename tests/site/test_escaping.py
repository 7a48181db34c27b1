"""A label from the data is text on every kind of page: markup in it is escaped, never run."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import zhangjiang_kg
from zhangjiang_kg.queries import catalogue as saved_queries
from zhangjiang_kg.queries.results import QueryResult
from zhangjiang_kg.site.build import build_site
from zhangjiang_kg.web.api import result_page

HOSTILE = '<script>alert("x")</script> & co'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co"
DATA = f"""@prefix zj: <https://w3id.org/zhangjiang-kg/id/> .
@prefix zjo: <https://w3id.org/zhangjiang-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
zj:evil a zjo:Platform ; rdfs:label {ox.Literal(HOSTILE)} ; schema:description {ox.Literal(HOSTILE)} .
zj:victim a zjo:Platform ; rdfs:label "victim" ; zjo:partOf zj:evil .
"""
LABELS = saved_queries.from_text("SELECT ?label WHERE { ?x rdfs:label ?label } ORDER BY ?label", name="labels")
BY_LABEL = saved_queries.from_text("SELECT ?x WHERE { ?x rdfs:label ?_label_string }", name="by-label")


def test_a_hostile_label_is_escaped_on_every_page_type(tmp_path: Path) -> None:
    (tmp_path / "evil.ttl").write_text(DATA, encoding="utf-8")
    kg = zhangjiang_kg.load([tmp_path / "evil.ttl"])
    site = tmp_path / "site"
    build_site(kg, site, queries=[LABELS], diagrams=False, use_pylode=False)
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    for name in ("classes/zjo-Platform.html", "id/evil.html", "id/victim.html", "id/index.html", "queries/labels.html"):
        assert ESCAPED in pages[name], name
    for name, text in pages.items():
        assert "<script>" not in text, name
    answer = QueryResult(variables=["x"], rows=[{"x": ox.Literal(HOSTILE)}])
    served = result_page(BY_LABEL, answer, [("label_string", HOSTILE)])
    assert f"<td>{ESCAPED}</td>" in served  # the answer's table
    assert f'value="{ESCAPED}"' in served  # the form, filled with what was asked
    assert "<script>" not in served
