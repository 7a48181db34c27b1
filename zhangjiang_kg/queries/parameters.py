"""Query parameters by grlc's naming: ``?_name_kind`` variables and converters from text to RDF terms.

The kind is the variable's suffix (``_iri``, ``_literal``, ``_integer``, ``_decimal``, ``_date``,
``_boolean``; grlc's ``_xsd_integer`` too; none: a literal); ``?__name`` is optional. Converters
raise ValueError for people; lexical forms are those rdflib writes (``1E+12`` as ``1000000000000``).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from .text import mask

Term = ox.NamedNode | ox.Literal

_PARAM = re.compile(r"\?(__?)([A-Za-z0-9]+(?:_[A-Za-z0-9]+)*)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _to_iri(value: str, prefixes: Mapping[str, str]) -> Term:
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    elif ":" in text and text.split(":", 1)[0] in prefixes:
        prefix, local = text.split(":", 1)
        text = prefixes[prefix] + local
    if not _SCHEME.match(text):
        raise ValueError("expected an absolute IRI (https://...) or a prefixed name such as zj:zhangjiang-zone")
    if _BAD_IRI_CHARS.search(text):
        raise ValueError('an IRI may not contain spaces or any of <>"{}|^`\\')
    try:
        return ox.NamedNode(text)
    except ValueError as exc:
        raise ValueError(f"not a valid IRI ({exc})") from None


def _typed(lexical: str, local: str) -> Term:
    if not local:
        return ox.Literal(lexical)
    return ox.Literal(lexical, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + local))


def _to_literal(value: str, _prefixes: Mapping[str, str]) -> Term:
    return _typed(value, "")


#: Most digits a number parameter may write out: far past any amount in the graph, and short of
#: ``1e999999999``, which written out in full takes a gigabyte.
MAX_DIGITS = 100


def _to_integer(value: str, _prefixes: Mapping[str, str]) -> Term:
    text = value.strip()
    if len(text.lstrip("+-")) > MAX_DIGITS:
        raise ValueError(f"an integer of more than {MAX_DIGITS} digits is refused")
    try:
        return _typed(str(int(text)), "integer")
    except ValueError:
        raise ValueError("expected an integer such as 200") from None


def _to_decimal(value: str, _prefixes: Mapping[str, str]) -> Term:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise ValueError("expected a decimal number such as 620000000 or 89.8") from None
    if not number.is_finite():
        raise ValueError("expected a finite decimal number")
    written = number.as_tuple()
    if max(len(written.digits) + max(int(written.exponent), 0), -int(written.exponent)) > MAX_DIGITS:
        raise ValueError(f"a decimal of more than {MAX_DIGITS} digits written out is refused")
    return _typed(format(number, "f"), "decimal")


def _to_date(value: str, _prefixes: Mapping[str, str]) -> Term:
    try:
        return _typed(_dt.date.fromisoformat(value.strip()).isoformat(), "date")
    except ValueError:
        raise ValueError("expected a date as YYYY-MM-DD") from None


def _to_boolean(value: str, _prefixes: Mapping[str, str]) -> Term:
    lowered = value.strip().lower()
    if lowered not in ("true", "false", "1", "0"):
        raise ValueError("expected true or false")
    return _typed("true" if lowered in ("true", "1") else "false", "boolean")


#: Parameter kinds by the suffix of their variable name: converter from the user's text to a term.
PARAMETER_KINDS: dict[str, Callable[[str, Mapping[str, str]], Term]] = {
    "iri": _to_iri,
    "literal": _to_literal,
    "integer": _to_integer,
    "decimal": _to_decimal,
    "date": _to_date,
    "boolean": _to_boolean,
}


@dataclass(frozen=True)
class Parameter:
    """One parameter of a saved query: ``?_status_iri`` is name ``status`` of kind ``iri``."""

    name: str
    variable: str
    kind: str
    optional: bool = False
    default: str | None = None

    @property
    def required(self) -> bool:
        """A value the caller must give: the query has no default for it and cannot do without it."""
        return self.default is None and not self.optional


def find_parameters(text: str, defaults: Mapping[str, str] | None = None) -> list[Parameter]:
    """Parameters named by grlc's convention, in order of first appearance (not in comments, strings or IRIs)."""
    seen: dict[str, Parameter] = {}
    for match in _PARAM.finditer(mask(text)):
        underscores, rest = match.groups()
        parts = rest.split("_")
        kind = "literal"
        if len(parts) > 1 and parts[-1] in PARAMETER_KINDS:
            kind = parts.pop()
            if len(parts) > 1 and parts[-1] == "xsd":
                parts.pop()
        name = "_".join(parts)
        variable = underscores + rest
        if variable not in {p.variable for p in seen.values()} and name not in seen:
            seen[name] = Parameter(
                name=name,
                variable=variable,
                kind=kind,
                optional=underscores == "__",
                default=(defaults or {}).get(name),
            )
    return list(seen.values())
