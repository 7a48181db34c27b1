"""``zjkg synth``: write a grown graph for scale tests; ``main`` calls :func:`register` to add it."""

from __future__ import annotations

from pathlib import Path

import click

from .options import output_option


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
    help="Also write the findings `zjkg validate` must report for the defects (SHACL results and violation "
    "checks), as JSON.",
)
def synth_command(triples: int, violations: int, seed: int, output: Path, expected: Path | None) -> None:
    """Write a grown graph: the article's zone repeated until it holds --triples triples.

    Every copy is built with the project's ontology and conforms to its shapes; --violations
    breaks that many nodes (each finding `zjkg validate` reports for them, with its focus node,
    path and constraint, is listed with --expected).

    \b
    Examples:
      zjkg synth --triples 100000 --output big.nt
      zjkg synth -n 100000 -k 50 --seed 7 -o seeded.nt --expected seeded.json
      zjkg validate seeded.nt --format json --output found.json   # exits 1: the seeded defects
    """
    import json
    from dataclasses import asdict

    from ..rdfio.write import write_atomic
    from ..synth import synthesise

    made = synthesise(output, triples, violations=violations, seed=seed)
    if expected is not None:
        rows = [asdict(violation) for violation in made.violations + made.checks]
        write_atomic(expected, (json.dumps(rows, indent=2) + "\n").encode("utf-8"))
    click.echo(
        f"Wrote {output}: {made.triples} triples, {made.units} zone copies, "
        f"{violations} seeded defect(s) ({len(made.violations) + len(made.checks)} expected finding(s))."
    )


def register(cli: click.Group) -> None:
    """Add ``zjkg synth`` to the command group."""
    cli.add_command(synth_command)
