"""Time limits and Ctrl-C for work that Python cannot interrupt by itself.

Oxigraph evaluates a query in Rust with the GIL released, and Python only runs a signal
handler when control comes back to the interpreter: a cartesian product that yields no row keeps
``next()`` inside Rust for minutes, ignoring Ctrl-C and ``signal.alarm`` alike (measured: an
``ITIMER_REAL`` alarm set to 1 s never fired during such a query). Running the work in a daemon
thread and *waiting* for it in the main thread fixes both: the wait wakes up every fraction of a
second, so a deadline is noticed and Ctrl-C raises ``KeyboardInterrupt`` at once.

The cost, said plainly: a thread cannot be killed. Work past its deadline is abandoned, not
stopped; it keeps one core busy until it ends or the process exits (the CLI exits right away).

pyoxigraph's result iterators may only be freed by the thread that made them (freeing one
elsewhere raises and leaks it, and a leaked iterator keeps an on-disk store locked), so the
worker clears the frames of any exception it hands over: their locals are freed in the worker.
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
    """Return ``work()``, or give up waiting after ``seconds`` (``None``: no limit).

    Exceptions of ``work`` are raised here unchanged; Ctrl-C while waiting raises
    ``KeyboardInterrupt`` here even when ``work`` is inside native code.

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
