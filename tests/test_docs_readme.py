"""The README documents every command, and its Python example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from zhangjiang_kg.cli.main import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_appears_in_the_readme(command: str) -> None:
    assert re.search(rf"\bzjkg {re.escape(command)}\b", README), f"README.md never shows `zjkg {command}`"


@pytest.mark.parametrize("command", ["validate", "query", "queries", "export", "stats"])
def test_every_option_of_the_core_commands_is_documented(command: str) -> None:
    options = [
        opt for param in cli.commands[command].params for opt in getattr(param, "opts", []) if opt.startswith("--")
    ]
    missing = [opt for opt in options if opt not in README and opt != "--help"]
    assert not missing, f"README.md does not mention {missing} of `zjkg {command}`"


def test_first_screen_shows_the_two_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:40])
    assert "make run" in first_screen
    assert "make test" in first_screen
    assert "Graph conforms" in first_screen  # real output, not a promise


def test_exit_codes_are_documented() -> None:
    table = README.split("### Exit codes", 1)[1].split("##", 1)[0]
    assert all(f"| {code} |" in table for code in (0, 1, 2))


def test_python_example_runs() -> None:
    block = README.split("## Python API", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["report"].conforms  # type: ignore[attr-defined]
    assert namespace["rows"].variables  # type: ignore[attr-defined]
    assert namespace["turtle"].startswith(b"@prefix")  # type: ignore[attr-defined]
