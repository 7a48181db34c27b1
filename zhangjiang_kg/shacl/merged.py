"""One query per shape for the tests on its value nodes and its cardinality.

The value tests and sh:minCount/sh:maxCount read the same (focus, value) pairs: one GROUP BY query
reads them once and returns only the focus nodes with something wrong; the failing values are
fetched in a second query only then, so a conforming graph costs one query per shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from .paths import nullable, path_sparql
from .terms import SH, Term, integer

if TYPE_CHECKING:
    from .engine import Evaluator
    from .model import Shape

MIN_COUNT, MAX_COUNT = SH + "MinCountConstraintComponent", SH + "MaxCountConstraintComponent"

Tests = list[tuple[str, str]]  # (component IRI, SPARQL expression true for a violating value)
Found = list[tuple[str, Term, "Term | None"]]  # (component IRI, focus node, value node or None)


def bounds(shape: Shape) -> dict[str, tuple[str, int]]:
    """sh:minCount / sh:maxCount that can fail, as component IRI -> (comparison, bound)."""
    if shape.path is None:
        return {}
    found: dict[str, tuple[str, int]] = {}
    low, high = integer(shape.first("minCount")), integer(shape.first("maxCount"))
    if low is not None and low > 0 and not (low == 1 and nullable(shape.path)):
        found[MIN_COUNT] = ("<", low)
    if high is not None:
        found[MAX_COUNT] = (">", high)
    return found


def worth_merging(shape: Shape, tests: Tests) -> bool:
    """Whether one grouped query beats the separate ones: a count together with anything else (a
    lone sh:maxCount 1 is cheaper as a self-join, a lone sh:minCount 1 as FILTER NOT EXISTS)."""
    found = bounds(shape)
    return bool(found) and (len(found) == 2 or bool(tests))


def counted_findings(ev: Evaluator, shape: Shape, focus: str, tests: Tests, only: str | None = None) -> Found:
    """The violations of the shape's counts (``only``: of that one) and value ``tests``, reading its values once."""
    limits = {iri: bound for iri, bound in bounds(shape).items() if only in (None, iri)}
    if shape.path is None or not limits:
        return []
    counted = f"{{ {focus} OPTIONAL {{ ?this {path_sparql(shape.path)} ?value }} }}"
    if nullable(shape.path):
        counted += f" UNION {{ {focus} BIND(?this AS ?value) }}"
    count = "COUNT(DISTINCT ?value)"
    # A test is an error on an unbound value (a focus node without values): COALESCE makes it false.
    sums = [f"SUM(IF(BOUND(?value) && COALESCE(({e}), false), 1, 0))" for _iri, e in tests]
    having = [f"{count} {op} {n}" for op, n in limits.values()] + [f"{s} > 0" for s in sums]
    heads = " ".join(f"({s} AS ?_c{i})" for i, s in enumerate(sums))
    rows = ev.select(
        f"SELECT ?this ({count} AS ?_n) {heads} WHERE {{ {counted} }} GROUP BY ?this HAVING ({' || '.join(having)})"
    )
    found: Found = []
    fired: set[int] = set()
    for row in rows:
        this, n = row["this"], integer(row["_n"])
        if this is None:
            continue
        for iri, (op, bound) in limits.items():
            if n is not None and (n < bound if op == "<" else n > bound):
                found.append((iri, this, None))
        fired |= {i for i in range(len(tests)) if (integer(row[f"_c{i}"]) or 0) > 0}
    if fired:
        found += flagged_findings(ev, shape, focus, [tests[i] for i in sorted(fired)])
    return found


def flagged_findings(ev: Evaluator, shape: Shape, focus: str, tests: Tests) -> Found:
    """The value nodes failing any of ``tests``, in one query with a flag per test."""
    if not tests:
        return []
    head = "?this ?value" if shape.path is not None else "?this"
    flags = " ".join(f"({e} AS ?_c{i})" for i, (_iri, e) in enumerate(tests))
    any_test = " || ".join(f"({e})" for _iri, e in tests)
    rows = ev.select(f"SELECT DISTINCT {head} {flags} WHERE {{ {ev.scope(shape, focus)} FILTER({any_test}) }}")
    found: Found = []
    v = ev.value_var(shape)[1:]
    for row in rows:
        for i, (iri, _e) in enumerate(tests):
            flag = row[f"_c{i}"]
            if row["this"] is not None and isinstance(flag, ox.Literal) and flag.value in ("true", "1"):
                found.append((iri, row["this"], row[v]))
    return found
