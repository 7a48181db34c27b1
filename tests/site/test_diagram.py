"""The Graphviz diagrams: DOT text is deterministic, says what it should, and the committed copy
in docs/img is current (regenerate with `zjkg diagram`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import zhangjiang_kg
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.site import diagram
from zhangjiang_kg.site.graph import Graphs

from prerequisites import require_program

ROOT = Path(__file__).resolve().parents[2]
IMG = ROOT / "docs" / "img"
needs_dot = pytest.mark.usefixtures("graphviz")


@pytest.fixture
def graphviz() -> str:
    """Graphviz's ``dot``: skipped without it, required under CI."""
    return require_program("graphviz")


@pytest.fixture(scope="module")
def kg() -> Graphs:
    return Graphs(zhangjiang_kg.load())


@pytest.mark.parametrize("name", diagram.DIAGRAMS)
def test_committed_dot_is_current(kg: Graphs, name: str) -> None:
    committed = (IMG / f"{name}.dot").read_text(encoding="utf-8")
    assert committed == diagram.dot_texts(kg)[name], f"docs/img/{name}.dot is out of date: run `zjkg diagram`"
    assert (IMG / f"{name}.svg").is_file()


def test_dot_is_deterministic(kg: Graphs) -> None:
    assert diagram.dot_texts(kg) == diagram.dot_texts(Graphs(zhangjiang_kg.load()))


def test_ontology_diagram_has_classes_subclasses_and_properties(kg: Graphs) -> None:
    text = diagram.ontology_dot(kg)
    assert '"zjo:Platform" [label="platform\\nzjo:Platform"];' in text
    assert '"zjo:MonetaryFigure" -> "zjo:Figure" [arrowhead=empty' in text
    assert '"zjo:Project" -> "zjo:Fund" [label="fundedBy"' in text  # declared domain and range
    assert '[label="serves", color="#0b6e69", fontcolor="#0b6e69", style=dashed]' in text  # range only: from the data
    assert 'label="status"' not in text


def test_data_diagram_starts_at_the_zone_and_colours_by_status(kg: Graphs) -> None:
    text = diagram.data_dot(kg)
    assert '"zj:zhangjiang-zone" [label="Zhangjiang National' in text
    assert '"zj:zone-jobs-added" -> "zj:zhangjiang-zone" [label="figureOf"];' in text
    assert "= 1,000 jobs" in text
    assert diagram.STATUS_COLOURS["Planned"] in text  # the planned biopharma industry fund
    assert "oa:" not in text
    assert "zj:ev-" not in text


def test_data_diagram_of_an_unknown_node_is_an_input_error(kg: Graphs) -> None:
    with pytest.raises(zhangjiang_kg.InputError, match="no node"):
        diagram.data_dot(kg, start="https://w3id.org/zhangjiang-kg/id/nowhere")


def test_dot_quoting_escapes_quotes_backslashes_and_newlines() -> None:
    assert diagram.quote('a "b"\\c\nd') == '"a \\"b\\"\\\\c\\nd"'


@needs_dot
def test_diagram_command_writes_then_checks(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["diagram", "--output", str(tmp_path), "--format", "svg", "--format", "png"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "data.dot",
        "data.png",
        "data.svg",
        "ontology.dot",
        "ontology.png",
        "ontology.svg",
    ]
    assert (tmp_path / "ontology.svg").read_bytes().lstrip().startswith(b"<?xml")
    assert (tmp_path / "data.png").read_bytes().startswith(b"\x89PNG")
    again = runner.invoke(cli, ["diagram", "--output", str(tmp_path)], catch_exceptions=False)
    assert "unchanged" in again.output
    assert "wrote" not in again.output
    assert runner.invoke(cli, ["diagram", "--check", "--output", str(tmp_path)]).exit_code == 0
    (tmp_path / "data.dot").write_text("digraph stale {}\n", encoding="utf-8")
    stale = runner.invoke(cli, ["diagram", "--check", "--output", str(tmp_path)])
    assert stale.exit_code == 1
    assert "out of date" in stale.output
    assert "data" in stale.output


def test_missing_dot_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diagram.shutil, "which", lambda name: None)
    with pytest.raises(diagram.GraphvizError, match="apt-get install graphviz"):
        diagram.render("digraph x {}")


def test_missing_dot_writes_nothing(kg: Graphs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Graphviz no file is written: a .dot without its picture would pass --check."""
    monkeypatch.setattr(diagram.shutil, "which", lambda name: None)
    folder = tmp_path / "img"
    with pytest.raises(diagram.GraphvizError):
        diagram.write_diagrams(kg, folder)
    assert not folder.exists() or list(folder.iterdir()) == []
