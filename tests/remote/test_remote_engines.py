"""Every saved query gives the same answer on the two servers as on rdflib in-process.

The Oxigraph server and Virtuoso are filled with ``zjkg load --replace`` and queried over the
SPARQL protocol. Answers are compared as multisets of rows; literals by value and datatype
(``xsd:string`` equals a plain literal, ``1.50`` equals ``1.5``). A query that differs is a bug in
the query (or a store's documented gap, to be rewritten in portable SPARQL 1.1).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.queries import catalogue as queries
from zhangjiang_kg.remote.sparql import run_saved

from rdflib_oracle import run as rdflib_run
from store_compare import result_multiset
from store_servers import OxigraphServer

#: Slow: loads the graphs into the Oxigraph server and Virtuoso and runs every saved query on both.
pytestmark = pytest.mark.slow

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
ENGINES = ("rdflib", "oxigraph-server", "virtuoso")
XSD_DURATION = "http://www.w3.org/2001/XMLSchema#duration"


def _object_is_a_duration(row: Any) -> bool:
    obj = dict(row).get("object")
    return isinstance(obj, tuple) and obj[0] == "literal" and obj[-1] == XSD_DURATION


#: A store's documented gaps: (store, query) -> (the rows it gives differently, why). Those rows are
#: compared by count only; every other row must be equal.
KNOWN_GAPS: dict[tuple[str, str], tuple[Callable[[Any], bool], str]] = {
    ("virtuoso", "triple-evidence"): (
        _object_is_a_duration,
        "Virtuoso 7.2 gives xsd:duration literals back rewritten as a count of months (P2Y as 24)",
    ),
}


@dataclass(frozen=True)
class GraphSet:
    """A graph (files) with its saved queries and values for parameters that have no default."""

    name: str
    load_args: tuple[str, ...]
    queries_dir: Path | None
    params: dict[str, dict[str, str]] = field(default_factory=dict)


SETS = {
    "shipped": GraphSet("shipped", (), None),
    "mini": GraphSet(
        "mini",
        (
            "--data",
            str(MINI / "data"),
            "--ontology",
            str(MINI / "ontology" / "mini.ttl"),
            "--shapes",
            str(MINI / "ontology" / "shapes.ttl"),
        ),
        MINI / "queries",
        params={
            "facts-by-status": {"status": "zjo:Achieved"},
            "figures-above": {"min": "1000000"},
            "labelled": {"label": "special fund"},
        },
    ),
}


def _cases() -> list[Any]:
    cases = []
    for graph_set in SETS.values():
        for saved in queries.catalogue(graph_set.queries_dir):
            cases.append(pytest.param(graph_set.name, saved.name, id=f"{graph_set.name}:{saved.name}"))
    return cases


def _load_kg(graph_set: GraphSet) -> Any:
    from rdflib_oracle import load

    if not graph_set.load_args:
        return load()
    return load([MINI / "data"], ontology=[MINI / "ontology" / "mini.ttl"], shapes=[MINI / "ontology" / "shapes.ttl"])


def _zjkg_load(endpoint: str, graph_set: GraphSet, env: dict[str, str] | None = None) -> None:
    result = CliRunner().invoke(cli, ["load", "--endpoint", endpoint, "--replace", *graph_set.load_args], env=env)
    assert result.exit_code == 0, result.output


def _answer(run: Callable[[], Any]) -> Any:
    """The multiset of rows, or the error as text, so one engine's failure shows in the diff."""
    try:
        return result_multiset(run())
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.fixture(scope="module")
def answers(request: pytest.FixtureRequest) -> Iterator[Callable[[str], Any]]:
    """Per graph set, every query's answer on every engine (computed once per set, on demand)."""
    computed: dict[str, dict[str, dict[str, Any]]] = {}
    servers = contextlib.ExitStack()

    def for_set(name: str) -> dict[str, dict[str, Any]]:
        if name in computed:
            return computed[name]
        graph_set = SETS[name]
        virtuoso = request.getfixturevalue("virtuoso")
        server = servers.enter_context(OxigraphServer(port=0, writable=True, union_default_graph=False))
        kg = _load_kg(graph_set)
        _zjkg_load(server.store_url, graph_set)
        _zjkg_load(virtuoso.store_url, graph_set, env=virtuoso.env)
        table: dict[str, dict[str, Any]] = {}
        for saved in queries.catalogue(graph_set.queries_dir):
            values = graph_set.params.get(saved.name, {})
            table[saved.name] = {
                "rdflib": _answer(lambda saved=saved, values=values: rdflib_run(kg, saved, values)),
                "oxigraph-server": _answer(
                    lambda saved=saved, values=values: run_saved(server.query_url, saved, values, timeout=30)
                ),
                "virtuoso": _answer(
                    lambda saved=saved, values=values: run_saved(virtuoso.query_url, saved, values, timeout=30)
                ),
            }
        computed[name] = table
        return table

    with servers:
        yield for_set


@pytest.mark.parametrize(("graph_set", "query"), _cases())
def test_query_gives_the_same_rows_on_both_servers(answers: Callable[[str], Any], graph_set: str, query: str) -> None:
    results = answers(graph_set)[query]
    reference = results["rdflib"]
    assert not isinstance(reference, str), f"{query} fails on rdflib: {reference}"
    differences = {}
    for engine in ENGINES[1:]:
        want = reference
        if (engine, query) in KNOWN_GAPS:
            gap, _why = KNOWN_GAPS[engine, query]
            got = results[engine]
            assert not isinstance(got, str), f"{query} fails on {engine}: {got}"
            in_gap = sum(n for row, n in reference.items() if gap(row))
            assert in_gap, f"{engine}'s gap in {query} no longer concerns any row"
            assert sum(n for row, n in got.items() if gap(row)) == in_gap, f"{query}: {engine} lost rows in its gap"
            if type(got)({r: n for r, n in got.items() if not gap(r)}) != type(reference)(
                {r: n for r, n in reference.items() if not gap(r)}
            ):
                differences[engine] = got
            continue
        if results[engine] != want:
            differences[engine] = results[engine]
    assert not differences, f"{query}: rdflib gave {dict(reference)}; differing engines: {differences}"


def test_every_shipped_query_is_compared_on_the_servers() -> None:
    """The comparison above covers the shipped catalogue, which must not be empty."""
    names = [saved.name for saved in queries.catalogue()]
    assert names, "queries/ holds no saved queries to compare across engines"
