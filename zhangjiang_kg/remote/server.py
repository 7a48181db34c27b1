"""The Oxigraph server (the ``oxigraph`` binary from PyPI) on the loopback, and the signal handling
of the commands that run for a while.

:class:`OxigraphServer` starts an empty store in a fresh directory, removed again when the server
stops: what integration tests and benchmarks want, a writable store to load over the Graph Store
Protocol. It is read-only unless asked otherwise.

The child is asked to die with its parent (Linux ``PR_SET_PDEATHSIG``), so even a ``kill -9`` of
its parent leaves no server listening; :func:`stop_on_signals` turns SIGTERM and SIGHUP into a
normal exit, so the temporary directory is removed too.
"""

from __future__ import annotations

import contextlib
import ctypes
import shutil
import signal
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
from typing import Any, Self

from ..errors import ServerError

DEFAULT_PORT = 7878
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


def port_is_free(host: str, port: int) -> bool:
    """True when nothing listens on ``host:port`` yet (so a new server will not answer in its place)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
        return True


class Stopped(BaseException):
    """Raised in the main thread by SIGTERM or SIGHUP, so ``finally`` blocks run and clean up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def stop_on_signals(*signums: int) -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP (or ``signums``) raise :class:`Stopped`."""
    chosen = signums or (signal.SIGTERM, signal.SIGHUP)

    def handler(signum: int, _frame: Any) -> None:
        raise Stopped(signum)

    previous = {signum: signal.signal(signum, handler) for signum in chosen}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def die_with_parent() -> None:  # pragma: no cover - runs in the child, between fork and exec
    """Ask Linux to send the child SIGTERM when the parent dies, however it dies.

    Linux ties this to the *thread* that started the child: start servers from a thread that
    lives as long as they should (the main thread, in the CLI and the tests).
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


@dataclass
class OxigraphServer:
    """One ``oxigraph serve`` process on an empty store; use it as a context manager.

    ``port=0`` picks a free port. The data directory is temporary and removed by :meth:`stop`.
    ``union_default_graph`` makes queries without ``GRAPH`` see every named graph; without it
    the default graph is the store's own, as in a store loaded over the Graph Store Protocol.
    """

    port: int = DEFAULT_PORT
    writable: bool = False
    host: str = LOOPBACK
    startup_timeout: float = 20.0
    union_default_graph: bool = True
    process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    directory: Path | None = field(default=None, init=False)

    @property
    def base_url(self) -> str:
        """Where the server answers, e.g. ``http://127.0.0.1:7878``."""
        return f"http://{self.host}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 query endpoint."""
        return self.base_url + "/query"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint (writes only with ``writable``)."""
        return self.base_url + "/store"

    @property
    def page_url(self) -> str:
        """The server's own query web page (YASGUI, served offline by the binary)."""
        return self.base_url + "/"

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

    def wait(self) -> int:
        """Block until the server exits (Ctrl-C raises ``KeyboardInterrupt`` here); return its status."""
        if self.process is None:
            raise ServerError("the server is not running")
        return self.process.wait()

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
