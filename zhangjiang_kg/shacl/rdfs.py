"""RDFS semantics for targets and sh:class: which nodes have which types.

What the shapes need from RDFS is the typing of nodes: the subclass closure, and rdf:type from
rdfs:domain and rdfs:range (through rdfs:subPropertyOf). In-process the closure is written into a
scratch named graph with four updates, the same ones the project's fast path uses, and that graph
joins the data graph. On an endpoint nothing is written: the type test itself carries the
inference (:func:`type_test`), and inferred super-property triples are not followed by paths.
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


def type_test(node: str, cls: str, *, inline: bool, n: int = 0) -> str:
    """A graph pattern that holds when ``node`` (a bound variable) is an instance of ``cls``.

    ``inline`` adds the rdfs:domain / rdfs:range typing to the pattern itself (for endpoints).
    """
    plain = f"{node} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<{RDFS}subClassOf>* {cls} ."
    if not inline:
        return plain
    p, o = f"?_p{n}", f"?_o{n}"
    return (
        f"{{ {plain} }} UNION "
        f"{{ {node} {p} {o} . {p} <{RDFS}subPropertyOf>*/<{RDFS}domain>/<{RDFS}subClassOf>* {cls} . }} UNION "
        f"{{ {o} {p} {node} . {p} <{RDFS}subPropertyOf>*/<{RDFS}range>/<{RDFS}subClassOf>* {cls} . "
        f"FILTER(!isLiteral({node})) }}"
    )


def class_members(var: str, cls: str, *, inline: bool) -> str:
    """A pattern binding ``var`` to every instance of ``cls`` (a target), inference inline or not."""
    plain = f"{var} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<{RDFS}subClassOf>* {cls} ."
    if not inline:
        return plain
    return (
        f"{{ {plain} }} UNION "
        f"{{ ?_p <{RDFS}subPropertyOf>*/<{RDFS}domain>/<{RDFS}subClassOf>* {cls} . {var} ?_p ?_o . }} UNION "
        f"{{ ?_p <{RDFS}subPropertyOf>*/<{RDFS}range>/<{RDFS}subClassOf>* {cls} . ?_s ?_p {var} . "
        f"FILTER(!isLiteral({var})) }}"
    )
