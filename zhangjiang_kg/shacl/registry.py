"""The constraint components the compiler knows, and the parameters each one reads.

Components register themselves with the decorators below; the SHACL Core parameters (what makes a
node a shape, and what is read from it) are derived from the registrations, as pySHACL derives its
parameter map, so no second list is kept in step by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from .terms import sh

if TYPE_CHECKING:
    from .engine import Evaluator, Finding
    from .model import Shape

#: component IRI -> (the parameter that activates it, the function that finds its violations).
Check = Callable[["Evaluator", "Shape", str], Iterable["Finding"]]
COMPONENTS: dict[str, tuple[str, Check]] = {}

#: component IRI -> (parameter, expressions true for a violating value): tests on the value alone,
#: which the evaluator merges into one query per shape.
Condition = Callable[["Evaluator", "Shape"], list[str]]
CONDITIONS: dict[str, tuple[str, Condition]] = {}

#: Every parameter (local name) of a registered component -> that component's IRI.
PARAMETERS: dict[str, str] = {}


def structural(name: str, *parameters: str) -> None:
    """Register the parameters of ``sh:<name>``, a component the evaluator decides without a check."""
    for local in parameters:
        PARAMETERS.setdefault(local, sh(name).value)


def condition(name: str, parameter: str, *optional: str) -> Callable[[Condition], Condition]:
    """Register a component that is a test on each value node (merged with the shape's others).

    ``parameter`` activates it; ``optional`` are its other parameters (``sh:flags`` of ``sh:pattern``).
    """

    def register(test: Condition) -> Condition:
        CONDITIONS[sh(name).value] = (parameter, test)
        structural(name, parameter, *optional)
        return test

    return register


def component(name: str, parameter: str, *others: str) -> Callable[[Check], Check]:
    """Register ``sh:<name>``, which a shape has when it has ``sh:<parameter>``; ``others`` are its
    other parameters, mandatory or optional."""

    def register(check: Check) -> Check:
        COMPONENTS[sh(name).value] = (parameter, check)
        structural(name, parameter, *others)
        return check

    return register
