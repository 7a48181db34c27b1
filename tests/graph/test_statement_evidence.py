"""Every triple of the data is either evidenced by the article, statement by statement, or is
background knowledge with a source of its own (docs/model.md, "Statements and their evidence").

A triple about the world is described by an ``rdf:Statement`` (same subject, predicate, object)
that is the ``oa:hasBody`` of at least one evidence annotation, whose quote and offsets say which
words support it. Background triples live in their own named graph, each described by a statement
that names its source (a Wikidata item or ``zj:editorial-decision``), never ``zj:article``. What is
left is the project's own description: labels and notes, provenance, the evidence and statement
nodes themselves, the dataset record and the concept schemes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS

from rdflib_oracle import run, view

OA = "http://www.w3.org/ns/oa#"
SCHEMA = "https://schema.org/"
ZJ = "https://w3id.org/zhangjiang-kg/id/"
ARTICLE = URIRef(ZJ + "article")

#: Predicates whose triples are the project's own words about a node, not the article's claims.
EDITORIAL_PREDICATES = {
    RDFS.label,
    SKOS.prefLabel,
    SKOS.altLabel,
    URIRef(SCHEMA + "description"),
    SKOS.editorialNote,
    SKOS.scopeNote,
    SKOS.definition,
    PROV.wasDerivedFrom,
    SKOS.inScheme,
    SKOS.topConceptOf,
    SKOS.hasTopConcept,
    DCTERMS.rights,
    URIRef(SCHEMA + "encoding"),
    URIRef(SCHEMA + "inLanguage"),
}
#: Nodes of these types describe the evidence, the statements, the dataset and its schemes.
DESCRIPTIVE_TYPES = {
    URIRef(OA + "Annotation"),
    URIRef(OA + "SpecificResource"),
    URIRef(OA + "TextQuoteSelector"),
    URIRef(OA + "TextPositionSelector"),
    RDF.Statement,
    URIRef("http://www.w3.org/ns/dcat#Dataset"),
    URIRef(SCHEMA + "MediaObject"),
    SKOS.ConceptScheme,
    PROV.Plan,
}


def statements(graph: Graph) -> dict[tuple, list[URIRef]]:
    found: dict[tuple, list[URIRef]] = {}
    for node in graph.subjects(RDF.type, RDF.Statement):
        triple = (graph.value(node, RDF.subject), graph.value(node, RDF.predicate), graph.value(node, RDF.object))
        found.setdefault(triple, []).append(node)
    return found


def claims(data: Graph) -> Iterator[tuple]:
    """The triples of the data graph that say something about the world."""
    descriptive = {s for t in DESCRIPTIVE_TYPES for s in data.subjects(RDF.type, t)}
    for triple in data:
        if triple[0] in descriptive or triple[1] in EDITORIAL_PREDICATES:
            continue
        yield triple


def test_every_data_triple_is_evidenced_statement_by_statement(shipped_kg) -> None:
    data = view(shipped_kg).data
    reified = statements(data)
    uncovered, unevidenced = [], []
    checked = 0
    for triple in claims(data):
        checked += 1
        nodes = reified.get(triple)
        if not nodes:
            uncovered.append(triple)
            continue
        for node in nodes:
            annotations = list(data.subjects(URIRef(OA + "hasBody"), node))
            quotes = [
                data.value(selector, URIRef(OA + "exact"))
                for annotation in annotations
                for target in data.objects(annotation, URIRef(OA + "hasTarget"))
                for selector in data.objects(target, URIRef(OA + "hasSelector"))
            ]
            if not any(q is not None for q in quotes):
                unevidenced.append(node)
    assert checked > 300
    assert uncovered == [], f"{len(uncovered)} triples without a statement, e.g. {uncovered[:3]}"
    assert unevidenced == [], f"statements with no quoted evidence: {unevidenced[:5]}"


def test_every_statement_describes_a_triple_of_the_graph(shipped_kg) -> None:
    """No dangling statement: a removed or changed triple takes its statement with it."""
    merged = view(shipped_kg).merged("data", "background")
    dangling = [nodes for triple, nodes in statements(merged).items() if triple not in merged]
    assert dangling == []


def test_background_triples_have_their_own_sources_never_the_article(shipped_kg) -> None:
    background = view(shipped_kg).graph("background")
    reified = statements(background)
    assert len(reified) >= 10
    for triple in background:
        if triple[0] in set(background.subjects(RDF.type, RDF.Statement)) or triple[0] in set(
            background.subjects(RDF.type, PROV.Plan)
        ):
            continue
        nodes = reified.get(triple)
        assert nodes, f"background triple without a statement: {triple}"
        for node in nodes:
            sources = set(background.objects(node, PROV.wasDerivedFrom))
            assert sources, node
            assert ARTICLE not in sources, node
            if URIRef(ZJ + "editorial-decision") in sources:
                assert background.value(node, SKOS.editorialNote) is not None, (
                    f"{node}: an editorial decision needs its reason"
                )
    # and the background is not stated again in the data
    assert not set(background) & set(view(shipped_kg).data) - set(background.triples((None, RDF.type, None)))


@pytest.mark.parametrize(
    "triple",
    [
        (ZJ + "shanghai", SCHEMA + "containedInPlace", ZJ + "china"),
        (ZJ + "sector-stem-cells", str(SKOS.broader), ZJ + "sector-regenerative-medicine"),
        (ZJ + "target-leukemia", str(SKOS.exactMatch), "http://www.wikidata.org/entity/Q29496"),
    ],
)
def test_world_knowledge_is_background_not_the_articles(shipped_kg, triple) -> None:
    s, p, o = (URIRef(x) for x in triple)
    assert (s, p, o) not in view(shipped_kg).data
    assert (s, p, o) in view(shipped_kg).graph("background")


def test_triple_evidence_returns_words_for_a_relation(shipped_kg) -> None:
    result = run(
        shipped_kg,
        "triple-evidence",
        {"subject": "zj:medical-genome-platform", "predicate": "dcterms:hasPart", "object": "zj:system-multiomics"},
    )
    rows = result.rows
    assert rows
    assert {r["kind"].value for r in rows} == {"article"}
    assert "multiomics" in {r["exact"].value for r in rows}
    assert all(int(r["end"].value) > int(r["start"].value) for r in rows)


def test_triple_evidence_returns_the_background_source(shipped_kg) -> None:
    result = run(
        shipped_kg,
        "triple-evidence",
        {"subject": "zj:shanghai", "predicate": "schema:containedInPlace", "object": "zj:china"},
    )
    rows = result.rows
    assert [(r["kind"].value, r["source"].value) for r in rows] == [
        ("background", "http://www.wikidata.org/entity/Q8686")
    ]


def test_triple_evidence_takes_a_literal_object_and_keeps_the_attribution(shipped_kg) -> None:
    purpose = view(shipped_kg).data.value(
        URIRef(ZJ + "disease-big-data-centre"), URIRef("https://w3id.org/zhangjiang-kg/ontology#purpose")
    )
    assert isinstance(purpose, Literal)
    result = run(
        shipped_kg,
        "triple-evidence",
        {"subject": "zj:disease-big-data-centre", "predicate": "zjo:purpose", "objectText": str(purpose)},
    )
    rows = result.rows
    assert rows
    assert {r["attributedTo"].value for r in rows} == {ZJ + "industry-insiders"}


def test_removed_over_reach_stays_removed(shipped_kg) -> None:
    data = view(shipped_kg).merged("data", "background")
    zjo = "https://w3id.org/zhangjiang-kg/ontology#"
    zone = URIRef(ZJ + "zhangjiang-zone")
    assert set(data.objects(zone, URIRef(zjo + "sector"))) == {
        URIRef(ZJ + "sector-biopharma"),
        URIRef(ZJ + "sector-information-technology"),
    }
    assert (URIRef(ZJ + "sector-big-data"), None, None) not in data
    assert (URIRef(ZJ + "zhangjiang-special-fund"), URIRef(zjo + "managedBy"), None) not in data
    assert (URIRef(ZJ + "photo-micro-invasive-instrument"), None, None) not in data
    assessments = set(data.subjects(RDF.type, URIRef(zjo + "Assessment")))
    assert assessments
    assert all((a, URIRef(zjo + "status"), URIRef(zjo + "Achieved")) not in data for a in assessments)
