"""Fixtures of the Turtle tests: the W3C suites' folders, skipped (or failed under CI) when absent."""

from __future__ import annotations

from pathlib import Path

import pytest
from w3c_suites import SHACL_SUITE, TURTLE_SUITE, require_suite


@pytest.fixture(scope="session")
def turtle_suite() -> Path:
    """The W3C RDF 1.1 Turtle suite's folder."""
    return require_suite(TURTLE_SUITE, "RDF 1.1 Turtle")


@pytest.fixture(scope="session")
def shacl_suite() -> Path:
    """The W3C SHACL Core suite's folder."""
    return require_suite(SHACL_SUITE, "SHACL Core")
