"""Behaviour of the engine itself: imports, RDFS typing, delegation, recursion, the report text."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pyoxigraph as ox
import pytest
from shacl_helpers import DATA, ONTOLOGY, ROOT, store_of  # type: ignore[import-not-found]
from zhangjiang_kg.reports.paths import PropertyPath
from zhangjiang_kg.shacl import StoreRunner, read_shapes, validate, validate_store
from zhangjiang_kg.shacl.dialect import STANDARD

PREFIXES = """
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def triples(text: str) -> list[ox.Triple]:
    return [ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(PREFIXES + text, format=ox.RdfFormat.TURTLE)]


def test_validating_imports_neither_rdflib_nor_pyshacl() -> None:
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        import pyoxigraph as ox
        from zhangjiang_kg import shacl
        from zhangjiang_kg.ttl.sourcemap import SourceMap
        store = ox.Store()
        store.load(path={str(ROOT / "tests" / "fixtures" / "shapes" / "base.ttl")!r}, format=ox.RdfFormat.TURTLE,
                   to_graph=ox.NamedNode("urn:data"))
        shapes = list(ox.parse(path={str(ROOT / "ontology" / "shapes.ttl")!r}, format=ox.RdfFormat.TURTLE))
        report = shacl.validate_store(store, data_graphs=["urn:data"], shapes=shapes, sourcemap=SourceMap())
        assert report.queries > 50, report.queries
        report.to_ntriples()
        print(sorted(m for m in ("rdflib", "pyshacl") if m in sys.modules))
    """)
    answer = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert answer.stdout.strip() == "[]"


ONTOLOGY_TTL = """
ex:Fund rdfs:subClassOf ex:Thing .
ex:invests rdfs:domain ex:Fund ; rdfs:range ex:Project .
ex:leads rdfs:subPropertyOf ex:invests .
"""
SHAPES_TTL = """
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property ex:ThingName .
ex:ThingName sh:path ex:name ; sh:minCount 1 .
ex:ProjectShape a sh:NodeShape ; sh:targetClass ex:Project ; sh:property ex:ProjectName .
ex:ProjectName sh:path ex:name ; sh:minCount 1 .
"""
DATA_TTL = 'ex:a a ex:Fund . ex:b ex:invests ex:c . ex:d ex:leads ex:e . ex:e ex:name "e" .'


def _foci(report: object) -> set[tuple[str, str]]:
    return {(r.focus.value, r.source_shape.value) for r in report.results}  # type: ignore[attr-defined]


FOUND_WITH_RDFS = {
    ("http://example.org/a", "http://example.org/ThingName"),  # subclass
    ("http://example.org/b", "http://example.org/ThingName"),  # domain, then subclass
    ("http://example.org/d", "http://example.org/ThingName"),  # sub-property, domain, subclass
    ("http://example.org/c", "http://example.org/ProjectName"),  # range
}


def _named(report: object) -> set[tuple[str, str]]:
    return {(f, s) for f, s in _foci(report)}


def test_rdfs_types_from_subclass_domain_range_and_subproperty() -> None:
    store = store_of({DATA: triples(DATA_TTL), ONTOLOGY: triples(ONTOLOGY_TTL)})
    shapes = read_shapes(triples(SHAPES_TTL))
    with_rdfs = validate_store(store, data_graphs=[DATA, ONTOLOGY], shapes=shapes, rdfs=True)
    assert _named(with_rdfs) == FOUND_WITH_RDFS
    plain = validate_store(store, data_graphs=[DATA, ONTOLOGY], shapes=shapes, rdfs=False)
    assert _named(plain) == {("http://example.org/a", "http://example.org/ThingName")}


def test_inline_rdfs_finds_the_same_types_without_writing() -> None:
    """What an endpoint gets: the inference inside the queries, nothing written to the store."""
    store = store_of({DATA: triples(DATA_TTL), ONTOLOGY: triples(ONTOLOGY_TTL)})
    runner = StoreRunner(store, [DATA, ONTOLOGY])
    before = len(store)
    report = validate(_ReadOnly(runner), read_shapes(triples(SHAPES_TTL)), rdfs=True)
    assert _named(report) == FOUND_WITH_RDFS
    assert len(store) == before


class _ReadOnly:
    """A runner that is not a StoreRunner: the engine must not write through it."""

    dialect = STANDARD

    def __init__(self, inner: StoreRunner):
        self.inner = inner
        self.queries = 0

    def select(self, query: str) -> list[object]:
        assert "INSERT" not in query
        self.queries += 1
        return list(self.inner.select(query))


def test_sparql_constraints_are_handed_to_pyshacl_and_named() -> None:
    shapes = triples("""
        ex:S a sh:NodeShape ; sh:targetNode ex:a ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this <http://example.org/p> ?o }" ] .
        ex:Core a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .
    """)
    store = store_of({DATA: triples("ex:a ex:p 1 .")})
    report = validate_store(store, data_graphs=[DATA], shapes=shapes, rdfs=False)
    assert [d.shape for d in report.delegated] == ["<http://example.org/S>"]
    assert "sh:sparql" in report.delegated[0].reason
    components = sorted(r.component.value.rsplit("#")[1] for r in report.results)
    assert components == ["MinCountConstraintComponent", "SPARQLConstraintComponent"]


@pytest.mark.filterwarnings("ignore:Warning, A Recursive Shape")
def test_a_recursive_shape_is_delegated_not_expanded() -> None:
    shapes = triples("""
        ex:Person a sh:NodeShape ; sh:targetNode ex:a ;
            sh:property [ sh:path ex:knows ; sh:node ex:Person ] ;
            sh:property [ sh:path ex:name ; sh:minCount 1 ] .
    """)
    store = store_of({DATA: triples('ex:a ex:knows ex:b . ex:b ex:knows ex:a . ex:a ex:name "a" .')})
    report = validate_store(store, data_graphs=[DATA], shapes=shapes, rdfs=False)
    assert report.delegated
    assert "recursive" in report.delegated[0].reason


def test_report_text_is_a_shacl_report_with_paths() -> None:
    shapes = triples(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; "
        "sh:property [ sh:path ( ex:p [ sh:inversePath ex:q ] ) ; sh:minCount 1 ; sh:severity sh:Warning ] ."
    )
    store = store_of({DATA: triples("ex:a ex:p ex:b .")})
    report = validate_store(store, data_graphs=[DATA], shapes=shapes, rdfs=False)
    assert [r.path for r in report.results] == [
        PropertyPath(
            "sequence",
            (
                ox.NamedNode("http://example.org/p"),
                PropertyPath("inverse", (ox.NamedNode("http://example.org/q"),)),
            ),
        )
    ]
    assert report.results[0].severity.value == "http://www.w3.org/ns/shacl#Warning"
    graph = list(ox.parse(report.to_ntriples(), format=ox.RdfFormat.N_TRIPLES))
    shacl = "http://www.w3.org/ns/shacl#"
    assert any(t.predicate.value == shacl + "conforms" and t.object.value == "false" for t in graph)
    assert any(t.predicate.value == shacl + "inversePath" for t in graph)


@pytest.mark.parametrize(
    ("lexical", "datatype", "ok"),
    [
        ("5", "integer", True),
        ("abc", "integer", False),
        ("1.5", "decimal", True),
        ("1.5.", "decimal", False),
        ("2024-02-30x", "date", False),
        ("2024-02-03", "date", True),
        ("P1Y2M", "duration", True),
        ("P", "duration", False),
    ],
)
def test_datatype_checks_the_lexical_form(lexical: str, datatype: str, ok: bool) -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    data = [
        ox.Triple(
            ox.NamedNode("http://example.org/a"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal(lexical, datatype=ox.NamedNode(xsd + datatype)),
        )
    ]
    shapes = triples(
        f"ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:datatype xsd:{datatype} ] ."
    )
    report = validate_store(store_of({DATA: data}), data_graphs=[DATA], shapes=shapes, rdfs=False)
    assert report.conforms is ok


def test_deactivated_shapes_messages_severity_and_locations(tmp_path: pytest.TempPathFactory) -> None:
    from zhangjiang_kg.ttl.sourcemap import SourceMap

    data_file = tmp_path / "data.ttl"  # type: ignore[operator]
    data_file.write_text(PREFIXES + "\nex:a ex:p 1 .\n\nex:b ex:p 2 .\n")
    shapes = triples("""
        ex:Off a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:deactivated true ; sh:class ex:C .
        ex:On a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:severity sh:Info ;
            sh:message "needs a class"@en, "braucht eine Klasse"@de ; sh:class ex:C .
        ex:Nested a sh:NodeShape ; sh:targetNode ex:a ; sh:node ex:Off .
    """)
    store = ox.Store()
    store.load(path=str(data_file), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(DATA))
    sources = SourceMap()
    sources.add_file(data_file)  # type: ignore[arg-type]
    report = validate_store(store, data_graphs=[DATA], shapes=shapes, rdfs=False, sourcemap=sources)
    assert {(r.focus.value, r.source_shape.value) for r in report.results} == {  # type: ignore[union-attr]
        ("http://example.org/a", "http://example.org/On"),
        ("http://example.org/b", "http://example.org/On"),
    }
    assert all(r.severity.value == "http://www.w3.org/ns/shacl#Info" for r in report.results)
    assert {m.value for m in report.results[0].message} == {"needs a class", "braucht eine Klasse"}
    lines = sorted(r.location.line for r in report.results)
    assert lines == [7, 9]  # where each focus node's block starts (PREFIXES opens with a blank line)
    assert not [r for r in report.results if r.severity.value.endswith("#Violation")]  # Info only: no violation...
    assert not report.conforms  # ...yet not conforming


def test_integer_derived_datatypes_are_noted() -> None:
    shapes = triples("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:datatype xsd:byte ] .")
    report = validate_store(store_of({DATA: triples("ex:a ex:p 1 .")}), data_graphs=[DATA], shapes=shapes, rdfs=False)
    assert report.notes
    assert "xsd:byte" in report.notes[0]


def test_endpoint_rows_become_terms_virtuoso_quirks_included() -> None:
    from zhangjiang_kg.shacl.run import _rows

    def term(value: dict[str, str]) -> object:
        return _rows({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": value}]}})[0]["x"]

    assert term({"type": "bnode", "value": "nodeID://b10001"}) == ox.BlankNode("nodeID___b10001")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert term({"type": "typed-literal", "value": "1", "datatype": xsd + "boolean"}) == ox.Literal(
        "true", datatype=ox.NamedNode(xsd + "boolean")
    )
    assert term({"type": "literal", "value": "hi", "xml:lang": "en"}) == ox.Literal("hi", language="en")
    assert term({"type": "uri", "value": "http://example.org/a"}) == ox.NamedNode("http://example.org/a")
