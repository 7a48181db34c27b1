"""call_with_limit: the value or the work's own error comes back; a deadline and Ctrl-C end the wait."""

from __future__ import annotations

import _thread
import threading

import pytest
from zhangjiang_kg.errors import QueryError
from zhangjiang_kg.queries.timelimit import call_with_limit


def test_the_value_comes_back() -> None:
    assert call_with_limit(lambda: 42, 5, "answer") == 42


def test_the_work_s_own_error_comes_back_unchanged() -> None:
    def fail() -> None:
        raise ValueError("bad value")

    with pytest.raises(ValueError, match="bad value"):
        call_with_limit(fail, None, "failing work")


def test_the_deadline_ends_the_wait_on_work_that_never_ends() -> None:
    never = threading.Event()
    with pytest.raises(QueryError, match=r"^query 'stuck' did not finish within 0.2 s \(--timeout\); abandoned$"):
        call_with_limit(lambda: never.wait(), 0.2, "query 'stuck'")
    never.set()


def test_ctrl_c_ends_the_wait_at_once() -> None:
    never, started = threading.Event(), threading.Event()

    def work() -> None:
        started.set()
        _thread.interrupt_main()  # what Ctrl-C does: KeyboardInterrupt in the main thread
        never.wait()

    with pytest.raises(KeyboardInterrupt):
        call_with_limit(work, None, "endless work")
    assert started.is_set()
    never.set()
