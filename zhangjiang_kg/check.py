"""``zjkg check``: every check CI needs, as named, timed steps whose findings point at file and line.

Steps, in order: ``parse`` (strict, every RDF file), ``format`` (the canonical layout of
:mod:`zhangjiang_kg.ttl.fmt`), ``shacl``, ``violation-queries`` (``*-violation.rq`` return no rows),
``ontology-quality`` (:mod:`zhangjiang_kg.quality`), ``evidence`` (every quote verbatim in the source
text) and ``queries`` (every saved query parses and runs). A finding names the file and the line
where the offending subject's block starts.

The report's exit code follows ``zjkg validate``: 0 clean, 1 a check failed, 2 the input is
unusable (a file does not parse).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import resources
from .errors import InputError, QueryError, QuerySyntaxError, ZjkgError
from .graph import PREFIXES, KnowledgeGraph, expand_paths, new_dataset, parse_file

if TYPE_CHECKING:
    from rdflib.term import Identifier

    from .queries import SavedQuery
    from .validate import ValidationResult

#: The steps of a check, in the order they run.
STEPS = ("parse", "format", "shacl", "violation-queries", "ontology-quality", "evidence", "queries")
#: Severities of findings, most severe first (SARIF's level names).
SEVERITIES = ("error", "warning", "note")
PASSED, FAILED, SKIPPED, ERROR = "passed", "failed", "skipped", "error"
NO_SOURCE_TEXT = "no source text: give --source-text FILE or set ZJKG_SOURCE_TEXT"


@dataclass(frozen=True)
class Finding:
    """One defect: which step and rule found it, where it is written, and what is wrong."""

    step: str
    rule: str
    message: str
    severity: str = "error"
    file: str | None = None
    line: int | None = None
    column: int | None = None
    focus: str | None = None
    path: str | None = None
    value: str | None = None
    constraint: str | None = None

    def sort_key(self) -> tuple[int, str, int, str, str]:
        """Most severe first, then by file, line, rule and node."""
        return (SEVERITIES.index(self.severity), self.file or "~", self.line or 0, self.rule, self.focus or "")


@dataclass
class StepResult:
    """One step: its name, outcome, duration, findings and a short note (why skipped, what ran)."""

    name: str
    status: str
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    note: str = ""


@dataclass
class CheckReport:
    """Every step's result; ``exit_code`` is what ``zjkg check`` exits with."""

    steps: list[StepResult] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        """Every finding of every step, most severe first."""
        return sorted((f for s in self.steps for f in s.findings), key=Finding.sort_key)

    @property
    def exit_code(self) -> int:
        """2 when a step could not run on the input, 1 when a step failed, else 0."""
        statuses = {s.status for s in self.steps}
        return 2 if ERROR in statuses else 1 if FAILED in statuses else 0

    def count(self, severity: str) -> int:
        """How many findings have ``severity``."""
        return sum(1 for s in self.steps for f in s.findings if f.severity == severity)

    def step(self, name: str) -> StepResult:
        """The result of one step by name."""
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)


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
    ontology = resources.rdf_files(root / "ontology") if (root / "ontology").is_dir() else []
    target.ontology = [p for p in ontology if not resources.is_shapes_file(p)]
    target.shapes = [p for p in ontology if resources.is_shapes_file(p)]
    target.data = resources.rdf_files(root / "data") if (root / "data").is_dir() else []
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
            files = [*resources.rdf_files(path), *resources.files_under(path, [".rq"])]
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
    if file.suffix.lower() not in resources.RDF_SUFFIXES:
        raise InputError(f"{file}: not an RDF file ({', '.join(resources.RDF_SUFFIXES)}) or a .rq query")
    role = "shapes" if resources.is_shapes_file(file) else "ontology" if "ontology" in file.parent.parts else "data"
    if file not in getattr(target, role):
        getattr(target, role).append(file)
        target.checked.append(file)


class _Run:
    """State shared by the steps of one check."""

    def __init__(self, target: CheckTarget, source_text: Path | None, require_source_text: bool):
        self.target = target
        self.source_text = source_text
        self.require_source_text = require_source_text
        self.kg = KnowledgeGraph(dataset=new_dataset(), files={})
        self.broken: set[Path] = set()
        self.saved: list[SavedQuery] | None = None


def run_check(
    target: CheckTarget,
    *,
    source_text: str | Path | None = None,
    require_source_text: bool = False,
    skip: Iterable[str] = (),
) -> CheckReport:
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
    report = CheckReport()
    for name in STEPS:
        if name in skipped:
            report.steps.append(StepResult(name, SKIPPED, note="skipped on request"))
            if name == "parse":
                _load_quietly(run)
            continue
        started = time.perf_counter()
        if name != "parse" and name != "format" and run.broken:
            result = StepResult(name, SKIPPED, note=f"{len(run.broken)} file(s) do not parse")
        else:
            result = _STEP_FUNCTIONS[name](run)
        result.seconds = time.perf_counter() - started
        report.steps.append(result)
    return report


def _status(name: str, findings: list[Finding], note: str = "") -> StepResult:
    failed = any(f.severity == "error" for f in findings)
    return StepResult(name, FAILED if failed else PASSED, findings=sorted(findings, key=Finding.sort_key), note=note)


def _load_quietly(run: _Run) -> None:
    _step_parse(run)


def _step_parse(run: _Run) -> StepResult:
    from .errors import RdfSyntaxError

    findings = []
    roles = (("ontology", run.target.ontology), ("shapes", run.target.shapes), ("data", run.target.data))
    for role, files in roles:
        graph = run.kg.graph(role)
        run.kg.files[role] = list(files)
        for path in files:
            try:
                parse_file(path, graph, sourcemap=run.kg.sourcemap)
            except RdfSyntaxError as error:
                run.broken.add(path)
                findings.append(Finding("parse", "syntax", error.detail, file=display_path(path),
                                        line=error.line or 1, column=error.column))
            except InputError as error:
                run.broken.add(path)
                findings.append(Finding("parse", "unreadable", str(error), file=display_path(path), line=1))
    result = _status("parse", findings, f"{len(run.target.rdf_files)} file(s)")
    if findings:
        result.status = ERROR
    return result


def _step_format(run: _Run) -> StepResult:
    from .ttl.fmt import first_difference, format_turtle

    findings = []
    files = [p for p in run.target.checked if p.suffix.lower() == ".ttl" and p not in run.broken]
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        formatted = format_turtle(text, path=str(path))
        if formatted != text:
            line = first_difference(text, formatted)
            findings.append(Finding(
                "format", "canonical-layout",
                f"not in the canonical layout (first difference at line {line}); run: zjkg fmt {display_path(path)}",
                file=display_path(path), line=line))
    return _status("format", findings, f"{len(files)} Turtle file(s)")


def _from_validation(step: str, result: "ValidationResult", rule: str) -> Finding:
    from .results import shorten

    severity = {"Violation": "error", "Warning": "warning"}.get(result.severity_name, "note")
    where = result.location
    return Finding(
        step, rule, result.message or shorten(_uri(result.constraint), PREFIXES), severity,
        file=display_path(where.path) if where else None, line=where.line if where else None,
        column=where.column if where else None,
        focus=None if result.focus_node is None else str(result.focus_node),
        path=None if result.path is None else str(result.path),
        value=None if result.value is None else shorten(result.value, PREFIXES),
        constraint=result.constraint,
    )


def _uri(iri: str) -> "Identifier":
    from rdflib import URIRef

    return URIRef(iri)


def _step_shacl(run: _Run) -> StepResult:
    from .results import shorten
    from .validate import validate

    if not len(run.kg.shapes):
        return StepResult("shacl", SKIPPED, note="no SHACL shapes")
    report = validate(run.kg, run_queries=False)
    findings = [
        _from_validation("shacl", r, shorten(r.source_shape, PREFIXES) if r.source_shape is not None else "shacl")
        for r in report.results
    ]
    return _status("shacl", findings, f"{len(report.shapes)} shape(s)")


def _saved_queries(run: _Run) -> list["SavedQuery"]:
    from .queries import from_file

    if run.saved is None:
        run.saved = [from_file(path) for path in run.target.queries]
    return run.saved


def _step_violation_queries(run: _Run) -> StepResult:
    from .validate import validate

    checks = [q for q in _saved_queries(run) if q.is_violation]
    if not checks:
        return StepResult("violation-queries", SKIPPED, note="no *-violation.rq queries")
    findings: list[Finding] = []
    folders = sorted({q.path.parent for q in checks if q.path is not None})
    names = {q.name for q in checks}
    for folder in folders:
        try:
            report = validate(run.kg, queries_dir=folder, run_shacl=False)
        except ZjkgError as error:
            findings.append(Finding("violation-queries", "query-error", str(error), file=display_path(folder), line=1))
            continue
        findings.extend(_from_validation("violation-queries", r, r.check) for r in report.results if r.check in names)
    return _status("violation-queries", findings, f"{len(checks)} quer{'y' if len(checks) == 1 else 'ies'}")


def _step_quality(run: _Run) -> StepResult:
    from .quality import CHECKS, check_ontology
    from .results import shorten

    own = [p for p in run.target.ontology if p in run.target.checked]
    names = list(CHECKS) if own else ["undeclared_term"]
    findings = []
    for issue in check_ontology(run.kg, checks=names):
        where = run.kg.sourcemap.locate(str(issue.subject))
        findings.append(Finding(
            "ontology-quality", issue.check, issue.message,
            {"ERROR": "error", "WARN": "warning"}.get(issue.level, "note"),
            file=display_path(where.path) if where else None, line=where.line if where else None,
            column=where.column if where else None, focus=str(issue.subject),
            path=None if issue.property is None else str(issue.property),
            value=None if issue.value is None else shorten(issue.value, PREFIXES),
        ))
    note = f"{len(names)} check(s)" + ("" if own else " (no ontology file of your own: declarations only)")
    return _status("ontology-quality", findings, note)


def _step_evidence(run: _Run) -> StepResult:
    from .evidence import iter_quotes, read_source_text, verify_evidence

    quotes = list(iter_quotes(run.kg.data))
    if not quotes:
        return StepResult("evidence", PASSED, note="no quotes")
    if run.source_text is None:
        if run.require_source_text:
            return StepResult("evidence", FAILED, note=NO_SOURCE_TEXT, findings=[Finding(
                "evidence", "source-text-missing",
                f"{len(quotes)} quote(s) cannot be verified under CI: {NO_SOURCE_TEXT}")])
        return StepResult("evidence", SKIPPED, note=NO_SOURCE_TEXT)
    text = read_source_text(run.source_text)
    findings = []
    for problem in verify_evidence(run.kg.data, text):
        where = run.kg.sourcemap.locate(problem.annotation)
        rule = "source-checksum" if "SHA-256" in problem.reason or "sha256" in problem.reason else "quote-mismatch"
        findings.append(Finding("evidence", rule, problem.reason, file=display_path(where.path) if where else None,
                                line=where.line if where else None, column=where.column if where else None,
                                focus=problem.annotation))
    return _status("evidence", findings, f"{len(quotes)} quote(s)")


def _step_queries(run: _Run) -> StepResult:
    from .queries import bind, prepare
    from .queries import run as run_query

    saved = _saved_queries(run)
    if not saved:
        return StepResult("queries", SKIPPED, note="no saved queries")
    findings = []
    merged = run.kg.merged()
    ran = 0
    for query in saved:
        where = display_path(query.path) if query.path else query.name
        try:
            prepare(query)
        except QuerySyntaxError as error:
            findings.append(Finding("queries", "query-syntax", f"SPARQL syntax error: {error.detail}",
                                    file=where, line=error.line or 1, column=error.column))
            continue
        if any(p.default is None and not p.optional for p in query.parameters):
            continue
        try:
            bind(query)
            run_query(merged, query)
            ran += 1
        except (QueryError, ZjkgError) as error:
            findings.append(Finding("queries", "query-error", str(error), file=where, line=1))
    return _status("queries", findings, f"{len(saved)} parsed, {ran} ran (the rest need parameters)")


_STEP_FUNCTIONS: dict[str, Callable[[_Run], StepResult]] = {
    "parse": _step_parse,
    "format": _step_format,
    "shacl": _step_shacl,
    "violation-queries": _step_violation_queries,
    "ontology-quality": _step_quality,
    "evidence": _step_evidence,
    "queries": _step_queries,
}

