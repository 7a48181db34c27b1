"""The README's query and stats examples are true of the shipped graph (they went stale once:
four examples named a query ``funds`` that does not exist, and the stats sample predated the
shapes graph)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from zhangjiang_kg.queries import catalogue as queries

ROOT = Path(__file__).resolve().parents[2]
#: The README and the longer documentation under docs/, read as one text.
README = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))))


def _query_names() -> list[str]:
    """Every NAME in a README line ``zjkg query [OPTIONS] NAME``, skipping files and options."""
    names = []
    for line in re.findall(r"^\s*(?:\$ )?zjkg query (.*)$", README, flags=re.MULTILINE):
        words = line.split("#", 1)[0].split()
        skip = False
        for word in words:
            if skip:
                skip = False
            elif word.startswith("--"):
                skip = word not in ("--all", "--allow-network", "--summary")
            elif not word.endswith((".rq", ".sparql")):
                names.append(word)
                break
    return names


def test_the_readme_shows_query_examples() -> None:
    assert len(_query_names()) >= 6


@pytest.mark.parametrize("name", sorted(set(_query_names())))
def test_every_query_the_readme_runs_exists(name: str) -> None:
    assert queries.find_query(name).name == name


def test_the_stats_sample_is_the_shipped_graph(shipped_kg) -> None:
    from zhangjiang_kg.stats import compute

    sample = README.split("$ zjkg stats\n", 1)[1].split("...", 1)[0]
    shown = {name: int(count) for name, count in re.findall(r"^\s+(\w+)\s+(\d+)$", sample, flags=re.MULTILINE)}
    triples = compute(shipped_kg).triples
    assert shown == {**triples, "total": sum(triples.values())}
