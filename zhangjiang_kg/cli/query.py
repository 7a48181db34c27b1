"""``zjkg query`` and ``zjkg queries``: run the saved queries (or a .rq file) and list them.

A query runs on the graph loaded once into the store, or on a SPARQL endpoint;
parameters are bound as RDF terms, never pasted into the query text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from ..queries import catalogue as saved_queries
from ..queries.results import render
from ..queries.timelimit import call_with_limit
from ..store.graph import KnowledgeGraph
from ..vocab import PREFIXES
from .options import emit, graph_options, load_graph, max_answer_option, output_option, store_option

#: Names of the result formats; tests check they match the library's registry.
QUERY_FORMATS = ("table", "csv", "tsv", "json")

#: ``--queries``: where ``query`` and ``queries`` find the saved queries.
queries_folder_option = click.option(
    "--queries",
    "queries_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of saved queries instead of the packaged ones.",
)


def _parse_params(values: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="'--param'")
        params[name.strip()] = value
    return params


@click.command()
@click.argument("name", required=False, metavar="NAME|FILE")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--all", "run_all", is_flag=True, help="Run every saved query (table format only).")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.option(
    "--cite",
    is_flag=True,
    help="Give each row the evidence of the statements behind it: the quotation and offsets, or the background source.",
)
@output_option()
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL endpoint instead of the loaded graph.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds each query may run, on the loaded graph or on --endpoint.",
)
@max_answer_option
@queries_folder_option
@graph_options(with_data=True)
@store_option
def query(
    name: str | None,
    params: tuple[str, ...],
    run_all: bool,
    fmt: str,
    cite: bool,
    output: Path | None,
    endpoint: str | None,
    timeout: float,
    queries_dir: Path | None,
    data: tuple[Path, ...],
    ontology: tuple[Path, ...],
    shapes: tuple[Path, ...],
    allow_network: bool,
    store_path: Path | None = None,
) -> None:
    """Run a saved query by NAME, or a .rq FILE, on the graph (or on --endpoint).

    Parameters are bound as RDF terms, never pasted into the query text.

    \b
    Examples:
      zjkg query funds
      zjkg query facts-by-status --param status=zjo:Planned --format csv
      zjkg query my-question.rq --data my-extension.ttl
      zjkg query fund-money --cite
      zjkg query --all
      zjkg query platforms --data big.nt --store-path big-store
    """
    if run_all == (name is not None):
        raise click.UsageError("give a query NAME or FILE, or --all (not both)")
    values = _parse_params(params)
    if run_all and (fmt != "table" or values or cite):
        raise click.UsageError("--all prints tables and takes no --param or --cite")
    if endpoint:
        from ..remote.http import check_endpoint_url

        check_endpoint_url(endpoint)
    if not run_all:
        assert name is not None
        saved = saved_queries.find_query(name, queries_dir)
        saved_queries.check(saved, allow_network=allow_network)  # fail before any loading
        saved_queries.bind(saved, values)
    if endpoint:
        run = _remote_runner(endpoint, timeout, allow_network)
    else:
        run = _local_runner(load_graph(data, ontology, shapes, allow_network, store_path), timeout, allow_network)
    if run_all:
        text, failed = _run_all(saved_queries.catalogue(queries_dir), run)
        emit(text, output)
        if failed:
            raise SystemExit(1)
        return
    result = run(saved, values)
    if cite:
        from ..queries.cite import cite as cite_rows
        from ..queries.cite import render_cited

        emit(render_cited(result, cite_rows(result, run), fmt, PREFIXES), output)
        return
    emit(render(result, fmt, PREFIXES), output)


Runner = Callable[[Any, dict[str, str]], Any]


def _remote_runner(endpoint: str, timeout: float, allow_network: bool) -> Runner:
    """``run(saved, values)`` on a SPARQL endpoint, each query bounded by ``timeout``."""
    from ..remote.sparql import run_saved

    return lambda saved, values: run_saved(endpoint, saved, values, timeout=timeout, allow_network=allow_network)


def _local_runner(kg: KnowledgeGraph, timeout: float, allow_network: bool) -> Runner:
    """``run(saved, values)`` on the graph loaded once.

    Local queries run under :func:`~zhangjiang_kg.queries.timelimit.call_with_limit`, so ``--timeout``
    bounds them too and Ctrl-C stops the command even inside Oxigraph's evaluation.
    """
    return lambda saved, values: call_with_limit(
        lambda: kg.run_query(saved, values, allow_network=allow_network), timeout, f"query {saved.name!r}"
    )


def _run_all(catalogue: list[Any], run: Callable[[Any, dict[str, str]], Any]) -> tuple[str, list[str]]:
    """Every saved query as a titled table, and the violation checks that returned rows."""
    parts: list[str] = []
    failed: list[str] = []
    for saved in catalogue:
        parts.append(f"== {saved.name}: {saved.summary or '(no summary)'}\n")
        missing = [p for p in saved.parameters if p.required]
        if missing:
            needed = ", ".join(f"{p.name} ({p.kind})" for p in missing)
            parts.append(f"(skipped: needs --param {needed})\n\n")
            continue
        result = run(saved, {})
        parts.append(render(result, "table", PREFIXES) + "\n")
        if saved.failed_by(result):
            failed.append(saved.name)
    if failed:
        parts.append(f"Violation checks with rows: {', '.join(failed)}\n")
    return "".join(parts) or "(no saved queries)\n", failed


@click.command(name="queries")
@queries_folder_option
@click.option("--tag", help="Only queries with this tag.")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True)
@output_option()
def list_queries(queries_dir: Path | None, tag: str | None, fmt: str, output: Path | None) -> None:
    """List the saved queries: name, parameters and summary.

    \b
    Examples:
      zjkg queries
      zjkg queries --tag funds --format json
    """
    found = [q for q in saved_queries.catalogue(queries_dir) if tag is None or tag in q.tags]
    emit(saved_queries.render_catalogue(found, fmt), output)


def register(cli: click.Group) -> None:
    """Add ``zjkg query`` and ``zjkg queries`` to the command group."""
    cli.add_command(query)
    cli.add_command(list_queries)
