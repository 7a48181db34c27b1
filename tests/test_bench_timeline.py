"""The benchmarks' step lines: on a terminal only, never with ``--quiet`` or into a file or pipe."""

from __future__ import annotations

import argparse
import io
import sys

import pytest

import timeline


class Terminal(io.StringIO):
    """Standard error as a terminal."""

    def isatty(self) -> bool:
        return True


def _run(stream: io.StringIO, argv: list[str], fail: bool = False) -> str:
    parser = argparse.ArgumentParser()
    timeline.quiet_option(parser)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stderr", stream)
        timeline.show_steps(parser.parse_args(argv).quiet)
        with timeline.step("loading"):
            pass
        if fail:
            with pytest.raises(KeyError), timeline.step("querying"):
                raise KeyError("boom")
    return stream.getvalue()


def test_a_terminal_gets_a_line_per_step_with_its_time() -> None:
    lines = _run(Terminal(), [], fail=True).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("loading ... done in ")
    assert lines[0].endswith(" s)")
    assert lines[1].startswith("querying ... failed after ")


def test_quiet_draws_nothing() -> None:
    assert _run(Terminal(), ["--quiet"]) == ""


def test_no_terminal_no_lines() -> None:
    assert _run(io.StringIO(), []) == ""
