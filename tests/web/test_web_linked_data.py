"""Every IRI answers over HTTP: 303 to the page for people, the description as RDF for machines,
406 for what cannot be given; every RDF answer parses back and describes its entity."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from zhangjiang_kg.site import descriptions
from zhangjiang_kg.site.graph import Graphs
from zhangjiang_kg.vocab import PREFIXES

from rdflib_oracle import view
from site_graphs import rdflib_graph

ZJ = PREFIXES["zj"]
ZJO = PREFIXES["zjo"]
OA = PREFIXES["oa"]
ZONE = URIRef(ZJ + "zhangjiang-zone")
PARSERS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld"}


def parse(body: bytes, media_type: str) -> Graph:
    graph = Graph()
    graph.parse(data=body, format=PARSERS[media_type])
    return graph


@pytest.mark.parametrize("media_type", list(PARSERS))
def test_the_zone_answers_in_each_rdf_syntax_directly(get, media_type: str, shipped_kg) -> None:
    answer = get("/id/zhangjiang-zone", media_type)
    assert answer.status == 200
    assert answer.content_type.split(";")[0] == media_type
    assert "Accept" in answer.headers["vary"].split(", ")
    suffix = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld"}[media_type]
    assert answer.headers["content-location"] == f"/id/zhangjiang-zone.{suffix}"
    graph = parse(answer.body, media_type)
    assert (ZONE, RDF.type, URIRef(ZJO + "InnovationZone")) in graph
    assert (ZONE, RDFS.label, Literal("Zhangjiang National Innovation Demonstration Zone", lang="en")) in graph
    assert (None, URIRef(ZJO + "figureOf"), ZONE) in graph  # relations pointing at it are there too
    assert (URIRef(ZJ + "ev-cluster-goal"), URIRef(OA + "hasBody"), None) in graph  # and the evidence
    quote = view(shipped_kg).data.value(URIRef(ZJ + "ev-cluster-goal-quote"), URIRef(OA + "exact"))
    assert quote is not None
    assert (None, URIRef(OA + "exact"), quote) in graph


def test_the_three_syntaxes_say_the_same_as_the_description(get, shipped_kg) -> None:
    expected = rdflib_graph(descriptions.describe(Graphs(shipped_kg)("data", "background"), ox.NamedNode(ZONE)))
    for media_type in PARSERS:
        assert isomorphic(parse(get("/id/zhangjiang-zone", media_type).body, media_type), expected), media_type


def test_a_client_asking_for_plain_json_gets_the_json_ld(get) -> None:
    answer = get("/id/zhangjiang-zone", "application/json")
    assert answer.status == 200
    assert answer.content_type == "application/json"
    assert answer.body == get("/id/zhangjiang-zone", "application/ld+json").body
    assert get("/id/zhangjiang-zone", "application/json, application/ld+json").content_type == "application/ld+json"


def test_a_browser_is_sent_to_the_page_with_303(get) -> None:
    answer = get("/id/zhangjiang-zone", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert answer.status == 303
    assert answer.headers["location"] == "/id/zhangjiang-zone.html"
    page = get(answer.headers["location"], "text/html")
    assert page.status == 200
    assert page.content_type == "text/html; charset=utf-8"
    assert "<h1>Zhangjiang National Innovation Demonstration Zone" in page.text


def test_what_cannot_be_given_is_406_listing_what_can(get) -> None:
    answer = get("/id/zhangjiang-zone", "application/pdf")
    assert answer.status == 406
    assert "text/turtle" in answer.text
    assert "application/ld+json" in answer.text


@pytest.mark.parametrize(
    ("path", "name"),
    [("/ontology", "ontology"), ("/shapes", "shapes"), ("/graph/data", "data"), ("/graph/ontology", "ontology")],
)
def test_ontology_shapes_and_named_graphs_negotiate_too(get, shipped_kg, path: str, name: str) -> None:
    assert get(path, "text/html").headers["location"] == f"{path}.html"
    assert get(f"{path}.html").status == 200
    graph = parse(get(path, "text/turtle").body, "text/turtle")
    assert isomorphic(graph, view(shipped_kg).graph(name))
    nt = parse(get(path, "application/n-triples").body, "application/n-triples")
    assert len(nt) == len(view(shipped_kg).graph(name))


def test_suffixed_documents_are_the_negotiated_bytes_and_the_sites_files(get, built_site) -> None:
    negotiated = get("/id/zhangjiang-zone", "text/turtle").body
    assert get("/id/zhangjiang-zone.ttl").body == negotiated
    assert (built_site / "id" / "zhangjiang-zone.ttl").read_bytes() == negotiated
    jsonld = get("/id/zhangjiang-zone.jsonld")
    assert jsonld.content_type == "application/ld+json"
    assert (built_site / "id" / "zhangjiang-zone.jsonld").read_bytes() == jsonld.body
    assert get("/ontology.ttl").body == (built_site / "ontology.ttl").read_bytes()


@pytest.mark.slow
def test_every_entity_answers_in_every_syntax_and_parses_back(get, shipped_kg) -> None:
    entities = descriptions.entities(Graphs(shipped_kg)("data"))
    assert len(entities) > 300
    for entity in entities:
        path = "/" + entity.value[len("https://w3id.org/zhangjiang-kg/") :]
        for media_type in PARSERS:
            answer = get(path, media_type)
            assert answer.status == 200, (path, media_type)
            graph = parse(answer.body, media_type)
            assert (URIRef(entity.value), None, None) in graph, (path, media_type)


def test_jsonld_is_a_flat_graph_with_the_projects_prefixes(get) -> None:
    document = json.loads(get("/id/fund-investment-cny", "application/ld+json").body)
    assert document["@context"]["zj"] == ZJ
    ids = [node["@id"] for node in document["@graph"]]
    assert "zj:fund-investment-cny" in ids
    assert ids == sorted(ids)


@pytest.mark.parametrize(
    "path",
    ["/id/no-such-entity", "/id/no-such-entity.ttl", "/nothing-here", "/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd"],
)
def test_unknown_paths_are_404(get, path: str) -> None:
    assert get(path, "text/turtle").status == 404


def test_the_other_representations_are_named_in_a_link_header(get) -> None:
    links = get("/id/zhangjiang-zone", "text/turtle").headers["link"]
    alternates = (("html", "text/html"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"))
    for target, media_type in alternates:
        assert f'</id/zhangjiang-zone.{target}>; rel="alternate"; type="{media_type}"' in links
        assert get(f"/id/zhangjiang-zone.{target}").status == 200


def test_the_server_is_read_only(get) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        answer = get("/id/zhangjiang-zone", method=method)
        assert answer.status == 405, method
        assert set(answer.headers["allow"].split(", ")) == {"GET", "HEAD"}


def test_head_gives_the_headers_without_a_body(get) -> None:
    answer = get("/id/zhangjiang-zone", "text/turtle", method="HEAD")
    assert answer.status == 200
    assert answer.body == b""
    assert int(answer.headers["content-length"]) == len(get("/id/zhangjiang-zone", "text/turtle").body)


def test_the_front_page_and_the_entity_index_are_served(get) -> None:
    front = get("/")
    assert front.status == 200
    assert "Zhangjiang" in front.text
    index = get("/id/")
    assert index.status == 200
    assert 'href="zhangjiang-zone.html"' in index.text
    assert get("/style.css").content_type == "text/css; charset=utf-8"
