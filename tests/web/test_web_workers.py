"""Queries run in worker processes: a runaway query is stopped at the time limit (its worker is
killed, so the CPU work ends), a worker that dies answers its client with an error, and no process
is left once the server stops, however it is stopped (SIGKILL too: the keeper watches a pipe from
the server and ends with it)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_client import BOUND, Answer, fetch, http_get, served_process
from zhangjiang_kg.web import WebServer

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = "/sparql?query=ASK%7B%7D"


def ask(port: int, text: str) -> Answer:
    return fetch(port, "/sparql?" + urllib.parse.urlencode({"query": text}))


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie has stopped working)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def descendants(pid: int) -> list[int]:
    """The live processes below ``pid``, children first."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError):
                continue
    found: list[int] = []
    frontier = [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier and running(child)]
        found += children
        frontier = children
    return found


def until(condition, what: str) -> None:
    """Wait for ``condition`` at most :data:`BOUND` seconds (a bound for a busy machine, no timing claim)."""
    deadline = time.monotonic() + BOUND
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


@pytest.fixture
def quick(oxigraph_kg, site: Path) -> Iterator[WebServer]:
    """A server with a short time limit."""
    with WebServer(oxigraph_kg, port=0, site=site, query_timeout=0.5) as server:
        yield server


def test_a_runaway_query_is_stopped_at_the_limit_and_its_worker_killed(quick: WebServer) -> None:
    assert quick.app is not None
    assert ask(quick.port, "ASK {}").status == 200
    worker = quick.app.door.workers.pids[-1]  # the idle worker the next query takes
    answer = ask(quick.port, RUNAWAY)
    assert answer.status == 503
    assert "did not finish within 0.5 s (--query-timeout); stopped" in json.loads(answer.body)["detail"]
    until(lambda: not running(worker), "the runaway's worker still runs")


def test_twenty_runaways_leave_no_work_behind_and_the_next_query_answers(quick: WebServer) -> None:
    """Abandoned queries used to pile up: after 8 of them every client got 503 for hours."""
    assert quick.app is not None
    answers: list[int] = []
    threads = [threading.Thread(target=lambda: answers.append(ask(quick.port, RUNAWAY).status)) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(BOUND)
    assert answers == [503] * 20
    keeper = quick.app.door.workers.pids[0]
    until(lambda: not descendants(keeper), "a worker of a runaway query still runs")
    assert fetch(quick.port, CHEAP).status == 200


def test_a_worker_that_dies_answers_500_and_the_server_goes_on(oxigraph_kg, site: Path) -> None:
    with WebServer(oxigraph_kg, port=0, site=site, query_timeout=60) as server:
        assert server.app is not None
        workers = server.app.door.workers
        answers: list[Answer] = []
        client = threading.Thread(target=lambda: answers.append(ask(server.port, RUNAWAY)))
        client.start()
        until(lambda: workers.running == 1, "the query did not start")
        os.kill(workers.pids[-1], signal.SIGKILL)  # a crash, as the client sees it
        client.join(BOUND)
        assert answers[0].status == 500
        assert "stopped before it answered" in json.loads(answers[0].body)["detail"]
        assert fetch(server.port, CHEAP).status == 200


def test_a_keeper_killed_from_outside_is_started_again(quick: WebServer) -> None:
    assert quick.app is not None
    keeper = quick.app.door.workers.pids[0]
    os.kill(keeper, signal.SIGKILL)
    until(lambda: not running(keeper), "the keeper still runs")
    assert fetch(quick.port, CHEAP).status == 200
    assert quick.app.door.workers.pids[0] != keeper


def test_a_runaway_update_changes_nothing_and_later_updates_work(oxigraph_kg, site: Path) -> None:
    with WebServer(oxigraph_kg, port=0, site=site, writable=True, query_timeout=0.5) as server:

        def update(text: str) -> Answer:
            headers = {"Content-Type": "application/sparql-update"}
            return fetch(server.port, "/update", method="POST", headers=headers, body=text.encode())

        runaway = "INSERT { <http://x> <http://x> 1 } WHERE { GRAPH ?g { ?a ?b ?c . ?d ?e ?f . ?h ?i ?j } }"
        refused = update(runaway)
        assert refused.status == 503
        assert "nothing was changed" in json.loads(refused.body)["detail"]
        assert json.loads(ask(server.port, "ASK { <http://x> ?p ?o }").body)["boolean"] is False
        assert update("INSERT DATA { <http://y> <http://y> 1 }").status == 204
        assert json.loads(ask(server.port, "ASK { <http://y> ?p ?o }").body)["boolean"] is True


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_no_process_is_left_after_the_server_stops(site: Path, signum: int) -> None:
    with served_process(site) as (url, process):
        assert http_get(url + CHEAP).status == 200
        below = descendants(process.pid)
        assert len(below) >= 2  # the keeper and a worker
        process.send_signal(signum)
        process.wait(BOUND)
    until(lambda: not any(running(pid) for pid in below), "a worker process outlived the server")
