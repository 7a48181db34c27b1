"""Fixtures of the Turtle tests: the W3C suites' folders, skipped (or failed under CI) when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from prerequisites import require_file


@pytest.fixture(scope="session")
def turtle_suite() -> Path:
    """The W3C RDF 1.1 Turtle suite's folder."""
    return require_file("turtle-suite")


@pytest.fixture(scope="session")
def shacl_suite() -> Path:
    """The W3C SHACL Core suite's folder."""
    return require_file("shacl-suite")
