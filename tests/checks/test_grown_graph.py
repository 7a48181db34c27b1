"""The default validator reports exactly what the pySHACL reference (RDFS inference) reports.

A grown graph of about 8,000 data triples with one defect of every seeded kind (a subclass-typed
figure, a figure typed only through ``rdfs:domain``, platforms, a biobank...) is validated both
ways; the findings are compared as (focus node, path, constraint component) and against what the
generator says it broke. The Oxigraph path for queries and export is checked against rdflib's.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from zhangjiang_kg import store
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.queries import catalogue as queries
from zhangjiang_kg.rdfio.export import serialize
from zhangjiang_kg.reports.terms import plain
from zhangjiang_kg.validation import validate_compiled, validate_pyshacl
from zhangjiang_kg.vocab import GRAPHS

import synth
from rdflib_oracle import RdflibCopy, load
from rdflib_oracle import run as rdflib_run
from store_compare import result_multiset

ROOT = Path(__file__).resolve().parents[2]


def _findings(report) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return sorted((plain(r.focus_node), plain(r.path), r.constraint) for r in report.results)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, synth.SynthResult]:
    path = tmp_path_factory.mktemp("grown") / "seeded.nt"
    made = synth.synthesise(path, 3500, violations=len(synth.VIOLATION_KINDS), seed=11)
    return path, made


def test_the_default_and_the_pyshacl_reference_report_the_same_findings(
    seeded: tuple[Path, synth.SynthResult],
) -> None:
    path, made = seeded
    reference = validate_pyshacl(store.load([path]))
    fast = validate_compiled(store.load([path]))
    expected = sorted(v.key() for v in made.violations)
    shacl = lambda report: sorted(  # noqa: E731 - the SHACL part, what the generator seeded
        (plain(r.focus_node), plain(r.path), r.constraint) for r in report.results if r.check == "shacl"
    )
    assert shacl(reference) == expected
    assert shacl(fast) == expected
    assert _findings(fast) == _findings(reference)  # violation queries too, run on Oxigraph
    assert [r.source_shape for r in fast.results] == [r.source_shape for r in reference.results]
    assert fast.shapes == reference.shapes


def test_the_shipped_graph_conforms_on_both_paths() -> None:
    assert validate_pyshacl(store.load()).conforms
    assert validate_compiled(store.load()).conforms


@pytest.mark.slow
def test_every_saved_query_agrees_with_rdflib() -> None:
    kg, big = load(), store.load()
    for saved in queries.catalogue():
        if any(p.default is None and not p.optional for p in saved.parameters):
            continue
        assert result_multiset(big.run_query(saved)) == result_multiset(rdflib_run(kg, saved)), saved.name


def test_parameters_are_bound_on_oxigraph() -> None:
    params = {"status": "zjo:Planned"}
    on_ox = store.load().run_query("facts-by-status", params)
    assert result_multiset(on_ox) == result_multiset(rdflib_run(load(), "facts-by-status", params))
    assert on_ox.rows


@pytest.mark.parametrize("fmt", ["nt", "nquads", "turtle"])
def test_export_is_the_same_bytes_as_rdflibs(fmt: str) -> None:
    ours = store.load().export(fmt, "all")
    assert ours == serialize(RdflibCopy(store.load()).quads(GRAPHS), fmt)
    assert ours == store.load().export(fmt, "all")  # deterministic


def test_persistent_store_is_reused(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    first = store.load(path=folder)
    size = first.count("data")
    del first
    again = store.load([ROOT / "data" / "funds.ttl"], path=folder, reuse=True)
    assert again.count("data") == size


def test_query_export_and_stats_take_no_engine_option() -> None:
    for command in ("query", "export", "stats"):
        assert "engine" not in {p.name for p in cli.commands[command].params}
    result = CliRunner().invoke(cli, ["query", "funds", "--engine", "rdflib"])
    assert result.exit_code == 2
    assert "No such option '--engine'" in result.output


def test_cli_validate_finds_every_seeded_violation(seeded: tuple[Path, synth.SynthResult]) -> None:
    path, made = seeded
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    for violation in made.violations:
        assert violation.focus_node in result.output


def test_cli_query_and_export_on_a_store_directory(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "store"
    first = runner.invoke(cli, ["query", "platforms", "--store-path", str(folder), "--format", "csv"])
    assert first.exit_code == 0, first.output
    assert "big-data-service-platform" in first.output
    gc.collect()  # one process may hold an on-disk store once: let the first command's go
    exported = runner.invoke(cli, ["export", "--format", "nt", "--graph", "data", "--store-path", str(folder)])
    assert exported.exit_code == 0
    assert exported.output.count("\n") == store.load().count("data")


def _bench(out: Path, *args: str) -> str:
    """Run ``benchmarks/bench.py ARGS --repeat 1 --output OUT`` in a child process; the tables it wrote."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), *args, "--repeat", "1", "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_benchmark_smoke(tmp_path: Path) -> None:
    """The benchmark script runs end to end at a tiny size, so it cannot rot."""
    table = _bench(tmp_path / "results.md", "--sizes", "1600", "--no-startup")
    assert "| load |" in table
    assert "| validate |" in table
    assert "query platforms" in table


@pytest.mark.slow
def test_benchmark_startup_smoke(tmp_path: Path) -> None:
    """The start-up part (wall time, then CPU against importing pySHACL) runs and writes its tables."""
    table = _bench(tmp_path / "startup.md", "--startup-only")
    assert "| `zjkg validate` |" in table
    assert "## CPU on the shipped graph" in table
    assert "| `zjkg query fund-money` |" in table
