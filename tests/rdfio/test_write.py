"""Writes are atomic: a failed write leaves the old file as it was and names the file it could not write."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.errors import InputError
from zhangjiang_kg.rdfio.write import atomic_folder, write_atomic

from prerequisites import require_program


def _disk_full(*_args: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.nt"
    target.write_bytes(b"old\n")
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.nt"]


def test_a_full_disk_keeps_the_old_file_and_names_the_new_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.nt"
    target.write_bytes(b"old\n")
    monkeypatch.setattr(os, "fsync", _disk_full)
    with pytest.raises(InputError, match=f"^{target}: cannot write: No space left on device$"):
        write_atomic(target, b"new\n" * 1000)
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.nt"]  # no temporary file left behind


def test_cli_export_on_a_full_disk_exits_2_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old\n")
    monkeypatch.setattr(os, "fsync", _disk_full)
    result = CliRunner().invoke(cli, ["export", "--output", str(target)])
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: {target}: cannot write: No space left on device"
    assert target.read_bytes() == b"old\n"


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.nt", b"x\n")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.nt").stat().st_mode & 0o777 == 0o644


# --- every command that writes a file goes through the atomic writer ---------------------------

_DATA = '<https://w3id.org/zhangjiang-kg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n'
_MESSY = (
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    '<https://w3id.org/zhangjiang-kg/id/b>   rdfs:label "b" .\n'
    '<https://w3id.org/zhangjiang-kg/id/a> rdfs:label "a" .\n'
)
#: Command (``{d}`` is the test's folder, holding ``in.ttl`` and ``messy.ttl``), the file that
#: holds "old" before the run, and the file the error must name.
WRITERS = {
    "fmt": ("fmt {d}/messy.ttl", "messy.ttl", "messy.ttl"),
    "check --output": ("check {d}/in.ttl --skip evidence --format json -o {d}/r.json", "r.json", "r.json"),
    "check --report": ("check {d}/in.ttl --skip evidence --report sarif={d}/r.sarif", "r.sarif", "r.sarif"),
    "validate --output": ("validate {d}/in.ttl -o {d}/v.txt", "v.txt", "v.txt"),
    "query --output": ("query platforms -o {d}/q.txt", "q.txt", "q.txt"),
    "diff --output": ("diff {d}/in.ttl {d}/in.ttl -o {d}/d.txt", "d.txt", "d.txt"),
    "diagram": ("diagram --output {d}/img", "img/data.dot", "img/ontology.dot"),
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_writer_keeps_the_old_file_on_a_full_disk(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command, kept, named = WRITERS[name]
    if name == "diagram":
        require_program("graphviz")  # `diagram` refuses to write anything without `dot`
    (tmp_path / "in.ttl").write_text(_DATA, encoding="utf-8")
    (tmp_path / "messy.ttl").write_text(_MESSY, encoding="utf-8")
    old = tmp_path / kept
    old.parent.mkdir(exist_ok=True)
    if kept != "messy.ttl":
        old.write_bytes(b"old\n")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    monkeypatch.setattr(os, "fsync", _disk_full)
    result = CliRunner().invoke(cli, command.format(d=tmp_path).split())
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {tmp_path / named}: cannot write: No space left on device\n"
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before  # no temporary file either


def _site_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow(reason="builds the documentation site twice")
def test_docs_on_a_full_disk_keeps_the_old_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    first = CliRunner().invoke(cli, ["docs", "--output", str(site), "--no-diagrams"])
    assert first.exit_code == 0, first.output
    old = _site_files(site)
    written: list[Path] = []
    real = Path.write_bytes

    def fill_up(self: Path, data: bytes) -> int:  # the disk fills up after ten pages
        written.append(self)
        if len(written) > 10:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", fill_up)
    second = CliRunner().invoke(cli, ["docs", "--output", str(site), "--no-diagrams"])
    assert second.exit_code == 2
    assert second.stderr == f"Error: {site}: cannot write: No space left on device\n"
    assert _site_files(site) == old
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # the scratch folder is gone
    assert all(tmp_path / "site" not in p.parents for p in written)  # the old site was never written into


# --- a folder replaced whole (the documentation site) ------------------------------------------


def test_a_folder_is_replaced_whole(tmp_path: Path) -> None:

    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.html").write_text("old", encoding="utf-8")
    with atomic_folder(site) as scratch:
        (scratch / "index.html").write_text("new", encoding="utf-8")
        assert (site / "stale.html").exists()  # the old site serves until the new one is whole
    assert files_of(site) == {"index.html": b"new"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_failed_folder_build_leaves_the_old_folder_and_no_scratch(tmp_path: Path) -> None:

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    with pytest.raises(InputError, match=f"^{site}: cannot write: No space left on device$"):
        _build_half(site, _disk_full)
    with pytest.raises(KeyboardInterrupt):
        _build_half(site, _interrupt)
    assert files_of(site) == {"index.html": b"old"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def _build_half(site: Path, failure: Callable[[], None]) -> None:

    with atomic_folder(site) as scratch:
        (scratch / "index.html").write_text("half", encoding="utf-8")
        failure()


def _interrupt() -> None:
    raise KeyboardInterrupt


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
