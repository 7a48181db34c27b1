"""Processes that run for a while: signals that stop them cleanly, children that die with them,
and what a local Oxigraph server needs (the ``oxigraph`` binary from PyPI, a free loopback port).

:func:`stop_on_signals` turns SIGTERM and SIGHUP into a normal exit, so ``finally`` blocks clean
up; :func:`die_with_parent` asks Linux (``PR_SET_PDEATHSIG``) to stop a child with its parent,
so even a ``kill -9`` leaves no child behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import shutil
import signal
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ServerError

#: Where the servers the package and its tests start listen.
LOOPBACK = "127.0.0.1"


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` executable: beside this Python first (a virtualenv), then on PATH.

    :raises ServerError: if neither has it.
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise ServerError("the oxigraph server is not installed; install it with: pip install oxigraph")
    return found


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class Stopped(BaseException):
    """Raised in the main thread by SIGTERM or SIGHUP, so ``finally`` blocks run and clean up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def stop_on_signals(*signums: int) -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP (or ``signums``) raise :class:`Stopped`."""
    chosen = signums or (signal.SIGTERM, signal.SIGHUP)

    def handler(signum: int, _frame: Any) -> None:
        raise Stopped(signum)

    previous = {signum: signal.signal(signum, handler) for signum in chosen}
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
