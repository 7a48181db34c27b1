"""Fixtures of the SHACL engine tests: the project's shapes and ontology, and real stores.

The stores (an Oxigraph server, Virtuoso) are the fixtures of ``tests/store_servers.py``.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from shacl_helpers import ROOT  # type: ignore[import-not-found]  # pytest puts this folder on sys.path

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def project_shapes() -> list[ox.Triple]:
    return [
        ox.Triple(t.subject, t.predicate, t.object)
        for t in ox.parse(path=str(ROOT / "ontology" / "shapes.ttl"), format=ox.RdfFormat.TURTLE)
    ]


@pytest.fixture(scope="session")
def project_ontology() -> list[ox.Triple]:
    from zhangjiang_kg import resources

    found: list[ox.Triple] = []
    for path in resources.ontology_files():
        found += [
            ox.Triple(t.subject, t.predicate, t.object)
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
        ]
    return found
