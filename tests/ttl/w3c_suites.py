"""Where the W3C test suites are, what their manifests say, and how graphs are compared.

The suites live beside the checkout (``../shared/w3c-rdf-turtle`` and ``../shared/w3c-shacl-core``),
or where ``ZJKG_W3C_TURTLE`` and ``ZJKG_W3C_SHACL_CORE`` point. Without them the conformance tests skip,
except under ``CI=true``, where a missing suite is a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prerequisites import resource_path

ROOT = Path(__file__).resolve().parents[2]
#: The base the Turtle suite's manifest says its tests are run with (plus the file name).
TURTLE_BASE = "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDFT = "http://www.w3.org/ns/rdftest#"


TURTLE_SUITE = resource_path("turtle-suite")
SHACL_SUITE = resource_path("shacl-suite")


@dataclass(frozen=True)
class TurtleTest:
    """One entry of the Turtle manifest: its name, kind, input file and expected N-Triples."""

    name: str
    kind: str
    action: str
    result: str | None

    @property
    def positive(self) -> bool:
        return self.kind in ("TestTurtleEval", "TestTurtlePositiveSyntax")

    @property
    def base(self) -> str:
        return TURTLE_BASE + self.action


def turtle_tests() -> list[TurtleTest]:
    """Every entry of the Turtle suite's manifest, in manifest order (none when it is absent)."""
    if TURTLE_SUITE is None:
        return []
    import pyoxigraph as ox

    store = ox.Store()
    store.load(
        path=str(TURTLE_SUITE / "manifest.ttl"), format=ox.RdfFormat.TURTLE, base_iri=TURTLE_BASE + "manifest.ttl"
    )
    found = []
    for row in store.query(f"""
            PREFIX mf: <{MF}>
            SELECT ?type ?name ?action ?result WHERE {{
              ?manifest mf:entries/<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>*/
                        <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?test .
              ?test a ?type ; mf:name ?name ; mf:action ?action .
              OPTIONAL {{ ?test mf:result ?result }}
            }}"""):  # type: ignore[union-attr]
        kind = row["type"].value.removeprefix(RDFT)
        result = row["result"].value.removeprefix(TURTLE_BASE) if row["result"] is not None else None
        found.append(TurtleTest(row["name"].value, kind, row["action"].value.removeprefix(TURTLE_BASE), result))
    return sorted(found, key=lambda t: t.name)


def shacl_files() -> list[Path]:
    """Every Turtle file of the SHACL Core suite (none when it is absent)."""
    return sorted(SHACL_SUITE.rglob("*.ttl")) if SHACL_SUITE is not None else []


def canonical(text: str, base: str, fmt: str = "turtle") -> set[str]:
    """The graph of ``text`` as N-Triples lines, blank nodes canonically relabelled.

    Equal sets mean isomorphic graphs with the same lexical forms (Oxigraph keeps them as written).
    """
    import pyoxigraph as ox

    syntax = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES
    dataset = ox.Dataset(ox.parse(text.encode("utf-8"), format=syntax, base_iri=base))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


def tree_canonical(text: str, base: str) -> set[str]:
    """Like :func:`canonical`, in linear time, for graphs whose blank nodes form trees (each one an
    object at most once, no cycles): each blank node is named by a hash of what hangs below it.

    RDFC-1.0 takes minutes on a chain of a few thousand blank nodes; this takes milliseconds.
    """
    import hashlib

    import pyoxigraph as ox

    triples = [
        (q.subject, q.predicate, q.object)
        for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=base)
    ]
    below: dict[ox.BlankNode, list[tuple[ox.NamedNode, object]]] = {}
    for s, p, o in triples:
        if isinstance(s, ox.BlankNode):
            below.setdefault(s, []).append((p, o))
    names: dict[object, str] = {}

    def name(term: object) -> str:
        return names[term] if isinstance(term, ox.BlankNode) else str(term)

    for root in below:
        stack = [(root, False)]
        while stack:
            node, children_done = stack.pop()
            if node in names:
                continue
            if not children_done:
                stack.append((node, True))
                stack.extend((o, False) for _p, o in below.get(node, []) if isinstance(o, ox.BlankNode))
                continue
            lines = sorted(f"{p} {name(o)}" for p, o in below.get(node, []))
            names[node] = "_:" + hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
    for s, _p, o in triples:
        for term in (s, o):
            if isinstance(term, ox.BlankNode) and term not in names:
                names[term] = "_:leaf"
    return {f"{name(s)} {p} {name(o)}" for s, p, o in triples}
