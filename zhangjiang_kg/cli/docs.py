"""The ``docs`` and ``diagram`` commands; heavy libraries load inside the commands."""

from __future__ import annotations

from pathlib import Path

import click

from .options import output_option

DEFAULT_SITE = Path("build") / "site"


@click.command()
@output_option(
    "Folder to write the site into (replaced if an earlier build is there).", folder=True, default=DEFAULT_SITE
)
@click.option("--no-diagrams", is_flag=True, help="Leave the Graphviz pictures out.")
@click.option(
    "--strict", is_flag=True, help="Exit 1 when anything is worth a warning (a query fails, pyLODE is missing...)."
)
def docs(output: Path, no_diagrams: bool, strict: bool) -> None:
    """Build the documentation site: ontology reference, classes, queries and shapes.

    Plain HTML and CSS with relative links: open OUTPUT/index.html in a browser, or copy the
    folder to any static host.

    \b
    Examples:
      zjkg docs
      zjkg docs --output public
    """
    import time

    from ..site.build import STAGES, build_site
    from ..store.graph import load
    from .progress import stages

    started = time.perf_counter()
    with stages(STAGES, "Building the site") as stage:
        report = build_site(load(), output, diagrams=not no_diagrams, stage=stage)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    seconds = time.perf_counter() - started
    click.echo(f"wrote {len(report.pages)} pages to {output} in {seconds:.1f} s; open {report.index}")
    if strict and report.warnings:
        raise SystemExit(1)


@click.command()
@output_option("Folder for the pictures [default: docs/img of the checkout].", folder=True)
@click.option(
    "--format",
    "formats",
    type=click.Choice(("svg", "png")),
    multiple=True,
    default=("svg",),
    show_default=True,
    help="Picture format, beside the .dot source (repeatable).",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the committed .dot files are out of date.")
def diagram(output: Path | None, formats: tuple[str, ...], check: bool) -> None:
    """Draw the ontology and the data with Graphviz (NAME.dot and NAME.svg).

    \b
    Examples:
      zjkg diagram
      zjkg diagram --check
      zjkg diagram --output /tmp/pictures --format png
    """
    from ..site import diagram as diagrams
    from ..site.graph import Graphs
    from ..store.graph import load

    folder = output if output is not None else diagrams.default_folder()
    kg = Graphs(load())
    if check:
        stale = diagrams.stale_diagrams(kg, folder)
        if stale:
            click.echo(f"out of date in {folder}: {', '.join(stale)}; run `zjkg diagram`", err=True)
            raise SystemExit(1)
        click.echo(f"diagrams in {folder} are current")
        return
    for written in diagrams.write_diagrams(kg, folder, formats):
        click.echo(f"{'wrote' if written.changed else 'unchanged'} {written.path}")
