"""``zjkg fmt`` over every file of the W3C SHACL Core suite: most write their IRIs relative to the file.

Each must format to the same graph (resolved against the same base), stay relative (no ``file://``
IRIs of the machine's path), and format to itself a second time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from w3c_suites import SHACL_SUITE, canonical, shacl_files
from zhangjiang_kg.ttl.fmt import format_turtle

FILES = [pytest.param(p, id=str(p.relative_to(SHACL_SUITE))) for p in shacl_files()] if SHACL_SUITE else []
BASE = "http://example.org/shacl-suite/core/node/file.ttl"


@pytest.mark.parametrize("path", FILES)
def test_fmt_keeps_graph_and_relative_iris(path: Path, shacl_suite: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    once = format_turtle(text, path=str(path))
    assert canonical(once, BASE) == canonical(text, BASE)
    assert "file:" not in once
    assert "document.invalid" not in once
    assert format_turtle(once) == once


def test_the_suite_uses_relative_iris(shacl_suite: Path) -> None:
    """The point of this module: most files say ``<>`` or ``<#x>``, which must stay relative."""
    relative = [p for p in shacl_files() if "<>" in p.read_text(encoding="utf-8")]
    assert len(relative) > len(shacl_files()) // 2
    assert all("<>" in format_turtle(p.read_bytes().decode("utf-8")) for p in relative)
