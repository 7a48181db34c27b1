"""The one guarded door to the served graph: every SPARQL text a web client sends passes here.

The API and the endpoint both get the command line's guards, before any parser sees the text: the
nesting depth (:func:`~zhangjiang_kg.queries.text.check_depth`; Oxigraph's parser would overflow the
stack), ``SERVICE`` only with ``--allow-network``, then a time limit that kills the worker process
(:mod:`.workers`; Oxigraph cannot stop a query) and a bound on queries running at once (503).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import pyoxigraph as ox

from ..errors import QueryError
from ..queries.federation import refuse_federation
from ..queries.text import MAX_QUERY_DEPTH, check_depth
from ..vocab import PREFIXES
from .workers import Workers

T = TypeVar("T")

#: Seconds a query may run before its client gets an error (``zjkg serve --query-timeout``).
DEFAULT_TIMEOUT = 10.0
#: Queries running at once (each in a worker process).
DEFAULT_MAX_RUNNING = 8
#: Texts remembered as having passed the checks, and the longest remembered.
PASSED_TEXTS = 1024
PASSED_TEXT_BYTES = 65536


class QueryTimeout(QueryError):
    """A query ran past the time limit; its client is answered, its worker killed."""


@dataclass
class Door:
    """The store as web clients reach it: ``graphs`` (IRIs) are what they may see, nothing else."""

    store: ox.Store
    graphs: list[str]
    allow_network: bool = False
    timeout: float = DEFAULT_TIMEOUT
    #: Whether queries see the store's own default graph too (a writable server's updates land there).
    include_default_graph: bool = False
    _workers: Workers | None = field(default=None, init=False, repr=False)
    _passed: set[str] = field(default_factory=set, init=False, repr=False)

    def check(self, name: str, text: str) -> None:
        """The text guards: nesting depth, then federation (a text that passed once is not read again).

        :raises QuerySyntaxError: nested deeper than ``MAX_QUERY_DEPTH``.
        :raises NetworkAccessError: a ``SERVICE`` clause without ``--allow-network``.
        """
        if text in self._passed:
            return
        check_depth(name, text, MAX_QUERY_DEPTH)
        refuse_federation(name, text, self.allow_network, PREFIXES)
        if len(text) <= PASSED_TEXT_BYTES:
            if len(self._passed) >= PASSED_TEXTS:
                self._passed.clear()
            self._passed.add(text)

    def dataset(self, default: Iterable[str] | None = None, named: Iterable[str] | None = None) -> dict[str, Any]:
        """``default_graph`` and ``named_graphs`` for ``Store.query``: the served graphs, which a client
        may narrow (``default-graph-uri``, ``named-graph-uri``), never widen."""
        allowed = set(self.graphs)
        chosen_default = [g for g in default if g in allowed] if default else list(self.graphs)
        chosen_named = [g for g in named if g in allowed] if named else list(self.graphs)
        default_graph: list[ox.NamedNode | ox.DefaultGraph] = [ox.NamedNode(g) for g in chosen_default]
        if self.include_default_graph and not default:
            default_graph.append(ox.DefaultGraph())
        return {"default_graph": default_graph, "named_graphs": [ox.NamedNode(g) for g in chosen_named]}

    def start(self) -> Door:
        """Start the worker processes (the keeper loads the served store); :meth:`close` ends them."""
        if self._workers is None:
            self._workers = Workers(self.store.dump(format=ox.RdfFormat.N_QUADS) or b"", DEFAULT_MAX_RUNNING)
        return self

    def close(self) -> None:
        """End every worker process; safe to repeat."""
        workers, self._workers = self._workers, None
        if workers is not None:
            workers.close()

    @property
    def workers(self) -> Workers:
        """The worker processes (after :meth:`start`)."""
        if self._workers is None:
            raise QueryError("the door is not started")
        return self._workers

    async def _started(self) -> Workers:
        """The workers, started first (in a thread: the keeper loads the store) when they are not."""
        if self._workers is None:
            await asyncio.to_thread(self.start)
        return self.workers

    async def run(self, name: str, text: str, job: Callable[..., T], *args: Any) -> T:
        """Check ``text``, then run ``job(store, *args)`` in a worker process under the time limit.

        ``job`` is a module-level function (it is sent to the worker by name) whose answer pickles.

        :raises QuerySyntaxError, NetworkAccessError: refused by :meth:`check`.
        :raises Busy: :data:`DEFAULT_MAX_RUNNING` queries ran for the whole time limit.
        :raises QueryTimeout: ``job`` did not end within :attr:`timeout` seconds; its worker is killed.
        :raises WorkerStopped: the worker ended (crashed) before it answered.
        """
        self.check(name, text)
        return await self.evaluate(name, job, *args)

    async def evaluate(self, name: str, job: Callable[..., T], *args: Any) -> T:
        """:meth:`run` for a text that passed :meth:`check` already (a saved query's)."""
        workers = await self._started()
        try:
            return cast(T, await workers.run(job, args, self.timeout))
        except TimeoutError:
            raise QueryTimeout(f"{name} did not finish within {self.timeout:g} s (--query-timeout); stopped") from None

    async def update(self, text: str) -> None:
        """Check and run a SPARQL update under the time limit; queries after it see it.

        :raises QueryTimeout: it did not end in time; the store is as it was before it.
        """
        self.check("update", text)
        workers = await self._started()
        try:
            await workers.update(text, self.timeout)
        except TimeoutError:
            raise QueryTimeout(
                f"the update did not finish within {self.timeout:g} s (--query-timeout); nothing was changed"
            ) from None
