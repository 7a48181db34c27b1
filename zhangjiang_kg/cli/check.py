"""The ``check``, ``fmt`` and ``diff`` commands: validation in CI. Each calls one library
function; the libraries are imported inside the commands, so ``zjkg --help`` stays quick."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..checks import STEPS
from ..reports.formats import FORMAT_NAMES
from .options import emit, output_option, paths_option, report_format_option

DIFF_FORMATS = ("text", "markdown", "json")


def _parse_reports(values: tuple[str, ...]) -> list[tuple[str, Path]]:
    reports = []
    for value in values:
        fmt, sep, file = value.partition("=")
        if not sep or fmt not in FORMAT_NAMES or not file:
            message = f"{value!r} is not FORMAT=FILE with FORMAT one of {', '.join(FORMAT_NAMES)}"
            raise click.BadParameter(message, param_hint="'--report'")
        reports.append((fmt, Path(file)))
    return reports


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@paths_option(
    "--data", "A file or folder to check, as in every other command; the same as giving it as PATHS (repeatable)."
)
@paths_option(
    "--ontology", "Ontology file or folder (repeatable); default: the ontology/ of PATHS, else the packaged one."
)
@paths_option(
    "--shapes", "SHACL shapes file or folder (repeatable); default: shapes*.ttl of PATHS, else the packaged ones."
)
@paths_option("--queries", "Folder or .rq file of saved queries (repeatable).")
@click.option(
    "--source-text",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The article's text, to verify every quote (default: $ZJKG_SOURCE_TEXT).",
)
@click.option("--skip", multiple=True, type=click.Choice(STEPS), help="Leave a step out (repeatable).")
@report_format_option(
    None,
    "Report format (text, json, turtle, junit, sarif, github) [default: github when GITHUB_ACTIONS is set, else text].",
)
@output_option()
@click.option(
    "--report",
    "reports",
    multiple=True,
    metavar="FORMAT=FILE",
    help="Also write the report in FORMAT to FILE, e.g. sarif=zjkg.sarif (repeatable).",
)
def check(
    paths: tuple[Path, ...],
    data: tuple[Path, ...],
    ontology: tuple[Path, ...],
    shapes: tuple[Path, ...],
    queries: tuple[Path, ...],
    source_text: Path | None,
    skip: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    reports: tuple[str, ...],
) -> None:
    """Run every check CI needs on the graph (or on PATHS): parse, format, shacl,
    violation-queries, ontology-quality, evidence, queries.

    Every finding names its file and the line where the offending subject's block starts.
    Without a source text the evidence step is skipped; under CI=true that is a failure.
    Exits 0 when every step passes, 1 when a check fails, 2 when a file does not parse.

    \b
    Examples:
      zjkg check
      zjkg check . --format sarif --output zjkg.sarif
      zjkg check my-extension.ttl --source-text article.txt --report junit=junit.xml
    """
    from ..checks.evidence import default_source_text_path
    from ..checks.steps import run_check
    from ..checks.target import resolve_target
    from ..queries.timelimit import call_with_limit
    from ..reports.formats import render

    paths = paths + data  # positional PATHS are kept: pre-commit passes the changed files that way
    extra = _parse_reports(reports)
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    target = resolve_target(paths, ontology=ontology, shapes=shapes, queries=queries)
    report = call_with_limit(  # in a worker thread, so Ctrl-C stops it even inside Oxigraph
        lambda: run_check(
            target,
            source_text=source_text or default_source_text_path(),
            require_source_text=os.environ.get("CI", "").lower() == "true",
            skip=skip,
        ),
        None,
        "check",
    )
    for extra_fmt, file in extra:
        emit(render(report, extra_fmt), file)
    emit(render(report, fmt), output)
    if report.exit_code:
        raise SystemExit(report.exit_code)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--check", "check_only", is_flag=True, help="Change nothing; list the files that would change, exit 1 if any."
)
def fmt(paths: tuple[Path, ...], check_only: bool) -> None:
    """Write Turtle files (default: ontology/ and data/) in the canonical layout.

    Prefixes sorted, subjects sorted within each commented section, one block per subject, `a`
    first, then labels, definitions and the other predicates sorted. The graph never changes and
    relative IRIs stay relative. Turtle only: .nt, .nq, .trig and other syntaxes are refused.

    \b
    Examples:
      zjkg fmt
      zjkg fmt --check data/
    """
    from ..resources import data_dir, ontology_dir
    from ..ttl.fmt import format_paths

    results = format_paths(paths or (ontology_dir(), data_dir()), check=check_only)
    changed = [r for r in results if r.changed]
    verb = "would reformat" if check_only else "reformatted"
    for result in changed:
        click.echo(f"{verb} {result.path} (from line {result.first_difference})")
    click.echo(
        f"{len(changed)} of {len(results)} file(s) {verb}" if changed else f"{len(results)} file(s) already canonical"
    )
    if check_only and changed:
        raise SystemExit(1)


@click.command()
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text", show_default=True)
@output_option()
@click.option("--exit-code", is_flag=True, help="Exit 1 when the versions differ.")
def diff(old: str, new: str, fmt: str, output: Path | None, exit_code: bool) -> None:
    """Semantic diff of two versions: files, folders or git revisions (REV or REV:PATH).

    \b
    Examples:
      zjkg diff HEAD~1 .
      zjkg diff main:data data --format markdown --output diff.md
    """
    from ..checks.diff import DIFF_FORMATS as RENDERERS
    from ..checks.diff import diff_versions

    result = diff_versions(old, new)
    emit(RENDERERS[fmt](result), output)
    if exit_code and not result.is_empty:
        raise SystemExit(1)
