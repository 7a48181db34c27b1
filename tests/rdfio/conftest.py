"""Fixtures for the RDF input/output tests: files in every syntax, the store and its rdflib copy, the CLI."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from rdflib_oracle import SIDES as ENGINE_NAMES


@pytest.fixture
def load_both() -> Callable[[Sequence[Path]], dict[str, Any]]:
    """Load files as data (nothing else) into the store and copy them into rdflib; both by name."""
    from rdflib_oracle import open_side as open_engine

    def load(paths: Sequence[Path]) -> dict[str, Any]:
        return {name: open_engine(name, list(paths), ontology=[], shapes=[]) for name in ENGINE_NAMES}

    return load


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write text or bytes to a file of that name in the test's folder."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write
