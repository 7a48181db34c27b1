"""What some tests need beyond Python, in one table: system programs and the files they read.

A test that needs a program (Graphviz, Chromium, Virtuoso...) or a file (a W3C suite, the article's
text) calls :func:`require_program` or :func:`require_file`. When it is missing the test is skipped
with a reason of one fixed form, ``needs NAME (PURPOSE): HOW``, which ``pytest_terminal_summary`` in
``conftest.py`` gathers into one line at the end of the run. Under ``CI=true`` the same call fails
the test instead: CI installs everything, so a missing piece there is a broken set-up.

Every variable that points the tests at a file is named ``ZJKG_`` + what it holds.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
from zhangjiang_kg.checks.evidence import SOURCE_TEXT_ENV, SOURCE_TEXT_NAME

ROOT = Path(__file__).resolve().parent.parent
#: Where the suites and the article are looked for when no variable names them.
SHARED = ROOT.parent / "shared"

#: The reason every skip for a missing prerequisite gives; the summary line parses it back.
REASON = re.compile(r"^needs (?P<name>[^:(]+?)(?: \((?P<purpose>[^)]*)\))?: (?P<how>.+)$")


@dataclass(frozen=True)
class Program:
    """A system program some tests run, what it is for and how to get it."""

    name: str
    executables: tuple[str, ...]
    purpose: str
    install: str
    ci: bool = True  # CI installs it (.ci/), so a test there fails without it


@dataclass(frozen=True)
class Resource:
    """A file or folder some tests read, the variable that points at it and where it is by default."""

    name: str
    variable: str
    default: Path
    marker: str  # a file inside the folder (or "" when the resource is the file itself)


PROGRAMS = {
    "graphviz": Program("Graphviz", ("dot",), "draws the diagrams", "apt-get install graphviz"),
    "chromium": Program(
        "Chromium", ("chromium", "chromium-browser"), "opens the site in a headless browser", "apt-get install chromium"
    ),
    "virtuoso": Program(
        "Virtuoso",
        ("virtuoso-t", "isql-vt"),
        "a second SPARQL store for the remote tests",
        "apt-get install virtuoso-opensource",
    ),
    "grlc": Program("grlc", ("grlc-server",), "a saved-query API server written elsewhere", "bash .ci/install-grlc"),
    "java": Program("Java", ("java",), "runs the HermiT reasoner", "apt-get install default-jre-headless", ci=False),
    "git": Program("git", ("git",), "reads revisions for `zjkg diff`", "apt-get install git", ci=False),
}

RESOURCES = {
    "turtle-suite": Resource(
        "the W3C RDF 1.1 Turtle test suite", "ZJKG_W3C_TURTLE", SHARED / "w3c-rdf-turtle", "manifest.ttl"
    ),
    "shacl-suite": Resource(
        "the W3C SHACL Core test suite", "ZJKG_W3C_SHACL_CORE", SHARED / "w3c-shacl-core", "manifest.ttl"
    ),
    "article": Resource(
        "the article's text",
        SOURCE_TEXT_ENV,
        SHARED / "seed" / SOURCE_TEXT_NAME,
        "",
    ),
}


def in_ci() -> bool:
    """``CI=true`` (or 1, yes): every prerequisite must be there."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(reason: str, required_in_ci: bool = True) -> NoReturn:
    """Skip the test with the reason (of the form ``REASON`` reads), or fail it under CI."""
    if required_in_ci and in_ci():
        pytest.fail(f"{reason} (under CI=true every prerequisite is required)")
    pytest.skip(reason)


def summary_line(reasons: Iterable[str]) -> str | None:
    """The one line that ends a run: each missing prerequisite, the tests it skipped, how to get it."""
    counts = Counter(
        (found["name"], found["how"]) for found in (REASON.match(r.removeprefix("Skipped: ")) for r in reasons) if found
    )
    if not counts:
        return None
    parts = [f"{name} for {n} test{'s' * (n > 1)} ({how})" for (name, how), n in sorted(counts.items())]
    return f"Skipped, missing prerequisites: {'; '.join(parts)}."


def program_path(key: str) -> str | None:
    """The first executable of the program found (``$CHROMIUM`` overrides Chromium's), or None."""
    program = PROGRAMS[key]
    if key == "chromium" and os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    found = [shutil.which(executable) for executable in program.executables]
    if key == "virtuoso":  # both the server and its command-line client
        return found[0] if all(found) else None
    return next((path for path in found if path), None)


def skip_reason(key: str) -> str:
    """The reason a test that needs the program gives when it is skipped (for ``skipif`` marks)."""
    program = PROGRAMS[key]
    return f"needs {program.name} ({program.purpose}): {program.install}"


def require_program(key: str) -> str:
    """The program's path; skip (fail under CI) when it is not installed."""
    path = program_path(key)
    if path is None:
        missing(skip_reason(key), required_in_ci=PROGRAMS[key].ci)
    return path


def configured_path(key: str) -> Path:
    """Where the file or folder should be: its variable, else its default place."""
    resource = RESOURCES[key]
    return Path(os.environ.get(resource.variable) or resource.default)


def resource_path(key: str) -> Path | None:
    """The file or folder from its variable or its default place, or None when it is not there."""
    resource = RESOURCES[key]
    path = configured_path(key)
    present = (path / resource.marker).is_file() if resource.marker else path.is_file()
    return path if present else None


def require_file(key: str) -> Path:
    """The file or folder; skip (fail under CI) when it is not there."""
    path = resource_path(key)
    if path is None:
        resource = RESOURCES[key]
        missing(f"needs {resource.name}: set {resource.variable} to where it is")
    return path
