"""The project's names: its base IRI, named graphs, prefixes and the common namespaces, spelled once,
and one way to write a prefixed name (:func:`curie`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

BASE = "https://w3id.org/zhangjiang-kg/"
ZJ = BASE + "id/"
ZJO = BASE + "ontology#"
ZJSH = BASE + "shapes#"

#: Short names of the named graphs, as the CLI's ``--graph`` option spells them, and their IRIs.
GRAPHS: dict[str, str] = {name: f"{BASE}graph/{name}" for name in ("ontology", "data", "background", "shapes")}
#: The background graph holds what the article does not say (Wikidata identities, editorial
#: decisions), each statement with its own source.
GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_BACKGROUND, GRAPH_SHAPES = GRAPHS.values()
#: Where the Oxigraph engine materialises the rdf:type closure for validation.
GRAPH_INFERRED = BASE + "graph/inferred"
#: The graphs a saved query (and validation) sees as one default graph, in-process and on a store.
QUERY_GRAPHS: tuple[str, ...] = ("data", "background", "ontology")

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: Local names of the integer types derived from xsd:integer (XSD 1.1 Part 2, 3.4.13-3.4.25).
XSD_INTEGER_DERIVED: tuple[str, ...] = (
    "long", "int", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
)  # fmt: skip
#: Every numeric XSD datatype, as IRIs: the four primitive ones, then the derived integers.
XSD_NUMERIC: tuple[str, ...] = tuple(
    XSD + name for name in ("integer", "decimal", "float", "double", *XSD_INTEGER_DERIVED)
)
SH = "http://www.w3.org/ns/shacl#"
SCHEMA = "https://schema.org/"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
VANN = "http://purl.org/vocab/vann/"

RDF_TYPE = RDF + "type"
XSD_STRING = XSD + "string"
RDF_LANGSTRING = RDF + "langString"
OWL_IMPORTS = OWL + "imports"

#: Prefixes every serialisation and every table uses, so output is stable and readable.
PREFIXES: dict[str, str] = {
    "zj": ZJ,
    "zjo": ZJO,
    "zjsh": ZJSH,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "sh": SH,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "prov": PROV,
    "org": "http://www.w3.org/ns/org#",
    "oa": OA,
    "time": "http://www.w3.org/2006/time#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vann": VANN,
    "wd": "http://www.wikidata.org/entity/",
}

# Turtle's PN_LOCAL, restricted to what needs no escape: a local part with "/", "~" or "#" would
# need backslashes, which many readers (and people) stumble over, so such IRIs stay in <...>.
# Compiled on first use, and with the ranges beyond ASCII only for a name beyond ASCII: classes
# holding them take the ``re`` compiler milliseconds.
_PN_CHARS_BASE_NON_ASCII = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)


@functools.cache
def _pn_local(unicode: bool) -> re.Pattern[str]:
    """PN_LOCAL compiled on first use: its Unicode classes take milliseconds that startup need not pay."""
    base = "A-Za-z" + (_PN_CHARS_BASE_NON_ASCII if unicode else "")
    chars = base + "_0-9\\-" + ("\u00b7\u0300-\u036f\u203f-\u2040" if unicode else "")
    return re.compile(
        f"(?:[{base}_0-9:]|%[0-9A-Fa-f]{{2}})(?:(?:[{chars}.:]|%[0-9A-Fa-f]{{2}})*(?:[{chars}:]|%[0-9A-Fa-f]{{2}}))?"
    )


def curie(iri: str, prefixes: Mapping[str, str] | None = None) -> str:
    """``zj:zhangjiang-zone`` when a prefix fits and the rest is a valid local name, else ``<iri>``.

    The longest matching namespace wins, so ``zjo:`` is chosen over a shorter one that also fits.

    >>> curie("https://w3id.org/zhangjiang-kg/id/zhangjiang-zone")
    'zj:zhangjiang-zone'
    >>> curie("https://w3id.org/zhangjiang-kg/id/a/b")
    '<https://w3id.org/zhangjiang-kg/id/a/b>'
    """
    table = PREFIXES if prefixes is None else prefixes
    best: tuple[str, str] | None = None
    for prefix, namespace in table.items():
        if iri.startswith(namespace) and (best is None or len(namespace) > len(table[best[0]])):
            local = iri[len(namespace) :]
            if local == "" or _pn_local(not local.isascii()).fullmatch(local):
                best = (prefix, local)
    return f"{best[0]}:{best[1]}" if best is not None else f"<{iri}>"
