"""The ``zjkg`` command line: a thin layer over the library.

Each command parses options, calls one library function and renders its result. Library errors
(:class:`~zhangjiang_kg.errors.ZjkgError`) become one line on stderr and the error's exit code:
0 success, 1 the graph does not conform (or a check or query failed), 2 usage or input error.
Heavy libraries are imported inside the commands so ``zjkg --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .cli_synth import engine_option, pick_engine
from .errors import InputError, ZjkgError

F = TypeVar("F", bound=Callable[..., Any])

#: Names of the output formats; tests check they match the library's registries.
QUERY_FORMATS = ("table", "csv", "tsv", "json")
REPORT_FORMATS = ("text", "json", "turtle", "junit")
EXPORT_FORMATS = ("turtle", "nt", "nquads", "trig", "json-ld", "xml")
GRAPH_CHOICES = ("ontology", "data", "background", "shapes", "all")
STATS_FORMATS = ("text", "json")


class ZjkgCommandError(click.ClickException):
    """A library error shown as ``Error: message`` with the error's own exit code."""

    def __init__(self, error: ZjkgError):
        super().__init__(str(error))
        self.exit_code = error.exit_code


class ZjkgGroup(click.Group):
    """Turns library and file-system errors into clean messages instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ZjkgError as error:
            raise ZjkgCommandError(error) from error
        except OSError as error:
            raise ZjkgCommandError(InputError(f"{error.filename or ''}: {error.strerror or error}")) from error


def graph_options(with_data: bool) -> Callable[[F], F]:
    """``--data`` (optional), ``--ontology``, ``--shapes`` and ``--allow-network``, shared by commands."""

    def decorator(func: F) -> F:
        options = [
            click.option(
                "--ontology",
                "ontology",
                multiple=True,
                type=click.Path(exists=True, path_type=Path),
                help="Ontology file or folder instead of the packaged one (repeatable).",
            ),
            click.option(
                "--shapes",
                "shapes",
                multiple=True,
                type=click.Path(exists=True, path_type=Path),
                help="SHACL shapes file or folder instead of the packaged ones (repeatable).",
            ),
            click.option(
                "--allow-network",
                is_flag=True,
                help="Allow fetching remote JSON-LD contexts and owl:imports (refused by default).",
            ),
        ]
        if with_data:
            options.insert(
                0,
                click.option(
                    "--data",
                    "data",
                    multiple=True,
                    type=click.Path(exists=True, path_type=Path),
                    help="Data file or folder instead of the packaged data (repeatable).",
                ),
            )
        for option in reversed(options):
            func = option(func)
        return func

    return decorator


def output_option(func: F) -> F:
    """``--output FILE``: write there instead of standard output."""
    return click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="Write to FILE instead of standard output.",
    )(func)


def _load(data: Sequence[Path] | None, ontology: Sequence[Path], shapes: Sequence[Path], allow_network: bool) -> Any:
    from .graph import load

    return load(
        list(data) if data else None,
        ontology=list(ontology) if ontology else None,
        shapes=list(shapes) if shapes else None,
        allow_network=allow_network,
    )


def _emit(content: str | bytes, output: Path | None) -> None:
    if output is None:
        click.echo(content, nl=False)
    elif isinstance(content, bytes):
        output.write_bytes(content)
    else:
        output.write_text(content, encoding="utf-8")


@click.group(cls=ZjkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zjkg")
def cli() -> None:
    """The Zhangjiang knowledge graph: validate it, query it, export it.

    With no paths, every command works on the graph shipped with the package.
    Exit codes: 0 success, 1 the graph does not conform (or a check failed), 2 usage or input error.
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@graph_options(with_data=False)
@click.option(
    "--queries",
    "queries_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of *-violation.rq checks instead of the packaged queries.",
)
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True)
@output_option
@engine_option
def validate(
    paths: tuple[Path, ...],
    ontology: tuple[Path, ...],
    shapes: tuple[Path, ...],
    allow_network: bool,
    queries_dir: Path | None,
    fmt: str,
    output: Path | None,
    engine: str = "auto",
    store_path: Path | None = None,
) -> None:
    """Validate the graph (or your PATHS) with SHACL and the *-violation.rq checks.

    PATHS are data files or folders; they are checked against the packaged ontology and shapes
    unless --ontology / --shapes say otherwise. Exits 0 when the graph conforms, 1 when it does not.

    \b
    Examples:
      zjkg validate
      zjkg validate my-extension.ttl --format junit --output report.xml
      zjkg validate big.nt --engine oxigraph
    """
    from .reports import render_report

    if pick_engine(engine, paths, store_path) == "oxigraph":
        from .fastvalidate import validate_paths

        report = validate_paths(
            paths or None, ontology=ontology or None, shapes=shapes or None,
            queries_dir=queries_dir, store_path=store_path,
        )
    else:
        from .validate import validate as run_validation

        report = run_validation(_load(paths, ontology, shapes, allow_network), queries_dir=queries_dir)
    _emit(render_report(report, fmt), output)
    if not report.conforms:
        raise SystemExit(1)


def _parse_params(values: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="'--param'")
        params[name.strip()] = value
    return params


@cli.command()
@click.argument("name", required=False, metavar="NAME|FILE")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--all", "run_all", is_flag=True, help="Run every saved query (table format only).")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@output_option
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL endpoint instead of the loaded graph.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Endpoint timeout (s).")
@click.option(
    "--queries",
    "queries_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of saved queries instead of the packaged ones.",
)
@graph_options(with_data=True)
@engine_option
def query(
    name: str | None,
    params: tuple[str, ...],
    run_all: bool,
    fmt: str,
    output: Path | None,
    endpoint: str | None,
    timeout: float,
    queries_dir: Path | None,
    data: tuple[Path, ...],
    ontology: tuple[Path, ...],
    shapes: tuple[Path, ...],
    allow_network: bool,
    engine: str = "auto",
    store_path: Path | None = None,
) -> None:
    """Run a saved query by NAME, or a .rq FILE, on the graph (or on --endpoint).

    Parameters are bound as RDF terms, never pasted into the query text.

    \b
    Examples:
      zjkg query funds
      zjkg query facts-by-status --param status=zjo:Planned --format csv
      zjkg query my-question.rq --data my-extension.ttl
      zjkg query --all
      zjkg query platforms --data big.nt --engine oxigraph --store-path big-store
    """
    from . import queries as saved_queries
    from .graph import PREFIXES
    from .results import render

    if run_all == (name is not None):
        raise click.UsageError("give a query NAME or FILE, or --all (not both)")
    values = _parse_params(params)
    if run_all:
        if fmt != "table" or values:
            raise click.UsageError("--all prints tables and takes no --param")
        text, failed = _run_all(saved_queries.catalogue(queries_dir), data, ontology, shapes, allow_network, endpoint, timeout)
        _emit(text, output)
        if failed:
            raise SystemExit(1)
        return
    assert name is not None
    saved = saved_queries.find_query(name, queries_dir)
    if endpoint:
        result = _run_remote(saved_queries, endpoint, saved, values, timeout)
    elif pick_engine(engine, data, store_path) == "oxigraph":
        from . import oxgraph

        big = oxgraph.load(data or None, ontology=ontology or None, shapes=shapes or None,
                           path=store_path, reuse=not data)
        result = oxgraph.run_query(big, saved, values)
    else:
        saved_queries.prepare(saved)
        saved_queries.bind(saved, values)
        result = saved_queries.run(_load(data, ontology, shapes, allow_network), saved, values)
    _emit(render(result, fmt, PREFIXES), output)


def _run_remote(module: Any, endpoint: str, saved: Any, values: dict[str, str], timeout: float) -> Any:
    try:
        import zhangjiang_kg.endpoints  # noqa: F401 - only checks that the store layer is installed
    except ModuleNotFoundError as error:
        raise InputError("querying an endpoint needs the zhangjiang_kg.endpoints module") from error
    return module.run_remote(endpoint, saved, values, timeout=timeout)


def _run_all(
    catalogue: list[Any],
    data: tuple[Path, ...],
    ontology: tuple[Path, ...],
    shapes: tuple[Path, ...],
    allow_network: bool,
    endpoint: str | None,
    timeout: float,
) -> tuple[str, list[str]]:
    """Every saved query as a titled table, and the violation checks that returned rows."""
    from . import queries as saved_queries
    from .graph import PREFIXES
    from .results import render

    kg = None if endpoint else _load(data, ontology, shapes, allow_network)
    merged = kg.merged() if kg is not None else None
    parts: list[str] = []
    failed: list[str] = []
    for saved in catalogue:
        parts.append(f"== {saved.name}: {saved.summary or '(no summary)'}\n")
        missing = [p for p in saved.parameters if p.default is None and not p.optional]
        if missing:
            needed = ", ".join(f"{p.name} ({p.kind})" for p in missing)
            parts.append(f"(skipped: needs --param {needed})\n\n")
            continue
        if endpoint:
            result = _run_remote(saved_queries, endpoint, saved, {}, timeout)
        else:
            result = saved_queries.run(merged, saved)
        parts.append(render(result, "table", PREFIXES) + "\n")
        if saved.is_violation and (result.rows or result.boolean):
            failed.append(saved.name)
    if failed:
        parts.append(f"Violation checks with rows: {', '.join(failed)}\n")
    return "".join(parts) or "(no saved queries)\n", failed


@cli.command(name="queries")
@click.option(
    "--queries",
    "queries_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of saved queries instead of the packaged ones.",
)
@click.option("--tag", help="Only queries with this tag.")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True)
@output_option
def list_queries(queries_dir: Path | None, tag: str | None, fmt: str, output: Path | None) -> None:
    """List the saved queries: name, parameters and summary.

    \b
    Examples:
      zjkg queries
      zjkg queries --tag funds --format json
    """
    from .queries import catalogue, render_catalogue

    found = [q for q in catalogue(queries_dir) if tag is None or tag in q.tags]
    _emit(render_catalogue(found, fmt), output)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True)
@click.option("--graph", "graph_name", type=click.Choice(GRAPH_CHOICES), default="all", show_default=True)
@output_option
@graph_options(with_data=True)
@engine_option
def export(
    fmt: str,
    graph_name: str,
    output: Path | None,
    data: tuple[Path, ...],
    ontology: tuple[Path, ...],
    shapes: tuple[Path, ...],
    allow_network: bool,
    engine: str = "auto",
    store_path: Path | None = None,
) -> None:
    """Export the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML.

    Output is deterministic: the same graph gives the same bytes.

    \b
    Examples:
      zjkg export --format nquads --output zhangjiang.nq
      zjkg export --graph data --format json-ld
    """
    if pick_engine(engine, data, store_path) == "oxigraph":
        from . import oxgraph

        big = oxgraph.load(data or None, ontology=ontology or None, shapes=shapes or None,
                           path=store_path, reuse=not data)
        _emit(oxgraph.export(big, fmt, graph_name), output)
        return
    from .export import export as run_export

    _emit(run_export(_load(data, ontology, shapes, allow_network), fmt, graph_name), output)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(STATS_FORMATS), default="text", show_default=True)
@output_option
@graph_options(with_data=True)
def stats(
    fmt: str,
    output: Path | None,
    data: tuple[Path, ...],
    ontology: tuple[Path, ...],
    shapes: tuple[Path, ...],
    allow_network: bool,
) -> None:
    """Count triples per graph, entities per class and facts per status.

    \b
    Examples:
      zjkg stats
      zjkg stats --format json
    """
    import json

    from .stats import compute, to_text

    result = compute(_load(data, ontology, shapes, allow_network))
    text = to_text(result) if fmt == "text" else json.dumps(result.as_dict(), indent=2) + "\n"
    _emit(text, output)


#: Modules that add commands to the group (store layer, docs, checks); each has ``register(cli)``.
EXTENSIONS = ("cli_stores", "cli_docs", "cli_check", "cli_synth")


def _register_extensions() -> None:
    """Commands of the other layers join the group when their module exists."""
    for name in EXTENSIONS:
        try:
            module = __import__(f"{__package__}.{name}", fromlist=["register"])
        except ModuleNotFoundError as error:
            if error.name != f"{__package__}.{name}":
                raise
            continue
        module.register(cli)


_register_extensions()
