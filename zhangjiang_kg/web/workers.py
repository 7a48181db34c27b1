"""SPARQL evaluated in worker processes, so the time limit stops the work and not only the wait.

pyoxigraph cannot cancel a query and a thread cannot be stopped. So a *keeper* process loads the
graph once (N-Quads on its standard input), starts no thread, and forks a worker per connection,
which has the store copy-on-write; a job past the time limit gets its worker killed. Updates run in
the keeper between forks and answer the whole store, which a killed keeper restarts from. Jobs and
answers are pickled over a socket only the server and its keeper can reach. See docs/web.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import QueryError
from ..vocab import PREFIXES

_LENGTH = struct.Struct("!Q")
#: Seconds the keeper may take to load the graph and start listening.
KEEPER_START_SECONDS = 60.0
#: Idle workers kept for the next job.
IDLE_WORKERS = 8


class WorkerStopped(QueryError):
    """The process evaluating a query ended before it answered (a crash, or it was killed)."""


class Busy(QueryError):
    """Every worker was busy for the whole time limit; try again shortly."""


def frame(value: Any) -> bytes:
    """``value`` pickled, behind its length."""
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(body)) + body


def read_exactly(sock: socket.socket, size: int) -> bytes:
    """``size`` bytes from a blocking socket; :class:`EOFError` when it closes first."""
    chunks = bytearray()
    while len(chunks) < size:
        chunk = sock.recv(min(size - len(chunks), 1 << 20))
        if not chunk:
            raise EOFError
        chunks += chunk
    return bytes(chunks)


def receive(sock: socket.socket) -> Any:
    """One framed value from a blocking socket."""
    (size,) = _LENGTH.unpack(read_exactly(sock, _LENGTH.size))
    return pickle.loads(read_exactly(sock, size))


# --- the keeper and its workers (in their own processes) ----------------------------------------


def keeper(listen_fd: int) -> None:
    """Load the graph from standard input, then fork a worker per connection until the server goes.

    The server holds the other end of standard input: when it ends (the server stopped, or was
    killed), so does the keeper, and it kills the workers it forked.
    """
    source = sys.stdin.buffer
    (size,) = _LENGTH.unpack(source.read(_LENGTH.size))
    store = ox.Store()
    store.load(source.read(size), format=ox.RdfFormat.N_QUADS)  # not bulk_load: no threads before fork
    listener = socket.socket(fileno=listen_fd)
    children: set[int] = set()

    def reap(*_: object) -> None:
        for pid in list(children):
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(pid, os.WNOHANG)[0]:
                    children.discard(pid)

    signal.signal(signal.SIGCHLD, reap)
    os.write(sys.stdout.fileno(), b"ready\n")
    while True:
        ready, _, _ = select.select([listener, source], [], [])
        if source in ready:  # the server is gone
            break
        connection, _ = listener.accept()
        with connection:
            kind, text = receive(connection)
            if kind == "update":
                connection.sendall(frame(run_job(store, apply_update, (text,))))
                continue
            pid = os.fork()
            if pid == 0:
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                listener.close()
                work(store, connection)
                os._exit(0)
            children.add(pid)
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def work(store: ox.Store, connection: socket.socket) -> None:
    """A worker: its PID, then one answer per job until the server closes the connection."""
    connection.sendall(frame(os.getpid()))
    while True:
        try:
            job, args = receive(connection)
        except EOFError:
            return
        connection.sendall(frame(run_job(store, job, args)))


def run_job(store: ox.Store, job: Callable[..., Any], args: tuple[Any, ...]) -> tuple[bool, Any]:
    """``(True, value)``, or ``(False, error)`` with the error as pickle can carry it."""
    try:
        return True, job(store, *args)
    except Exception as exc:
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(str(exc))
        exc.__traceback__ = None
        return False, exc


def apply_update(store: ox.Store, text: str) -> bytes:
    """Run a SPARQL update on the keeper's store; the store as it is after it, as N-Quads."""
    store.update(text, prefixes=dict(PREFIXES))
    return store.dump(format=ox.RdfFormat.N_QUADS) or b""


# --- the server's side -----------------------------------------------------------------------


@dataclass(eq=False)
class Worker:
    """A connection to one forked worker, and what it was forked from."""

    pid: int
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    generation: int

    def kill(self) -> None:
        """End the worker now, whatever it is doing."""
        with contextlib.suppress(RuntimeError):  # the server's event loop has ended already
            self.writer.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)


class Workers:
    """The keeper the server started and the workers it forked; :meth:`close` ends them all."""

    def __init__(self, nquads: bytes, max_running: int) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="zjkg-workers-")
        self.address = str(Path(self._folder.name) / "keeper")
        self._nquads = nquads
        self._idle: list[Worker] = []
        self._busy: set[Worker] = set()
        self._generation = 0
        self.max_running = max_running
        self._loop: asyncio.AbstractEventLoop | None = None
        self._forks = asyncio.Lock()
        self._slots = asyncio.Semaphore(max_running)
        self._keeper: subprocess.Popen[bytes] | None = None
        self._start_keeper()

    def _start_keeper(self) -> None:
        Path(self.address).unlink(missing_ok=True)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(self.address)
            listener.listen(64)
            process = subprocess.Popen(
                [sys.executable, "-c", f"from {__name__} import keeper; keeper({listener.fileno()})"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                pass_fds=[listener.fileno()],
                start_new_session=True,  # Ctrl-C is the server's to handle; it stops the keeper
            )
        finally:
            listener.close()
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.write(_LENGTH.pack(len(self._nquads)) + self._nquads)
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], KEEPER_START_SECONDS)
        if not ready or process.stdout.readline() != b"ready\n":
            process.kill()
            process.wait()
            raise WorkerStopped("the query worker process did not start")
        self._keeper = process

    @property
    def pids(self) -> list[int]:
        """The keeper's PID, then those of the workers the server holds."""
        keeper = [self._keeper.pid] if self._keeper is not None else []
        return keeper + [w.pid for w in (*self._idle, *self._busy)]

    async def run(self, job: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
        """``job(store, *args)`` in a worker; the worker is killed if it takes over ``timeout`` s.

        :raises Busy: :attr:`max_running` jobs ran for the whole ``timeout``.
        :raises TimeoutError: it took longer (the worker is gone).
        :raises WorkerStopped: the worker ended without answering.
        """
        self._bind_loop()
        try:
            async with asyncio.timeout(timeout):  # no task of its own, unlike wait_for
                await self._slots.acquire()
        except TimeoutError:
            raise Busy(f"{self.max_running} queries ran for the whole time limit; try again shortly") from None
        try:
            return await self._run(job, args, timeout)
        finally:
            self._slots.release()

    @property
    def running(self) -> int:
        """Jobs running now."""
        return len(self._busy)

    def _bind_loop(self) -> None:
        """Streams and locks belong to one event loop: a new loop (a test client's) starts afresh."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._drop_idle()
            self._loop, self._forks, self._slots = loop, asyncio.Lock(), asyncio.Semaphore(self.max_running)

    async def _run(self, job: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> Any:
        worker = self._idle.pop() if self._idle else await self._fork()
        self._busy.add(worker)
        try:
            worker.writer.write(frame((job, args)))
            async with asyncio.timeout(timeout):
                ok, value = await self._receive_from(worker.reader)
        except BaseException as exc:  # a time-out, a dead worker, or the client went away: end it
            self._busy.discard(worker)
            worker.kill()
            if isinstance(exc, (asyncio.IncompleteReadError, ConnectionError)):
                raise WorkerStopped("the process evaluating the query stopped before it answered") from None
            raise
        self._busy.discard(worker)
        if worker.generation == self._generation and len(self._idle) < IDLE_WORKERS:
            self._idle.append(worker)
        else:
            worker.kill()
        if not ok:
            raise value
        return value

    async def update(self, text: str, timeout: float) -> None:
        """Run an update in the keeper; workers forked before it are not used again.

        :raises TimeoutError: it took longer; the keeper is restarted from the store before it.
        """
        self._bind_loop()
        async with self._forks:
            reader, writer = await asyncio.open_unix_connection(self.address)
            try:
                writer.write(frame(("update", text)))
                async with asyncio.timeout(timeout):
                    ok, value = await self._receive_from(reader)
            except BaseException:
                writer.close()
                await self._restart()
                raise
            writer.close()
            if not ok:
                raise value
            self._nquads = value
            self._generation += 1
            self._drop_idle()

    async def _fork(self) -> Worker:
        async with self._forks:
            try:
                reader, writer = await asyncio.open_unix_connection(self.address)
            except OSError:  # the keeper is gone (killed from outside): start another
                await self._restart()
                reader, writer = await asyncio.open_unix_connection(self.address)
            writer.write(frame(("work", None)))
            try:
                pid = await self._receive_from(reader)
            except (EOFError, asyncio.IncompleteReadError, ConnectionError):
                writer.close()
                raise WorkerStopped("the query worker process could not be started") from None
            return Worker(pid, reader, writer, self._generation)

    @staticmethod
    async def _receive_from(reader: asyncio.StreamReader) -> Any:
        (size,) = _LENGTH.unpack(await reader.readexactly(_LENGTH.size))
        return pickle.loads(await reader.readexactly(size))

    async def _restart(self) -> None:
        """Kill the workers (here: their streams belong to this loop), then start a new keeper
        from the last known store (in a thread: it waits for the keeper to load it)."""
        self._stop_workers()  # every worker is one of these: forks wait for the update's lock
        await asyncio.to_thread(self._stop_keeper, 0)  # it may be deep in a runaway update
        await asyncio.to_thread(self._start_keeper)

    def _drop_idle(self) -> None:
        for worker in self._idle:
            worker.kill()
        self._idle.clear()

    def _stop_workers(self) -> None:
        self._drop_idle()
        for worker in self._busy:
            worker.kill()
        self._busy.clear()

    def _stop_keeper(self, grace: float = 5) -> None:
        """Close the keeper's pipe (it kills its workers and ends); kill it after ``grace`` seconds."""
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            assert keeper.stdin is not None
            assert keeper.stdout is not None
            keeper.stdin.close()
            try:
                keeper.wait(grace)
            except subprocess.TimeoutExpired:
                keeper.kill()
                keeper.wait()
            keeper.stdout.close()

    def close(self) -> None:
        """End the keeper and every worker; safe to repeat."""
        self._stop_workers()
        self._stop_keeper()
        self._folder.cleanup()
