"""Saved queries: catalogue from headers, typed parameters, safe binding, errors, result formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from zhangjiang_kg.errors import (
    InputError,
    ParameterError,
    QueryError,
    QuerySyntaxError,
    UnknownFormatError,
    UnknownQueryError,
)
from zhangjiang_kg.queries import catalogue as queries
from zhangjiang_kg.queries.results import RESULT_FORMATS, QueryResult, render
from zhangjiang_kg.rdfio.terms import to_oxigraph, to_rdflib
from zhangjiang_kg.vocab import PREFIXES

from rdflib_oracle import prepare as rdflib_prepare
from rdflib_oracle import run as rdflib_run
from rdflib_oracle import view

ZJ, ZJO = PREFIXES["zj"], PREFIXES["zjo"]


@pytest.fixture
def qdir(mini: Path) -> Path:
    return mini / "queries"


def test_catalogue_reads_grlc_headers(qdir: Path) -> None:
    found = {q.name: q for q in queries.catalogue(qdir)}
    assert sorted(found) == [
        "facts-by-status",
        "facts-without-derivation-violation",
        "figures-above",
        "funds",
        "labelled",
    ]
    funds = found["funds"]
    assert funds.summary == "Funds and their status"
    assert funds.description.startswith("Every fund with its label")
    assert funds.tags == ["funds", "status"]
    assert funds.parameters == []
    assert found["facts-without-derivation-violation"].is_violation
    assert not funds.is_violation


def test_parameters_are_typed_by_suffix() -> None:
    text = (
        "SELECT * WHERE { ?s ?_a_iri ?_b_literal . FILTER(?x > ?_n_integer && ?y > ?_d_decimal && ?z = ?_day_date) "
        "?s ?p ?__opt_iri . ?s ?p ?_plain . ?s ?p ?_old_xsd_integer }"
    )
    params = {p.name: p for p in queries.find_parameters(text)}
    assert {n: p.kind for n, p in params.items()} == {
        "a": "iri",
        "b": "literal",
        "n": "integer",
        "d": "decimal",
        "day": "date",
        "opt": "iri",
        "plain": "literal",
        "old": "integer",
    }
    assert params["opt"].optional
    assert not params["a"].optional
    assert params["old"].variable == "_old_xsd_integer"


def test_a_parameter_is_required_unless_it_has_a_default_or_is_optional() -> None:
    saved = queries.from_text(
        "#+ defaults:\n#+   - status: zjo:Planned\nSELECT * WHERE { ?s ?_a_iri ?_status_iri ; ?p ?__opt_iri }", name="t"
    )
    assert {p.name: p.required for p in saved.parameters} == {"a": True, "status": False, "opt": False}


def test_a_violation_check_fails_on_a_row_or_a_true_ask() -> None:
    check = queries.from_text("SELECT ?s WHERE { ?s ?p ?o }", name="orphans-violation")
    listing = queries.from_text("SELECT ?s WHERE { ?s ?p ?o }", name="orphans")
    row = QueryResult(["s"], [{"s": ox.NamedNode(ZJ + "x")}])
    assert check.failed_by(row)
    assert not check.failed_by(QueryResult(["s"], []))
    assert check.failed_by(QueryResult([], boolean=True))
    assert not check.failed_by(QueryResult([], boolean=False))
    assert not listing.failed_by(row)  # rows of a plain query are answers, not defects


def test_parameter_lookalikes_in_comments_strings_and_iris_are_ignored() -> None:
    text = '# ?_commented_iri\nSELECT ?s WHERE { ?s <http://x.org/?_q_iri> "?_str_literal" }'
    assert queries.find_parameters(text) == []


def test_header_lists_inline_and_defaults() -> None:
    text = (
        "#+ summary: S\n#+ tags: [a, b]\n#+ defaults:\n#+   - status: zjo:Planned\n"
        "SELECT ?x WHERE { ?x ?p ?_status_iri }"
    )
    saved = queries.from_text(text, name="t")
    assert saved.tags == ["a", "b"]
    assert saved.parameters[0].default == "zjo:Planned"
    assert queries.bind(saved) == {"_status_iri": ox.NamedNode(ZJO + "Planned")}


def test_find_query_by_name_by_name_with_suffix_and_by_path(qdir: Path) -> None:
    assert queries.find_query("funds", qdir).name == "funds"
    assert queries.find_query("funds.rq", qdir).name == "funds"
    assert queries.find_query(str(qdir / "labelled.rq")).name == "labelled"


def test_find_query_reads_only_the_file_asked_for(tmp_path: Path) -> None:
    (tmp_path / "good.rq").write_text("SELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    (tmp_path / "deep.rq").write_text("ASK " + "{" * 100_000 + "}" * 100_000, encoding="utf-8")
    assert queries.find_query("good", tmp_path).text.startswith("SELECT")  # deep.rq is never read
    with pytest.raises(QuerySyntaxError, match=r"deep\.rq:1:\d+: SPARQL syntax error: nested"):
        queries.find_query("deep", tmp_path)


def test_a_missing_query_file_is_an_input_error(tmp_path: Path, qdir: Path) -> None:
    with pytest.raises(InputError, match="no such query file"):
        queries.find_query(str(tmp_path / "nope.rq"), qdir)


def test_a_query_file_with_the_sparql_suffix(tmp_path: Path) -> None:
    path = tmp_path / "q.sparql"
    path.write_text("SELECT ?s WHERE { ?s ?p ?o }")
    assert queries.find_query(str(path)).name == "q"


def test_unknown_query_suggests_close_names(qdir: Path) -> None:
    with pytest.raises(UnknownQueryError) as caught:
        queries.find_query("fund", qdir)
    assert caught.value.suggestions[0] == "funds"
    assert "Did you mean: funds" in str(caught.value)


def test_unknown_query_without_close_names(qdir: Path) -> None:
    with pytest.raises(UnknownQueryError) as caught:
        queries.find_query("zzzzzzzz", qdir)
    assert caught.value.suggestions == []
    assert str(caught.value) == "no saved query named 'zzzzzzzz'."


def test_syntax_error_names_query_and_position() -> None:
    saved = queries.from_text("SELECT ?x WHERE {\n  ?x ?p \n}", name="broken")
    with pytest.raises(QuerySyntaxError) as caught:
        rdflib_prepare(saved)
    assert caught.value.name == "broken"
    assert (caught.value.line, caught.value.column) == (2, 3)  # the pattern that does not finish
    assert str(caught.value).startswith("broken:2:3: SPARQL syntax error: ")


def test_unknown_prefix_is_a_syntax_error() -> None:
    with pytest.raises(QuerySyntaxError, match="undeclared"):
        rdflib_prepare(queries.from_text("SELECT ?x WHERE { ?x undeclared:p ?y }", name="p"))


def test_run_a_query(mini_kg, qdir: Path) -> None:
    result = rdflib_run(mini_kg, queries.find_query("funds", qdir))
    assert result.variables == ["fund", "label", "status"]
    assert [(r["fund"].value, r["status"].value) for r in result.rows] == [
        (ZJ + "industry-fund", ZJO + "Planned"),
        (ZJ + "special-fund", ZJO + "Achieved"),
    ]


@pytest.mark.parametrize("value", ["zjo:Planned", ZJO + "Planned", f"<{ZJO}Planned>"])
def test_iri_parameter_forms(mini_kg, qdir: Path, value: str) -> None:
    result = rdflib_run(mini_kg, queries.find_query("facts-by-status", qdir), {"status": value})
    assert [r["fact"].value for r in result.rows] == [ZJ + "industry-fund"]


def test_decimal_and_literal_parameters(mini_kg, qdir: Path) -> None:
    above = queries.find_query("figures-above", qdir)
    assert len(rdflib_run(mini_kg, above, {"min": "1000"}).rows) == 1
    assert rdflib_run(mini_kg, above, {"min": "1e12"}).rows == []
    labelled = queries.find_query("labelled", qdir)
    assert [r["thing"].value for r in rdflib_run(mini_kg, labelled, {"label": "industry fund"}).rows] == [
        ZJ + "industry-fund"
    ]


@pytest.mark.parametrize(
    "injection",
    [
        '" || true || "',
        '") } UNION { ?thing ?p ?o } #',
        "x' . ?thing ?p ?o . FILTER('a",
        'industry fund" ) || (STR(?label) != "',
    ],
)
def test_literal_injection_cannot_change_the_query(mini_kg, qdir: Path, injection: str) -> None:
    result = rdflib_run(mini_kg, queries.find_query("labelled", qdir), {"label": injection})
    assert result.rows == []


@pytest.mark.parametrize(
    "injection",
    [
        f"{ZJO}Planned> . ?fact ?p ?o . #",
        f"{ZJO}Planned> }} UNION {{ ?fact ?p ?o",
        "zjo:Planned } #",
        "not an iri",
    ],
)
def test_iri_injection_is_refused(mini_kg, qdir: Path, injection: str) -> None:
    with pytest.raises(ParameterError) as caught:
        rdflib_run(mini_kg, queries.find_query("facts-by-status", qdir), {"status": injection})
    assert caught.value.parameter == "status"
    assert "type: iri" in str(caught.value)


def test_missing_parameter_names_it_and_its_type(mini_kg, qdir: Path) -> None:
    with pytest.raises(ParameterError) as caught:
        rdflib_run(mini_kg, queries.find_query("facts-by-status", qdir))
    assert str(caught.value) == (
        "query 'facts-by-status', parameter 'status': missing; give it with --param status=VALUE (type: iri)"
    )


def test_unknown_parameter_lists_the_valid_ones(mini_kg, qdir: Path) -> None:
    with pytest.raises(ParameterError, match="this query takes: status"):
        rdflib_run(mini_kg, queries.find_query("facts-by-status", qdir), {"status": "zjo:Planned", "colour": "x"})


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("integer", " 42 ", Literal(42)),
        ("decimal", "89.8", Literal(Decimal("89.8"))),
        ("decimal", "1e12", Literal(Decimal("1e12"))),
        ("date", "2017-12-07", Literal(date(2017, 12, 7))),
        ("boolean", "true", Literal(True)),
        ("boolean", "0", Literal(False)),
        ("literal", 'a "quoted" value', Literal('a "quoted" value')),
    ],
)
def test_typed_values(kind: str, value: str, expected: Literal) -> None:
    """Values are pyoxigraph terms with the lexical forms rdflib gives the same Python value."""
    saved = queries.from_text(f"SELECT ?s WHERE {{ ?s ?p ?_v_{kind} }}", name="t")
    bound = queries.bind(saved, {"v": value})
    assert bound == {f"_v_{kind}": to_oxigraph(expected)}
    assert to_rdflib(bound[f"_v_{kind}"]) == expected


@pytest.mark.parametrize(
    ("kind", "value"),
    [("integer", "1.5"), ("decimal", "NaN"), ("decimal", "ten"), ("date", "07/12/2017"), ("boolean", "maybe")],
)
def test_badly_typed_values(kind: str, value: str) -> None:
    saved = queries.from_text(f"SELECT ?s WHERE {{ ?s ?p ?_v_{kind} }}", name="t")
    with pytest.raises(ParameterError, match=f"type: {kind}"):
        queries.bind(saved, {"v": value})


def test_optional_parameter_may_be_left_out(mini_kg) -> None:
    saved = queries.from_text(
        "SELECT ?s WHERE { ?s <https://w3id.org/zhangjiang-kg/ontology#status> ?__st_iri }", name="opt"
    )
    assert len(rdflib_run(mini_kg, saved).rows) == 4
    assert len(rdflib_run(mini_kg, saved, {"st": "zjo:Planned"}).rows) == 1


def test_ask_and_construct(mini_kg) -> None:
    ask = queries.from_text("ASK { ?s a <https://w3id.org/zhangjiang-kg/ontology#Fund> }", name="ask")
    assert rdflib_run(mini_kg, ask).boolean is True
    construct = queries.from_text(
        "CONSTRUCT { ?s a <urn:x:Thing> } WHERE { ?s a <https://w3id.org/zhangjiang-kg/ontology#Fund> }", name="c"
    )
    result = rdflib_run(mini_kg, construct)
    assert result.variables == ["subject", "predicate", "object"]
    assert [r["subject"].value for r in result.rows] == [ZJ + "industry-fund", ZJ + "special-fund"]


def test_evaluation_failure_is_a_query_error(mini_kg) -> None:
    saved = queries.from_text("SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", name="svc")
    with pytest.raises(QueryError, match="'svc' failed"):
        mini_kg.run_query(saved, allow_network=True)  # port 9 on the loopback: refused at once


def test_with_values_serialises_terms_inside_the_where_group(mini_kg) -> None:
    saved = queries.from_text("SELECT ?s WHERE { ?s ?p ?_v_literal }", name="t")
    text = queries.with_values(saved, queries.bind(saved, {"v": 'a"} . ?s ?p ?o #'}))
    assert text == 'SELECT ?s WHERE { VALUES (?_v_literal) { ("a\\"} . ?s ?p ?o #") } ?s ?p ?_v_literal }'
    assert list(view(mini_kg).merged().query(text)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "# WHERE { in a comment\nPREFIX ex: <http://x.org/WHERE#>\nSELECT ?s { ?s ex:p ?_v_iri }",
            "# WHERE { in a comment\nPREFIX ex: <http://x.org/WHERE#>\n"
            "SELECT ?s { VALUES (?_v_iri) { (<urn:a>) } ?s ex:p ?_v_iri }",
        ),
        (
            "CONSTRUCT { ?s <urn:p> 'WHERE {' } WHERE { ?s ?p ?_v_iri }",
            "CONSTRUCT { ?s <urn:p> 'WHERE {' } WHERE { VALUES (?_v_iri) { (<urn:a>) } ?s ?p ?_v_iri }",
        ),
        ("ASK { ?s ?p ?_v_iri }", "ASK { VALUES (?_v_iri) { (<urn:a>) } ?s ?p ?_v_iri }"),
    ],
)
def test_with_values_finds_the_outer_group(text: str, expected: str) -> None:
    saved = queries.from_text(text, name="t")
    assert queries.with_values(saved, queries.bind(saved, {"v": "urn:a"})) == expected
    Graph().query(expected)  # parses and runs


# -- rendering -------------------------------------------------------------------------------

XSD_INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
XSD_DEC = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
XSD_S = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")

RESULT = QueryResult(
    variables=["thing", "label", "n"],
    rows=[
        {
            "thing": ox.NamedNode(ZJ + "special-fund"),
            "label": ox.Literal("special, fund", language="en"),
            "n": ox.Literal("3", datatype=XSD_INT),
        },
        {"thing": ox.NamedNode("http://example.org/x"), "label": None, "n": ox.Literal("tab\there")},
    ],
)


def test_render_table() -> None:
    text = render(RESULT, "table", PREFIXES)
    lines = text.splitlines()
    assert lines[0].split() == ["thing", "label", "n"]
    assert lines[2].split()[0] == "zj:special-fund"
    assert "special, fund@en" in lines[2]
    assert lines[-1] == "(2 rows)"


def test_render_csv_round_trips() -> None:
    rows = list(csv.reader(io.StringIO(render(RESULT, "csv"))))
    assert rows[0] == ["thing", "label", "n"]
    assert rows[1] == [ZJ + "special-fund", "special, fund", "3"]
    assert rows[2][1] == ""


def test_render_tsv_uses_ntriples_terms() -> None:
    lines = render(RESULT, "tsv").splitlines()
    assert lines[0] == "?thing\t?label\t?n"
    assert lines[1].split("\t") == [f"<{ZJ}special-fund>", '"special, fund"@en', "3"]
    assert len(lines[2].split("\t")) == 3


def test_render_json_is_sparql_results_json_and_reads_back() -> None:
    document = json.loads(render(RESULT, "json"))
    assert document["head"]["vars"] == ["thing", "label", "n"]
    assert document["results"]["bindings"][0]["label"] == {
        "type": "literal",
        "value": "special, fund",
        "xml:lang": "en",
    }
    assert "label" not in document["results"]["bindings"][1]
    assert QueryResult.from_sparql_json(document) == RESULT


def test_rows_are_pyoxigraph_terms() -> None:
    document = json.loads(render(RESULT, "json"))
    read = QueryResult.from_sparql_json(document)
    assert isinstance(read.rows[0]["thing"], ox.NamedNode)
    assert to_rdflib(read.rows[0]["n"]) == Literal("3", datatype=URIRef(XSD_INT.value))  # the one way to rdflib


def test_tsv_writes_oxigraphs_ntriples_forms() -> None:
    rows = [{"x": ox.Literal('a"b\x01\n', language="en")}, {"x": ox.Literal("2.50", datatype=XSD_DEC)}]
    rows.append({"x": ox.Literal("x", datatype=XSD_S)})
    lines = render(QueryResult(["x"], rows), "tsv").splitlines()
    assert lines[1:] == ['"a\\"b\\u0001\\n"@en', f'"2.50"^^<{XSD_DEC.value}>', '"x"']


def _binding(term: dict[str, str]) -> dict[str, object]:
    return {"head": {"vars": ["v"]}, "results": {"bindings": [{"v": {"type": "uri", "value": ZJ + "a"}}, {"v": term}]}}


@pytest.mark.parametrize(
    ("term", "shown"),
    [
        ({"type": "uri", "value": "http://example.org/x y"}, "http://example.org/x y"),
        ({"type": "literal", "value": "x", "xml:lang": "not a tag"}, "not a tag"),
        ({"type": "literal", "value": "x", "datatype": "not an iri"}, "not an iri"),
        ({"type": "triple", "value": "x"}, "triple"),
    ],
)
def test_an_endpoint_term_rdf_does_not_allow_is_a_query_error_naming_it(term: dict[str, str], shown: str) -> None:
    with pytest.raises(QueryError, match=r"^row 2, \?v: not an RDF term: .*") as caught:
        QueryResult.from_sparql_json(_binding(term))
    assert shown in str(caught.value)


def test_an_endpoints_blank_node_labels_stay_apart_and_together_and_the_same_in_every_answer() -> None:
    bindings = [
        {"b": {"type": "bnode", "value": label}} for label in ("nodeID://b1", "nodeID://b2", "nodeID://b1", "b3")
    ]
    read = QueryResult.from_sparql_json({"head": {"vars": ["b"]}, "results": {"bindings": bindings}})
    nodes = [row["b"] for row in read.rows]
    assert all(isinstance(node, ox.BlankNode) for node in nodes)
    assert nodes[0] == nodes[2] != nodes[1]
    assert nodes[3] == ox.BlankNode("b3")  # a valid label is kept
    again = QueryResult.from_sparql_json({"head": {"vars": ["b"]}, "results": {"bindings": bindings[:1]}})
    assert again.rows[0]["b"] == nodes[0] == ox.BlankNode("nodeID___b1")  # Virtuoso's node, in any answer


def test_render_ask() -> None:
    ask = QueryResult(variables=[], boolean=True)
    assert render(ask, "table") == "yes\n"
    assert json.loads(render(ask, "json"))["boolean"] is True
    assert render(ask, "csv").splitlines() == ["boolean", "true"]


def test_unknown_result_format() -> None:
    with pytest.raises(UnknownFormatError, match="valid formats: text, csv, tsv, json"):
        render(RESULT, "xlsx")
    assert list(RESULT_FORMATS) == ["text", "csv", "tsv", "json"]


def test_table_is_still_taken_for_text() -> None:
    assert render(RESULT, "table", PREFIXES) == render(RESULT, "text", PREFIXES)
