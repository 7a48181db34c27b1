"""What a SPARQL store does differently from the Recommendation, in one object the compiler asks.

The compiler asks a :class:`Dialect`'s fields, never the store's name, so another store's gaps are
one more instance here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Dialect:
    """A store's behaviour where the compiled queries depend on it; each field says the standard's."""

    name: str
    #: ``sameTerm(?x, <iri>)`` with a constant answers as SPARQL says (Virtuoso 7.2 answers false).
    same_term_constants: bool = True
    #: A VALUES block keeps a literal's language tag and a date-time's type (Virtuoso 7.2 loses them).
    values_keep_literals: bool = True
    #: A focus pattern may list nodes in a VALUES block (the form is untried on Virtuoso).
    values_focus_lists: bool = True
    #: Rows survive when flags are projected expressions, so a shape's value tests share a query
    #: (Virtuoso 7.2 loses such rows: there each test is a query of its own).
    projected_flags: bool = True
    #: ``sh:maxCount 1`` may be a self-join on two different values (untried on Virtuoso).
    max_one_by_self_join: bool = True
    #: Schema branches may be pruned with one probing query (untried on Virtuoso).
    prune_schema: bool = True
    #: The store keeps literals of the types derived from xsd:integer as xsd:integer (Oxigraph's
    #: store does), which the report notes for sh:datatype.
    integers_by_value: bool = True
    #: The store reads an xsd:duration back as a number (Virtuoso 7.2: ``"P2Y"`` as ``"24"``).
    durations_as_numbers: bool = False


STANDARD = Dialect("standard")
#: Virtuoso 7.2 departs from the standard (or is untried) in every respect a field names.
VIRTUOSO = replace(
    STANDARD, name="virtuoso", **{f.name: not getattr(STANDARD, f.name) for f in fields(Dialect) if f.name != "name"}
)


def dialect_of(server: str) -> Dialect:
    """The dialect of a store whose HTTP ``Server`` header is ``server``."""
    return VIRTUOSO if "virtuoso" in server.lower() else STANDARD
