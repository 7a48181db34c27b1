"""RDFS semantics for targets and sh:class: the subclass closure, and rdf:type from rdfs:domain and
rdfs:range (through rdfs:subPropertyOf).

In-process the closure is written into a scratch named graph that joins the data graph; on an
endpoint nothing is written: the type tests carry the inference (:mod:`.schema`), and paths do not
follow inferred super-property triples.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from .terms import RDFS

#: The scratch graph that holds materialised types while a validation runs.
INFERRED_GRAPH = "urn:x-zhangjiang-kg:shacl:inferred"


def materialise(store: ox.Store, graphs: Sequence[str] | None) -> None:
    """Write the type closure of ``graphs`` (None: the default graph) into the scratch graph.

    Four steps, each seeing what the earlier ones wrote: super-property triples, then types from
    rdfs:domain and rdfs:range, then superclasses. The schema pairs of a step ((property, class),
    (class, superclass)) are few: they are read first and handed to the update as a VALUES block,
    which the engine joins with the data about twice as fast as the schema pattern itself.
    """
    scope: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
    if graphs is not None:
        scope = [ox.NamedNode(g) for g in (*graphs, INFERRED_GRAPH)]
    using = "".join(f"USING <{g}> " for g in (*graphs, INFERRED_GRAPH)) if graphs is not None else ""

    def insert(template: str, head: str, schema: tuple[str, str, str], data: str, triple: str) -> None:
        a, b, pattern = schema
        answer = store.query(f"SELECT DISTINCT {a} {b} WHERE {{ {pattern} }}", default_graph=scope)
        assert isinstance(answer, ox.QuerySolutions)
        rows = [(row[a[1:]], row[b[1:]]) for row in answer]
        if not rows:
            return
        if all(isinstance(t, ox.NamedNode) for row in rows for t in row):
            pattern = f"VALUES ({a} {b}) {{ {' '.join(f'({x} {y})' for x, y in rows)} }}"
        # else a blank node (an owl:unionOf class, say) cannot be a constant: the pattern stays.
        # Only triples the data graph lacks are written (each once): a type stated in the data and
        # implied again would otherwise bind every focus node twice in every query of the run.
        store.update(
            f"INSERT {{ GRAPH <{INFERRED_GRAPH}> {{ {template} }} }} {using}"
            f"WHERE {{ {{ SELECT DISTINCT {head} WHERE {{ {pattern} . {data} }} }} FILTER NOT EXISTS {{ {triple} }} }}"
        )

    insert(
        "?s ?q ?o", "?s ?q ?o", ("?p", "?q", f"?p <{RDFS}subPropertyOf>+ ?q FILTER(?p != ?q)"), "?s ?p ?o .", "?s ?q ?o"
    )
    insert("?s a ?d", "?s ?d", ("?p", "?d", f"?p <{RDFS}domain> ?d"), "?s ?p ?o .", "?s a ?d")
    insert("?o a ?r", "?o ?r", ("?p", "?r", f"?p <{RDFS}range> ?r"), "?s ?p ?o . FILTER(!isLiteral(?o))", "?o a ?r")
    insert(
        "?s a ?super",
        "?s ?super",
        ("?c", "?super", f"?c <{RDFS}subClassOf>+ ?super FILTER(?c != ?super)"),
        "?s a ?c .",
        "?s a ?super",
    )


def type_test(node: str, cls: str) -> str:
    """A pattern that holds when ``node`` is an instance of ``cls`` (types as stated or materialised)."""
    return f"{node} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<{RDFS}subClassOf>* {cls} ."
