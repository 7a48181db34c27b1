"""Export: every format round-trips to an isomorphic graph, and the same graph gives the same bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from zhangjiang_kg.errors import InputError, UnknownFormatError
from zhangjiang_kg.rdfio.export import EXPORT_FORMATS
from zhangjiang_kg.store.graph import load
from zhangjiang_kg.vocab import GRAPHS

from rdflib_oracle import parse_export, view


def _union(kg, names):  # type: ignore[no-untyped-def]
    graph = Graph()
    for name in names:
        for triple in view(kg).graph(name):
            graph.add(triple)
    return graph


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
@pytest.mark.parametrize("which", ["all", "data", "ontology", "shapes"])
def test_round_trip_is_isomorphic(mini_kg, fmt: str, which: str) -> None:
    names = list(GRAPHS) if which == "all" else [which]
    back = parse_export(mini_kg.export(fmt, which), fmt)
    if isinstance(back, Dataset):
        for name in names:
            part = back.graph(URIRef(GRAPHS[name]))
            assert isomorphic(part, view(mini_kg).graph(name)), f"{fmt}: graph {name} differs"
        others = {str(g.identifier) for g in back.graphs() if len(g)} - {GRAPHS[n] for n in names}
        assert not others, f"{fmt}: unexpected graphs {others}"
    else:
        assert isomorphic(back, _union(mini_kg, names))


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_shipped_graph_round_trips(shipped_kg, fmt: str) -> None:
    back = parse_export(shipped_kg.export(fmt, "data"), fmt)
    graph = back.graph(URIRef(GRAPHS["data"])) if isinstance(back, Dataset) else back
    assert isomorphic(graph, view(shipped_kg).data)


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_same_graph_same_bytes_whatever_the_loading_order(mini: Path, fmt: str) -> None:
    ontology, shapes = [mini / "ontology" / "mini.ttl"], [mini / "ontology" / "shapes.ttl"]
    forward = load([mini / "data" / "funds.ttl", mini / "data" / "places.ttl"], ontology=ontology, shapes=shapes)
    backward = load([mini / "data" / "places.ttl", mini / "data" / "funds.ttl"], ontology=ontology, shapes=shapes)
    assert forward.export(fmt) == backward.export(fmt)


def test_same_bytes_across_processes(tmp_path: Path) -> None:
    script = (
        "import hashlib, sys\n"
        "from zhangjiang_kg.store.graph import load\n"
        "from zhangjiang_kg.rdfio.export import EXPORT_FORMATS\n"
        "kg = load()\n"
        "print(' '.join(hashlib.sha256(kg.export(f)).hexdigest() for f in EXPORT_FORMATS))\n"
    )
    digests = set()
    for seed in ("1", "2"):
        run = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        )
        digests.add(run.stdout)
    assert len(digests) == 1


def test_ntriples_and_nquads_are_sorted(mini_kg) -> None:
    for fmt in ("nt", "nquads"):
        lines = mini_kg.export(fmt).decode().splitlines()
        assert lines == sorted(lines)
        assert len(lines) == len(mini_kg)


def test_only_project_prefixes_are_declared(mini_kg) -> None:
    text = mini_kg.export("turtle").decode()
    prefixes = [line.split()[1] for line in text.splitlines() if line.startswith("@prefix")]
    assert "zj:" in prefixes
    assert "zjo:" in prefixes
    assert "zjsh:" in prefixes
    assert "brick:" not in prefixes
    assert "ns1:" not in prefixes
    assert prefixes == sorted(prefixes)


def test_shipped_graph_needs_no_generated_prefixes(shipped_kg) -> None:
    text = shipped_kg.export("trig").decode()
    generated = [line for line in text.splitlines() if line.startswith("@prefix ns")]
    assert not generated, f"add these namespaces to zhangjiang_kg.vocab.PREFIXES: {generated}"


def test_blank_nodes_do_not_churn(tmp_path: Path) -> None:
    path = tmp_path / "b.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p [ ex:q 1 ] , [ ex:q 2 ] .\n")
    first, second = load([path], shapes=[]), load([path], shapes=[])
    for fmt in EXPORT_FORMATS:
        assert first.export(fmt, "data") == second.export(fmt, "data"), fmt
    assert isomorphic(parse_export(first.export("nt", "data"), "nt"), view(first).data)


def test_unknown_format_and_graph(mini_kg) -> None:
    with pytest.raises(UnknownFormatError, match="valid formats: turtle, nt, nquads, trig, json-ld, xml"):
        mini_kg.export("csv")
    with pytest.raises(InputError, match="valid graphs: ontology, data, background, shapes, all"):
        mini_kg.export("turtle", "everything")
