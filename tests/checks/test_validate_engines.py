"""``zjkg validate``: the compiled SPARQL validator (default) gives the findings of ``--engine pyshacl``.

The failing fixtures of the project's shapes and of the violation checks (the valid base graph
with one change) are validated through the CLI twice; the findings must agree on focus
node, path, constraint component and severity. The default path must not load pySHACL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHAPE_CASES = sorted(p for p in (FIXTURES / "shapes").glob("*.ttl") if p.name != "base.ttl")
VIOLATION_CASES = sorted((FIXTURES / "violations").glob("*.ttl"))
#: Two CLI runs per fixture take about a second: a spread-out third of them by default, every one
#: with ZJKG_ALL_FIXTURES=1 (tests/shacl compares every fixture with pySHACL at the library level).
CASES = (
    SHAPE_CASES + VIOLATION_CASES
    if os.environ.get("ZJKG_ALL_FIXTURES") == "1"
    else SHAPE_CASES[::6] + VIOLATION_CASES[::3]
)


def case_file(case: Path, folder: Path) -> Path:
    """The base graph with the fixture's ``# remove:`` triples taken out and its body added, as Turtle."""
    from rdflib import Graph

    base = FIXTURES / "shapes" / "base.ttl"
    prefixes = "\n".join(x for x in base.read_text(encoding="utf-8").splitlines() if x.startswith("@prefix"))
    removed = "\n".join(
        x.split(":", 1)[1] for x in case.read_text(encoding="utf-8").splitlines() if x.startswith("# remove:")
    )
    graph = Graph().parse(base, format="turtle")
    for triple in Graph().parse(data=prefixes + "\n" + removed, format="turtle"):
        graph.remove(triple)
    graph.parse(data=prefixes + "\n" + case.read_text(encoding="utf-8"), format="turtle")
    out = folder / case.name
    graph.serialize(out, format="turtle")
    return out


def findings(args: list[str]) -> tuple[int, list[tuple[Any, ...]]]:
    """Exit code and the sorted (step, focus, path, component, severity) of every finding."""
    result = CliRunner().invoke(cli, ["validate", *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.output)
    keys = sorted(
        (r["step"], r["focusNode"], r["resultPath"], r["sourceConstraintComponent"], r["resultSeverity"])
        for r in document["results"]
    )
    return result.exit_code, keys


@pytest.mark.slow
def test_the_fixtures_give_the_same_findings_on_both_engines(tmp_path: Path) -> None:
    differing = {}
    for case in CASES:
        path = str(case_file(case, tmp_path))
        default, reference = findings([path]), findings([path, "--engine", "pyshacl"])
        assert default[0] == 1, f"{case.name}: the default engine found nothing"
        step = "violation-queries" if case.parent.name == "violations" else "shacl"
        assert any(found[0] == step for found in default[1]), f"{case.name}: no {step} finding"
        if default != reference:
            differing[case.name] = (default, reference)
    assert differing == {}


def test_an_unknown_engine_is_a_usage_error() -> None:
    for name in ("jena", "rdflib", "oxigraph"):  # the loaders' names are no validators
        result = CliRunner().invoke(cli, ["validate", "--engine", name])
        assert result.exit_code == 2
        assert "'sparql', 'pyshacl'" in result.output


def test_the_default_report_says_how_the_shapes_were_validated() -> None:
    result = CliRunner().invoke(cli, ["validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    shacl = next(s for s in json.loads(result.output)["steps"] if s["name"] == "shacl")
    assert "compiled to SPARQL" in shacl["note"]
    assert shacl["checked"] > 100


_IMPORTS = """
import sys
from zhangjiang_kg.cli.main import cli
try:
    cli(["validate", *sys.argv[1:]])
except SystemExit as exit:
    code = exit.code
print(sorted(name for name in ("rdflib", "pyshacl", "yaml") if name in sys.modules), code)
"""


def loaded_by_default_validate(*args: str, exit_code: int = 0) -> list[str]:
    """Which of rdflib, pySHACL and PyYAML a ``zjkg validate ARGS`` process imported (in a fresh interpreter)."""
    answer = subprocess.run([sys.executable, "-c", _IMPORTS, *args], capture_output=True, text=True, check=True)
    last = answer.stdout.strip().splitlines()[-1]
    assert last.endswith(f" {exit_code}"), answer.stdout
    return eval(last.rsplit(" ", 1)[0])


def test_the_default_validate_does_not_import_pyshacl() -> None:
    assert "pyshacl" not in loaded_by_default_validate("--format", "text")


def test_the_default_validate_does_not_import_rdflib() -> None:
    assert loaded_by_default_validate("--format", "text") == []  # nor YAML: no check returned rows to describe


@pytest.fixture(scope="module")
def failing_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph with a SHACL violation (on an inverse path's shape) and a violation query's row."""
    folder = tmp_path_factory.mktemp("failing")
    shape = case_file(FIXTURES / "shapes" / "label-missing.ttl", folder)
    query = case_file(VIOLATION_CASES[0], folder)
    shape.write_text(shape.read_text(encoding="utf-8") + "\n" + query.read_text(encoding="utf-8"), encoding="utf-8")
    return shape


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "github"])
def test_reporting_findings_imports_neither_rdflib_nor_pyshacl(failing_case: Path, fmt: str) -> None:
    loaded = loaded_by_default_validate(str(failing_case), "--format", fmt, exit_code=1)
    assert "rdflib" not in loaded
    assert "pyshacl" not in loaded


def test_only_the_shacl_turtle_report_imports_rdflib(failing_case: Path) -> None:
    """A SHACL report graph is written with rdflib's Turtle serialiser, imported for that format alone."""
    loaded = loaded_by_default_validate(str(failing_case), "--format", "turtle", exit_code=1)
    assert "rdflib" in loaded
    assert "pyshacl" not in loaded


def test_the_findings_of_the_failing_case_are_both_kinds(failing_case: Path) -> None:
    code, found = findings([str(failing_case)])
    assert code == 1
    assert {step for step, *_rest in found} == {"shacl", "violation-queries"}


_DERIVED_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/S> a sh:NodeShape ; sh:targetSubjectsOf <http://example.org/count> ;
    sh:property [ sh:path <http://example.org/count> ; sh:datatype xsd:nonNegativeInteger ] .
"""


@pytest.mark.parametrize(("datatype", "violations"), [("nonNegativeInteger", 0), ("integer", 1)])
def test_a_derived_datatype_is_judged_as_written_not_as_stored(tmp_path: Path, datatype: str, violations: int) -> None:
    """Oxigraph stores "5"^^xsd:nonNegativeInteger as xsd:integer; the file decides."""
    data, shapes = tmp_path / "data.ttl", tmp_path / "shapes.ttl"
    literal = f'"5"^^<http://www.w3.org/2001/XMLSchema#{datatype}>'
    data.write_text(f"<http://example.org/a> <http://example.org/count> {literal} .\n")
    shapes.write_text(_DERIVED_SHAPES)
    result = CliRunner().invoke(
        cli, ["validate", str(data), "--shapes", str(shapes), "--queries", str(tmp_path), "--format", "json"]
    )
    assert json.loads(result.output)["violations"] == violations, result.output
