"""Real triple stores on free loopback ports, for every test folder that needs one.

The Oxigraph server is the package's own :class:`~zhangjiang_kg.remote.server.OxigraphServer`,
started empty, writable and without ``--union-default-graph`` (so a query's default graph is
what ``default-graph-uri`` names, as on any store). It starts in about 0.1 s, so each test gets
its own; Virtuoso takes a few seconds and is shared by the session. Outside CI a missing
Virtuoso skips its tests with the reason; in CI (``CI=true``) it fails them, because the CI
script installs it (``.ci/install-stores``). The root ``conftest.py`` registers this module as a
plugin, so the fixtures reach the remote, SHACL and web tests alike.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from zhangjiang_kg.remote.server import OxigraphServer, free_port

from prerequisites import require_program


def _wait_http(url: str, process: subprocess.Popen[bytes], seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=1) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.05)
    raise RuntimeError(f"server at {url} did not answer within {seconds} s")


@pytest.fixture
def oxigraph_server() -> Iterator[OxigraphServer]:
    """A fresh Oxigraph server for one test: empty, writable, on a free port; its files are
    removed when the test ends."""
    with OxigraphServer(port=0, writable=True, union_default_graph=False) as server:
        yield server


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{isql}
DisableUnixSocket = 1
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}/vsp
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@dataclass
class RunningVirtuoso:
    """A private Virtuoso: its own database directory, HTTP and isql bound to 127.0.0.1."""

    http_port: int
    isql_port: int
    directory: Path
    process: subprocess.Popen[bytes]
    user: str = "dba"
    password: str = field(default="dba", repr=False)

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def store_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    @property
    def env(self) -> dict[str, str]:
        return {"ZJKG_USER": self.user, "ZJKG_PASSWORD": self.password}


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningVirtuoso]:
    """One Virtuoso for the whole session (it takes a few seconds to start)."""
    server = require_program("virtuoso")
    isql = shutil.which("isql-vt")
    assert isql
    directory = tmp_path_factory.mktemp("virtuoso")
    (directory / "vsp").mkdir()
    http_port, isql_port = free_port(), free_port()
    while isql_port == http_port:
        isql_port = free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=directory, isql=isql_port, http=http_port))
    log = directory / "stdout.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [server, "+foreground", "+configfile", str(ini)], cwd=directory, stdout=out, stderr=subprocess.STDOUT
        )
    running = RunningVirtuoso(http_port, isql_port, directory, process)
    try:
        _wait_http(running.query_url + "?query=ASK%7B%7D", process, 60, log)
        yield running
    finally:
        subprocess.run(
            [isql, f"127.0.0.1:{isql_port}", "dba", "dba", "exec=shutdown;"],
            capture_output=True,
            timeout=30,
            check=False,
        )
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
