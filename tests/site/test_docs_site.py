"""The documentation site: what each kind of page shows, relative links only, deterministic bytes
and the `zjkg docs` command (build time is a benchmark figure, never a test)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import zhangjiang_kg
from click.testing import CliRunner
from markupsafe import escape
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.queries import catalogue as saved_queries
from zhangjiang_kg.site import ontology as ontology_page
from zhangjiang_kg.site import shapes as shapes_page
from zhangjiang_kg.site.build import build_site
from zhangjiang_kg.site.graph import Graphs
from zhangjiang_kg.site.html import Site
from zhangjiang_kg.vocab import PREFIXES

from rdflib_oracle import run as rdflib_run
from rdflib_oracle import view
from site_graphs import triples

#: Slow: builds the whole site (pyLODE, every saved query, a page per entity) several times.
pytestmark = pytest.mark.slow

ZJ = PREFIXES["zj"]
OA = PREFIXES["oa"]


@pytest.fixture(scope="module")
def kg() -> Graphs:
    return Graphs(zhangjiang_kg.load())


@pytest.fixture(scope="module")
def site(kg: Graphs, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("docs") / "site"
    report = build_site(kg, output)
    assert report.warnings == []
    return output


def read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def test_front_page_links_every_section_and_shows_the_diagrams(site: Path) -> None:
    index = read(site, "index.html")
    for target in (
        "ontology.html",
        "classes/index.html",
        "queries/index.html",
        "shapes.html",
        "img/ontology.svg",
        "img/data.svg",
    ):
        assert f'href="{target}"' in index
    assert (site / "style.css").is_file()
    assert (site / "img" / "data.svg").is_file()


def test_ontology_page_is_pylodes_with_the_ontology_as_title(site: Path) -> None:
    text = read(site, "ontology.html")
    assert "pyLODE" in text
    assert "<h1>Zhangjiang knowledge graph ontology</h1>" in text  # not the title of a SKOS scheme
    assert '<a style="color:#fff" href="index.html">' in text
    assert 'id="Platform"' in text


def test_one_page_per_class_with_instances_facts_and_evidence(site: Path, kg: Graphs) -> None:
    own = {
        c.value
        for c in kg("ontology").pointing(ox.NamedNode(PREFIXES["owl"] + "Class"), PREFIXES["rdf"] + "type")
        if c.value.startswith(PREFIXES["zjo"])
    }
    for iri in own:
        assert (site / "classes" / f"zjo-{iri.rsplit('#', 1)[1]}.html").is_file(), iri
    money = read(site, "classes/zjo-MonetaryFigure.html")
    card = money[money.index('id="fund-investment-cny"') :]
    card = card[: card.index("</section>")]
    assert "620,000,000 CNY" in card
    assert 'class="badge status-achieved">achieved<' in card
    exact = kg("data").value(ox.NamedNode(ZJ + "ev-fund-investment-quote"), OA + "exact")
    assert exact is not None
    assert f"“{escape(exact.value)}”" in card
    assert 'href="../classes/zjo-Fund.html#zhangjiang-special-fund"' in card  # figureOf links to the fund's card
    fund = read(site, "classes/zjo-Fund.html")
    assert "more than 1,000,000,000 CNY" in fund  # the fund lists its figures in words
    assert 'class="badge status-planned">planned<' in fund  # the biopharma industry fund
    assert "No node in the graph" not in fund


def test_query_catalogue_shows_summary_sparql_and_current_results(site: Path, kg: Graphs) -> None:
    catalogue = saved_queries.catalogue()
    assert catalogue, "the repository has saved queries"
    index = read(site, "queries/index.html")
    merged = view(kg.kg).merged()
    for query in catalogue:
        page = read(site, f"queries/{query.name}.html")
        assert f'href="{query.name}.html"' in index
        assert escape(query.text.strip().splitlines()[-1]) in page  # the SPARQL is shown
        if query.summary:
            assert escape(query.summary) in page
        if not any(p.default is None and not p.optional for p in query.parameters):
            result = rdflib_run(merged, query)
            if result.boolean is None:
                body = page[page.index("<h2>Results</h2>") : page.index("<h2>SPARQL</h2>")]
                assert body.count("<tr>") == (len(result.rows) + 1 if result.rows else 0), query.name


def test_shapes_page_lists_every_shape(site: Path, kg: Graphs) -> None:
    text = read(site, "shapes.html")
    nodes = shapes_page.shape_nodes(kg("shapes"))
    assert nodes, "the repository has shapes"
    for node in nodes:
        assert f'id="zjsh-{node.value.rsplit("#", 1)[1]}"' in text


SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix zjo: <https://w3id.org/zhangjiang-kg/ontology#> .
@prefix zjsh: <https://w3id.org/zhangjiang-kg/shapes#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
zjsh:FigureShape a sh:NodeShape ; sh:targetClass zjo:Figure ; sh:message "A figure needs a number." ;
    sh:property zjsh:FigureShape-status , zjsh:FigureShape-evidence , zjsh:FigureShape-number .
zjsh:FigureShape-status sh:path zjo:status ; sh:minCount 1 ; sh:maxCount 1 ;
    sh:in ( zjo:Achieved zjo:Planned ) ; sh:message "Exactly one status." .
zjsh:FigureShape-evidence sh:path [ sh:inversePath oa:hasBody ] ; sh:minCount 1 ; sh:severity sh:Warning .
zjsh:FigureShape-number sh:path zjo:value ; sh:or ( zjsh:Integer zjsh:Decimal ) .
zjsh:Integer a sh:NodeShape ; sh:datatype xsd:integer .
zjsh:Decimal a sh:NodeShape ; sh:datatype xsd:decimal ; sh:minInclusive 0 .
"""


def test_shape_constraints_are_put_in_words(kg: Graphs) -> None:
    shapes = triples(SHAPES)
    site = Site(graph=kg("data", "background", "ontology"), prefixes=dict(PREFIXES))
    html = shapes_page.render(site, shapes)
    text = re.sub(r"<[^>]+>", "", html)
    assert "Targets: every instance of figure" in text
    assert "at least 1 value(s)" in text
    assert "at most 1 value(s)" in text
    assert "each value is one of achieved, planned" in text
    assert "^oa:hasBody" in text
    assert "warning" in text
    assert "conforms to at least one of: zjsh:Integer, zjsh:Decimal" in text
    assert "each value is a literal of datatype xsd:integer" in text
    assert "each value is ≥ 0" in text
    assert "Message: " not in text  # the label comes from CSS, the text is the message itself
    assert "Exactly one status." in text
    assert "A figure needs a number." in text
    assert 'href="#zjsh-Integer"' in html


def test_links_are_relative_and_output_is_deterministic(site: Path, kg: Graphs, tmp_path: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for link in re.findall(r'(?:href|src)="([^"]*)"', text):
            assert not link.startswith(("/", "file:")), f"{page.name}: {link}"
        assert str(site) not in text
        assert str(Path.home()) + "/" not in text
    again = tmp_path / "again"
    build_site(kg, again)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_a_failing_query_is_shown_and_reported(kg: Graphs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(graph: object, query: saved_queries.SavedQuery, *args: object, **kwargs: object) -> None:
        raise zhangjiang_kg.QueryError(f"query {query.name!r} failed: out of memory")

    monkeypatch.setattr(zhangjiang_kg.KnowledgeGraph, "run_query", fail)
    broken = saved_queries.from_text("#+ summary: fails\nSELECT ?x WHERE { ?x ?p ?o }", name="broken")
    needs = saved_queries.from_text("SELECT ?x WHERE { ?x ?p ?_status_iri }", name="needs-status")
    report = build_site(kg, tmp_path / "site", queries=[broken, needs], diagrams=False)
    assert report.warnings == ["query broken: query 'broken' failed: out of memory"]
    assert "The query failed: query &#39;broken&#39; failed: out of memory" in (
        tmp_path / "site" / "queries" / "broken.html"
    ).read_text(encoding="utf-8")
    assert "needs status (iri)" in (tmp_path / "site" / "queries" / "index.html").read_text(encoding="utf-8")


def test_fallback_ontology_page_without_pylode(kg: Graphs, tmp_path: Path) -> None:
    report = build_site(kg, tmp_path / "site", use_pylode=False, diagrams=False)
    assert report.ontology_generator == "fallback"
    text = (tmp_path / "site" / "ontology.html").read_text(encoding="utf-8")
    assert 'id="zjo-Platform"' in text
    assert "pyLODE is not installed" in text
    assert 'href="../ontology.html#zjo-Project"' in (tmp_path / "site" / "classes" / "zjo-Project.html").read_text(
        encoding="utf-8"
    )


def test_builder_refuses_a_folder_it_did_not_write(kg: Graphs, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(zhangjiang_kg.InputError, match="not written by `zjkg docs`"):
        build_site(kg, tmp_path, diagrams=False)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_docs_command_builds_and_replaces_an_earlier_build(tmp_path: Path) -> None:
    output = tmp_path / "public"
    runner = CliRunner()
    first = runner.invoke(cli, ["docs", "--output", str(output), "--no-diagrams"], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert f"open {output / 'index.html'}" in first.output
    (output / "classes" / "stale.html").write_text("old", encoding="utf-8")
    second = runner.invoke(cli, ["docs", "--output", str(output), "--no-diagrams"], catch_exceptions=False)
    assert second.exit_code == 0
    assert not (output / "classes" / "stale.html").exists()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "keep.txt").write_text("x", encoding="utf-8")
    refused = runner.invoke(cli, ["docs", "--output", str(tmp_path / "elsewhere")])
    assert refused.exit_code == 2
    assert "not written by `zjkg docs`" in refused.output


def test_pylode_failure_is_a_zjkg_error(kg: Graphs, monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise ValueError("no ontology")

    monkeypatch.setattr(ontology_page, "_import_pylode", lambda: Broken)
    with pytest.raises(ontology_page.OntologyDocsError, match="pyLODE failed: ValueError: no ontology"):
        ontology_page.render_pylode(Site(graph=kg("ontology"), prefixes=dict(PREFIXES)), kg("ontology"))


def test_site_builds_for_an_ontology_without_version_info(mini: Path, tmp_path: Path) -> None:
    """The mini ontology has no owl:versionInfo: the site still builds, and says no version."""
    from zhangjiang_kg.queries.catalogue import catalogue

    kg = zhangjiang_kg.load(
        [mini / "data"],
        ontology=[mini / "ontology" / "mini.ttl"],
        shapes=[mini / "ontology" / "shapes.ttl"],
    )
    site = tmp_path / "site"
    report = build_site(kg, site, queries=catalogue(mini / "queries"), diagrams=False, use_pylode=False)
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<h1>" in index
    assert report.pages, "the build should report the pages it wrote"


def test_the_site_quotes_no_span_longer_than_the_limit(site: Path, article_text: str) -> None:
    """The generated site is a copy of the graph's words: no verbatim span is longer than the limit.

    How much of the body it covers, together with every other artifact, is measured against what
    the rights statements say in tests/graph/test_quotation.py.
    """
    from quotation import MAX_SPAN, measure

    figures = measure(article_text, [p for p in site.rglob("*") if p.is_file()])
    assert figures.longest <= MAX_SPAN, figures
