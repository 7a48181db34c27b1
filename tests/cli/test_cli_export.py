"""``zjkg export`` round trips in every syntax, and ``zjkg stats``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.rdfio.export import EXPORT_FORMATS
from zhangjiang_kg.vocab import PREFIXES

from rdflib_oracle import parse_export, view

pytestmark = pytest.mark.usefixtures("shipped_files_untouched")
ZJ = PREFIXES["zj"]


def invoke(runner: CliRunner, *args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_export_formats_round_trip(
    runner: CliRunner, mini: Path, mini_args: list[str], mini_kg, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = invoke(
        runner, "export", "--format", fmt, "--graph", "data", "--data", mini / "data", *mini_args, "-o", out
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    back = parse_export(out.read_bytes(), fmt)
    graph = back.graph(view(mini_kg).data.identifier) if hasattr(back, "graphs") else back
    assert isomorphic(graph, view(mini_kg).data)


def test_export_to_stdout_defaults_to_turtle_of_everything(runner: CliRunner) -> None:
    result = invoke(runner, "export")
    assert result.exit_code == 0
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) > 100


# -- stats ---------------------------------------------------------------------------------------


def test_stats_text_and_json(runner: CliRunner, mini: Path, mini_args: list[str], tmp_path: Path) -> None:
    result = invoke(runner, "stats", "--data", mini / "data", *mini_args)
    assert result.exit_code == 0
    assert "  total             59" in result.stdout
    assert "zjo:Fund" in result.stdout
    out = tmp_path / "stats.json"
    assert invoke(runner, "stats", "--data", mini / "data", *mini_args, "--format", "json", "-o", out).exit_code == 0
    assert json.loads(out.read_text())["statuses"] == {PREFIXES["zjo"] + "Achieved": 3, PREFIXES["zjo"] + "Planned": 1}


def test_stats_of_the_shipped_graph(runner: CliRunner) -> None:
    result = invoke(runner, "stats")
    assert result.exit_code == 0
    assert "Facts per status:" in result.stdout
    assert "zjo:Achieved" in result.stdout


def test_stats_reads_a_store_kept_on_disk(runner: CliRunner, mini: Path, mini_args: list[str], tmp_path: Path) -> None:
    """``--store-path``: the first run fills the store from --data, the next reads it without loading."""
    store = tmp_path / "store"
    filled = invoke(runner, "stats", "--data", mini / "data", *mini_args, "--store-path", store, "--format", "json")
    reused = invoke(runner, "stats", "--store-path", store, "--format", "json")
    assert filled.exit_code == reused.exit_code == 0
    assert json.loads(reused.stdout) == json.loads(filled.stdout)
    assert json.loads(reused.stdout) != json.loads(invoke(runner, "stats", "--format", "json").stdout)


def test_a_big_ntriples_export_is_the_same_in_a_file_and_on_standard_output(runner: CliRunner, tmp_path: Path) -> None:
    """Written piece by piece (more lines than one piece holds), sorted, each line once."""
    lines = [f"<{ZJ}s{n:05}> <{ZJ}p> <{ZJ}o{n % 7}> .\n" for n in range(10_000)]
    data = tmp_path / "many.nt"
    data.write_text("".join(reversed(lines)) + lines[0], encoding="utf-8")
    out = tmp_path / "out.nt"
    args = ["export", "--format", "nt", "--graph", "data", "--data", data]
    assert invoke(runner, *args, "-o", out).exit_code == 0
    printed = invoke(runner, *args)
    assert out.read_text(encoding="utf-8") == printed.stdout == "".join(lines)
