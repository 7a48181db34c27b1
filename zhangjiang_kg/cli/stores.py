"""``zjkg load``: the graph into a store over the Graph Store Protocol (:mod:`..remote.gsp`) or
into a store directory (:mod:`..remote.directory`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..vocab import GRAPHS
from .options import GraphInputs, graph_inputs, max_answer_option, store_option, timeout_option
from .progress import meter

if TYPE_CHECKING:
    from ..remote.gsp import LoadReport, Payload
    from ..store.graph import KnowledgeGraph


def _targets(kg: KnowledgeGraph, with_shapes: bool, into: str | None) -> dict[str, Payload]:
    """Target graph IRI → its N-Triples (the bytes of ``zjkg export``): each graph under its own
    name, or all merged into ``into``; the shapes only ``with_shapes``."""
    from ..remote.gsp import Payload

    names = ["ontology", "data", "background"] + (["shapes"] if with_shapes else [])
    if into is None:
        return {GRAPHS[name]: Payload(kg.export("nt", name)) for name in names}
    return {into: Payload.of(kg.quads(names))}


@click.command("load")
@click.option(
    "--endpoint", metavar="URL", help="Graph Store Protocol URL, e.g. http://127.0.0.1:7880/store (an Oxigraph server)."
)
@click.option("--replace", is_flag=True, help="Replace each target graph (PUT) instead of adding to it.")
@click.option("--with-shapes", is_flag=True, help="Also load the SHACL shapes graph.")
@click.option(
    "--graph",
    "into",
    metavar="IRI",
    help="Load everything into this one graph ('default' for the store's default graph).",
)
@timeout_option("Seconds to wait for each request.", default=30.0)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Retries of a request that failed for a transient reason (refused, 5xx, time-out).",
)
@store_option("Load into a persistent Oxigraph store in this directory instead of an endpoint.")
@max_answer_option
@graph_inputs
def load_command(
    endpoint: str | None,
    replace: bool,
    with_shapes: bool,
    into: str | None,
    timeout: float,
    retries: int,
    store_path: Path | None,
    graph: GraphInputs,
) -> None:
    """Load the graph into a triple store and check its triple counts.

    Each of the ontology, data (and with --with-shapes the shapes) goes into its own named graph
    unless --graph names one. Credentials for stores that need a login are read from ZJKG_USER and
    ZJKG_PASSWORD or from ~/.netrc, never from the command line. Each graph is written in one
    request, so the store holds the old graph or the new one, never a part. A failed load, Ctrl-C,
    SIGTERM or SIGHUP names the graph, says why and leaves the store as it was. Blank nodes (the
    shapes have many) are added only to a graph the store does not hold yet: elsewhere, replace
    the graph with --replace.

    \b
    Examples:
      zjkg load --endpoint http://127.0.0.1:7880/store --replace
      zjkg load --endpoint http://localhost:3030/ds/data --graph https://example.org/zhangjiang
      zjkg load --store-path ./zjkg-store
    """
    if (endpoint is None) == (store_path is None):
        raise click.UsageError("give exactly one of --endpoint URL or --store-path DIR")
    if endpoint is not None:
        from ..remote.http import check_endpoint_url

        check_endpoint_url(endpoint)
    from ..remote.server import Stopped, stop_on_signals

    kg = graph.load()
    try:
        with stop_on_signals(), meter("Loading") as tick:  # SIGTERM and SIGHUP restore the store as Ctrl-C does
            tick(0, 1, "writing N-Triples")
            targets = _targets(kg, with_shapes, into)
            total, done = sum(len(content) for content in targets.values()), 0

            def sent(target: str, content: Payload) -> None:
                nonlocal done
                done += len(content)
                tick(done, total, f"<{target}>")

            tick(0, total, "sending")
            if endpoint is not None:
                from ..remote.gsp import load_graphs
                from ..remote.http import RetryPolicy

                retry = RetryPolicy(attempts=retries + 1)
                report = load_graphs(endpoint, targets, replace=replace, timeout=timeout, retry=retry, sent=sent)
            else:
                from ..remote.directory import load_into_directory

                assert store_path is not None
                report = load_into_directory(store_path, targets, replace=replace, sent=sent)
    except Stopped as stop:
        click.echo(f"\nError: stopped by {stop}; the store was left as it was", err=True)
        raise click.exceptions.Exit(128 + stop.signum) from None
    _render_report(report)
    if not report.ok:
        raise click.ClickException(
            "the store does not hold the expected number of triples in "
            + ", ".join(f"<{item.graph}>" for item in report.graphs if not item.ok)
        )


def _render_report(report: LoadReport) -> None:
    mode = "replaced" if report.replace else "added (nothing twice)"
    click.echo(f"Loaded into {report.endpoint}, {mode}:")
    width = max(len(item.graph) for item in report.graphs) if report.graphs else 0
    for item in report.graphs:
        verdict = "ok" if item.ok else f"MISMATCH: expected {item.expected}"
        click.echo(
            f"  <{item.graph}>{' ' * (width - len(item.graph))}  sent {item.sent:>6}, "
            f"store holds {item.stored:>6}  {verdict}"
        )
