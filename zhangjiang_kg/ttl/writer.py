"""Terms and blocks of the canonical Turtle layout: IRIs, literals, nested blank nodes and lists.

Blank nodes and lists referenced once are nested (``[ ]``, ``( )``) up to :data:`MAX_NESTING`
levels; the others are labelled ``_:b1``... in order of first appearance in a text sorted as if
every label were alike, so the labels a parser gave do not change the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox

from ..vocab import RDF, RDF_TYPE, XSD
from .iri import relativize
from .lexer import is_pn_local

RDF_FIRST, RDF_REST, RDF_NIL = RDF + "first", RDF + "rest", RDF + "nil"

#: Predicates written right after ``a``, in this order: names and labels.
LABEL_PREDICATES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#hiddenLabel",
    "https://schema.org/name",
    "https://schema.org/alternateName",
    "http://purl.org/dc/terms/title",
    "http://xmlns.com/foaf/0.1/name",
)
#: Predicates written after the labels: what the thing is.
DEFINITION_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://purl.org/dc/terms/description",
    "https://schema.org/description",
)
#: Target width of a line; longer object lists go one object per line.
LINE_WIDTH = 100
#: Deepest ``[ ]`` or ``( )`` nesting written; a node deeper than this is labelled instead.
MAX_NESTING = 48

_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")
_DOUBLE = re.compile(r"^[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+$")
#: Numbers Turtle writes bare when their lexical form is the grammar's.
_BARE = {XSD + "integer": _INTEGER, XSD + "decimal": _DECIMAL, XSD + "double": _DOUBLE}
_STAND_IN = re.compile("\x00[0-9]+\x00")
_IRI_UNSAFE = re.compile(r"[\x00-\x20<>\"{}|^`\\]")
#: What a one-line string literal escapes: the quote, the backslash and the control characters.
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\r": "\\r", "\t": "\\t"}


class Writer:
    """Writes triples as Turtle with the file's prefixes; IRIs relative to ``base`` where they can be."""

    def __init__(self, triples: Sequence[Any], prefixes: dict[str, str], base: str) -> None:
        self.base = base
        self._namespaces = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self._written: dict[str, str] = {}  # IRI -> how it is written: a file repeats few IRIs many times
        self.by_subject: dict[Any, list[tuple[Any, Any]]] = {}
        self.references: dict[Any, int] = {}
        for s, p, o in triples:
            self.by_subject.setdefault(s, []).append((p, o))
            if isinstance(o, ox.BlankNode):
                self.references[o] = self.references.get(o, 0) + 1
        self.lists = self._find_lists()
        self.in_lists = {n for head in self.lists for n in self._list_nodes(head)[1:]}
        self.nestable = {b for b, count in self.references.items() if count == 1} - self.in_lists
        self._settle_blank_nodes()

    # which blank nodes nest, which are lists, which need a label
    def _find_lists(self) -> dict[Any, list[Any]]:
        """Well-formed lists whose every node is referenced once: head -> items (linear time)."""
        cells: dict[Any, tuple[Any, Any]] = {}
        for node, pairs in self.by_subject.items():
            if isinstance(node, ox.BlankNode) and self.references.get(node) == 1 and len(pairs) == 2:
                first = [o for p, o in pairs if p.value == RDF_FIRST]
                rest = [o for p, o in pairs if p.value == RDF_REST]
                if len(first) == 1 and len(rest) == 1:
                    cells[node] = (first[0], rest[0])
        continued = {rest for _first, rest in cells.values() if rest in cells}
        found: dict[Any, list[Any]] = {}
        for head in cells.keys() - continued:
            items, node = [], head
            while node in cells:
                items.append(cells[node][0])
                node = cells[node][1]
            if isinstance(node, ox.NamedNode) and node.value == RDF_NIL:
                found[head] = items
        return found

    def _list_nodes(self, head: Any) -> list[Any]:
        nodes, node = [], head
        for _item in self.lists[head]:
            nodes.append(node)
            node = self._list_rest(node)
        return nodes

    def _settle_blank_nodes(self) -> None:
        """Nest what can be nested from the roots; label the rest (shared, in a cycle, too deep)."""
        roots = [s for s in self.by_subject if s not in self.nestable and s not in self.in_lists]
        reached = self._reach(roots, set())
        leftovers = sorted((b for b in self.nestable if b not in reached), key=self._sort_key)
        parents = self._parents() if leftovers else {}
        while leftovers:  # nodes only reachable through a cycle of once-referenced nodes
            breaker = self._cycle_breaker(leftovers[0], parents, reached)
            self._unnest(breaker)
            reached = self._reach([breaker], reached | {breaker})
            leftovers = [b for b in leftovers if b not in reached]
        blanks = {b for b in (*self.by_subject, *self.references) if isinstance(b, ox.BlankNode)}
        named = [b for b in blanks - self.nestable - self.in_lists if self.references.get(b, 0) > 0]
        # stand-ins until name_blank_nodes() numbers them by where they first appear
        self.labels = {b: f"\x00{number:06d}\x00" for number, b in enumerate(named)}

    def _parents(self) -> dict[Any, Any]:
        """The one node each once-referenced node hangs under (a list's items hang under its head)."""
        head_of = {node: head for head in self.lists for node in self._list_nodes(head)}
        parents: dict[Any, Any] = {}
        for subject, pairs in self.by_subject.items():
            for _p, o in pairs:
                if o in self.nestable:
                    parents[o] = head_of.get(subject, subject)
        return parents

    def _cycle_breaker(self, start: Any, parents: dict[Any, Any], reached: set[Any]) -> Any:
        """The node to label so a cycle can be written: walk up from ``start`` to the cycle above
        it and cut where the cycle, read upwards, is least by content, so the choice does not depend
        on the labels a parser gave."""
        path: dict[Any, int] = {}
        node = start
        while node is not None and node not in path and node not in reached:
            path[node] = len(path)
            node = parents.get(node)
        members = list(path)[path[node] :] if node in path else [start]
        keys = [self._sort_key(m)[0] for m in members]
        rotations = range(len(members))
        return members[min(rotations, key=lambda i: (keys[i:] + keys[:i], self._sort_key(members[i])))]

    def _reach(self, roots: Iterable[Any], reached: set[Any]) -> set[Any]:
        """Every node nested under ``roots``, labelling those nested deeper than MAX_NESTING."""
        stack = [(root, 0) for root in roots]
        while stack:
            node, depth = stack.pop()
            children = self.lists[node] if node in self.lists else [o for _p, o in self.by_subject.get(node, [])]
            for child in children:
                if child in reached or child not in self.nestable:
                    continue
                reached.add(child)
                if depth >= MAX_NESTING:
                    self._unnest(child)
                    stack.append((child, 0))
                else:
                    stack.append((child, depth + 1))
        return reached

    def _unnest(self, node: Any) -> None:
        """Write ``node`` as its own labelled block; if it heads a list, the list's rest stays a list."""
        self.nestable.discard(node)
        items = self.lists.pop(node, None)
        if items is not None and len(items) > 1:
            rest = self._list_rest(node)
            self.lists[rest] = items[1:]
            self.in_lists.discard(rest)
            self.nestable.add(rest)

    def _list_rest(self, node: Any) -> Any:
        return next(o for p, o in self.by_subject[node] if p.value == RDF_REST)

    def _sort_key(self, node: Any) -> tuple[str, str]:
        pairs = self.by_subject.get(node, [])
        signature = " ".join(sorted(f"{p} {o if not isinstance(o, ox.BlankNode) else '[]'}" for p, o in pairs))
        return signature, str(node)

    def iri(self, value: str) -> str:
        """A prefixed name when a prefix fits, else an IRI reference relative to the base."""
        written = self._written.get(value)
        if written is None:
            written = self._written[value] = self._iri(value)
        return written

    def _iri(self, value: str) -> str:
        for prefix, namespace in self._namespaces:
            if namespace and value.startswith(namespace) and is_pn_local(value[len(namespace) :]):
                return f"{prefix}:{value[len(namespace) :]}"
        return self.iri_ref(value)

    def iri_ref(self, value: str) -> str:
        """``<...>``, relative to the base when it resolves back, unsafe characters as ``\\u`` escapes."""
        written = relativize(value, self.base) if self.base else value
        return "<" + _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", written) + ">"

    def literal(self, term: Any) -> str:
        value, datatype = term.value, term.datatype.value
        if term.language:
            return f"{quote(value)}@{term.language}"
        if datatype == XSD + "string":
            return quote(value)
        bare = _BARE.get(datatype)
        if (bare is not None and bare.match(value)) or (datatype == XSD + "boolean" and value in ("true", "false")):
            return str(value)
        return f"{quote(value)}^^{self.iri(datatype)}"

    def term(self, term: Any, indent: int) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Literal):
            return self.literal(term)
        if term in self.lists:
            return "( " + " ".join(self.term(item, indent) for item in self.lists[term]) + " )"
        if term in self.nestable and term in self.by_subject:
            body = self.predicate_objects(term, indent + 4)
            if "\n" not in body and len(body) <= 60:
                return f"[ {body} ]"
            return "[\n" + " " * (indent + 4) + body + "\n" + " " * indent + "]"
        return self.labels.get(term, "[]")

    def predicate_key(self, predicate: str) -> tuple[int, int, str]:
        if predicate == RDF_TYPE:
            return (0, 0, "")
        if predicate in LABEL_PREDICATES:
            return (1, LABEL_PREDICATES.index(predicate), "")
        if predicate in DEFINITION_PREDICATES:
            return (2, DEFINITION_PREDICATES.index(predicate), "")
        return (3, 0, self.iri(predicate))

    def predicate_objects(self, subject: Any, indent: int) -> str:
        grouped: dict[str, list[Any]] = {}
        for p, o in self.by_subject.get(subject, []):
            grouped.setdefault(p.value, []).append(o)
        parts = []
        for predicate in sorted(grouped, key=self.predicate_key):
            verb = "a" if predicate == RDF_TYPE else self.iri(predicate)
            objects = sorted((self.term(o, indent) for o in grouped[predicate]), key=unlabelled)
            one_line = f"{verb} {' , '.join(objects)}"
            if len(one_line) + indent <= LINE_WIDTH or len(objects) == 1:
                parts.append(one_line)
            else:
                parts.append(f"{verb} " + (" ,\n" + " " * (indent + 4)).join(objects))
        return (" ;\n" + " " * indent).join(parts)

    def block(self, subject: Any) -> str:
        """The statement about ``subject``: ``name pred obj ; ... .`` or ``[ ... ] .``."""
        if isinstance(subject, ox.BlankNode) and subject not in self.labels:
            body = self.predicate_objects(subject, 4)
            return f"[ {body} ] ." if "\n" not in body else f"[\n    {body}\n] ."
        name = self.iri(subject.value) if isinstance(subject, ox.NamedNode) else self.labels[subject]
        return f"{name} {self.predicate_objects(subject, 4)} ."

    def blank_blocks(self) -> list[str]:
        """The statements about blank nodes that are not nested anywhere, sorted."""
        others = [
            s
            for s in self.by_subject
            if isinstance(s, ox.BlankNode)
            and (s in self.labels or self.references.get(s, 0) == 0)
            and s not in self.in_lists
        ]
        return sorted((self.block(s) for s in others), key=unlabelled)

    def name_blank_nodes(self, text: str) -> str:
        """Replace the stand-in labels with ``_:b1``, ``_:b2`` ... in order of first appearance."""
        names: dict[str, str] = {}
        return _STAND_IN.sub(lambda m: names.setdefault(m.group(), f"_:b{len(names) + 1}"), text)


def unlabelled(text: str) -> str:
    """The text with every blank node label alike: the sort key that labels cannot sway."""
    return _STAND_IN.sub("_:", text) if "\x00" in text else text


def quote(value: str) -> str:
    """A string literal: long quotes when it spans lines, escapes only where Turtle needs them."""
    if "\n" in value:
        body = value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
        return f'"""{body}"""'
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT_ESCAPES.get(char) or f"\\u{ord(char):04X}"
