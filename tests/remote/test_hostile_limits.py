"""Hostile input, items 15, 17 and 18 of issue 11 (see the table in test_hostile.py): limits of the
parser, a full disk, and the smaller items, each through the CLI in a bounded child process."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hostile_run import (
    EX,
    ROOT,
    XSD,
    error_line,
    files_in,
    graph_of,
    nested,
    no_traceback,
    validate_case,
    write_file,
    zjkg,
)

from prerequisites import require_program

pytestmark = pytest.mark.slow


# --- 15: a literal over 16 MiB, deep nesting, ill-typed literals ---------------------------------


@pytest.fixture(scope="module")
def huge_literal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("huge") / "huge.ttl"
    path.write_text(f'<{EX}s> <{EX}p> "' + "x" * (17 << 20) + '" .\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["query", "platforms", "--data"],
        ["validate"],
        ["export", "--data"],
        ["stats", "--data"],
        ["fmt"],
        ["diff", "{small}"],
    ],
    ids=lambda c: " ".join(w for w in c if not w.startswith(("-", "{"))),
)
def test_a_literal_over_16_mib_is_one_line_for_every_command(
    command: list[str], huge_literal: Path, tmp_path: Path
) -> None:
    small = write_file(tmp_path, "small.ttl", f'<{EX}s> <{EX}p> "x" .\n')
    before = huge_literal.read_bytes()
    run = zjkg(*[str(small) if word == "{small}" else word for word in command], huge_literal)
    assert run.returncode == 2
    line = error_line(run)
    assert "huge.ttl" in line
    assert "16" in line  # "16 MiB" or the parser's 16777216
    assert huge_literal.read_bytes() == before


def test_check_reports_a_literal_over_16_mib_as_a_finding(huge_literal: Path) -> None:
    run = zjkg("check", huge_literal, "--skip", "evidence", "--format", "json")
    assert run.returncode == 2
    no_traceback(run)
    assert '"rule": "syntax"' in run.stdout


@pytest.mark.parametrize("command", ["diff", "fmt", "export"])
def test_deep_nesting_is_one_answer_for_diff_fmt_and_export(command: str, tmp_path: Path) -> None:
    deep = write_file(tmp_path, "deep.ttl", nested(2500))
    small = write_file(tmp_path, "small.ttl", f'<{EX}s> <{EX}p> "x" .\n')
    args = {"diff": ["diff", small, deep], "fmt": ["fmt", deep], "export": ["export", "--data", deep]}[command]
    run = zjkg(*args)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stderr == ""
    if command == "fmt":
        assert len(graph_of(deep.read_text(encoding="utf-8"))) == 2501


@pytest.mark.parametrize("command", [["query", "platforms", "--data"], ["export", "--data"], ["validate"]])
def test_an_ill_typed_literal_is_no_traceback(command: list[str], tmp_path: Path) -> None:
    data = write_file(tmp_path, "ill.ttl", f'<{EX}s> <{EX}p> "abc"^^<{XSD}integer> .\n')
    run = zjkg(*command, data)
    assert run.returncode in (0, 1)  # validate: the data alone breaks the packaged shapes
    assert run.stderr == ""  # rdflib once logged a conversion traceback here
    if command[0] == "export":
        assert '"abc"^^xsd:integer' in run.stdout


# --- 17: a full disk ---------------------------------------------------------------------------


#: Command (``{d}``: the test's folder) and the file it writes, which holds "old" before the run.
FULL_DISK_WRITERS = {
    "export": ("export -o {d}/out.ttl", "out.ttl"),
    "fmt": ("fmt {d}/messy.ttl", "messy.ttl"),
    "check --output": ("check {d}/messy.ttl --skip evidence --skip format --format json -o {d}/out.json", "out.json"),
    "validate --output": ("validate --format json -o {d}/out.json", "out.json"),
    "diagram": ("diagram --output {d}/img", "img/ontology.dot"),
}


@pytest.mark.parametrize("name", sorted(FULL_DISK_WRITERS))
def test_a_full_disk_keeps_the_old_file_for_every_writer(name: str, tmp_path: Path) -> None:
    """Each file may grow to 4 KiB in the child (RLIMIT_FSIZE); every writer writes more."""
    command, target = FULL_DISK_WRITERS[name]
    if name == "diagram":
        require_program("graphviz")  # `diagram` refuses to write anything without `dot`
    messy = "".join(f'<{EX}s{i:04}>   <{EX}p> "{i}" .\n' for i in range(200, 0, -1))
    write_file(tmp_path, "messy.ttl", messy)
    (tmp_path / target).parent.mkdir(exist_ok=True)
    if target != "messy.ttl":
        (tmp_path / target).write_bytes(b"old\n")
    before = files_in(tmp_path)
    run = zjkg(*command.format(d=tmp_path).split(), file_size=4096)
    assert run.returncode == 2, run.stdout + run.stderr
    assert error_line(run) == f"Error: {tmp_path / target}: cannot write: File too large"
    assert files_in(tmp_path) == before  # the old file whole, no temporary file left


# --- 18: the smaller items ----------------------------------------------------------------------


def test_inverse_paths_print_the_same_on_every_run(tmp_path: Path) -> None:
    case = ("ex:alice a ex:Person .\n", "ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;\n"
            "    sh:property [ sh:path [ sh:inversePath ex:knows ] ; sh:minCount 1 ] .\n")  # fmt: skip
    for fmt in ("text", "json"):
        runs = [validate_case(tmp_path, case, "--format", fmt) for _ in range(2)]
        texts = [run.stdout for run in runs]
        if fmt == "json":
            texts = [re.sub(r'"seconds": [0-9.e-]+', "", text) for text in texts]
        assert texts[0] == texts[1]
        assert "_:" not in texts[0]
        assert f"^<{EX}knows>" in texts[0]


def test_diagram_without_graphviz_writes_nothing(tmp_path: Path) -> None:
    pictures = tmp_path / "img"
    run = zjkg("diagram", "--output", pictures, env={"PATH": str(tmp_path)})  # no `dot` on this PATH
    assert run.returncode == 1
    assert "Graphviz's `dot` is not installed" in error_line(run)
    assert files_in(tmp_path) == {}


def test_an_empty_data_file_is_named_in_a_warning(tmp_path: Path) -> None:
    empty = write_file(tmp_path, "empty.ttl", "# nothing here yet\n@prefix ex: <http://example.org/> .\n")
    warning = (
        f"warning: {empty}: holds no statements (empty, or only comments and prefixes); nothing was loaded from it"
    )
    run = zjkg("query", "platforms", "--data", empty)
    assert run.returncode == 0
    assert run.stderr.splitlines() == [warning]
    check = zjkg("check", empty, "--skip", "evidence", "--skip", "format", "--format", "json")
    assert check.returncode == 0, check.stdout
    assert '"rule": "empty-file"' in check.stdout


README_QUERIES = [
    line.split("#", 1)[0].split()[1:]
    for doc in (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
    for line in doc.read_text(encoding="utf-8").splitlines()
    if line.startswith("zjkg query ")
    and not any(w in line for w in (".rq", "--endpoint", "--data", "--store-path", "..."))
]


@pytest.mark.parametrize("args", README_QUERIES, ids=" ".join)
def test_the_readme_query_commands_run(args: list[str], tmp_path: Path) -> None:
    """Four README examples once ran ``zjkg query funds``, a query that does not exist. Run in a
    folder of their own: one writes ``--output results.txt``, which must not land in the checkout."""
    run = zjkg(*args, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
