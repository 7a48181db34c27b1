"""The ``zjkg`` group through click's runner: version, help, format registries, ``python -m``.

Each command family has its own file beside this one (``test_cli_validate``, ``test_cli_query``...).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.queries.results import RESULT_FORMATS
from zhangjiang_kg.rdfio.export import EXPORT_FORMATS
from zhangjiang_kg.reports.formats import REPORT_FORMATS
from zhangjiang_kg.vocab import PREFIXES

pytestmark = pytest.mark.usefixtures("shipped_files_untouched")
ZJ = PREFIXES["zj"]


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize(
    ("command", "registry"),
    [("query", RESULT_FORMATS), ("validate", REPORT_FORMATS), ("check", REPORT_FORMATS), ("export", EXPORT_FORMATS)],
)
def test_format_names_match_the_library_registries(command: str, registry: object) -> None:
    option = next(p for p in cli.commands[command].params if p.name == "fmt")
    assert tuple(option.type.choices) == tuple(registry)  # type: ignore[attr-defined, call-overload]


def test_version(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert result.output.strip() == "zjkg, version 0.1.0"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = invoke(runner, command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output, f"zjkg {command} --help shows no example"
    assert f"zjkg {command}" in result.output


def test_python_dash_m_runs_the_cli() -> None:
    run = subprocess.run([sys.executable, "-m", "zhangjiang_kg", "--help"], capture_output=True, text=True, check=False)
    assert run.returncode == 0
    assert "Usage: zjkg" in run.stdout


def test_help_does_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from zhangjiang_kg.cli.main import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rdflib', 'pyshacl', 'oxrdflib') if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_query_imports_nothing_it_does_not_use() -> None:
    """``zjkg query``'s budget is ``import rdflib``: file writing, logging, sockets and OpenSSL wait for a use."""
    code = (
        "import sys\n"
        "from zhangjiang_kg.cli.main import cli\n"
        "try:\n    cli(['query', 'platforms'])\nexcept SystemExit:\n    pass\n"
        "unused = ('rdflib', 'logging', 'socket', 'shutil', 'hashlib', 'difflib', 'zhangjiang_kg.rdfio.write',\n"
        "    'zhangjiang_kg.reports', 'zhangjiang_kg.cli.check', 'zhangjiang_kg.cli.export', 'zhangjiang_kg.stats')\n"
        "print(sorted(m for m in unused if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "zjo:" in run.stdout  # the query ran
    assert run.stdout.strip().splitlines()[-1] == "[]"
