"""Fixtures: each test that takes ``engine`` runs on the store and on its rdflib copy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from rdflib_oracle import SIDES as ENGINE_NAMES


@pytest.fixture(params=ENGINE_NAMES)
def engine(request: pytest.FixtureRequest) -> str:
    """``oxigraph`` (the store) or ``rdflib`` (its rdflib copy)."""
    return str(request.param)


@pytest.fixture
def load_data(engine: str) -> Callable[..., Any]:
    """Load data files alone (no ontology, no shapes) into the side under test."""
    from rdflib_oracle import open_side as open_engine

    def load(paths: Sequence[Path], **parts: Any) -> Any:
        parts.setdefault("ontology", [])
        parts.setdefault("shapes", [])
        return open_engine(engine, list(paths), **parts)

    return load
