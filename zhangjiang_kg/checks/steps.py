"""``zjkg check``: every check CI needs, as named, timed steps whose findings point at file and line.

Steps, in order: ``parse`` (strict, every RDF file), ``format`` (the canonical layout of
:mod:`zhangjiang_kg.ttl.fmt`), ``shacl``, ``violation-queries`` (``*-violation.rq`` return no rows),
``ontology-quality`` (:mod:`zhangjiang_kg.checks.quality`), ``evidence`` (every quote verbatim in the source
text) and ``queries`` (every saved query parses and runs). A finding names the file and the line
where the offending subject's block starts. The result is the one findings model of
:mod:`zhangjiang_kg.reports` (a :class:`~zhangjiang_kg.reports.findings.Report` of named, timed
steps), the model ``zjkg validate`` reports in, so both commands share every output format.

The report's exit code follows ``zjkg validate``: 0 clean, 1 a check failed, 2 the input is
unusable (a file does not parse).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import resources
from ..engines.rdflib_engine import KnowledgeGraph, new_dataset, parse_file
from ..errors import InputError, NetworkAccessError, QueryError, QuerySyntaxError, ZjkgError
from ..rdfio.formats import RDF_SUFFIXES, files_under, rdf_files
from ..rdfio.notices import collect_notices
from ..rdfio.parse import expand_paths
from ..reports.findings import INFO, VIOLATION, WARNING, Finding, Report, Step

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import URIRef

    from ..queries.catalogue import SavedQuery
    from ..ttl.sourcemap import Location

#: The steps of a check, in the order they run.
STEPS = ("parse", "format", "shacl", "violation-queries", "ontology-quality", "evidence", "queries")
NO_SOURCE_TEXT = "no source text: give --source-text FILE or set ZJKG_SOURCE_TEXT"


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
    target.queries = sorted((root / "queries").glob("*.rq")) if (root / "queries").is_dir() else []
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
                getattr(target, role).extend(p for p in getattr(found, role) if p not in getattr(target, role))
            continue
        if path.is_dir():
            files = [*rdf_files(path), *files_under(path, [".rq"])]
            if not files:
                raise InputError(f"{path}: folder holds no RDF files or saved queries")
        elif path.is_file():
            files = [path]
        else:
            raise InputError(f"{path}: no such file or folder")
        for file in files:
            _add(target, file)
    for option, role in ((ontology, "ontology"), (shapes, "shapes")):
        for file in expand_paths(option):
            if file not in getattr(target, role):
                getattr(target, role).append(file)
                target.checked.append(file)
    for folder in queries:
        for file in sorted(Path(folder).glob("*.rq")) if Path(folder).is_dir() else [Path(folder)]:
            if file not in target.queries:
                target.queries.append(file)
    if not target.ontology:
        target.ontology = resources.ontology_files()
    if not target.shapes:
        target.shapes = resources.shapes_files()
    if not target.queries and not paths:
        target.queries = resources.query_files()
    return target


def _add(target: CheckTarget, file: Path) -> None:
    if file.suffix == ".rq":
        if file not in target.queries:
            target.queries.append(file)
        return
    if file.suffix.lower() not in RDF_SUFFIXES:
        raise InputError(f"{file}: not an RDF file ({', '.join(RDF_SUFFIXES)}) or a .rq query")
    role = "shapes" if resources.is_shapes_file(file) else "ontology" if "ontology" in file.parent.parts else "data"
    if file not in getattr(target, role):
        getattr(target, role).append(file)
        target.checked.append(file)


class _Run:
    """State shared by the steps of one check."""

    def __init__(self, target: CheckTarget, source_text: Path | None, require_source_text: bool) -> None:
        self.target = target
        self.source_text = source_text
        self.require_source_text = require_source_text
        self.kg = KnowledgeGraph(dataset=new_dataset(), files={})
        self.broken: set[Path] = set()
        self.saved: list[SavedQuery] | None = None
        self._store: ox.Store | None = None

    @property
    def store(self) -> ox.Store:
        """The parsed graphs copied once into an Oxigraph store: SHACL and the violation checks run there."""
        if self._store is None:
            import pyoxigraph as ox

            from ..engines.copy import copy_quads
            from ..vocab import GRAPHS

            self._store = copy_quads(self.kg.quads(GRAPHS), ox.Store())
        return self._store


def run_check(
    target: CheckTarget,
    *,
    source_text: str | Path | None = None,
    require_source_text: bool = False,
    skip: Iterable[str] = (),
) -> Report:
    """Run every step of :data:`STEPS` (except those in ``skip``) and collect their results.

    ``source_text`` is a copy of the article's text for the evidence step; without it that step is
    skipped, unless ``require_source_text`` (CI) makes the missing text a failure.

    :raises InputError: ``skip`` names an unknown step, or the source text cannot be read.
    """
    skipped = set(skip)
    unknown = skipped - set(STEPS)
    if unknown:
        raise InputError(f"unknown step(s) {', '.join(sorted(unknown))}; the steps are: {', '.join(STEPS)}")
    run = _Run(target, Path(source_text) if source_text is not None else None, require_source_text)
    report = Report(command="check")
    for name in STEPS:
        if name in skipped:
            report.steps.append(Step(name, skipped=True, note="skipped on request"))
            if name == "parse":
                _load_quietly(run)
            continue
        started = time.perf_counter()
        if name != "parse" and name != "format" and run.broken:
            result = Step(name, skipped=True, note=f"{len(run.broken)} file(s) do not parse")
        else:
            result = _STEP_FUNCTIONS[name](run)
        result.seconds = time.perf_counter() - started
        report.steps.append(result)
    return report


def _step(name: str, findings: list[Finding], note: str = "", checked: Iterable[str] = ()) -> Step:
    return Step(name, findings=sorted(findings, key=Finding.sort_key), checked=list(checked), note=note)


def _located(where: Location | None) -> dict[str, Any]:
    """``file``, ``line`` and ``column`` of a finding, the file relative to the working directory."""
    if where is None:
        return {}
    return {"file": display_path(where.path), "line": where.line, "column": where.column}


def _load_quietly(run: _Run) -> None:
    _step_parse(run)


def _step_parse(run: _Run) -> Step:
    from ..errors import RdfSyntaxError

    findings = []
    roles = (("ontology", run.target.ontology), ("shapes", run.target.shapes), ("data", run.target.data))
    for role, files in roles:
        graph = run.kg.graph(role)
        run.kg.files[role] = list(files)
        for path in files:
            try:
                with collect_notices() as notices:
                    parse_file(path, graph, sourcemap=run.kg.sourcemap)
                findings += [
                    Finding(
                        rule="empty-file", message=n, severity=WARNING, step="parse", file=display_path(path), line=1
                    )
                    for n in notices
                ]
            except RdfSyntaxError as error:
                run.broken.add(path)
                findings.append(
                    Finding(
                        rule="syntax",
                        message=error.detail,
                        step="parse",
                        file=display_path(path),
                        line=error.line or 1,
                        column=error.column,
                    )
                )
            except InputError as error:
                run.broken.add(path)
                findings.append(
                    Finding(rule="unreadable", message=str(error), step="parse", file=display_path(path), line=1)
                )
    result = _step("parse", findings, f"{len(run.target.rdf_files)} file(s)")
    result.unusable = any(f.severity == VIOLATION for f in findings)
    return result


def _step_format(run: _Run) -> Step:
    from ..ttl.fmt import first_difference, format_turtle

    findings = []
    files = [p for p in run.target.checked if p.suffix.lower() == ".ttl" and p not in run.broken]
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        formatted = format_turtle(text, path=str(path))
        if formatted != text:
            line = first_difference(text, formatted)
            fix = f"run: zjkg fmt {display_path(path)}"
            findings.append(
                Finding(
                    rule="canonical-layout",
                    message=f"not in the canonical layout (first difference at line {line}); {fix}",
                    step="format",
                    file=display_path(path),
                    line=line,
                )
            )
    return _step("format", findings, f"{len(files)} Turtle file(s)")


def _relocated(finding: Finding) -> Finding:
    """A validation finding with its file relative to the working directory, as CI systems expect."""
    return replace(finding, file=display_path(finding.file)) if finding.file else finding


def _step_shacl(run: _Run) -> Step:
    from .fastvalidate import compiled_shacl

    if not len(run.kg.shapes):
        return Step("shacl", skipped=True, note="no SHACL shapes")
    step = compiled_shacl(run.store, run.kg, Step("shacl"))
    return _step("shacl", [_relocated(r) for r in step.findings], step.note, step.checked)


def _saved_queries(run: _Run) -> list[SavedQuery]:
    from ..queries.catalogue import from_file

    if run.saved is None:
        run.saved = [from_file(path) for path in run.target.queries]
    return run.saved


def _step_violation_queries(run: _Run) -> Step:
    from .fastvalidate import violation_checks

    checks = [q for q in _saved_queries(run) if q.is_violation]
    if not checks:
        return Step("violation-queries", skipped=True, note="no *-violation.rq queries")
    findings: list[Finding] = []
    names = {q.name for q in checks}
    for query in checks:
        try:
            found = violation_checks(run.store, run.kg.sourcemap, [query], Step("violation-queries")).findings
        except ZjkgError as error:
            where = display_path(query.path) if query.path else query.name
            findings.append(
                Finding(rule="query-error", message=str(error), step="violation-queries", file=where, line=1)
            )
            continue
        findings.extend(_relocated(r) for r in found)
    note = f"{len(checks)} quer{'y' if len(checks) == 1 else 'ies'}"
    return _step("violation-queries", findings, note, sorted(names))


def _step_quality(run: _Run) -> Step:
    from .quality import CHECKS, check_ontology

    own = [p for p in run.target.ontology if p in run.target.checked]
    names = list(CHECKS) if own else ["undeclared_term"]
    findings = []
    for issue in check_ontology(run.kg, checks=names):
        findings.append(
            Finding(
                rule=issue.check,
                message=issue.message,
                severity={"ERROR": VIOLATION, "WARN": WARNING}.get(issue.level, INFO),
                step="ontology-quality",
                focus_node=issue.subject,
                path=issue.property,
                value=issue.value,
                **_located(run.kg.sourcemap.locate(str(issue.subject))),
            )
        )
    note = f"{len(names)} check(s)" + ("" if own else " (no ontology file of your own: declarations only)")
    return _step("ontology-quality", findings, note, names)


def _step_evidence(run: _Run) -> Step:
    from .evidence import iter_quotes, read_source_text, verify_evidence

    quotes = list(iter_quotes(run.kg.data))
    if not quotes:
        return Step("evidence", note="no quotes")
    if run.source_text is None:
        if run.require_source_text:
            message = f"{len(quotes)} quote(s) cannot be verified under CI: {NO_SOURCE_TEXT}"
            missing = Finding(rule="source-text-missing", message=message, step="evidence")
            return Step("evidence", note=NO_SOURCE_TEXT, findings=[missing])
        return Step("evidence", skipped=True, note=NO_SOURCE_TEXT)
    text = read_source_text(run.source_text)
    findings = []
    for problem in verify_evidence(run.kg.data, text):
        rule = "source-checksum" if "SHA-256" in problem.reason or "sha256" in problem.reason else "quote-mismatch"
        findings.append(
            Finding(
                rule=rule,
                message=problem.reason,
                step="evidence",
                focus_node=_iri(problem.annotation),
                **_located(run.kg.sourcemap.locate(problem.annotation)),
            )
        )
    return _step("evidence", findings, f"{len(quotes)} quote(s)")


def _iri(iri: str) -> URIRef:
    from rdflib import URIRef

    return URIRef(iri)


def _step_queries(run: _Run) -> Step:
    from ..queries.catalogue import bind, prepare
    from ..queries.catalogue import run as run_query

    saved = _saved_queries(run)
    if not saved:
        return Step("queries", skipped=True, note="no saved queries")
    findings = []
    merged = run.kg.merged()
    ran = 0
    for query in saved:
        where = display_path(query.path) if query.path else query.name
        try:
            prepare(query)
        except QuerySyntaxError as error:
            findings.append(
                Finding(
                    rule="query-syntax",
                    message=f"SPARQL syntax error: {error.detail}",
                    step="queries",
                    file=where,
                    line=error.line or 1,
                    column=error.column,
                )
            )
            continue
        except NetworkAccessError as error:  # a SERVICE clause: never run in CI
            findings.append(Finding(step="queries", rule="query-network", message=str(error), file=where, line=1))
            continue
        if any(p.default is None and not p.optional for p in query.parameters):
            continue
        try:
            bind(query)
            run_query(merged, query)
            ran += 1
        except (QueryError, ZjkgError) as error:
            findings.append(Finding(rule="query-error", message=str(error), step="queries", file=where, line=1))
    return _step("queries", findings, f"{len(saved)} parsed, {ran} ran (the rest need parameters)")


_STEP_FUNCTIONS: dict[str, Callable[[_Run], Step]] = {
    "parse": _step_parse,
    "format": _step_format,
    "shacl": _step_shacl,
    "violation-queries": _step_violation_queries,
    "ontology-quality": _step_quality,
    "evidence": _step_evidence,
    "queries": _step_queries,
}
