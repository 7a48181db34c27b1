"""Statistics: triples per graph, entities per class, facts per status."""

from __future__ import annotations

from zhangjiang_kg.stats import compute, to_text
from zhangjiang_kg.vocab import PREFIXES

from rdflib_oracle import view

ZJO = PREFIXES["zjo"]


def test_counts_of_the_fixture_graph(mini_kg) -> None:
    stats = compute(mini_kg)
    assert stats.triples == {"ontology": 22, "data": 18, "background": 0, "shapes": 19}
    assert stats.total == 59
    assert stats.classes == {ZJO + "Fund": 2, ZJO + "InnovationZone": 1, ZJO + "MonetaryFigure": 1}
    assert stats.statuses == {ZJO + "Achieved": 3, ZJO + "Planned": 1}
    assert stats.as_dict()["triples"] == {"ontology": 22, "data": 18, "background": 0, "shapes": 19, "total": 59}


def test_text_uses_prefixed_names(mini_kg) -> None:
    text = to_text(compute(mini_kg))
    assert "  data              18" in text
    assert "  total             59" in text
    assert "zjo:Fund" in text
    assert "zjo:Planned" in text


def test_shipped_graph_has_facts_of_each_status(shipped_kg) -> None:
    stats = compute(shipped_kg)
    assert stats.triples["data"] == len(view(shipped_kg).data) > 0
    assert ZJO + "Achieved" in stats.statuses
    assert set(stats.statuses) <= {
        ZJO + s
        for s in (
            "Achieved",
            "InProgress",
            "Planned",
            "Expected",
            "Estimated",
            "Capability",
            "Judgement",
            "Presupposed",
        )
    }
    assert stats.classes[ZJO + "InnovationZone"] >= 1
