"""Real triple stores on free loopback ports, for every test folder that needs one.

The Oxigraph server is :class:`OxigraphServer` (the ``oxigraph`` binary from PyPI),
started empty, writable and without ``--union-default-graph`` (so a query's default graph is
what ``default-graph-uri`` names, as on any store). It starts in about 0.1 s, so each test gets
its own; Virtuoso takes a few seconds and is shared by the session. Outside CI a missing
Virtuoso skips its tests with the reason; in CI (``CI=true``) it fails them, because the CI
script installs it (``.ci/install-stores``). The root ``conftest.py`` registers this module as a
plugin, so the fixtures reach the remote, SHACL and web tests alike.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

import pytest
from zhangjiang_kg.errors import ServerError
from zhangjiang_kg.remote.server import die_with_parent

from prerequisites import require_program

#: Where the servers the tests start listen.
LOOPBACK = "127.0.0.1"


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` executable: beside this Python first (a virtualenv), then on PATH.

    :raises ServerError: if neither has it.
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise ServerError("the oxigraph server is not installed; install it with: pip install oxigraph")
    return found


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


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


def port_is_free(host: str, port: int) -> bool:
    """True when nothing listens on ``host:port`` yet (so a new server will not answer in its place)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
        return True


@dataclass
class OxigraphServer:
    """One ``oxigraph serve`` process on an empty store; use it as a context manager.

    ``port=0`` picks a free port. The data directory is temporary and removed by :meth:`stop`.
    ``union_default_graph`` makes queries without ``GRAPH`` see every named graph; without it
    the default graph is the store's own, as in a store loaded over the Graph Store Protocol.
    """

    port: int = 0
    writable: bool = False
    host: str = LOOPBACK
    startup_timeout: float = 20.0
    union_default_graph: bool = True
    process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    directory: Path | None = field(default=None, init=False)

    @property
    def base_url(self) -> str:
        """Where the server answers, e.g. ``http://127.0.0.1:7878``; its SPARQL endpoint is
        ``/query`` (:attr:`query_url`), its Graph Store ``/store`` (:attr:`store_url`)."""
        return f"http://{self.host}:{self.port}"

    query_url = property(lambda self: self.base_url + "/query")
    store_url = property(lambda self: self.base_url + "/store")

    def start(self) -> Self:
        """Start the server on a temporary directory and wait for it.

        :raises ServerError: if the binary is missing, the port is taken or the server does not
            answer within ``startup_timeout`` seconds.
        """
        if self.process is not None:
            raise ServerError(f"the server at {self.base_url} is already running")
        binary = oxigraph_binary()
        if self.port == 0:
            self.port = free_port(self.host)
        elif not port_is_free(self.host, self.port):
            raise ServerError(f"port {self.port} on {self.host} is already in use; choose another with --port")
        self.directory = Path(tempfile.mkdtemp(prefix="zjkg-oxigraph-"))
        try:
            mode = "serve" if self.writable else "serve-read-only"
            command = [binary, mode, "--location", str(self.directory / "store"), "--bind", f"{self.host}:{self.port}"]
            command += ["--union-default-graph"] if self.union_default_graph else []
            # A log file rather than a pipe: a pipe nobody reads would block a chatty server.
            with open(self.directory / "server.log", "wb") as log:
                self.process = subprocess.Popen(
                    command,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                    # prctl only: nothing that could deadlock between fork and exec.
                    preexec_fn=die_with_parent if sys.platform == "linux" else None,
                )
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self) -> None:
        assert self.process is not None
        probe = self.query_url + "?query=ASK%7B%7D"
        deadline = time.monotonic() + self.startup_timeout
        while True:
            code = self.process.poll()
            if code is not None:
                assert self.directory is not None
                message = (self.directory / "server.log").read_text("utf-8", "replace").strip()
                raise ServerError(f"the oxigraph server exited with status {code} at start: {message}")
            try:
                with urllib.request.urlopen(probe, timeout=1.0) as reply:
                    if reply.status == 200 and self.process.poll() is None:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise ServerError(
                    f"the oxigraph server did not answer at {self.base_url} within {self.startup_timeout:g} s"
                )
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server (politely, then firmly) and remove its data directory. Safe to repeat."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        directory, self.directory = self.directory, None
        if directory is not None:
            shutil.rmtree(directory, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


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
