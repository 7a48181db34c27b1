"""`zjkg diff`: entities added, removed and changed, from files, folders and git revisions."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from zhangjiang_kg.checks.diff import diff_versions, to_markdown, to_text
from zhangjiang_kg.cli.main import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "check" / "diff"
ZJ = "https://w3id.org/zhangjiang-kg/id/"


def test_added_removed_changed() -> None:
    diff = diff_versions(str(FIXTURES / "old.ttl"), str(FIXTURES / "new.ttl"))
    assert [c.iri for c in diff.added] == [f"<{ZJ}new-platform>"]
    assert [c.iri for c in diff.removed] == [f"<{ZJ}old-platform>"]
    assert [c.iri for c in diff.changed] == [f"<{ZJ}special-fund>"]
    assert diff.added[0].label == "new platform"
    assert diff.removed[0].label == "old platform"
    changed = diff.changed[0]
    assert changed.label == "special fund (renamed)"
    assert ("<http://www.w3.org/2000/01/rdf-schema#label>", '"special fund"@en') in changed.removed
    text = to_text(diff)
    assert "1 added, 1 removed, 1 changed" in text
    assert '+ zj:new-platform "new platform" (zjo:Platform)' in text
    assert '- rdfs:label "special fund"@en' in text


def test_reformatting_is_no_change(tmp_path: Path) -> None:
    from zhangjiang_kg.ttl.fmt import format_file

    copy = tmp_path / "new.ttl"
    shutil.copy(FIXTURES / "new.ttl", copy)
    format_file(copy)
    assert diff_versions(str(FIXTURES / "new.ttl"), str(copy)).is_empty


def test_markdown(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["diff", str(FIXTURES / "old.ttl"), str(FIXTURES / "new.ttl"), "--format", "markdown"])
    assert result.exit_code == 0
    assert "| 1 | 1 | 1 |" in result.output
    assert "| `zj:new-platform` | new platform | zjo:Platform |" in result.output
    assert "```diff" in result.output
    assert to_markdown(diff_versions(str(FIXTURES / "old.ttl"), str(FIXTURES / "new.ttl"))) == result.output
    assert (
        runner.invoke(cli, ["diff", str(FIXTURES / "old.ttl"), str(FIXTURES / "new.ttl"), "--exit-code"]).exit_code == 1
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_revisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    (tmp_path / "data").mkdir()
    git("init", "-q")
    shutil.copy(FIXTURES / "old.ttl", tmp_path / "data" / "graph.ttl")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "old")
    shutil.copy(FIXTURES / "new.ttl", tmp_path / "data" / "graph.ttl")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "new")
    monkeypatch.chdir(tmp_path)
    whole = diff_versions("HEAD~1", "HEAD")
    one_file = diff_versions("HEAD~1:data/graph.ttl", ".")
    for diff in (whole, one_file):
        assert (len(diff.added), len(diff.removed), len(diff.changed)) == (1, 1, 1)
    from zhangjiang_kg.errors import InputError

    with pytest.raises(InputError, match="neither a file or folder nor a git revision"):
        diff_versions("no-such-rev", "HEAD")
