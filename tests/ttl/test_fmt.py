"""`zjkg fmt`: canonical, idempotent, and it never changes the graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.errors import RdfSyntaxError
from zhangjiang_kg.ttl.fmt import format_turtle

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "check"
SHIPPED = sorted([*(ROOT / "ontology").glob("*.ttl"), *(ROOT / "data").glob("*.ttl")])
SAMPLES = [*SHIPPED, *sorted(FIXTURES.rglob("*.ttl"))]
SAMPLES = [p for p in SAMPLES if p.name != "unparseable.ttl"]


def canonical_quads(text: str) -> set[str]:
    """The graph with blank nodes canonically relabelled: equal sets mean isomorphic graphs."""
    dataset = ox.Dataset(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE, base_iri="http://example.org/"))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_isomorphic_and_idempotent(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    once = format_turtle(text)
    assert canonical_quads(once) == canonical_quads(text)
    assert format_turtle(once) == once


def test_layout() -> None:
    text = (FIXTURES / "trips" / "unformatted.ttl").read_text()
    assert (
        format_turtle(text)
        == """@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix zj: <https://w3id.org/zhangjiang-kg/id/> .
@prefix zjo: <https://w3id.org/zhangjiang-kg/ontology#> .

zj:first-fund a zjo:Fund ;
    rdfs:label "first fund"@en ;
    prov:wasDerivedFrom zj:source-text ;
    zjo:status zjo:Achieved .

zj:second-fund a zjo:Fund ;
    rdfs:label "second fund"@en ;
    prov:wasDerivedFrom zj:source-text ;
    zjo:status zjo:Achieved .
"""
    )


def test_comments_blocks_and_literals_kept() -> None:
    text = """# head of file

@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

# Section one

# about b
ex:b ex:p "x" ; # inner note
    ex:n 007 , 1.50 , "2"^^xsd:decimal , \"\"\"two
lines\"\"\" .
ex:a ex:q ( ex:one [ ex:r ex:s ] ) , [ ex:t "u" ] .
ex:b ex:z ex:a .
"""
    out = format_turtle(text)
    assert out.startswith("# head of file\n\n@prefix ex:")
    assert "# Section one\n\nex:a ex:q" in out
    assert "# about b\n# inner note\nex:b ex:n" in out
    assert "007" in out
    assert "1.50" in out
    assert '"""two\nlines"""' in out
    assert out.count("ex:b ") == 1  # two blocks about ex:b became one
    assert canonical_quads(out) == canonical_quads(text)
    assert format_turtle(out) == out


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from("abc"),
            st.sampled_from("pq"),
            st.one_of(st.sampled_from("abc"), st.text(max_size=8), st.integers()),
        ),
        max_size=8,
    )
)
def test_property_isomorphic(triples: list[tuple[str, str, object]]) -> None:
    from rdflib import Literal

    lines = ["@prefix ex: <http://example.org/> ."]
    for s, p, o in triples:
        obj = f"ex:{o}" if isinstance(o, str) and o in ("a", "b", "c") else Literal(o).n3()
        lines.append(f"ex:{s} ex:{p} {obj} .")
    text = "\n".join(lines) + "\n"
    out = format_turtle(text)
    assert canonical_quads(out) == canonical_quads(text)
    assert format_turtle(out) == out


def test_syntax_error_names_line() -> None:
    with pytest.raises(RdfSyntaxError) as info:
        format_turtle((FIXTURES / "trips" / "unparseable.ttl").read_text(), path="x.ttl")
    assert info.value.line == 6


def test_cli_fmt_check_and_write(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "unformatted.ttl"
    shutil.copy(FIXTURES / "trips" / "unformatted.ttl", copy)
    before = copy.read_text()
    checked = runner.invoke(cli, ["fmt", "--check", str(tmp_path)])
    assert checked.exit_code == 1
    assert f"would reformat {copy}" in checked.output
    assert copy.read_text() == before
    assert runner.invoke(cli, ["fmt", str(tmp_path)]).exit_code == 0
    assert canonical_quads(copy.read_text()) == canonical_quads(before)
    again = runner.invoke(cli, ["fmt", "--check", str(tmp_path)])
    assert again.exit_code == 0
    assert "already canonical" in again.output


def test_shipped_files_are_canonical(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["fmt", "--check", *map(str, SHIPPED)])
    assert result.exit_code == 0, f"run `zjkg fmt` to fix:\n{result.output}"


def test_string_escapes_are_the_ones_turtle_needs() -> None:
    from zhangjiang_kg.ttl.writer import quote

    assert quote('a "b" \\ c\td\re\x00\x1f\x7f é') == '"a \\"b\\" \\\\ c\\td\\re\\u0000\\u001F\\u007F é"'
    assert quote('two\nlines \\ "q"\r') == '"""two\nlines \\\\ \\"q\\"\\r"""'
    assert quote("") == '""'


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=12))
def test_every_string_literal_reads_back_as_written(value: str) -> None:
    from zhangjiang_kg.ttl.writer import quote

    parsed = next(iter(ox.parse(f"<x:s> <x:p> {quote(value)} .".encode(), format=ox.RdfFormat.TURTLE)))
    assert parsed.object.value == value
