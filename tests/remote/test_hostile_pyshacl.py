"""pySHACL (``--engine pyshacl`` and the fallback of the default) is stopped by a time limit, Ctrl-C,
SIGTERM and SIGHUP, its errors are one line, cyclic paths are refused when shapes are read, and
``sh:pattern`` is linear wherever the compiled validator evaluates it.

Every case runs ``zjkg validate`` in a child process bounded in time and memory, with its own
``TMPDIR``: pySHACL's process is found by that folder in its command line, and the folder must
be empty when ``zjkg`` has ended (nothing left behind); ``--output`` must not be written.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hostile_run import (
    BOUND,
    PREFIXES,
    Listener,
    error_line,
    limit_memory,
    no_traceback,
    signalled,
    started,
    write_file,
    zjkg,
)

pytestmark = pytest.mark.slow

#: Python's ``re`` backtracks on this pattern for ever on a long run of ``a`` ending in ``b``.
CATASTROPHIC = "^(a+)+$"
LONG = "a" * 100_000 + "b"
PATTERN_SHAPE = (
    f'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:name ; sh:pattern "{CATASTROPHIC}" ] .\n'
)
#: The same shape made recursive (through ex:knows), which the default hands to pySHACL.
RECURSIVE = PATTERN_SHAPE.replace(" .\n", " ; sh:property [ sh:path ex:knows ; sh:node ex:S ] .\n")
#: The two ways pySHACL is reached from the command line.
PYSHACL_PATHS = {
    "reference": (PATTERN_SHAPE, ["--engine", "pyshacl"]),
    "fallback": (RECURSIVE, []),
}
CYCLIC_PATHS = {
    "inverse-of-itself": "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path _:p ; sh:minCount 1 ] .\n"
    "_:p sh:inversePath _:p .\n",
    "list-without-end": "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path _:l ; sh:minCount 1 ] .\n"
    "_:l <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ex:name ; "
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:l .\n",
    "alternative-inside-itself": "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path _:x ] .\n"
    "_:x sh:zeroOrMorePath [ sh:alternativePath ( ex:name _:x ) ] .\n",
}


def _case(tmp_path: Path, shapes: str, value: str = LONG) -> tuple[list[object], dict[str, str]]:
    """``validate`` arguments for one data node with ``ex:name value`` and ``shapes``, and the
    environment that gives the run a ``TMPDIR`` of its own."""
    data = write_file(tmp_path, "data.ttl", PREFIXES + f'ex:a ex:name "{value}" .\n')
    shape_file = write_file(tmp_path, "shapes.ttl", PREFIXES + shapes)
    ontology = write_file(tmp_path, "ontology.ttl", PREFIXES + "ex:Thing a <http://www.w3.org/2002/07/owl#Class> .\n")
    (tmp_path / "no-queries").mkdir(exist_ok=True)
    (tmp_path / "tmp").mkdir(exist_ok=True)
    args: list[object] = ["validate", data, "--shapes", shape_file, "--ontology", ontology]
    args += ["--queries", tmp_path / "no-queries", "--output", tmp_path / "report.txt"]
    return args, {"TMPDIR": str(tmp_path / "tmp")}


def pyshacl_processes(tmp_path: Path) -> list[int]:
    """The pySHACL processes working in ``tmp_path``'s TMPDIR (zombies awaiting their parent count too)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"zhangjiang_kg.shacl.isolated" in command and any(str(tmp_path).encode() in a for a in command):
            found.append(int(entry.name))
    return found


def left_behind(tmp_path: Path) -> None:
    """Nothing written, nothing running, nothing left in the run's TMPDIR."""
    assert not (tmp_path / "report.txt").exists()
    deadline = time.monotonic() + 10  # a killed process may take a moment to be reaped
    while pyshacl_processes(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pyshacl_processes(tmp_path) == []
    assert list((tmp_path / "tmp").iterdir()) == []


def _components(report: dict[str, Any]) -> list[str]:
    """The constraint components of a JSON report's results, by local name."""
    return [r["sourceConstraintComponent"].rsplit("#", 1)[-1] for r in report["results"]]


def test_a_catastrophic_pattern_is_linear_on_the_default_path(tmp_path: Path) -> None:
    """Oxigraph's REGEX (Rust's regex crate) cannot backtrack: 100,000 characters, one answer."""
    args, env = _case(tmp_path, PATTERN_SHAPE)
    run = zjkg(*args, "--format", "json", env=env)
    no_traceback(run)
    assert run.returncode == 1, run.stderr
    report = json.loads((tmp_path / "report.txt").read_text(encoding="utf-8"))
    shacl = next(s for s in report["steps"] if s["name"] == "shacl")
    assert "compiled to SPARQL" in shacl["note"]
    assert "pySHACL" not in shacl["note"]
    assert _components(report) == ["PatternConstraintComponent"]


def test_a_catastrophic_pattern_is_linear_on_an_oxigraph_endpoint(oxigraph_server, tmp_path: Path) -> None:
    """``--endpoint``: the store evaluates the pattern; an Oxigraph server's REGEX is linear too."""
    args, env = _case(tmp_path, PATTERN_SHAPE)
    loaded = zjkg("load", "--endpoint", oxigraph_server.store_url, "--data", args[1], "--ontology", args[5])
    assert loaded.returncode == 0, loaded.stderr
    run = zjkg("validate", "--endpoint", oxigraph_server.query_url, *args[2:4], *args[6:], "--format", "json", env=env)
    no_traceback(run)
    assert run.returncode == 1, run.stderr
    assert _components(json.loads((tmp_path / "report.txt").read_text(encoding="utf-8"))) == [
        "PatternConstraintComponent"
    ]


@pytest.mark.parametrize("path", PYSHACL_PATHS)
def test_pyshacl_stops_at_the_time_limit_with_one_line(path: str, tmp_path: Path) -> None:
    shapes, options = PYSHACL_PATHS[path]
    args, env = _case(tmp_path, shapes)
    run = zjkg(*args, *options, "--timeout", "3", env=env)
    assert run.returncode == 1, run.stderr
    assert "did not finish within 3 s (--timeout)" in error_line(run)
    left_behind(tmp_path)


def _started(args: list[object], env: dict[str, str], tmp_path: Path) -> subprocess.Popen[str]:
    """``zjkg ARGS`` started, returned once its pySHACL process runs."""
    process = started(args, env)
    deadline = time.monotonic() + BOUND
    while not pyshacl_processes(tmp_path):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"pySHACL never started: {process.communicate()[1]}")
        time.sleep(0.1)
    return process


@pytest.mark.parametrize(
    ("signum", "code", "message"),
    [
        (signal.SIGINT, 130, "Error: interrupted (Ctrl-C)"),
        (signal.SIGTERM, 143, "Error: stopped by SIGTERM"),
        (signal.SIGHUP, 129, "Error: stopped by SIGHUP"),
    ],
    ids=["ctrl-c", "sigterm", "sighup"],
)
@pytest.mark.parametrize("path", PYSHACL_PATHS)
def test_a_signal_stops_pyshacl_with_one_line(path: str, signum: int, code: int, message: str, tmp_path: Path) -> None:
    shapes, options = PYSHACL_PATHS[path]
    args, env = _case(tmp_path, shapes)
    process = _started([*args, *options], env, tmp_path)
    err = signalled(process, signum)
    assert process.returncode == code, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == message
    left_behind(tmp_path)


def test_pyshacl_dies_with_zjkg_even_on_sigkill(tmp_path: Path) -> None:
    """Linux sends pySHACL's process SIGTERM when its parent dies, however it dies."""
    args, env = _case(tmp_path, PATTERN_SHAPE)
    process = _started([*args, "--engine", "pyshacl"], env, tmp_path)
    process.kill()
    process.communicate(timeout=BOUND)
    deadline = time.monotonic() + 10
    while pyshacl_processes(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pyshacl_processes(tmp_path) == []


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
@pytest.mark.parametrize("case", CYCLIC_PATHS)
def test_a_cyclic_path_is_refused_with_one_line(case: str, engine: str, tmp_path: Path) -> None:
    args, env = _case(tmp_path, CYCLIC_PATHS[case], value="x")
    run = zjkg(*args, "--engine", engine, env=env)
    assert run.returncode == 2, run.stderr
    line = error_line(run)
    assert "the sh:path of a property shape of <http://example.org/S> is cyclic" in line
    left_behind(tmp_path)


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_a_pyshacl_failure_is_one_line(engine: str, tmp_path: Path) -> None:
    """Update text where a SELECT belongs: pySHACL's parse error, as one line, and nothing changed."""
    shapes = 'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select "DELETE WHERE { ?s ?p ?o }" ] .\n'
    args, env = _case(tmp_path, shapes, value="x")
    run = zjkg(*args, "--engine", engine, env=env)
    assert run.returncode == 2, run.stderr
    line = error_line(run)
    assert line.startswith("Error: pySHACL could not validate: ParseException: ")
    assert "DELETE" in line
    assert (tmp_path / "data.ttl").read_text(encoding="utf-8").endswith('ex:a ex:name "x" .\n')
    left_behind(tmp_path)


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_service_in_a_sparql_constraint_is_refused_and_nothing_is_sent(engine: str, tmp_path: Path) -> None:
    listener = Listener()
    try:
        select = f"SELECT $this WHERE {{ SERVICE <{listener.url}> {{ $this ?p ?o }} }}"
        shapes = f'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select "{select}" ] .\n'
        args, env = _case(tmp_path, shapes, value="x")
        run = zjkg(*args, "--engine", engine, env=env)
        assert run.returncode == 2, run.stderr
        assert f"calls SERVICE <{listener.url}>" in error_line(run)
        assert listener.connections == 0
        left_behind(tmp_path)
    finally:
        listener.close()


def test_modules_in_the_working_folder_do_not_shadow_pyshacl(tmp_path: Path) -> None:
    """pySHACL's process starts in its own folder: a ``pyshacl.py`` where the user stands is not run."""
    args, env = _case(tmp_path, RECURSIVE, value="aaa")
    marker = tmp_path / "shadowed"
    for name in ("pyshacl", "rdflib", "zhangjiang_kg"):
        write_file(tmp_path, f"{name}.py", f"open({str(marker)!r}, 'w').write({name!r})\nraise SystemExit(3)\n")
    script = Path(sys.executable).with_name("zjkg")  # the installed command: it puts no folder of its own first
    run = subprocess.run(
        [script, *map(str, args), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=BOUND,
        cwd=tmp_path,
        preexec_fn=limit_memory,
        env={**os.environ, **env},
        check=False,
    )
    no_traceback(run)
    assert run.returncode == 0, run.stderr  # "aaa" matches, and the recursive shape went to pySHACL
    steps = json.loads((tmp_path / "report.txt").read_text(encoding="utf-8"))["steps"]
    assert "handed to pySHACL: <http://example.org/S>" in steps[0]["note"]
    assert not marker.exists()
    assert list((tmp_path / "tmp").iterdir()) == []
