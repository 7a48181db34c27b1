"""A line per benchmark step on standard error, with the time it took, so a run of minutes is not silent.

Drawn only when standard error is a terminal and ``--quiet`` was not given: a run whose standard
error goes to a file or a pipe (``make bench 2> log``, CI) writes its results alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

_shown = False
_started = time.perf_counter()


def quiet_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--quiet`` (no step lines) to a benchmark's arguments."""
    parser.add_argument("--quiet", action="store_true", help="no line per step on standard error")


def show_steps(quiet: bool) -> None:
    """Draw the step lines from now on, unless ``quiet`` or standard error is not a terminal."""
    global _shown
    _shown = not quiet and sys.stderr.isatty()


@contextmanager
def step(name: str) -> Iterator[None]:
    """``name ...`` when the step starts, then its seconds and the run's so far when it ends."""
    began = time.perf_counter()
    if _shown:
        print(f"{name} ...", end="", file=sys.stderr, flush=True)
    outcome = "failed after"
    try:
        yield
        outcome = "done in"
    finally:
        if _shown:
            now = time.perf_counter()
            print(f" {outcome} {now - began:.1f} s (run: {now - _started:.0f} s)", file=sys.stderr, flush=True)
