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
        assert [p["name"] for p in operation["parameters"]] == [p.name for p in query.parameters]
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
        "schema": {"type": "string", "default": "zj:zhangjiang-special-fund"},
    }
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
