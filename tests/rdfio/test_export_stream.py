"""The streamed writers give the bytes the list-fed writers gave, on input chosen to trip them."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import takewhile
from pathlib import Path

import pyoxigraph as ox
import pytest
from zhangjiang_kg import load
from zhangjiang_kg.errors import InputError, RdfSyntaxError, UnknownFormatError
from zhangjiang_kg.rdfio import jsonld, rdfxml
from zhangjiang_kg.rdfio.export import EXPORT_FORMATS, export_pieces, ntriples_lines, serialize, sorted_lines
from zhangjiang_kg.rdfio.formats import syntax
from zhangjiang_kg.rdfio.parse import UTF8_BOM
from zhangjiang_kg.vocab import GRAPH_BACKGROUND, GRAPH_DATA, PREFIXES

ZJ = PREFIXES["zj"]
ZJO = PREFIXES["zjo"]
XSD = PREFIXES["xsd"]
STREAMED_FORMATS = ["turtle", "trig", "json-ld", "xml"]

#: Nested blank nodes, lists (one inside another), line-breaking characters, quotes and
#: backslashes in literals, language tags, numbers as written, IRIs with and without a prefix.
AWKWARD = f"""
@prefix zj: <{ZJ}> . @prefix zjo: <{ZJO}> . @prefix xsd: <{XSD}> .
zj:a zjo:p [ zjo:q [ zjo:r ( 1 "two" ( 3.0 [ zjo:s "deep" ] ) ) ] ], [ zjo:q 1 ] ;
    zjo:text "line\\nbreak", "carriage\\rreturn", "sep\\u2028arator", "next\\u0085line", "tab\\there",
        "quote \\" and back\\\\slash", "chat"@fr, "colour"@en-GB, "colour"@en-US ;
    zjo:n 01, +1, 1.50, 1e0, 1.0E0, "0010"^^xsd:unsignedShort, "abc"^^xsd:integer, true, "1"^^xsd:boolean .
<http://example.org/no-prefix> zjo:p zj:a, <http://example.org/other#x> .
zj:b zjo:p () .
"""


def _written_from_a_list(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """Export as it was before it streamed: each graph's sorted lines parsed back into a list of
    quads for the writer, and the whole Turtle or TriG text split to put the prefixes in order."""
    spec = syntax(fmt)
    ordered = [
        ox.Quad(quad.subject, quad.predicate, quad.object, graph)
        for graph, lines in sorted_lines(quads, keep_graphs=spec.quads).items()
        for quad in ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)
    ]
    if fmt == "xml":
        return rdfxml.serialize(ordered, PREFIXES)
    if fmt == "json-ld":
        return jsonld.serialize(ordered, PREFIXES)
    text = ox.serialize(ordered, format=spec.ox_format, prefixes=dict(sorted(PREFIXES.items()))) or b""
    lines = text.split(b"\n")
    head = len(list(takewhile(lambda line: line.startswith(b"@prefix "), lines)))
    return b"\n".join(sorted(lines[:head]) + lines[head:])


def _awkward_quads() -> list[ox.Quad]:
    """:data:`AWKWARD` in the data graph, and its IRI-only statements again in the background graph."""
    triples = list(ox.parse(AWKWARD, format=ox.RdfFormat.TURTLE))
    data = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(GRAPH_DATA)) for t in triples]
    background = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(GRAPH_BACKGROUND))
        for t in triples
        if isinstance(t.object, ox.NamedNode) and isinstance(t.subject, ox.NamedNode)
    ]
    return data + background


@pytest.mark.parametrize("fmt", STREAMED_FORMATS)
def test_streamed_export_writes_the_bytes_the_list_fed_writer_wrote(fmt: str) -> None:
    quads = _awkward_quads()
    written = serialize(quads, fmt)
    assert written == _written_from_a_list(quads, fmt)
    objects = {q.object for q in ox.parse(written, format=syntax(fmt).ox_format)}
    texts = ["line\nbreak", "carriage\rreturn", "sep\u2028arator", "next\u0085line", 'quote " and back\\slash']
    assert {ox.Literal(text) for text in texts} <= objects
    assert ox.Literal("01", datatype=ox.NamedNode(XSD + "integer")) in objects
    assert ox.Literal("1.50", datatype=ox.NamedNode(XSD + "decimal")) in objects
    assert ox.Literal("chat", language="fr") in objects


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_prefixes_come_first_in_alphabetical_order(fmt: str) -> None:
    lines = serialize(_awkward_quads(), fmt).split(b"\n")
    head = list(takewhile(lambda line: line.startswith(b"@prefix "), lines))
    assert len(head) == len(PREFIXES)
    assert head == sorted(head)
    assert not any(line.startswith(b"@prefix ") for line in lines[len(head) :])


@pytest.mark.parametrize("fmt", STREAMED_FORMATS)
def test_an_ntriples_file_read_by_the_parser_itself_gives_the_same_bytes(fmt: str, tmp_path: Path) -> None:
    """Files without blank nodes skip the store; a byte order mark in front must not change the bytes."""
    data = ox.NamedNode(GRAPH_DATA)
    quads = [
        q
        for q in _awkward_quads()
        if q.graph_name == data and not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))
    ]
    body = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)
    plain, marked = tmp_path / "plain.nt", tmp_path / "marked.nt"
    plain.write_bytes(body or b"")
    marked.write_bytes(UTF8_BOM + (body or b""))
    expected = _written_from_a_list(quads, fmt)
    for path in (plain, marked):
        assert load([path], ontology=[], shapes=[], index=False).export(fmt, "data") == expected, path.name


def test_a_statement_in_a_streamed_file_and_another_file_is_written_once(tmp_path: Path) -> None:
    lines = [f"<{ZJ}s{n}> <{ZJO}p> <{ZJ}o{n}> ." for n in range(6)]
    streamed, other, combined = tmp_path / "a.nt", tmp_path / "b.ttl", tmp_path / "all.ttl"
    streamed.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    other.write_text("\n".join(lines[2:]) + f"\n<{ZJ}s0> <{ZJO}p> [] .\n", encoding="utf-8")
    combined.write_text("\n".join(lines) + f"\n<{ZJ}s0> <{ZJO}p> [] .\n", encoding="utf-8")
    written = {
        fmt: load([streamed, other], ontology=[], shapes=[], index=False).export(fmt, "data")
        for fmt in ("nt", "turtle")
    }
    for fmt, both in written.items():
        assert both == load([combined], ontology=[], shapes=[], index=False).export(fmt, "data"), fmt
    assert [line.startswith(f"<{ZJ}s".encode()) for line in written["nt"].split(b"\n")] == [True] * 7 + [False]


@pytest.mark.parametrize("first", [f"<{ZJ}s> <{ZJO}p> <{ZJ}o> .", f"_:b <{ZJO}p> <{ZJ}o> ."])
def test_a_broken_ntriples_file_is_refused_naming_file_line_and_column(first: str, tmp_path: Path) -> None:
    """With or without blank nodes, the file is parsed before it is handed on."""
    path = tmp_path / "broken.nt"
    path.write_text(f'{first}\n<{ZJ}s> <{ZJO}p> "open .\n', encoding="utf-8")
    with pytest.raises(RdfSyntaxError) as caught:
        ntriples_lines(path)
    assert (caught.value.path, caught.value.line) == (str(path), 2)


def test_ntriples_lines_leave_blank_nodes_and_imports_to_the_reader(tmp_path: Path) -> None:
    blank, imports, plain = tmp_path / "blank.nt", tmp_path / "imports.nt", tmp_path / "plain.nt"
    blank.write_text(f"_:b <{ZJO}p> <{ZJ}o> .\n", encoding="utf-8")
    imports.write_text(f"<{ZJ}s> <http://www.w3.org/2002/07/owl#imports> <{ZJ}o> .\n", encoding="utf-8")
    plain.write_text(f"<{ZJ}s> <{ZJO}p> <{ZJ}o> .\n<{ZJ}s> <{ZJO}p> <{ZJ}o> .\n", encoding="utf-8")
    assert ntriples_lines(blank) is None
    assert ntriples_lines(imports) is None
    assert ntriples_lines(tmp_path / "missing.nt") is None
    assert ntriples_lines(plain) == [f"<{ZJ}s> <{ZJO}p> <{ZJ}o> .".encode()]


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_export_pieces_join_to_the_bytes_of_export(fmt: str, tmp_path: Path) -> None:
    """N-Triples comes a few thousand lines a piece; any other syntax in one."""
    triples, blank, ontology = tmp_path / "many.nt", tmp_path / "blank.ttl", tmp_path / "ontology.ttl"
    triples.write_text("".join(f"<{ZJ}s{n}> <{ZJO}p> <{ZJ}o> .\n" for n in range(9000)), encoding="utf-8")
    blank.write_text(AWKWARD, encoding="utf-8")
    ontology.write_text(f"<{ZJO}C> <{ZJO}p> [ <{ZJO}q> 1 ] .\n", encoding="utf-8")
    kg = load([triples, blank], ontology=[ontology], shapes=[], index=False)
    pieces = list(export_pieces(kg, fmt, "data"))
    assert b"".join(pieces) == kg.export(fmt, "data")
    assert len(pieces) == (3 if fmt == "nt" else 1)
    assert b"".join(export_pieces(kg, fmt, "all")) == kg.export(fmt, "all")  # each file in its graph


def test_export_pieces_refuse_an_unknown_format_or_graph_and_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.nt"
    broken.write_text(f"<{ZJ}s> <{ZJO}p> <{ZJ}o> .\n<{ZJ}s> <{ZJO}p> .\n", encoding="utf-8")
    kg = load([broken], ontology=[], shapes=[], index=False)
    with pytest.raises(UnknownFormatError):
        export_pieces(kg, "n3", "data")
    with pytest.raises(InputError, match=r"unknown graph 'nowhere'; valid graphs: .*, all"):
        export_pieces(kg, "nt", "nowhere")
    with pytest.raises(RdfSyntaxError) as caught:
        export_pieces(kg, "nt", "data")
    assert (caught.value.path, caught.value.line) == (str(broken), 2)
