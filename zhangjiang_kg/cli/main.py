"""The ``zjkg`` command group: its help, version, error handling and the commands it holds.

Library errors (:class:`~zhangjiang_kg.errors.ZjkgError`) become one line on stderr and the
error's exit code: 0 success, 1 the graph does not conform (or a check or query failed), 2 usage or
input error. A command's module is imported when the command is asked for, so each command pays
for its own imports only.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import Any

import click

from .._version import __version__
from ..errors import InputError, ZjkgError

#: Each command, as ``module:function`` of this package. ``zjkg query`` imports the modules of the
#: other commands (the report writers among them) no more: 0.07x ``import rdflib`` of its CPU.
COMMANDS = {
    "validate": "validate:validate",
    "query": "query:query",
    "queries": "query:list_queries",
    "export": "export:export",
    "stats": "export:stats",
    "load": "stores:load_command",
    "serve": "serve:serve_command",
    "docs": "docs:docs",
    "diagram": "docs:diagram",
    "check": "check:check",
    "fmt": "check:fmt",
    "diff": "check:diff",
}


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands by name, each imported from :data:`COMMANDS` when first looked up."""

    def __init__(self) -> None:
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.loaded:
            module, _, function = COMMANDS[name].partition(":")
            self.loaded[name] = getattr(importlib.import_module(f".{module}", __package__), function)
        return self.loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self.loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self.loaded]))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class OneLineError(click.ClickException):
    """``Error: message`` and an exit code: a library error's own, or 2 for a usage error (click's
    form is four lines, usage, "Try ...", a blank and the error, which drowns it in CI logs)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        # click declares ``exit_code`` on the class; this error's own code shadows it per instance.
        vars(self)["exit_code"] = exit_code


def usage_line(error: click.UsageError) -> OneLineError:
    """``Error: ... (see 'zjkg CMD --help')``, exit 2."""
    names: list[str] = []
    ctx = error.ctx
    while ctx is not None and ctx.parent is not None:
        names.insert(0, ctx.info_name or "")
        ctx = ctx.parent
    return OneLineError(f"{error.format_message().rstrip('.')} (see '{' '.join(['zjkg', *names])} --help')", 2)


#: "Usage errors" that are really requests for help (``zjkg`` with no command prints the help).
_HELP_ERRORS: tuple[type[Exception], ...] = tuple(
    cls for cls in (getattr(click.exceptions, "NoArgsIsHelpError", None),) if cls is not None
)


class ZjkgGroup(click.Group):
    """Turns library, file-system and usage errors into one clean line instead of tracebacks.

    Notices of the library (an input file with no statement) are printed as ``warning:`` lines on
    stderr as they come; Ctrl-C ends the command with one line and exit status 130.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands()

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except _HELP_ERRORS:
            raise
        except click.UsageError as error:
            raise usage_line(error) from error

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
            raise usage_line(error) from error
        except ZjkgError as error:
            raise OneLineError(str(error), error.exit_code) from error
        except OSError as error:
            raise OneLineError(f"{error.filename or ''}: {error.strerror or error}", InputError.exit_code) from error


@click.group(cls=ZjkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zjkg")
@click.option(
    "--quiet", "-q", is_flag=True, help="No progress bars (they are drawn only on a terminal, on standard error)."
)
def cli(quiet: bool) -> None:
    """The Zhangjiang knowledge graph: validate it, query it, export it.

    With no paths, every command works on the graph shipped with the package.
    Exit codes: 0 success, 1 the graph does not conform (or a check failed), 2 usage or input error.
    """
