"""Saved query headers are YAML exactly as grlc reads them (``#+`` stripped, ``yaml.safe_load``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from zhangjiang_kg import resources
from zhangjiang_kg.errors import InputError, QueryHeaderError
from zhangjiang_kg.queries import catalogue as queries

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "headers"


def grlc_header(text: str) -> object:
    """What grlc does with a query's text: keep ``#+`` lines, strip ``#`` and ``+``, load YAML."""
    return yaml.safe_load("\n".join(row.lstrip("#+") for row in text.split("\n") if row.startswith("#+")))


@pytest.mark.parametrize("path", resources.query_files(), ids=lambda p: p.stem)
def test_every_saved_header_is_yaml_with_summary_and_tags(path: Path) -> None:
    header = grlc_header(path.read_text(encoding="utf-8"))
    assert isinstance(header, dict), path.name
    assert isinstance(header.get("summary"), str), path.name
    assert header["summary"], path.name
    assert isinstance(header.get("tags"), list), path.name
    assert header["tags"], path.name
    for item in header.get("defaults") or []:
        assert isinstance(item, dict), f"{path.name}: a default is a one-key mapping (- name: value)"
    saved = queries.from_file(path)
    assert saved.summary == header["summary"]
    assert saved.tags == header["tags"]


def test_an_invalid_header_is_an_error_naming_the_file() -> None:
    bad = FIXTURES / "bad-header.rq"
    with pytest.raises(yaml.YAMLError):
        grlc_header(bad.read_text(encoding="utf-8"))
    with pytest.raises(QueryHeaderError) as raised:
        queries.from_file(bad)
    assert isinstance(raised.value, InputError)
    assert "bad-header.rq" in str(raised.value)
    assert raised.value.line == 1


def test_defaults_are_read_as_mappings() -> None:
    saved = queries.from_text("#+ summary: s\n#+ defaults:\n#+   - fact: zj:x\nSELECT ?s WHERE { ?s ?p ?_fact_iri }")
    assert [p.default for p in saved.parameters] == ["zj:x"]


def test_a_lazy_query_reads_its_header_on_first_use() -> None:
    saved = queries.from_file(FIXTURES / "bad-header.rq", lazy=True)
    assert saved.parameters == []  # no parameter, so no header needed
    with pytest.raises(QueryHeaderError, match=r"bad-header\.rq"):
        saved.summary  # noqa: B018


VALIDATE_DATA = "<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n"


@pytest.mark.parametrize(("predicate", "exit_code"), [("p", 2), ("other", 0)])
def test_validate_reads_a_check_header_only_for_the_rows_it_reports(
    tmp_path: Path, predicate: str, exit_code: int
) -> None:
    """A check's summary is the message of its rows: a broken header matters when there are rows."""
    from click.testing import CliRunner
    from zhangjiang_kg.cli.main import cli

    (tmp_path / "data.ttl").write_text(VALIDATE_DATA)
    (tmp_path / "shapes.ttl").write_text("")
    (tmp_path / "rows-violation.rq").write_text(
        f"#+ summary: Which: all of them?\nSELECT ?s WHERE {{ ?s <http://example.org/{predicate}> ?o }}\n"
    )
    args = [
        "validate",
        str(tmp_path / "data.ttl"),
        "--shapes",
        str(tmp_path / "shapes.ttl"),
        "--queries",
        str(tmp_path),
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == exit_code, result.output
    if exit_code == 2:
        assert "rows-violation.rq" in result.output
