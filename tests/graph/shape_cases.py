"""The failing fixtures of the SHACL shapes and the violation checks: reading them, and what they expect.

Shared by the shape tests and the violation-query tests (a plain module, not a test module).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import NamespaceManager
from zhangjiang_kg.vocab import PREFIXES

ROOT = Path(__file__).resolve().parents[2]
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHAPE_CASES = FIXTURES / "shapes"
BASE = SHAPE_CASES / "base.ttl"

SH = Namespace(PREFIXES["sh"])
ZJSH = Namespace(PREFIXES["zjsh"])
RDFS_SUBCLASS = URIRef(PREFIXES["rdfs"] + "subClassOf")
#: Predicates a shape may use without being a constraint of its own.
NON_CONSTRAINTS = {
    RDF.type,
    SH.name,
    SH.description,
    SH.message,
    SH.property,
    SH.path,
    SH.severity,
    SH.order,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
}
#: Predicates whose objects are shapes used inside another shape (helpers, never targeted).
NESTING = (SH["not"], SH.node, SH.qualifiedValueShape)
NESTING_LISTS = (SH["or"], SH.xone, SH["and"])


def _namespaces() -> NamespaceManager:
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace)
    return manager


NS = _namespaces()


def short(term: object) -> str:
    """A prefixed name (``zjsh:FigureShape``), or the N-Triples form when no prefix fits."""
    if isinstance(term, URIRef):
        return term.n3(NS)
    return str(term)


def path_text(graph: Graph, node: object) -> str:
    """A SHACL path as text: ``zjo:status``, ``^oa:hasBody``, ``zjo:measure/skos:inScheme``, ``-``."""
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        return short(node)
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + path_text(graph, inverse)
    if graph.value(node, RDF.first) is not None:
        return "/".join(path_text(graph, step) for step in Collection(graph, node))
    raise ValueError(f"unsupported path node {node!r}")


# ---------------------------------------------------------------------------------------------
# Cases: the base graph with one change


def prefix_block() -> str:
    """The base file's @prefix lines, so fixtures can use its prefixes without repeating them."""
    return "\n".join(line for line in BASE.read_text(encoding="utf-8").splitlines() if line.startswith("@prefix"))


def header(path: Path, key: str) -> list[str]:
    """The values of ``# key: value`` comment lines at the top of a fixture."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"# {key}:"):
            found.append(line.split(":", 1)[1].strip())
    return found


def case_graph(path: Path) -> Graph:
    """The base graph with the fixture's ``# remove:`` triples taken out and its body added.

    Fails when a removed triple is not in the base, so a typo cannot make a fixture vacuous.
    """
    prefixes = prefix_block()
    graph = Graph().parse(BASE, format="turtle")
    removed = Graph().parse(data=prefixes + "\n" + "\n".join(header(path, "remove")), format="turtle")
    for triple in removed:
        assert triple in graph, f"{path.name}: '# remove:' names a triple the base does not have: {triple}"
        graph.remove(triple)
    graph.parse(data=prefixes + "\n" + path.read_text(encoding="utf-8"), format="turtle")
    return graph


@dataclass(frozen=True, order=True)
class Expected:
    """One validation result as a fixture names it, all as prefixed names."""

    shape: str
    focus: str
    path: str
    component: str


def expected_results(path: Path) -> set[Expected]:
    results = set()
    for line in header(path, "expect"):
        shape, focus, result_path, component = line.split()
        results.add(Expected(shape, focus, result_path, component))
    return results


def shape_cases() -> list[Path]:
    return sorted(p for p in SHAPE_CASES.glob("*.ttl") if p != BASE)


# ---------------------------------------------------------------------------------------------
# Validation as the project runs it: data + ontology, RDFS inference, SHACL Core
