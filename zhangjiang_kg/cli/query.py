"""``zjkg query`` and ``zjkg queries``: run the saved queries (or a .rq file) and list them."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..queries import catalogue as saved_queries
from ..queries.results import FORMAT_ALIASES, render
from ..queries.text import reads_named_graphs
from ..queries.timelimit import call_with_limit
from ..store.graph import KnowledgeGraph
from ..vocab import PREFIXES
from .options import (
    AliasedChoice,
    GraphInputs,
    emit,
    graph_inputs,
    max_answer_option,
    output_option,
    queries_option,
    store_option,
    timeout_option,
)
from .progress import progress

#: Names of the result formats (tests check they match the library's); ``table`` is still taken for ``text``.
QUERY_FORMATS = ("text", "csv", "tsv", "json")


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
@click.option("--all", "run_all", is_flag=True, help="Run every saved query (text format only).")
@click.option(
    "--summary",
    is_flag=True,
    help="With --all: print each query's row count and the checks' verdict; the full tables go to --output if given.",
)
@click.option("--format", "fmt", type=AliasedChoice(QUERY_FORMATS, FORMAT_ALIASES), default="text", show_default=True)
@click.option(
    "--cite",
    is_flag=True,
    help="Give each row the evidence of the statements behind it: the quotation and offsets, or the background source.",
)
@output_option()
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL endpoint instead of the loaded graph.")
@timeout_option("Seconds each query may run, on the loaded graph or on --endpoint.", default=30.0)
@max_answer_option
@queries_option()
@graph_inputs
@store_option()
def query(
    name: str | None,
    params: tuple[str, ...],
    run_all: bool,
    summary: bool,
    fmt: str,
    cite: bool,
    output: Path | None,
    endpoint: str | None,
    timeout: float,
    queries_dir: Path | None,
    graph: GraphInputs,
    store_path: Path | None,
) -> None:
    """Run a saved query by NAME, or a .rq FILE, on the graph (or on --endpoint).

    Parameters are bound as RDF terms, never pasted into the query text.

    \b
    Examples:
      zjkg query platforms
      zjkg query facts-by-status --param status=zjo:Planned --format csv
      zjkg query my-question.rq --data my-extension.ttl
      zjkg query fund-money --cite
      zjkg query --all
      zjkg query --all --summary --output results.txt
      zjkg query platforms --data big.nt --store-path big-store
    """
    if run_all == (name is not None):
        raise click.UsageError("give a query NAME or FILE, or --all (not both)")
    values = _parse_params(params)
    if run_all and (fmt != "text" or values or cite):
        raise click.UsageError("--all prints tables and takes no --param or --cite")
    if summary and not run_all:
        raise click.UsageError("--summary goes with --all")
    if endpoint:
        from ..remote.http import check_endpoint_url

        check_endpoint_url(endpoint)
    if not run_all:
        assert name is not None
        saved = saved_queries.find_query(name, queries_dir)
        saved_queries.check(saved, allow_network=graph.allow_network)  # fail before any loading
        saved_queries.bind(saved, values)
    chosen = saved_queries.catalogue(queries_dir) if run_all else [saved]
    if endpoint:
        from ..remote.sparql import run_saved

        run: Runner = functools.partial(run_saved, endpoint, timeout=timeout, allow_network=graph.allow_network)
    else:
        # Only a query that says GRAPH can see the shapes, a third of the loading time; a store
        # directory gets them all, for the commands that reuse it.
        shapes = store_path is not None or any(reads_named_graphs(q.text) for q in chosen)
        run = _local_runner(graph.load(store_path, shapes=shapes), timeout, graph.allow_network)
    if run_all:
        answers = _run_all(chosen, run)
        tables = _tables(answers)
        if summary:
            click.echo(_summary(answers, output), nl=False)
            if output is not None:
                emit(tables, output)
        else:
            emit(tables, output)
        if any(answer.failed for answer in answers):
            raise SystemExit(1)
        return
    result = run(saved, values)
    if cite:
        from ..queries.cite import cite as cite_rows
        from ..queries.cite import render_cited

        emit(render_cited(result, cite_rows(result, run), fmt, PREFIXES), output)
        return
    emit(render(result, fmt, PREFIXES), output)


#: ``run(saved, values)``: a saved query on the loaded graph or on the endpoint.
Runner = Callable[[Any, dict[str, str]], Any]


def _local_runner(kg: KnowledgeGraph, timeout: float, allow_network: bool) -> Runner:
    """``run(saved, values)`` on the graph loaded once, under ``call_with_limit``: ``--timeout``
    bounds it and Ctrl-C stops it even inside Oxigraph's evaluation."""
    return lambda saved, values: call_with_limit(
        lambda: kg.run_query(saved, values, allow_network=allow_network), timeout, f"query {saved.name!r}"
    )


@dataclass
class Answer:
    """One saved query of ``--all``: its result, or the parameters it needs and was not given."""

    query: Any
    result: Any = None
    needs: str = ""

    @property
    def failed(self) -> bool:
        """A violation check that returned rows."""
        return self.result is not None and self.query.failed_by(self.result)

    @property
    def rows(self) -> int:
        return len(self.result.rows) if self.result is not None else 0


def _run_all(catalogue: list[Any], run: Runner) -> list[Answer]:
    """Every saved query run once (those needing a ``--param`` are left out), behind a progress bar."""
    answers: list[Answer] = []
    with progress(catalogue, "Running the saved queries") as queries:
        for saved in queries:
            needs = ", ".join(f"{p.name} ({p.kind})" for p in saved.parameters if p.required)
            answers.append(Answer(saved, needs=needs) if needs else Answer(saved, run(saved, {})))
    return answers


def _tables(answers: list[Answer]) -> str:
    """Every saved query as a titled table, then the violation checks that returned rows."""
    parts: list[str] = []
    for answer in answers:
        parts.append(f"== {answer.query.name}: {answer.query.summary or '(no summary)'}\n")
        if answer.needs:
            parts.append(f"(skipped: needs --param {answer.needs})\n\n")
        else:
            parts.append(render(answer.result, "text", PREFIXES) + "\n")
    failed = [answer.query.name for answer in answers if answer.failed]
    if failed:
        parts.append(f"Violation checks with rows: {', '.join(failed)}\n")
    return "".join(parts) or "(no saved queries)\n"


def _summary(answers: list[Answer], tables_file: Path | None) -> str:
    """A screen, not 400 lines: each question's row count in columns, then the checks' verdict."""
    import shutil  # start-up: with tempfile and the archive modules, 2 ms zjkg query rarely needs

    questions = [a for a in answers if not a.query.is_violation]
    checks = [a for a in answers if a.query.is_violation]
    name_width = max((len(a.query.name) for a in questions), default=0)
    cells = [f"{a.query.name:<{name_width}} {'-' if a.needs else a.rows:>4}" for a in questions]
    width = name_width + 8
    columns = max(1, min(3, shutil.get_terminal_size().columns // width))
    lines = [f"Saved questions and their row counts ({len(questions)}):"]
    for start in range(0, len(cells), columns):
        lines.append("  " + "".join(cell.ljust(width) for cell in cells[start : start + columns]).rstrip())
    failed = [a for a in checks if a.failed]
    if failed:
        listed = ", ".join(f"{a.query.name} ({a.rows} row{'s' * (a.rows != 1)})" for a in failed)
        lines.append(f"Violation checks: {len(checks) - len(failed)} of {len(checks)} passed; with rows: {listed}.")
    else:
        lines.append(f"Violation checks: {len(checks)} of {len(checks)} passed (no rows).")
    where = f"in {tables_file}" if tables_file is not None else "with `zjkg query --all`"
    lines.append(f"Full tables {where}; one query: `zjkg query NAME`.")
    return "\n".join(lines) + "\n"


@click.command(name="queries")
@queries_option()
@click.option("--tag", help="Only queries with this tag.")
@click.option(
    "--format", "fmt", type=AliasedChoice(("text", "json"), FORMAT_ALIASES), default="text", show_default=True
)
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
