"""Notices: things worth a warning that are not errors, such as an input file with no statement
(most often a wrong path or a failed download). Whoever runs the work collects them
(:func:`collect_notices`): the CLI prints ``warning:`` lines, ``zjkg check`` makes findings.

>>> with collect_notices() as found:
...     notice("a.ttl: holds no statements")
...     notice("a.ttl: holds no statements")
>>> found
['a.ttl: holds no statements']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_collectors: list[tuple[list[str], Callable[[str], None] | None]] = []


def notice(message: str) -> None:
    """Report ``message`` to the innermost collector (once per collector), else log it as a warning."""
    if not _collectors:
        import logging  # start-up: the CLI always collects, and logging costs it 2 ms

        logging.getLogger("zhangjiang_kg").warning("%s", message)
        return
    found, echo = _collectors[-1]
    if message not in found:
        found.append(message)
        if echo is not None:
            echo(message)


@contextmanager
def collect_notices(echo: Callable[[str], None] | None = None) -> Iterator[list[str]]:
    """Collect the notices given while the block runs; ``echo`` is also called on each new one."""
    found: list[str] = []
    entry = (found, echo)
    _collectors.append(entry)
    try:
        yield found
    finally:
        _collectors[:] = [c for c in _collectors if c is not entry]


def no_statements(path: Path) -> None:
    """The notice for a file that holds no statement."""
    notice(f"{path}: holds no statements (empty, or only comments and prefixes); nothing was loaded from it")
