"""RDFS semantics for targets and sh:class: which nodes have which types.

What the shapes need from RDFS is the typing of nodes: the subclass closure, and rdf:type from
rdfs:domain and rdfs:range (through rdfs:subPropertyOf). In-process the closure is written into a
scratch named graph with four updates, the same ones the project's fast path uses, and that graph
joins the data graph. On an endpoint nothing is written: the type tests carry the inference
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

    return [
        insert("?s ?q ?o", f"?p <{RDFS}subPropertyOf>+ ?q . ?s ?p ?o FILTER(?p != ?q)"),
        insert("?s a ?d", f"?p <{RDFS}domain> ?d . ?s ?p ?o"),
        insert("?o a ?r", f"?p <{RDFS}range> ?r . ?s ?p ?o FILTER(!isLiteral(?o))"),
        insert("?s a ?super", f"?c <{RDFS}subClassOf>+ ?super . ?s a ?c FILTER(?c != ?super)"),
    ]


def type_test(node: str, cls: str) -> str:
    """A pattern that holds when ``node`` is an instance of ``cls`` (types as stated or materialised)."""
    return f"{node} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<{RDFS}subClassOf>* {cls} ."
