"""Stable blank node labels in near-linear time, so exports of the same graph are the same bytes.

``rdflib.compare.to_canonical_graph`` is quadratic or worse on chains (a 3000-item list took
minutes). Here each blank node's colour, a hash of its edges, is refined with its neighbours'
(Weisfeiler-Leman), then nodes are numbered breadth-first from the rarest colour; nothing recurses.
Labels depend only on the graph, except between nodes still alike after :data:`MAX_ROUNDS` rounds.
"""

from __future__ import annotations

import hashlib
from collections import Counter, deque
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

#: Refinement rounds at most; each costs one pass over the edges of blank nodes.
MAX_ROUNDS = 32
_BLANK = "_"

Edge = tuple[str, str, str, Any]  # direction, predicate, graph, neighbour (blank node or N-Triples text)


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def relabel(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads with blank nodes renamed ``b0``, ``b1``... in a canonical order (a quad given
    twice counts once: edges are sets)."""
    found = list(quads)
    edges: dict[Any, set[Edge]] = {}
    for quad in found:
        s, o, g = quad.subject, quad.object, quad.graph_name
        graph, predicate = _BLANK if isinstance(g, ox.BlankNode) else str(g), str(quad.predicate)
        if isinstance(s, ox.BlankNode):
            edges.setdefault(s, set()).add(("out", predicate, graph, o if isinstance(o, ox.BlankNode) else str(o)))
        if isinstance(o, ox.BlankNode):
            edges.setdefault(o, set()).add(("in", predicate, graph, s if isinstance(s, ox.BlankNode) else str(s)))
        if isinstance(g, ox.BlankNode):
            edges.setdefault(g, set()).add(("graph", "", "", _BLANK))
    if not edges:
        return found
    colour = _colours(edges)
    order = _number(edges, colour)
    names = {node: ox.BlankNode(f"b{index}") for index, node in enumerate(order)}

    def rename(term: Any) -> Any:
        return names[term] if isinstance(term, ox.BlankNode) else term

    return [ox.Quad(rename(q.subject), q.predicate, rename(q.object), rename(q.graph_name)) for q in found]


def _colours(edges: dict[Any, set[Edge]]) -> dict[Any, str]:
    """Colours refined until they split no further (or :data:`MAX_ROUNDS`)."""
    colour = {
        node: _digest(sorted((d, p, g, _BLANK if isinstance(n, ox.BlankNode) else n) for d, p, g, n in node_edges))
        for node, node_edges in edges.items()
    }
    classes = len(set(colour.values()))
    for _ in range(MAX_ROUNDS):
        if classes == len(colour):
            break
        colour = {
            node: _digest(
                colour[node],
                sorted((d, p, g, colour[n] if isinstance(n, ox.BlankNode) else n) for d, p, g, n in node_edges),
            )
            for node, node_edges in edges.items()
        }
        refined = len(set(colour.values()))
        if refined == classes:
            break
        classes = refined
    return colour


def _number(edges: dict[Any, set[Edge]], colour: dict[Any, str]) -> list[Any]:
    """Blank nodes in breadth-first order from the rarest colours, neighbours by edge and colour."""
    size = Counter(colour.values())
    starts = sorted(edges, key=lambda node: (size[colour[node]], colour[node]))
    seen: set[Any] = set()
    order: list[Any] = []
    for start in starts:
        if start in seen:
            continue
        seen.add(start)
        queue = deque([start])
        while queue:
            node = queue.popleft()
            order.append(node)
            neighbours = [(d, p, g, colour[n], n) for d, p, g, n in edges[node] if isinstance(n, ox.BlankNode)]
            for *_key, neighbour in sorted(neighbours, key=lambda item: item[:4]):
                if neighbour not in seen:
                    seen.add(neighbour)
                    queue.append(neighbour)
    return order
