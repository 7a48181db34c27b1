"""Every user error ends in one clean line on stderr and a documented exit code, never a traceback."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli

pytestmark = pytest.mark.usefixtures("shipped_files_untouched")


def invoke(runner: CliRunner, *args: object):  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def error_line(result) -> str:  # type: ignore[no-untyped-def]
    """The last line on stderr (click puts usage lines before it for usage errors)."""
    return result.stderr.strip().splitlines()[-1]


@pytest.fixture
def broken_ttl(tmp_path: Path) -> Path:
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix ex: <http://example.org/> .\nex:a ex:p "x" .\nex:b ex:p ex:c\nex:d ex:p 1 .\n')
    return path


@pytest.mark.parametrize("command", ["validate", "stats", "export"])
def test_malformed_turtle_names_file_line_and_column(runner: CliRunner, broken_ttl: Path, command: str) -> None:
    args = [broken_ttl] if command == "validate" else ["--data", broken_ttl]
    result = invoke(runner, command, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert error_line(result).startswith(f"Error: {broken_ttl}:4:1: ")


def test_malformed_ontology_and_shapes_are_input_errors(runner: CliRunner, broken_ttl: Path) -> None:
    for option in ("--ontology", "--shapes"):
        result = invoke(runner, "validate", option, broken_ttl)
        assert result.exit_code == 2
        assert error_line(result).startswith(f"Error: {broken_ttl}:4:1: ")


def test_query_on_malformed_data(runner: CliRunner, broken_ttl: Path) -> None:
    result = invoke(runner, "query", "platforms", "--data", broken_ttl)
    assert result.exit_code == 2
    assert error_line(result).startswith(f"Error: {broken_ttl}:4:1:")


def test_unknown_query_suggests_close_names(runner: CliRunner, mini: Path) -> None:
    result = invoke(runner, "query", "fund", "--queries", mini / "queries")
    assert result.exit_code == 2
    assert error_line(result) == "Error: no saved query named 'fund'. Did you mean: funds?"


def test_query_syntax_error_names_query_and_position(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "broken-question.rq"
    path.write_text("#+ summary: broken\nSELECT ?x WHERE {\n  ?x ?p \n}\n")
    result = invoke(runner, "query", path)
    assert result.exit_code == 2
    assert error_line(result).startswith("Error: broken-question:4:2: SPARQL syntax error: ")


def test_missing_parameter_names_it_and_its_type(runner: CliRunner, mini: Path) -> None:
    result = invoke(runner, "query", "facts-by-status", "--queries", mini / "queries", "--data", mini / "data")
    assert result.exit_code == 2
    assert error_line(result) == (
        "Error: query 'facts-by-status', parameter 'status': missing; give it with --param status=VALUE (type: iri)"
    )


def test_badly_typed_parameter(runner: CliRunner, mini: Path) -> None:
    result = invoke(runner, "query", "figures-above", "--queries", mini / "queries", "-p", "min=ten")
    assert result.exit_code == 2
    assert "parameter 'min': expected a decimal number" in error_line(result)


def test_unknown_parameter(runner: CliRunner, mini: Path) -> None:
    result = invoke(runner, "query", "funds", "--queries", mini / "queries", "-p", "colour=red")
    assert result.exit_code == 2
    assert error_line(result) == "Error: query 'funds', parameter 'colour': unknown parameter; this query takes: none"


def test_parameter_without_equals(runner: CliRunner, mini: Path) -> None:
    result = invoke(runner, "query", "funds", "--queries", mini / "queries", "-p", "status")
    assert result.exit_code == 2
    assert "Invalid value for '--param': 'status' is not NAME=VALUE" in error_line(result)


def test_injection_through_an_iri_parameter_is_refused(runner: CliRunner, mini: Path) -> None:
    result = invoke(
        runner,
        "query",
        "facts-by-status",
        "--queries",
        mini / "queries",
        "--data",
        mini / "data",
        "-p",
        "status=zjo:Planned> } UNION { ?fact ?p ?o",
    )
    assert result.exit_code == 2
    assert "parameter 'status'" in error_line(result)


@pytest.mark.parametrize(
    ("command", "valid"),
    [
        ("validate", "'text', 'json', 'turtle', 'junit', 'sarif', 'github'"),
        ("query", "'text', 'csv', 'tsv', 'json'"),
        ("export", "'turtle', 'nt', 'nquads', 'trig', 'json-ld', 'xml'"),
        ("stats", "'text', 'json'"),
        ("queries", "'text', 'json'"),
    ],
)
def test_unknown_format_lists_the_valid_ones(runner: CliRunner, command: str, valid: str) -> None:
    args = [command, "--format", "yaml"] + (["funds"] if command == "query" else [])
    result = invoke(runner, *args)
    assert result.exit_code == 2
    assert (
        error_line(result)
        == f"Error: Invalid value for '--format': 'yaml' is not one of {valid} (see 'zjkg {command} --help')"
    )


def test_unknown_graph_lists_the_valid_ones(runner: CliRunner) -> None:
    result = invoke(runner, "export", "--graph", "everything")
    assert result.exit_code == 2
    assert "'ontology', 'data', 'background', 'shapes', 'all'" in error_line(result)


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "no-such-file.ttl"],
        ["stats", "--data", "no-such-file.ttl"],
        ["export", "--ontology", "no-such-file.ttl"],
        ["query", "funds", "--shapes", "no-such-file.ttl"],
        ["queries", "--queries", "no-such-folder"],
    ],
)
def test_missing_paths(runner: CliRunner, args: list[str]) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 2
    assert "does not exist" in error_line(result)


def test_unknown_suffix(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    result = invoke(runner, "validate", path)
    assert result.exit_code == 2
    assert error_line(result).startswith(f"Error: {path}: cannot tell the RDF format from the suffix '.txt'")


def test_remote_jsonld_context_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": "https://schema.org/", "@id": "http://example.org/a"}))
    result = invoke(runner, "validate", path)
    assert result.exit_code == 2
    assert error_line(result) == (
        f"Error: {path}: JSON-LD @context <https://schema.org/> would be fetched from the network; "
        "refused (pass --allow-network to allow it)"
    )


def test_owl_imports_of_a_url_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "imports.ttl"
    path.write_text("<http://example.org/o> <http://www.w3.org/2002/07/owl#imports> <http://example.org/other> .\n")
    result = invoke(runner, "validate", "--ontology", path)
    assert result.exit_code == 2
    assert "owl:imports <http://example.org/other> would fetch from the network" in error_line(result)


def test_query_needs_a_name_or_all(runner: CliRunner) -> None:
    assert "give a query NAME or FILE, or --all" in error_line(invoke(runner, "query"))
    result = invoke(runner, "query", "funds", "--all")
    assert result.exit_code == 2
    assert "give a query NAME or FILE, or --all (not both)" in error_line(result)


def test_query_all_takes_only_tables(runner: CliRunner) -> None:
    result = invoke(runner, "query", "--all", "--format", "csv")
    assert result.exit_code == 2
    assert "--all prints tables and takes no --param" in error_line(result)


def test_unreachable_endpoint_exits_1(runner: CliRunner, mini: Path) -> None:
    with socket.socket() as sock:  # a port nothing listens on: bound, never accepting
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        result = invoke(
            runner,
            "query",
            mini / "queries" / "funds.rq",
            "--endpoint",
            f"http://127.0.0.1:{port}/sparql",
            "--timeout",
            "2",
        )
    assert result.exit_code == 1
    assert error_line(result).startswith(f"Error: http://127.0.0.1:{port}/sparql")


def test_output_into_a_missing_folder(runner: CliRunner, tmp_path: Path, mini: Path) -> None:
    target = tmp_path / "missing" / "out.ttl"
    result = invoke(runner, "export", "--data", mini / "data", "--output", target)
    assert result.exit_code == 2
    assert "No such file or directory" in error_line(result)


def test_unknown_command(runner: CliRunner) -> None:
    result = invoke(runner, "valdate")
    assert result.exit_code == 2
    assert "No such command 'valdate'" in result.stderr
