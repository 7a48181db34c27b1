"""The one store: its rdflib copy, export straight from Oxigraph's parser, and numbers printed alike."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import XSD, BNode, Literal, URIRef
from zhangjiang_kg.errors import RdfSyntaxError
from zhangjiang_kg.queries.results import QueryResult, render
from zhangjiang_kg.rdfio.export import EXPORT_FORMATS, serialize
from zhangjiang_kg.rdfio.formats import syntax
from zhangjiang_kg.rdfio.parse import as_written, in_graph, read_quads
from zhangjiang_kg.store.graph import KnowledgeGraph, load
from zhangjiang_kg.vocab import GRAPHS, PREFIXES

EX = "http://example.org/"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
#: N-Triples the store would not give back as written: non-canonical numbers, a derived integer
#: type, a date with a zero fraction, an upper-case language tag, an explicit xsd:string, escapes,
#: a repeated statement and a comment.
AWKWARD = (
    f'<{EX}s> <{EX}n> "01"^^<{XSD_NS}integer> .\n'
    f'<{EX}s> <{EX}n> "1"^^<{XSD_NS}integer> .\n'
    f'<{EX}s> <{EX}d> "1.50"^^<{XSD_NS}decimal> .\n'
    f'<{EX}s> <{EX}b> "7"^^<{XSD_NS}byte> .\n'
    f'<{EX}s> <{EX}t> "2020-01-01T00:00:00.000Z"^^<{XSD_NS}dateTime> .\n'
    f'<{EX}s> <{EX}l> "Zone"@EN-GB .\n'
    f'<{EX}s> <{EX}x> "plain"^^<{XSD_NS}string> .\n'
    f'<{EX}s> <{EX}e> "tab\\tquote\\"\\u00e9" .\n'
    "# a comment\n"
    f'<{EX}s> <{EX}n> "01"^^<{XSD_NS}integer> .\n'
)


@pytest.fixture
def awkward(tmp_path: Path) -> Path:
    path = tmp_path / "awkward.nt"
    path.write_text(AWKWARD, encoding="utf-8")
    return path


def test_to_rdflib_holds_the_four_named_graphs_with_literals_as_written(awkward: Path) -> None:
    kg = load([awkward], ontology=[], shapes=[])
    dataset = kg.to_rdflib()
    sizes = {name: len(dataset.graph(URIRef(iri))) for name, iri in GRAPHS.items()}
    assert sizes == {"ontology": 0, "data": 8, "background": 0, "shapes": 0}
    numbers = {str(o) for o in dataset.graph(URIRef(GRAPHS["data"])).objects(URIRef(EX + "s"), URIRef(EX + "n"))}
    assert numbers == {"01", "1"}  # two literals, as written; the store alone keeps one
    assert kg.count("data") == 7  # the store holds 01 and 1 as one value
    byte = next(dataset.graph(URIRef(GRAPHS["data"])).objects(URIRef(EX + "s"), URIRef(EX + "b")))
    assert byte == Literal("7", datatype=XSD.byte)


def test_to_rdflib_keeps_a_files_blank_nodes_apart_from_anothers(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_text(f'_:x <{EX}name> "one" .\n', encoding="utf-8")
    second.write_text(f'_:x <{EX}name> "two" .\n', encoding="utf-8")
    data = load([first, second], ontology=[], shapes=[]).to_rdflib().graph(URIRef(GRAPHS["data"]))
    subjects = set(data.subjects())
    assert len(subjects) == 2
    assert all(isinstance(s, BNode) for s in subjects)


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_streamed_export_is_byte_for_byte_the_export_of_the_parsed_quads(awkward: Path, fmt: str) -> None:
    """An N-Triples file without blank nodes skips the list of quads; the bytes must not change."""
    kg = load([awkward], ontology=[], shapes=[], index=False)
    read = list(load([awkward], ontology=[], shapes=[]).quads(["data"]))
    assert kg.export(fmt, "data") == serialize(read, fmt)


def test_streamed_export_keeps_every_literal_as_written(awkward: Path) -> None:
    text = load([awkward], ontology=[], shapes=[], index=False).export("nt", "data").decode()
    for written in ('"01"^^', '"1"^^', '"1.50"^^', f'"7"^^<{XSD_NS}byte>', '"2020-01-01T00:00:00.000Z"^^'):
        assert written in text, written
    assert len(text.splitlines()) == 8  # the repeated statement once


def test_a_file_the_store_never_read_still_fails_with_its_position(tmp_path: Path) -> None:
    broken = tmp_path / "broken.nt"
    broken.write_text(f"<{EX}s> <{EX}p> <{EX}o> .\n<{EX}s> <{EX}p> .\n", encoding="utf-8")
    kg = load([broken], ontology=[], shapes=[], index=False)
    assert kg.count("data") == 0  # nothing read yet
    with pytest.raises(RdfSyntaxError) as failed:
        kg.export("nt", "data")
    assert (str(failed.value.path), failed.value.line) == (str(broken), 2)


def test_index_false_with_a_store_path_still_loads(tmp_path: Path, awkward: Path) -> None:
    kg = load([awkward], ontology=[], shapes=[], path=tmp_path / "store", index=False)
    assert kg.count("data") == 7


def test_numbers_print_the_same_from_the_store_and_from_an_endpoint(tmp_path: Path) -> None:
    data = tmp_path / "figure.ttl"
    data.write_text(
        f'<{EX}f> <{EX}value> 620000000.0 ; <{EX}count> 0012 ; <{EX}share> 0.50 ; <{EX}odd> "x"^^<{XSD_NS}decimal> .\n',
        encoding="utf-8",
    )
    query = data.with_suffix(".rq")
    query.write_text(
        f"SELECT ?v ?c ?s ?o WHERE {{ ?f <{EX}value> ?v ; <{EX}count> ?c ; <{EX}share> ?s ; <{EX}odd> ?o }}\n"
    )
    local = load([data], ontology=[], shapes=[]).run_query(str(query))
    assert local.rows[0]["v"] == ox.Literal("620000000", datatype=ox.NamedNode(XSD_NS + "decimal"))  # by value
    cell = {"type": "literal", "datatype": XSD_NS + "decimal"}
    remote = QueryResult.from_sparql_json(
        {
            "head": {"vars": ["v", "c", "s", "o"]},
            "results": {
                "bindings": [
                    {
                        "v": {**cell, "value": "620000000.0"},
                        "c": {"type": "literal", "datatype": XSD_NS + "integer", "value": "0012"},
                        "s": {**cell, "value": "0.50"},
                        "o": {**cell, "value": "x"},
                    }
                ]
            },
        }
    )
    for fmt in ("table", "csv"):
        assert render(local, fmt, PREFIXES) == render(remote, fmt, PREFIXES), fmt
    assert "620000000.0" in render(local, "table", PREFIXES)
    assert render(local, "csv").splitlines()[1] == "620000000.0,12,0.5,x"


def test_the_store_class_is_the_public_one() -> None:
    import zhangjiang_kg

    assert zhangjiang_kg.KnowledgeGraph is KnowledgeGraph
    assert zhangjiang_kg.load is load
    assert zhangjiang_kg.run_query is KnowledgeGraph.run_query


def test_every_public_name_is_there_and_the_validator_and_export_load_on_first_use() -> None:
    code = (
        "import sys, zhangjiang_kg as zk\n"
        "heavy = ('zhangjiang_kg.validation', 'zhangjiang_kg.rdfio.export')\n"
        "print([m for m in heavy if m in sys.modules])\n"
        "print([n for n in zk.__all__ if getattr(zk, n, None) is None])\n"
        "print([m for m in heavy if m in sys.modules])\n"
        "zk.export_graph(zk.load(), 'nt', 'background')\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines() == [
        "[]",
        "[]",
        "['zhangjiang_kg.validation']",  # the export writers wait for an export
        "['zhangjiang_kg.validation', 'zhangjiang_kg.rdfio.export']",
    ]


def test_a_name_the_package_does_not_have_is_an_attribute_error() -> None:
    import zhangjiang_kg

    with pytest.raises(AttributeError, match="has no attribute 'validate'"):
        zhangjiang_kg.validate  # noqa: B018


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<http://e/a#x> <http://e/p> "a [list] (and) _:x # no comment" .\n', True),
        ("@prefix e: <http://e/> .\ne:a e:p '''[ ( ''' , 1.5 . # [ ( _:x\n", True),
        ('@prefix e: <http://e/> .\ne:a e:p """say "x" [""" .\n', True),
        ("@prefix e: <http://e/> .\ne:a e:p [ e:q 1 ] .\n", False),
        ("@prefix e: <http://e/> .\ne:a e:p ( 1 2 ) .\n", False),
        ("@prefix e: <http://e/> .\n_:b e:p e:c .\n", False),
        ("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<http://e/o> owl:imports <http://e/x> .\n", False),
        ("@prefix e: <http://e/> .\ne:a\\#b e:p [] .\n", False),  # an escaped # is no comment
        ('<http://e/a> <http://e/p> "\\u0041" .\n', False),
    ],
)
def test_only_turtle_without_blank_nodes_or_imports_goes_straight_into_the_store(text: str, expected: bool) -> None:
    assert as_written(syntax("turtle"), text.encode()) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<http://e/a> <http://e/p> "\\u0041 [ (" .\n', True),  # escapes are common in dumps
        ("_:b <http://e/p> <http://e/c> .\n", False),
        ("<http://e/o> <http://www.w3.org/2002/07/owl#imports> <http://e/x> .\n", False),
        ("<http://e/o> <http://e/p> <http://e/x> .\n", True),
    ],
)
def test_n_triples_without_blank_nodes_or_imports_goes_straight_into_the_store(text: str, expected: bool) -> None:
    assert as_written(syntax("nt"), text.encode()) is expected


def test_turtle_the_store_loads_itself_holds_what_read_quads_reads(tmp_path: Path) -> None:
    data = tmp_path / "plain.ttl"
    data.write_text(
        "@prefix e: <http://e/> .\n# [ a comment ( \ne:a e:p 'one (1)' ; e:q e:b , <#c> .\ne:b e:p '''two [2]''' .\n",
        encoding="utf-8",
    )
    target = ox.NamedNode(GRAPHS["data"])
    assert as_written(syntax("turtle"), data.read_bytes())
    loaded = set(load([data], ontology=[], shapes=[]).store.quads_for_pattern(None, None, None, target))
    assert loaded == set(in_graph(read_quads(data), target))
    assert len(loaded) == 4


def test_turtle_with_blank_nodes_keeps_the_labels_read_quads_gives(tmp_path: Path) -> None:
    data = tmp_path / "nodes.ttl"
    data.write_text("@prefix e: <http://e/> .\ne:a e:p [ e:q 'x' ] , ( 1 ) .\n", encoding="utf-8")
    target = ox.NamedNode(GRAPHS["data"])
    loaded = set(load([data], ontology=[], shapes=[]).store.quads_for_pattern(None, None, None, target))
    assert loaded == set(in_graph(read_quads(data), target))  # Oxigraph alone would label them anew


def test_turtle_the_store_loads_itself_fails_with_file_line_and_column(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix e: <http://e/> .\ne:a e:p e:b .\ne:a e:p 'x\n", encoding="utf-8")
    assert as_written(syntax("turtle"), broken.read_bytes())
    with pytest.raises(RdfSyntaxError) as failed:
        load([broken], ontology=[], shapes=[])
    assert (str(failed.value.path), failed.value.line, failed.value.column) == (str(broken), 3, 9)


def test_an_ill_typed_literal_copied_into_rdflib_logs_no_traceback(tmp_path: Path) -> None:
    data = tmp_path / "ill.ttl"
    data.write_text(f'<{EX}s> <{EX}n> "abc"^^<{XSD_NS}integer> .\n', encoding="utf-8")
    code = f"import zhangjiang_kg as zk\nprint(len(zk.load([{str(data)!r}], ontology=[], shapes=[]).to_rdflib()))\n"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "1"
    assert "Failed to convert" not in run.stderr
    assert "Traceback" not in run.stderr
