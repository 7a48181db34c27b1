"""Shape-based components: sh:node, sh:not, sh:and, sh:or, sh:xone, sh:qualifiedValueShape.

The nested shapes are validated once, set-wise, with the value nodes as their focus pattern
(:meth:`Evaluator.failing`); the component is a set operation over the (focus, value) pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from functools import partial

import pyoxigraph as ox

from .engine import Evaluator, Finding
from .model import Shape
from .paths import nullable, path_sparql
from .registry import CONDITIONS, component
from .terms import Term

#: From "does the value fail each member shape?" to "is it a violation?".
Rule = Callable[[list[bool]], bool]


def _per_value(ev: Evaluator, shape: Shape, focus: str, members: list[Shape], fails: Rule) -> Iterable[Finding]:
    if not members and fails([]):
        yield from _all_values(ev, shape, focus)
        return
    inner = ev.value_focus(shape, focus)
    failed = [ev.failing(m, inner) for m in members]
    for this, value in ev.pairs(shape, focus):
        if fails([value in f for f in failed]):
            yield Finding(this, value)


def _all_values(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
    """Every value node is a violation."""
    return (Finding(this, value) for this, value in ev.pairs(shape, focus))


def _only_failing(ev: Evaluator, shape: Shape, focus: str, members: list[Shape], *, every: bool) -> Iterable[Finding]:
    """Values that fail every member (sh:or) or any (sh:and, sh:node): only failing values are read,
    and for sh:or each member after the first sees only those that failed the ones before it."""
    inner = ev.value_focus(shape, focus)
    bad: set[Term] | None = None
    for member in members:
        narrowed = inner if bad is None or not every else ev.listed(bad) or inner
        failed = ev.failing(member, narrowed)
        bad = failed if bad is None else (bad & failed if every else bad | failed)
        if every and not bad:
            return
    if not bad:
        return
    if shape.path is None:  # a node shape's value is the focus node itself
        yield from (Finding(node, node) for node in sorted(bad, key=str))
        return
    yield from (Finding(this, value) for this, value in ev.pairs(shape, focus) if value in bad)


@component("NodeConstraintComponent", "node")
def check_node(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
    for target in ev.children(shape, "node"):
        yield from _only_failing(ev, shape, focus, [target], every=True)


@component("NotConstraintComponent", "not")
def check_not(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
    for target in ev.children(shape, "not"):
        yield from _per_value(ev, shape, focus, [target], lambda f: not f[0])


@component("AndConstraintComponent", "and")
def check_and(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
    for head in shape.params.get("and", []):
        members = ev.member_shapes(head)
        yield from _only_failing(ev, shape, focus, members, every=False) if members else ()


@component("OrConstraintComponent", "or")
def check_or(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
    for head in shape.params.get("or", []):
        members = ev.member_shapes(head)  # an empty sh:or: no value conforms to one of no shapes
        yield from _only_failing(ev, shape, focus, members, every=True) if members else _all_values(ev, shape, focus)


@component("XoneConstraintComponent", "xone")
def check_xone(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
    for head in shape.params.get("xone", []):
        yield from _per_value(ev, shape, focus, ev.member_shapes(head), lambda f: f.count(False) != 1)


def _siblings(ev: Evaluator, shape: Shape, own: Term) -> list[Shape]:
    """Other qualified value shapes of the property shapes of this shape's parents (disjointness)."""
    found: dict[str, Shape] = {}
    for parent in shape.parents:
        for sibling in ev.children(parent, "property"):
            for q in ev.children(sibling, "qualifiedValueShape"):
                if q.node != own:
                    found[q.key] = q
    return list(found.values())


def _conforms(ev: Evaluator, q: Shape) -> str | None:
    """A SPARQL expression true when ``?this`` conforms to ``q``, if ``q`` tests only single values
    (value tests and sh:class): then its qualified counts are one grouped query (:func:`_counted`)."""
    simple = {param for param, _test in CONDITIONS.values()} | {"class", "flags"}
    classes = q.params.get("class", [])
    if q.path is not None or q.deactivated or not set(q.params) <= simple or not ev.dialect.projected_flags:
        return None
    if not all(isinstance(c, ox.NamedNode) for c in classes):
        return None
    ok = [f"!COALESCE(({e}), false)" for _iri, e in ev.value_tests(q)]
    ok += [f"EXISTS {{ {ev.type_test('?this', c.value)} }}" for c in classes]
    return " && ".join(ok) or "true"


def _counted(ev: Evaluator, shape: Shape, focus: str, q: Shape, test: str) -> dict[Term, int]:
    """Focus nodes whose count of values conforming to ``q`` is out of bounds, with that count."""
    key = (shape.key, focus, q.key)
    if key not in ev.qualified_counts:
        assert shape.path is not None
        limits = [
            f"COUNT(DISTINCT ?this) {op} {int(b.value)}"
            for op, b in (("<", shape.first("qualifiedMinCount")), (">", shape.first("qualifiedMaxCount")))
            if isinstance(b, ox.Literal)
        ]
        rows = ev.select(
            f"SELECT ?_up (COUNT(DISTINCT ?this) AS ?_n) WHERE {{ {{ SELECT (?this AS ?_up) WHERE {{ {focus} }} }} "
            f"OPTIONAL {{ ?_up {path_sparql(shape.path)} ?this . FILTER({test}) }} }} "
            f"GROUP BY ?_up HAVING ({' || '.join(limits) or 'false'})"
        )
        ev.qualified_counts[key] = {
            r["_up"]: int(r["_n"].value) for r in rows if r["_up"] is not None and isinstance(r["_n"], ox.Literal)
        }
    return ev.qualified_counts[key]


def _qualified(ev: Evaluator, shape: Shape, focus: str, which: str) -> Iterable[Finding]:
    """sh:qualifiedMinCount (``which`` is ``"min"``) or sh:qualifiedMaxCount: the same count, two tests."""
    bound = shape.first(f"qualified{which.capitalize()}Count")
    if shape.path is None or not isinstance(bound, ox.Literal):
        return
    limit, disjoint = int(bound.value), shape.first("qualifiedValueShapesDisjoint")
    inner = ev.value_focus(shape, focus)
    for q in ev.children(shape, "qualifiedValueShape"):
        siblings = _siblings(ev, shape, q.node) if isinstance(disjoint, ox.Literal) and disjoint.value == "true" else []
        test = _conforms(ev, q) if not siblings and not nullable(shape.path) else None
        if test is not None:
            for this, n in _counted(ev, shape, focus, q, test).items():
                if (n < limit) if which == "min" else (n > limit):
                    yield Finding(this, None)
            continue
        failed = ev.failing(q, inner)
        sibling_failed = [ev.failing(s, inner) for s in siblings]
        counts: Counter[Term] = Counter()
        for this, value in ev.pairs(shape, focus):
            if value not in failed and all(value in f for f in sibling_failed):
                counts[this] += 1
        foci = ev.foci_where(focus, "") if which == "min" else list(counts)
        for this in foci:
            if (counts[this] < limit) if which == "min" else (counts[this] > limit):
                yield Finding(this, None)


for _which in ("Min", "Max"):  # sh:qualifiedMinCount and sh:qualifiedMaxCount: one check, two bounds
    component(
        f"Qualified{_which}CountConstraintComponent",
        f"qualified{_which}Count",
        "qualifiedValueShape",
        "qualifiedValueShapesDisjoint",
    )(partial(_qualified, which=_which.lower()))
