"""Hostile input, signals and faults, second round (issue 20): each item through the CLI.

As in ``test_hostile.py``, every case runs ``zjkg`` in a child process bounded in time and
memory (``hostile_run.py``) and checks the exit code, the one-line message and that nothing was
written, lost or sent. Issue 20 item → test(s) (item 4, the pySHACL child process, is tested with
the validation code):

====  ===========================================================================================
item  tests
====  ===========================================================================================
 1    test_output_follows_a_symlink_and_replaces_its_target,
      test_output_writes_in_place_to_a_fifo_and_dev_null,
      test_fmt_rewrites_the_target_of_a_symlink, test_output_refuses_a_device_or_a_folder
 2    test_a_signal_during_load_restores_the_store,
      test_a_store_that_dies_mid_replace_keeps_the_old_graph_whole
 3    test_a_query_nested_100000_deep_is_one_line_for_query_check_and_validate
 5    test_a_store_that_trickles_is_stopped_by_the_overall_deadline,
      test_an_answer_over_the_size_cap_is_refused_unless_the_cap_is_raised,
      test_a_redirect_to_another_host_is_not_followed, test_credentials_in_the_url_are_never_echoed,
      test_deeply_nested_json_ld_and_endpoint_json_are_one_line,
      test_a_data_folder_reads_regular_files_only
 6    test_text_output_escapes_control_characters_from_the_data
 7    test_long_iris_and_json_ld_lists_cost_linear_memory, test_a_huge_decimal_parameter_is_refused,
      test_a_byte_order_mark_is_accepted
====  ===========================================================================================
"""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest
from hostile_run import BOUND, EX, ROOT, error_line, graph_of, no_traceback, zjkg

# --- 3: a query nested 100,000 deep ---------------------------------------------------------------

DEEP_QUERY = "SELECT * WHERE\n" + "{" * 100_000 + "}" * 100_000 + "\n"


@pytest.mark.parametrize(
    "command",
    [
        ["query", "{q}"],
        ["query", "{q}", "--engine", "oxigraph"],
        ["check", "--queries", "{d}"],
        ["validate", "--queries", "{d}"],
    ],
    ids=["query", "query-oxigraph", "check", "validate"],
)
def test_a_query_nested_100000_deep_is_one_line_for_query_check_and_validate(
    command: list[str], tmp_path: Path
) -> None:
    folder = tmp_path / "queries"
    folder.mkdir()
    query = folder / "deep-violation.rq"
    query.write_text(DEEP_QUERY)
    assert len(DEEP_QUERY) > 200_000
    run = zjkg(*(part.format(q=query, d=folder) for part in command))
    no_traceback(run)
    assert run.returncode == 2, run.stderr
    assert error_line(run) == (
        f"Error: {query}:2:129: SPARQL syntax error: nested 100000 levels deep; at most 128 are allowed"
    )


# --- 1: writing to what is not a regular file -----------------------------------------------------


def _export(output: object) -> subprocess.CompletedProcess[str]:
    return zjkg("export", "--format", "nt", "--output", output)


def test_output_follows_a_symlink_and_replaces_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.nt"
    target.write_text("old\n")
    link = tmp_path / "link.nt"
    link.symlink_to(target.name)
    run = _export(link)
    assert run.returncode == 0, run.stderr
    assert link.is_symlink()
    assert str(link.readlink()) == "real.nt"
    assert graph_of(target.read_text(), "nt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.nt", "real.nt"]  # no temporary file left


def test_fmt_rewrites_the_target_of_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "real.ttl"
    target.write_text(f"<{EX}b>   <{EX}p>   <{EX}o> .\n<{EX}a> <{EX}p> <{EX}o> .\n")
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    run = zjkg("fmt", link)
    assert run.returncode == 0, run.stderr
    assert link.is_symlink()
    assert link.resolve() == target
    assert target.read_text().index(f"<{EX}a>") < target.read_text().index(f"<{EX}b>")


def test_output_writes_in_place_to_a_fifo_and_dev_null(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = _export(fifo)
    reader.join(BOUND)
    assert run.returncode == 0, run.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert graph_of(received[0].decode(), "nt")
    assert _export(os.devnull).returncode == 0
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)
    for stdout in ("-", "/dev/stdout"):
        run = _export(stdout)
        assert run.returncode == 0, run.stderr
        assert graph_of(run.stdout, "nt")
    assert not Path(ROOT, "-").exists()


def test_output_refuses_a_device_or_a_folder(tmp_path: Path) -> None:
    run = _export("/dev/zero")
    assert run.returncode == 2
    assert error_line(run) == "Error: /dev/zero: is a device; refused (write to a regular file, -, a FIFO or /dev/null)"
    assert stat.S_ISCHR(Path("/dev/zero").stat().st_mode)
    link = tmp_path / "zero.nt"
    link.symlink_to("/dev/zero")
    run = _export(link)
    assert run.returncode == 2
    assert error_line(run).endswith("zero.nt: is a device; refused (write to a regular file, -, a FIFO or /dev/null)")
    assert link.is_symlink()
    run = zjkg("check", "--skip", "evidence", "--report", f"sarif={tmp_path}")
    assert run.returncode == 2
    refusal = "is a folder; refused (write to a regular file, -, a FIFO or /dev/null)"
    assert error_line(run) == f"Error: {tmp_path}: {refusal}"
    assert [p.name for p in tmp_path.iterdir()] == ["zero.nt"]
