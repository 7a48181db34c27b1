"""The one guarded door to the served graph: every SPARQL text a web client sends passes here.

The saved-query API and the SPARQL endpoint both call :meth:`Door.run`, so both get the guards the
command line has, in this order, before any parser sees the text:

1. :func:`~zhangjiang_kg.queries.text.check_depth`: a query nested deeper than the limit is refused
   (Oxigraph's recursive-descent parser would overflow the stack and take the process with it);
2. :func:`~zhangjiang_kg.queries.federation.refuse_federation`: ``SERVICE`` is refused unless the
   server runs with ``--allow-network`` (the server would call other hosts for any client);
3. a time limit: the query runs in a thread of its own and the client gets an error when it takes
   longer than ``timeout``; a query Oxigraph cannot stop is abandoned, not waited for;
4. a bound on queries running at once (abandoned ones count until they end), so runaway queries
   cannot pile up: past it a client gets 503 with ``Retry-After`` at once.

The store runs in this process; Oxigraph's evaluation releases the GIL, so queries run side by side
on every core with no lock around them.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import QueryError
from ..queries.federation import refuse_federation
from ..queries.text import MAX_QUERY_DEPTH, check_depth
from ..vocab import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph as ox

T = TypeVar("T")

#: Seconds a query may run before its client gets an error (``zjkg serve --query-timeout``).
DEFAULT_TIMEOUT = 10.0
#: Queries running at once, abandoned ones included.
DEFAULT_MAX_RUNNING = 8


class QueryTimeout(QueryError):
    """A query ran past the time limit; its client is answered, the work is abandoned."""


class Busy(QueryError):
    """Too many queries are running (or abandoned and still running); try again shortly."""


@dataclass
class Door:
    """The store as web clients reach it: ``graphs`` (IRIs) are what they may see, nothing else."""

    store: ox.Store
    graphs: list[str]
    allow_network: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_running: int = DEFAULT_MAX_RUNNING
    depth_limit: int = MAX_QUERY_DEPTH
    #: Whether queries see the store's own default graph too (a writable server's updates land there).
    include_default_graph: bool = False
    #: Bumped by every update, so cached answers and ETags of the old graph are not served again.
    generation: int = 0
    _running: int = field(default=0, init=False, repr=False)
    _count_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def check(self, name: str, text: str) -> None:
        """The text guards: nesting depth, then federation.

        :raises QuerySyntaxError: nested deeper than :attr:`depth_limit`.
        :raises NetworkAccessError: a ``SERVICE`` clause without ``--allow-network``.
        """
        check_depth(name, text, self.depth_limit)
        refuse_federation(name, text, self.allow_network, PREFIXES)

    def dataset(self, default: Iterable[str] | None = None, named: Iterable[str] | None = None) -> dict[str, Any]:
        """``default_graph`` and ``named_graphs`` for ``Store.query``: the served graphs only.

        A client may narrow them (``default-graph-uri``, ``named-graph-uri``), never widen them.
        """
        import pyoxigraph as ox

        allowed = set(self.graphs)
        chosen_default = [g for g in default if g in allowed] if default else list(self.graphs)
        chosen_named = [g for g in named if g in allowed] if named else list(self.graphs)
        default_graph: list[ox.NamedNode | ox.DefaultGraph] = [ox.NamedNode(g) for g in chosen_default]
        if self.include_default_graph and not default:
            default_graph.append(ox.DefaultGraph())
        return {
            "default_graph": default_graph,
            "named_graphs": [ox.NamedNode(g) for g in chosen_named],
        }

    async def run(self, name: str, text: str, work: Callable[[], T]) -> T:
        """Check ``text``, then run ``work`` (which queries the store with it) under the time limit.

        :raises QuerySyntaxError, NetworkAccessError: refused by :meth:`check`.
        :raises Busy: :attr:`max_running` queries are running already.
        :raises QueryTimeout: ``work`` did not end within :attr:`timeout` seconds.
        """
        self.check(name, text)
        return await self.call(name, work)

    async def call(self, name: str, work: Callable[[], T]) -> T:
        """Run ``work`` in a daemon thread of its own and wait for it at most :attr:`timeout` seconds."""
        with self._count_lock:
            if self._running >= self.max_running:
                raise Busy(f"{self._running} queries are running; try again shortly")
            self._running += 1
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def settle(value: Any, error: BaseException | None) -> None:
            if future.done():  # the client was answered already (time-out) or went away
                return
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(value)

        def thread() -> None:
            value: Any = None
            error: BaseException | None = None
            try:
                value = work()
            except Exception as exc:
                traceback.clear_frames(exc.__traceback__)  # pyoxigraph iterators die in this thread
                error = exc
            finally:
                with self._count_lock:
                    self._running -= 1
            with contextlib.suppress(RuntimeError):  # the server stopped meanwhile
                loop.call_soon_threadsafe(settle, value, error)

        threading.Thread(target=thread, name=f"zjkg-query {name}", daemon=True).start()
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except TimeoutError:
            raise QueryTimeout(
                f"{name} did not finish within {self.timeout:g} s (--query-timeout); abandoned"
            ) from None

    @property
    def running(self) -> int:
        """Queries running now, abandoned ones included."""
        with self._count_lock:
            return self._running
