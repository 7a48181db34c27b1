"""The README and docs/ document every command, and every command line they show runs as written.

Each line of a ``console`` or ``sh`` block in README.md and docs/*.md, and each example of every
``--help``, is run: a ``zjkg`` line in a folder prepared with the files the examples name, and it must
exit 0, or 1 where the line's comment says ``exits 1``. A line that needs a server or a system program
is skipped, each with its reason (:data:`NOT_RUN`); nothing else is.
"""

from __future__ import annotations

import gc
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli

import synth
from prerequisites import require_file, require_program

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md"))}
CLI_DOC = DOCS["cli.md"]
#: Every document a reader is sent to, as one text.
ALL_DOCS = "\n".join([README, *DOCS.values()])

#: Lines that are not run, by what they start with or contain, and why.
NOT_RUN = (
    ("make ", "runs the project's make targets, which CI runs itself (.ci/run)"),
    ("source ", "shell set-up"),
    ("export ", "shell set-up"),
    ("pip install", "installs packages"),
    ("xdg-open", "opens a browser"),
    ("curl ", "needs `zjkg serve` running"),
    ("oxigraph serve", "starts a server (tests/remote start one and run these against it)"),
    ("zjkg serve", "starts a server (tests/remote start one and run these against it)"),
    ("--endpoint", "needs a SPARQL server (tests/remote start one and run these against it)"),
    ("zjkg diff HEAD", "needs the project's git history"),
    ("zjkg diff main:", "needs the project's git history"),
)


#: Lines that take seconds each (a site build, a grown graph, pySHACL, every query on rdflib's
#: store): marked slow, so `make test-slow` and CI run them and `make test` stays quick.
SLOW = ("query --all", "zjkg docs", "pyshacl", "100000")


@dataclass(frozen=True)
class Line:
    """One command line of the documentation: where it is and what it says."""

    source: str
    text: str
    comment: str

    @property
    def expected_exit(self) -> int:
        return 1 if "exits 1" in self.comment else 0

    def __str__(self) -> str:
        return f"{self.source}: {self.text}"


def doc_lines(name: str, text: str) -> list[Line]:
    """The command lines of a Markdown text's ``console``, ``sh`` and ``bash`` blocks."""
    lines: list[Line] = []
    for block in re.findall(r"```(?:console|sh|bash)\n(.*?)```", text, flags=re.DOTALL):
        prompted = any(raw.startswith("$ ") for raw in block.splitlines())
        for raw in block.splitlines():
            raw = raw.strip()
            if prompted:  # a block with prompts: the other lines are output
                if not raw.startswith("$ "):
                    continue
                raw = raw[2:]
            elif not raw or raw.startswith("#"):
                continue
            command, _, comment = raw.partition("  #")
            if command.strip():
                lines.append(Line(name, command.strip(), comment.strip()))
    return lines


def help_lines() -> list[Line]:
    """The examples of every command's ``--help``."""
    lines: list[Line] = []
    for name, command in sorted(cli.commands.items()):
        examples = (command.help or "").split("Examples:", 1)
        for raw in examples[1].splitlines() if len(examples) == 2 else []:
            command_text, _, comment = raw.strip().partition("  #")
            if command_text.startswith("zjkg "):
                lines.append(Line(f"zjkg {name} --help", command_text.strip(), comment.strip()))
    return lines


LINES = [*doc_lines("README.md", README), *(line for n, t in DOCS.items() for line in doc_lines(f"docs/{n}", t))]
HELP_LINES = help_lines()


def params(lines: list[Line]) -> list[object]:
    """The lines as test parameters, the slow ones marked."""
    slow = pytest.mark.slow(reason="takes seconds: a site build, a grown graph, pySHACL or every query")
    return [
        pytest.param(line, id=str(line), marks=[slow] if any(s in line.text for s in SLOW) else []) for line in lines
    ]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding every file the examples name: a copy of the graph, an extension, a query,
    grown graphs and a store, and the article when it is there."""
    folder = tmp_path_factory.mktemp("docs-examples")
    for name in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / name, folder / name)
    runner = CliRunner()

    def zjkg(*args: str) -> None:
        result = runner.invoke(cli, [*args])
        assert result.exit_code in (0, 1), result.output
        gc.collect()  # closes an on-disk store the command opened, as the end of a process would

    zjkg("export", "--graph", "data", "--output", str(folder / "my-extension.ttl"))
    zjkg("fmt", str(folder / "my-extension.ttl"))
    (folder / "my-question.rq").write_text(
        "PREFIX zjo: <https://w3id.org/zhangjiang-kg/ontology#>\nSELECT ?platform WHERE { ?platform a zjo:Platform }\n",
        encoding="utf-8",
    )
    synth.synthesise(folder / "big.nt", 20000, violations=6, seed=1)
    synth.synthesise(folder / "seeded.nt", 20000, violations=6, seed=7)
    zjkg("query", "platforms", "--data", str(folder / "big.nt"), "--store-path", str(folder / "big-store"))
    return folder


def run_line(line: Line, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run one documented command line in the workspace; skip it only for a reason of :data:`NOT_RUN`."""
    for marker, reason in NOT_RUN:
        if line.text.startswith(marker) or (marker.startswith("--") and marker in line.text):
            pytest.skip(f"{line}: {reason}")
    words = shlex.split(line.text)
    assert words[0] == "zjkg" or words[0].endswith("/zjkg"), f"{line}: not a zjkg command and not in NOT_RUN"
    if words[1] == "diagram" and "--check" not in words:
        require_program("graphviz")
        if "--output" not in words and "-o" not in words:
            words += ["--output", str(workspace / "img")]  # its default is the checkout's docs/img
    if "article.txt" in words:
        shutil.copyfile(require_file("article"), workspace / "article.txt")
    monkeypatch.chdir(workspace)
    for variable in ("CI", "GITHUB_ACTIONS"):  # the examples are a user's, not a CI job's
        monkeypatch.delenv(variable, raising=False)
    result = CliRunner().invoke(cli, words[1:])
    gc.collect()  # closes an on-disk store the command opened, as the end of a process would
    assert result.exit_code == line.expected_exit, f"{line}\n{result.output}"


@pytest.mark.parametrize("line", params(LINES))
def test_every_documented_command_line_runs(
    line: Line, workspace: Path, monkeypatch: pytest.MonkeyPatch, shipped_files_untouched: None
) -> None:
    run_line(line, workspace, monkeypatch)


@pytest.mark.parametrize("line", params(HELP_LINES))
def test_every_help_example_runs(
    line: Line, workspace: Path, monkeypatch: pytest.MonkeyPatch, shipped_files_untouched: None
) -> None:
    run_line(line, workspace, monkeypatch)


def test_the_documents_show_command_lines() -> None:
    assert len(LINES) >= 40
    assert len(HELP_LINES) >= 2 * len(cli.commands)


def test_a_failing_line_would_be_caught(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner is not vacuous: the query name that once stood in ``query --help`` fails it."""
    with pytest.raises(AssertionError, match="funds"):
        run_line(Line("test", "zjkg query funds", ""), workspace, monkeypatch)


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_appears_in_the_docs(command: str) -> None:
    assert re.search(rf"\bzjkg {re.escape(command)}\b", ALL_DOCS), f"neither README.md nor docs/ show `zjkg {command}`"


@pytest.mark.parametrize("command", ["validate", "query", "queries", "export", "stats"])
def test_every_option_of_the_core_commands_is_documented(command: str) -> None:
    options = [
        opt for param in cli.commands[command].params for opt in getattr(param, "opts", []) if opt.startswith("--")
    ]
    missing = [opt for opt in options if opt not in CLI_DOC and opt != "--help"]
    assert not missing, f"docs/cli.md does not mention {missing} of `zjkg {command}`"


def test_first_screen_shows_the_two_commands_and_what_run_prints() -> None:
    first_screen = "\n".join(README.splitlines()[:50])
    assert "make run" in first_screen
    assert "make test" in first_screen
    assert "Graph conforms" in first_screen  # real output, not a promise
    assert "Violation checks: 11 of 11 passed" in first_screen


def test_the_readme_says_how_to_reach_zjkg_and_what_it_needs() -> None:
    assert "source .venv/bin/activate" in README
    for package in ("graphviz", "chromium", "virtuoso-opensource"):
        assert f"`{package}`" in README
    for variable in ("ZJKG_SOURCE_TEXT", "ZJKG_W3C_TURTLE", "ZJKG_W3C_SHACL_CORE"):
        assert f"`{variable}`" in README


def test_the_readme_links_the_longer_documents() -> None:
    for name in DOCS:
        assert f"(docs/{name})" in README, f"README.md does not link docs/{name}"


def test_the_readme_is_short() -> None:
    assert len(README.splitlines()) <= 200


def test_exit_codes_are_documented() -> None:
    table = CLI_DOC.split("## Exit codes", 1)[1].split("##", 1)[0]
    assert all(f"| {code} |" in table for code in (0, 1, 2))


def test_python_example_runs() -> None:
    block = CLI_DOC.split("## Python API", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    namespace: dict[str, object] = {}
    exec(compile(block, "docs/cli.md", "exec"), namespace)
    assert namespace["report"].conforms  # type: ignore[attr-defined]
    assert namespace["rows"].variables  # type: ignore[attr-defined]
    assert namespace["turtle"].startswith(b"@prefix")  # type: ignore[attr-defined]
