"""The repository and everything built from it quote the article within limits.

Over the tracked files (data, queries, tests, expected answers, docs, README): no verbatim span of
the article longer than 60 characters, and at most a quarter of its body reproduced in spans of 20
or more characters, all files together. Over every artifact together (those files, the site
``zjkg docs`` builds, the wheel, the sdist and the graph exported in every format): no span longer
than 60 characters, and the share the README and ``dcterms:rights`` state.

Text is compared case-insensitively with runs of white space as one space, markup read as it
renders, so re-wrapping, re-casing or escaping a passage does not hide it. The article is China
Daily's; these figures are what the README and ``dcterms:rights`` promise. Like the evidence tests,
this needs the article's text (``ZJKG_SOURCE_TEXT`` or ``../shared/seed/``) and skips without it,
except under ``CI=true``. Building the artifacts takes about a minute: those tests are slow.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from zhangjiang_kg import resources
from zhangjiang_kg.checks.evidence import sha256_text
from zhangjiang_kg.cli.export import EXPORT_FORMATS
from zhangjiang_kg.cli.main import cli

from quotation import BODY, MAX_BODY_SHARE, MAX_SPAN, MIN_SPAN, SHA256, Measure, measure

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".git", ".venv", "build", "dist", "node_modules", "__pycache__", ".pytest_cache"}
DATASET = "https://w3id.org/zhangjiang-kg/id/zhangjiang-kg"
RIGHTS = "http://purl.org/dc/terms/rights"
#: The README's paragraph on the article's rights, up to the next blank line.
README_PARAGRAPH = "**What the repository holds of the article.**"


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


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def readme_paragraph() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(README_PARAGRAPH)
    return " ".join(readme[start : readme.index("\n\n", start)].split())


def dataset_rights() -> str:
    graph = Graph().parse(ROOT / "data" / "dataset.ttl", format="turtle")
    (rights,) = list(graph.objects(URIRef(DATASET), URIRef(RIGHTS)))
    assert isinstance(rights, Literal)
    return str(rights)


def stated(text: str, scope: str) -> tuple[int, float]:
    """The figure a rights statement gives for ``scope``: ``N of the body's 4,229 characters (P%)``."""
    pattern = rf"{scope}[^;.]*?([\d,]+) of the (?:article's )?body's ([\d,]+) characters \((\d+\.\d)%\)"
    match = re.search(pattern, text)
    assert match, f"no figure for {scope!r} in: {text}"
    return int(match.group(1).replace(",", "")), float(match.group(3))


def show(result: Measure) -> str:
    return f"{result.covered} of the body's {result.body:,} characters ({result.share:.1%})"


@pytest.fixture(scope="module")
def text(article_text: str) -> str:
    """The article text (the shared fixture), checked to be the one the graph's offsets count in."""
    found = article_text
    assert sha256_text(found) == SHA256, "another text: the body's offsets count in the one the graph records"
    return found


@pytest.fixture(scope="module")
def figures(text: str) -> Measure:
    result = measure(text, repository_files(), ROOT)
    print(f"\nquotation, repository files: longest span {result.longest} ({result.longest_file}); {show(result)}")
    return result


def test_no_verbatim_span_longer_than_sixty_characters(figures: Measure) -> None:
    assert figures.longest <= MAX_SPAN, (
        f"{figures.longest_file} holds {figures.longest} characters of the article verbatim"
    )


def test_at_most_a_quarter_of_the_body_is_reproduced(figures: Measure) -> None:
    assert figures.share <= MAX_BODY_SHARE, f"{figures.share:.1%} of the body is in spans of {MIN_SPAN}+ characters"


@pytest.mark.parametrize("statement", [readme_paragraph, dataset_rights], ids=["README", "dcterms:rights"])
def test_the_rights_statements_give_the_repository_figure(figures: Measure, statement: object) -> None:
    """The README and the dataset's rights give what the test measures over the tracked files."""
    assert callable(statement)
    covered, share = stated(statement(), "repository's files")
    assert (covered, share) == (figures.covered, round(figures.share * 100, 1)), (
        f"the statement says {covered} ({share}%); the repository's files hold {show(figures)}"
    )


def test_the_measure_finds_what_it_should(text: str, tmp_path: Path) -> None:
    """The measure itself: a copied passage counts, re-wrapped and re-cased; a short one does not."""
    passage = text[BODY[0] : BODY[0] + 100]
    copy = tmp_path / "copy.md"
    copy.write_text(passage.upper().replace(" ", "\n", 3), encoding="utf-8")
    assert measure(text, [copy]).longest >= 100
    short = tmp_path / "short.md"
    short.write_text(text[BODY[0] : BODY[0] + MIN_SPAN - 1], encoding="utf-8")
    assert measure(text, [short]).covered == 0


def test_markup_is_read_as_it_renders(text: str, tmp_path: Path) -> None:
    """An escaped apostrophe or a tag inside a passage does not hide it; a tag between two
    fragments counts as the space a reader sees."""
    passage = text[BODY[0] : BODY[0] + 80]
    page = tmp_path / "page.html"
    page.write_text("<p>" + passage.replace("'", "&#x27;").replace(" ", " <em>", 1) + "</em></p>", encoding="utf-8")
    assert measure(text, [page]).longest >= 80
    same_in_text = tmp_path / "page.txt"
    same_in_text.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    assert measure(text, [same_in_text]).longest < 80


# --- every artifact: the site, the wheel, the sdist and the exports --------------------------


def _extract(archive: Path, into: Path) -> Path:
    into.mkdir()
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as wheel:
            wheel.extractall(into)
    else:
        with tarfile.open(archive) as sdist:
            sdist.extractall(into, filter="data")
    return into


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """The files of each artifact, built from this checkout."""
    out = tmp_path_factory.mktemp("artifacts")
    runner = CliRunner()
    built = runner.invoke(cli, ["docs", "--output", str(out / "site"), "--no-diagrams"])
    assert built.exit_code == 0, built.output
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--sdist",
            "--no-isolation",
            "--outdir",
            str(out / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = (out / "dist").glob("*.whl")
    (sdist,) = (out / "dist").glob("*.tar.gz")
    exports = []
    for fmt in EXPORT_FORMATS:
        target = out / "exports" / f"graph.{fmt}"
        target.parent.mkdir(exist_ok=True)
        exported = runner.invoke(cli, ["export", "--format", fmt, "--output", str(target)])
        assert exported.exit_code == 0, exported.output
        exports.append(target)
    return {
        "repository": repository_files(),
        "site": files_under(out / "site"),
        "wheel": files_under(_extract(wheel, out / "wheel")),
        "sdist": files_under(_extract(sdist, out / "sdist")),
        "exports": exports,
    }


@pytest.fixture(scope="module")
def every_artifact(text: str, artifacts: dict[str, list[Path]]) -> Measure:
    for name, files in artifacts.items():
        part = measure(text, files)
        print(
            f"\nquotation, {name}: {len(files)} files, longest span {part.longest} ({part.longest_file}); {show(part)}"
        )
    result = measure(text, [path for files in artifacts.values() for path in files])
    print(f"\nquotation, every artifact together: longest span {result.longest}; {show(result)}")
    return result


@pytest.mark.slow
def test_every_artifact_was_built(artifacts: dict[str, list[Path]]) -> None:
    assert len(artifacts["site"]) > 100
    assert any(path.name == "METADATA" for path in artifacts["wheel"])
    assert any(path.name == "README.md" for path in artifacts["sdist"])
    shipped = {path.name for path in resources.data_files()}
    assert shipped <= {path.name for path in artifacts["wheel"]}
    assert all(path.stat().st_size > 10_000 for path in artifacts["exports"])


@pytest.mark.slow
def test_no_artifact_holds_a_span_longer_than_sixty_characters(every_artifact: Measure) -> None:
    assert every_artifact.longest <= MAX_SPAN, (
        f"{every_artifact.longest_file} holds {every_artifact.longest} characters"
    )


@pytest.mark.slow
@pytest.mark.parametrize("statement", [readme_paragraph, dataset_rights], ids=["README", "dcterms:rights"])
def test_the_rights_statements_give_the_figure_over_every_artifact(every_artifact: Measure, statement: object) -> None:
    """What the README and the dataset's rights say of all artifacts together is what is measured."""
    assert callable(statement)
    covered, share = stated(statement(), "every artifact together")
    assert (covered, share) == (every_artifact.covered, round(every_artifact.share * 100, 1)), (
        f"the statement says {covered} ({share}%); every artifact together holds {show(every_artifact)}"
    )
