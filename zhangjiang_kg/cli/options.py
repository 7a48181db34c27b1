"""Options several commands share, declared once, and the helpers that act on their values
(:func:`emit` writes ``--output``; :class:`GraphInputs` opens the graph ``--data``, ``--ontology``,
``--shapes`` and ``--allow-network`` name)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from ..store.graph import KnowledgeGraph, load

F = TypeVar("F", bound=Callable[..., Any])


class AliasedChoice(click.Choice[str]):
    """A choice that also takes earlier names of its values, unlisted (documented command lines still work)."""

    def __init__(self, choices: Sequence[str], aliases: dict[str, str]) -> None:
        super().__init__(choices)
        self.aliases = aliases

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return super().convert(self.aliases.get(value, value), param, ctx)


#: ``--data``, ``--ontology`` and ``--shapes``: the option name and what its files hold.
_GRAPH_INPUTS = (
    ("data", "Data file or folder instead of the packaged data (repeatable)."),
    ("ontology", "Ontology file or folder instead of the packaged one (repeatable)."),
    ("shapes", "SHACL shapes file or folder instead of the packaged ones (repeatable)."),
)


def max_answer_option(func: F) -> F:
    """``--max-answer MIB``: the largest answer read from an endpoint (see :mod:`..remote.http`)."""

    def apply(_ctx: click.Context, _param: click.Parameter, value: int | None) -> None:
        if value is not None:
            from ..remote.http import limit_answers

            limit_answers(value << 20)

    return click.option(
        "--max-answer",
        type=click.IntRange(min=1),
        metavar="MIB",
        expose_value=False,
        callback=apply,
        help="Largest answer read from an endpoint, in MiB (default 256); a larger one is refused.",
    )(func)


def output_option(
    help: str = "Write to FILE instead of standard output.",
    *,
    folder: bool = False,
    default: Path | None = None,
) -> Callable[[F], F]:
    """``--output`` / ``-o``: a file to write (or, with ``folder``, a folder to write into)."""
    kind = (
        click.Path(file_okay=False, path_type=Path)
        if folder
        else click.Path(dir_okay=False, writable=True, path_type=Path)
    )
    return click.option("--output", "-o", type=kind, default=default, show_default=default is not None, help=help)


def emit(content: str | bytes | Iterable[bytes], output: Path | None) -> None:
    """Write a command's result to ``--output`` (atomically), or to standard output without it.

    Pieces of bytes are written in turn, never joined: a big export would be held twice.
    """
    pieces = [content] if isinstance(content, str | bytes) else content
    if output is None:
        for piece in pieces:
            click.echo(piece, nl=False)
        return
    from ..rdfio.write import atomic_output  # start-up: shutil and tempfile, 2 ms, only for a file

    with atomic_output(output) as stream:
        for piece in pieces:
            stream.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))


def report_format_option(default: str | None = "text", help: str | None = None) -> Callable[[F], F]:
    """``--format``: one of the report formats (text, json, turtle, junit, sarif, github)."""
    from ..reports.formats import FORMAT_NAMES  # start-up: the report writers, for validate and check only

    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMAT_NAMES),
        default=default,
        show_default=default is not None,
        help=help or "Report format: text for people, json, turtle (a SHACL report), junit, sarif or github.",
    )


@dataclass(frozen=True)
class GraphInputs:
    """What :func:`graph_inputs` collected: the files of each graph and whether the network may be used."""

    data: tuple[Path, ...]
    ontology: tuple[Path, ...]
    shapes: tuple[Path, ...]
    allow_network: bool

    def load(self, store_path: Path | None = None, *, index: bool = True, shapes: bool = True) -> KnowledgeGraph:
        """The graph these files make, in memory or in the ``--store-path`` directory.

        With a store directory and no data files, a store that already holds a graph is reused as it
        is; ``index=False``: see :func:`zhangjiang_kg.store.graph.load`. ``shapes=False`` leaves the
        packaged shapes out (shapes given with ``--shapes`` are always read).
        """
        return load(
            self.data or None,
            ontology=self.ontology or None,
            shapes=self.shapes or (None if shapes else ()),
            allow_network=self.allow_network,
            path=store_path,
            reuse=not self.data,
            index=index,
        )


def graph_inputs(func: F) -> F:
    """``--data``, ``--ontology``, ``--shapes`` and ``--allow-network``, handed to the command as one
    ``graph`` argument (a :class:`GraphInputs`)."""

    @functools.wraps(func)
    def bundled(
        *args: Any,
        data: tuple[Path, ...],
        ontology: tuple[Path, ...],
        shapes: tuple[Path, ...],
        allow_network: bool,
        **kwargs: Any,
    ) -> Any:
        return func(*args, graph=GraphInputs(data, ontology, shapes, allow_network), **kwargs)

    bundled = click.option(
        "--allow-network",
        is_flag=True,
        help="Allow fetching remote JSON-LD contexts and owl:imports (refused by default).",
    )(bundled)
    for name, help in reversed(_GRAPH_INPUTS):
        bundled = paths_option(f"--{name}", help)(bundled)
    return bundled  # type: ignore[return-value]


def paths_option(name: str, help: str) -> Callable[[F], F]:
    """A repeatable option naming existing files or folders (``--data``, ``--shapes``, ``--queries``...)."""
    return click.option(name, name.lstrip("-"), multiple=True, type=click.Path(exists=True, path_type=Path), help=help)


def timeout_option(help: str, default: float | None = None, name: str = "--timeout") -> Callable[[F], F]:
    """``--timeout SECONDS`` (or ``name``): how long work may run, at least 0.1 s."""
    return click.option(
        name, type=click.FloatRange(min=0.1), default=default, show_default=default is not None, help=help
    )


def queries_option(help: str = "Folder of saved queries instead of the packaged ones.") -> Callable[[F], F]:
    """``--queries DIR``: where saved queries (or ``*-violation.rq`` checks) are read from."""
    return click.option(
        "--queries", "queries_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), help=help
    )


def store_option(
    help: str = "Keep the store in this directory (persistent); without --data, a store already there is reused.",
) -> Callable[[F], F]:
    """``--store-path``: keep the store in a directory, to load a big graph once and query it many times."""
    return click.option("--store-path", "store_path", type=click.Path(file_okay=False, path_type=Path), help=help)
