"""The benchmarks run outside ``make test`` (minutes each), so a name they import from the package
that moved would only show when someone runs them: every such import is resolved here, those
inside functions included (``bench_shacl.py`` once imported a helper that had moved to the tests)."""

from __future__ import annotations

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def package_imports() -> list[tuple[str, str, str]]:
    """(file, module, name) for every ``from zhangjiang_kg... import name`` in the benchmarks."""
    found = []
    for path in sorted(BENCHMARKS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "zhangjiang_kg":
                found += [(path.name, node.module or "", alias.name) for alias in node.names]
    return found


def test_the_benchmarks_import_from_the_package() -> None:
    assert len(package_imports()) >= 10


IMPORTS = [pytest.param(file, module, name, id=f"{file}:{module}.{name}") for file, module, name in package_imports()]


@pytest.mark.parametrize(("file", "module", "name"), IMPORTS)
def test_every_name_a_benchmark_imports_exists(file: str, module: str, name: str) -> None:
    imported = importlib.import_module(module)
    assert hasattr(imported, name) or importlib.util.find_spec(f"{module}.{name}"), f"{file}: {module}.{name}"
