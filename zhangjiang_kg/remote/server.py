"""Processes that run for a while: signals that stop them cleanly (:func:`stop_on_signals`) and
children that die with them (:func:`die_with_parent`)."""

from __future__ import annotations

import contextlib
import ctypes
import signal
from collections.abc import Iterator
from typing import Any


class Stopped(BaseException):
    """Raised in the main thread by SIGTERM or SIGHUP, so ``finally`` blocks run and clean up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise :class:`Stopped`."""

    def handler(signum: int, _frame: Any) -> None:
        raise Stopped(signum)

    previous = {signum: signal.signal(signum, handler) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def die_with_parent() -> None:  # pragma: no cover - runs in the child, between fork and exec
    """Ask Linux to send the child SIGTERM when the parent dies, however it dies.

    Linux ties this to the *thread* that started the child: start servers from a thread that
    lives as long as they should (the main thread, in the CLI and the tests).
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
