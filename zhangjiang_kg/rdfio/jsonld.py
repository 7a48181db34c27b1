"""JSON read without recursing past a limit, and a flattened JSON-LD writer (the project's
prefixes as context, nodes and keys sorted). Values are written as strings with their datatype,
never as JSON numbers or booleans, so lexical forms survive a round trip.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from ..vocab import RDF_TYPE, XSD_STRING, curie

#: Deepest nesting of arrays and objects :func:`read_json` accepts. Real documents stay below 20;
#: Python's JSON reader (and whatever walks its result) fails with a RecursionError near 1,000.
MAX_JSON_DEPTH = 256

_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')  # possessive: no state kept per character


def read_json(text: str | bytes, limit: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON (any the package reads), refusing a document nested deeper than ``limit`` before
    the parser recurses.

    :raises json.JSONDecodeError: not JSON, or nested too deep (its ``lineno`` and ``colno`` say where).
    :raises UnicodeDecodeError: ``text`` is bytes that are not UTF-8.
    """
    document = text.decode("utf-8") if isinstance(text, bytes) else text
    depth = 0
    for found in _STRING_OR_BRACKET.finditer(document):
        bracket = found.group()
        if bracket in "[{":
            depth += 1
            if depth > limit:
                raise json.JSONDecodeError(f"nested more than {limit} levels deep", document, found.start())
        elif bracket in "]}":
            depth -= 1
    return json.loads(document)


def serialize(quads: Sequence[ox.Quad], prefixes: Mapping[str, str]) -> bytes:
    """JSON-LD with one ``@graph`` entry per named graph, in the order the quads come."""
    graphs: dict[str, dict[str, dict[str, list[Any]]]] = {}
    for quad in quads:
        graph = quad.graph_name
        key = "" if isinstance(graph, ox.DefaultGraph) else _id(graph, prefixes)
        node = graphs.setdefault(key, {}).setdefault(_id(quad.subject, prefixes), {})
        obj = quad.object
        if quad.predicate.value == RDF_TYPE and not isinstance(obj, ox.Literal):
            node.setdefault("@type", []).append(_id(obj, prefixes))
            continue
        node.setdefault(_id(quad.predicate, prefixes), []).append(_value(obj, prefixes))
    entries: list[dict[str, Any]] = []
    for key, nodes in graphs.items():
        listed = [_node(node_id, nodes[node_id]) for node_id in sorted(nodes)]
        if key:
            entries.append({"@id": key, "@graph": listed})
        else:
            entries.extend(listed)
    document = {"@context": dict(prefixes), "@graph": entries}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _node(node_id: str, properties: dict[str, list[Any]]) -> dict[str, Any]:
    entry: dict[str, Any] = {"@id": node_id}
    for key in sorted(properties):
        entry[key] = sorted(properties[key], key=lambda value: json.dumps(value, sort_keys=True, ensure_ascii=False))
    return entry


def _value(term: Any, prefixes: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(term, ox.Literal):
        return {"@id": _id(term, prefixes)}
    value = {"@value": term.value}
    if term.language:
        value["@language"] = term.language
    elif term.datatype.value != XSD_STRING:
        value["@type"] = _id(term.datatype, prefixes)
    return value


def _id(term: Any, prefixes: Mapping[str, str]) -> str:
    """``_:b0`` for a blank node; a compact IRI when one fits, else the IRI itself."""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    short = curie(term.value, prefixes)
    return term.value if short.startswith("<") or short.endswith(":") else short
