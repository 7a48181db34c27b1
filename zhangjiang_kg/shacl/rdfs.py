"""RDFS semantics for targets and sh:class: which nodes have which types.

What the shapes need from RDFS is the typing of nodes: the subclass closure, and rdf:type from
rdfs:domain and rdfs:range (through rdfs:subPropertyOf). In-process the closure is written into a
scratch named graph with four updates (those of the project's fast path, writing only what the data
lacks), and that graph joins the data graph. On an endpoint nothing is written: the type tests carry the inference
(:mod:`zhangjiang_kg.shacl.schema`), and inferred super-property triples are not followed by paths.
"""

from __future__ import annotations

from collections.abc import Sequence

from .terms import RDFS

#: The scratch graph that holds materialised types while a validation runs.
INFERRED_GRAPH = "urn:x-zhangjiang-kg:shacl:inferred"


def closure_updates(graphs: Sequence[str] | None) -> list[str]:
    """Updates that write the type closure of ``graphs`` (None: default graph) into the scratch graph."""
    using = "".join(f"USING <{g}> " for g in (*graphs, INFERRED_GRAPH)) if graphs is not None else ""

    def insert(template: str, where: str) -> str:
        return f"INSERT {{ GRAPH <{INFERRED_GRAPH}> {{ {template} }} }} {using}WHERE {{ {where} }}"

    def new(head: str, where: str, triple: str) -> str:
        return f"{{ SELECT DISTINCT {head} WHERE {{ {where} }} }} FILTER NOT EXISTS {{ {triple} }}"

    # Only triples the data graph lacks are written (each once): a type stated in the data and
    # implied again would otherwise bind every focus node twice in every query of the run.
    return [
        insert(
            "?s ?q ?o", f"?p <{RDFS}subPropertyOf>+ ?q . ?s ?p ?o FILTER(?p != ?q) FILTER NOT EXISTS {{ ?s ?q ?o }}"
        ),
        insert("?s a ?d", new("?s ?d", f"?p <{RDFS}domain> ?d . ?s ?p ?o", "?s a ?d")),
        insert("?o a ?r", new("?o ?r", f"?p <{RDFS}range> ?r . ?s ?p ?o FILTER(!isLiteral(?o))", "?o a ?r")),
        insert(
            "?s a ?super",
            new("?s ?super", f"?c <{RDFS}subClassOf>+ ?super . ?s a ?c FILTER(?c != ?super)", "?s a ?super"),
        ),
    ]


def type_test(node: str, cls: str) -> str:
    """A pattern that holds when ``node`` is an instance of ``cls`` (types as stated or materialised)."""
    return f"{node} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<{RDFS}subClassOf>* {cls} ."
