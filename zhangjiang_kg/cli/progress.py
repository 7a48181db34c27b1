"""Progress of long work: a bar on standard error when it is a terminal and ``--quiet`` is off, so
pipes, files and CI logs get the result alone."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

import click

T = TypeVar("T")


def showing() -> bool:
    """Whether progress is drawn: standard error is a terminal and ``--quiet`` is off."""
    ctx = click.get_current_context(silent=True)
    quiet = bool(ctx and ctx.find_root().params.get("quiet"))
    return not quiet and sys.stderr.isatty()


@contextmanager
def progress(items: Iterable[T], label: str, length: int | None = None) -> Iterator[Iterable[T]]:
    """``items`` as they are worked through, behind a bar labelled ``label`` when :func:`showing`."""
    if not showing():
        yield items
        return
    with click.progressbar(
        items, length=length, label=label, file=sys.stderr, show_pos=True, item_show_func=_name
    ) as bar:
        yield bar


def _name(item: object) -> str | None:
    """What the bar shows beside itself: the item's ``name`` when it has one (a query, a stage)."""
    name = getattr(item, "name", item)
    return name if isinstance(name, str) else None


@contextmanager
def meter(label: str) -> Iterator[Callable[[int, int, str], None]]:
    """A callback ``tick(done, total, name)`` moving a bar labelled ``label`` when :func:`showing`.

    ``total`` may grow as the work learns its size (a validation knows its shapes once the graph
    is loaded); ``name`` says what is under way.
    """
    if not showing():
        yield lambda _done, _total, _name: None
        return
    with click.progressbar(length=1, label=label, file=sys.stderr, show_pos=True, item_show_func=_name) as bar:

        def tick(done: int, total: int, name: str) -> None:
            bar.length = max(total, 1)
            bar.finished = False  # a total that grew reopens a bar its earlier total had filled
            bar.update(done - bar.pos, name)

        yield tick


@contextmanager
def stages(names: Sequence[str], label: str) -> Iterator[Callable[[str], None]]:
    """A callback to call as each of ``names`` starts, moving a bar labelled ``label`` when :func:`showing`."""
    with meter(label) as tick:
        yield lambda name: tick(names.index(name), len(names), name)
