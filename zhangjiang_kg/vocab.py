"""Names of the graph: the base IRI, the named graphs, the prefixes, and the one way to shorten an IRI.

Everything that prints an IRI for people (reports, tables, pages) shortens it with :func:`curie`, so
one IRI reads the same everywhere and what is printed can be pasted back into Turtle or SPARQL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

BASE = "https://w3id.org/zhangjiang-kg/"
GRAPH_ONTOLOGY = BASE + "graph/ontology"
GRAPH_DATA = BASE + "graph/data"
GRAPH_SHAPES = BASE + "graph/shapes"
#: Short names of the named graphs, as the CLI's ``--graph`` option spells them.
GRAPHS: dict[str, str] = {"ontology": GRAPH_ONTOLOGY, "data": GRAPH_DATA, "shapes": GRAPH_SHAPES}

#: Prefixes every serialisation and every table uses, so output is stable and readable.
PREFIXES: dict[str, str] = {
    "zj": BASE + "id/",
    "zjo": BASE + "ontology#",
    "zjsh": BASE + "shapes#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "oa": "http://www.w3.org/ns/oa#",
    "time": "http://www.w3.org/2006/time#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vann": "http://purl.org/vocab/vann/",
    "wd": "http://www.wikidata.org/entity/",
}

SH = PREFIXES["sh"]

# A local part that Turtle and SPARQL both accept without escapes (PN_LOCAL minus PLX): it starts
# with a letter, digit or underscore, may hold '-' and '.' inside, and does not end with '.'.
# Non-ASCII letters are allowed as PN_CHARS_BASE allows them.
_NAME_START = r"[A-Za-z0-9_\u00C0-\U000EFFFF]"
_NAME_CHAR = r"[A-Za-z0-9_\-\u00B7\u00C0-\U000EFFFF]"
_LOCAL = re.compile(rf"(?:{_NAME_START}(?:(?:{_NAME_CHAR}|\.)*{_NAME_CHAR})?)?")


def curie(iri: str, prefixes: Mapping[str, str] | None = None) -> str:
    """``iri`` as a prefixed name (``zj:zhangjiang-zone``) when that is valid Turtle and SPARQL, else ``<iri>``.

    A local part that would need escapes (``/``, ``#``, ``?``, ``%``, a trailing ``.``...) is not
    shortened: ``zj:a\\/b`` is legal but few people read it right, so the full ``<iri>`` is shown.
    The longest matching namespace wins.
    """
    table = PREFIXES if prefixes is None else prefixes
    best: tuple[int, str] | None = None
    for prefix, namespace in table.items():
        fits = iri.startswith(namespace) and _LOCAL.fullmatch(iri[len(namespace) :])
        if fits and (best is None or len(namespace) > best[0]):
            best = (len(namespace), f"{prefix}:{iri[len(namespace) :]}")
    return best[1] if best else f"<{iri}>"
