"""Options every command family shares, declared once: ``--output`` and the report ``--format``.

The report formats come from :data:`zhangjiang_kg.reports.formats.REPORT_FORMATS`, the one table
``validate`` and ``check`` both render through, so the two commands accept the same names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..reports.formats import FORMAT_NAMES

F = TypeVar("F", bound=Callable[..., Any])


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
