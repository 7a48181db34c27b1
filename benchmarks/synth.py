"""Grown graphs for scale tests: the article's graph repeated as many zones as it takes.

The shipped data describes one zone: its administration, funds, projects, platforms, systems,
figures with statuses and the evidence annotations quoting the article. :func:`synthesise` keeps
that graph once (unit 0) and adds copies of it (units 1, 2, ...) with fresh IRIs
(``zj:u000012-zhangjiang-zone``), labels that say which unit they belong to and figures scaled by
a factor drawn from the seed, until the data holds at least ``triples`` triples. The article, its
text, publisher and the dataset record stay single and shared, so every copy is sourced and
evidenced exactly as the original is: the result conforms to the project's shapes.

``violations=K`` then breaks K chosen nodes, each in one of :data:`VIOLATION_KINDS`, and reports
what a validator must find (focus node, path, constraint component). Kinds alternate; the units
that receive them are drawn from the seed. The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import io
import json
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import BinaryIO

from zhangjiang_kg import resources
from zhangjiang_kg.errors import InputError
from zhangjiang_kg.rdfio.formats import format_of, syntax
from zhangjiang_kg.rdfio.write import atomic_output, write_atomic
from zhangjiang_kg.vocab import GRAPH_DATA, PREFIXES, SH, ZJO
from zhangjiang_kg.vocab import ZJ as ID

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_HAS_BODY = "<http://www.w3.org/ns/oa#hasBody>"
_HAS_TARGET = "<http://www.w3.org/ns/oa#hasTarget>"
_HAS_SELECTOR = "<http://www.w3.org/ns/oa#hasSelector>"
_RDF_SUBJECT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>"
_NUMERIC_PREDICATES = {f"<https://schema.org/{p}>" for p in ("value", "minValue", "maxValue")}
#: The component a violation query's finding carries, as SHACL-SPARQL constraints do.
SPARQL_COMPONENT = SH + "SPARQLConstraintComponent"
#: Data files whose subjects are not repeated: the article and the dataset record are one.
SHARED_FILES = ("article.ttl", "dataset.ttl")
#: Factors figures of a unit are scaled by (all positive, so bounds keep their order).
_FACTORS = (Decimal("0.5"), Decimal("1"), Decimal("1.5"), Decimal("2"), Decimal("3"))


@dataclass(frozen=True)
class ViolationKind:
    """One way to break a node of the template, and what SHACL must report for it."""

    name: str
    node: str  # local name of the template node that is broken
    findings: tuple[tuple[str | None, str], ...]  # (path or None, constraint component) per result
    description: str
    checks: tuple[str, ...] = ()  # the *-violation queries that also return the node


#: The seeded defects and the results each yields on its node (tests prove it with pyshacl).
VIOLATION_KINDS: tuple[ViolationKind, ...] = (
    ViolationKind(
        "negative-amount",
        "fund-investment-cny",
        (("https://schema.org/value", SH + "MinInclusiveConstraintComponent"),),
        "a monetary figure (a subclass of zjo:Figure) with a negative schema:value",
    ),
    ViolationKind(
        "missing-status",
        "medical-robot-incubator",
        ((ZJO + "status", SH + "MinCountConstraintComponent"),),
        "a platform without zjo:status",
    ),
    ViolationKind(
        "label-language",
        "big-data-service-platform",
        (("http://www.w3.org/2000/01/rdf-schema#label", SH + "LanguageInConstraintComponent"),),
        "a platform whose label is tagged @zh instead of @en",
    ),
    ViolationKind(
        "missing-derivation",
        "national-stem-cell-bank",
        (("http://www.w3.org/ns/prov#wasDerivedFrom", SH + "HasValueConstraintComponent"),),
        "a biobank without prov:wasDerivedFrom zj:article",
    ),
    ViolationKind(
        "currency-code",
        "fund-investment-usd",
        (
            ("https://schema.org/currency", SH + "InConstraintComponent"),
            ("https://schema.org/currency", SH + "PatternConstraintComponent"),
        ),
        "a monetary figure whose currency is not three capitals (nor one of the known codes)",
        ("currency-notation-violation",),
    ),
    ViolationKind(
        "untyped-figure",
        "genome-platform-user-companies",
        ((None, SH + "OrConstraintComponent"), ("https://schema.org/value", SH + "MinInclusiveConstraintComponent")),
        "a figure with no rdf:type (a zjo:Figure only through rdfs:domain) and a negative value: "
        "negative, and no longer a count or a monetary figure",
        ("untyped-reference-violation",),
    ),
)


@dataclass(frozen=True)
class SeededViolation:
    """A defect put in on purpose: the result a validator must report."""

    kind: str
    focus_node: str
    path: str | None
    component: str
    check: str | None = None  # the violation query that reports it; None for a SHACL result

    def key(self) -> tuple[str, str, str]:
        """``(focus node, path, component)``, the way tests compare findings ("" for no path)."""
        return (self.focus_node, self.path or "", self.component)


@dataclass
class SynthResult:
    """What was written: triple count, units and the results the seeded defects must yield."""

    triples: int
    units: int
    violations: list[SeededViolation] = field(default_factory=list)
    #: The findings of the violation queries on the broken nodes (``zjkg validate`` reports both).
    checks: list[SeededViolation] = field(default_factory=list)


@dataclass
class _Template:
    shared: list[tuple[str, str, str]]
    repeated: list[tuple[str, str, str]]
    locals: set[str]


def _term(term: object) -> str:
    return str(term)


def _template() -> _Template:
    import pyoxigraph as ox

    shared: list[tuple[str, str, str]] = []
    repeated: list[tuple[str, str, str]] = []
    shared_subjects: set[str] = set()
    parsed: list[tuple[Path, list[tuple[str, str, str]]]] = []
    for path in resources.data_files():
        triples = [
            (_term(q.subject), _term(q.predicate), _term(q.object))
            for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        ]
        parsed.append((path, triples))
        if path.name in SHARED_FILES:
            shared_subjects.update(t[0] for t in triples)
    shared_subjects |= _shared_statements(parsed, shared_subjects)
    shared_subjects |= _shared_evidence(parsed, shared_subjects)
    for _path, triples in parsed:
        for triple in triples:
            if triple[0] in shared_subjects:
                shared.append(triple)
            elif not (triple[1] == _HAS_BODY and triple[2] in shared_subjects):
                # A copy's quotation evidences the copy's nodes; the shared ones are evidenced once.
                repeated.append(triple)
    local_names = {
        term[1 + len(ID) : -1]
        for triple in repeated
        for term in triple
        if term.startswith("<" + ID) and term not in shared_subjects
    }
    return _Template(shared=sorted(set(shared)), repeated=sorted(set(repeated)), locals=local_names)


def _shared_statements(parsed: list[tuple[Path, list[tuple[str, str, str]]]], shared: set[str]) -> set[str]:
    """Reified statements (rdf:Statement) about a shared node: shared with it, not copied."""
    return {s for _path, ts in parsed for s, p, o in ts if p == _RDF_SUBJECT and o in shared}


def _shared_evidence(parsed: list[tuple[Path, list[tuple[str, str, str]]]], shared: set[str]) -> set[str]:
    """Annotations (with their targets and selectors) whose every body is shared: kept once, not copied.

    Copying them would quote the same span twice for the same node, which the
    overlapping-evidence check rightly reports.
    """
    triples = [t for _path, ts in parsed for t in ts]
    bodies: dict[str, set[str]] = {}
    for s, p, o in triples:
        if p == _HAS_BODY:
            bodies.setdefault(s, set()).add(o)
    annotations = {a for a, found in bodies.items() if found <= shared}
    targets = {o for s, p, o in triples if s in annotations and p == _HAS_TARGET}
    selectors = {o for s, p, o in triples if s in targets and p == _HAS_SELECTOR}
    return annotations | targets | selectors


def _rename(term: str, prefix: str, locals_: set[str]) -> str:
    if term.startswith("<" + ID) and term[1 + len(ID) : -1] in locals_:
        return f"<{ID}{prefix}{term[1 + len(ID) :]}"
    return term


def _scaled(literal: str, factor: Decimal) -> str:
    """A numeric literal ``"lexical"^^<type>`` multiplied by ``factor`` (integers stay integers)."""
    lexical, _, datatype = literal[1:].partition('"^^')
    value = Decimal(lexical) * factor
    if datatype.endswith(("#integer>", "Integer>")):
        text = str(int(value))
    else:
        text = format(value.normalize(), "f")
        text = text if "." in text else text + ".0"
    return f'"{text}"^^{datatype}'


def _unit_lines(template: _Template, unit: int, factor: Decimal) -> list[list[str]]:
    prefix = f"u{unit:06d}-"
    lines = []
    for s, p, o in template.repeated:
        s2, o2 = _rename(s, prefix, template.locals), _rename(o, prefix, template.locals)
        if p == _LABEL and o.endswith('"@en'):
            o2 = o[:-4] + f' (unit {unit})"@en'
        elif p in _NUMERIC_PREDICATES and '"^^' in o and factor != 1:
            o2 = _scaled(o, factor)
        lines.append([s2, p, o2])
    return lines


def _break(lines: list[list[str]], kind: ViolationKind, focus: str) -> None:
    """Apply one defect to the triples of a unit, in place."""
    mine = [t for t in lines if t[0] == focus]
    if kind.name in ("negative-amount", "untyped-figure"):
        for triple in mine:
            if triple[1] == "<https://schema.org/value>":
                triple[2] = '"-1"^^<http://www.w3.org/2001/XMLSchema#decimal>'
        if kind.name == "untyped-figure":
            for triple in mine:
                if triple[1] == _RDF_TYPE:
                    triple[0] = ""
    elif kind.name == "missing-status":
        for triple in mine:
            if triple[1] == f"<{ZJO}status>":
                triple[0] = ""
    elif kind.name == "label-language":
        for triple in mine:
            if triple[1] == _LABEL:
                triple[2] = triple[2][: triple[2].rindex("@")] + "@zh"
    elif kind.name == "missing-derivation":
        for triple in mine:
            if triple[1] == "<http://www.w3.org/ns/prov#wasDerivedFrom>":
                triple[0] = ""
    elif kind.name == "currency-code":
        for triple in mine:
            if triple[1] == "<https://schema.org/currency>":
                triple[2] = triple[2].lower()


def iter_lines(triples: int, violations: int = 0, seed: int = 0) -> tuple[SynthResult, Iterator[str]]:
    """The grown graph as N-Triples lines (lazily), and what it holds (``triples`` is counted as
    the lines are consumed).

    :raises InputError: ``triples`` or ``violations`` is negative, or more violations are asked
        for than the graph has units to hold them.
    """
    if triples < 0 or violations < 0:
        raise InputError("--triples and --violations must not be negative")
    template = _template()
    base = len(template.shared) + len(template.repeated)
    per_unit = len(template.repeated)
    extra = max(0, -(-(triples - base) // per_unit))
    units = 1 + extra
    if violations and extra == 0:
        extra, units = 1, 2
    slots = [(u, k) for u in range(1, units) for k in range(len(VIOLATION_KINDS))]
    if violations > len(slots):
        raise InputError(
            f"{violations} violations need more room: a graph of {units} unit(s) holds at most "
            f"{len(slots)}; ask for more --triples"
        )
    rng = random.Random(seed)
    factors = [Decimal(1)] + [rng.choice(_FACTORS) for _ in range(1, units)]
    # Kinds alternate; each kind's units are drawn from the seed, one defect per (unit, kind).
    chosen: dict[int, list[ViolationKind]] = {}
    seeded: list[SeededViolation] = []
    checked: list[SeededViolation] = []
    per_kind = [list(range(1, units)) for _ in VIOLATION_KINDS]
    for shuffled in per_kind:
        rng.shuffle(shuffled)
    for index in range(violations):
        kind_index = index % len(VIOLATION_KINDS)
        unit = per_kind[kind_index].pop()
        kind = VIOLATION_KINDS[kind_index]
        chosen.setdefault(unit, []).append(kind)
        focus = f"{ID}u{unit:06d}-{kind.node}"
        seeded.extend(SeededViolation(kind.name, focus, path, component) for path, component in kind.findings)
        checked.extend(SeededViolation(kind.name, focus, None, SPARQL_COMPONENT, check) for check in kind.checks)
    seeded.sort(key=SeededViolation.key)
    checked.sort(key=SeededViolation.key)
    result = SynthResult(triples=0, units=units, violations=seeded, checks=checked)  # counted as lines are made

    def lines() -> Iterator[str]:
        for s, p, o in template.shared + template.repeated:
            result.triples += 1
            yield f"{s} {p} {o} .\n"
        for unit in range(1, units):
            triples_of_unit = _unit_lines(template, unit, factors[unit])
            for kind in chosen.get(unit, []):
                _break(triples_of_unit, kind, f"<{ID}u{unit:06d}-{kind.node}>")
            for s, p, o in triples_of_unit:
                if s:
                    result.triples += 1
                    yield f"{s} {p} {o} .\n"

    return result, lines()


def synthesise(
    output: str | PathLike[str],
    triples: int,
    violations: int = 0,
    seed: int = 0,
) -> SynthResult:
    """Write a grown graph of at least ``triples`` data triples to ``output``.

    The format follows the suffix: ``.nt`` is written line by line as it is generated; ``.ttl``,
    ``.nq``, ``.trig``, ``.jsonld`` and ``.rdf`` go through Oxigraph's serialisers. Validate it
    against the packaged ontology and shapes (``zjkg validate FILE``).

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     made = synthesise(os.path.join(folder, "g.nt"), 5000, violations=2, seed=1)
    >>> made.triples >= 5000, len(made.violations)
    (True, 2)

    :raises InputError: bad sizes, a suffix that names no RDF format, or the file cannot be
        written (it is replaced whole or not at all).
    """

    path = Path(output)
    fmt = format_of(path)
    result, lines = iter_lines(triples, violations, seed)
    with atomic_output(path) as handle:  # a full disk or Ctrl-C leaves the old file, not half a graph
        if fmt == "nt":
            text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
            text.writelines(lines)
            text.flush()
            text.detach()
        else:
            _serialise(lines, handle, fmt)
    return result


def _serialise(lines: Iterator[str], path: BinaryIO, fmt: str) -> None:
    import pyoxigraph as ox

    rdf_format = syntax(fmt).ox_format
    triples = ox.parse("".join(lines), format=ox.RdfFormat.N_TRIPLES)
    if fmt in ("nquads", "trig"):
        quads = (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(GRAPH_DATA)) for t in triples)
        ox.serialize(quads, path, format=rdf_format, prefixes=dict(PREFIXES))
    else:
        ox.serialize((t.triple for t in triples), path, format=rdf_format, prefixes=dict(PREFIXES))


def main(argv: list[str] | None = None) -> int:
    """``python benchmarks/synth.py --triples N --output FILE``: write a grown graph for the benchmarks."""
    parser = argparse.ArgumentParser(
        description="Write a grown graph: the article's zone repeated until it holds N triples."
    )
    parser.add_argument("--triples", "-n", type=int, required=True, help="at least this many data triples")
    parser.add_argument("--violations", "-k", type=int, default=0, help="seed this many defects on known focus nodes")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same bytes")
    parser.add_argument("--output", "-o", type=Path, required=True, help="file to write; the suffix picks the format")
    parser.add_argument("--expected", type=Path, help="also write the findings the defects must yield, as JSON")
    args = parser.parse_args(argv)
    if args.triples < 0 or args.violations < 0:
        parser.error("--triples and --violations take a number of at least 0")
    made = synthesise(args.output, args.triples, violations=args.violations, seed=args.seed)
    if args.expected is not None:
        # What `zjkg validate` must report: the SHACL results and the violation checks' rows.
        rows = [asdict(found) for found in sorted([*made.violations, *made.checks], key=SeededViolation.key)]
        write_atomic(args.expected, (json.dumps(rows, indent=2) + "\n").encode("utf-8"))
        print(f"Wrote {args.expected} ({len(rows)} expected finding(s)).")
    print(f"Wrote {args.output}: {made.triples} triples, {made.units} zone copies, {args.violations} seeded defect(s).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
