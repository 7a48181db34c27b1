"""Checking a saved query before it runs, for the store and endpoints alike: ``SERVICE`` refused,
then Oxigraph's parser (not rdflib's), a syntax error naming the query, line and column."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import QuerySyntaxError
from ..vocab import PREFIXES
from .federation import refuse_federation
from .text import check_depth, mask

if TYPE_CHECKING:
    from .catalogue import SavedQuery


def check(query: SavedQuery, *, allow_network: bool = False) -> None:
    """Check a query before Oxigraph or an endpoint runs it: depth, federation, then syntax.

    ``SERVICE`` is refused on the text (:mod:`.federation`), so no engine that could call it parses
    it; an empty store then parses the rest. A federated query the user allowed is left to the
    engine: an empty store would answer an ``ASK`` at once, and call its services twice.

    :raises NetworkAccessError: the query has a ``SERVICE`` clause and ``allow_network`` is false.
    :raises QuerySyntaxError: the text is not SPARQL 1.1; names the query, line and column.
    """
    check_depth(str(query.path) if query.path is not None else query.name, query.text)
    if refuse_federation(query.name, query.text, allow_network, query.prefixes):
        return
    try:
        ox.Store().query(query.text, prefixes=dict(PREFIXES))
    except SyntaxError as exc:
        raise syntax_error(query, str(exc)) from None
    except (OSError, RuntimeError, ValueError):
        return  # an evaluation error on no data: the run itself reports it, with the data


_POSITION = re.compile(r"^error at (\d+):(\d+): ")
_PREFIXED = re.compile(r"(?<![\w?$@:.\-])([A-Za-z][\w.\-]*)?:(?=[\w%\\]|\s)")


def syntax_error(query: SavedQuery, message: str) -> QuerySyntaxError:
    """Oxigraph's ``error at LINE:COLUMN: ...`` as the package's error; an undeclared prefix is named."""
    found = _POSITION.match(message)
    line, column = (int(found.group(1)), int(found.group(2))) if found else (None, None)
    detail = message[found.end() :] if found else message
    if "Prefix not found" in detail:
        declared = query.prefixes
        unknown = [m.group(1) or "" for m in _PREFIXED.finditer(mask(query.text)) if (m.group(1) or "") not in declared]
        if unknown:
            detail = f"undeclared prefix '{unknown[0]}:' (declare it with PREFIX {unknown[0]}: <...>)"
    return QuerySyntaxError(query.name, detail.splitlines()[0], line, column)
