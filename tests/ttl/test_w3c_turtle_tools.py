"""The W3C RDF 1.1 Turtle suite through every tool that reads Turtle: parse, fmt, check, source map.

One test per manifest entry and tool. Positive tests must parse to the expected graph, format to
the same graph (lexical forms kept, idempotent, no ``file://`` IRIs), pass ``zjkg check``'s format
step once formatted, and have every IRI subject located where its statement starts. Negative tests
must be refused with ``file:line:column`` and exit code 2.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from w3c_suites import TURTLE_BASE, TurtleTest, canonical, turtle_tests
from zhangjiang_kg.checks.steps import CheckTarget, run_check
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.ttl.fmt import DOCUMENT_BASE, format_turtle
from zhangjiang_kg.ttl.sourcemap import SourceMap

TESTS = turtle_tests()
POSITIVE = [pytest.param(t, id=t.name) for t in TESTS if t.positive]
NEGATIVE = [pytest.param(t, id=t.name) for t in TESTS if not t.positive]
OTHER_STEPS = ("shacl", "violation-queries", "ontology-quality", "evidence", "queries")


def read(path: Path) -> str:
    """The file's text exactly (``read_text`` would turn a carriage return into a newline)."""
    return path.read_bytes().decode("utf-8")


def expected_graph(test: TurtleTest, suite: Path) -> set[str]:
    """The expected result (eval tests), else the input as Oxigraph parses it with the test's base."""
    if test.result is not None:
        return canonical(read(suite / test.result), test.base, "nt")
    return canonical(read(suite / test.action), test.base)


@pytest.mark.parametrize("test", POSITIVE)
def test_parse(test: TurtleTest, turtle_suite: Path) -> None:
    from rdflib import Graph, URIRef
    from rdflib.compare import isomorphic

    from rdflib_oracle import parse_file

    got = Graph()
    parse_file(turtle_suite / test.action, got)
    if test.result is None:
        assert len(got) == len(expected_graph(test, turtle_suite))
        return
    want = Graph()
    parse_file(turtle_suite / test.result, want)
    # relative IRIs were resolved against the file's own location: move them to the suite's base
    here = turtle_suite.resolve().as_uri() + "/"
    moved = Graph()
    for triple in got:
        moved.add(
            tuple(
                URIRef(TURTLE_BASE + t[len(here) :]) if isinstance(t, URIRef) and t.startswith(here) else t
                for t in triple
            )
        )
    assert isomorphic(moved, want)


@pytest.mark.parametrize("test", POSITIVE)
def test_fmt(test: TurtleTest, turtle_suite: Path) -> None:
    text = read(turtle_suite / test.action)
    once = format_turtle(text, path=test.action)
    assert "file:" not in once or "file:" in text
    assert "document.invalid" not in once
    assert DOCUMENT_BASE not in once
    assert canonical(once, test.base) == expected_graph(test, turtle_suite)
    assert format_turtle(once) == once


@pytest.mark.parametrize("test", POSITIVE)
def test_check_format_step(test: TurtleTest, turtle_suite: Path, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / test.action
    shutil.copy(turtle_suite / test.action, copy)
    target = CheckTarget(data=[copy], checked=[copy])
    before = run_check(target, skip=OTHER_STEPS)
    assert before.step("parse").status == "passed"
    assert before.step("format").status in ("passed", "failed")
    assert runner.invoke(cli, ["fmt", str(copy)]).exit_code == 0
    after = run_check(target, skip=OTHER_STEPS)
    assert after.step("format").status == "passed", after.step("format").findings


@pytest.mark.parametrize("test", POSITIVE)
def test_sourcemap(test: TurtleTest, turtle_suite: Path) -> None:
    import pyoxigraph as ox

    source = turtle_suite / test.action
    text = read(source)
    base = source.resolve().as_uri()
    triples = list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE, base_iri=base))
    subjects = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    source_map = SourceMap()
    source_map.add_file(source)
    located = sorted((loc.line, loc.column, iri) for iri in subjects for loc in source_map.locations(iri))
    assert {iri for _line, _column, iri in located} == subjects
    assert len(source_map) == len(subjects)  # nothing located that is no subject
    offsets = [offset_of(text, line, column) for line, column, _iri in located] + [len(text)]
    for (line, column, iri), start, end in zip(located, offsets, offsets[1:], strict=False):
        # the text before a located statement is whole statements, and the statement is about iri
        before = {str(t) for t in ox.parse(text[:start].encode(), format=ox.RdfFormat.TURTLE, base_iri=base)}
        upto = ox.parse(text[:end].encode(), format=ox.RdfFormat.TURTLE, base_iri=base)
        assert any(t.subject == ox.NamedNode(iri) and str(t) not in before for t in upto), (line, column, iri)


def offset_of(text: str, line: int, column: int) -> int:
    """The 0-based offset of a 1-based line and column."""
    return sum(len(row) for row in text.splitlines(keepends=True)[: line - 1]) + column - 1


@pytest.mark.parametrize("test", NEGATIVE)
def test_negative_refused(test: TurtleTest, turtle_suite: Path, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / test.action
    shutil.copy(turtle_suite / test.action, copy)
    result = runner.invoke(cli, ["fmt", "--check", str(copy)])
    assert result.exit_code == 2, result.output
    assert re.search(re.escape(str(copy)) + r":\d+:\d+: ", result.output), result.output
    report = run_check(CheckTarget(data=[copy], checked=[copy]), skip=OTHER_STEPS)
    assert report.exit_code == 2
    (finding,) = report.step("parse").findings
    assert finding.line is not None
    assert finding.column is not None
    SourceMap().add_file(copy)  # never raises
