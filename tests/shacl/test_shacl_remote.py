"""``--endpoint``: the same compiled queries on a real Oxigraph server and on Virtuoso.

The graphs are loaded into named graphs the way ``zjkg load`` does (Graph Store Protocol); the
engine then validates them where they are and must find what it finds in-process.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest
from shacl_helpers import DATA, ONTOLOGY, engine_keys, store_of  # type: ignore[import-not-found]
from shacl_w3c import cases  # type: ignore[import-not-found]
from zhangjiang_kg.shacl import (
    EndpointRunner,
    SparqlError,
    validate,
    validate_endpoint,
    validate_store,
)

import synth
from prerequisites import require_file
from store_servers import OxigraphServer, RunningVirtuoso

pytestmark = pytest.mark.slow

G_DATA = "https://example.org/shacl-test/data"
G_ONTOLOGY = "https://example.org/shacl-test/ontology"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> list[ox.Triple]:
    path = tmp_path_factory.mktemp("remote") / "seeded.nt"
    synth.synthesise(path, 24000, violations=2 * len(synth.VIOLATION_KINDS), seed=5)
    return [
        ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    ]


def upload(
    store_url: str, graphs: dict[str, list[ox.Triple]], env: dict[str, str] | None = None, *, exact: bool = True
) -> None:
    """Replace each graph through the Graph Store Protocol, with the loader ``zjkg load`` uses.

    ``exact=False`` accepts a store that merges literals it stores alike (Virtuoso does, for some
    of the W3C cases' ill-typed or equal-valued literals: the gaps listed in the module docstring).
    """
    from zhangjiang_kg.remote.gsp import Payload, load_graphs
    from zhangjiang_kg.remote.http import Credentials

    credentials = Credentials(env["ZJKG_USER"], env["ZJKG_PASSWORD"]) if env else None
    contents = {name: Payload.of(triples) for name, triples in graphs.items()}
    report = load_graphs(store_url, contents, replace=True, timeout=60, credentials=credentials)
    assert report.ok or not exact, report


def _both(url: str, seeded: list[ox.Triple], ontology: list[ox.Triple], shapes: list[ox.Triple]) -> tuple[Any, Any]:
    local = validate_store(
        store_of({DATA: seeded, ONTOLOGY: ontology}), data_graphs=[DATA, ONTOLOGY], shapes=shapes, rdfs=True
    )
    remote = validate_endpoint(url, data_graphs=[G_DATA, G_ONTOLOGY], shapes=shapes, rdfs=True)
    return local, remote


def test_oxigraph_server_finds_what_in_process_finds(
    oxigraph_server: OxigraphServer,
    seeded: list[ox.Triple],
    project_ontology: list[ox.Triple],
    project_shapes: list[ox.Triple],
) -> None:
    upload(oxigraph_server.store_url, {G_DATA: seeded, G_ONTOLOGY: project_ontology})
    local, remote = _both(oxigraph_server.query_url, seeded, project_ontology, project_shapes)
    assert len(local.results) >= 2 * len(synth.VIOLATION_KINDS)
    assert engine_keys(remote) == engine_keys(local)


def test_virtuoso_finds_what_in_process_finds(
    virtuoso: RunningVirtuoso,
    seeded: list[ox.Triple],
    project_ontology: list[ox.Triple],
    project_shapes: list[ox.Triple],
) -> None:
    upload(virtuoso.store_url, {G_DATA: seeded, G_ONTOLOGY: project_ontology}, virtuoso.env)
    local, remote = _both(virtuoso.query_url, seeded, project_ontology, project_shapes)
    assert len(local.results) >= 2 * len(synth.VIOLATION_KINDS)
    assert engine_keys(remote) == engine_keys(local)


def _w3c_remote(query_url: str, store_url: str, env: dict[str, str] | None) -> dict[str, str]:
    """Run every W3C case on the endpoint; the cases whose results differ from in-process, and how."""
    differ: dict[str, str] = {}
    for n, case in enumerate(cases()):
        graph = f"https://example.org/w3c/{n}"
        upload(store_url, {graph: case.data}, env, exact=env is None)
        local = validate_store(store_of({DATA: case.data}), data_graphs=[DATA], shapes=case.shapes, rdfs=False)
        try:
            remote = validate(EndpointRunner(query_url, [graph]), case.shapes, rdfs=False)
        except SparqlError as exc:
            differ[case.name] = f"error: {str(exc).splitlines()[0]}"
            continue
        got, want = engine_keys(remote), engine_keys(local)
        if got != want:
            differ[case.name] = f"extra {sorted(got - want)} missing {sorted(want - got)}"
    return differ


def test_w3c_suite_on_oxigraph_server(oxigraph_server: OxigraphServer) -> None:
    require_file("shacl-suite")
    assert _w3c_remote(oxigraph_server.query_url, oxigraph_server.store_url, None) == {}


#: Cases Virtuoso 7.2 cannot give as Oxigraph does, and why: how it stores, types and compares literals.
#: (Literal sh:targetNode constants are bound one by one on Virtuoso: in a VALUES block they lost
#: their language tags, which failed node/languageIn-001.)
VIRTUOSO_GAPS = {
    "node/datatype-001": 'rejects the ill-typed literal "aldi"^^xsd:integer in the query text',
    "property/datatype-ill-formed": "fails on the ill-typed literals stored in the data (SR341); not on every run",
    "property/datatype-001": 'stores "2011-01-01"^^xsd:dateTime as 2011-01-01T00:00:00: a different sh:value',
    "node/datatype-002": "a language tag no stored literal uses (en-AU) fails in the query text (bad language id)",
    "node/minInclusive-002": "compares a date-time without time zone with one with a zone (XSD: indeterminate)",
    "node/minInclusive-003": "finds no zoned date-time below an unzoned bound, even a whole day below",
}


def test_w3c_suite_on_virtuoso(virtuoso: RunningVirtuoso) -> None:
    require_file("shacl-suite")
    differ = _w3c_remote(virtuoso.query_url, virtuoso.store_url, virtuoso.env)
    assert set(differ) <= set(VIRTUOSO_GAPS), differ
    assert len(cases()) - len(differ) >= 64
