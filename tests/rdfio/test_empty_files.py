"""An input file with no statement (empty, or only comments and prefixes) is named in a warning.

Before, such a file loaded silently: a wrong path or a failed download looked like a graph that
simply holds nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.rdfio.notices import collect_notices
from zhangjiang_kg.rdfio.parse import read_quads

EMPTY = {
    "empty.ttl": "",
    "comments.ttl": "# nothing yet\n@prefix zj: <https://w3id.org/zhangjiang-kg/id/> .\nPREFIX x: <http://x/>\n",
    "comments.nt": "# a comment\n\n   \n",
    "blank.trig": "\n",
}
WARNING = "warning: {}: holds no statements (empty, or only comments and prefixes); nothing was loaded from it\n"


@pytest.mark.parametrize("name", sorted(EMPTY))
def test_reading_an_empty_file_gives_a_notice(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(EMPTY[name], encoding="utf-8")
    with collect_notices() as notices:
        assert list(read_quads(path)) == []
    assert notices == [
        f"{path}: holds no statements (empty, or only comments and prefixes); nothing was loaded from it"
    ]


def test_a_file_with_a_statement_gives_none(tmp_path: Path) -> None:
    path = tmp_path / "one.nt"
    path.write_text("# a comment\n<http://x/s> <http://x/p> <http://x/o> .\n", encoding="utf-8")
    with collect_notices() as notices:
        assert len(list(read_quads(path))) == 1
    assert notices == []


@pytest.mark.parametrize(
    "args",
    [
        ["query", "platforms", "--data"],
        ["export", "--data"],
        ["validate"],
        ["load", "--store-path", "{store}", "--data"],
    ],
    ids=lambda args: " ".join(a for a in args if not a.startswith("-")),
)
@pytest.mark.parametrize("name", ["empty.ttl", "comments.nt"])
def test_commands_warn_on_stderr_naming_the_file(name: str, args: list[str], tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(EMPTY[name], encoding="utf-8")
    argv = [a.replace("{store}", str(tmp_path / "store")) for a in args] + [str(path)]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code in (0, 1), result.output  # validate: the empty data breaks shapes
    assert result.stderr == WARNING.format(path)  # once, though the file may be read twice


def test_check_reports_a_warning_finding_and_passes(tmp_path: Path) -> None:
    path = tmp_path / "empty.ttl"
    path.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--skip", "evidence", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    findings = json.loads(result.stdout)["results"]
    assert [(f["step"], f["rule"], f["severity"], f["line"]) for f in findings] == [
        ("parse", "empty-file", "warning", 1)
    ]
    assert findings[0]["file"].endswith("empty.ttl")
