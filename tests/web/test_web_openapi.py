"""The OpenAPI description of the query API: valid against the OpenAPI 3 schema, generated from the
query headers, and true of what the API answers."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from zhangjiang_kg.queries.catalogue import catalogue, from_text
from zhangjiang_kg.queries.parameters import Parameter
from zhangjiang_kg.web import openapi


@pytest.fixture(scope="module")
def served_document(get) -> dict:
    answer = get("/api/openapi.json")
    assert answer.status == 200
    assert answer.content_type == "application/json"
    return json.loads(answer.body)


def test_the_served_description_is_valid_openapi_3(served_document: dict) -> None:
    assert served_document["openapi"].startswith("3.")
    validate(served_document)


def test_the_validator_would_catch_a_broken_description(served_document: dict) -> None:
    broken = json.loads(json.dumps(served_document))
    broken["paths"]["/fund-money"]["get"]["parameters"][0]["in"] = "body"  # not a place OpenAPI 3 knows
    with pytest.raises(OpenAPIValidationError):
        validate(broken)


def test_every_query_is_an_operation_with_its_header(served_document: dict) -> None:
    queries = catalogue()
    assert served_document["servers"] == [{"url": "/api"}]
    assert sorted(served_document["paths"]) == sorted(f"/{q.name}" for q in queries)
    for query in queries:
        operation = served_document["paths"][f"/{query.name}"]["get"]
        assert operation["operationId"] == query.name
        assert operation["summary"] == query.summary
        assert operation.get("description", "") == query.description
        assert operation.get("tags", []) == query.tags
        names = [p["name"] for p in operation["parameters"]]
        assert names == [p.name for p in query.parameters] + ["limit", "offset", "cite"]
        assert set(operation["responses"]["200"]["content"]) >= {
            "application/sparql-results+json",
            "text/csv",
            "text/html",
        }


def test_parameters_are_typed_with_defaults_and_required_when_they_have_none(served_document: dict) -> None:
    fund = served_document["paths"]["/fund-money"]["get"]["parameters"][0]
    assert fund == {
        "name": "fund",
        "in": "query",
        "required": False,
        "description": fund["description"],
        "schema": {
            "type": "string",
            "format": "iri",
            "enum": fund["schema"]["enum"],
            "default": "https://w3id.org/zhangjiang-kg/id/zhangjiang-special-fund",
        },
    }
    assert "https://w3id.org/zhangjiang-kg/id/biopharma-industry-fund" in fund["schema"]["enum"]
    text = (
        "SELECT * { ?s ?p ?_n_integer . ?s ?q ?_d_decimal . ?s ?r ?_day_date . ?s ?t ?_flag_boolean ."
        " ?s ?u ?__opt_iri . ?s ?v ?_must_iri }"
    )
    query = from_text(
        "#+ summary: typed\n#+ defaults:\n#+   - n: 200\n#+   - d: 89.8\n#+   - flag: true\n" + text, name="typed"
    )
    params = {p["name"]: p for p in openapi.operation(query)["parameters"]}
    assert params["n"]["schema"] == {"type": "integer", "default": 200}
    assert params["d"]["schema"] == {"type": "number", "default": 89.8}
    assert params["day"]["schema"] == {"type": "string", "format": "date"}
    assert params["flag"]["schema"] == {"type": "boolean", "default": True}
    assert params["opt"]["required"] is False
    assert params["must"]["required"] is True
    assert params["must"]["schema"] == {"type": "string", "format": "iri", "pattern": openapi.IRI_PATTERN}
    assert params["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 10000}
    validate(openapi.document([query], "1"))


def test_a_default_that_is_not_of_its_type_is_left_out() -> None:
    assert openapi.typed_default(Parameter("n", "_n_integer", "integer", default="many")) is None
    assert openapi.typed_default(Parameter("d", "_d_decimal", "decimal", default="NaN")) is None


def test_every_saved_query_answers_as_its_results_schema_says(get, served_document: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = {"$ref": "#/components/schemas/SparqlResults", "components": served_document["components"]}
    assert len(served_document["paths"]) == len(catalogue())
    for path in served_document["paths"]:
        answer = get(f"/api{path}")
        assert answer.status == 200, (path, answer.text)
        document = json.loads(answer.body)
        assert "results" in document or "boolean" in document
        jsonschema.validate(document, schema)


def test_every_iri_parameter_has_choices_or_a_pattern_and_every_default_is_a_full_iri(served_document: dict) -> None:
    """grlc reads the defaults as written: a prefixed name would be sent as a plain string."""
    for query in catalogue():
        operation = served_document["paths"][f"/{query.name}"]["get"]
        for parameter in operation["parameters"]:
            schema = parameter["schema"]
            if schema.get("format") != "iri":
                continue
            assert "enum" in schema or "pattern" in schema, (query.name, parameter["name"])
            if "default" in schema:
                assert schema["default"].startswith(("https://", "http://")), (query.name, schema["default"])
                assert "enum" not in schema or schema["default"] in schema["enum"]


def test_no_parameter_name_holds_an_underscore_so_grlc_reads_each_one() -> None:
    """grlc takes ``?_object_literal_literal`` for a parameter ``object``: a clash with ``?_object_iri``."""
    for query in catalogue():
        for parameter in query.parameters:
            assert "_" not in parameter.name, (query.name, parameter.name)
            assert parameter.name not in ("limit", "offset"), query.name


def test_the_iri_pattern_admits_only_what_the_api_accepts() -> None:
    """Every string the pattern admits is a value the server binds (schemathesis relies on it)."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st
    from zhangjiang_kg.queries.parameters import PARAMETER_KINDS
    from zhangjiang_kg.vocab import PREFIXES

    @settings(max_examples=300, deadline=None)
    @given(st.from_regex(re.compile(openapi.IRI_PATTERN), fullmatch=True))
    def check(value: str) -> None:
        PARAMETER_KINDS["iri"](value, PREFIXES)

    check()
