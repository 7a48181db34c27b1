"""Entity pages: one for every node of the data, at the path of its IRI, with Turtle and JSON-LD
beside it; what a page shows (label, type, status, figures in words, relations both ways, evidence
with offsets); evidence found generically (reified statements too); no more of the article than
the data holds."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pyoxigraph as ox
import pytest
import zhangjiang_kg
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from zhangjiang_kg.site import descriptions, entities
from zhangjiang_kg.site.graph import Graphs
from zhangjiang_kg.site.html import Site
from zhangjiang_kg.vocab import PREFIXES

from rdflib_oracle import view
from site_graphs import rdflib_graph

ZJ = PREFIXES["zj"]
OA = PREFIXES["oa"]


def page(site: Path, name: str) -> str:
    return (site / "id" / f"{name}.html").read_text(encoding="utf-8")


class _Quotes(HTMLParser):
    """The text of every ``blockquote.evidence`` before its ``<cite>``, and every link."""

    def __init__(self) -> None:
        super().__init__()
        self.quotes: list[str] = []
        self.links: list[str] = []
        self._in_quote = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "blockquote" and values.get("class") == "evidence":
            self._in_quote = True
            self.quotes.append("")
        elif tag == "cite":
            self._in_quote = False
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")

    def handle_data(self, data: str) -> None:
        if self._in_quote:
            self.quotes[-1] += data


def parsed(html: str) -> _Quotes:
    parser = _Quotes()
    parser.feed(html)
    return parser


def test_every_entity_of_the_data_has_a_page_turtle_and_jsonld(built_site: Path, shipped_kg) -> None:
    described = view(shipped_kg).merged("data", "background")
    subjects = {s for s in described.subjects() if isinstance(s, URIRef) and str(s).startswith(ZJ)}
    assert len(subjects) > 300
    for subject in subjects:
        stem = built_site / "id" / str(subject)[len(ZJ) :]
        for suffix in (".html", ".ttl", ".jsonld"):
            assert stem.with_suffix(suffix).is_file(), f"{subject}: no {suffix}"
    index = (built_site / "id" / "index.html").read_text(encoding="utf-8")
    assert len(set(re.findall(r'href="([a-z0-9-]+)\.html"', index))) == len(subjects)


def test_the_files_beside_a_page_are_its_description(built_site: Path, shipped_kg) -> None:
    for name in ("zhangjiang-zone", "fund-investment-cny", "ev-cluster-goal", "ev-cluster-goal-quote"):
        expected = rdflib_graph(
            descriptions.describe(Graphs(shipped_kg)("data", "background"), ox.NamedNode(ZJ + name))
        )
        turtle = Graph().parse(built_site / "id" / f"{name}.ttl", format="turtle")
        jsonld = Graph().parse(data=(built_site / "id" / f"{name}.jsonld").read_bytes(), format="json-ld")
        assert isomorphic(turtle, expected), name
        assert isomorphic(jsonld, expected), name


def test_the_zone_page_shows_type_status_figures_relations_and_evidence(built_site: Path, shipped_kg) -> None:
    html = page(built_site, "zhangjiang-zone")
    assert "<h1>Zhangjiang National Innovation Demonstration Zone" in html
    assert 'href="zhangjiang-zone.ttl"' in html
    assert 'href="zhangjiang-zone.jsonld"' in html
    assert '<a href="../classes/zjo-InnovationZone.html" title="zjo:InnovationZone">innovation zone</a>' in html
    assert "Status: <strong>achieved</strong>" in html
    assert "1,000 jobs" in html
    assert "240,000,000 CNY" in html
    assert "the two years since the medical genome platform" in html  # and their period
    # relations both ways, as links to other entity pages
    assert 'href="../id/shanghai.html"' in html  # the zone is contained in Shanghai
    assert re.search(r'href="../id/zhangjiang-administration.html"[^>]*>[^<]+</a></td><td><a [^>]*>administers<', html)
    evidence = view(shipped_kg).data
    quote = evidence.value(URIRef(ZJ + "ev-cluster-goal-quote"), URIRef(OA + "exact"))
    start = evidence.value(URIRef(ZJ + "ev-cluster-goal-position"), URIRef(OA + "start"))
    end = evidence.value(URIRef(ZJ + "ev-cluster-goal-position"), URIRef(OA + "end"))
    assert str(quote) in html
    assert f"characters {start}\u2013{end}" in html


def test_a_figure_page_says_its_number_qualifier_and_period_in_words(built_site: Path) -> None:
    html = page(built_site, "fund-investment-cny")
    assert '<p class="figure-value">620,000,000 CNY</p>' in html
    assert re.search(r"qualifier <a [^>]*>exact</a>", html)
    assert re.search(r'covers <a href="../id/period-since-2014.html"', html)
    lower = page(built_site, "fund-total-project-investment")
    assert "more than 1,000,000,000 CNY" in lower
    assert re.search(r"qualifier <a [^>]*>lower bound</a>", lower)


def test_pages_show_no_more_of_the_article_than_the_data_holds(built_site: Path, shipped_kg) -> None:
    held = {str(o) for o in view(shipped_kg).data.objects(None, URIRef(OA + "exact"))}
    shown = 0
    for file in (built_site / "id").glob("*.html"):
        for quote in parsed(file.read_text(encoding="utf-8")).quotes:
            words = quote.strip().removeprefix("“").removesuffix("”")
            assert all(part in held for part in words.split(" … ")), f"{file.name}: {words!r}"
            shown += 1
    assert shown > 100


def test_links_on_a_served_page_all_answer(get) -> None:
    base = "/id/zhangjiang-zone.html"
    links = parsed(get(base).text).links
    local = {urlsplit(urljoin(base, href)).path for href in links if not href.startswith(("http://", "https://"))}
    assert len(local) > 20
    for path in sorted(local):
        assert get(path).status == 200, path


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        (ZJ + "zhangjiang-zone", "id/zhangjiang-zone"),
        ("https://w3id.org/zhangjiang-kg/ontology", "ontology"),
        ("https://example.org/id/x", None),
        (ZJ + "../secret", None),
        (ZJ + "a b", None),
        (ZJ, None),
    ],
)
def test_document_paths_mirror_iris_and_refuse_what_is_not_a_file_name(iri: str, expected: str | None) -> None:
    assert descriptions.document_path(iri) == expected


STATEMENTS = """
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix zj: <https://w3id.org/zhangjiang-kg/id/> .
@prefix zjo: <https://w3id.org/zhangjiang-kg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .

zj:thing a zjo:Platform ; rdfs:label "a thing"@en ; zjo:status zjo:Achieved ; zjo:purpose "to test"@en .
zj:st-purpose a rdf:Statement ; rdf:subject zj:thing ; rdf:predicate zjo:purpose ; rdf:object "to test"@en ;
    prov:wasDerivedFrom zj:ev-purpose .
zj:st-serves a rdf:Statement ; rdf:subject zj:thing ; rdf:predicate zjo:serves ; rdf:object zj:people .
zj:people a zjo:AgentGroup ; rdfs:label "people"@en .
zj:ev-purpose a oa:Annotation ; oa:hasTarget zj:ev-purpose-target .
zj:ev-purpose-target a oa:SpecificResource ; oa:hasSelector zj:ev-purpose-quote , zj:ev-purpose-position .
zj:ev-purpose-quote a oa:TextQuoteSelector ; oa:exact "words for the purpose" .
zj:ev-purpose-position a oa:TextPositionSelector ; oa:start 10 ; oa:end 31 .
zj:ev-serves a oa:Annotation ; oa:hasBody zj:st-serves ; oa:hasTarget zj:ev-serves-target .
zj:ev-serves-target a oa:SpecificResource ; oa:hasSelector zj:ev-serves-quote , zj:ev-serves-position .
zj:ev-serves-quote a oa:TextQuoteSelector ; oa:exact "serving people" .
zj:ev-serves-position a oa:TextPositionSelector ; oa:start 40 ; oa:end 54 .
"""


def test_evidence_attached_to_statements_is_shown_beside_each_statement(tmp_path: Path) -> None:
    (tmp_path / "statements.ttl").write_text(STATEMENTS, encoding="utf-8")
    kg = Graphs(zhangjiang_kg.load([tmp_path / "statements.ttl"]))
    site = Site(graph=kg("data", "ontology"), prefixes=dict(PREFIXES))
    files = entities.site_files(site, kg)
    html = str(files["id/thing.html"])
    # the statement the annotation points at (via the statement's own link) and the one pointing at it
    assert re.search(
        r"to test<blockquote class=\"evidence\">“words for the purpose”<cite>.*characters 10\u201331", html
    )
    assert re.search(r"people</a><blockquote class=\"evidence\">“serving people”<cite>.*characters 40\u201354", html)
    # a statement only reified (not asserted) still shows, with its evidence
    assert 'href="../id/people.html"' in html
    description = Graph().parse(data=files["id/thing.ttl"], format="turtle")
    for node in ("st-purpose", "st-serves", "ev-purpose", "ev-serves-target", "ev-serves-quote", "ev-purpose-position"):
        assert (URIRef(ZJ + node), None, None) in description, node
    assert [a.value for a in descriptions.evidence_for(kg("data"), ox.NamedNode(ZJ + "thing"))] == [
        ZJ + "ev-purpose",
        ZJ + "ev-serves",
    ]


def test_the_entity_index_says_how_to_serve_the_iris(built_site: Path) -> None:
    index = (built_site / "id" / "index.html").read_text(encoding="utf-8")
    readme = (Path(__file__).resolve().parents[2] / "docs" / "stores.md").read_text(encoding="utf-8")
    rules = readme.split("```apache\n", 1)[1].split("```", 1)[0].strip()
    assert rules in index.replace("&gt;", ">")  # docs/stores.md and the site give the same redirect
    assert "RewriteEngine on" in index
    assert "R=303" in index
    assert "text/turtle" in index
    assert json.loads((built_site / "ontology.jsonld").read_bytes())["@graph"]


def test_the_front_page_links_the_entity_index(built_site: Path) -> None:
    assert 'href="id/index.html"' in (built_site / "index.html").read_text(encoding="utf-8")
