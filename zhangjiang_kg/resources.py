"""Where the shipped graph lives: ``zhangjiang_kg/_graph/`` in an installed wheel, the repository
root in a checkout (or an editable install). Callers never need to know which.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import InputError
from .rdfio.formats import rdf_files

PACKAGE_DIR = Path(__file__).resolve().parent


def graph_root() -> Path:
    """The folder that holds ``ontology/``, ``data/`` and ``queries/`` for this installation."""
    for candidate in (PACKAGE_DIR / "_graph", PACKAGE_DIR.parent):
        if (candidate / "ontology").is_dir() and (candidate / "data").is_dir():
            return candidate
    raise InputError("the packaged graph is missing: no ontology/ and data/ folders found")


def ontology_dir() -> Path:
    """Folder of the OWL ontology and the SHACL shapes."""
    return graph_root() / "ontology"


def data_dir() -> Path:
    """Folder of the instance data, one Turtle file per subject."""
    return graph_root() / "data"


def queries_dir() -> Path:
    """Folder of the saved SPARQL queries (``*.rq``)."""
    return graph_root() / "queries"


def is_shapes_file(path: Path) -> bool:
    """Shapes files are named ``shapes*.ttl``; everything else in ``ontology/`` is ontology."""
    return path.name.startswith("shapes")


def ontology_files() -> list[Path]:
    """The shipped ontology files (not the shapes)."""
    return [p for p in rdf_files(ontology_dir()) if not is_shapes_file(p)]


def shapes_files() -> list[Path]:
    """The shipped SHACL shapes files."""
    return [p for p in rdf_files(ontology_dir()) if is_shapes_file(p)]


def split_background(files: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Data files, and background files (those inside a ``background/`` folder), in their order."""
    data: list[Path] = []
    background: list[Path] = []
    for path in files:
        (background if path.parent.name == "background" else data).append(path)
    return data, background


def data_files() -> list[Path]:
    """The shipped instance data files."""
    return rdf_files(data_dir())


def query_files() -> list[Path]:
    """The shipped saved queries, sorted by name."""
    folder = queries_dir()
    return sorted(folder.glob("*.rq")) if folder.is_dir() else []
