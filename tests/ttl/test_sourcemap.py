"""The source map: where each subject's block starts, so findings can name file:line:column.

Regression tests for the IRIs it used to get wrong (a prefix ending in ``#`` under ``@base``,
``\\u`` escapes, local names beyond ``\\w``, a prefix named ``base:``, ``"x".<d>`` without a space).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, URIRef
from zhangjiang_kg.ttl.fmt import format_turtle
from zhangjiang_kg.ttl.sourcemap import SourceMap, scan_subjects
from zhangjiang_kg.vocab import PREFIXES

from rdflib_oracle import view

ZJ = PREFIXES["zj"]


def test_sourcemap_points_at_subject_blocks(mini_kg, mini: Path) -> None:
    location = mini_kg.sourcemap.locate(ZJ + "industry-fund")
    assert location is not None
    assert location.path == str(mini / "data" / "funds.ttl")
    lines = (mini / "data" / "funds.ttl").read_text().splitlines()
    assert lines[location.line - 1].startswith("zj:industry-fund ")
    assert mini_kg.sourcemap.locate(ZJ + "article") is None  # only ever an object


def test_sourcemap_of_the_shipped_data_finds_every_typed_subject(shipped_kg) -> None:
    typed = {s for s in view(shipped_kg).data.subjects(RDF.type) if isinstance(s, URIRef)}
    missing = sorted(str(s) for s in typed if shipped_kg.sourcemap.locate(str(s)) is None)
    assert not missing, f"no source line for {missing[:5]}"


def test_scan_subjects_skips_strings_comments_and_nesting() -> None:
    text = (
        "@prefix ex: <http://example.org/> .\n"
        "PREFIX zj: <https://w3id.org/zhangjiang-kg/id/>\n"
        "# ex:commented ex:p ex:o .\n"
        'ex:a ex:p "not . a statement" ;\n'
        "  ex:q 1.5 .\n"
        'zj:b-c ex:p [ ex:r ex:c ] , """long\n. ex:zz ex:p 1 .""" .\n'
        "  <http://x.org/full> ex:p ( 1 2 ) .\n"
        "[] ex:p 1 .\n"
        "_:b ex:p 2 .\n"
        "ex:d\\.e ex:p 3 .\n"
    )
    assert scan_subjects(text) == [
        ("http://example.org/a", 4, 1),
        ("https://w3id.org/zhangjiang-kg/id/b-c", 6, 1),
        ("http://x.org/full", 8, 3),
        ("http://example.org/d.e", 11, 1),
    ]


def test_sourcemap_keeps_every_block_first_one_first(tmp_path: Path) -> None:
    one, two = tmp_path / "one.ttl", tmp_path / "two.ttl"
    one.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p 1 .\n")
    two.write_text("@prefix ex: <http://example.org/> .\n\n\nex:a ex:q 2 .\n")
    source_map = SourceMap()
    source_map.add_file(one)
    source_map.add_file(two)
    assert [(loc.path, loc.line) for loc in source_map.locations("http://example.org/a")] == [
        (str(one), 2),
        (str(two), 4),
    ]
    assert "http://example.org/a" in source_map
    assert len(source_map) == 1


# Issue 6: each case is a file whose statement after "# about it" has subject IRI; the old scanner
# resolved it wrongly (so no finding got its line, and fmt dropped the comment above the block).
WRONGLY_READ = {
    "prefix-ending-in-hash-under-base": (
        '@base <http://example.org/dir/> .\n@prefix e: <#> .\n# about it\ne:s e:p "1" .\n',
        "http://example.org/dir/#s",
        4,
    ),
    "unicode-escape-in-iri": (
        '# about it\n<http://example.org/caf\\u00E9> <http://example.org/p> "1" .\n',
        "http://example.org/café",
        2,
    ),
    "local-name-beyond-word-characters": (
        '@prefix e: <http://example.org/> .\n# about it\ne:a·b‿c\u0301 e:p "1" .\n',
        "http://example.org/a·b‿c\u0301",
        3,
    ),
    "local-name-escapes-and-percent": (
        '@prefix e: <http://example.org/> .\n# about it\ne:a\\~b%20c\\, e:p "1" .\n',
        "http://example.org/a~b%20c,",
        3,
    ),
    "prefix-named-base": (
        '@prefix base: <http://example.org/b#> .\n# about it\nbase:s base:p "1" .\n',
        "http://example.org/b#s",
        3,
    ),
    "sparql-prefix-named-base": (
        'PREFIX base: <http://example.org/b#>\n# about it\nbase:s base:p "1" .\n',
        "http://example.org/b#s",
        3,
    ),
    "datatype-after-dot-without-space": (
        (
            '# about it\n<http://example.org/d> <http://example.org/p> "1"^^<http://example.org/t>.'
            '<http://example.org/e> <http://example.org/p> "x".<http://example.org/f> <http://example.org/p> "2" .\n'
        ),
        "http://example.org/f",
        2,
    ),
}


@pytest.mark.parametrize("case", WRONGLY_READ, ids=str)
def test_sourcemap_resolves_iris_as_the_parser_does(case: str, tmp_path: Path) -> None:
    import pyoxigraph as ox

    text, iri, line = WRONGLY_READ[case]
    path = tmp_path / "case.ttl"
    path.write_bytes(text.encode("utf-8"))
    parsed = {
        q.subject.value for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    }
    assert iri in parsed
    source_map = SourceMap()
    source_map.add_file(path)
    location = source_map.locate(iri)
    lines = text.splitlines()
    assert location is not None
    assert location.line == line
    assert lines[line - 1][location.column - 1 :].startswith(
        lines[line - 1].split()[0] if location.column == 1 else "<" + iri
    )
    assert len(source_map) == len({s for s in parsed if not s.startswith("_")} - {""})


@pytest.mark.parametrize("case", WRONGLY_READ, ids=str)
def test_fmt_keeps_the_comment_above_the_block(case: str) -> None:
    text, _iri, _line = WRONGLY_READ[case]
    out = format_turtle(text)
    assert "# about it\n" in out
    following = out.split("# about it\n", 1)[1].splitlines()[0]
    assert '"1"' in following  # the comment still sits on its block


def test_sourcemap_never_raises_on_what_is_not_turtle(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix e: <http://example.org/> .\ne:a e:p "1" .\ne:b e:p "never closed .\ne:c e:p 1 .\n')
    source_map = SourceMap()
    source_map.add_file(path)
    assert source_map.locate("http://example.org/a") is not None  # what came before the error
    assert source_map.locate("http://example.org/c") is None


@pytest.mark.parametrize(("suffix", "syntax", "graph"), [(".nt", "nt", ""), (".nq", "nquads", " <https://e.org/g>")])
def test_line_based_files_are_located_by_line(tmp_path: Path, suffix: str, syntax: str, graph: str) -> None:
    """N-Triples and N-Quads findings name their file and line (they used to print under "(no file)")."""
    path = tmp_path / f"big{suffix}"
    path.write_text(
        "# a comment\n"
        f'<https://e.org/a> <https://e.org/p> "1"{graph} .\n'
        f"_:b <https://e.org/p> <https://e.org/a>{graph} .\n"
        f'  <https://e.org/caf\\u00E9> <https://e.org/p> "2"{graph} .\n'
        f'<https://e.org/a> <https://e.org/p> "3"{graph} .\n',
        encoding="utf-8",
    )
    found = SourceMap()
    found.add_file(path, syntax=syntax)
    assert str(found.locate("https://e.org/a")) == f"{path}:2:1"
    assert [location.line for location in found.locations("https://e.org/a")] == [2, 5]
    assert str(found.locate("https://e.org/café")) == f"{path}:4:3"
    assert len(found) == 2  # the blank node and the comment are passed over


def test_other_syntaxes_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonld"
    path.write_text('{"@id": "https://e.org/a"}', encoding="utf-8")
    found = SourceMap()
    found.add_file(path, syntax="json-ld")
    assert len(found) == 0
