"""Whether a literal is well-formed for its datatype, as a SPARQL expression.

Oxigraph keeps an ill-typed literal's lexical form, so the test is a regular expression on
``STR()``, plus the value range for the types derived from xsd:integer (``xsd:byte`` is not
``xsd:integer``: the datatype IRI must match exactly and the value must fit).
"""

from __future__ import annotations

from .terms import XSD

_INT = r"^[+-]?[0-9]+$"
_NUMBER = r"^-?[0-9]+(\\.[0-9]+)?$"
_DEC = r"^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$"
_FLOAT = r"^([+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)$"
_TZ = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_DATE = r"-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?|24:00:00(\\.0+)?)"
_DURATION = r"^-?P([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?)?$"

LEXICAL: dict[str, str] = {
    "integer": _INT,
    "decimal": _DEC,
    "float": _FLOAT,
    "double": _FLOAT,
    "boolean": "^(true|false|1|0)$",
    "date": f"^{_DATE}{_TZ}$",
    "dateTime": f"^{_DATE}T{_TIME}{_TZ}$",
    "dateTimeStamp": f"^{_DATE}T{_TIME}(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$",
    "time": f"^{_TIME}{_TZ}$",
    "gYear": f"^-?([1-9][0-9]{{3,}}|0[0-9]{{3}}){_TZ}$",
    "gYearMonth": f"^-?([1-9][0-9]{{3,}}|0[0-9]{{3}})-(0[1-9]|1[0-2]){_TZ}$",
    "gMonth": f"^--(0[1-9]|1[0-2]){_TZ}$",
    "gDay": f"^---(0[1-9]|[12][0-9]|3[01]){_TZ}$",
    "gMonthDay": f"^--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]){_TZ}$",
    "hexBinary": "^([0-9a-fA-F]{2})*$",
    "base64Binary": "^[A-Za-z0-9+/= ]*$",
    "anyURI": "^[^ ]*$",
    "language": "^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$",
}
#: Integer types derived from xsd:integer: their inclusive bounds (None: unbounded).
INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 65535),
    "unsignedByte": (0, 255),
}


def well_formed(var: str, datatype: str, durations_as_numbers: bool = False) -> str:
    """A SPARQL expression: the literal in ``var`` (already of ``datatype``) has a valid lexical form.

    ``durations_as_numbers``: the store keeps an xsd:duration as a number (Virtuoso 7.2: ``"P2Y"``
    reads back as ``"24"``, :attr:`~.dialect.Dialect.durations_as_numbers`), so a plain number is
    accepted as a duration too.
    """
    if durations_as_numbers and datatype == XSD + "duration":
        return f'(REGEX(STR({var}), "{_NUMBER}") || {well_formed(var, datatype)})'
    if not datatype.startswith(XSD):
        return "true"
    local = datatype[len(XSD) :]
    if local in INTEGER_RANGES:
        low, high = INTEGER_RANGES[local]
        tests = [f'REGEX(STR({var}), "{_INT}")']
        number = f"<{XSD}integer>(STR({var}))"
        if low is not None:
            tests.append(f"{number} >= {low}")
        if high is not None:
            tests.append(f"{number} <= {high}")
        return "COALESCE(" + " && ".join(tests) + ", false)"
    if local == "duration":  # XPath regexes have no look-ahead: the form, and something after P and T
        return f'(REGEX(STR({var}), "{_DURATION}") && !REGEX(STR({var}), "P$") && !REGEX(STR({var}), "T$"))'
    pattern = LEXICAL.get(local)
    return f'REGEX(STR({var}), "{pattern}")' if pattern else "true"
