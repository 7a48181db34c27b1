"""The exception family: everything raised for a user's mistake or an unreachable store derives from
:class:`ZjkgError`, whose ``exit_code`` the CLI exits with (1 validation or query failure, 2 usage or input error).
"""

from __future__ import annotations

from collections.abc import Sequence


class ZjkgError(Exception):
    """Root of every error zhangjiang_kg raises on purpose."""

    exit_code: int = 2


class InputError(ZjkgError):
    """A file, option or parameter the user gave cannot be used."""

    exit_code = 2


class _LocatedError(InputError):
    """An error at a place in a file or query: the message starts ``name:line:column:`` as far
    as the place is known (a column of 0 is unknown)."""

    def __init__(self, name: str, detail: str, line: int | None, column: int | None, what: str = "") -> None:
        self.line = line
        self.column = column
        self.detail = detail
        where = name if line is None else f"{name}:{line}" + (f":{column}" if column else "")
        super().__init__(f"{where}: {what}{detail}")


class RdfSyntaxError(_LocatedError):
    """An RDF file does not parse; carries where, so the message names file, line and column."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.path = path
        super().__init__(path, message, line, column)


class NetworkAccessError(InputError):
    """Parsing would fetch something from the network (remote @context, owl:imports of a URL)."""


class UnknownQueryError(InputError):
    """No saved query has that name; carries the close names to suggest."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no saved query named {name!r}.{hint}")


class QuerySyntaxError(_LocatedError):
    """A SPARQL query does not parse; names the query and the position."""

    def __init__(self, name: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.name = name
        super().__init__(name, message, line, column, "SPARQL syntax error: ")


class QueryHeaderError(_LocatedError):
    """A saved query's ``#+`` header is not valid YAML as grlc reads it; names the query's file."""

    def __init__(self, name: str, message: str, line: int | None = None) -> None:
        self.name = name
        super().__init__(name, message, line, None, "invalid #+ header (YAML, as grlc reads it): ")


class ParameterError(InputError):
    """A query parameter is missing, unknown or not of its declared type."""

    def __init__(self, query: str, parameter: str, message: str) -> None:
        self.query = query
        self.parameter = parameter
        super().__init__(f"query {query!r}, parameter {parameter!r}: {message}")


class UnknownFormatError(InputError):
    """A format name is not one of the supported ones."""

    def __init__(self, fmt: str, valid: Sequence[str]) -> None:
        self.format = fmt
        self.valid = list(valid)
        super().__init__(f"unknown format {fmt!r}; valid formats: {', '.join(self.valid)}")


class QueryError(ZjkgError):
    """A query parsed but failed while running."""

    exit_code = 1


class EndpointError(ZjkgError):
    """A remote store could not be reached or refused the request; says which and why."""

    exit_code = 1

    def __init__(self, endpoint: str, reason: str, status: int | None = None) -> None:
        self.endpoint = endpoint
        self.reason = reason
        self.status = status
        super().__init__(f"{endpoint}: {reason}")


class LoadError(EndpointError):
    """Loading a graph into a store failed; names the graph. The store is left as it was."""

    def __init__(self, endpoint: str, graph: str, reason: str, status: int | None = None) -> None:
        self.graph = graph
        super().__init__(endpoint, f"loading graph <{graph}> failed: {reason}", status)


class StoreError(InputError):
    """A local store cannot be opened (unknown kind, locked or unusable path); names the path."""

    def __init__(self, store: str, reason: str, path: str | None = None) -> None:
        self.store = store
        self.path = path
        self.reason = reason
        where = f"{store} store" + (f" at {path}" if path else "")
        super().__init__(f"{where}: {reason}")


class ServerError(ZjkgError):
    """The local SPARQL server could not be started or stopped; says why."""

    exit_code = 1


class PortInUseError(InputError):
    """The port asked for is taken: a choice the user can change, so a usage error (exit 2)."""
