"""SPARQL federation (``SERVICE``): a query that would send values from the graph to another host.

A saved query is code from whoever wrote the ``.rq`` file (``zjkg check`` runs pull requests'
queries in CI), so federation is refused unless ``--allow-network``. The decision is made for
every engine on the query's words (:mod:`.text`), before any parser sees it: pyoxigraph exposes no
parsed form, and parsing with rdflib only to look costs a third of a second.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import NetworkAccessError
from .text import iri_at, mask, words


def service_targets(text: str, prefixes: Mapping[str, str] | None = None) -> list[str]:
    """Every ``SERVICE`` target of a query: an IRI (prefixed names expanded with ``prefixes``),
    ``?var`` when it is a variable, or the word as written when it cannot be read."""
    masked = mask(text)
    found = list(words(masked))
    targets: list[str] = []
    for index, word in enumerate(found):
        if word.group().upper() != "SERVICE":
            continue
        end, following = word.end(), found[index + 1 : index + 3]
        if following and following[0].group().upper() == "SILENT":
            end, following = following[0].end(), following[1:]
        targets.append(_target(text, end, following[0] if following else None, prefixes or {}))
    return targets


def _target(text: str, end: int, word: re.Match[str] | None, prefixes: Mapping[str, str]) -> str:
    """What follows ``SERVICE [SILENT]`` at ``end``: an IRI (masked, so no word), a variable or a prefixed name."""
    iri = iri_at(text, end)
    if iri is not None or word is None:
        return iri or ""
    written = word.group()
    if written[0] in "?$":
        return "?" + written[1:]
    prefix, colon, local = written.partition(":")
    return prefixes[prefix] + local if colon and prefix in prefixes else written


def refuse_federation(
    name: str, text: str, allow_network: bool = False, prefixes: Mapping[str, str] | None = None
) -> list[str]:
    """Refuse a query with a ``SERVICE`` clause unless ``allow_network``; returns the services it calls.

    :raises NetworkAccessError: names the query and the first service it would call.
    """
    targets = service_targets(text, prefixes)
    if targets and not allow_network:
        target = targets[0] if targets[0].startswith("?") else f"<{targets[0]}>"
        raise NetworkAccessError(
            f"{name}: SERVICE {target} would send the query and values from the graph over the "
            "network; refused (pass --allow-network to allow federated queries)"
        )
    return targets
