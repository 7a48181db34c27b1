"""The ontology reference page, written by pyLODE (``pylode==3.3.4``), or a plain one without it.

pyLODE takes every ``skos:ConceptScheme`` for an ontology header and would title the page after the
status scheme, so those type triples are left out of what it is given.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from typing import Any

import pyoxigraph as ox

from ..errors import ZjkgError
from ..store.rdflib_view import new_graph, to_graph  # pyLODE reads an rdflib graph
from ..vocab import OWL, RDF_TYPE, RDFS, SKOS
from .graph import Triples
from .html import Site, page, slug, sort_key

_ANCHOR = re.compile(
    r'<div class="[^"]*\bentity\b[^"]*" id="([^"]+)">.*?<th>IRI</th>\s*<td>\s*<code>([^<]+)</code>', re.S
)


class OntologyDocsError(ZjkgError):
    """pyLODE could not document the ontology; carries its reason."""

    exit_code = 1


def pylode_available() -> bool:
    """Whether pyLODE can be imported (it is in the ``docs`` extra)."""
    return importlib.util.find_spec("pylode") is not None


def _import_pylode() -> Any:
    """Import pyLODE, undoing the DEBUG-level root logging it sets up on import."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pylode import OntPub
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    return OntPub


def render_pylode(site: Site, ontology: Triples) -> tuple[str, dict[str, str]]:
    """pyLODE's page for ``ontology`` with a link back to the site, and the IRI → anchor map."""
    scheme = ox.NamedNode(SKOS + "ConceptScheme")
    kept = (ox.Quad(s, p, o) for s, p, o in ontology if not (p.value == RDF_TYPE and o == scheme))
    graph = to_graph(kept, new_graph())
    OntPub = _import_pylode()
    try:
        html = OntPub(graph, sort_subjects=True).make_html(include_css=True)
    except Exception as error:
        raise OntologyDocsError(f"pyLODE failed: {type(error).__name__}: {error}") from None
    anchors = {iri.strip(): anchor for anchor, iri in _ANCHOR.findall(html)}
    back = (
        '<p style="margin:0;padding:.5rem 1rem;background:#0b6e69;font-family:sans-serif">'
        '<a style="color:#fff" href="index.html">← zhangjiang-kg documentation</a> · '
        '<a style="color:#fff" href="classes/index.html">classes and instances</a></p>'
    )
    # pyLODE's page is HTML pyLODE wrote and escaped; it is kept as it is, not put through a template.
    html = html.replace("<body>", "<body>\n" + back, 1)
    return (html if html.endswith("\n") else html + "\n"), anchors


#: What the plain reference page says of each term, in its words.
FACTS = ((RDFS + "subClassOf", "subclass of"), (RDFS + "domain", "domain"), (RDFS + "range", "range"))


def render_fallback(site: Site, ontology: Triples) -> tuple[str, dict[str, str]]:
    """A plain reference page (classes, then properties) when pyLODE is not available."""
    kinds = (("Classes", "Class"), ("Object properties", "ObjectProperty"), ("Datatype properties", "DatatypeProperty"))
    anchors: dict[str, str] = {}
    zjo = site.prefixes.get("zjo", "")
    sections = []
    for heading, kind in kinds:
        terms = sorted(
            (t for t in ontology.pointing(ox.NamedNode(OWL + kind), RDF_TYPE) if t.value.startswith(zjo)), key=sort_key
        )
        cards = []
        for term in terms:
            anchors[term.value] = slug(site.curie(term))
            facts = [(words, [site.term(v, "") for v in site.values(term, prop)]) for prop, words in FACTS]
            cards.append(
                {
                    "anchor": anchors[term.value],
                    "label": site.label(term),
                    "iri": term.value,
                    "definition": site.text(term, SKOS + "definition"),
                    "facts": [(words, values) for words, values in facts if values],
                }
            )
        sections.append((heading, cards))
    return page(site, "ontology.html", "ontology.html", title="Ontology", sections=sections), anchors
