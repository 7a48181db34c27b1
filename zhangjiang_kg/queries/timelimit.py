"""Time limits and Ctrl-C for work that Python cannot interrupt by itself.

Oxigraph evaluates in Rust with the GIL released, and Python runs signal handlers only back in
the interpreter: a cartesian product yielding no row keeps ``next()`` in Rust for minutes,
deaf to Ctrl-C and ``signal.alarm``. So the work runs in a daemon thread while the main thread
waits in short slices, noticing a deadline or Ctrl-C at once. A thread cannot be killed: work
past its deadline is abandoned, busy until it ends or the process exits. pyoxigraph's result
iterators may only be freed by the thread that made them (elsewhere one leaks, keeping an
on-disk store locked), so the worker clears the frames of any exception it hands over.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import TypeVar

from ..errors import QueryError

T = TypeVar("T")

#: How often the waiting thread wakes up to check the deadline (and let Ctrl-C in).
_POLL_SECONDS = 0.1


def call_with_limit(work: Callable[[], T], seconds: float | None, what: str) -> T:
    """Return ``work()`` or raise its exception, or give up waiting after ``seconds`` (``None``: no
    limit); Ctrl-C raises ``KeyboardInterrupt`` here even while ``work`` is in native code.

    :raises QueryError: ``work`` did not finish in time; the message names ``what``.
    """
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:
            _clear_frames(exc)
            outcome["error"] = exc

    worker = threading.Thread(target=run, name=f"zjkg: {what}", daemon=True)
    deadline = None if seconds is None else time.monotonic() + seconds
    worker.start()
    while worker.is_alive():
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            raise QueryError(f"{what} did not finish within {seconds:g} s (--timeout); abandoned")
        worker.join(_POLL_SECONDS if remaining is None else min(_POLL_SECONDS, remaining))
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _clear_frames(error: BaseException | None) -> None:
    """Drop the local variables of the frames in ``error``'s tracebacks (and its causes')."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        traceback.clear_frames(error.__traceback__)
        error = error.__cause__ or error.__context__
