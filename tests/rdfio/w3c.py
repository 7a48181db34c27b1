"""Reading W3C-style test manifests (the RDF 1.1 Turtle suite and this project's small suites).

A suite is found relative to the checkout (``../shared/<name>`` beside it) or through an
environment variable; absent, its tests are skipped, except under ``CI=true`` where that fails.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

CHECKOUT = Path(__file__).resolve().parents[2]
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDFT = "http://www.w3.org/ns/rdftest#"
ZJT = "https://w3id.org/zhangjiang-kg/tests#"


@dataclass(frozen=True)
class Case:
    """One manifest entry: its name and type, the input file, the expected result, error position."""

    name: str
    kind: str
    action: Path
    result: Path | None = None
    line: int | None = None
    column: int | None = None


def suite_folder(variable: str, default: Path) -> Path | None:
    """The suite's folder from ``variable`` or ``default``; None when it is nowhere."""
    folder = Path(os.environ.get(variable, default))
    return folder if (folder / "manifest.ttl").is_file() else None


def missing_suite(name: str, variable: str) -> None:
    """Skip, or fail under CI, because a conformance suite is not there."""
    reason = f"the {name} test suite is not at ../shared beside the checkout; set {variable}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def read_manifest(folder: Path) -> list[Case]:
    """Every entry of ``folder/manifest.ttl`` in the order of its ``mf:entries`` list."""
    store = ox.Store()
    store.load(path=str(folder / "manifest.ttl"), format=ox.RdfFormat.TURTLE,
               base_iri=(folder / "manifest.ttl").resolve().as_uri())
    query = f"""
        SELECT ?name ?kind ?action ?result ?line ?column WHERE {{
            ?manifest <{MF}entries>/<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>*/<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?test .
            ?test a ?kind ; <{MF}name> ?name ; <{MF}action> ?action .
            OPTIONAL {{ ?test <{MF}result> ?result }}
            OPTIONAL {{ ?test <{ZJT}line> ?line }}
            OPTIONAL {{ ?test <{ZJT}column> ?column }}
        }}"""
    cases = []
    for row in store.query(query):  # type: ignore[union-attr]
        result = row["result"]
        cases.append(Case(
            name=row["name"].value,
            kind=row["kind"].value.rsplit("#", 1)[-1],
            action=_path(row["action"].value),
            result=_path(result.value) if result is not None else None,
            line=int(row["line"].value) if row["line"] is not None else None,
            column=int(row["column"].value) if row["column"] is not None else None,
        ))
    return cases


def _path(uri: str) -> Path:
    from urllib.parse import unquote, urlparse

    return Path(unquote(urlparse(uri).path))
