"""The grown-graph generator: deterministic, conforming, seeded defects where it says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from zhangjiang_kg import store
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.errors import InputError

import synth


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    one, two, other = tmp_path / "a.nt", tmp_path / "b.nt", tmp_path / "c.nt"
    first = synth.synthesise(one, 20000, violations=3, seed=5)
    synth.synthesise(two, 20000, violations=3, seed=5)
    synth.synthesise(other, 20000, violations=3, seed=6)
    assert one.read_bytes() == two.read_bytes()
    assert one.read_bytes() != other.read_bytes()
    assert first.triples == len(one.read_bytes().splitlines())


def test_size_is_reached_in_whole_copies(tmp_path: Path) -> None:
    made = synth.synthesise(tmp_path / "g.nt", 12000)
    kg = store.load([tmp_path / "g.nt"])
    assert made.triples >= 12000
    assert kg.count("data") == made.triples
    assert made.units >= 2


def test_seeded_focus_nodes_exist_and_alternate_kinds(tmp_path: Path) -> None:
    made = synth.synthesise(tmp_path / "g.nt", 8000, violations=6, seed=2)
    kinds = {v.kind for v in made.violations}
    assert kinds == {kind.name for kind in synth.VIOLATION_KINDS}
    text = (tmp_path / "g.nt").read_text(encoding="utf-8")
    for violation in made.violations:
        assert f"<{violation.focus_node}>" in text


def test_too_many_violations_for_the_size_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="more room"):
        synth.synthesise(tmp_path / "g.nt", 10, violations=100)


def test_turtle_output_holds_the_same_triples(tmp_path: Path) -> None:
    nt = synth.synthesise(tmp_path / "g.nt", 3000, violations=1, seed=4)
    ttl = synth.synthesise(tmp_path / "g.ttl", 3000, violations=1, seed=4)
    assert nt.triples == ttl.triples
    assert store.load([tmp_path / "g.ttl"]).count("data") == nt.triples


def test_main_writes_graph_and_expected_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, expected = tmp_path / "g.nt", tmp_path / "expected.json"
    argv = ["--triples", "5000", "--violations", "2", "--seed", "1", "--output", str(out), "--expected", str(expected)]
    assert synth.main(argv) == 0
    assert "2 seeded defect(s)" in capsys.readouterr().out
    rows = json.loads(expected.read_text(encoding="utf-8"))
    assert {row["kind"] for row in rows} == {"negative-amount", "missing-status"}
    assert out.stat().st_size > 0


def test_main_rejects_a_negative_size(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        synth.main(["--triples", "-5", "--output", str(tmp_path / "g.nt")])
    assert stopped.value.code == 2
    assert not (tmp_path / "g.nt").exists()


def test_a_grown_graph_without_defects_passes_every_shape_and_check(tmp_path: Path) -> None:
    """Copies quote the article for their own nodes only, so no violation query fires either."""
    from zhangjiang_kg.store.graph import load
    from zhangjiang_kg.validation import validate_pyshacl

    out = tmp_path / "grown.nt"
    synth.synthesise(out, 3200)
    report = validate_pyshacl(load([out]))
    assert report.conforms, [(r.focus_node, r.message) for r in report.results][:5]


def test_expected_lists_every_finding_validate_reports(tmp_path: Path) -> None:
    """``--expected`` once left out the violation checks: 6 findings listed where validate gave 7."""
    out, expected = tmp_path / "g.nt", tmp_path / "expected.json"
    kinds = str(len(synth.VIOLATION_KINDS))
    assert synth.main(["-n", "20000", "-k", kinds, "-o", str(out), "--expected", str(expected)]) == 0
    listed = json.loads(expected.read_text(encoding="utf-8"))
    found = CliRunner().invoke(cli, ["validate", str(out), "--format", "json"])
    assert found.exit_code == 1
    reported = sorted((r["focusNode"], r["sourceConstraintComponent"]) for r in json.loads(found.stdout)["results"])
    assert sorted((row["focus_node"], row["component"]) for row in listed) == reported
    checks = {row["check"] for row in listed if row["check"]}
    assert checks == {"currency-notation-violation", "untyped-reference-violation"}
