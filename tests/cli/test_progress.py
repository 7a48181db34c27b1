"""Long work draws a progress bar on a terminal only, never into pipes, files or under ``zjkg --quiet``."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.cli.progress import progress, stages
from zhangjiang_kg.site.build import STAGES, build_site


class Terminal(io.StringIO):
    """Standard error as a terminal."""

    def isatty(self) -> bool:
        return True


def _work(quiet: bool) -> tuple[list[int], str]:
    stream = Terminal()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stderr", stream)
        with click.Context(cli, info_name="zjkg") as ctx:
            ctx.params["quiet"] = quiet
            with progress([1, 2, 3], "Counting") as items:
                done = list(items)
    return done, stream.getvalue()


def test_a_terminal_gets_a_bar() -> None:
    done, drawn = _work(quiet=False)
    assert done == [1, 2, 3]
    assert "Counting" in drawn
    assert "3/3" in drawn


def test_quiet_draws_nothing() -> None:
    done, drawn = _work(quiet=True)
    assert done == [1, 2, 3]
    assert drawn == ""


def test_no_terminal_no_bar() -> None:
    """Under the runner standard error is no terminal: the output is the result alone."""
    result = CliRunner().invoke(cli, ["query", "--all", "--summary"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "Running the saved queries" not in result.stdout


def test_quiet_is_an_option_of_every_command() -> None:
    result = CliRunner().invoke(cli, ["--quiet", "queries"])
    assert result.exit_code == 0
    assert result.stdout.startswith("name ")


def test_stages_move_the_bar_and_name_each_stage() -> None:
    stream = Terminal()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stderr", stream)
        with click.Context(cli, info_name="zjkg") as ctx:
            ctx.params["quiet"] = False
            with stages(("reading", "writing"), "Building") as stage:
                stage("reading")
                stage("writing")
    assert "Building" in stream.getvalue()
    assert "writing" in stream.getvalue()


def test_the_site_build_reports_its_stages_in_order(mini_kg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    build_site(mini_kg, tmp_path / "site", diagrams=False, use_pylode=False, stage=seen.append)
    assert seen == list(STAGES)


def test_validate_shows_its_stages_on_a_terminal_and_keeps_the_verdict_on_stdout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal, out = Terminal(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", out)
    cli.main(["validate"], prog_name="zjkg", standalone_mode=False)
    assert "Validating" in terminal.getvalue()
    assert "SHACL and the violation checks" in terminal.getvalue()
    assert out.getvalue().startswith("Graph conforms")


def test_validate_draws_nothing_without_a_terminal() -> None:
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert "Validating" not in result.stderr
