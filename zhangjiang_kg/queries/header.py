"""grlc's query header: the ``#+ key: value`` lines at the top of a ``.rq`` file (``summary``,
``description``, ``tags``, ``defaults``), read as grlc reads them. Reading costs a YAML parser (a
tenth of the default validation's time), so a saved query reads its header when something asks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import QueryHeaderError


def parse_header(text: str, name: str = "query") -> dict[str, Any]:
    """Read the header as grlc does: the lines starting ``#+``, leading ``#`` and ``+`` stripped, by ``yaml.safe_load``.

    :raises QueryHeaderError: the header is not valid YAML, or not a mapping.
    """
    import yaml  # start-up: most runs of zjkg read no header (headers are read when used)

    lines = [line.lstrip("#+") for line in text.split("\n") if line.startswith("#+")]
    if not lines:
        return {}
    try:
        # libyaml's safe loader when pyyaml was built with it: the same YAML, several times faster
        loaded = yaml.load("\n".join(lines), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise QueryHeaderError(name, str(problem), None if mark is None else mark.line + 1) from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise QueryHeaderError(name, f"the header is a {type(loaded).__name__}, not a mapping of keys")
    return {str(key).lower(): value for key, value in loaded.items()}


def defaults_of(header: Mapping[str, Any]) -> dict[str, str]:
    """The header's parameter defaults by name, from a list of one-key mappings or ``name: value`` strings."""
    raw = header.get("defaults") or []
    items = raw if isinstance(raw, list) else [raw]
    result: dict[str, str] = {}
    for item in items:
        if isinstance(item, dict):
            result.update({str(k).strip(): str(v).strip() for k, v in item.items()})
        elif isinstance(item, str) and ":" in item:
            key, value = item.split(":", 1)
            result[key.strip()] = value.strip().strip("'\"")
    return result
