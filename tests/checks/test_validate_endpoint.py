"""``zjkg validate --endpoint``: after ``zjkg load``, the store gives the findings in-process gives.

The data is the valid base graph with several failing fixtures added (SHACL results and violation
checks both). It is loaded with ``zjkg load --endpoint ... --replace`` and validated where it is;
the JSON report must list the same results, located in the same file and line, as the default
in-process run on the same file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli

from store_servers import OxigraphServer, RunningVirtuoso

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
#: Fixtures that only add triples to the base graph, so they can be added together.
ADDED = (
    "shapes/annotation-body-literal.ttl",
    "shapes/article-publisher-two.ttl",
    "shapes/concept-broader-not-concept.ttl",
    "violations/period-order-violation--dates.ttl",
    "violations/untyped-reference-violation.ttl",
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def failing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base graph with every fixture of :data:`ADDED` added, as one Turtle file."""
    from rdflib import Graph

    base = FIXTURES / "shapes" / "base.ttl"
    prefixes = "\n".join(x for x in base.read_text(encoding="utf-8").splitlines() if x.startswith("@prefix"))
    graph = Graph().parse(base, format="turtle")
    for name in ADDED:
        graph.parse(data=prefixes + "\n" + (FIXTURES / name).read_text(encoding="utf-8"), format="turtle")
    path = tmp_path_factory.mktemp("endpoint") / "failing.ttl"
    graph.serialize(path, format="turtle")
    return path


def results(args: list[str], env: dict[str, str] | None = None) -> list[tuple[Any, ...]]:
    result = CliRunner().invoke(cli, ["validate", *args, "--format", "json"], env=env)
    assert result.exit_code == 1, result.output
    return sorted(
        (
            r["step"],
            r["rule"],
            r["focusNode"],
            r["resultPath"],
            r["value"],
            r["sourceConstraintComponent"],
            r["resultSeverity"],
            r["resultMessage"],
            r["file"],
            r["line"],
        )
        for r in json.loads(result.output)["results"]
    )


def load(store_url: str, data: Path, env: dict[str, str] | None = None) -> None:
    result = CliRunner().invoke(cli, ["load", "--endpoint", store_url, "--replace", "--data", str(data)], env=env)
    assert result.exit_code == 0, result.output


def test_oxigraph_server_gives_the_in_process_findings(oxigraph_server: OxigraphServer, failing: Path) -> None:
    load(oxigraph_server.store_url, failing)
    local = results([str(failing)])
    assert {r[0] for r in local} == {"shacl", "violation-queries"}
    assert results([str(failing), "--endpoint", oxigraph_server.query_url]) == local


def test_virtuoso_gives_the_in_process_findings(virtuoso: RunningVirtuoso, failing: Path) -> None:
    load(virtuoso.store_url, failing, virtuoso.env)
    assert results([str(failing), "--endpoint", virtuoso.query_url], virtuoso.env) == results([str(failing)])


def test_endpoint_refuses_options_that_load_locally(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--endpoint", "http://127.0.0.1:9/sparql", "--engine", "pyshacl"])
    assert result.exit_code == 2
    assert "--endpoint" in result.output


def test_an_unreachable_endpoint_is_one_line_not_a_traceback() -> None:
    result = CliRunner().invoke(cli, ["validate", "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", "2"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ")
    assert len(result.output.strip().splitlines()) == 1
