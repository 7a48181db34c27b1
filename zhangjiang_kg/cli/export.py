"""``zjkg export`` and ``zjkg stats``: the whole graph, written out in an RDF syntax or counted."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import click

from ..queries.timelimit import call_with_limit
from ..rdfio.formats import SYNTAXES
from ..stats import compute, to_text
from ..vocab import GRAPHS
from .options import GraphInputs, emit, graph_inputs, output_option, store_option, timeout_option

#: Names of the export syntaxes (the library's registry) and of the graphs ``--graph`` picks; not
#: :mod:`zhangjiang_kg.rdfio.export`'s own, which would import its writers for ``zjkg --help`` too.
EXPORT_FORMATS = tuple(SYNTAXES)
GRAPH_CHOICES = (*GRAPHS, "all")
STATS_FORMATS = ("text", "json")


@click.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True)
@click.option("--graph", "graph_name", type=click.Choice(GRAPH_CHOICES), default="all", show_default=True)
@output_option()
@timeout_option("Seconds the export may run, loading included [default: no limit]; nothing is written after it.")
@graph_inputs
@store_option()
def export(
    fmt: str, graph_name: str, output: Path | None, graph: GraphInputs, store_path: Path | None, timeout: float | None
) -> None:
    """Export the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML.

    Output is deterministic: the same graph gives the same bytes.

    \b
    Examples:
      zjkg export --format nquads --output zhangjiang.nq
      zjkg export --graph data --format json-ld
    """

    def work() -> Iterable[bytes]:
        from ..rdfio.export import export_pieces  # start-up: see EXPORT_FORMATS

        return export_pieces(graph.load(store_path, index=False), fmt, graph_name)

    # In a worker thread: Ctrl-C and --timeout work inside Oxigraph too. What it hands back is only
    # joined and written here, after the time limit was met, so nothing is written after it.
    emit(call_with_limit(work, timeout, "export"), output)


@click.command()
@click.option("--format", "fmt", type=click.Choice(STATS_FORMATS), default="text", show_default=True)
@output_option()
@graph_inputs
@store_option()
def stats(fmt: str, output: Path | None, graph: GraphInputs, store_path: Path | None) -> None:
    """Count triples per graph, entities per class and facts per status.

    \b
    Examples:
      zjkg stats
      zjkg stats --format json
    """
    result = compute(graph.load(store_path))
    text = to_text(result) if fmt == "text" else json.dumps(result.as_dict(), indent=2) + "\n"
    emit(text, output)
