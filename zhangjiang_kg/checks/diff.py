"""Semantic diff of two versions of the graph (files, folders or git revisions): which entities
were added, removed or changed. Statements are compared as RDF, so reordering, reformatting or
renaming prefixes is no change; blank nodes are compared by their content (:mod:`.blank_content`).

>>> changes = diff_graphs([], [])
>>> changes.is_empty
True
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import InputError
from ..rdfio.formats import RDF_SUFFIXES, rdf_files, syntax_of
from ..rdfio.parse import refuse_entities, syntax_error, without_bom
from ..vocab import RDF_TYPE, curie
from .blank_content import BlankContent
from .target import is_project_root, project_files

LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "https://schema.org/name",
    "http://purl.org/dc/terms/title",
)

Statement = tuple[str, str, str]


@dataclass
class EntityChange:
    """One entity: its IRI, label and types, and the statements (predicate, object) added and removed."""

    iri: str
    label: str = ""
    types: list[str] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class GraphDiff:
    """Entities added, removed and changed between two versions."""

    old: str = ""
    new: str = ""
    added: list[EntityChange] = field(default_factory=list)
    removed: list[EntityChange] = field(default_factory=list)
    changed: list[EntityChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when the two versions state the same things."""
        return not (self.added or self.removed or self.changed)


def diff_versions(old: str, new: str, *, cwd: str | Path | None = None) -> GraphDiff:
    """Diff two versions given as files, folders or git revisions.

    :raises InputError: a version is neither a path nor a git revision.
    :raises RdfSyntaxError: a file of either version does not parse.
    """
    result = diff_graphs(read_version(old, cwd=cwd), read_version(new, cwd=cwd))
    result.old, result.new = old, new
    return result


def read_version(spec: str, *, cwd: str | Path | None = None) -> list[Statement]:
    """Every statement of one version, terms in N-Triples form, blank nodes replaced by their content.

    A project folder means its ``ontology/`` and ``data/``; ``REV`` the project's RDF files at that
    commit, ``REV:PATH`` one file or folder there (read with ``git show``).
    """
    base = Path(cwd) if cwd is not None else Path.cwd()
    path = base / spec
    if path.exists():
        return _statements(_files_on_disk(path))
    return _statements(_files_in_git(spec, base))


def _files_on_disk(path: Path) -> list[tuple[str, bytes]]:
    if path.is_file():
        files = [path]
    elif is_project_root(path):
        files = project_files(path).rdf_files
    else:
        files = rdf_files(path)
    return [(str(f), f.read_bytes()) for f in files]


def _git(args: Sequence[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise InputError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise InputError(f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def _is_revision(rev: str, cwd: Path) -> bool:
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    except InputError:
        return False
    return True


def _files_in_git(spec: str, cwd: Path) -> list[tuple[str, bytes]]:
    rev, sep, inner = spec.partition(":")
    if not rev or not _is_revision(rev, cwd):
        raise InputError(f"{spec}: neither a file or folder nor a git revision (REV or REV:PATH)")
    listing = ["ls-tree", "-r", "--name-only", "--full-name", rev]
    names = _git([*listing, "--", inner] if sep and inner else listing, cwd).decode().splitlines()
    rdf = [n for n in names if Path(n).suffix.lower() in RDF_SUFFIXES]
    if not (sep and inner):
        project = [n for n in rdf if n.split("/", 1)[0] in ("ontology", "data")]
        rdf = project or rdf
    if not rdf:
        raise InputError(f"{spec}: no RDF files at that revision")
    top = _git(["rev-parse", "--show-toplevel"], cwd).decode().strip()
    return [(f"{rev}:{name}", _git(["show", f"{rev}:{name}"], Path(top))) for name in sorted(rdf)]


def _statements(files: Iterable[tuple[str, bytes]]) -> list[Statement]:
    triples: list[tuple[Any, Any, Any]] = []
    for number, (name, raw) in enumerate(files):
        spec = syntax_of(Path(name.rsplit(":", 1)[-1]))
        if spec.name == "xml":
            refuse_entities(name, raw)  # a "billion laughs" file would expand without bound
        try:
            triples.extend(
                (_scoped(q.subject, number), q.predicate, _scoped(q.object, number))
                for q in ox.parse(without_bom(raw), format=spec.ox_format, base_iri="file:///")
            )
        except (SyntaxError, ValueError, MemoryError) as exc:
            raise syntax_error(name, exc) from None
    blanks = BlankContent(triples)
    plain = ((str(s), str(p), blanks.render(o)) for s, p, o in triples if not isinstance(s, ox.BlankNode))
    return sorted({*plain, *blanks.named_statements()})


def _scoped(term: Any, number: int) -> Any:
    """A blank node of file ``number`` renamed apart from other files' (RDF: a label is local to its document)."""
    return ox.BlankNode(f"f{number}_{term.value}") if isinstance(term, ox.BlankNode) else term


def diff_graphs(old: Sequence[Statement], new: Sequence[Statement]) -> GraphDiff:
    """Compare two statement lists entity by entity."""
    old_by = _by_subject(old)
    new_by = _by_subject(new)
    result = GraphDiff()
    for subject in sorted(set(old_by) | set(new_by)):
        before, after = old_by.get(subject, set()), new_by.get(subject, set())
        if before == after:
            continue
        described = after or before
        change = EntityChange(
            iri=subject,
            label=_label(after) or _label(before),
            types=sorted(o for p, o in described if p == f"<{RDF_TYPE}>"),
            added=sorted(after - before),
            removed=sorted(before - after),
        )
        (result.added if not before else result.removed if not after else result.changed).append(change)
    return result


def _by_subject(statements: Iterable[Statement]) -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set[tuple[str, str]]] = {}
    for s, p, o in statements:
        found.setdefault(s, set()).add((p, o))
    return found


def _label(pairs: set[tuple[str, str]]) -> str:
    for predicate in LABELS:
        values = sorted(o for p, o in pairs if p == f"<{predicate}>" and o.startswith('"'))
        english = [v for v in values if v.endswith("@en")] or values
        if english:  # the lexical form of the first one, unescaped
            first = english[0]
            return first[1 : first.rfind('"')].replace('\\"', '"').replace("\\\\", "\\")
    return ""


def short(term: str) -> str:
    """An N-Triples term with the project's prefixes: ``<https://…/id/x>`` → ``zj:x``."""
    if term.startswith("<") and term.endswith(">"):
        return curie(term[1:-1])
    if term.startswith('"') and "^^<" in term:
        value, datatype = term.rsplit("^^", 1)
        return f"{value}^^{short(datatype)}"
    return term


def _heading(change: EntityChange) -> str:
    label = f' "{change.label}"' if change.label else ""
    types = f" ({', '.join(short(t) for t in change.types)})" if change.types else ""
    return f"{short(change.iri)}{label}{types}"


def to_text(diff: GraphDiff) -> str:
    """The diff for a terminal: a summary line, then added, removed and changed entities."""
    lines = [
        f"{diff.old} -> {diff.new}: {len(diff.added)} added, {len(diff.removed)} removed, "
        f"{len(diff.changed)} changed entit{'y' if len(diff.changed) == 1 else 'ies'}"
    ]
    for title, mark, changes in (("Added", "+", diff.added), ("Removed", "-", diff.removed)):
        if changes:
            lines.append(f"\n{title}:")
            lines.extend(f"  {mark} {_heading(c)}" for c in changes)
    if diff.changed:
        lines.append("\nChanged:")
        for change in diff.changed:
            lines.append(f"  ~ {_heading(change)}")
            lines.extend(f"      - {short(p)} {short(o)}" for p, o in change.removed)
            lines.extend(f"      + {short(p)} {short(o)}" for p, o in change.added)
    if diff.is_empty:
        lines.append("No semantic changes.")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def to_markdown(diff: GraphDiff) -> str:
    """The diff as Markdown for a pull-request comment: a summary table and one section per kind."""
    lines = [
        "## Knowledge graph changes",
        "",
        f"`{_md(diff.old)}` → `{_md(diff.new)}`",
        "",
        "| added | removed | changed |",
        "|---:|---:|---:|",
        f"| {len(diff.added)} | {len(diff.removed)} | {len(diff.changed)} |",
    ]
    for title, changes in (("Added", diff.added), ("Removed", diff.removed)):
        if changes:
            lines += ["", f"### {title}", "", "| entity | label | type |", "|---|---|---|"]
            lines += [
                f"| `{_md(short(c.iri))}` | {_md(c.label)} | {_md(', '.join(short(t) for t in c.types))} |"
                for c in changes
            ]
    if diff.changed:
        lines += ["", "### Changed", ""]
        for change in diff.changed:
            label = f" {_md(change.label)}" if change.label else ""
            lines += [
                f"<details><summary><code>{_md(short(change.iri))}</code>{label}: "
                f"+{len(change.added)} −{len(change.removed)}</summary>",
                "",
                "```diff",
            ]
            lines += [f"- {short(p)} {short(o)}" for p, o in change.removed]
            lines += [f"+ {short(p)} {short(o)}" for p, o in change.added]
            lines += ["```", "", "</details>"]
    if diff.is_empty:
        lines += ["", "No semantic changes."]
    return "\n".join(lines) + "\n"


def to_json(diff: GraphDiff) -> str:
    """The diff as JSON."""
    return json.dumps(asdict(diff), indent=2, ensure_ascii=False) + "\n"


#: Output formats of ``zjkg diff``.
DIFF_FORMATS = {"text": to_text, "markdown": to_markdown, "json": to_json}
