"""Fixtures for the engine tests: each test that takes ``engine`` runs once per engine."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

ENGINE_NAMES = ("rdflib", "oxigraph")


@pytest.fixture(params=ENGINE_NAMES)
def engine(request: pytest.FixtureRequest) -> str:
    """The name of the engine under test."""
    return str(request.param)


@pytest.fixture
def load_data(engine: str) -> Callable[..., Any]:
    """Load data files alone (no ontology, no shapes) into the engine under test."""
    from rdflib_oracle import open_side as open_engine

    def load(paths: Sequence[Path], **parts: Any) -> Any:
        parts.setdefault("ontology", [])
        parts.setdefault("shapes", [])
        return open_engine(engine, list(paths), **parts)

    return load
