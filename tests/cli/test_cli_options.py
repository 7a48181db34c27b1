"""Options several commands share (``--output``, the report ``--format``, the graph's files,
``--timeout``, ``--store-path``, ``--queries``) are declared once (``cli/options.py``) and used by every command."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli

PACKAGE = Path(__file__).resolve().parents[2] / "zhangjiang_kg"


@pytest.mark.parametrize(
    "option", ["--output", "--timeout", "--store-path", "--queries", "--data", "--ontology", "--shapes"]
)
def test_a_shared_option_is_declared_only_in_the_shared_options(option: str) -> None:
    declared = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if re.search(rf"""click\.option\(\s*["']{option}["']""", path.read_text(encoding="utf-8"))
    }
    assert declared <= {"cli/options.py"}


def test_every_timeout_and_store_path_reads_the_same() -> None:
    """The same option is the same everywhere: at least 0.1 s; a directory that need not exist yet."""
    timeouts = {name: p for name, c in cli.commands.items() for p in c.params if p.name == "timeout"}
    assert {"validate", "query", "export", "load"} <= set(timeouts)
    assert {str(p.type) for p in timeouts.values()} == {"<FloatRange x>=0.1>"}
    stores = {name: p for name, c in cli.commands.items() for p in c.params if p.name == "store_path"}
    assert {"validate", "query", "export", "stats", "load"} <= set(stores)
    assert len({repr(p.type.to_info_dict()) for p in stores.values()}) == 1


def test_every_output_option_has_the_short_form_and_help() -> None:
    outputs = {
        name: next((p for p in command.params if p.name == "output"), None) for name, command in cli.commands.items()
    }
    used = {name: option for name, option in outputs.items() if option is not None}
    assert {"validate", "check", "query", "queries", "export", "stats", "diff", "docs", "diagram"} <= set(used)
    for name, option in used.items():
        assert option.opts == ["--output", "-o"] or option.opts == ["-o", "--output"], name
        assert option.help, name


def test_the_graph_options_read_the_same_on_every_command() -> None:
    takers = {
        name: command
        for name, command in cli.commands.items()
        if any(p.name == "allow_network" for p in command.params)
    }
    assert {"validate", "query", "export", "stats", "load", "serve"} <= set(takers)
    for option in ("data", "ontology", "shapes", "allow_network"):
        seen = {
            name: param.to_info_dict()
            for name, command in takers.items()
            for param in command.params
            if param.name == option
        }
        assert len(seen) == len(takers), option  # validate reads --data too (and PATHS, its synonym)
        first = next(iter(seen.values()))
        assert all(info == first for info in seen.values()), option


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "--format", "json"],
        ["check", "--skip", "evidence", "--skip", "format", "--format", "json"],
    ],
)
def test_data_gives_graph_files_as_positional_paths_do(runner: CliRunner, mini: Path, command: list[str]) -> None:
    """``--data`` names graph files in every command; positional PATHS stay a synonym where they were."""
    given = [str(mini / "data" / "funds.ttl")]
    by_option = runner.invoke(cli, [*command, "--data", *given])
    by_position = runner.invoke(cli, [*command, *given])
    assert by_option.exit_code == by_position.exit_code
    assert _without_times(by_option.stdout) == _without_times(by_position.stdout)
    assert "funds.ttl" in by_option.stdout


def _without_times(report: str) -> str:
    return re.sub(r'"(seconds|elapsed)": [0-9.]+', "", report)


#: Commands that read the graph: each takes its files with ``--data``.
GRAPH_READERS = ("validate", "check", "query", "export", "stats", "load", "serve")


@pytest.mark.parametrize("name", GRAPH_READERS)
def test_every_command_that_reads_the_graph_takes_data(name: str) -> None:
    assert any("--data" in getattr(p, "opts", []) for p in cli.commands[name].params)


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_the_format_for_people_is_called_text_everywhere(name: str) -> None:
    formats = next((p for p in cli.commands[name].params if p.name == "fmt"), None)
    if formats is None or not isinstance(formats.type, click.Choice):
        return
    assert "table" not in formats.type.choices
    if formats.default is not None and formats.default not in ("turtle", "svg"):
        assert formats.default == "text"
