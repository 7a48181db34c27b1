"""The table of classes in docs/model.md says what the data holds: its counts are the graph's counts."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import RDF, Graph

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\| `(?P<cls>[a-zA-Z]+:[A-Za-z]+)` \| [^|]+ \| (?P<count>\d+) \|$", re.MULTILINE)


def test_readme_class_counts_match_the_data() -> None:
    rows = {m["cls"]: int(m["count"]) for m in ROW.finditer((ROOT / "docs" / "model.md").read_text(encoding="utf-8"))}
    assert len(rows) >= 20
    graph = Graph()
    for path in sorted((ROOT / "data").glob("*.ttl")):
        graph.parse(path, format="turtle")
    for curie, expected in rows.items():
        iri = graph.namespace_manager.expand_curie(curie)
        actual = len(set(graph.subjects(RDF.type, iri)))
        assert actual == expected, f"docs/model.md says {expected} {curie}, the data has {actual}"
