"""The repository quotes the article within limits: no verbatim span of it longer than 60
characters in any tracked file, and at most a quarter of its body reproduced in spans of 20 or more
characters, all files together (data, queries, tests, expected answers, docs, README).

Text is compared case-insensitively with runs of white space as one space, so re-wrapping or
re-casing a passage does not hide it. The article is China Daily's; these figures are what the
README and ``dcterms:rights`` promise. Like the evidence tests, this needs the article's text
(``ZJKG_SOURCE_TEXT`` or ``../shared/seed/``) and skips without it, except under ``CI=true``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from zhangjiang_kg.checks.evidence import sha256_text

from quotation import BODY, MAX_BODY_SHARE, MAX_SPAN, MIN_SPAN, SHA256, Measure, measure

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".git", ".venv", "build", "dist", "node_modules", "__pycache__", ".pytest_cache"}


def repository_files() -> list[Path]:
    """Tracked files (git ls-files), or every file outside tool folders when git is not there."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        names = [n for n in listed.decode("utf-8").split("\0") if n]
        return [ROOT / n for n in names if (ROOT / n).is_file()]
    except (OSError, subprocess.CalledProcessError):
        found = []
        for folder, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
            found.extend(Path(folder) / f for f in files)
        return found


@pytest.fixture(scope="module")
def text(article_text: str) -> str:
    """The article text (the shared fixture), checked to be the one the graph's offsets count in."""
    found = article_text
    assert sha256_text(found) == SHA256, "another text: the body's offsets count in the one the graph records"
    return found


@pytest.fixture(scope="module")
def figures(text: str) -> Measure:
    result = measure(text, repository_files(), ROOT)
    print(
        f"\nquotation: longest span {result.longest} characters ({result.longest_file}); "
        f"{result.covered} of {result.body} body characters ({result.share:.1%}) in spans of {MIN_SPAN}+"
    )
    return result


def test_no_verbatim_span_longer_than_sixty_characters(figures: Measure) -> None:
    assert figures.longest <= MAX_SPAN, (
        f"{figures.longest_file} holds {figures.longest} characters of the article verbatim"
    )


def test_at_most_a_quarter_of_the_body_is_reproduced(figures: Measure) -> None:
    assert figures.share <= MAX_BODY_SHARE, f"{figures.share:.1%} of the body is in spans of {MIN_SPAN}+ characters"


def test_the_measure_finds_what_it_should(text: str, tmp_path: Path) -> None:
    """The measure itself: a copied passage counts, re-wrapped and re-cased; a short one does not."""
    passage = text[BODY[0] : BODY[0] + 100]
    copy = tmp_path / "copy.md"
    copy.write_text(passage.upper().replace(" ", "\n", 3), encoding="utf-8")
    assert measure(text, [copy]).longest >= 100
    short = tmp_path / "short.md"
    short.write_text(text[BODY[0] : BODY[0] + MIN_SPAN - 1], encoding="utf-8")
    assert measure(text, [short]).covered == 0
