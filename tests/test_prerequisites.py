"""A test needing a program or file skips with one reason form, fails under CI, and is summed up in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from prerequisites import PROGRAMS, REASON, require_file, require_program, skip_reason, summary_line


def test_a_missing_program_skips_with_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"^needs Graphviz .*: apt-get install graphviz$"):
        require_program("graphviz")


def test_a_missing_program_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required"):
        require_program("graphviz")


def test_a_program_ci_does_not_install_only_skips_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.skip.Exception):
        require_program("java")


def test_a_present_program_gives_its_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dot = tmp_path / "dot"
    dot.write_text("#!/bin/sh\n", encoding="utf-8")
    dot.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert require_program("graphviz") == str(dot)


def test_a_missing_file_names_its_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZJKG_W3C_TURTLE", str(tmp_path))  # no manifest.ttl there
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="set ZJKG_W3C_TURTLE"):
        require_file("turtle-suite")
    (tmp_path / "manifest.ttl").write_text("", encoding="utf-8")
    assert require_file("turtle-suite") == tmp_path


@pytest.mark.parametrize("key", sorted(PROGRAMS))
def test_every_skip_reason_is_read_back_by_the_summary(key: str) -> None:
    found = REASON.match(skip_reason(key))
    assert found is not None
    assert found["name"] == PROGRAMS[key].name
    assert found["how"] == PROGRAMS[key].install


def test_the_summary_is_one_line_per_run_counting_each_prerequisite() -> None:
    reasons = [
        "Skipped: " + skip_reason("graphviz"),
        "Skipped: " + skip_reason("chromium"),
        "Skipped: " + skip_reason("chromium"),
        "Skipped: needs the W3C SHACL Core test suite: set ZJKG_W3C_SHACL_CORE to where it is",
        "Skipped: got empty parameter set",  # not a prerequisite: left out
    ]
    assert summary_line(reasons) == (
        "Skipped, missing prerequisites: Chromium for 2 tests (apt-get install chromium); "
        "Graphviz for 1 test (apt-get install graphviz); "
        "the W3C SHACL Core test suite for 1 test (set ZJKG_W3C_SHACL_CORE to where it is)."
    )
    assert summary_line(["Skipped: got empty parameter set"]) is None
