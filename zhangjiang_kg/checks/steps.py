"""``zjkg check``: every check CI needs, as named, timed steps whose findings point at file and line.

Every file is parsed once into one Oxigraph store (:class:`CheckedGraphs`) that every
later step reads, so no step builds an rdflib graph. The result is the :class:`Report` that
``zjkg validate`` gives too, so both commands share every output format and exit code.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..errors import InputError, NetworkAccessError, QuerySyntaxError, RdfSyntaxError, ZjkgError
from ..queries.catalogue import from_file
from ..queries.syntax import check as check_syntax
from ..rdfio.notices import collect_notices
from ..rdfio.parse import in_graph, read_quads
from ..rdfio.terms import unsupported_term
from ..reports.findings import INFO, VIOLATION, WARNING, Finding, Report, Step, located
from ..store.graph import KnowledgeGraph
from ..ttl.fmt import first_difference, format_turtle
from ..validation.compiled import compiled_shacl
from ..validation.report import violation_checks
from ..vocab import GRAPHS
from . import STEPS
from .evidence import iter_quotes, read_source_text, verify_evidence
from .quality import CHECKS, check_ontology
from .target import CheckTarget, display_path
from .triples import TripleView

if TYPE_CHECKING:
    from ..queries.catalogue import SavedQuery

NO_SOURCE_TEXT = "no source text: give --source-text FILE or set ZJKG_SOURCE_TEXT"


@dataclass
class CheckedGraphs(KnowledgeGraph):
    """The graphs of one check in one Oxigraph store, each file parsed once.

    :meth:`quads` hands out the quads as parsed, lexical forms as written, which the SHACL step
    needs to judge derived datatypes (:mod:`zhangjiang_kg.shacl.lossless`).
    """

    parsed: dict[str, list[ox.Quad]] = field(default_factory=dict)

    def quads(self, names: Iterable[str]) -> Iterator[ox.Quad]:
        """The quads of the named graphs as the files wrote them."""
        for name in names:
            yield from self.parsed.get(name, ())


@dataclass
class _Run:
    """State shared by the steps of one check."""

    target: CheckTarget
    source_text: Path | None
    require_source_text: bool
    graphs: CheckedGraphs = field(init=False)  # set by the parse step, which always runs
    broken: set[Path] = field(default_factory=set)
    #: Saved queries the violation step already parsed and ran without an error.
    ran: set[str] = field(default_factory=set)

    @cached_property
    def saved(self) -> list[SavedQuery]:
        """The saved queries, read when a step first asks."""
        return [from_file(path) for path in self.target.queries]


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
                _step_parse(run)  # the later steps still need the graphs
            continue
        started = time.perf_counter()
        if name != "parse" and name != "format" and run.broken:
            result = Step(name, skipped=True, note=f"{len(run.broken)} file(s) do not parse")
        else:
            result = _STEP_FUNCTIONS[name](run)
        result.seconds = time.perf_counter() - started
        report.steps.append(result)
    return report


def _step(name: str, findings: Iterable[Finding], note: str = "", checked: Iterable[str] = ()) -> Step:
    """A step's findings in order, each file relative to the working directory, as CI systems expect."""
    relative = (replace(f, file=display_path(f.file)) if f.file else f for f in findings)
    return Step(name, findings=sorted(relative, key=Finding.sort_key), checked=list(checked), note=note)


def _about(run: _Run, name: str) -> dict[str, Any]:
    """A finding's node ``name`` (an IRI or ``_:label``) and where its block is written."""
    node = ox.BlankNode(name[2:]) if name.startswith("_:") else ox.NamedNode(name)
    return {"focus_node": node, **located(run.graphs.sourcemap.locate(name))}


def _step_parse(run: _Run) -> Step:
    """Parse every file once with the one strict parser into its role's graph of one store.

    A file that does not parse is left out and reported, so one run names every broken file.
    """
    run.graphs = CheckedGraphs(store=ox.Store())
    findings = []
    for role in ("ontology", "shapes", "data"):
        graph = ox.NamedNode(GRAPHS[role])
        parsed = run.graphs.parsed.setdefault(role, [])
        loaded = run.graphs.files.setdefault(role, [])
        for path in getattr(run.target, role):
            found = partial(Finding, step="parse", file=display_path(path), line=1)
            try:
                with collect_notices() as notices:
                    quads = list(in_graph(read_quads(path), graph))
                findings += [found(rule="empty-file", message=note, severity=WARNING) for note in notices]
                # RDF 1.2 triple terms are not part of this graph: rdflib, at the edges, cannot hold them
                triple = next((q.object for q in quads if isinstance(q.object, ox.Triple)), None)
                if triple is not None:
                    raise unsupported_term(triple)
            except RdfSyntaxError as error:
                findings.append(found(rule="syntax", message=error.detail, line=error.line or 1, column=error.column))
                run.broken.add(path)
                continue
            except InputError as error:  # unreadable, or the network refused
                findings.append(found(rule="unreadable", message=str(error)))
                run.broken.add(path)
                continue
            parsed.extend(quads)
            loaded.append(path)
        run.graphs.store.bulk_extend(parsed)
    result = _step("parse", findings, f"{len(run.target.rdf_files)} file(s)")
    result.unusable = bool(run.broken)
    return result


def _step_format(run: _Run) -> Step:
    findings = []
    files = [p for p in run.target.checked if p.suffix.lower() == ".ttl" and p not in run.broken]
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        shown = display_path(path)
        try:
            formatted = format_turtle(text, path=str(path))
        except RdfSyntaxError as error:  # Turtle the parser reads but the layout does not (RDF 1.2)
            rule, message = "unformattable", f"cannot be laid out: {error.detail}"
            line, column = error.line or 1, error.column
        else:
            if formatted == text:
                continue
            line, column = first_difference(text, formatted), None
            rule = "canonical-layout"
            message = f"not in the canonical layout (first difference at line {line}); run: zjkg fmt {shown}"
        findings.append(Finding(rule=rule, message=message, step="format", file=shown, line=line, column=column))
    return _step("format", findings, f"{len(files)} Turtle file(s)")


def _step_shacl(run: _Run) -> Step:
    if not run.graphs.parsed.get("shapes"):
        return Step("shacl", skipped=True, note="no SHACL shapes")
    step = compiled_shacl(run.graphs.store, run.graphs, Step("shacl"))
    return _step("shacl", step.findings, step.note, step.checked)


def _step_violation_queries(run: _Run) -> Step:
    checks = [q for q in run.saved if q.is_violation]
    if not checks:
        return Step("violation-queries", skipped=True, note="no *-violation.rq queries")
    findings: list[Finding] = []
    for query in checks:
        try:
            step = violation_checks(run.graphs.store, run.graphs.sourcemap, [query], Step("violation-queries"))
        except ZjkgError as error:
            file = str(query.path or query.name)  # made relative by _step, as every finding's file is
            found = Finding(rule="query-error", message=str(error), step="violation-queries", file=file, line=1)
            findings.append(found)
            continue
        run.ran.add(query.name)
        findings.extend(step.findings)
    note = f"{len(checks)} quer{'y' if len(checks) == 1 else 'ies'}"
    return _step("violation-queries", findings, note, sorted({q.name for q in checks}))


def _step_quality(run: _Run) -> Step:
    own = [p for p in run.target.ontology if p in run.target.checked]
    names = list(CHECKS) if own else ["undeclared_term"]
    findings = [
        Finding(
            rule=issue.check,
            message=issue.message,
            severity={"ERROR": VIOLATION, "WARN": WARNING}.get(issue.level, INFO),
            step="ontology-quality",
            path=None if issue.property is None else ox.NamedNode(issue.property),
            value=issue.value,
            **_about(run, issue.subject),
        )
        for issue in check_ontology(run.graphs, checks=names)
    ]
    note = f"{len(names)} check(s)" + ("" if own else " (no ontology file of your own: declarations only)")
    return _step("ontology-quality", findings, note, names)


def _step_evidence(run: _Run) -> Step:
    data = TripleView(run.graphs.store, ox.NamedNode(GRAPHS["data"]))
    quotes = list(iter_quotes(data))
    if not quotes:
        return Step("evidence", note="no quotes")
    if run.source_text is None:
        if run.require_source_text:
            message = f"{len(quotes)} quote(s) cannot be verified under CI: {NO_SOURCE_TEXT}"
            missing = Finding(rule="source-text-missing", message=message, step="evidence")
            return Step("evidence", note=NO_SOURCE_TEXT, findings=[missing])
        return Step("evidence", skipped=True, note=NO_SOURCE_TEXT)
    text = read_source_text(run.source_text)
    findings = [
        Finding(
            rule="source-checksum" if "SHA-256" in problem.reason or "sha256" in problem.reason else "quote-mismatch",
            message=problem.reason,
            step="evidence",
            **_about(run, problem.annotation),
        )
        for problem in verify_evidence(data, text)
    ]
    return _step("evidence", findings, f"{len(quotes)} quote(s)")


def _step_queries(run: _Run) -> Step:
    """Every saved query parses; those without required parameters run on the check's store.

    The violation checks ran on the same store a step earlier: those that ran cleanly are not run again.
    """
    if not run.saved:
        return Step("queries", skipped=True, note="no saved queries")
    findings = []
    ran = 0
    for query in run.saved:
        found = partial(Finding, step="queries", file=str(query.path or query.name), line=1)
        runnable = not any(p.required for p in query.parameters)
        if runnable and query.name in run.ran:
            ran += 1
            continue
        try:
            if runnable:
                run.graphs.run_query(query)  # parses first, so a syntax error is reported as one
                ran += 1
            else:
                check_syntax(query)
        except QuerySyntaxError as error:
            message = f"SPARQL syntax error: {error.detail}"
            findings.append(found(rule="query-syntax", message=message, line=error.line or 1, column=error.column))
        except NetworkAccessError as error:  # a SERVICE clause: never run in CI
            findings.append(found(rule="query-network", message=str(error)))
        except ZjkgError as error:
            findings.append(found(rule="query-error", message=str(error)))
    return _step("queries", findings, f"{len(run.saved)} parsed, {ran} ran (the rest need parameters)")


_STEP_FUNCTIONS: dict[str, Callable[[_Run], Step]] = {
    "parse": _step_parse,
    "format": _step_format,
    "shacl": _step_shacl,
    "violation-queries": _step_violation_queries,
    "ontology-quality": _step_quality,
    "evidence": _step_evidence,
    "queries": _step_queries,
}
