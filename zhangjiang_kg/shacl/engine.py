"""The evaluator: each (shape, component) is one set-based query over every focus node.

A *focus pattern* is SPARQL text binding ``?this`` to the focus nodes of a shape (its targets, or
the value nodes of the shape that refers to it). A nested shape (sh:node, sh:and...) is validated
with the outer value nodes as its focus pattern, and the outer component is a set operation on the
nodes that fail it. Recursive shapes are never expanded: SHACL leaves them undefined, so they go to
pySHACL (:func:`recursive`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import pyoxigraph as ox

from .dialect import Dialect
from .merged import bounds, counted_findings, flagged_findings, worth_merging
from .model import SHAPE_LISTS, SHAPE_VALUED, Shape, ShapesGraph
from .paths import nullable, path_key, path_sparql
from .rdfs import type_test
from .registry import COMPONENTS, CONDITIONS, structural
from .report import ValidationResult
from .run import Row, SparqlRunner
from .schema import Schema
from .terms import RDF, Term, sparql

if TYPE_CHECKING:
    from ..reports.paths import PathValue


class Finding(NamedTuple):
    """A violation a component found: focus node, value (or None) and a path when not the shape's."""

    focus: Term
    value: Term | None
    path: PathValue | None = None


#: The most nodes a focus pattern lists in a VALUES block (:meth:`Evaluator.listed`).
LISTED_MAX = 20_000

structural("PropertyConstraintComponent", "property")  # decided in Evaluator.results and .failing


class Evaluator:
    """Validates shapes on a runner; remembers nested-shape outcomes per focus pattern."""

    def __init__(
        self, runner: SparqlRunner, shapes: ShapesGraph, *, schema: Schema | None = None, closed_types: bool = False
    ) -> None:
        self.runner = runner
        self.shapes = shapes
        self.schema = schema
        #: The data graph already holds every inferred type: a type test is one triple pattern.
        self.closed_types = closed_types
        self._failing: dict[tuple[str, str], set[Term]] = {}
        self._pairs: dict[tuple[str, str], list[tuple[Term, Term]]] = {}
        #: (shape key, focus pattern, qualified shape key) -> conforming values per focus out of bounds.
        self.qualified_counts: dict[tuple[str, str, str], dict[Term, int]] = {}

    @property
    def dialect(self) -> Dialect:
        """What the runner's store does differently from the Recommendation (asked, never its name)."""
        return self.runner.dialect

    def same(self, var: str, term: Term) -> str:
        """SPARQL: ``var`` is the RDF term ``term``: ``sameTerm`` with a constant (exact, and on Oxigraph
        it matches a number stored in canonical form), or, where a store answers that false (Virtuoso
        7.2), kind, lexical form, language and datatype compared."""
        if self.dialect.same_term_constants:
            return f"sameTerm({var}, {sparql(term)})"
        if isinstance(term, ox.NamedNode):
            return f"(isIRI({var}) && {var} = {sparql(term)})"
        assert isinstance(term, ox.Literal)
        text = sparql(ox.Literal(term.value))
        if term.language:
            return (
                f'(isLiteral({var}) && STR({var}) = {text} && LANGMATCHES(LANG({var}), "{term.language}") '
                f"&& STRLEN(LANG({var})) = {len(term.language)})"
            )
        return (
            f'(isLiteral({var}) && STR({var}) = {text} && LANG({var}) = "" '
            f"&& DATATYPE({var}) = {sparql(term.datatype)})"
        )

    def type_test(self, var: str, cls: str) -> str:
        """A pattern that holds when ``var`` is an instance of the class IRI ``cls``."""
        if self.closed_types:
            return f"{var} <{RDF}type> <{cls}> ."
        return self.schema.members(var, cls) if self.schema is not None else type_test(var, f"<{cls}>")

    def stated_only(self, cls: str) -> bool:
        """Whether the instances of ``cls`` are the subjects of its ``rdf:type`` triples, no more."""
        return self.closed_types or (self.schema is not None and self.schema.stated_only(cls))

    # --- queries ---------------------------------------------------------------------------

    def select(self, query: str) -> list[Row]:
        return list(self.runner.select(query))

    @staticmethod
    def value_var(shape: Shape) -> str:
        """The variable a shape's value nodes are bound to: the focus itself for node shapes."""
        return "?value" if shape.path is not None else "?this"

    @staticmethod
    def scope(shape: Shape, focus: str, subject: str = "?this", value: str = "?value") -> str:
        """A pattern binding ``subject`` to the focus nodes and ``value`` to their value nodes."""
        if shape.path is None:
            return focus
        reach = f"{focus} {subject} {path_sparql(shape.path)} {value} ."
        if not nullable(shape.path):
            return reach
        return f"{{ {reach} }} UNION {{ {focus} BIND({subject} AS {value}) }}"

    def values_where(self, shape: Shape, focus: str, where: str, per: str = "") -> list[Finding]:
        """Value nodes of ``shape`` for which ``where`` (a pattern using the value variable) holds;
        one finding per distinct binding of the variables ``per`` too (sh:lessThan: per pair)."""
        v = self.value_var(shape)
        head = ("?this ?value" if shape.path is not None else "?this") + (f" {per}" if per else "")
        rows = self.select(f"SELECT DISTINCT {head} WHERE {{ {self.scope(shape, focus)} {where} }}")
        return [Finding(r["this"], r[v[1:]]) for r in rows if r["this"] is not None]

    def listed(self, nodes: set[Term]) -> str | None:
        """A focus pattern binding ``?this`` to exactly ``nodes``, if a VALUES list can say it: not for
        blank nodes (no constant names them), nor for many (the text would outgrow the work it saves)."""
        if (
            len(nodes) > LISTED_MAX
            or not self.dialect.values_focus_lists
            or any(isinstance(n, ox.BlankNode) for n in nodes)
        ):
            return None
        return f"{{ SELECT ?this WHERE {{ VALUES ?this {{ {' '.join(sorted(sparql(n) for n in nodes))} }} }} }}"

    def foci_where(self, focus: str, where: str) -> list[Term]:
        rows = self.select(f"SELECT DISTINCT ?this WHERE {{ {focus} {where} }}")
        return [r["this"] for r in rows if r["this"] is not None]

    def pairs(self, shape: Shape, focus: str) -> list[tuple[Term, Term]]:
        """Every (focus node, value node) of ``shape``."""
        key = (path_sparql(shape.path) if shape.path is not None else "", focus)  # shapes may share a path
        if key not in self._pairs:
            self._pairs[key] = [(f.focus, f.value) for f in self.values_where(shape, focus, "") if f.value is not None]
        return self._pairs[key]

    def value_focus(self, shape: Shape, focus: str) -> str:
        """A focus pattern for shapes nested in ``shape``: its value nodes."""
        if shape.path is None:
            return focus
        parents = f"{{ SELECT (?this AS ?_up) WHERE {{ {focus} }} }}"
        return f"{{ SELECT DISTINCT ?this WHERE {{ {self.scope(shape, parents, '?_up', '?this')} }} }}"

    # --- shapes ----------------------------------------------------------------------------

    def value_tests(self, shape: Shape) -> list[tuple[str, str]]:
        """(component IRI, expression true for a violating value) for the shape's tests on single values."""
        return [
            (iri, e) for iri, (param, test) in CONDITIONS.items() if param in shape.params for e in test(self, shape)
        ]

    def findings(self, shape: Shape, focus: str) -> list[tuple[str, Finding]]:
        """Every violation of the shape's own components, with the component IRI.

        The tests on single values share one query, with the shape's counts when it has them
        (:mod:`.merged`): a property shape's values are read once, not once per component.
        """
        tests = self.value_tests(shape)
        found: list[tuple[str, Finding]] = []
        decided: frozenset[str] = frozenset()
        if not self.dialect.projected_flags:  # each test a query of its own
            found += [(iri, f) for iri, e in tests for f in self.values_where(shape, focus, f"FILTER({e})")]
        else:
            merge = worth_merging(shape, tests)
            rows = counted_findings(self, shape, focus, tests) if merge else flagged_findings(self, shape, focus, tests)
            found += [(iri, Finding(this, value)) for iri, this, value in rows]
            decided = frozenset(bounds(shape)) if merge else decided
        for iri, (param, check) in COMPONENTS.items():
            if param in shape.params and iri not in decided:
                found += [(iri, f) for f in check(self, shape, focus)]
        return found

    def results(self, shape: Shape, focus: str) -> list[ValidationResult]:
        """Every validation result of ``shape`` for the focus nodes ``focus`` binds."""
        if shape.deactivated:
            return []
        found = [
            ValidationResult(
                focus=f.focus,
                component=ox.NamedNode(iri),
                source_shape=shape.node,
                severity=shape.severity,
                path=f.path or shape.path,
                value=f.value,
                message=tuple(shape.messages) or (default_message(shape, iri),),
            )
            for iri, f in self.findings(shape, focus)
        ]
        for child in self.children(shape, "property"):
            nested = self.results(child, self.value_focus(shape, focus))
            if shape.path is None:
                found += nested
                continue
            # A value node is validated once per focus node that has it: the results repeat.
            parents = Counter(value for _this, value in self.pairs(shape, focus))
            found += [r for r in nested for _ in range(parents[r.focus])]
        return found

    def failing(self, shape: Shape, focus: str) -> set[Term]:
        """The focus nodes (of those ``focus`` binds) that do not conform to ``shape``."""
        key = (shape.key, focus)
        if key in self._failing:
            return self._failing[key]
        bad: set[Term] = set()
        if not shape.deactivated:
            bad.update(f.focus for _iri, f in self.findings(shape, focus))
            for child in self.children(shape, "property"):
                failed = self.failing(child, self.value_focus(shape, focus))
                if shape.path is None:
                    bad |= failed
                elif failed:
                    bad.update(this for this, value in self.pairs(shape, focus) if value in failed)
        self._failing[key] = bad
        return bad

    def children(self, shape: Shape, local: str) -> list[Shape]:
        return [self.shapes.shape(n) for n in shape.params.get(local, []) if str(n) in self.shapes.shapes]

    def member_shapes(self, node: Term) -> list[Shape]:
        """The shapes in the RDF list at ``node`` (sh:and, sh:or, sh:xone)."""
        return [self.shapes.shape(m) for m in self.shapes.members(node) if str(m) in self.shapes.shapes]


def default_message(shape: Shape, component: str) -> ox.Literal:
    """A short message for a shape without sh:message: the component that failed."""
    local = component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    where = f" on {path_key(shape.path)}" if shape.path is not None else ""
    return ox.Literal(f"{local} constraint not met{where}")


def _references(shapes: ShapesGraph, shape: Shape) -> list[str]:
    """Keys of the shapes ``shape`` refers to directly (sh:node, sh:property, sh:and...)."""
    found = [str(v) for local in SHAPE_VALUED for v in shape.params.get(local, [])]
    return found + [str(m) for local in SHAPE_LISTS for v in shape.params.get(local, []) for m in shapes.members(v)]


def recursive(shapes: ShapesGraph) -> set[str]:
    """Keys of the shapes that reach themselves through shape references (SHACL leaves them undefined)."""
    return {key for key, shape in shapes.shapes.items() if key in reachable(shapes, _references(shapes, shape))}


def reachable(shapes: ShapesGraph, keys: Sequence[str]) -> set[str]:
    """``keys`` and every shape they refer to."""
    found, stack = set(), list(keys)
    while stack:
        key = stack.pop()
        if key not in found and key in shapes.shapes:
            found.add(key)
            stack += _references(shapes, shapes.shapes[key])
    return found
