"""Build the documentation site in a child process, from a dump of the graph the server holds.

The build takes seconds (pyLODE, every saved query), and rdflib's SPARQL parser is not thread-safe,
so in the server's own process it would hold up the query API until it ends. A child process builds
it beside the server instead, on its own core: ``python -m zhangjiang_kg.web.sitebuild FOLDER`` reads
``FOLDER/{ontology,data,shapes}.nt`` (written by :func:`dump`) and writes ``FOLDER/site``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store.rdflib_view import RdflibView

SITE = "site"


def dump(kg: RdflibView, folder: Path) -> None:
    """Write each named graph of ``kg`` as N-Triples into ``folder``, for the child to read."""
    from ..vocab import GRAPHS

    for name in GRAPHS:
        kg.graph(name).serialize(destination=str(folder / f"{name}.nt"), format="nt", encoding="utf-8")


def read(folder: Path) -> RdflibView:
    """The graph :func:`dump` wrote: the same triples in the same named graphs, nothing fetched."""
    from ..store.rdflib_view import RdflibView, new_dataset
    from ..vocab import GRAPHS

    kg = RdflibView(dataset=new_dataset())
    for name in GRAPHS:
        kg.graph(name).parse(folder / f"{name}.nt", format="nt")
    return kg


def build(folder: Path) -> Path:
    """Build the site of the dumped graph into ``folder/site``; pyLODE's refusal falls back to the plain page."""
    from ..site.build import build_site
    from ..site.ontology import OntologyDocsError

    kg = read(folder)
    target = folder / SITE
    try:
        build_site(kg, target)
    except OntologyDocsError:  # pyLODE refuses some ontologies (no title...): the plain ontology page
        build_site(kg, target, use_pylode=False)
    return target


def main(argv: list[str]) -> int:
    """Entry point of the child process; a failure is one line on standard error and status 1."""
    if len(argv) != 1:
        print("usage: python -m zhangjiang_kg.web.sitebuild FOLDER", file=sys.stderr)
        return 2
    try:
        build(Path(argv[0]))
    except Exception as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
