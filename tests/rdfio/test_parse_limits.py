"""Hostile or oversized input ends in one clean error naming the file, on both engines and in the CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.errors import RdfSyntaxError

from rdflib_oracle import SIDES
from rdflib_oracle import open_side as open_engine

WriteFile = Callable[[str, "str | bytes"], Path]
ENGINE_NAMES = SIDES

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "hahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahahaha">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/s"><ex:p>&d;</ex:p></rdf:Description>
</rdf:RDF>
"""


def _cli(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output.strip().splitlines()


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_dtd_entities_are_refused_before_they_expand(write_file: WriteFile, engine: str) -> None:
    path = write_file("laughs.rdf", BILLION_LAUGHS)
    with pytest.raises(RdfSyntaxError, match="DTD entity declarations are refused") as caught:
        open_engine(engine, [path], ontology=[], shapes=[])
    assert (caught.value.path, caught.value.line, caught.value.column) == (str(path), 3, 2)


def test_cli_refuses_dtd_entities_with_exit_2(write_file: WriteFile) -> None:
    path = write_file("laughs.rdf", BILLION_LAUGHS)
    code, lines = _cli("validate", str(path))
    assert code == 2
    assert lines == [f"Error: {path}:3:2: DTD entity declarations are refused (they can expand without bound)"]


@pytest.mark.slow
@pytest.mark.parametrize("command", ["validate", "export", "stats"])
def test_a_literal_over_16_mib_is_one_clean_error(write_file: WriteFile, command: str) -> None:
    path = write_file(
        "huge.ttl", '<http://example.org/s> <http://example.org/p> "' + "a" * (17 * 1024 * 1024) + '" .\n'
    )
    args = [str(path)] if command == "validate" else ["--data", str(path)]
    code, lines = _cli(command, *args)
    assert code == 2
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: {path}: a term is too long for the parser")


def test_an_ill_typed_literal_is_not_a_syntax_error(write_file: WriteFile) -> None:
    path = write_file(
        "ill.ttl", '<http://example.org/s> <http://example.org/p> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    )
    for engine in ENGINE_NAMES:
        assert open_engine(engine, [path], ontology=[], shapes=[]).count("data") == 1
