"""``--output`` and the report ``--format`` are declared once (``cli/options.py``) and used by every command."""

from __future__ import annotations

import re
from pathlib import Path

from zhangjiang_kg.cli.main import cli

PACKAGE = Path(__file__).resolve().parents[2] / "zhangjiang_kg"


def test_output_is_declared_only_in_the_shared_options() -> None:
    declared = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if re.search(r"""click\.option\(\s*["']--output["']""", path.read_text(encoding="utf-8"))
    }
    assert declared == {"cli/options.py"}


def test_every_output_option_has_the_short_form_and_help() -> None:
    outputs = {
        name: next((p for p in command.params if p.name == "output"), None) for name, command in cli.commands.items()
    }
    used = {name: option for name, option in outputs.items() if option is not None}
    assert {"validate", "check", "query", "queries", "export", "stats", "diff", "docs", "diagram"} <= set(used)
    for name, option in used.items():
        assert option.opts == ["--output", "-o"] or option.opts == ["-o", "--output"], name
        assert option.help, name


def test_the_graph_options_read_the_same_on_every_command() -> None:
    takers = {
        name: command
        for name, command in cli.commands.items()
        if any(p.name == "allow_network" for p in command.params)
    }
    assert {"validate", "query", "export", "stats", "load", "serve"} <= set(takers)
    for option in ("data", "ontology", "shapes", "allow_network"):
        seen = {
            name: param.to_info_dict()
            for name, command in takers.items()
            for param in command.params
            if param.name == option
        }
        assert len(seen) == len(takers) - (option == "data"), option  # validate reads PATHS, not --data
        first = next(iter(seen.values()))
        assert all(info == first for info in seen.values()), option
