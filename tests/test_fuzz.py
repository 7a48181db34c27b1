"""Property-based: random bytes, truncated and mutated Turtle, random parameter values.

Every case must end in success or a clean ZjkgError (CLI: exit 0/1/2 and no traceback), and no case
may touch the shipped files (the module fixture hashes them before and after).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.errors import ZjkgError
from zhangjiang_kg.queries import catalogue as queries
from zhangjiang_kg.store.graph import load as load_store

from rdflib_oracle import load
from rdflib_oracle import run as rdflib_run

pytestmark = pytest.mark.usefixtures("shipped_files_untouched")

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
SEED_TURTLE = (MINI / "data" / "funds.ttl").read_bytes()
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _mutations() -> st.SearchStrategy[bytes]:
    truncated = st.integers(min_value=0, max_value=len(SEED_TURTLE)).map(lambda n: SEED_TURTLE[:n])
    flipped = st.tuples(
        st.integers(min_value=0, max_value=len(SEED_TURTLE) - 1),
        st.sampled_from([*list(b".;,[]()<>\"'#@:_\\ \n\x00\xff"), ord("x")]),
    ).map(lambda t: SEED_TURTLE[: t[0]] + bytes([t[1]]) + SEED_TURTLE[t[0] + 1 :])
    spliced = st.tuples(
        st.integers(min_value=0, max_value=len(SEED_TURTLE)),
        st.binary(max_size=20),
    ).map(lambda t: SEED_TURTLE[: t[0]] + t[1] + SEED_TURTLE[t[0] :])
    return st.one_of(st.binary(max_size=300), truncated, flipped, spliced)


@contextmanager
def _written(content: bytes, suffix: str = ".ttl") -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="zjkg-fuzz-") as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(content)
        yield path


@FUZZ
@given(content=_mutations(), suffix=st.sampled_from([".ttl", ".nt", ".trig", ".jsonld", ".rdf"]))
def test_loader_raises_only_clean_errors(content: bytes, suffix: str) -> None:
    with _written(content, suffix) as path:
        try:
            kg = load_store([path], ontology=[MINI / "ontology" / "mini.ttl"], shapes=[])
        except ZjkgError as error:
            assert str(path) in str(error)
        else:
            assert kg.files["data"] == [path]


@settings(max_examples=25, deadline=None)
@given(content=_mutations())
def test_cli_validate_never_shows_a_traceback(content: bytes) -> None:
    with _written(content) as path:
        result = CliRunner().invoke(
            cli,
            [
                "validate",
                str(path),
                "--ontology",
                str(MINI / "ontology" / "mini.ttl"),
                "--shapes",
                str(MINI / "ontology" / "shapes.ttl"),
                "--queries",
                str(MINI / "queries"),
            ],
        )
        assert result.exit_code in (0, 1, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        if result.exit_code == 2:
            assert result.stderr.startswith("Error: ")
            assert str(path) in result.stderr


@pytest.fixture(scope="module")
def mini_graph():  # type: ignore[no-untyped-def]
    return load([MINI / "data"], ontology=[MINI / "ontology" / "mini.ttl"], shapes=[]).merged()


PARAMETER_QUERIES = {q.name: q for q in queries.catalogue(MINI / "queries") if q.parameters}


@FUZZ
@given(name=st.sampled_from(sorted(PARAMETER_QUERIES)), value=st.text(max_size=60))
def test_random_parameter_values_bind_or_fail_cleanly(mini_graph, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    saved = PARAMETER_QUERIES[name]
    values = {saved.parameters[0].name: value}
    try:
        result = rdflib_run(mini_graph, saved, values)
    except ZjkgError as error:
        assert saved.parameters[0].name in str(error)
        return
    # whatever was bound, the query kept its shape: same columns, never more rows than exist
    assert result.variables == rdflib_run(mini_graph, saved, {saved.parameters[0].name: _harmless(saved)}).variables
    assert len(result.rows) <= 4


def _harmless(saved: queries.SavedQuery) -> str:
    return {"iri": "zjo:Planned", "decimal": "1", "literal": "x"}[saved.parameters[0].kind]


@settings(max_examples=25, deadline=None)
@given(value=st.text(max_size=40), fmt=st.sampled_from(["table", "csv", "tsv", "json"]))
def test_cli_query_with_random_values_never_shows_a_traceback(value: str, fmt: str) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "query",
            "labelled",
            "--queries",
            str(MINI / "queries"),
            "--data",
            str(MINI / "data"),
            "--format",
            fmt,
            "--param",
            f"label={value}",
        ],
    )
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
