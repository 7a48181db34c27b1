"""The shapes graph read into plain objects: shapes, their targets, paths and constraint parameters.

Shapes are found as the Recommendation defines them (so a shape only mentioned inside sh:or is
read); anything outside SHACL Core is recorded on the shape as a reason to hand it to pySHACL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import InputError
from ..reports.paths import UNARY, PathError, read_path
from .registry import PARAMETERS
from .terms import RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, RDFS, SH, VIOLATION, Term, sh

if TYPE_CHECKING:
    from ..reports.paths import PathValue

#: The shapes graph by subject, then predicate IRI: the objects.
Index = dict[Term, dict[str, list[Term]]]
TARGETS = ("targetNode", "targetClass", "targetSubjectsOf", "targetObjectsOf")
#: Predicates that belong to SHACL-SPARQL or SHACL-AF, not to SHACL Core.
NON_CORE = frozenset({"sparql", "target", "rule", "condition", "js", "jsFunctionName", "expression"})
SHAPE_VALUED = ("node", "property", "not", "qualifiedValueShape")
#: The links of a path's description: list cells and the nodes of the path forms.
_PATH_LINKS = (RDF_FIRST.value, RDF_REST.value, SH + "alternativePath", *(SH + local for local in UNARY))
SHAPE_LISTS = ("and", "or", "xone")


@dataclass(eq=False)
class Shape:
    """One node or property shape; ``params`` maps a SHACL local name to its values."""

    node: ox.NamedNode | ox.BlankNode
    path: PathValue | None = None
    targets: list[tuple[str, Term]] = field(default_factory=list)
    params: dict[str, list[Term]] = field(default_factory=dict)
    severity: ox.NamedNode = VIOLATION
    messages: list[ox.Literal] = field(default_factory=list)
    deactivated: bool = False
    non_core: list[str] = field(default_factory=list)
    parents: list[Shape] = field(default_factory=list)

    @property
    def key(self) -> str:
        return str(self.node)

    def first(self, local: str) -> Term | None:
        """The first value of ``sh:local`` (SHACL Core parameters are single-valued but for a few)."""
        values = self.params.get(local)
        return values[0] if values else None


@dataclass
class ShapesGraph:
    """Every shape, by its node, and the RDF lists the parameters point to."""

    shapes: dict[str, Shape]
    lists: dict[str, list[Term]]
    errors: list[str] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)

    def members(self, node: Term | None) -> list[Term]:
        """Items of the RDF list at ``node`` (empty for rdf:nil or anything that is no list)."""
        return [] if node is None else self.lists.get(str(node), [])

    def shape(self, node: Term) -> Shape:
        return self.shapes[str(node)]

    def classes(self) -> set[str]:
        """The class IRIs the shapes test: targets and sh:class values."""
        found = {t.value for s in self.shapes.values() for kind, t in s.targets if kind == "targetClass"}
        return found | {c.value for s in self.shapes.values() for c in s.params.get("class", [])}

    def targeted(self) -> list[Shape]:
        """Shapes with at least one target, in a stable order."""
        return sorted((s for s in self.shapes.values() if s.targets), key=lambda s: s.key)


def read_shapes(triples: Iterable[ox.Triple | ox.Quad]) -> ShapesGraph:
    """Read every shape from the triples of a shapes graph (graph names are ignored).

    :raises InputError: a shape's ``sh:path`` description is cyclic (no validator can follow it:
        pySHACL recurses until it gives up).
    """
    index: Index = defaultdict(lambda: defaultdict(list))
    kept = [ox.Triple(t.subject, t.predicate, t.object) for t in triples]
    for t in kept:
        index[t.subject][t.predicate.value].append(t.object)  # type: ignore[index, arg-type]
    _refuse_cyclic_paths(index)
    lists = _lists(index)
    graph = ShapesGraph({}, lists, triples=kept)
    custom = _custom_parameters(index)
    candidates: dict[str, Term] = {}
    class_types = _class_types(index)
    for subject, props in index.items():
        types = props.get(RDF_TYPE.value, [])
        if any(t in (sh("NodeShape"), sh("PropertyShape")) for t in types) or any(
            SH + local in props for local in (*TARGETS, *PARAMETERS, "path")
        ):
            candidates[str(subject)] = subject
        nodes = [v for local in SHAPE_VALUED for v in props.get(SH + local, [])]
        nodes += [m for local in SHAPE_LISTS for v in props.get(SH + local, []) for m in lists.get(str(v), [])]
        candidates.update((str(n), n) for n in nodes)
    for key, node in candidates.items():
        if isinstance(node, ox.Literal):
            graph.errors.append(f"a literal is used as a shape: {node}")
            continue
        graph.shapes[key] = _shape(node, index, graph, class_types, custom)
    for shape in graph.shapes.values():
        for child in shape.params.get("property", []):
            if str(child) in graph.shapes:
                graph.shapes[str(child)].parents.append(shape)
    return graph


def _shape(
    node: ox.NamedNode | ox.BlankNode, index: Index, graph: ShapesGraph, types: set[Term], custom: dict[str, str]
) -> Shape:
    shape, props = Shape(node), index.get(node, {})
    for predicate, values in props.items():
        if predicate.startswith(SH):
            local = predicate[len(SH) :]
            if local in NON_CORE:
                shape.non_core.append(f"sh:{local} is not SHACL Core")
            elif local in PARAMETERS:
                shape.params[local] = list(values)
        if predicate in custom:
            shape.non_core.append(f"<{predicate}> is a parameter of the custom component <{custom[predicate]}>")
    for local in TARGETS:
        shape.targets += [(local, v) for v in props.get(SH + local, [])]
    if any(t in types for t in props.get(RDF_TYPE.value, [])):
        shape.targets.append(("targetClass", node))
    severities = [v for v in props.get(SH + "severity", []) if isinstance(v, ox.NamedNode)]
    if severities:
        shape.severity = severities[0]
    shape.messages = [m for m in props.get(SH + "message", []) if isinstance(m, ox.Literal)]
    shape.deactivated = any(isinstance(v, ox.Literal) and v.value == "true" for v in props.get(SH + "deactivated", []))
    paths = props.get(SH + "path", [])
    if paths:
        try:
            shape.path = read_path(paths[0], lambda n, local: index.get(n, {}).get(SH + local, []), graph.members)
        except PathError as exc:
            graph.errors.append(f"{node}: {exc}")
            shape.non_core.append(f"its sh:path cannot be read: {exc}")
    return shape


def _refuse_cyclic_paths(index: Index) -> None:
    """Refuse a ``sh:path`` whose description leads back to one of its own blank nodes."""
    for subject, props in index.items():
        for path in props.get(SH + "path", []):
            looped = _cycle(path, index)
            if looped is not None:
                owners = [s for s, p in index.items() if subject in p.get(SH + "property", [])]
                shape = f"a property shape of {owners[0]}" if owners else str(subject)
                raise InputError(
                    f"shapes: the sh:path of {shape} is cyclic ({looped} leads back to itself); "
                    "a path must be a finite SHACL path"
                )


def _cycle(start: Term, index: Index) -> Term | None:
    """A blank node of the path description at ``start`` that reaches itself, or None.

    Depth first, without recursion (a path may be long); parts shared by two branches are no cycle.
    """
    if not isinstance(start, ox.BlankNode):
        return None

    def links(node: Term) -> Iterator[Term]:
        props = index.get(node, {})
        return (o for p in _PATH_LINKS for o in props.get(p, []) if isinstance(o, ox.BlankNode))

    open_nodes: set[Term] = {start}
    done: set[Term] = set()
    stack: list[tuple[Term, Iterator[Term]]] = [(start, links(start))]
    while stack:
        node, following = stack[-1]
        step = next(following, None)
        if step is None:
            stack.pop()
            open_nodes.discard(node)
            done.add(node)
        elif step in open_nodes:
            return step
        elif step not in done:
            open_nodes.add(step)
            stack.append((step, links(step)))
    return None


def _lists(index: Index) -> dict[str, list[Term]]:
    """Every well-formed RDF list in the graph, by its head node."""
    found: dict[str, list[Term]] = {str(RDF_NIL): []}
    for head, props in index.items():
        if RDF_FIRST.value not in props:
            continue
        items: list[Term] = []
        node: Term = head
        seen: set[Term] = set()
        while node != RDF_NIL and node not in seen:
            seen.add(node)
            cell = index.get(node, {})
            if not cell.get(RDF_FIRST.value) or not cell.get(RDF_REST.value):
                break
            items.append(cell[RDF_FIRST.value][0])
            node = cell[RDF_REST.value][0]
        if node == RDF_NIL:
            found[str(head)] = items
    return found


def _class_types(index: Index) -> set[Term]:
    """rdfs:Class and its subclasses in the shapes graph: their instances are implicit class targets."""
    classes: set[Term] = {ox.NamedNode(RDFS + "Class")}
    changed = True
    while changed:
        changed = False
        for subject, props in index.items():
            if subject not in classes and any(c in classes for c in props.get(RDFS + "subClassOf", [])):
                classes.add(subject)
                changed = True
    return classes


def _custom_parameters(index: Index) -> dict[str, str]:
    """Parameter predicates of constraint components the shapes graph declares itself."""
    found: dict[str, str] = {}
    for subject, props in index.items():
        if sh("ConstraintComponent") not in props.get(RDF_TYPE.value, []):
            continue
        for parameter in props.get(SH + "parameter", []):
            for path in index.get(parameter, {}).get(SH + "path", []):
                if isinstance(path, ox.NamedNode) and not path.value.startswith(SH):
                    found[path.value] = str(subject)
    return found
