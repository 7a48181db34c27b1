"""``zjkg validate``: SHACL and the ``*-violation.rq`` checks, locally or on a SPARQL endpoint.

The command picks the validator (the compiled SPARQL one, or the pySHACL reference), calls it under
the time limit and renders its report in the ``--format`` asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from .options import emit, graph_options, load_graph, max_answer_option, output_option, report_format_option
from .progress import stages

#: ``zjkg validate --engine``: the compiled validator (default) or the pySHACL reference.
VALIDATE_ENGINES = ("sparql", "pyshacl")
#: What a local validation does, in order: the stages its progress bar shows on a terminal.
VALIDATION_STAGES = ("loading the graph", "SHACL and the violation checks")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@graph_options(with_data=True)
@click.option(
    "--queries",
    "queries_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of *-violation.rq checks instead of the packaged queries.",
)
@report_format_option()
@output_option()
@click.option(
    "--engine",
    type=click.Choice(VALIDATE_ENGINES),
    default="sparql",
    show_default=True,
    help="sparql: SHACL Core compiled to SPARQL on an in-process Oxigraph store (any size; "
    "shapes outside SHACL Core go to pySHACL, and the report says so). pyshacl: the reference, "
    "pySHACL with RDFS inference in a child process (small graphs).",
)
@click.option(
    "--store-path",
    "store_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the Oxigraph store the graph is loaded into in this directory (persistent).",
)
@max_answer_option
@click.option(
    "--endpoint",
    metavar="URL",
    help="Validate the graphs `zjkg load` wrote to this SPARQL endpoint, in place (nothing is "
    "downloaded); shapes are the local ones, PATHS only locate findings. Login: ZJKG_USER/ZJKG_PASSWORD.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds the validation may run, loading included [default: no limit]; with --endpoint, "
    "seconds each query may run [default: 300].",
)
def validate(
    paths: tuple[Path, ...],
    data: tuple[Path, ...],
    ontology: tuple[Path, ...],
    shapes: tuple[Path, ...],
    allow_network: bool,
    queries_dir: Path | None,
    fmt: str,
    output: Path | None,
    engine: str = "sparql",
    store_path: Path | None = None,
    endpoint: str | None = None,
    timeout: float | None = None,
) -> None:
    """Validate the graph (or your PATHS) with SHACL and the *-violation.rq checks.

    PATHS (or --data, as in every other command) are data files or folders; they are checked
    against the packaged ontology and shapes unless --ontology / --shapes say otherwise.
    Exits 0 when the graph conforms, 1 when it does not, 2 on a usage or input error.

    \b
    Examples:
      zjkg validate
      zjkg validate my-extension.ttl --format junit --output report.xml
      zjkg validate --engine pyshacl
      zjkg validate --endpoint http://127.0.0.1:7880/query
    """
    from ..remote.server import Stopped, stop_on_signals
    from ..reports.formats import render

    paths = paths + data  # positional PATHS are kept: CI jobs and hooks pass files that way
    try:
        with stop_on_signals():  # SIGTERM and SIGHUP end the command as Ctrl-C does, pySHACL's process too
            report = _validate(
                paths, ontology, shapes, allow_network, queries_dir, engine, store_path, endpoint, timeout
            )
    except Stopped as stop:
        click.echo(f"Error: stopped by {stop}", err=True)
        raise click.exceptions.Exit(128 + stop.signum) from None
    emit(render(report, fmt), output)
    if report.exit_code:  # violations fail; warnings and infos alone do not (sh:conforms is false)
        raise SystemExit(report.exit_code)


def _validate(
    paths: tuple[Path, ...],
    ontology: tuple[Path, ...],
    shapes: tuple[Path, ...],
    allow_network: bool,
    queries_dir: Path | None,
    engine: str,
    store_path: Path | None,
    endpoint: str | None,
    timeout: float | None,
) -> Any:
    """The report of the validator the options pick, under the time limit."""
    from ..queries.timelimit import call_with_limit

    if endpoint:
        report = _validate_remote(
            endpoint, paths, ontology, shapes, queries_dir, engine, store_path, timeout or 300.0, allow_network
        )
    else:
        from ..validation import validate_compiled, validate_pyshacl

        validator = validate_pyshacl if engine == "pyshacl" else validate_compiled

        def run(stage: Callable[[str], None]) -> Any:
            stage("loading the graph")
            kg = load_graph(paths, ontology, shapes, allow_network, store_path)
            stage("SHACL and the violation checks")
            return validator(kg, queries_dir=queries_dir)

        # In a worker thread: Ctrl-C and --timeout work inside Oxigraph too; pySHACL runs in a
        # child process, which ends with this one. The stages show on a terminal only.
        with stages(VALIDATION_STAGES, "Validating") as stage:
            report = call_with_limit(lambda: run(stage), timeout, "validation")
    return report


def _validate_remote(
    endpoint: str,
    paths: Sequence[Path],
    ontology: Sequence[Path],
    shapes: Sequence[Path],
    queries_dir: Path | None,
    engine: str,
    store_path: Path | None,
    timeout: float,
    allow_network: bool,
) -> Any:
    """``validate --endpoint``: the compiled queries on the endpoint; options that load locally are refused."""
    from ..validation import validate_endpoint

    if engine != "sparql" or store_path is not None or ontology:
        raise click.UsageError(
            "--endpoint validates the graphs loaded there with the compiled queries: "
            "it takes no --engine pyshacl, --store-path or --ontology"
        )
    return validate_endpoint(
        endpoint,
        shapes=shapes or None,
        located_in=paths or None,
        queries_dir=queries_dir,
        timeout=timeout,
        allow_network=allow_network,
    )


def register(cli: click.Group) -> None:
    """Add ``zjkg validate`` to the command group."""
    cli.add_command(validate)
