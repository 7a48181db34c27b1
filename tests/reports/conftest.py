"""Reports from both commands on small graphs with known defects, and a helper to validate a snippet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent
CHECK_FIXTURES = TESTS / "fixtures" / "check"

#: Four violations of the stand-in shapes and one of its violation query, at known lines.
BAD = (TESTS / "fixtures" / "validation" / "bad.ttl").read_text()


@pytest.fixture(scope="module")
def bad_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """:data:`BAD` written to a file."""
    path = tmp_path_factory.mktemp("bad") / "bad.ttl"
    path.write_text(BAD)
    return path


@pytest.fixture(scope="module")
def bad_report(bad_file: Path, mini: Path):  # type: ignore[no-untyped-def]
    """``zjkg validate`` of :data:`BAD` against the stand-in ontology, shapes and queries."""
    from zhangjiang_kg.store.graph import load
    from zhangjiang_kg.validation import validate_compiled

    kg = load(
        [mini / "data", bad_file], ontology=[mini / "ontology" / "mini.ttl"], shapes=[mini / "ontology" / "shapes.ttl"]
    )
    return validate_compiled(kg, queries_dir=mini / "queries")


@pytest.fixture(scope="module")
def check_report():  # type: ignore[no-untyped-def]
    """``zjkg check`` of the check fixtures with one SHACL and one quality defect, run from the checkout."""
    from zhangjiang_kg.checks.steps import run_check
    from zhangjiang_kg.checks.target import resolve_target

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(TESTS.parent)
        patch.delenv("CI", raising=False)
        return run_check(
            resolve_target(
                [
                    CHECK_FIXTURES / "base",
                    CHECK_FIXTURES / "trips" / "shacl.ttl",
                    CHECK_FIXTURES / "trips" / "ontology" / "quality.ttl",
                ]
            ),
            source_text=CHECK_FIXTURES / "base" / "source.txt",
        )


SHACL_PREFIXES = """@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.fixture
def shacl_prefixes() -> str:
    """The prefixes :func:`validate_snippet` puts before data and shapes."""
    return SHACL_PREFIXES


@pytest.fixture
def validate_snippet(tmp_path: Path) -> Callable[[str, str], object]:
    """Validate Turtle ``data`` against Turtle ``shapes`` (both without prefixes: ``ex:``, ``sh:`` given)."""
    from zhangjiang_kg.store.graph import load
    from zhangjiang_kg.validation import validate_pyshacl

    def run(data: str, shapes: str):  # type: ignore[no-untyped-def]
        (tmp_path / "data.ttl").write_text(SHACL_PREFIXES + data)
        (tmp_path / "shapes.ttl").write_text(SHACL_PREFIXES + shapes)
        kg = load([tmp_path / "data.ttl"], ontology=[], shapes=[tmp_path / "shapes.ttl"])
        return validate_pyshacl(kg, run_queries=False)

    return run
