"""The one findings model: a :class:`Finding` per defect, in the named, timed :class:`Step` of a :class:`Report`.

``zjkg validate`` and ``zjkg check`` both produce a :class:`Report`, so every output format is
written once for both. A finding speaks SHACL's vocabulary and says where it is written; its terms
are pyoxigraph's (:mod:`.terms` says why), so building and writing a report needs no rdflib.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ..vocab import SH
from .terms import plain

if TYPE_CHECKING:
    from ..ttl.sourcemap import Location
    from .paths import PathValue
    from .terms import Term

VIOLATION = SH + "Violation"
WARNING = SH + "Warning"
INFO = SH + "Info"
#: Severities, most severe first, with the SARIF level each one is reported as.
LEVELS: dict[str, str] = {VIOLATION: "error", WARNING: "warning", INFO: "note"}
PASSED, FAILED, SKIPPED, ERROR = "passed", "failed", "skipped", "error"


class Locator(Protocol):
    """Says where a node's block is written: a :class:`~zhangjiang_kg.ttl.sourcemap.SourceMap`,
    or anything that builds one only when a finding asks."""

    def locate(self, iri: str) -> Location | None:
        """The first place ``iri`` is the subject of a block, or None."""


def severity_of(name: str) -> str:
    """The severity IRI of ``name``: an IRI, ``Violation``/``Warning``/``Info`` or a SARIF level.

    Unknown severities (SHACL allows any IRI) are kept as they are and ranked below ``sh:Info``.
    """
    by_level = {level: iri for iri, level in LEVELS.items()}
    return by_level.get(name) or (SH + name if SH + name in LEVELS else name)


def located(where: Location | None) -> dict[str, Any]:
    """A finding's ``file``, ``line`` and ``column`` fields from where its node is written (none if unknown)."""
    return {} if where is None else {"file": where.path, "line": where.line, "column": where.column}


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One defect: which step and rule found it, about which node, where it is written, and why.

    Every field is given by name: ``zjkg check``'s findings were once ``(step, rule, message)``,
    and a call in that order must fail loudly rather than file the message as a rule.
    """

    rule: str
    message: str
    severity: str = VIOLATION
    step: str = "shacl"
    focus_node: Term | None = None
    path: PathValue | None = None
    value: Term | None = None
    constraint: str | None = None
    source_shape: Term | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def level(self) -> str:
        """``error``, ``warning`` or ``note``: SARIF's name of the severity (``note`` for others)."""
        return LEVELS.get(self.severity, "note")

    @property
    def rank(self) -> int:
        """0 for the most severe; severities SHACL does not define come last."""
        return list(LEVELS).index(self.severity) if self.severity in LEVELS else len(LEVELS)

    @property
    def is_shacl_result(self) -> bool:
        """True when this is a SHACL validation result: it has a focus node and a constraint component."""
        return self.focus_node is not None and bool(self.constraint)

    @property
    def location(self) -> Location | None:
        """File, line and column together, when the finding is located."""
        if self.file is None:
            return None
        from ..ttl.sourcemap import Location  # here: the Turtle tools stay out of the CLI's start-up

        return Location(self.file, self.line or 1, self.column or 1)

    @property
    def check(self) -> str:
        """``shacl`` for SHACL results, else the rule (the violation query's name, the check's name)."""
        return "shacl" if self.step == "shacl" else self.rule

    def sort_key(self) -> tuple[int, str, int, int, str, str, str, str, str]:
        """Most severe first, then file, line and column, then rule, node, path, constraint and value."""
        return (
            self.rank,
            self.file or "~",
            self.line or 0,
            self.column or 0,
            self.rule,
            plain(self.focus_node),
            plain(self.path),
            self.constraint or "",
            plain(self.value),
        )


@dataclass
class Step:
    """One named step: what it checked, what it found, how long it took and why it was skipped."""

    name: str
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    seconds: float = 0.0
    note: str = ""
    skipped: bool = False
    unusable: bool = False

    @property
    def status(self) -> str:
        """``error`` (the input could not be used), ``skipped``, ``failed`` (a violation) or ``passed``."""
        if self.unusable:
            return ERROR
        if self.skipped:
            return SKIPPED
        return FAILED if any(f.severity == VIOLATION for f in self.findings) else PASSED


@dataclass
class Report:
    """The steps of one ``zjkg validate`` or ``zjkg check`` run; ``command`` names which."""

    steps: list[Step] = field(default_factory=list)
    command: str = "validate"

    @property
    def findings(self) -> list[Finding]:
        """Every finding of every step, in :meth:`Finding.sort_key` order."""
        return sorted((f for s in self.steps for f in s.findings), key=Finding.sort_key)

    @property
    def results(self) -> list[Finding]:
        """The findings, under the name ``ValidationReport`` always gave them."""
        return self.findings

    @property
    def shapes(self) -> list[str]:
        """The shapes the ``shacl`` step checked (IRIs)."""
        return self._checked("shacl")

    @property
    def checks(self) -> list[str]:
        """The violation queries the ``violation-queries`` step ran (names)."""
        return self._checked("violation-queries")

    @property
    def conforms(self) -> bool:
        """SHACL's ``sh:conforms``: no validation result at all, whatever its severity."""
        return not any(f.is_shacl_result for s in self.steps for f in s.findings)

    @property
    def passed(self) -> bool:
        """No step failed: warnings and infos do not fail a run (exit 0), violations do."""
        return self.exit_code == 0

    @property
    def exit_code(self) -> int:
        """2 when a step could not use its input, 1 when a step found a violation, else 0."""
        statuses = {s.status for s in self.steps}
        return 2 if ERROR in statuses else 1 if FAILED in statuses else 0

    def count(self, severity: str = VIOLATION) -> int:
        """How many findings have ``severity`` (an IRI, ``Warning``-style name or SARIF level)."""
        wanted = severity_of(severity)
        return sum(1 for s in self.steps for f in s.findings if f.severity == wanted)

    def step(self, name: str) -> Step:
        """One step by name.

        :raises KeyError: no step has that name.
        """
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

    def _checked(self, name: str) -> list[str]:
        return next((s.checked for s in self.steps if s.name == name), [])
