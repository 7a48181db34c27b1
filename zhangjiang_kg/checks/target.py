"""What ``zjkg check`` reads: the files of a project (or of the paths given) sorted into roles.

``checked`` are the user's own files, which the format and quality steps judge; the packaged files
a role falls back to are loaded but not judged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import resources
from ..errors import InputError
from ..rdfio.formats import RDF_SUFFIXES, files_under, rdf_files
from ..rdfio.parse import expand_paths


@dataclass
class CheckTarget:
    """What a check reads: the files by role, the saved queries, and which files are the user's own."""

    ontology: list[Path] = field(default_factory=list)
    shapes: list[Path] = field(default_factory=list)
    data: list[Path] = field(default_factory=list)
    queries: list[Path] = field(default_factory=list)
    checked: list[Path] = field(default_factory=list)

    @property
    def rdf_files(self) -> list[Path]:
        """Every RDF file, ontology first."""
        return [*self.ontology, *self.shapes, *self.data]

    def add(self, role: str, files: Iterable[Path], *, judged: bool = True) -> None:
        """Add each of ``files`` to ``role`` once; a ``judged`` one is also one of the user's own."""
        known: list[Path] = getattr(self, role)
        for file in files:
            if file not in known:
                known.append(file)
                if judged:
                    self.checked.append(file)


def display_path(path: str | Path) -> str:
    """A path relative to the working directory when it is inside it (what CI systems expect)."""
    candidate = Path(path)
    try:
        return candidate.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return candidate.as_posix()


def is_project_root(folder: Path) -> bool:
    """A folder laid out like this repository: ``ontology/`` and/or ``data/`` inside."""
    return folder.is_dir() and ((folder / "ontology").is_dir() or (folder / "data").is_dir())


def project_files(root: Path) -> CheckTarget:
    """The files of a project folder: ontology and shapes, data, saved queries."""
    target = CheckTarget()
    ontology = rdf_files(root / "ontology") if (root / "ontology").is_dir() else []
    target.ontology = [p for p in ontology if not resources.is_shapes_file(p)]
    target.shapes = [p for p in ontology if resources.is_shapes_file(p)]
    target.data = rdf_files(root / "data") if (root / "data").is_dir() else []
    target.queries = files_under(root / "queries", [".rq"], deep=False) if (root / "queries").is_dir() else []
    target.checked = target.rdf_files
    return target


def resolve_target(
    paths: Sequence[str | Path] = (),
    *,
    ontology: Sequence[str | Path] = (),
    shapes: Sequence[str | Path] = (),
    queries: Sequence[str | Path] = (),
) -> CheckTarget:
    """Sort ``paths`` into roles; with none, the packaged (or checked-out) graph and queries.

    A folder holding ``ontology/`` or ``data/`` is a project; another folder is searched for RDF
    and ``.rq`` files. ``shapes*`` files are shapes, files under a folder named ``ontology`` are
    ontology, other RDF files are data. Roles left empty fall back to the packaged files, which are
    loaded but not themselves judged.

    :raises InputError: a path does not exist or holds nothing to check.
    """
    target = project_files(resources.graph_root()) if not paths else CheckTarget()
    for raw in paths:
        path = Path(raw)
        if is_project_root(path):
            found = project_files(path)
            for role in ("ontology", "shapes", "data", "queries", "checked"):
                target.add(role, getattr(found, role), judged=False)
            continue
        files = [*rdf_files(path), *files_under(path, [".rq"])] if path.is_dir() else expand_paths([path])
        if not files:
            raise InputError(f"{path}: folder holds no RDF files or saved queries")
        for file in files:
            _add(target, file)
    target.add("ontology", expand_paths(ontology))
    target.add("shapes", expand_paths(shapes))
    for folder in map(Path, queries):
        target.add("queries", files_under(folder, [".rq"], deep=False) if folder.is_dir() else [folder], judged=False)
    if not target.ontology:
        target.ontology = resources.ontology_files()
    if not target.shapes:
        target.shapes = resources.shapes_files()
    if not target.queries and not paths:
        target.queries = resources.query_files()
    return target


def _add(target: CheckTarget, file: Path) -> None:
    if file.suffix == ".rq":
        target.add("queries", [file], judged=False)
        return
    if file.suffix.lower() not in RDF_SUFFIXES:
        raise InputError(f"{file}: not an RDF file ({', '.join(RDF_SUFFIXES)}) or a .rq query")
    role = "shapes" if resources.is_shapes_file(file) else "ontology" if "ontology" in file.parent.parts else "data"
    target.add(role, [file])
