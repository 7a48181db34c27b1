"""The one table of RDF syntaxes: names, file suffixes, Oxigraph formats, rdflib names, media types.

Loading picks a syntax by suffix, export by name. (Oxigraph's ``RdfFormat.from_extension`` does not
know ``.owl``, which in practice is RDF/XML.)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, UnknownFormatError
from .notices import notice


@dataclass(frozen=True)
class RdfSyntax:
    """One RDF syntax: how the CLI names it, how people, each library and the web spell it."""

    name: str
    title: str
    oxigraph: str
    rdflib: str
    media_type: str
    suffixes: tuple[str, ...]
    quads: bool

    @property
    def ox_format(self) -> ox.RdfFormat:
        """The pyoxigraph format object."""
        return getattr(ox.RdfFormat, self.oxigraph)  # type: ignore[no-any-return]


#: Every syntax by the name ``--format`` takes, in the order the CLI lists them.
SYNTAXES: dict[str, RdfSyntax] = {
    s.name: s
    for s in (
        RdfSyntax("turtle", "Turtle", "TURTLE", "turtle", "text/turtle", (".ttl",), False),
        RdfSyntax("nt", "N-Triples", "N_TRIPLES", "nt", "application/n-triples", (".nt",), False),
        RdfSyntax("nquads", "N-Quads", "N_QUADS", "nquads", "application/n-quads", (".nq",), True),
        RdfSyntax("trig", "TriG", "TRIG", "trig", "application/trig", (".trig",), True),
        RdfSyntax("json-ld", "JSON-LD", "JSON_LD", "json-ld", "application/ld+json", (".jsonld", ".json"), True),
        RdfSyntax("xml", "RDF/XML", "RDF_XML", "xml", "application/rdf+xml", (".rdf", ".owl", ".xml"), False),
    )
}

#: Suffix → syntax name, for the files the loader reads when it is given a folder.
RDF_SUFFIXES: dict[str, str] = {suffix: s.name for s in SYNTAXES.values() for suffix in s.suffixes}


def syntax(name: str) -> RdfSyntax:
    """The syntax called ``name``.

    :raises UnknownFormatError: no syntax has that name.
    """
    try:
        return SYNTAXES[name]
    except KeyError:
        raise UnknownFormatError(name, list(SYNTAXES)) from None


def syntax_of(path: Path) -> RdfSyntax:
    """The syntax of a file, from its suffix.

    :raises InputError: the suffix is not an RDF one.
    """
    name = RDF_SUFFIXES.get(path.suffix.lower())
    if name is None:
        raise InputError(
            f"{path}: cannot tell the RDF format from the suffix {path.suffix!r}; use one of {', '.join(RDF_SUFFIXES)}"
        )
    return SYNTAXES[name]


def format_of(path: Path) -> str:
    """The syntax name of a file (``turtle``, ``nt``...), from its suffix."""
    return syntax_of(path).name


#: Folders never searched for graph files: tool caches and virtualenvs hold thousands of unrelated files.
SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules", "site-packages"})


def files_under(folder: Path, suffixes: Iterable[str], *, deep: bool = True) -> list[Path]:
    """Regular files with one of ``suffixes`` inside ``folder`` (``deep``: in its subfolders too),
    sorted, skipping hidden and tool folders; anything else with such a name (a FIFO that would
    hang the read, a link to ``/dev/zero``) is skipped with a notice."""
    wanted = {suffix.lower() for suffix in suffixes}
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if deep and not d.startswith(".") and d not in SKIPPED_FOLDERS)
        for name in files:
            path = Path(root) / name
            if path.suffix.lower() not in wanted:
                continue
            if path.is_file():  # follows a link to a regular file
                found.append(path)
            else:
                notice(f"{path}: not a regular file; skipped")
    return sorted(found)


def rdf_files(folder: Path) -> list[Path]:
    """RDF files directly or deeply inside ``folder``, sorted so loading order is stable."""
    return files_under(folder, RDF_SUFFIXES)
