"""The built wheel carries the graph and works outside the checkout, in a fresh virtualenv, offline."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    )
    (found,) = out.glob("zhangjiang_kg-*.whl")
    return found


def test_wheel_carries_package_graph_and_queries(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "zhangjiang_kg/cli/main.py" in names
    assert "zhangjiang_kg/py.typed" in names
    for folder in ("ontology", "data", "queries"):
        shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()}
        packed = {
            n.removeprefix("zhangjiang_kg/_graph/") for n in names if n.startswith(f"zhangjiang_kg/_graph/{folder}/")
        }
        assert shipped <= packed, f"missing from the wheel: {sorted(shipped - packed)}"
    assert not any(n.startswith("tests/") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Name: zhangjiang-kg" in text
    assert "Requires-Dist: rdflib" in text


def test_installed_wheel_validates_and_queries_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    # dependencies come from this environment's site-packages, appended after the fresh venv's own
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "zz-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=work, env=env, capture_output=True, text=True, check=False)

    where = run(str(python), "-c", "import zhangjiang_kg.resources as r; print(r.__file__); print(r.graph_root())")
    module_file, graph_root = where.stdout.split()
    assert module_file.startswith(str(env_dir)), where.stdout
    assert graph_root.startswith(str(env_dir))
    assert graph_root.endswith("_graph")

    zjkg = str(env_dir / "bin" / "zjkg")
    validated = run(zjkg, "validate")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "Graph conforms" in validated.stdout

    listed = run(zjkg, "queries", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    import json

    catalogue = json.loads(listed.stdout)
    assert catalogue, "the installed wheel lists no saved queries"
    name = next(q["name"] for q in catalogue if not q["parameters"] and not q["violation"])
    queried = run(zjkg, "query", name, "--format", "csv")
    assert queried.returncode == 0, queried.stderr
    assert len(queried.stdout.splitlines()) >= 2, f"query {name} returned no rows"
