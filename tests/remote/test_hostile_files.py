"""Hostile files, items 1-12 of issue 11 (see the table in test_hostile.py): each through the CLI in a
bounded child process, with the exit code and one-line error or the correct output it must give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile_run import (
    EX,
    PREFIXES,
    XSD,
    error_line,
    files_in,
    graph_of,
    listed,
    nested,
    no_traceback,
    query_file,
    validate_case,
    write_file,
    zjkg,
)

pytestmark = pytest.mark.slow


# --- 1: blank nodes that once made fmt and check loop forever ------------------------------------

BLANK_NODE_SHAPES = {
    "unreferenced label": "_:a <{ex}p> <{ex}o> .\n",
    "anonymous subject": "[] <{ex}p> <{ex}o> .\n",
    "shared": "<{ex}s> <{ex}p> _:b .\n<{ex}t> <{ex}p> _:b .\n_:b <{ex}p> <{ex}o> .\n",
    "collection as subject": "(<{ex}a> <{ex}b>) <{ex}p> <{ex}o> .\n",
}


@pytest.mark.parametrize("case", sorted(BLANK_NODE_SHAPES))
def test_fmt_and_check_return_on_blank_node_shapes(case: str, tmp_path: Path) -> None:
    from rdflib.compare import isomorphic

    text = BLANK_NODE_SHAPES[case].format(ex=EX)
    path = write_file(tmp_path, "bn.ttl", text)
    run = zjkg("fmt", path)
    assert run.returncode == 0, run.stderr
    assert isomorphic(graph_of(path.read_text(encoding="utf-8")), graph_of(text))
    check = zjkg("check", path, "--skip", "evidence", "--skip", "ontology-quality", "--format", "json")
    assert check.returncode == 0, check.stdout + check.stderr


# --- 2, 3: loading a store and querying the store given ------------------------------------------


def test_load_with_shapes_replace_succeeds_on_lists_and_blank_nodes(oxigraph_server, tmp_path: Path) -> None:
    data = write_file(tmp_path, "lists.ttl", listed(1000) + f"[] <{EX}p> [ <{EX}p> 1 ] .\n")
    run = zjkg("load", "--endpoint", oxigraph_server.store_url, "--replace", "--with-shapes", "--data", data)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "MISMATCH" not in run.stdout
    counts = [line for line in run.stdout.splitlines() if " sent " in line]
    assert len(counts) >= 3  # ontology, data, shapes (and background)
    assert all(line.endswith("  ok") for line in counts), run.stdout


def test_query_all_answers_from_the_store_path_given(tmp_path: Path) -> None:
    platform = write_file(
        tmp_path,
        "one.ttl",
        PREFIXES + "<https://w3id.org/zhangjiang-kg/id/only-here> a zjo:Platform ; "
        '<http://www.w3.org/2000/01/rdf-schema#label> "only here"@en ; zjo:status zjo:Planned .\n',
    )
    store = tmp_path / "store"
    assert zjkg("load", "--store-path", store, "--data", platform).returncode == 0
    run = zjkg("query", "--all", "--store-path", store)
    no_traceback(run)
    section = run.stdout.split("== platforms:", 1)[1].split("\n== ", 1)[0]
    assert "zj:only-here" in section
    assert "zj:big-data-service-platform" not in section  # not the packaged graph


# --- 4: nested SHACL results, sh:conforms with warnings -----------------------------------------

NESTED = (
    'ex:alice a ex:Person ; ex:address ex:home .\nex:home ex:street "Main" .\n',
    "ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;\n"
    "    sh:property [ sh:path ex:address ; sh:node ex:AddressShape ] .\n"
    "ex:AddressShape a sh:NodeShape ; sh:property [ sh:path ex:city ; sh:minCount 1 ] .\n",
)
WARNING_ONLY = (
    "ex:alice a ex:Person .\n",
    "ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;\n"
    "    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:severity sh:Warning ] .\n",
)


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_nested_results_are_not_violations_and_warnings_make_conforms_false(engine: str, tmp_path: Path) -> None:

    from rdflib import Literal, URIRef

    nested = validate_case(tmp_path, NESTED, "--engine", engine, "--format", "json")
    assert nested.returncode == 1
    assert json.loads(nested.stdout)["violations"] == 1  # the sh:node result, not its sh:detail
    warned = validate_case(tmp_path, WARNING_ONLY, "--engine", engine, "--format", "turtle")
    assert warned.returncode == 0  # warnings alone do not fail the command...
    conforms = URIRef("http://www.w3.org/ns/shacl#conforms")
    assert list(graph_of(warned.stdout).objects(None, conforms)) == [Literal(False)]  # ...but do not conform


# --- 5: the engines agree -----------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_derived_datatypes_pass_on_both_engines(engine: str, tmp_path: Path) -> None:
    case = (
        'ex:alice a ex:Person ; ex:age "42"^^xsd:nonNegativeInteger ; ex:level "3"^^xsd:byte ; '
        'ex:seen "2017-12-07T00:00:00Z"^^xsd:dateTimeStamp .\n',
        "ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;\n"
        "    sh:property [ sh:path ex:age ; sh:datatype xsd:nonNegativeInteger ] ,\n"
        "        [ sh:path ex:level ; sh:datatype xsd:byte ] , [ sh:path ex:seen ; sh:datatype xsd:dateTimeStamp ] .\n",
    )
    run = validate_case(tmp_path, case, "--engine", engine)
    assert run.returncode == 0, run.stdout + run.stderr


def test_blank_node_labels_of_two_files_stay_two_nodes(tmp_path: Path) -> None:
    one = write_file(tmp_path, "one.ttl", f'_:a <{EX}p> "from one" .\n')
    two = write_file(tmp_path, "two.nt", f'_:a <{EX}p> "from two" .\n')
    count = query_file(tmp_path, "count", f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{EX}p> ?o }}\n")
    run = zjkg("query", count, "--data", one, "--data", two, "--format", "csv")
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["n", "2"]


# --- 6, 7: fmt reads IRIs as the parser does, and writes what it read -----------------------------

MISREAD = {
    "prefix ending in # under @base": (
        '@base <http://example.org/dir/> .\n@prefix e: <#> .\n\n# about it\ne:s e:p "1" .\n'
    ),
    "\\u escape in an IRI": '# about it\n<http://example.org/caf\\u00E9> <http://example.org/p> "1" .\n',
    "prefix named base": '@prefix base: <http://example.org/b#> .\n\n# about it\nbase:s base:p "1" .\n',
}


@pytest.mark.parametrize("case", sorted(MISREAD))
def test_fmt_keeps_the_comment_above_iris_the_source_map_once_misread(case: str, tmp_path: Path) -> None:
    path = write_file(tmp_path, "case.ttl", MISREAD[case])
    run = zjkg("fmt", path)
    assert run.returncode == 0, run.stderr
    assert "# about it\n" in path.read_text(encoding="utf-8")


def test_fmt_keeps_relative_iris_and_refuses_n_triples(tmp_path: Path) -> None:
    relative = write_file(tmp_path, "relative.ttl", "<b>   <p> <../c> .\n<a> <p> <#d> .\n")
    run = zjkg("fmt", relative)
    assert run.returncode == 0, run.stderr
    text = relative.read_text(encoding="utf-8")
    assert "file:" not in text
    assert "<../c>" in text
    triples = write_file(tmp_path, "plain.nt", f"<{EX}s> <{EX}p> <{EX}o> .\n")
    refused = zjkg("fmt", triples)
    assert refused.returncode == 2
    assert "is N-Triples, not Turtle" in error_line(refused)
    assert triples.read_text(encoding="utf-8") == f"<{EX}s> <{EX}p> <{EX}o> .\n"


# --- 8-11: export keeps every literal, refuses what XML cannot hold, stays near-linear -----------

LINE_SEPARATORS = "a\u000bb\u000cc\u001cd\u001de\u001ef\u0085g\u2028h\u2029i"


@pytest.mark.parametrize("fmt", ["nt", "nquads", "trig"])
def test_line_separators_in_literals_survive_export(fmt: str, tmp_path: Path) -> None:
    import pyoxigraph as ox

    escaped = "".join(f"\\u{ord(c):04X}" if ord(c) > 0x7A or ord(c) < 0x20 else c for c in LINE_SEPARATORS)
    data = write_file(tmp_path, "seps.ttl", f'<{EX}s> <{EX}p> "{escaped}" .\n')
    out = tmp_path / f"out.{fmt}"
    run = zjkg("export", "--data", data, "--graph", "data", "--format", fmt, "-o", out)
    assert run.returncode == 0, run.stderr
    syntax = {"nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[fmt]
    values = [q.object.value for q in ox.parse(path=str(out), format=syntax)]
    assert values == [LINE_SEPARATORS]


def test_rdf_xml_that_xml_cannot_hold_is_refused_and_not_written(tmp_path: Path) -> None:
    data = write_file(tmp_path, "control.ttl", f'<{EX}s> <{EX}p> "bell\\u0007" .\n')
    out = write_file(tmp_path, "out.rdf", "old\n")
    for _store in ("store",):
        run = zjkg("export", "--data", data, "--format", "xml", "-o", out)
        assert run.returncode == 2
        assert "XML" in error_line(run)
    assert files_in(tmp_path) == {"control.ttl": data.read_bytes(), "out.rdf": b"old\n"}


def test_lexical_forms_are_kept_and_both_engines_write_the_same_bytes(tmp_path: Path) -> None:
    forms = ['"01"^^xsd:integer', '"+1"^^xsd:integer', '"1"^^xsd:integer', '"1.0"^^xsd:decimal', '"1"^^xsd:byte']
    data = write_file(tmp_path, "forms.ttl", PREFIXES + "".join(f"ex:s ex:p {form} .\n" for form in forms))
    outputs = {}
    for _store in ("store",):
        run = zjkg("export", "--data", data, "--graph", "data", "--format", "nt")
        assert run.returncode == 0, run.stderr
        outputs[_store] = run.stdout
    assert len(outputs["store"].splitlines()) == 5
    for lexical in ('"01"', '"+1"', '"1"^^', '"1.0"', f'"1"^^<{XSD}byte>'):
        assert lexical in outputs["store"]


@pytest.mark.parametrize("shape", ["3000-item list", "depth 2000"])
def test_long_lists_and_deep_nesting_export_within_the_bound(shape: str, tmp_path: Path) -> None:
    """Before: 3000 items took over two minutes, depth 2000 a RecursionError. The bound is the
    subprocess time-out; how fast is the benchmarks' business."""
    data = write_file(tmp_path, "chain.ttl", listed(3000) if shape.endswith("list") else nested(2000))
    outputs = []
    for _store in ("store",):
        run = zjkg("export", "--data", data, "--graph", "data", "--format", "turtle")
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    assert len(graph_of(outputs[0], "turtle")) == (6001 if shape.endswith("list") else 2001)


# --- 12: billion laughs ------------------------------------------------------------------------

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY a "hahahahahahahahahahaha">\n'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8))
    + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
    '<rdf:Description rdf:about="http://example.org/s"><ex:p>&i;</ex:p></rdf:Description>\n</rdf:RDF>\n'
)


@pytest.mark.parametrize("command", [["query", "platforms", "--data"], ["export", "--data"], ["validate"], ["diff"]])
def test_billion_laughs_is_refused_within_the_memory_bound(command: list[str], tmp_path: Path) -> None:
    laughs = write_file(tmp_path, "laughs.rdf", LAUGHS)
    args = [*command, laughs, laughs] if command == ["diff"] else [*command, laughs]
    run = zjkg(*args)
    assert run.returncode == 2
    assert "DTD entity declarations are refused" in error_line(run)
