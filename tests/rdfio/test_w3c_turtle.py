"""Export conformance on the W3C RDF 1.1 Turtle suite: every positive evaluation test, both engines, six formats.

Each test's Turtle is loaded as data into each engine and exported in every format. The export,
read back, must be isomorphic to the suite's expected N-Triples with exact lexical forms, and the
two engines must write the same bytes. The one allowed exception is RDF/XML refusing a graph it
cannot hold (a predicate that does not end in an XML name, a character XML 1.0 forbids); the test
then checks the graph really holds such a term.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from w3c import CHECKOUT, Case, missing_suite, read_manifest, suite_folder

from zhangjiang_kg.engines import open_engine
from zhangjiang_kg.engines.base import ENGINES
from zhangjiang_kg.errors import InputError
from zhangjiang_kg.rdfio.export import EXPORT_FORMATS
from zhangjiang_kg.rdfio.formats import syntax
from zhangjiang_kg.rdfio.terms import rdflib_triples

VARIABLE = "ZJKG_W3C_TURTLE"
SUITE = suite_folder(VARIABLE, CHECKOUT / ".." / "shared" / "w3c-rdf-turtle")
BASE = "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _cases() -> list[Any]:
    if SUITE is None:
        return [pytest.param(None, id="suite-missing")]
    return [pytest.param(case, id=case.name) for case in read_manifest(SUITE) if case.kind == "TestTurtleEval"]


def _graph(data: bytes, fmt: str, base: str | None = None) -> Graph:
    graph = Graph()
    quads = ox.parse(data, format=syntax(fmt).ox_format, base_iri=base)
    graph.addN((s, p, o, graph) for s, p, o in rdflib_triples(quads))
    return graph


def _xml_cannot_hold(expected: Graph) -> bool:
    from zhangjiang_kg.rdfio.rdfxml import _LOCAL_NAME

    for _s, p, o in expected:
        match = _LOCAL_NAME.search(str(p))
        if match is None or match.start() == 0 or _NOT_XML.search(str(o)) or _NOT_XML.search(str(p)):
            return True
    return False


@pytest.mark.parametrize("case", _cases())
def test_positive_eval_exports_exactly_on_both_engines(case: Case | None, tmp_path: Path) -> None:
    if case is None:
        missing_suite("W3C RDF 1.1 Turtle", VARIABLE)
        return
    assert case.result is not None
    # The suite resolves relative IRIs against its web address; an @base line says so to our loader.
    source = tmp_path / case.action.name
    source.write_bytes(f"@base <{BASE}{case.action.name}> .\n".encode() + case.action.read_bytes())
    expected = _graph(case.result.read_bytes(), "nt", BASE + case.result.name)
    engines = {name: open_engine(name, [source], ontology=[], shapes=[]) for name in ENGINES[1:]}
    for fmt in EXPORT_FORMATS:
        try:
            written = {name: kg.export(fmt, "data") for name, kg in engines.items()}
        except InputError as error:
            assert fmt == "xml" and "cannot write RDF/XML" in str(error), f"{fmt}: {error}"
            assert _xml_cannot_hold(expected), f"RDF/XML refused a graph it can hold: {error}"
            continue
        assert written["rdflib"] == written["oxigraph"], f"{fmt}: the engines wrote different bytes"
        assert isomorphic(_graph(written["rdflib"], fmt), expected), f"{fmt}: not the expected graph"
