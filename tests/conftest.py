"""Shared fixtures: the small stand-in graph under tests/fixtures/mini and a CLI runner."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from prerequisites import require_file, summary_line

#: Real triple stores (an Oxigraph server, Virtuoso) as fixtures for every folder.
pytest_plugins = ["store_servers"]

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
SHIPPED = [ROOT / "ontology", ROOT / "data", ROOT / "queries"]


def shipped_digest() -> str:
    """One hash over every shipped graph and query file, to prove tests never modify them."""
    digest = hashlib.sha256()
    for folder in SHIPPED:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def mini() -> Path:
    """Root of the stand-in graph: ontology/, data/, queries/."""
    return MINI


@pytest.fixture(scope="session")
def mini_args() -> list[str]:
    """CLI options that point every command at the stand-in graph's ontology and shapes."""
    return ["--ontology", str(MINI / "ontology" / "mini.ttl"), "--shapes", str(MINI / "ontology" / "shapes.ttl")]


@pytest.fixture(scope="session")
def mini_kg():  # type: ignore[no-untyped-def]
    """The stand-in graph, loaded once."""
    from zhangjiang_kg.store.graph import load

    return load(
        [MINI / "data"],
        ontology=[MINI / "ontology" / "mini.ttl"],
        shapes=[MINI / "ontology" / "shapes.ttl"],
    )


@pytest.fixture(scope="session")
def shipped_kg():  # type: ignore[no-untyped-def]
    """The packaged graph, loaded once."""
    from zhangjiang_kg.store.graph import load

    return load()


@pytest.fixture
def runner() -> CliRunner:
    """A click runner; stderr is kept apart so tests can check where messages go."""
    return CliRunner()


@pytest.fixture(scope="module")
def shipped_files_untouched() -> Iterator[None]:
    """Fail a module whose tests changed the shipped ontology, data or queries (opt in per module)."""
    before = shipped_digest()
    yield
    assert shipped_digest() == before, "a test modified files under ontology/, data/ or queries/"


@pytest.fixture(scope="session")
def article_text() -> str:
    """The article's text (``ZJKG_SOURCE_TEXT`` or ``../shared/seed/`` beside the checkout).

    Skips without it, except under ``CI=true``, where a missing text is a failure.
    """
    from zhangjiang_kg.checks.evidence import read_source_text

    return read_source_text(require_file("article"))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> Iterator[None]:
    """One line at the end of the run: what was missing, how many tests it skipped, how to get it.

    A wrapper run first, so the line comes after pytest's own summaries, just above the counts.
    """
    yield
    reasons = [
        report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        for report in terminalreporter.stats.get("skipped", [])
    ]
    line = summary_line(reasons)
    if line:
        terminalreporter.write_line(line, yellow=True)
