"""``zjkg synth``: write a grown graph for scale tests, and the ``--engine`` option big graphs use.

``cli.py`` calls :func:`register` to add the command. :func:`engine_option` is shared with the
``validate``, ``query`` and ``export`` commands: ``--engine oxigraph`` (or ``auto`` on big input)
takes the Oxigraph engine (:mod:`zhangjiang_kg.engines`) and :mod:`zhangjiang_kg.checks.fastvalidate`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..engines.base import ENGINES as ENGINE_CHOICES
from .options import output_option

F = TypeVar("F", bound=Callable[..., Any])


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


@click.command("synth")
@click.option(
    "--triples",
    "-n",
    type=click.IntRange(min=0),
    required=True,
    help="At least this many data triples (rounded up to whole copies of the zone).",
)
@click.option(
    "--violations",
    "-k",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Seed this many defects, each on a known focus node.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same bytes.")
@output_option("File to write; the suffix picks the format (.nt is fastest, .ttl, .nq ...).", required=True)
@click.option(
    "--expected",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also write the findings the defects must yield, as JSON.",
)
def synth_command(triples: int, violations: int, seed: int, output: Path, expected: Path | None) -> None:
    """Write a grown graph: the article's zone repeated until it holds --triples triples.

    Every copy is built with the project's ontology and conforms to its shapes; --violations
    breaks that many nodes (focus node, path and constraint listed with --expected).

    \b
    Examples:
      zjkg synth --triples 1000000 --output big.nt
      zjkg synth -n 100000 -k 50 --seed 7 -o seeded.nt --expected seeded.json
      zjkg validate seeded.nt --engine oxigraph
    """
    import json

    from ..rdfio.write import write_atomic
    from ..synth import synthesise

    made = synthesise(output, triples, violations=violations, seed=seed)
    if expected is not None:
        rows = [
            {"kind": v.kind, "focus_node": v.focus_node, "path": v.path, "component": v.component}
            for v in made.violations
        ]
        write_atomic(expected, (json.dumps(rows, indent=2) + "\n").encode("utf-8"))
    click.echo(
        f"Wrote {output}: {made.triples} triples, {made.units} zone copies, "
        f"{violations} seeded defect(s) ({len(made.violations)} expected result(s))."
    )


def register(cli: click.Group) -> None:
    """Add ``zjkg synth`` to the command group."""
    cli.add_command(synth_command)
