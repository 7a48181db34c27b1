"""Blank nodes named by their content, for the semantic diff: no label survives a re-parse, content does.

A shallow blank node is written inline (``[ p o ; q r ]``); a deeper one (a long RDF list) is
named ``_:c`` + a hash of its content, its statements listed under that name, so the diff stays
linear and never recurses deeper than :data:`INLINE_DEPTH`. Nodes on a cycle are always named,
their cyclic objects written ``[…]``; a node that is no statement's object is listed by name too.

>>> import pyoxigraph as ox
>>> a, b, p = ox.BlankNode("a"), ox.BlankNode("b"), ox.NamedNode("http://x/p")
>>> content = BlankContent([(ox.NamedNode("http://x/s"), p, a), (a, p, b), (b, p, ox.Literal("x"))])
>>> content.render(a)
'[ <http://x/p> [ <http://x/p> "x" ] ]'
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

#: Blank nodes at most this many levels deep are written inline; deeper ones by content hash.
INLINE_DEPTH = 8
_CYCLE = "[…]"


class BlankContent:
    """The blank nodes of one version: a content key and a depth for each, computed bottom-up."""

    def __init__(self, triples: Iterable[tuple[Any, Any, Any]]) -> None:
        self.pairs: dict[Any, list[tuple[Any, Any]]] = {}
        referenced: set[Any] = set()
        for s, p, o in triples:
            if isinstance(s, ox.BlankNode):
                self.pairs.setdefault(s, []).append((p, o))
            if isinstance(o, ox.BlankNode):
                referenced.add(o)
                self.pairs.setdefault(o, [])
        self.roots = {b for b in self.pairs if b not in referenced}
        self.key: dict[Any, str] = {}
        self.depth: dict[Any, float] = {}
        self._inline: dict[Any, str] = {}
        self._settle()

    def _children(self, node: Any) -> set[Any]:
        return {o for _, o in self.pairs[node] if isinstance(o, ox.BlankNode)}

    def _settle(self) -> None:
        """Keys leaves first (Kahn's order), so no recursion; what is left sits on or above a cycle."""
        parents: dict[Any, list[Any]] = {}
        waiting: dict[Any, int] = {}
        for node in self.pairs:
            children = self._children(node)
            waiting[node] = len(children)
            for child in children:
                parents.setdefault(child, []).append(node)
        ready = [node for node, count in waiting.items() if count == 0]
        while ready:
            node = ready.pop()
            children = self._children(node)
            self.depth[node] = 1 + max((self.depth[c] for c in children), default=0)
            self.key[node] = self._hash(node)
            for parent in parents.get(node, ()):
                waiting[parent] -= 1
                if waiting[parent] == 0:
                    ready.append(parent)
        cyclic = [node for node in self.pairs if node not in self.key]
        self.depth.update(dict.fromkeys(cyclic, float("inf")))
        # keyed with their unkeyed objects as "[…]", not by walking the cycle: every hash before any is stored
        self.key.update({node: self._hash(node) for node in cyclic})

    def _hash(self, node: Any) -> str:
        parts = sorted(f"{p} {self._term_key(o)}" for p, o in self.pairs[node])
        return hashlib.blake2b("\n".join(parts).encode("utf-8"), digest_size=8).hexdigest()

    def _term_key(self, term: Any) -> str:
        if isinstance(term, ox.BlankNode):
            return "_:c" + self.key[term] if term in self.key else _CYCLE
        return str(term)

    def is_named(self, node: Any) -> bool:
        """Whether ``node`` is written by name (too deep, on a cycle, or no statement's object)."""
        return self.depth[node] > INLINE_DEPTH

    def render(self, term: Any) -> str:
        """A term in N-Triples form; a blank node inline (shallow) or as ``_:c<hash>`` (deep)."""
        if not isinstance(term, ox.BlankNode):
            return str(term)
        if self.is_named(term):
            return "_:c" + self.key[term]
        found = self._inline.get(term)
        if found is None:  # at most INLINE_DEPTH levels of recursion
            inner = sorted(f"{p} {self.render(o)}" for p, o in self.pairs[term])
            found = self._inline[term] = "[ " + " ; ".join(inner) + " ]"
        return found

    def named_statements(self) -> Iterator[tuple[str, str, str]]:
        """The statements of the blank nodes written by name, and of those no statement points at."""
        for node, pairs in self.pairs.items():
            if self.is_named(node) or node in self.roots:
                subject = "_:c" + self.key[node]
                for p, o in pairs:
                    yield subject, str(p), self.render(o)
