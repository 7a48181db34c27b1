"""`zjkg diff`: entities added, removed and changed, from files, folders and git revisions."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from zhangjiang_kg.checks.diff import diff_versions, to_markdown, to_text
from zhangjiang_kg.cli.main import cli

from prerequisites import program_path, skip_reason

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


@pytest.mark.skipif(program_path("git") is None, reason=skip_reason("git"))
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


# --- blank nodes: deep, long, shared, unreferenced, cyclic -------------------------------------

S, P = "<http://example.org/s>", "<http://example.org/p>"


def _nested(depth: int, leaf: str) -> str:
    return f"{S} {P} " + f"[ {P} " * depth + leaf + " ]" * depth + " .\n"


def _listed(items: int, last: str) -> str:
    return f"{S} {P} (" + " ".join([*(f'"{i}"' for i in range(items - 1)), last]) + ") .\n"


@pytest.mark.parametrize(("make", "size"), [(_nested, 2500), (_listed, 10_000)], ids=["depth 2500", "10000-item list"])
def test_deep_nesting_and_long_lists_are_diffed_without_recursion(make, size, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Before: rendering a blank node recursed once per level (RecursionError, exit 1, a traceback)."""
    old, same, new = tmp_path / "old.ttl", tmp_path / "same.ttl", tmp_path / "new.ttl"
    old.write_text(make(size, '"leaf"'), encoding="utf-8")
    same.write_text(make(size, '"leaf"').replace(" .\n", " .\n\n"), encoding="utf-8")
    new.write_text(make(size, '"changed leaf"'), encoding="utf-8")
    assert diff_versions(str(old), str(same)).is_empty
    changed = diff_versions(str(old), str(new))
    assert [c.iri for c in changed.changed] == [S]  # the change deep inside changes the top statement
    assert any('"changed leaf"' in o for c in changed.added for _, o in c.added)
    result = CliRunner().invoke(cli, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{old} -> {new}: ")


def test_shallow_blank_nodes_are_written_inline_and_unreferenced_ones_count(tmp_path: Path) -> None:
    old, new = tmp_path / "old.ttl", tmp_path / "new.ttl"
    old.write_text(f'{S} {P} [ {P} "a" ] .\n', encoding="utf-8")
    new.write_text(f'{S} {P} [ {P} "a" ] .\n[] {P} "on its own" .\n', encoding="utf-8")
    diff = diff_versions(str(old), str(new))
    assert diff.changed == []
    assert len(diff.added) == 1
    assert diff.added[0].iri.startswith("_:c")
    assert diff.added[0].added == [(P, '"on its own"')]
    assert diff_versions(str(old), str(old)).is_empty
    removed = diff_versions(str(new), str(old)).removed
    assert removed[0].removed == [(P, '"on its own"')]


def test_a_blank_node_cycle_is_diffed(tmp_path: Path) -> None:
    cycle = tmp_path / "cycle.ttl"
    cycle.write_text(f"_:a {P} _:b . _:b {P} _:a . {S} {P} _:a .\n", encoding="utf-8")
    plain = tmp_path / "plain.ttl"
    plain.write_text(f'{S} {P} "x" .\n', encoding="utf-8")
    diff = diff_versions(str(plain), str(cycle))
    assert [c.iri for c in diff.changed] == [S]
    assert diff.changed[0].added[0][1].startswith("_:c")


def test_dtd_entities_are_refused_before_they_expand(tmp_path: Path) -> None:
    """Before: diff parsed RDF/XML itself, without the loader's refusal; 891 bytes became 300 MB."""
    from zhangjiang_kg.errors import RdfSyntaxError

    laughs = tmp_path / "laughs.rdf"
    laughs.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY a "ha"> <!ENTITY b "&a;&a;">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/s"><ex:p>&b;</ex:p></rdf:Description></rdf:RDF>\n',
        encoding="utf-8",
    )
    with pytest.raises(RdfSyntaxError, match="DTD entity declarations are refused"):
        diff_versions(str(laughs), str(laughs))


def test_blank_node_labels_are_local_to_their_file(tmp_path: Path) -> None:
    """``_:a`` in two files is two nodes: merged, the second file's statement would move into the first's node."""
    one, two, both = tmp_path / "one.ttl", tmp_path / "two.ttl", tmp_path / "both.ttl"
    one.write_text(f'{S} {P} _:a .\n_:a {P} "one" .\n', encoding="utf-8")
    two.write_text(f'_:a {P} "two" .\n', encoding="utf-8")
    both.write_text(f'{S} {P} [ {P} "one" ] .\n[] {P} "two" .\n', encoding="utf-8")
    folder = tmp_path / "split"
    folder.mkdir()
    one.rename(folder / "one.ttl")
    two.rename(folder / "two.ttl")
    assert diff_versions(str(folder), str(both)).is_empty
