"""Options several commands share, declared once, and the helpers that act on their values.

``--output`` (:func:`emit` writes there), the report ``--format``, the graph's ``--data`` /
``--ontology`` / ``--shapes`` / ``--allow-network`` (:func:`load_graph` opens what they name), and
``--engine`` / ``--store-path`` for big graphs. The report formats come from
:data:`zhangjiang_kg.reports.formats.REPORT_FORMATS`, the one table ``validate`` and ``check`` both
render through, so the two commands accept the same names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from ..engines.base import ENGINES as ENGINE_CHOICES
from ..reports.formats import FORMAT_NAMES

F = TypeVar("F", bound=Callable[..., Any])


class AliasedChoice(click.Choice[str]):
    """A choice that also takes earlier names of its values (kept so documented command lines still
    work) without listing them: ``--help`` and error messages show the current names only."""

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


def output_option(
    help: str = "Write to FILE instead of standard output.",
    *,
    folder: bool = False,
    required: bool = False,
    default: Path | None = None,
) -> Callable[[F], F]:
    """``--output`` / ``-o``: a file to write (or, with ``folder``, a folder to write into)."""
    kind = (
        click.Path(file_okay=False, path_type=Path)
        if folder
        else click.Path(dir_okay=False, writable=True, path_type=Path)
    )
    return click.option(
        "--output",
        "-o",
        type=kind,
        required=required,
        default=default,
        show_default=default is not None,
        help=help,
    )


def emit(content: str | bytes, output: Path | None) -> None:
    """Write a command's result to ``--output`` (atomically), or to standard output without it."""
    from ..rdfio.write import write_atomic

    if output is None:
        click.echo(content, nl=False)
    else:
        write_atomic(output, content if isinstance(content, bytes) else content.encode("utf-8"))


def report_format_option(default: str | None = "text", help: str | None = None) -> Callable[[F], F]:
    """``--format``: one of the report formats (text, json, turtle, junit, sarif, github)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMAT_NAMES),
        default=default,
        show_default=default is not None,
        help=help or "Report format: text for people, json, turtle (a SHACL report), junit, sarif or github.",
    )


def graph_options(with_data: bool) -> Callable[[F], F]:
    """``--data`` (optional), ``--ontology``, ``--shapes`` and ``--allow-network``, shared by commands."""

    def decorator(func: F) -> F:
        func = click.option(
            "--allow-network",
            is_flag=True,
            help="Allow fetching remote JSON-LD contexts and owl:imports (refused by default).",
        )(func)
        for name, help in reversed(_GRAPH_INPUTS[0 if with_data else 1 :]):
            func = click.option(
                f"--{name}", name, multiple=True, type=click.Path(exists=True, path_type=Path), help=help
            )(func)
        return func

    return decorator


def load_graph(
    data: Sequence[Path] | None,
    ontology: Sequence[Path],
    shapes: Sequence[Path],
    allow_network: bool,
    engine: str = "rdflib",
    store_path: Path | None = None,
) -> Any:
    """The graph in the engine ``--engine`` / ``--store-path`` pick (rdflib for commands without them)."""
    from ..engines import open_engine

    return open_engine(
        engine,
        data or None,
        ontology=ontology or None,
        shapes=shapes or None,
        allow_network=allow_network,
        store_path=store_path,
    )


def engine_option(func: F) -> F:
    """``--engine`` and ``--store-path``: rdflib in memory, or Oxigraph (in memory or on disk)."""
    func = click.option(
        "--store-path",
        "store_path",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="With the Oxigraph engine: keep the store in this directory (persistent).",
    )(func)
    return click.option(
        "--engine",
        type=click.Choice(ENGINE_CHOICES),
        default="auto",
        show_default=True,
        help="rdflib (the memory store), or oxigraph for big graphs (Oxigraph loading, queries "
        "and export). auto picks oxigraph when the input files pass 8 MB.",
    )(func)
