"""The one table of report formats: the name ``--format`` takes, and the function that writes it
(``zjkg validate`` and ``zjkg check`` both offer every one)."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import UnknownFormatError
from .findings import Report
from .github import to_github
from .json import to_json
from .junit import to_junit
from .sarif import to_sarif
from .shacl import to_turtle
from .text import to_text

#: Report formats by name, in the order ``--help`` lists them.
REPORT_FORMATS: dict[str, Callable[[Report], str]] = {
    "text": to_text,
    "json": to_json,
    "turtle": to_turtle,
    "junit": to_junit,
    "sarif": to_sarif,
    "github": to_github,
}
#: The names alone, for option choices and error messages.
FORMAT_NAMES = tuple(REPORT_FORMATS)


def render(report: Report, fmt: str = "text") -> str:
    """Write ``report`` in the format named ``fmt``.

    :raises UnknownFormatError: ``fmt`` is not one of :data:`REPORT_FORMATS`.
    """
    if fmt not in REPORT_FORMATS:
        raise UnknownFormatError(fmt, list(REPORT_FORMATS))
    return REPORT_FORMATS[fmt](report)
