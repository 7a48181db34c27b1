"""Long work draws a progress bar on a terminal only, never into pipes, files or under ``zjkg --quiet``."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.cli.progress import meter, progress, stages
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
    drawn = terminal.getvalue()
    assert "Validating" in drawn
    assert "SHACL" in drawn
    assert "violation checks" in drawn
    # The bar moves within SHACL, shape by shape: many positions, not the two stages alone.
    positions = {int(done) for done, _total in re.findall(r"(\d+)/(\d+)  SHACL", drawn)}
    assert len(positions) > 10
    assert out.getvalue().startswith("Graph conforms")


def test_validate_draws_nothing_without_a_terminal() -> None:
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert "Validating" not in result.stderr


def _drawn(work: Callable[[], object]) -> str:
    """What ``work`` draws on a terminal's standard error, progress on."""
    stream = Terminal()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stderr", stream)
        with click.Context(cli, info_name="zjkg") as ctx:
            ctx.params["quiet"] = False
            work()
    return stream.getvalue()


def test_a_meter_takes_a_total_that_grows() -> None:
    def work() -> None:
        with meter("Working") as tick:
            tick(0, 1, "starting")
            tick(1, 1, "started")
            tick(3, 10, "halfway")

    drawn = _drawn(work)
    assert "1/1" in drawn
    assert "3/10  halfway" in drawn


def test_load_moves_its_bar_with_the_triples_sent(tmp_path: Path) -> None:
    drawn = _drawn(lambda: cli.main(["load", "--store-path", str(tmp_path / "s")], "zjkg", standalone_mode=False))
    assert "Loading" in drawn
    sent = [int(done) for done, _total in re.findall(r"(\d+)/(\d+)  <https://w3id", drawn)]
    assert len(sent) == 3  # one step per graph
    assert sent == sorted(sent)
    assert f"{sent[-1]}/{sent[-1]}" in drawn


def test_load_draws_nothing_without_a_terminal_or_with_quiet(tmp_path: Path) -> None:
    plain = CliRunner().invoke(cli, ["load", "--store-path", str(tmp_path / "a")])
    assert plain.exit_code == 0, plain.output
    assert "Loading" not in plain.stderr
    quiet = _drawn(
        lambda: cli.main(["--quiet", "load", "--store-path", str(tmp_path / "b")], "zjkg", standalone_mode=False)
    )
    assert quiet == ""


def test_the_compiled_validator_reports_each_shape(mini_kg) -> None:  # type: ignore[no-untyped-def]
    from zhangjiang_kg.validation import validate_compiled

    seen: list[tuple[int, int]] = []
    validate_compiled(mini_kg, on_shape=lambda done, total: seen.append((done, total)))
    total = seen[0][1]
    assert total > 1
    assert seen == [(done, total) for done in range(total + 1)]


def test_validate_under_quiet_draws_nothing_on_a_terminal() -> None:
    drawn = _drawn(lambda: cli.main(["--quiet", "validate"], "zjkg", standalone_mode=False))
    assert drawn == ""
