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
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from zhangjiang_kg.evidence import SOURCE_TEXT_ENV, SOURCE_TEXT_NAME, read_source_text, sha256_text

ROOT = Path(__file__).resolve().parents[1]
#: The article's body in the text whose SHA-256 the graph records: from the first paragraph after the
#: deck to the end of the last paragraph before the captions (code points, end exclusive).
BODY = (210, 4458)
SHA256 = "482cd3806173a48a7a52742183464845675ce83a0052309630bcec006558314b"
MIN_SPAN = 20
MAX_SPAN = 60
MAX_BODY_SHARE = 0.25
SKIPPED_DIRS = {".git", ".venv", "build", "dist", "node_modules", "__pycache__", ".pytest_cache"}


@dataclass
class Measure:
    longest: int
    longest_file: str
    covered: int
    body: int

    @property
    def share(self) -> float:
        return self.covered / self.body


def _source_text_path() -> Path | None:
    env = os.environ.get(SOURCE_TEXT_ENV)
    if env:
        return Path(env)
    beside = ROOT.parent / "shared" / "seed" / SOURCE_TEXT_NAME
    return beside if beside.is_file() else None


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


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


def measure(text: str, files: list[Path]) -> Measure:
    """Longest verbatim span of the whole text in any one file; body characters inside spans >= 20."""
    whole = normalise(text)
    body_start = len(normalise(text[: BODY[0]]))
    body_end = len(normalise(text[: BODY[1]]))
    grams: dict[str, list[int]] = {}
    for k in range(len(whole) - MIN_SPAN + 1):
        grams.setdefault(whole[k : k + MIN_SPAN], []).append(k)
    covered = bytearray(len(whole))
    longest, longest_file = 0, ""
    for path in files:
        try:
            content = normalise(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue  # binary files hold no text of the article
        for i in range(len(content) - MIN_SPAN + 1):
            positions = grams.get(content[i : i + MIN_SPAN])
            if not positions:
                continue
            for k in positions:
                if i > 0 and k > 0 and content[i - 1] == whole[k - 1]:
                    continue  # not the left end of a maximal span; counted from there
                length = MIN_SPAN
                while i + length < len(content) and k + length < len(whole) and content[i + length] == whole[k + length]:
                    length += 1
                covered[k : k + length] = b"\1" * length
                if length > longest:
                    longest, longest_file = length, path.name if ROOT not in path.parents else str(path.relative_to(ROOT))
    return Measure(longest, longest_file, sum(covered[body_start:body_end]), body_end - body_start)


@pytest.fixture(scope="module")
def text() -> str:
    path = _source_text_path()
    if path is None or not path.is_file():
        message = f"the article text is needed: set {SOURCE_TEXT_ENV} to a copy of {SOURCE_TEXT_NAME}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    found = read_source_text(path)
    assert sha256_text(found) == SHA256, "another text: the body's offsets count in the one the graph records"
    return found


@pytest.fixture(scope="module")
def figures(text: str) -> Measure:
    result = measure(text, repository_files())
    print(f"\nquotation: longest span {result.longest} characters ({result.longest_file}); "
          f"{result.covered} of {result.body} body characters ({result.share:.1%}) in spans of {MIN_SPAN}+")
    return result


def test_no_verbatim_span_longer_than_sixty_characters(figures: Measure) -> None:
    assert figures.longest <= MAX_SPAN, f"{figures.longest_file} holds {figures.longest} characters of the article verbatim"


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
