"""An OpenAPI 3 description of the saved-query API, generated from the queries' grlc headers.

Each query is one ``GET`` at ``/api/{name}`` with its header's summary, description and tags, and its
``?_name_kind`` parameters typed by kind; one without a default (and not ``?__optional``) is required.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ..queries.catalogue import SavedQuery
from ..queries.parameters import Parameter
from .sparql import GRAPH_FORMATS

OPENAPI_VERSION = "3.0.3"
#: JSON Schema of a parameter by its kind (the suffix of its variable).
#: What an IRI parameter accepts by its pattern: an http(s) IRI or a prefixed name, of characters
#: that need no escaping (the server accepts more, such as any absolute IRI; this is what it promises).
IRI_PATTERN = r"^(https?://[A-Za-z0-9.-]+(/[A-Za-z0-9._~/-]*)?(#[A-Za-z0-9._~-]*)?|[A-Za-z][A-Za-z0-9]*:[A-Za-z0-9_~-][A-Za-z0-9._~-]*)$"
KIND_SCHEMAS: dict[str, dict[str, str]] = {
    "iri": {"type": "string", "format": "iri", "pattern": IRI_PATTERN},
    "literal": {"type": "string"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "boolean": {"type": "boolean"},
}
KIND_HELP = {
    "iri": "An absolute IRI or a prefixed name such as zj:zhangjiang-zone.",
    "literal": "Text, bound as a plain literal.",
    "integer": "An integer such as 200.",
    "decimal": "A decimal number such as 620000000 or 89.8.",
    "date": "A date as YYYY-MM-DD.",
    "boolean": "true or false.",
}
_TEXT_TYPES = ("text/csv", "text/tab-separated-values", "text/plain", "text/html")


def _optional(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """An optional query parameter."""
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _strings(*names: str) -> dict[str, Any]:
    """JSON Schema properties, each a string."""
    return {name: {"type": "string"} for name in names}


def _problem(description: str) -> dict[str, Any]:
    """A response that is a problem document."""
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


#: The parameters every operation takes besides its own: paging (the API's bounds) and evidence.
API_PARAMETERS: list[dict[str, Any]] = [
    _optional("limit", "At most this many rows (after offset).", {"type": "integer", "minimum": 1, "maximum": 10000}),
    _optional("offset", "Skip this many rows first.", {"type": "integer", "minimum": 0, "maximum": 1000000}),
    _optional(
        "cite",
        "With true, each row carries the evidence of its statements (columns cite_*), as zjkg query --cite "
        "gives; a table answer gets a second table of it. Not for RDF answers.",
        {"type": "boolean", "default": False},
    ),
]

COMPONENTS: dict[str, Any] = {
    "schemas": {
        "RdfTerm": {
            "type": "object",
            "required": ["type", "value"],
            "properties": {
                "type": {"type": "string", "enum": ["uri", "literal", "bnode"]},
                **_strings("value", "xml:lang", "datatype"),
            },
        },
        "SparqlResults": {
            "description": "SPARQL 1.1 Query Results JSON.",
            "type": "object",
            "properties": {
                "head": {"type": "object", "properties": {"vars": {"type": "array", "items": {"type": "string"}}}},
                "results": {
                    "type": "object",
                    "properties": {
                        "bindings": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "additionalProperties": {"$ref": "#/components/schemas/RdfTerm"},
                            },
                        }
                    },
                },
                "boolean": {"type": "boolean"},
            },
        },
        "Problem": {
            "description": "RFC 9457 problem details; `detail` is the message the command line gives.",
            "type": "object",
            "properties": {
                **_strings("type", "title", "detail", "parameter"),
                "status": {"type": "integer"},
                "suggestions": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
    "responses": {
        "BadParameter": _problem("A parameter is missing, unknown, repeated or not of its type."),
        "NotAcceptable": _problem("None of the result types is acceptable."),
        "Unavailable": _problem("The query ran past the server's time limit, or too many queries are running."),
    },
}


def document(
    catalogue: list[SavedQuery],
    version: str = "",
    choices: Mapping[str, Mapping[str, list[str]]] | None = None,
    forms: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The OpenAPI document for ``catalogue`` (paths relative to ``/api``), with each query's IRI
    ``choices`` by parameter and its ``forms`` (``SELECT``...: a graph-valued query answers as RDF too)."""
    tags = sorted({tag for query in catalogue for tag in query.tags})
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "zhangjiang-kg saved queries",
            "version": version or "0",
            "description": (
                "The competency questions of the Zhangjiang knowledge graph as a web API. Each answers with "
                "SPARQL 1.1 Query Results JSON by default, or CSV, TSV, a text table or an HTML table by Accept."
            ),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": "/api"}],
        "tags": [{"name": tag} for tag in tags],
        "paths": {
            f"/{query.name}": {
                "get": operation(query, (choices or {}).get(query.name, {}), (forms or {}).get(query.name, "SELECT"))
            }
            for query in catalogue
        },
        "components": COMPONENTS,
    }


def operation(
    query: SavedQuery, choices: Mapping[str, list[str]] | None = None, form: str = "SELECT"
) -> dict[str, Any]:
    """One query as a GET operation."""
    content: dict[str, Any] = {}
    if form in ("CONSTRUCT", "DESCRIBE"):
        content.update({media_type: {"schema": {"type": "string"}} for media_type in GRAPH_FORMATS})
    content |= {
        "application/sparql-results+json": {"schema": {"$ref": "#/components/schemas/SparqlResults"}},
        "application/json": {"schema": {"$ref": "#/components/schemas/SparqlResults"}},
    }
    content.update({media_type: {"schema": {"type": "string"}} for media_type in _TEXT_TYPES})
    found: dict[str, Any] = {
        "operationId": query.name,
        "summary": query.summary or query.name,
        "parameters": [parameter(p, (choices or {}).get(p.name)) for p in query.parameters]
        + [p for p in API_PARAMETERS if p["name"] not in {q.name for q in query.parameters}],
        "responses": {
            "200": {"description": "The query's results.", "content": content},
            "400": {"$ref": "#/components/responses/BadParameter"},
            "406": {"$ref": "#/components/responses/NotAcceptable"},
            "503": {"$ref": "#/components/responses/Unavailable"},
        },
    }
    if query.description:
        found["description"] = query.description
    if query.tags:
        found["tags"] = list(query.tags)
    return found


def parameter(param: Parameter, choices: list[str] | None = None) -> dict[str, Any]:
    """A query parameter: typed schema (a list of ``choices`` for an IRI that has one), its default,
    required when it has neither default nor ``?__``."""
    schema: dict[str, Any] = dict(KIND_SCHEMAS[param.kind])
    if choices:
        schema = {"type": "string", "format": "iri", "enum": list(choices)}
    default = typed_default(param)
    if default is not None:
        schema["default"] = default
    return {
        "name": param.name,
        "in": "query",
        "required": param.default is None and not param.optional,
        "description": f"{KIND_HELP[param.kind]} (SPARQL variable ?{param.variable})",
        "schema": schema,
    }


def typed_default(param: Parameter) -> Any:
    """The header's default as a JSON value of the parameter's schema type; None when it has none or it is not one."""
    text = param.default
    if text is None:
        return None
    if param.kind == "integer":
        return int(text) if text.strip().lstrip("+-").isdigit() else None
    if param.kind == "decimal":
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        if not number.is_finite():
            return None
        return int(number) if number == number.to_integral_value() else float(number)
    if param.kind == "boolean":
        lowered = text.strip().lower()
        return lowered in ("true", "1") if lowered in ("true", "false", "1", "0") else None
    return text
