"""``zjkg validate``: SHACL and the ``*-violation.rq`` checks, locally or on a SPARQL endpoint."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import options
from .options import GraphInputs, emit
from .progress import meter

#: ``zjkg validate --engine``: the compiled validator (default) or the pySHACL reference.
VALIDATE_ENGINES = ("sparql", "pyshacl")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@options.graph_inputs
@options.queries_option("Folder of *-violation.rq checks instead of the packaged queries.")
@options.report_format_option()
@options.output_option()
@click.option(
    "--engine",
    type=click.Choice(VALIDATE_ENGINES),
    default="sparql",
    show_default=True,
    help="sparql: SHACL Core compiled to SPARQL on an in-process Oxigraph store (any size; "
    "shapes outside SHACL Core go to pySHACL, and the report says so). pyshacl: the reference, "
    "pySHACL with RDFS inference in a child process (small graphs).",
)
@options.store_option()
@options.max_answer_option
@click.option(
    "--endpoint",
    metavar="URL",
    help="Validate the graphs `zjkg load` wrote to this SPARQL endpoint, in place (nothing is "
    "downloaded); shapes are the local ones, PATHS only locate findings. Login: ZJKG_USER/ZJKG_PASSWORD.",
)
@options.timeout_option(
    "Seconds the validation may run, loading included [default: no limit]; with --endpoint, "
    "seconds each query may run [default: 300]."
)
def validate(paths: tuple[Path, ...], graph: GraphInputs, fmt: str, output: Path | None, **how: Any) -> None:
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

    # positional PATHS are kept: CI jobs and hooks pass files that way
    graph = dataclasses.replace(graph, data=paths + graph.data)
    try:
        with stop_on_signals():  # SIGTERM and SIGHUP end the command as Ctrl-C does, pySHACL's process too
            report = _validate(graph, **how)
    except Stopped as stop:
        click.echo(f"Error: stopped by {stop}", err=True)
        raise click.exceptions.Exit(128 + stop.signum) from None
    emit(render(report, fmt), output)
    if report.exit_code:  # violations fail; warnings and infos alone do not (sh:conforms is false)
        raise SystemExit(report.exit_code)


def _validate(
    graph: GraphInputs,
    queries_dir: Path | None,
    engine: str,
    store_path: Path | None,
    endpoint: str | None,
    timeout: float | None,
) -> Any:
    """The report of the validator the options pick, under the time limit."""
    from ..queries.timelimit import call_with_limit

    if endpoint:  # the compiled queries on the endpoint, in place: options that load locally are refused
        from ..validation import validate_endpoint

        if engine != "sparql" or store_path is not None or graph.ontology:
            raise click.UsageError(
                "--endpoint validates the graphs loaded there with the compiled queries: "
                "it takes no --engine pyshacl, --store-path or --ontology"
            )
        return validate_endpoint(
            endpoint,
            shapes=graph.shapes or None,
            located_in=graph.data or None,
            queries_dir=queries_dir,
            timeout=timeout or 300.0,
            allow_network=graph.allow_network,
        )
    from ..validation import validate_compiled, validate_pyshacl

    def run(tick: Callable[[int, int, str], None]) -> Any:
        tick(0, 2, "loading the graph")
        kg = graph.load(store_path)
        if engine == "pyshacl":
            tick(1, 2, "pySHACL and the violation checks")
            return validate_pyshacl(kg, queries_dir=queries_dir)
        # One step for the loading, one per shape, one for the violation checks after the last shape.
        return validate_compiled(
            kg,
            queries_dir=queries_dir,
            on_shape=lambda done, total: tick(1 + done, 2 + total, "SHACL" if done < total else "violation checks"),
        )

    # In a worker thread: Ctrl-C and --timeout work inside Oxigraph too; pySHACL runs in a
    # child process, which ends with this one. The bar shows on a terminal only.
    with meter("Validating") as tick:
        return call_with_limit(lambda: run(tick), timeout, "validation")
