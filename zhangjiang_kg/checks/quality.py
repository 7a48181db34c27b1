"""Ontology quality checks in the spirit of ROBOT ``report``: labels, definitions, header, declarations.

Each check has a ROBOT-style name and level (``ERROR``, ``WARN``, ``INFO``). The ontology's own
terms are the classes and properties in its namespace (``vann:preferredNamespaceUri``, or the
ontology IRI followed by ``#`` or ``/``); reused terms declared only for OWL 2 DL are not judged.

>>> sorted(CHECKS)[:3]
['duplicate_label', 'missing_definition', 'missing_label']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..engines.rdflib_engine import KnowledgeGraph
from ..errors import InputError
from ..rdfio.terms import identifier
from ..vocab import DCTERMS, OWL, RDF, RDFS, SKOS, VANN, XSD

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier


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

ERROR, WARN, INFO = "ERROR", "WARN", "INFO"


@dataclass(frozen=True)
class QualityIssue:
    """One problem: the ROBOT-style check name, its level, the term, property and value."""

    check: str
    level: str
    subject: Identifier
    message: str
    property: Identifier | None = None
    value: Identifier | None = None


#: Every check: its name, level and what it asks for. The CLI's help and the docs are made from this.
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
    """Run the checks of :data:`CHECKS` (all, or those named) on the ontology and the data.

    :raises InputError: a check name is unknown.
    """
    wanted = set(CHECKS if checks is None else checks)
    unknown = wanted - set(CHECKS)
    if unknown:
        raise InputError(f"unknown quality check(s) {', '.join(sorted(unknown))}; valid: {', '.join(CHECKS)}")
    issues: list[QualityIssue] = []
    for run in _RUNNERS:
        issues.extend(i for i in run(kg.ontology, kg.data) if i.check in wanted)
    return sorted(issues, key=lambda i: (i.check, str(i.subject), str(i.value or "")))


def _u(iri: str) -> Identifier:
    from rdflib import URIRef

    return URIRef(iri)


def _issue(
    check: str, subject: Identifier, message: str, prop: str | None = None, value: Identifier | None = None
) -> QualityIssue:
    return QualityIssue(check, CHECKS[check][0], subject, message, None if prop is None else _u(prop), value)


def ontology_iris(ontology: Graph) -> list[Identifier]:
    """The ``owl:Ontology`` nodes of a graph."""
    return sorted(identifier(s) for s in ontology.subjects(_u(RDF + "type"), _u(OWL + "Ontology")))


def own_namespaces(ontology: Graph) -> list[str]:
    """The namespaces whose terms the ontology defines."""
    found = {str(o) for o in ontology.objects(None, _u(VANN + "preferredNamespaceUri"))}
    for iri in ontology_iris(ontology):
        found.update({f"{iri}#", f"{iri}/"})
    return sorted(found)


def own_terms(ontology: Graph) -> list[Identifier]:
    """Classes and properties declared in the ontology's own namespaces."""
    from rdflib import URIRef

    namespaces = tuple(own_namespaces(ontology))
    terms = set()
    for kind in TERM_TYPES:
        for term in ontology.subjects(_u(RDF + "type"), _u(kind)):
            if isinstance(term, URIRef) and namespaces and str(term).startswith(namespaces):
                terms.add(term)
    return sorted(terms)


def _header(ontology: Graph, _data: Graph) -> list[QualityIssue]:
    issues = []
    for iri in ontology_iris(ontology):
        if ontology.value(iri, _u(DCTERMS + "title")) is None:
            issues.append(_issue("missing_ontology_title", iri, "the ontology has no dcterms:title", DCTERMS + "title"))
        if ontology.value(iri, _u(OWL + "versionIRI")) is None and ontology.value(iri, _u(OWL + "versionInfo")) is None:
            issues.append(
                _issue(
                    "missing_ontology_version",
                    iri,
                    "the ontology has no owl:versionIRI or owl:versionInfo",
                    OWL + "versionIRI",
                )
            )
        if ontology.value(iri, _u(DCTERMS + "license")) is None:
            issues.append(
                _issue("missing_ontology_license", iri, "the ontology has no dcterms:license", DCTERMS + "license")
            )
    return issues


def _labels(ontology: Graph, _data: Graph) -> list[QualityIssue]:
    issues = []
    for term in own_terms(ontology):
        labels = sorted(identifier(o) for o in ontology.objects(term, _u(LABEL)))
        if not labels:
            issues.append(_issue("missing_label", term, "no rdfs:label", LABEL))
        by_language: dict[str, list[Identifier]] = {}
        for label in labels:
            by_language.setdefault(getattr(label, "language", None) or "", []).append(label)
        for language, values in sorted(by_language.items()):
            if len(values) > 1:
                shown = ", ".join(repr(str(v)) for v in values)
                issues.append(
                    _issue(
                        "multiple_labels",
                        term,
                        f"{len(values)} rdfs:label values in language {language or '(none)'!r}: {shown}",
                        LABEL,
                        values[1],
                    )
                )
        if not any(ontology.value(term, _u(p)) is not None for p in DEFINITION_PROPERTIES):
            issues.append(_issue("missing_definition", term, "no skos:definition", SKOS + "definition"))
    return issues


def _duplicates(ontology: Graph, _data: Graph) -> list[QualityIssue]:
    seen: dict[tuple[str, str], list[Identifier]] = {}
    for term in own_terms(ontology):
        for label in ontology.objects(term, _u(LABEL)):
            key = (str(label).strip().lower(), getattr(label, "language", None) or "")
            seen.setdefault(key, []).append(term)
    issues = []
    for (text, _language), terms in sorted(seen.items()):
        if len(terms) > 1:
            terms = sorted(set(terms))
            for term in terms:
                others = ", ".join(f"<{t}>" for t in terms if t != term)
                issues.append(_issue("duplicate_label", term, f"label {text!r} is also the label of {others}", LABEL))
    return issues


def _undeclared(ontology: Graph, data: Graph) -> list[QualityIssue]:
    from rdflib import URIRef

    declared = {s for kind in DECLARING_TYPES for s in ontology.subjects(_u(RDF + "type"), _u(kind))}
    declared |= {s for kind in DECLARING_TYPES for s in data.subjects(_u(RDF + "type"), _u(kind))}
    used: dict[Identifier, tuple[str, Identifier]] = {}
    for subject, predicate, obj in sorted(data):
        if predicate not in used:
            used[identifier(predicate)] = ("property", identifier(subject))
        if predicate == _u(RDF + "type") and isinstance(obj, URIRef) and obj not in used:
            used[obj] = ("class", identifier(subject))
    issues = []
    for term, (kind, subject) in sorted(used.items()):
        if str(term).startswith(BUILT_IN) or term in declared:
            continue
        issues.append(
            _issue(
                "undeclared_term",
                subject,
                f"the {kind} <{term}> is used but not declared in the ontology",
                RDF + "type" if kind == "class" else None,
                term,
            )
        )
    return issues


_RUNNERS: list[Callable[[Graph, Graph], list[QualityIssue]]] = [_header, _labels, _duplicates, _undeclared]
