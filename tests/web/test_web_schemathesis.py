"""schemathesis against the served OpenAPI description, as a new user's tooling would try the API:
every check it has, a bounded number of generated requests per operation, no failure allowed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from zhangjiang_kg.queries.catalogue import catalogue
from zhangjiang_kg.web import WebServer

#: Generated requests per operation and phase: enough to find a wrong status or schema, bounded for CI.
EXAMPLES = 10


@pytest.mark.slow
def test_schemathesis_finds_no_failure_with_every_check(served: WebServer) -> None:
    runner = Path(sys.executable).parent / "schemathesis"
    if not runner.exists():
        pytest.skip("schemathesis is not installed (the test extra has it)")
    run = subprocess.run(
        [
            str(runner),
            "run",
            f"{served.url}/api/openapi.json",
            "--url",
            f"{served.url}/api",
            "--checks",
            "all",
            "--max-examples",
            str(EXAMPLES),
            "--generation-deterministic",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    summary = run.stdout[run.stdout.rfind("SUMMARY") :]
    assert run.returncode == 0, summary or run.stderr[-3000:]
    assert f"Tested: {len(catalogue())}" in summary
    assert "No issues found" in summary
