"""Reading W3C-style test manifests (the RDF 1.1 Turtle suite and this project's small suites).

A suite is found by ``prerequisites.resource_path`` (``../shared/<name>`` beside the checkout, or its
``ZJKG_W3C_*`` variable); absent, its tests are skipped, except under ``CI=true`` where that fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import isomorphic
from zhangjiang_kg.errors import InputError
from zhangjiang_kg.rdfio.export import EXPORT_FORMATS
from zhangjiang_kg.rdfio.formats import syntax
from zhangjiang_kg.rdfio.rdfxml import _LOCAL_NAME
from zhangjiang_kg.rdfio.terms import rdflib_triples

from rdflib_oracle import SIDES
from rdflib_oracle import open_side as open_engine

CHECKOUT = Path(__file__).resolve().parents[2]
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDFT = "http://www.w3.org/ns/rdftest#"
ZJT = "https://w3id.org/zhangjiang-kg/tests#"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Case:
    """One manifest entry: its name and type, the input file, the expected result, error position."""

    name: str
    kind: str
    action: Path
    result: Path | None = None
    line: int | None = None
    column: int | None = None


def read_manifest(folder: Path) -> list[Case]:
    """Every entry of ``folder/manifest.ttl``, sorted by name (a SPARQL answer has no order, and
    parallel test workers must collect the same list)."""
    store = ox.Store()
    store.load(
        path=str(folder / "manifest.ttl"),
        format=ox.RdfFormat.TURTLE,
        base_iri=(folder / "manifest.ttl").resolve().as_uri(),
    )
    query = f"""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?name ?kind ?action ?result ?line ?column WHERE {{
            ?manifest <{MF}entries>/rdf:rest*/rdf:first ?test .
            ?test a ?kind ; <{MF}name> ?name ; <{MF}action> ?action .
            OPTIONAL {{ ?test <{MF}result> ?result }}
            OPTIONAL {{ ?test <{ZJT}line> ?line }}
            OPTIONAL {{ ?test <{ZJT}column> ?column }}
        }}"""
    cases = []
    for row in store.query(query):  # type: ignore[union-attr]
        result = row["result"]
        cases.append(
            Case(
                name=row["name"].value,
                kind=row["kind"].value.rsplit("#", 1)[-1],
                action=_path(row["action"].value),
                result=_path(result.value) if result is not None else None,
                line=int(row["line"].value) if row["line"] is not None else None,
                column=int(row["column"].value) if row["column"] is not None else None,
            )
        )
    return sorted(cases, key=lambda case: (case.name, case.kind))


def _path(uri: str) -> Path:
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(uri).path))


def read_graph(data: bytes, fmt: str, base: str | None = None) -> Graph:
    """A file's triples (graph names dropped) as an rdflib graph with lexical forms exact."""
    graph = Graph()
    quads = ox.parse(data, format=syntax(fmt).ox_format, base_iri=base)
    graph.addN((s, p, o, graph) for s, p, o in rdflib_triples(quads))
    return graph


def xml_cannot_hold(graph: Graph) -> bool:
    """Whether a graph has a predicate without an XML local name, or a character XML 1.0 forbids."""
    for _s, p, o in graph:
        match = _LOCAL_NAME.search(str(p))
        if match is None or match.start() == 0 or _NOT_XML.search(str(o)) or _NOT_XML.search(str(p)):
            return True
    return False


def assert_exports_exactly(source: Path, expected: Graph) -> None:
    """Load ``source`` as data into both engines; every export is ``expected``, the same bytes on both.

    RDF/XML may refuse, with its own message, a graph it cannot hold (and only such a graph).
    """
    engines = {name: open_engine(name, [source], ontology=[], shapes=[]) for name in SIDES}
    for fmt in EXPORT_FORMATS:
        try:
            written = {name: kg.export(fmt, "data") for name, kg in engines.items()}
        except InputError as error:
            assert fmt == "xml", f"{fmt}: {error}"
            assert "cannot write RDF/XML" in str(error), f"{fmt}: {error}"
            assert xml_cannot_hold(expected), f"RDF/XML refused a graph it can hold: {error}"
            continue
        assert written["rdflib"] == written["oxigraph"], f"{fmt}: the engines wrote different bytes"
        assert isomorphic(read_graph(written["rdflib"], fmt), expected), f"{fmt}: not the expected graph"
