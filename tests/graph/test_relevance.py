"""Every statement's evidence says what the statement states (docs/model.md, "Statements and their evidence").

The offsets tests prove a quotation is the article's; this proves it is the right one. A quotation
*relates* to its statement when it holds a content word of what the statement asserts:

- a literal object (a name, a figure, a year, a purpose): a word of the literal, or its number as
  the article writes it ("620 million", "1,000", "three", "two years"), or a word of the predicate;
- a relation or a type: a word of a name of the subject or of the object (``rdfs:label``,
  ``skos:altLabel``, ``schema:name``...; a figure is named by its number and currency too), or of
  the predicate's label (for ``rdf:type``, the class's label).

Content words are letters and digits less a short list of grammatical words, compared without case
and with plural and verb endings taken off; an acronym in capitals ("IT") counts. A statement whose
words the article gives only elsewhere than a quotable span is on the reviewed list instead: its
row's ``note`` (``skos:editorialNote`` on the statement) gives the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from rdflib_oracle import quotations, view

OA = "http://www.w3.org/ns/oa#"
SCHEMA = "https://schema.org/"
ZJO = "https://w3id.org/zhangjiang-kg/ontology#"
ZJ = "https://w3id.org/zhangjiang-kg/id/"
NAMES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, URIRef(SCHEMA + "name"), URIRef(SCHEMA + "alternateName"))
STOP = {"a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "in", "into", "is",
        "it", "its", "of", "on", "or", "our", "over", "per", "since", "than", "that", "the", "their", "them", "they",
        "this", "to", "will", "with"}  # fmt: skip
SCALES = ((10**9, "billion"), (10**6, "million"), (10**3, "thousand"))
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
CURRENCY_WORDS = {"CNY": {"yuan"}, "USD": {"$"}}
#: Words the project's labels add to say what kind of thing a node is ("biopharma industry"): they
#: do not tell one node from another, so "IT industries" does not name the biopharma sector.
GENERIC = {"industry", "sector"}


def stem(word: str) -> str:
    """A word without its plural or verb ending, so "industries" meets "industry" and "launched" "launch"."""
    for ending, replacement in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ed", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + replacement
    return word


def words(text: str) -> set[str]:
    """The content words of a text."""
    found = set()
    for word in re.findall(r"[A-Za-z]+|[0-9]+(?:\.[0-9]+)?|\$", re.sub(r"(?<=[0-9]),(?=[0-9])", "", text)):
        if word.lower() in STOP and not (word.isupper() and len(word) > 1):
            continue
        found.add(stem(word.lower()))
    return found - GENERIC


def number_words(value: float) -> set[str]:
    """How the article may write a number: digits, digits of millions or billions, a word for a small one."""
    found = {f"{value:g}" if value != int(value) else str(int(value))}
    for scale, name in SCALES:
        if value >= scale:
            found |= {f"{value / scale:g}", name}
    if value == int(value) and int(value) in NUMBER_WORDS:
        found.add(NUMBER_WORDS[int(value)])
    return found


def literal_words(value: Literal) -> set[str]:
    """The content of a literal: its words, its number, a duration's count and unit, a currency's name."""
    text = str(value)
    python = value.toPython()
    if isinstance(python, (int, float)) or (value.datatype and str(value.datatype).endswith("#decimal")):
        return number_words(float(text))
    duration = re.fullmatch(r"P(\d+)Y", text)
    if duration:
        return number_words(float(duration.group(1))) | {"year"}
    return words(text) | CURRENCY_WORDS.get(text, set())


def name_words(graph: Graph, node: URIRef | Literal) -> set[str]:
    """The content words of a node's names; a figure is named by its number and currency as well."""
    if isinstance(node, Literal):
        return literal_words(node)
    found: set[str] = set()
    for predicate in NAMES:
        for name in graph.objects(node, predicate):
            found |= words(str(name))
    for predicate in ("value", "minValue"):
        for value in graph.objects(node, URIRef(SCHEMA + predicate)):
            found |= number_words(float(value))
    for currency in graph.objects(node, URIRef(SCHEMA + "currency")):
        found |= CURRENCY_WORDS.get(str(currency), set())
    return found


def content_words(graph: Graph, subject: URIRef, predicate: URIRef, obj: URIRef | Literal) -> set[str]:
    """The words that carry what a statement asserts (the rule of the module's docstring)."""
    label = set().union(*(words(str(x)) for x in graph.objects(predicate, RDFS.label)))
    if isinstance(obj, Literal):
        return literal_words(obj) | label
    return name_words(graph, subject) | name_words(graph, obj) | label


def unrelated(graph: Graph, data: Graph, statements: Iterable[URIRef]) -> list[tuple[str, list[str]]]:
    """The statements none of whose quotations relates to them, and are not on the reviewed list."""
    found = []
    for statement in statements:
        if data.value(statement, SKOS.editorialNote) is not None:
            continue
        triple = (data.value(statement, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        content = content_words(graph, *triple)  # type: ignore[arg-type]
        quotes = quotations(data, statement)
        if not any(content & words(q) for q in quotes):
            found.append((str(statement).removeprefix(ZJ), quotes))
    return sorted(found)


@pytest.fixture(scope="module")
def graph(shipped_kg) -> Graph:  # type: ignore[no-untyped-def]
    return view(shipped_kg).merged("data", "ontology")


def test_every_statements_evidence_relates_to_it(shipped_kg, graph: Graph) -> None:
    data = view(shipped_kg).data
    statements = sorted(data.subjects(RDF.type, RDF.Statement))
    assert len(statements) > 300
    bad = unrelated(graph, data, statements)
    assert bad == [], f"{len(bad)} statements whose quotations do not say what they state: {bad[:8]}"


def test_the_reviewed_list_gives_a_reason_per_entry(shipped_kg) -> None:
    data = view(shipped_kg).data
    notes = {s: data.value(s, SKOS.editorialNote) for s in data.subjects(RDF.type, RDF.Statement)}
    reviewed = {s: n for s, n in notes.items() if n is not None}
    assert all(len(str(n).split()) >= 5 for n in reviewed.values()), "a reason is a sentence, not a tag"
    assert len(reviewed) <= 20, "the reviewed list is for exceptions; quote the words instead"


DATA = """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix zj: <https://w3id.org/zhangjiang-kg/id/> .
@prefix zjo: <https://w3id.org/zhangjiang-kg/ontology#> .
zj:china rdfs:label "China"@en . zj:zone rdfs:label "Zhangjiang zone"@en .
zj:sector-biopharma rdfs:label "biopharma"@en . zj:sector-it rdfs:label "information technology"@en ;
    skos:altLabel "IT"@en .
zj:year-2011 rdfs:label "2011"@en . zjo:sector rdfs:label "in sector"@en . zjo:targets rdfs:label "targets"@en .
zj:leukemia rdfs:label "leukemia"@en . zj:plan rdfs:label "stem cell therapies"@en .
zj:fund-cny schema:value 620000000.0 ; schema:currency "CNY" .
zj:st-country rdf:subject zj:china ; rdf:predicate rdf:type ; rdf:object schema:Country .
zj:st-name rdf:subject zj:china ; rdf:predicate schema:name ; rdf:object "China"@en .
zj:st-sector rdf:subject zj:zone ; rdf:predicate zjo:sector ; rdf:object zj:sector-biopharma .
zj:st-sector-it rdf:subject zj:zone ; rdf:predicate zjo:sector ; rdf:object zj:sector-it .
zj:st-year rdf:subject zj:year-2011 ; rdf:predicate <http://www.w3.org/2006/time#inXSDgYear> ; rdf:object "2011" .
zj:st-targets rdf:subject zj:plan ; rdf:predicate zjo:targets ; rdf:object zj:leukemia .
zj:st-currency rdf:subject zj:fund-cny ; rdf:predicate schema:currency ; rdf:object "CNY" .
zj:st-value rdf:subject zj:fund-cny ; rdf:predicate schema:value ; rdf:object 620000000.0 .
"""


def _evidence(pairs: dict[str, list[str]], notes: Iterable[str] = ()) -> Graph:
    graph = Graph()
    graph.parse(data=DATA, format="turtle")
    for name, quotes in pairs.items():
        for index, quote in enumerate(quotes):
            annotation, selector = URIRef(f"{ZJ}ev-{name}-{index}"), URIRef(f"{ZJ}ev-{name}-{index}-quote")
            graph.add((annotation, URIRef(OA + "hasBody"), URIRef(ZJ + name)))
            graph.add((annotation, URIRef(OA + "hasTarget"), selector))
            graph.add((selector, URIRef(OA + "hasSelector"), selector))
            graph.add((selector, URIRef(OA + "exact"), Literal(quote)))
    for name in notes:
        graph.add((URIRef(ZJ + name), SKOS.editorialNote, Literal("The article gives it in the caption.")))
    return graph


@pytest.mark.parametrize(
    ("statement", "quotes"),
    [
        ("st-country", ["12th Five-Year Plan"]),  # China backed by words that do not name it
        ("st-name", ["12th Five-Year Plan"]),
        ("st-sector", ["IT industries"]),  # the biopharma sector backed by the IT industries
        ("st-year", ["12th Five-Year Plan"]),  # a year backed by a phrase without one
        ("st-targets", ["will also apply"]),  # the mood without the content
        ("st-value", ["more than 1 billion"]),
    ],
)
def test_the_rule_refuses_words_that_do_not_say_it(statement: str, quotes: list[str]) -> None:
    graph = _evidence({statement: quotes})
    assert unrelated(graph, graph, [URIRef(ZJ + statement)]) == [(statement, quotes)]


@pytest.mark.parametrize(
    ("statement", "quotes"),
    [
        ("st-country", ["China's 12th"]),
        ("st-sector", ["biopharma and IT"]),
        ("st-sector-it", ["IT industries"]),
        ("st-year", ["2011-15"]),
        ("st-targets", ["will also apply", "leukemia"]),  # mood and content, two quotations
        ("st-value", ["620 million yuan"]),
        ("st-currency", ["620 million yuan"]),
    ],
)
def test_the_rule_accepts_the_words_that_say_it(statement: str, quotes: list[str]) -> None:
    graph = _evidence({statement: quotes})
    assert unrelated(graph, graph, [URIRef(ZJ + statement)]) == []


def test_a_reviewed_statement_is_accepted_with_its_reason() -> None:
    graph = _evidence({"st-country": ["Photos provided"]}, notes=["st-country"])
    assert unrelated(graph, graph, [URIRef(ZJ + "st-country")]) == []


#: Things the article names, and the words of its own name a label or skos:altLabel must carry, so
#: that a search for the article's term finds them.
ARTICLE_NAMES = {
    "system-clinical-information-and-samples": "clinical information and sample collecting",
    "system-multiomics": "multiomics",
    "system-large-medical-data": "large medical data",
    "medical-genome-platform": "medical genome big data public service platform",
    "big-data-service-platform": "big data service platform",
    "stem-cell-platform": "technology-sharing",
    "national-stem-cell-bank": "national stem cell bank",
    "medical-robot-incubator": "incubator platform",
    "zhangjiang-special-fund": "specialized fund",
    "biopharma-industry-fund": "biopharma industry fund",
    "sector-medical-robots": "medical robot",
    "sector-biopharma": "biopharmaceutical",
}
#: Words a label of a claim still to come must hold, by status.
OUTLOOK_WORDS = {"Planned": ("planned", "to be set up"), "Expected": ("expected",), "Estimated": ("estimated",)}


def labels(graph: Graph, node: URIRef) -> list[str]:
    return [str(x) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) for x in graph.objects(node, p)]


@pytest.mark.parametrize(("node", "name"), sorted(ARTICLE_NAMES.items()))
def test_things_carry_the_articles_own_name(shipped_kg, node: str, name: str) -> None:
    found = labels(view(shipped_kg).data, URIRef(ZJ + node))
    assert any(name.lower() in label.lower() for label in found), f"{node}: no label holds {name!r}: {found}"
    assert all(len(label) <= 60 for label in found)


def test_labels_of_claims_still_to_come_say_so(shipped_kg) -> None:
    data = view(shipped_kg).data
    silent = []
    for status, markers in OUTLOOK_WORDS.items():
        for node in data.subjects(URIRef(ZJO + "status"), URIRef(ZJO + status)):
            label = str(data.value(node, RDFS.label)).lower()
            if not any(marker in label for marker in markers):
                silent.append((str(node).removeprefix(ZJ), status, label))
    assert silent == []


def test_no_label_states_the_presupposed_lead_as_fact(shipped_kg) -> None:
    label = str(view(shipped_kg).data.value(URIRef(ZJ + "assessment-shanghai-leading-position"), RDFS.label))
    assert "already" not in label
    assert "presupposes" in label
