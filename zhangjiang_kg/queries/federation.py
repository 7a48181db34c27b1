"""SPARQL federation (``SERVICE``): a query that would send its bindings to another host.

A ``SERVICE <http://elsewhere/sparql> { ... }`` clause makes the engine that runs the query
(rdflib in-process, Oxigraph, or a remote endpoint) call that host with values taken from the
graph, and wait for it. A saved query is code from whoever wrote the ``.rq`` file, and ``zjkg
check`` runs pull requests' queries in CI, so federation is refused unless the user passes
``--allow-network``.

The decision is made on the parsed query (rdflib's algebra), not on the text, so the word
SERVICE in a string, a comment or an IRI is not mistaken for the clause, and a clause hidden in
``OPTIONAL``, ``EXISTS`` or a sub-query is still found.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import NetworkAccessError


def service_targets(algebra: Any) -> list[str]:
    """Every ``SERVICE`` target of a parsed query: an IRI, or ``?var`` when it is a variable."""
    return [str(term) if not _is_variable(term) else f"?{term}" for term in _services(algebra, set())]


def refuse_federation(name: str, algebra: Any, allow_network: bool = False) -> None:
    """Refuse a query with a ``SERVICE`` clause unless ``allow_network``.

    :raises NetworkAccessError: names the query and the first service it would call.
    """
    if allow_network:
        return
    targets = service_targets(algebra)
    if targets:
        target = targets[0] if targets[0].startswith("?") else f"<{targets[0]}>"
        raise NetworkAccessError(
            f"{name}: SERVICE {target} would send the query and values from the graph over the "
            "network; refused (pass --allow-network to allow federated queries)"
        )


def _services(node: Any, seen: set[int]) -> Iterator[Any]:
    from rdflib.plugins.sparql.parserutils import CompValue

    if id(node) in seen:
        return
    if isinstance(node, CompValue):
        seen.add(id(node))
        if node.name == "ServiceGraphPattern":
            yield node.get("term")
        for value in node.values():
            yield from _services(value, seen)
    elif isinstance(node, dict):
        seen.add(id(node))
        for value in node.values():
            yield from _services(value, seen)
    elif isinstance(node, (list, tuple)):
        seen.add(id(node))
        for value in node:
            yield from _services(value, seen)


def _is_variable(term: Any) -> bool:
    from rdflib import Variable

    return isinstance(term, Variable)
