"""The graphs of one ``zjkg check``: every file parsed once, by the one strict parser, into one store.

A file that does not parse is left out and its error returned, so a check reports every broken file at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..rdfio.notices import collect_notices
from ..rdfio.parse import read_quads
from ..rdfio.terms import unsupported_term
from ..store.graph import KnowledgeGraph, in_graph
from ..vocab import GRAPHS


@dataclass
class CheckedGraphs(KnowledgeGraph):
    """The graphs of one check in one Oxigraph store, each file parsed once.

    :meth:`quads` hands out the quads as parsed, lexical forms as written, which the SHACL step
    needs to judge derived datatypes (:mod:`zhangjiang_kg.shacl.lossless`); :attr:`notices` holds
    what was noticed in a file (it is empty).
    """

    parsed: dict[str, list[ox.Quad]] = field(default_factory=dict)
    notices: dict[Path, list[str]] = field(default_factory=dict)

    def quads(self, names: Iterable[str]) -> Iterator[ox.Quad]:
        """The quads of the named graphs as the files wrote them."""
        for name in names:
            yield from self.parsed.get(name, ())


def load_checked(roles: Iterable[tuple[str, Sequence[Path]]]) -> tuple[CheckedGraphs, dict[Path, InputError]]:
    """The files of each role in its named graph, and why each file that did not parse did not.

    The errors are :class:`~zhangjiang_kg.errors.RdfSyntaxError` (with line and column) or another
    :class:`~zhangjiang_kg.errors.InputError` (unreadable, a triple term, the network refused).
    """
    graphs = CheckedGraphs(store=ox.Store())
    failed: dict[Path, InputError] = {}
    for role, files in roles:
        graph = ox.NamedNode(GRAPHS[role])
        parsed = graphs.parsed.setdefault(role, [])
        loaded = graphs.files.setdefault(role, [])
        for path in files:
            try:
                with collect_notices() as notices:
                    quads = list(in_graph(read_quads(path), graph))
                if notices:
                    graphs.notices[path] = notices
                # RDF 1.2 triple terms are not part of this graph: rdflib, at the edges, cannot hold them
                triple = next((q.object for q in quads if isinstance(q.object, ox.Triple)), None)
                if triple is not None:
                    raise unsupported_term(triple)
            except InputError as error:
                failed[path] = error
                continue
            parsed.extend(quads)
            loaded.append(path)
        graphs.store.bulk_extend(parsed)
    return graphs, failed
