"""The SHACL Core constraint components, each one query over every focus node.

Filters use ``COALESCE(test, false)`` where SPARQL would raise an error (an IRI compared with a
number, an ill-typed literal): the Recommendation counts such a value as a violation, and a bare
FILTER would drop it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..vocab import XSD_NUMERIC
from .datatypes import well_formed
from .engine import Evaluator, Finding
from .merged import MAX_COUNT, MIN_COUNT, bounds, counted_findings
from .model import Shape
from .paths import nullable, path_sparql
from .registry import component, condition
from .terms import RDF, SH, XSD_BOOLEAN, Term, integer, sparql


def _true(flag: Term | None) -> bool:
    """Only ``true`` turns a boolean parameter on (the Recommendation names no other form)."""
    return isinstance(flag, ox.Literal) and flag.value == "true" and flag.datatype == XSD_BOOLEAN


# --- value type --------------------------------------------------------------------------------


@component("ClassConstraintComponent", "class")
def check_class(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
    v = ev.value_var(shape)
    for cls in shape.params.get("class", []):
        if isinstance(cls, ox.NamedNode):
            yield from ev.values_where(shape, focus, f"FILTER NOT EXISTS {{ {ev.type_test(v, cls.value)} }}")


@condition("DatatypeConstraintComponent", "datatype")
def check_datatype(ev: Evaluator, shape: Shape) -> list[str]:
    v, found = ev.value_var(shape), []
    for datatype in shape.params.get("datatype", []):
        if not isinstance(datatype, ox.NamedNode):
            continue
        if datatype.value == RDF + "langString":
            ok = f'LANG({v}) != ""'
        else:
            lexical = well_formed(v, datatype.value, ev.dialect.durations_as_numbers)
            ok = f'LANG({v}) = "" && DATATYPE({v}) = {sparql(datatype)} && {lexical}'
        found.append(f"!(isLiteral({v}) && COALESCE({ok}, false))")
    return found


_NODE_KINDS = {
    "IRI": "isIRI({v})",
    "BlankNode": "isBlank({v})",
    "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))",
    "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}


@condition("NodeKindConstraintComponent", "nodeKind")
def check_node_kind(ev: Evaluator, shape: Shape) -> list[str]:
    v, found = ev.value_var(shape), []
    for kind in shape.params.get("nodeKind", []):
        test = _NODE_KINDS.get(kind.value.removeprefix(SH)) if isinstance(kind, ox.NamedNode) else None
        if test is not None:
            found.append(f"!{test.format(v=v)}")
    return found


# --- cardinality -------------------------------------------------------------------------------


@component("MinCountConstraintComponent", "minCount")
def check_min_count(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
    if shape.path is not None and bounds(shape).get(MIN_COUNT) == ("<", 1):  # one value is enough: no count
        where = f"FILTER NOT EXISTS {{ ?this {path_sparql(shape.path)} ?_v }}"
        return (Finding(f, None) for f in ev.foci_where(focus, where))
    return (Finding(this, None) for _iri, this, _v in counted_findings(ev, shape, focus, [], only=MIN_COUNT))


@component("MaxCountConstraintComponent", "maxCount")
def check_max_count(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
    one = bounds(shape).get(MAX_COUNT) == (">", 1)
    if shape.path is not None and one and not nullable(shape.path) and ev.dialect.max_one_by_self_join:
        # Two different values: a self-join is cheaper than counting every focus node's values.
        path = path_sparql(shape.path)
        where = f"?this {path} ?_a . ?this {path} ?_b . FILTER(!sameTerm(?_a, ?_b))"
        return (Finding(f, None) for f in ev.foci_where(focus, where))
    return (Finding(this, None) for _iri, this, _v in counted_findings(ev, shape, focus, [], only=MAX_COUNT))


# --- value range, string ------------------------------------------------------------------------

#: The numeric datatypes, as the operand of SPARQL's IN.
_NUMERIC = f"({', '.join(f'<{t}>' for t in XSD_NUMERIC)})"


def comparable(var: str, bound: ox.Literal) -> str:
    """SPARQL: the value in ``var`` is of a type SPARQL's < compares with ``bound`` (spelled out:
    Virtuoso 7.2 compares a string or an IRI with a number where a standard engine errs)."""
    if bound.datatype.value in XSD_NUMERIC:
        return f"isLiteral({var}) && DATATYPE({var}) IN {_NUMERIC}"
    if bound.language:
        return f'isLiteral({var}) && LANG({var}) != ""'
    return f'isLiteral({var}) && LANG({var}) = "" && DATATYPE({var}) = {sparql(bound.datatype)}'


def _compare(op: str, local: str) -> None:
    @condition(local[0].upper() + local[1:] + "ConstraintComponent", local)
    def check(ev: Evaluator, shape: Shape) -> list[str]:
        v = ev.value_var(shape)
        return [
            f"!COALESCE({comparable(v, bound)} && {v} {op} {sparql(bound)}, false)"
            for bound in shape.params.get(local, [])
            if isinstance(bound, ox.Literal)
        ]


for _op, _local in ((">", "minExclusive"), (">=", "minInclusive"), ("<", "maxExclusive"), ("<=", "maxInclusive")):
    _compare(_op, _local)


def _length(op: str, local: str) -> None:
    @condition(local[0].upper() + local[1:] + "ConstraintComponent", local)
    def check(ev: Evaluator, shape: Shape) -> list[str]:
        v, n = ev.value_var(shape), integer(shape.first(local))
        return [] if n is None else [f"(isBlank({v}) || !COALESCE(STRLEN(STR({v})) {op} {n}, false))"]


_length(">=", "minLength")
_length("<=", "maxLength")


@condition("PatternConstraintComponent", "pattern", "flags")
def check_pattern(ev: Evaluator, shape: Shape) -> list[str]:
    v = ev.value_var(shape)
    flags = shape.first("flags")
    flag_text = f", {sparql(ox.Literal(flags.value))}" if isinstance(flags, ox.Literal) else ""
    return [
        f"(isBlank({v}) || !COALESCE(REGEX(STR({v}), {sparql(ox.Literal(p.value))}{flag_text}), false))"
        for p in shape.params.get("pattern", [])
        if isinstance(p, ox.Literal)
    ]


@condition("LanguageInConstraintComponent", "languageIn")
def check_language_in(ev: Evaluator, shape: Shape) -> list[str]:
    v, found = ev.value_var(shape), []
    for head in shape.params.get("languageIn", []):
        tags = [t for t in ev.shapes.members(head) if isinstance(t, ox.Literal)]
        ok = " || ".join(f"langMatches(LANG({v}), {sparql(ox.Literal(t.value))})" for t in tags) or "false"
        found.append(f"(!isLiteral({v}) || !COALESCE({ok}, false))")
    return found


@component("UniqueLangConstraintComponent", "uniqueLang")
def check_unique_lang(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
    flag = shape.first("uniqueLang")
    if shape.path is None or not _true(flag):
        return
    path = path_sparql(shape.path)
    rows = ev.select(
        f"SELECT DISTINCT ?this (LCASE(LANG(?_a)) AS ?lang) WHERE {{ {focus} ?this {path} ?_a . "
        f'?this {path} ?_b . FILTER(!sameTerm(?_a, ?_b) && LANG(?_a) != "" && '
        f"LCASE(LANG(?_a)) = LCASE(LANG(?_b))) }}"
    )
    yield from (Finding(r["this"], None) for r in rows if r["this"] is not None)


# --- property pairs -----------------------------------------------------------------------------


def _pair_values(shape: Shape, local: str) -> list[str]:
    return [sparql(p) for p in shape.params.get(local, []) if isinstance(p, ox.NamedNode)]


@component("EqualsConstraintComponent", "equals")
def check_equals(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
    v = ev.value_var(shape)
    for p in _pair_values(shape, "equals"):
        yield from ev.values_where(shape, focus, f"FILTER NOT EXISTS {{ ?this {p} {v} }}")
        own = "FILTER(!sameTerm(?_w, ?this))"
        if shape.path is not None:
            own = (
                own if nullable(shape.path) else ""
            ) + f" FILTER NOT EXISTS {{ ?this {path_sparql(shape.path)} ?_w }}"
        rows = ev.select(f"SELECT DISTINCT ?this ?_w WHERE {{ {focus} ?this {p} ?_w . {own} }}")
        yield from (Finding(r["this"], r["_w"]) for r in rows if r["this"] is not None)


@component("DisjointConstraintComponent", "disjoint")
def check_disjoint(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
    v = ev.value_var(shape)
    for p in _pair_values(shape, "disjoint"):
        yield from ev.values_where(shape, focus, f"?this {p} {v} .")


def _less(local: str, op: str) -> None:
    @component(local[0].upper() + local[1:] + "ConstraintComponent", local)
    def check(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
        v = ev.value_var(shape)
        for p in _pair_values(shape, local):
            kinds = (
                f"isLiteral({v}) && isLiteral(?_w) && ((DATATYPE({v}) IN {_NUMERIC} && DATATYPE(?_w) IN {_NUMERIC})"
                f' || (LANG({v}) = "" && LANG(?_w) = "" && DATATYPE({v}) = DATATYPE(?_w)))'
            )
            where = f"?this {p} ?_w . FILTER(!COALESCE({kinds} && {v} {op} ?_w, false))"
            yield from ev.values_where(shape, focus, where, per="?_w")


_less("lessThan", "<")
_less("lessThanOrEquals", "<=")


# --- other --------------------------------------------------------------------------------------


@condition("InConstraintComponent", "in")
def check_in(ev: Evaluator, shape: Shape) -> list[str]:
    v, found = ev.value_var(shape), []
    for head in shape.params.get("in", []):
        allowed = [m for m in ev.shapes.members(head) if not isinstance(m, ox.BlankNode)]
        found.append("!(" + (" || ".join(ev.same(v, m) for m in allowed) or "false") + ")")
    return found


@component("HasValueConstraintComponent", "hasValue")
def check_has_value(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
    for value in shape.params.get("hasValue", []):
        if isinstance(value, ox.BlankNode):
            continue
        where = f"FILTER(!{ev.same('?this', value)})"  # a node shape's value, or a zero-length path's
        if shape.path is not None:
            missing = f"FILTER NOT EXISTS {{ ?this {path_sparql(shape.path)} {sparql(value)} }}"
            where = missing + (f" {where}" if nullable(shape.path) else "")
        yield from (Finding(f, None) for f in ev.foci_where(focus, where))


@component("ClosedConstraintComponent", "closed", "ignoredProperties")
def check_closed(ev: Evaluator, shape: Shape, focus: str) -> Iterable[Finding]:
    flag = shape.first("closed")
    if not _true(flag):
        return
    allowed: set[str] = set()
    for child in ev.children(shape, "property"):
        if isinstance(child.path, ox.NamedNode):
            allowed.add(sparql(child.path))
    for head in shape.params.get("ignoredProperties", []):
        allowed |= {sparql(m) for m in ev.shapes.members(head) if isinstance(m, ox.NamedNode)}
    v = ev.value_var(shape)
    keep = f"FILTER(?_p NOT IN ({', '.join(sorted(allowed))}))" if allowed else ""
    rows = ev.select(f"SELECT DISTINCT ?this ?_p ?_o WHERE {{ {ev.scope(shape, focus)} {v} ?_p ?_o . {keep} }}")
    for r in rows:
        if r["this"] is not None and isinstance(r["_p"], ox.NamedNode):
            yield Finding(r["this"], r["_o"], r["_p"])
