"""Every saved competency query returns its expected answer, and every saved query the same rows on
every store: the in-process Oxigraph engine, an Oxigraph server's SPARQL endpoint, and rdflib's
engine as the oracle, with and without each optional parameter.

Expected answers live in ``tests/queries/expected/<query>.json``: the projected variables and the rows in
the query's order (for the parameters under ``params``, when a query's answer without them is the whole
graph; else for its defaults), each cell a Turtle term (``zj:zhangjiang-zone``, ``"CNY"``, ``"17"^^xsd:integer``,
``"hospitals"@en``) or ``null`` when unbound. They were written from the article and checked row by
row; when the data changes on purpose, update them by hand, never by pasting a query's output.

Literals are compared by value and datatype: a plain literal equals its ``xsd:string`` form and
``"620000000.0"^^xsd:decimal`` equals ``"620000000"^^xsd:decimal``. Any other difference between
the engines is a bug in the query (it must be portable SPARQL 1.1).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib import namespace as rdf_namespace
from rdflib.namespace import NamespaceManager
from rdflib.util import from_n3
from zhangjiang_kg import resources
from zhangjiang_kg.errors import ParameterError
from zhangjiang_kg.queries import catalogue as queries
from zhangjiang_kg.rdfio.terms import to_rdflib
from zhangjiang_kg.store.rdflib_view import new_graph

from rdflib_oracle import run as rdflib_run
from rdflib_oracle import view

XSD_NS = str(rdf_namespace.XSD)  # a string: pytest's collection trips over ClosedNamespace objects
EXPECTED = Path(__file__).resolve().parent / "expected"
SAVED = [saved for saved in queries.catalogue(resources.queries_dir()) if not saved.is_violation]
NAMES = [saved.name for saved in SAVED]
BY_NAME = {saved.name: saved for saved in SAVED}
PARAMETERISED = [saved.name for saved in SAVED if saved.parameters]

NUMERIC = {XSD_NS + name for name in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}
IRI_INJECTIONS = [
    "zj:x> } UNION { ?s ?p ?o",
    "<https://w3id.org/zhangjiang-kg/id/zhangjiang-zone> . ?s ?p ?o",
    'https://w3id.org/zhangjiang-kg/id/x"',
    "https://w3id.org/zhangjiang-kg/id/no-such-node",
]
LITERAL_INJECTIONS = [
    '" ) } UNION { ?s ?p ?o } #',
    'CNY" . ?figure ?p ?o . #',
    "'CNY'",
]


# --------------------------------------------------------------------------------------------
# Terms: reading expected cells and comparing terms across engines
# --------------------------------------------------------------------------------------------


def canonical(term: Any) -> Any:
    """A key equal for two terms exactly when the engines agree on them (see the module doc)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        if term.language:
            return ("lang", str(term), term.language.lower())
        datatype = str(term.datatype or XSD_NS + "string")
        if datatype in NUMERIC:
            try:
                return ("number", datatype, Decimal(str(term)).normalize())
            except InvalidOperation:
                pass
        return ("literal", str(term), datatype)
    raise TypeError(f"unexpected term {term!r}")


def canonical_rows(variables: list[str], rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Rows of pyoxigraph terms (as the package gives them), each cell by :func:`canonical`."""
    return [tuple(canonical(_rdflib(row.get(var))) for var in variables) for row in rows]


def _rdflib(term: Any) -> Any:
    return None if term is None else to_rdflib(term)


def namespaces() -> NamespaceManager:
    return new_graph().namespace_manager


def expected_document(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    return document


def expected_params(name: str) -> dict[str, str]:
    """The parameters the expected answer was written for (none: the query's defaults)."""
    params: dict[str, str] = expected_document(name).get("params", {})
    return params


def expected_answer(name: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Variables and canonical rows of ``tests/queries/expected/<name>.json``."""
    document = expected_document(name)
    variables: list[str] = document["variables"]
    nsm = namespaces()
    rows = []
    for number, cells in enumerate(document["rows"], start=1):
        assert len(cells) == len(variables), (
            f"{name}.json row {number}: {len(cells)} cells for {len(variables)} variables"
        )
        rows.append(tuple(canonical(None if cell is None else from_n3(cell, nsm=nsm)) for cell in cells))
    return variables, rows


# --------------------------------------------------------------------------------------------
# Engines: rdflib through the package's runner, and pyoxigraph directly
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rdflib_graph(shipped_kg: Any) -> Any:
    """Ontology + data as one rdflib graph (what ``queries.run`` queries)."""
    return view(shipped_kg).merged()


@pytest.fixture(scope="module")
def oxigraph_store() -> Any:
    """Ontology + data loaded into the default graph of an in-memory Oxigraph store."""
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    for path in [*resources.ontology_files(), *resources.data_files()]:
        store.load(path=str(path), format=pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip(".")))
    return store


def run_rdflib(graph: Any, name: str, params: dict[str, str] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    result = rdflib_run(graph, BY_NAME[name], params)
    return result.variables, canonical_rows(result.variables, result.rows)


def run_oxigraph(
    store: Any, name: str, params: dict[str, str] | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Parameters bound as endpoints get them: a trailing VALUES block of serialised terms.

    (Oxigraph's own substitution only accepts projected variables, and grlc parameters are not.)
    """
    saved = BY_NAME[name]
    solutions = store.query(queries.with_values(saved, queries.bind(saved, params)))
    variables = [var.value for var in solutions.variables]
    rows = [{var: solution[var] for var in variables} for solution in solutions]
    return variables, canonical_rows(variables, rows)


def show(rows: list[tuple[Any, ...]]) -> str:
    return "\n".join(repr(row) for row in rows)


# --------------------------------------------------------------------------------------------
# The catalogue: every query has a header, defaults and an expected answer
# --------------------------------------------------------------------------------------------


def test_there_are_at_least_fifteen_competency_queries() -> None:
    assert len(NAMES) >= 15, NAMES


def test_every_expected_answer_belongs_to_a_query() -> None:
    orphans = sorted(p.stem for p in EXPECTED.glob("*.json") if p.stem not in BY_NAME)
    assert not orphans, f"expected answers without a query in queries/: {orphans}"


@pytest.mark.parametrize("name", NAMES)
def test_query_has_header_and_expected_answer(name: str) -> None:
    saved = BY_NAME[name]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), f"{name}: file names are kebab-case"
    assert saved.summary.strip(), f"{name}.rq: no '#+ summary:' line"
    assert "\n" not in saved.summary
    assert saved.description.strip(), f"{name}.rq: no '#+ description:' line"
    assert saved.tags, f"{name}.rq: no '#+ tags: [...]'"
    assert all(tag.strip() for tag in saved.tags), f"{name}.rq: no '#+ tags: [...]'"
    assert (EXPECTED / f"{name}.json").is_file(), f"no expected answer tests/queries/expected/{name}.json"
    for parameter in saved.parameters:
        if parameter.optional and parameter.default is None:
            continue  # an optional parameter (?__name_kind) may be left unbound by default
        assert parameter.default is not None, f"{name}.rq: parameter {parameter.name} has no '#+ defaults:' value"


@pytest.mark.parametrize("name", NAMES)
def test_query_is_portable_sparql(name: str) -> None:
    """The project's portability rules, checked on the query text (comments and strings removed)."""
    body = "\n".join(line for line in BY_NAME[name].text.splitlines() if not line.lstrip().startswith("#"))
    body = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', body)
    assert re.search(r"^\s*SELECT\s", body, re.MULTILINE | re.IGNORECASE), "a saved competency query is a SELECT"
    assert not re.search(r"SELECT\s+(DISTINCT\s+)?\*", body, re.IGNORECASE), "project explicit variables, not *"
    assert not re.search(r"\b(GRAPH|FROM)\b", body), "no GRAPH or FROM: the default graph is ontology + data"
    assert re.search(r"\bORDER\s+BY\b", body, re.IGNORECASE), "results must be ordered"
    assert "GROUP_CONCAT" not in body.upper(), "GROUP_CONCAT order differs between engines"
    for prefix in sorted(set(re.findall(r"(?<![\w?<])([a-z][\w-]*):(?=[A-Za-z_])", body)) - {"http", "https"}):
        assert re.search(rf"PREFIX\s+{prefix}:", body), f"declare PREFIX {prefix}: in the query itself"


# --------------------------------------------------------------------------------------------
# Answers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_query_returns_its_expected_answer(rdflib_graph: Any, name: str) -> None:
    want_vars, want = expected_answer(name)
    got_vars, got = run_rdflib(rdflib_graph, name, expected_params(name))
    assert got_vars == want_vars
    assert got == want, (
        f"{name}: rows differ from tests/queries/expected/{name}.json\ngot:\n{show(got)}\nwant:\n{show(want)}"
    )


@pytest.mark.parametrize("name", NAMES)
def test_oxigraph_gives_the_same_rows_in_the_same_order(rdflib_graph: Any, oxigraph_store: Any, name: str) -> None:
    rdflib_vars, rdflib_rows = run_rdflib(rdflib_graph, name)
    ox_vars, ox_rows = run_oxigraph(oxigraph_store, name)
    assert ox_vars == rdflib_vars
    assert ox_rows == rdflib_rows, f"{name}: engines differ\nrdflib:\n{show(rdflib_rows)}\noxigraph:\n{show(ox_rows)}"


def test_facts_by_status_achieved_equals_achieved_facts(rdflib_graph: Any) -> None:
    """Two ways to ask for achievements agree, except that achieved-facts leaves out assessments."""
    _, by_status = run_rdflib(rdflib_graph, "facts-by-status", {"status": "zjo:Achieved"})
    _, achieved = run_rdflib(rdflib_graph, "achieved-facts")
    judgements = [row[1:] for row in by_status if row[2][1].endswith("ontology#Assessment")]
    assert judgements == [], "the article's judgements are never achievements"
    assert [row[1:] for row in by_status] == [row[:3] for row in achieved]
    assert len(achieved) > 0


def test_a_parameter_value_other_than_the_default_changes_the_answer(rdflib_graph: Any, oxigraph_store: Any) -> None:
    """The quote behind the stem cell revenue estimate, at its place in the article."""
    params = {"fact": "zj:stem-cell-annual-revenue"}
    _, rows = run_rdflib(rdflib_graph, "fact-evidence", params)
    quote = "billions of yuan"
    assert [(row[0][1], row[3][1]) for row in rows] == [
        ("https://w3id.org/zhangjiang-kg/id/stem-cell-annual-revenue", quote)
    ]
    start, end = rows[0][4][2], rows[0][5][2]
    assert end - start == len(quote)
    assert run_oxigraph(oxigraph_store, "fact-evidence", params)[1] == rows


# --------------------------------------------------------------------------------------------
# Parameters cannot change the query
# --------------------------------------------------------------------------------------------


def _injection_cases() -> list[Any]:
    cases = []
    for name in PARAMETERISED:
        for parameter in BY_NAME[name].parameters:
            values = IRI_INJECTIONS if parameter.kind == "iri" else LITERAL_INJECTIONS
            cases += [
                pytest.param(name, parameter.name, value, id=f"{name}:{parameter.name}:{i}")
                for i, value in enumerate(values)
            ]
    return cases


@pytest.mark.parametrize(("name", "parameter", "value"), _injection_cases())
def test_injected_parameter_returns_nothing(
    rdflib_graph: Any, oxigraph_store: Any, name: str, parameter: str, value: str
) -> None:
    """A hostile value is refused or matches nothing; it never widens the answer."""
    try:
        _, rows = run_rdflib(rdflib_graph, name, {parameter: value})
    except ParameterError as error:
        assert (error.query, error.parameter) == (name, parameter)
        return
    assert rows == [], f"{name} with {parameter}={value!r} returned rows:\n{show(rows)}"
    assert run_oxigraph(oxigraph_store, name, {parameter: value})[1] == []


# --------------------------------------------------------------------------------------------
# Every store: the in-process Oxigraph engine, a SPARQL endpoint, and rdflib's engine as oracle,
# with and without each optional parameter
# --------------------------------------------------------------------------------------------

#: A value for every optional parameter of a saved query, so each runs with it and without it.
OPTIONAL_VALUES: dict[str, list[dict[str, str]]] = {
    "triple-evidence": [
        {"subject": "zj:fund-investment-cny"},
        {"predicate": "schema:value"},
        {"object": "zj:system-multiomics"},
        {"objectText": "Advertorial"},
        {"objectText": "620000000", "datatype": "xsd:decimal"},
        {"datatype": "xsd:integer"},
        {"subject": "zj:medical-genome-platform", "predicate": "dcterms:hasPart", "object": "zj:system-multiomics"},
    ],
}


def _store_cases() -> list[Any]:
    every = [saved.name for saved in queries.catalogue(resources.queries_dir())]  # the violation checks too
    cases = [pytest.param(name, {}, id=f"{name}:defaults") for name in every]
    for name, values in OPTIONAL_VALUES.items():
        cases += [pytest.param(name, params, id=f"{name}:{'+'.join(params)}") for params in values]
    return cases


def test_every_optional_parameter_has_a_value_to_run_with() -> None:
    """A new optional parameter is run with and without it on every store: it needs a value here."""
    for name in NAMES:
        optional = {p.name for p in BY_NAME[name].parameters if p.optional}
        given = {key for params in OPTIONAL_VALUES.get(name, []) for key in params}
        assert optional <= given, f"{name}: no value in OPTIONAL_VALUES for {sorted(optional - given)}"


def _canonical_result(result: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
    return result.variables, canonical_rows(result.variables, result.rows)


@pytest.mark.parametrize(("name", "params"), _store_cases())
def test_every_store_gives_the_same_rows(
    run_oracle: Any, oxigraph_engine: Any, endpoint: str, name: str, params: dict[str, str]
) -> None:
    from zhangjiang_kg.remote.sparql import run_saved

    saved = queries.find_query(name, resources.queries_dir())
    variables, want = _canonical_result(run_oracle(saved, params))
    in_process = _canonical_result(oxigraph_engine.run_query(saved, params))
    remote = _canonical_result(run_saved(endpoint, saved, params))
    assert in_process == (variables, want), f"{name} {params}: in-process Oxigraph differs from the oracle"
    assert remote == (variables, want), f"{name} {params}: the endpoint differs from the oracle"
    if params and name in OPTIONAL_VALUES:
        assert want, f"{name} {params}: the case should return rows, or it proves nothing"


# --------------------------------------------------------------------------------------------
# triple-evidence: optional parameters, literals by value and datatype
# --------------------------------------------------------------------------------------------

STATEMENTS = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?statement ?subject ?predicate ?object WHERE {
  ?statement a rdf:Statement ; rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object .
}"""


def test_triple_evidence_without_parameters_gives_every_statements_evidence(oracle_graph: Any, run_oracle: Any) -> None:
    """No parameter constrains when absent: every statement of the graph is there, each with evidence."""
    statements = {row[0] for row in oracle_graph.query(STATEMENTS)}
    rows = run_oracle("triple-evidence").rows
    assert len(statements) > 300
    assert {to_rdflib(row["statement"]) for row in rows} == statements
    for row in rows:
        assert row["kind"] is not None, row
        assert row["source"] is not None, row
        if row["kind"].value == "article":
            assert int(row["end"].value) - int(row["start"].value) == len(row["exact"].value), row


def _literal_params(subject: Any, predicate: Any, value: Any) -> dict[str, str]:
    params = {"subject": subject.n3(), "predicate": predicate.n3(), "objectText": str(value)}
    if value.datatype is not None:
        params["datatype"] = value.datatype.n3()
    return params


def test_triple_evidence_finds_every_literal_statement_by_value_and_datatype(
    oracle_graph: Any, run_oracle: Any, oxigraph_engine: Any
) -> None:
    """Each statement with a literal object is found by its lexical form and datatype (none for a
    string or a language-tagged one) on Oxigraph, and on rdflib for one of each kind of literal
    (rdflib's engine takes a second a run)."""
    checked, kinds = 0, set()
    for statement, subject, predicate, value in oracle_graph.query(STATEMENTS):
        if not isinstance(value, Literal):
            continue
        params = _literal_params(subject, predicate, value)
        assert {to_rdflib(row["statement"]) for row in oxigraph_engine.run_query("triple-evidence", params).rows} == {
            statement
        }, params
        checked += 1
        kind = (value.datatype, bool(value.language))
        if kind not in kinds:
            kinds.add(kind)
            found = {to_rdflib(row["statement"]) for row in run_oracle("triple-evidence", params).rows}
            assert found == {statement}, params
    assert checked >= 40
    assert len(kinds) >= 5


@pytest.mark.parametrize(
    ("params", "matches"),
    [
        ({"objectText": "620000000", "datatype": "xsd:decimal"}, True),
        ({"objectText": "620000000.00", "datatype": "xsd:decimal"}, True),
        ({"objectText": "620000000"}, False),  # a string, not the number
        ({"objectText": "620000000", "datatype": "xsd:integer"}, False),  # another datatype
        ({"objectText": "620000001", "datatype": "xsd:decimal"}, False),
        ({"object": "zj:fund-investment-cny"}, False),  # an IRI never equals a literal object
    ],
    ids=["value", "other-lexical-form", "no-datatype", "other-datatype", "other-value", "iri"],
)
def test_triple_evidence_matches_a_number_by_value_and_datatype_on_every_store(
    run_oracle: Any, oxigraph_engine: Any, params: dict[str, str], matches: bool
) -> None:
    """The fund's 620 million matches as a decimal whatever its lexical form, the same everywhere."""
    params = {"subject": "zj:fund-investment-cny", "predicate": "schema:value", **params}
    oracle = run_oracle("triple-evidence", params).rows
    in_process = oxigraph_engine.run_query("triple-evidence", params).rows
    assert bool(oracle) is matches
    assert bool(in_process) is matches
    if matches:
        assert [row["exact"].value for row in in_process] == ["620 million yuan"]


def test_triple_evidence_rejects_a_datatype_that_is_not_an_iri(run_oracle: Any) -> None:
    with pytest.raises(ParameterError) as caught:
        run_oracle("triple-evidence", {"objectText": "1", "datatype": "decimal"})
    assert (caught.value.query, caught.value.parameter) == ("triple-evidence", "datatype")
