"""Fixtures shared by the tests of cli."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    """A fund with no label: one SHACL violation (line 5) and one row of a label check."""
    path = tmp_path / "bad.ttl"
    path.write_text(
        "@prefix zj: <https://w3id.org/zhangjiang-kg/id/> .\n"
        "@prefix zjo: <https://w3id.org/zhangjiang-kg/ontology#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n\n"
        "zj:nameless-fund a zjo:Fund ;\n"
        "    zjo:status zjo:Achieved ;\n"
        "    prov:wasDerivedFrom zj:article .\n"
    )
    return path
