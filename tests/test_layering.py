"""The package's layers import downwards only, as the README's layout table lists them.

Imports under ``if TYPE_CHECKING:`` are left out: they name types and run nothing.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "zhangjiang_kg"
#: Top to bottom: a layer may import only the layers after it.
LAYERS = ["cli", "web", "site", "checks", "validation", "shacl", "reports", "remote", "store", "queries", "ttl",
          "resources", "rdfio", "vocab", "errors", "_version"]  # fmt: skip


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _runtime_imports(path: Path) -> set[str]:
    """Layers a module imports when it runs (relative imports only: the package uses no others)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for statement in block.body
        for node in ast.walk(statement)
    }
    here = list(path.relative_to(PACKAGE).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level and id(node) not in typing_only:
            base = here[: len(here) - (node.level - 1)]
            target = base + (node.module.split(".") if node.module else [])
            found.update([target[0]] if target else [alias.name for alias in node.names])
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _layer(p) in LAYERS)


def test_every_layer_is_listed() -> None:
    listed = set(LAYERS) | {"__init__", "__main__", "stats"}
    assert {_layer(p) for p in PACKAGE.rglob("*.py")} <= listed


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    mine = LAYERS.index(_layer(path))
    upward = sorted(t for t in _runtime_imports(path) if t in LAYERS and LAYERS.index(t) < mine)
    assert not upward, f"{path.relative_to(PACKAGE)} imports {upward}, which sit above it"
