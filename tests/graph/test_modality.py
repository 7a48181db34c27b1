"""Every statement of the article carries the mood of its own words (docs/model.md, "Statements and their evidence").

A node's status says how the article presents the thing; a statement's ``zjo:modality`` says how it
presents that one triple, and the two may differ: the genome platform is achieved, but that it can
serve hospitals is a capability. The modality is judged on the statement's quotations: words that
carry a mood ("will", "is expected to", "can be used to"...) fix it.
"""

from __future__ import annotations

import re

from rdflib import RDF, Graph, URIRef

from rdflib_oracle import quotations, view

OA = "http://www.w3.org/ns/oa#"
ZJO = "https://w3id.org/zhangjiang-kg/ontology#"
ZJ = "https://w3id.org/zhangjiang-kg/id/"
MODALITY = URIRef(ZJO + "modality")
#: Words of the article that carry a mood, and the modality they give the statement they prove.
CUES = {
    r"\bwill\b": "Planned",
    r"\bis expected to\b": "Expected",
    r"\bis estimated to\b": "Estimated",
    r"\bcan\b|\ballow(s|ing)?\b": "Capability",
    r"\bis (being|building)\b|\btaking steps\b": "InProgress",
    r"\b(has|have) (been |thus far )?\w+(ed|led)\b": "Achieved",
}


def contradictions(data: Graph) -> list[tuple[str, str, str]]:
    """Statements whose modality is not the mood their own quoted words give."""
    found = []
    for statement in sorted(data.subjects(RDF.type, RDF.Statement)):
        if not quotations(data, statement):
            continue  # background knowledge: no words of the article, no mood
        modality = str(data.value(statement, MODALITY)).removeprefix(ZJO)
        for quote in quotations(data, statement):
            for cue, mood in CUES.items():
                if re.search(cue, quote, re.IGNORECASE) and modality != mood:
                    found.append((str(statement).removeprefix(ZJ), quote, modality))
    return found


def test_every_statement_of_the_article_has_a_modality(shipped_kg) -> None:
    data = view(shipped_kg).data
    evidenced = {b for b in data.objects(None, URIRef(OA + "hasBody")) if (b, RDF.type, RDF.Statement) in data}
    assert len(evidenced) > 300
    assert sorted(str(s) for s in evidenced if data.value(s, MODALITY) is None) == []


def test_no_modality_contradicts_the_words_that_state_it(shipped_kg) -> None:
    assert contradictions(view(shipped_kg).data) == []


def test_the_statement_wins_over_its_node(shipped_kg) -> None:
    """Where the words of a relation give another mood than its subject's status, the statement keeps it."""
    data = view(shipped_kg).data

    def modality(name: str) -> str:
        return str(data.value(URIRef(ZJ + name), MODALITY)).removeprefix(ZJO)

    platform = URIRef(ZJ + "medical-genome-platform")
    assert str(data.value(platform, URIRef(ZJO + "status"))).endswith("#Achieved")
    assert modality("st-medical-genome-platform--zjo-serves--hospitals") == "Capability"
    companies = "st-zhangjiang-biopharma-companies--zjo-commercializes-research-of--local-hospitals"
    assert modality(companies) == "Capability"
    assert modality("st-zhangjiang-zone--zjo-aim--goal-world-leading-biopharma-cluster") == "InProgress"
    assert modality("st-stem-cell-platform--dcterms-has-part--national-stem-cell-bank") == "Achieved"


def test_a_copied_mood_that_the_words_contradict_is_found() -> None:
    graph = Graph()
    graph.parse(
        format="turtle",
        data="""
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix oa: <http://www.w3.org/ns/oa#> .
        @prefix zj: <https://w3id.org/zhangjiang-kg/id/> .
        @prefix zjo: <https://w3id.org/zhangjiang-kg/ontology#> .
        zj:st-copied a rdf:Statement ; zjo:modality zjo:Achieved .
        zj:st-judged a rdf:Statement ; zjo:modality zjo:Capability .
        zj:ev-allow oa:hasBody zj:st-copied , zj:st-judged ; oa:hasTarget zj:ev-allow-target .
        zj:ev-allow-target oa:hasSelector zj:ev-allow-quote .
        zj:ev-allow-quote oa:exact "allowing them to" .
        """,
    )
    assert contradictions(graph) == [("st-copied", "allowing them to", "Achieved")]
