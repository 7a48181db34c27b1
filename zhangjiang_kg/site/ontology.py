"""The ontology reference page, written by pyLODE (``pylode==3.3.4`` on Python 3.11).

pyLODE takes every ``skos:ConceptScheme`` for an ontology header and would title the page after the
model's status scheme, so it is given the ontology without those type triples (the schemes are
still listed, as named individuals, and have class pages of their own on the site). A link back
to the rest of the site is put at the top of its body. When pyLODE is not installed the page is a
plain list of classes and properties written here, and the build says so.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from ..errors import ZjkgError
from ..vocab import RDFS, SKOS
from .html import Site, esc, page, slug, sort_key

if TYPE_CHECKING:
    from rdflib import Graph

_ANCHOR = re.compile(
    r'<div class="[^"]*\bentity\b[^"]*" id="([^"]+)">.*?<th>IRI</th>\s*<td>\s*<code>([^<]+)</code>', re.S
)


class OntologyDocsError(ZjkgError):
    """pyLODE could not document the ontology; carries its reason."""

    exit_code = 1


def pylode_available() -> bool:
    """Whether pyLODE can be imported (it is in the ``docs`` extra)."""
    import importlib.util

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


def render_pylode(site: Site, ontology: Graph) -> tuple[str, dict[str, str]]:
    """pyLODE's page for ``ontology`` with a link back to the site, and the IRI → anchor map."""
    from rdflib import RDF
    from rdflib import SKOS as SKOS_NS

    from ..store.rdflib_view import new_graph

    graph = new_graph()
    for triple in ontology:
        if not (triple[1] == RDF.type and triple[2] == SKOS_NS.ConceptScheme):
            graph.add(triple)
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
    html = html.replace("<body>", "<body>\n" + back, 1)
    return (html if html.endswith("\n") else html + "\n"), anchors


def render_fallback(site: Site, ontology: Graph) -> tuple[str, dict[str, str]]:
    """A plain reference page (classes, then properties) when pyLODE is not available."""
    from rdflib import OWL, RDF

    kinds = (
        ("Classes", OWL.Class),
        ("Object properties", OWL.ObjectProperty),
        ("Datatype properties", OWL.DatatypeProperty),
    )
    anchors: dict[str, str] = {}
    zjo = site.prefixes.get("zjo", "")
    body = [
        "<h1>Ontology reference</h1>",
        '<p class="note">pyLODE is not installed (<code>pip install -e ".[docs]"</code>); '
        "this is the plain reference.</p>",
    ]
    for heading, kind in kinds:
        terms = sorted((t for t in ontology.subjects(RDF.type, kind) if str(t).startswith(zjo)), key=sort_key)
        body.append(f"<h2>{heading}</h2>")
        for term in terms:
            anchor = slug(site.curie(term))
            anchors[str(term)] = anchor
            definition = site.value(term, SKOS + "definition")
            rows = [f'<p class="iri"><code>{esc(term)}</code></p>']
            if definition is not None:
                rows.append(f"<p>{esc(definition)}</p>")
            for prop, words in (
                (RDFS + "subClassOf", "subclass of"),
                (RDFS + "domain", "domain"),
                (RDFS + "range", "range"),
            ):
                values = site.values(term, prop)
                if values:
                    rows.append(f"<p>{words}: " + ", ".join(site.term(v, "") for v in values) + "</p>")
            body.append(
                f'<section class="card" id="{esc(anchor)}"><h3>{esc(site.label(term))}</h3>{"".join(rows)}</section>'
            )
    return page(site, "ontology.html", "Ontology", "\n".join(body)), anchors
