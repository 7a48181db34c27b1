"""`zjkg check`: each step has a fixture that trips it; findings name file, line, rule and message."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from zhangjiang_kg.checks.steps import STEPS, Finding, run_check
from zhangjiang_kg.checks.target import resolve_target
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.errors import InputError
from zhangjiang_kg.reports.terms import plain
from zhangjiang_kg.vocab import curie

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "check"
BASE = FIXTURES / "base"
TRIPS = FIXTURES / "trips"
SOURCE = BASE / "source.txt"


def check(*extra: str, **options):  # type: ignore[no-untyped-def]
    return run_check(resolve_target([BASE, *(TRIPS / e for e in extra)]), source_text=SOURCE, **options)


def only(report, step: str) -> Finding:  # type: ignore[no-untyped-def]
    found = report.step(step).findings
    assert len(found) == 1, found
    return found[0]


def rel(name: str) -> str:
    return (
        (TRIPS / name).relative_to(Path.cwd()).as_posix()
        if (TRIPS / name).is_relative_to(Path.cwd())
        else str(TRIPS / name)
    )


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("ZJKG_SOURCE_TEXT", raising=False)


def test_clean_fixture_passes_every_step() -> None:
    report = check()
    assert [s.name for s in report.steps] == list(STEPS)
    assert {s.name: s.status for s in report.steps} == dict.fromkeys(STEPS, "passed")
    assert report.exit_code == 0
    assert all(s.seconds >= 0 for s in report.steps)


def test_parse_error_names_file_and_line_and_exits_2() -> None:
    report = check("unparseable.ttl")
    finding = only(report, "parse")
    assert (finding.file, finding.line, finding.rule) == (rel("unparseable.ttl"), 6, "syntax")
    assert "dot is expected" in finding.message
    assert report.step("parse").status == "error"
    assert report.step("shacl").status == "skipped"
    assert "do not parse" in report.step("shacl").note
    assert report.exit_code == 2


def test_format_step_names_first_differing_line() -> None:
    finding = only(check("unformatted.ttl"), "format")
    assert (finding.file, finding.line, finding.rule) == (rel("unformatted.ttl"), 1, "canonical-layout")
    assert f"run: zjkg fmt {rel('unformatted.ttl')}" in finding.message


def test_shacl_violation_points_at_the_focus_node_block() -> None:
    report = check("shacl.ttl")
    finding = only(report, "shacl")
    lines = (TRIPS / "shacl.ttl").read_text().splitlines()
    assert lines[finding.line - 1].startswith("zj:unlabelled-fund ")  # the block's first line, not its comment
    assert (finding.file, finding.line, finding.rule) == (rel("shacl.ttl"), 9, "zjsh:FundShape-label")
    assert finding.path == ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    assert finding.focus_node == ox.NamedNode("https://w3id.org/zhangjiang-kg/id/unlabelled-fund")
    assert finding.message == "a fund needs a label"
    assert report.exit_code == 1


def test_violation_query_finding() -> None:
    finding = only(check("violation.ttl"), "violation-queries")
    assert (finding.file, finding.line, finding.rule) == (rel("violation.ttl"), 7, "facts-without-derivation-violation")
    assert finding.message.startswith("Fact-bearing nodes without prov:wasDerivedFrom")


def test_undeclared_terms_in_data() -> None:
    found = check("undeclared.ttl").step("ontology-quality").findings
    assert {(f.rule, f.file, f.line, curie(plain(f.value))) for f in found} == {
        ("undeclared_term", rel("undeclared.ttl"), 8, "zjo:Gadget"),
        ("undeclared_term", rel("undeclared.ttl"), 8, "zjo:colour"),
    }


def test_evidence_mismatch_and_missing_text() -> None:
    finding = only(check("evidence.ttl"), "evidence")
    assert (finding.file, finding.line, finding.rule) == (rel("evidence.ttl"), 6, "quote-mismatch")
    assert "not 'supported 22 projects'" in finding.message
    skipped = run_check(resolve_target([BASE]))
    assert skipped.step("evidence").status == "skipped"
    assert "ZJKG_SOURCE_TEXT" in skipped.step("evidence").note
    assert skipped.exit_code == 0
    required = run_check(resolve_target([BASE]), require_source_text=True)
    assert required.step("evidence").status == "failed"
    assert required.exit_code == 1


def test_query_syntax_error() -> None:
    finding = only(check("queries/broken-syntax.rq"), "queries")
    assert (finding.file, finding.line, finding.rule) == (rel("queries/broken-syntax.rq"), 4, "query-syntax")
    assert finding.message.startswith("SPARQL syntax error")


def test_skip_and_unknown_step() -> None:
    report = check("unformatted.ttl", skip=["format"])
    assert report.step("format").status == "skipped"
    assert report.exit_code == 0
    with pytest.raises(InputError, match="unknown step"):
        check(skip=["spelling"])


def test_cli_exit_codes_formats_and_ci(runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    args = ["check", str(BASE)]
    ok = runner.invoke(cli, [*args, "--source-text", str(SOURCE)])
    assert ok.exit_code == 0, ok.output
    assert "zjkg check passed" in ok.output
    bad = runner.invoke(cli, [*args, str(TRIPS / "shacl.ttl"), "--report", f"sarif={tmp_path / 'x.sarif'}"])
    assert bad.exit_code == 1
    assert bad.output.index(rel("shacl.ttl")) < bad.output.index("Steps:")
    assert (tmp_path / "x.sarif").read_text().count('"ruleId"') == 1
    broken = runner.invoke(cli, [*args, str(TRIPS / "unparseable.ttl")])
    assert broken.exit_code == 2
    monkeypatch.setenv("CI", "true")
    assert runner.invoke(cli, args).exit_code == 1  # no source text under CI
    monkeypatch.setenv("ZJKG_SOURCE_TEXT", str(SOURCE))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    annotated = runner.invoke(cli, [*args, str(TRIPS / "shacl.ttl")])
    assert annotated.exit_code == 1
    assert f"::error file={rel('shacl.ttl')},line=9,col=1,title=zjkg shacl/zjsh%3AFundShape-label::" in annotated.output
    usage = runner.invoke(cli, [*args, "--report", "pdf=x"])
    assert usage.exit_code == 2


_IMPORTS = """
import sys
from zhangjiang_kg.cli.main import cli
try:
    cli(["check", *sys.argv[1:]])
except SystemExit as exit:
    code = exit.code
print(sorted(name for name in ("rdflib", "pyshacl") if name in sys.modules), code)
"""


@functools.cache
def loaded_by_check(*args: str) -> list[str]:
    """Which of rdflib and pySHACL ``zjkg check`` (on the shipped graph) imports; it must pass."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS", "ZJKG_SOURCE_TEXT")}
    answer = subprocess.run(
        [sys.executable, "-c", _IMPORTS, *args], capture_output=True, text=True, check=True, env=env
    )
    last = answer.stdout.strip().splitlines()[-1]
    assert last.endswith(" 0"), answer.stdout
    loaded: list[str] = eval(last.rsplit(" ", 1)[0])
    return loaded  # one run per set of arguments: the tests below share it


def test_the_steps_before_the_saved_queries_import_neither_rdflib_nor_pyshacl() -> None:
    """Parse, format, SHACL, ontology quality and evidence run on Oxigraph and the Turtle lexer alone."""
    assert loaded_by_check("--skip", "violation-queries", "--skip", "queries") == []


def test_check_does_not_import_rdflib() -> None:
    assert "rdflib" not in loaded_by_check()


def test_check_does_not_import_pyshacl() -> None:
    assert "pyshacl" not in loaded_by_check()


def test_saved_queries_run_once_on_the_checks_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """The queries step runs on the store the other steps used, and not again what the violation step ran."""
    from zhangjiang_kg.store.graph import KnowledgeGraph

    ran: list[str] = []
    stores: set[int] = set()
    run_query = KnowledgeGraph.run_query

    def counted(self, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        ran.append(query.name)
        stores.add(id(self.store))
        return run_query(self, query, *args, **kwargs)

    monkeypatch.setattr(KnowledgeGraph, "run_query", counted)
    report = check()
    assert len(stores) == 1
    names = [p.stem for p in sorted((BASE / "queries").glob("*.rq"))]
    assert sorted(ran) == sorted(names)  # each once: the violation checks in their step, the others in "queries"
    assert any(name.endswith("-violation") for name in names)
    assert any(not name.endswith("-violation") for name in names)
    assert report.step("queries").note == f"{len(names)} parsed, {len(names)} ran (the rest need parameters)"


def test_turtle_the_parser_reads_but_the_layout_cannot_is_a_format_finding(tmp_path: Path) -> None:
    """RDF 1.2's VERSION directive parses; the canonical layout does not know it: a finding, no crash."""
    data = tmp_path / "versioned.ttl"
    data.write_text('VERSION "1.2"\n<https://example.org/s> <https://example.org/p> "o" .\n', encoding="utf-8")
    report = run_check(resolve_target([data]))
    finding = only(report, "format")
    assert (finding.rule, finding.line, finding.column) == ("unformattable", 1, 1)
    assert finding.message == "cannot be laid out: unexpected 'V'"
    assert report.step("parse").status == "passed"
    assert report.exit_code == 1


def test_a_triple_term_is_refused_at_parse_as_before(tmp_path: Path) -> None:
    data = tmp_path / "star.ttl"
    data.write_text(
        "<https://example.org/s> <https://example.org/p> <<( <https://example.org/a> "
        "<https://example.org/b> <https://example.org/c> )>> .\n",
        encoding="utf-8",
    )
    report = run_check(resolve_target([data]))
    finding = only(report, "parse")
    assert finding.rule == "unreadable"
    assert finding.message.startswith("unsupported RDF term <Triple subject=<NamedNode value=https://example.org/a>")
    assert finding.message.endswith("(RDF-star triples are not part of this graph)")
    assert report.exit_code == 2


def test_check_targets_name_what_is_wrong_with_a_path(tmp_path: Path) -> None:
    empty, queries = tmp_path / "empty", tmp_path / "queries"
    empty.mkdir()
    queries.mkdir()
    (queries / "q.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty: folder holds no RDF files or saved queries"):
        resolve_target([empty])
    with pytest.raises(InputError, match=r"gone\.ttl: no such file or folder"):
        resolve_target([tmp_path / "gone.ttl"])
    assert resolve_target([queries]).queries == [queries / "q.rq"]
