"""Writes are atomic: a failed write leaves the old file as it was and names the file it could not write."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.errors import InputError
from zhangjiang_kg.rdfio.write import write_atomic


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
