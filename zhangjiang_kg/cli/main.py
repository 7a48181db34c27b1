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

from .._version import __version__
from ..errors import InputError, ZjkgError
from ..rdfio.formats import SYNTAXES
from ..reports.formats import FORMAT_NAMES
from ..vocab import GRAPHS
from .options import output_option, report_format_option
from .synth import engine_option

F = TypeVar("F", bound=Callable[..., Any])

#: Names of the output formats; tests check they match the library's registries.
QUERY_FORMATS = ("table", "csv", "tsv", "json")
REPORT_FORMATS = FORMAT_NAMES
EXPORT_FORMATS = tuple(SYNTAXES)
GRAPH_CHOICES = (*GRAPHS, "all")
STATS_FORMATS = ("text", "json")


class ZjkgCommandError(click.ClickException):
    """A library error shown as ``Error: message`` with the error's own exit code."""

    def __init__(self, error: ZjkgError) -> None:
        super().__init__(str(error))
        # click declares ``exit_code`` on the class; this error's own code shadows it per instance.
        vars(self)["exit_code"] = error.exit_code


class UsageLineError(click.ClickException):
    """A usage error as one line, ``Error: ... (see 'zjkg CMD --help')``, exit 2.

    Click's own form is four lines (usage, "Try ...", blank line, error), which drowns the one
    that matters in CI logs.
    """

    exit_code = 2

    def __init__(self, error: click.UsageError) -> None:
        names: list[str] = []
        ctx = error.ctx
        while ctx is not None and ctx.parent is not None:
            names.insert(0, ctx.info_name or "")
            ctx = ctx.parent
        command = " ".join(["zjkg", *names])
        super().__init__(f"{error.format_message().rstrip('.')} (see '{command} --help')")


#: "Usage errors" that are really requests for help (``zjkg`` with no command prints the help).
_HELP_ERRORS: tuple[type[Exception], ...] = tuple(
    cls for cls in (getattr(click.exceptions, "NoArgsIsHelpError", None),) if cls is not None
)


class ZjkgGroup(click.Group):
    """Turns library, file-system and usage errors into one clean line instead of tracebacks.

    Notices of the library (an input file with no statement) are printed as ``warning:`` lines on
    stderr as they come; Ctrl-C ends the command with one line and exit status 130.
    """

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except _HELP_ERRORS:
            raise
        except click.UsageError as error:
            raise UsageLineError(error) from error

    def invoke(self, ctx: click.Context) -> Any:
        from ..rdfio.notices import collect_notices

        try:
            with collect_notices(lambda message: click.echo(f"warning: {message}", err=True)):
                return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\nError: interrupted (Ctrl-C)", err=True)
            raise click.exceptions.Exit(130) from None
        except _HELP_ERRORS:
            raise
        except click.UsageError as error:
            raise UsageLineError(error) from error
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


def _load(
    data: Sequence[Path] | None,
    ontology: Sequence[Path],
    shapes: Sequence[Path],
    allow_network: bool,
    engine: str = "rdflib",
    store_path: Path | None = None,
) -> Any:
    """The graph in the engine ``--engine`` / ``--store-path`` pick (rdflib for commands without them)."""
    from ..engines import open_engine

    return open_engine(
        engine,
        data or None,
        ontology=ontology or None,
        shapes=shapes or None,
        allow_network=allow_network,
        store_path=store_path,
    )


def _emit(content: str | bytes, output: Path | None) -> None:
    from ..rdfio.write import write_atomic

    if output is None:
        click.echo(content, nl=False)
    else:
        write_atomic(output, content if isinstance(content, bytes) else content.encode("utf-8"))


@click.group(cls=ZjkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zjkg")
def cli() -> None:
    """The Zhangjiang knowledge graph: validate it, query it, export it.

    With no paths, every command works on the graph shipped with the package.
    Exit codes: 0 success, 1 the graph does not conform (or a check failed), 2 usage or input error.
    """


#: ``zjkg validate --engine``: the compiled validator (default) or the pySHACL reference.
VALIDATE_ENGINES = ("sparql", "pyshacl")
#: Earlier engine names, still accepted: the loader they named now implies the validator.
_ENGINE_ALIASES = {"auto": "sparql", "oxigraph": "sparql", "rdflib": "pyshacl"}


class ValidateEngine(click.Choice[str]):
    """``sparql`` or ``pyshacl``; ``auto``/``oxigraph`` (sparql) and ``rdflib`` (pyshacl) still work."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return super().convert(_ENGINE_ALIASES.get(value, value), param, ctx)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@graph_options(with_data=False)
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
    type=ValidateEngine(VALIDATE_ENGINES),
    default="sparql",
    show_default=True,
    help="sparql: SHACL Core compiled to SPARQL on an in-process Oxigraph store (any size; "
    "shapes outside SHACL Core go to pySHACL, and the report says so). pyshacl: the reference, "
    "rdflib + pySHACL with RDFS inference (small graphs).",
)
@click.option(
    "--store-path",
    "store_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="With --engine sparql: keep the Oxigraph store in this directory (persistent).",
)
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

    PATHS are data files or folders; they are checked against the packaged ontology and shapes
    unless --ontology / --shapes say otherwise. Exits 0 when the graph conforms, 1 when it does not.

    \b
    Examples:
      zjkg validate
      zjkg validate my-extension.ttl --format junit --output report.xml
      zjkg validate --engine pyshacl
      zjkg validate --endpoint http://localhost:7878/query
    """
    from ..queries.timelimit import call_with_limit
    from ..reports.formats import render

    if endpoint:
        report = _validate_remote(
            endpoint, paths, ontology, shapes, queries_dir, engine, store_path, timeout or 300.0, allow_network
        )
    elif engine == "pyshacl":
        from ..checks.validate import validate as reference

        report = call_with_limit(
            lambda: reference(
                _load(paths, ontology, shapes, allow_network, "rdflib", store_path), queries_dir=queries_dir
            ),
            timeout,
            "validation",
        )
    else:
        from ..checks.fastvalidate import validate_sparql

        report = call_with_limit(  # in a worker thread: Ctrl-C and --timeout work inside Oxigraph too
            lambda: validate_sparql(
                _load(paths, ontology, shapes, allow_network, "oxigraph", store_path), queries_dir=queries_dir
            ),
            timeout,
            "validation",
        )
    _emit(render(report, fmt), output)
    if report.exit_code:  # violations fail; warnings and infos alone do not (sh:conforms is false)
        raise SystemExit(report.exit_code)


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
    from ..checks.fastvalidate import validate_remote

    if engine != "sparql" or store_path is not None or ontology:
        raise click.UsageError(
            "--endpoint validates the graphs loaded there with the compiled queries: "
            "it takes no --engine pyshacl, --store-path or --ontology"
        )
    return validate_remote(
        endpoint,
        shapes=shapes or None,
        located_in=paths or None,
        queries_dir=queries_dir,
        timeout=timeout,
        allow_network=allow_network,
    )


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
@output_option()
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL endpoint instead of the loaded graph.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds each query may run, on the loaded graph or on --endpoint.",
)
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
    from ..queries import catalogue as saved_queries
    from ..queries.results import render
    from ..vocab import PREFIXES

    if run_all == (name is not None):
        raise click.UsageError("give a query NAME or FILE, or --all (not both)")
    values = _parse_params(params)
    if run_all and (fmt != "table" or values):
        raise click.UsageError("--all prints tables and takes no --param")
    if endpoint:
        from ..remote.http import check_endpoint_url

        check_endpoint_url(endpoint)
    if not run_all:
        assert name is not None
        saved = saved_queries.find_query(name, queries_dir)
        # Fail before any loading, with the parser of the engine that will run it (rdflib's for the
        # small graphs --engine auto gives rdflib; Oxigraph's, without rdflib, for the others).
        syntax = saved_queries.check if endpoint or engine == "oxigraph" else saved_queries.prepare
        syntax(saved, allow_network=allow_network)
        saved_queries.bind(saved, values)
    if endpoint:
        run = _remote_runner(endpoint, timeout, allow_network)
    else:
        run = _local_runner(_load(data, ontology, shapes, allow_network, engine, store_path), timeout, allow_network)
    if run_all:
        text, failed = _run_all(saved_queries.catalogue(queries_dir), run)
        _emit(text, output)
        if failed:
            raise SystemExit(1)
        return
    _emit(render(run(saved, values), fmt, PREFIXES), output)


Runner = Callable[[Any, dict[str, str]], Any]


def _remote_runner(endpoint: str, timeout: float, allow_network: bool) -> Runner:
    """``run(saved, values)`` on a SPARQL endpoint, each query bounded by ``timeout``."""
    from ..remote.sparql import run_saved

    return lambda saved, values: run_saved(endpoint, saved, values, timeout=timeout, allow_network=allow_network)


def _local_runner(kg: Any, timeout: float, allow_network: bool) -> Runner:
    """``run(saved, values)`` on the graph loaded once, in whichever engine holds it.

    Local queries run under :func:`~zhangjiang_kg.queries.timelimit.call_with_limit`, so ``--timeout``
    bounds them too and Ctrl-C stops the command even inside Oxigraph's evaluation.
    """
    from ..queries.timelimit import call_with_limit

    return lambda saved, values: call_with_limit(
        lambda: kg.run_query(saved, values, allow_network=allow_network), timeout, f"query {saved.name!r}"
    )


def _run_all(catalogue: list[Any], run: Callable[[Any, dict[str, str]], Any]) -> tuple[str, list[str]]:
    """Every saved query as a titled table, and the violation checks that returned rows."""
    from ..queries.results import render
    from ..vocab import PREFIXES

    parts: list[str] = []
    failed: list[str] = []
    for saved in catalogue:
        parts.append(f"== {saved.name}: {saved.summary or '(no summary)'}\n")
        missing = [p for p in saved.parameters if p.default is None and not p.optional]
        if missing:
            needed = ", ".join(f"{p.name} ({p.kind})" for p in missing)
            parts.append(f"(skipped: needs --param {needed})\n\n")
            continue
        result = run(saved, {})
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
@output_option()
def list_queries(queries_dir: Path | None, tag: str | None, fmt: str, output: Path | None) -> None:
    """List the saved queries: name, parameters and summary.

    \b
    Examples:
      zjkg queries
      zjkg queries --tag funds --format json
    """
    from ..queries.catalogue import catalogue, render_catalogue

    found = [q for q in catalogue(queries_dir) if tag is None or tag in q.tags]
    _emit(render_catalogue(found, fmt), output)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True)
@click.option("--graph", "graph_name", type=click.Choice(GRAPH_CHOICES), default="all", show_default=True)
@output_option()
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds the export may run, loading included [default: no limit]; nothing is written after it.",
)
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
    timeout: float | None = None,
) -> None:
    """Export the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML.

    Output is deterministic: the same graph gives the same bytes.

    \b
    Examples:
      zjkg export --format nquads --output zhangjiang.nq
      zjkg export --graph data --format json-ld
    """
    from ..queries.timelimit import call_with_limit

    content = call_with_limit(  # in a worker thread: Ctrl-C and --timeout work inside Oxigraph too
        lambda: _load(data, ontology, shapes, allow_network, engine, store_path).export(fmt, graph_name),
        timeout,
        "export",
    )
    _emit(content, output)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(STATS_FORMATS), default="text", show_default=True)
@output_option()
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

    from ..stats import compute, to_text

    result = compute(_load(data, ontology, shapes, allow_network))
    text = to_text(result) if fmt == "text" else json.dumps(result.as_dict(), indent=2) + "\n"
    _emit(text, output)


#: Modules that add commands to the group (store layer, docs, checks); each has ``register(cli)``.
def _register_commands() -> None:
    """The other command families join the group (imported here: they use this module's options)."""
    from . import check, docs, stores, synth

    for module in (stores, docs, check, synth):
        module.register(cli)


_register_commands()
