"""Ontology quality checks in the spirit of ROBOT ``report``, with its check names and levels.

Only the ontology's own terms are judged (those in ``vann:preferredNamespaceUri`` or the ontology
IRI followed by ``#`` or ``/``): reused terms are declared there only for OWL 2 DL.

>>> sorted(CHECKS)[:3]
['duplicate_label', 'missing_definition', 'missing_label']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import InputError
from ..vocab import DCTERMS, GRAPHS, OWL, RDF, RDFS, SKOS, VANN, XSD, curie
from .triples import TripleView, sort_key

if TYPE_CHECKING:
    from ..store.graph import KnowledgeGraph
    from .triples import Subject, Term


#: Classes of the terms an ontology must label and define.
TERM_TYPES = (
    OWL + "Class",
    RDFS + "Class",
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    RDF + "Property",
)
#: What counts as declaring a term used in the data (a class, a property or a concept).
DECLARING_TYPES = (*TERM_TYPES, OWL + "NamedIndividual", SKOS + "Concept", SKOS + "ConceptScheme")
#: Namespaces whose terms need no declaration.
BUILT_IN = (RDF, RDFS, OWL, XSD)
#: Properties that give a term's definition.
DEFINITION_PROPERTIES = (SKOS + "definition", "http://purl.obolibrary.org/obo/IAO_0000115")
LABEL = RDFS + "label"
#: The header checks: the properties one of which the ontology must have.
HEADER = {
    "missing_ontology_title": (DCTERMS + "title",),
    "missing_ontology_version": (OWL + "versionIRI", OWL + "versionInfo"),
    "missing_ontology_license": (DCTERMS + "license",),
}

ERROR, WARN, INFO = "ERROR", "WARN", "INFO"


@dataclass(frozen=True)
class QualityIssue:
    """One problem: the ROBOT-style check name, its level, the term, property and value.

    ``subject`` is an IRI (``_:label`` for a blank node) and ``property`` an IRI; ``value`` is the
    pyoxigraph term at fault (an undeclared IRI, a second label).
    """

    check: str
    level: str
    subject: str
    message: str
    property: str | None = None
    value: Term | None = None


#: Every check: its name, level and what it asks for.
CHECKS: dict[str, tuple[str, str]] = {
    "missing_ontology_title": (ERROR, "the ontology header has a dcterms:title"),
    "missing_ontology_version": (ERROR, "the ontology header has owl:versionIRI or owl:versionInfo"),
    "missing_ontology_license": (ERROR, "the ontology header has a dcterms:license"),
    "missing_label": (ERROR, "every class and property of the ontology has an rdfs:label"),
    "multiple_labels": (ERROR, "no term has two rdfs:label values in one language"),
    "missing_definition": (WARN, "every class and property of the ontology has a skos:definition"),
    "duplicate_label": (ERROR, "no two terms of the ontology share a label in one language"),
    "undeclared_term": (ERROR, "every class and property the data uses is declared in the ontology"),
}


def check_ontology(kg: KnowledgeGraph, checks: Iterable[str] | None = None) -> list[QualityIssue]:
    """Run the checks of :data:`CHECKS` (all, or those named) on the ontology and the data of ``kg``.

    :raises InputError: a check name is unknown.
    """
    wanted = set(CHECKS if checks is None else checks)
    unknown = wanted - set(CHECKS)
    if unknown:
        raise InputError(f"unknown quality check(s) {', '.join(sorted(unknown))}; valid: {', '.join(CHECKS)}")
    ontology = TripleView(kg.store, ox.NamedNode(GRAPHS["ontology"]))
    data = TripleView(kg.store, ox.NamedNode(GRAPHS["data"]))
    issues: list[QualityIssue] = []
    for run in _RUNNERS:
        issues.extend(i for i in run(ontology, data) if i.check in wanted)
    return sorted(issues, key=lambda i: (i.check, i.subject, "" if i.value is None else i.value.value))


def _name(term: Term) -> str:
    """An IRI as itself, a blank node as ``_:label``."""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _issue(check: str, subject: Term, message: str, prop: str | None = None, value: Term | None = None) -> QualityIssue:
    return QualityIssue(check, CHECKS[check][0], _name(subject), message, prop, value)


def ontology_iris(ontology: TripleView) -> list[Subject]:
    """The ``owl:Ontology`` nodes of a graph."""
    return sorted(ontology.subjects(ox.NamedNode(RDF + "type"), ox.NamedNode(OWL + "Ontology")), key=sort_key)


def own_namespaces(ontology: TripleView) -> list[str]:
    """The namespaces whose terms the ontology defines."""
    found = {o.value for o in ontology.objects(None, ox.NamedNode(VANN + "preferredNamespaceUri"))}
    for iri in ontology_iris(ontology):
        found.update({f"{_name(iri)}#", f"{_name(iri)}/"})
    return sorted(found)


def own_terms(ontology: TripleView) -> list[ox.NamedNode]:
    """Classes and properties declared in the ontology's own namespaces."""
    namespaces = tuple(own_namespaces(ontology))
    terms = set()
    for kind in TERM_TYPES:
        for term in ontology.subjects(ox.NamedNode(RDF + "type"), ox.NamedNode(kind)):
            if isinstance(term, ox.NamedNode) and namespaces and term.value.startswith(namespaces):
                terms.add(term)
    return sorted(terms, key=sort_key)


def _header(ontology: TripleView, _data: TripleView) -> list[QualityIssue]:
    issues = []
    for iri in ontology_iris(ontology):
        for check, properties in HEADER.items():
            if all(ontology.value(iri, ox.NamedNode(p)) is None for p in properties):
                names = " or ".join(curie(p) for p in properties)
                issues.append(_issue(check, iri, f"the ontology has no {names}", properties[0]))
    return issues


def _language(term: Term) -> str:
    return getattr(term, "language", None) or ""


def _labels(ontology: TripleView, _data: TripleView) -> list[QualityIssue]:
    issues = []
    for term in own_terms(ontology):
        labels = sorted(ontology.objects(term, ox.NamedNode(LABEL)), key=sort_key)
        if not labels:
            issues.append(_issue("missing_label", term, "no rdfs:label", LABEL))
        by_language: dict[str, list[Term]] = {}
        for label in labels:
            by_language.setdefault(_language(label), []).append(label)
        for language, values in sorted(by_language.items()):
            if len(values) > 1:
                shown = ", ".join(repr(v.value) for v in values)
                message = f"{len(values)} rdfs:label values in language {language or '(none)'!r}: {shown}"
                issues.append(_issue("multiple_labels", term, message, LABEL, values[1]))
        if not any(ontology.value(term, ox.NamedNode(p)) is not None for p in DEFINITION_PROPERTIES):
            issues.append(_issue("missing_definition", term, "no skos:definition", SKOS + "definition"))
    return issues


def _duplicates(ontology: TripleView, _data: TripleView) -> list[QualityIssue]:
    seen: dict[tuple[str, str], list[ox.NamedNode]] = {}
    for term in own_terms(ontology):
        for label in ontology.objects(term, ox.NamedNode(LABEL)):
            seen.setdefault((label.value.strip().lower(), _language(label)), []).append(term)
    issues = []
    for (text, _language_tag), terms in sorted(seen.items()):
        if len(terms) > 1:
            terms = sorted(set(terms), key=sort_key)
            for term in terms:
                others = ", ".join(f"<{t.value}>" for t in terms if t != term)
                issues.append(_issue("duplicate_label", term, f"label {text!r} is also the label of {others}", LABEL))
    return issues


def _undeclared(ontology: TripleView, data: TripleView) -> list[QualityIssue]:
    """Classes and properties the data uses that no graph declares, each with the first subject
    (in rdflib's order of triples) that uses it: the finding points at that subject's block."""
    rdf_type = ox.NamedNode(RDF + "type")
    kinds = [ox.NamedNode(kind) for kind in DECLARING_TYPES]
    declared = {s for graph in (ontology, data) for kind in kinds for s in graph.subjects(rdf_type, kind)}
    properties = data.predicates()
    classes = {o for o in data.objects(None, rdf_type) if isinstance(o, ox.NamedNode)}
    issues = []
    for term in sorted(properties | classes, key=sort_key):
        if term.value.startswith(BUILT_IN) or term in declared:
            continue
        # Whichever triple comes first: ``s term ?o`` (a property) or ``s rdf:type term`` (a class).
        uses = []
        if term in properties:
            first = min(sort_key(s) for s, _p, _o in data.triples(None, term))
            uses.append((first, term.value, "property"))
        if term in classes:
            uses.append((min(sort_key(s) for s in data.subjects(rdf_type, term)), rdf_type.value, "class"))
        (rank, name), _predicate, kind = min(uses)
        subject = ox.BlankNode(name) if rank == 0 else ox.NamedNode(name)
        message = f"the {kind} <{term.value}> is used but not declared in the ontology"
        issues.append(_issue("undeclared_term", subject, message, RDF + "type" if kind == "class" else None, term))
    return issues


_RUNNERS: list[Callable[[TripleView, TripleView], list[QualityIssue]]] = [_header, _labels, _duplicates, _undeclared]
