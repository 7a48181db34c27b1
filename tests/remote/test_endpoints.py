"""Graph Store loads and remote queries against real stores, and what happens when they fail."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from hostile_run import answer
from zhangjiang_kg.errors import EndpointError, InputError, LoadError, QueryError
from zhangjiang_kg.remote.directory import load_into_directory
from zhangjiang_kg.remote.gsp import DEFAULT_GRAPH, GraphStore, Payload, graph_url, load_graphs
from zhangjiang_kg.remote.http import (
    ENV_PASSWORD,
    ENV_USER,
    Credentials,
    HttpClient,
    RetryPolicy,
    credentials_for,
)
from zhangjiang_kg.remote.sparql import run_remote
from zhangjiang_kg.vocab import GRAPHS, RDF

from rdflib_oracle import keys
from store_servers import free_port

G_DATA, G_ONTOLOGY = GRAPHS["data"], GRAPHS["ontology"]


class Sleeps(list[float]):
    """Records the backoff delays instead of sleeping them."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def quick(attempts: int = 3) -> tuple[RetryPolicy, Sleeps]:
    sleeps = Sleeps()
    return RetryPolicy(attempts=attempts, backoff=0.5, sleep=sleeps), sleeps


# --- credentials and URLs --------------------------------------------------------------------


def test_credentials_come_from_the_environment_before_netrc(tmp_path: Path) -> None:
    (tmp_path / ".netrc").write_text("machine store.example login netrc-user password netrc-pw\n")
    env = {"HOME": str(tmp_path), ENV_USER: "env-user", ENV_PASSWORD: "env-pw"}
    assert credentials_for("http://store.example/store", env) == Credentials("env-user", "env-pw")


def test_credentials_fall_back_to_netrc_for_the_host_only(tmp_path: Path) -> None:
    (tmp_path / ".netrc").write_text("machine store.example login netrc-user password netrc-pw\n")
    env = {"HOME": str(tmp_path)}
    assert credentials_for("https://store.example:8443/x", env) == Credentials("netrc-user", "netrc-pw")
    assert credentials_for("https://other.example/x", env) is None
    assert credentials_for("https://store.example/x", {"HOME": str(tmp_path / "nowhere")}) is None


def test_password_never_appears_in_repr() -> None:
    assert "hunter2" not in repr(Credentials("alice", "hunter2"))


def test_graph_url_uses_indirect_identification() -> None:
    assert graph_url("http://h/store", "http://g/1?x") == "http://h/store?graph=http%3A%2F%2Fg%2F1%3Fx"
    assert graph_url("http://h/crud?key=1", "http://g") == "http://h/crud?key=1&graph=http%3A%2F%2Fg"
    assert graph_url("http://h/store", DEFAULT_GRAPH) == "http://h/store?default"


# --- loading into a real Oxigraph server -------------------------------------------------------


def test_replace_then_add_leaves_each_triple_once(oxigraph_server, two_graphs, stored) -> None:
    url = oxigraph_server.store_url
    first = load_graphs(url, two_graphs(1), replace=True)
    assert first.ok
    assert [(g.graph, g.stored) for g in first.graphs] == [(G_ONTOLOGY, 2), (G_DATA, 3)]

    again = load_graphs(url, two_graphs(1))  # adding what is there adds nothing
    assert again.ok
    assert [g.stored for g in again.graphs] == [2, 3]

    merged = load_graphs(url, two_graphs(2))
    assert merged.ok
    assert stored(url, G_DATA) == keys(two_graphs(1)[G_DATA].triples) | keys(two_graphs(2)[G_DATA].triples)

    replaced = load_graphs(url, two_graphs(2), replace=True)
    assert replaced.ok
    assert stored(url, G_DATA) == keys(two_graphs(2)[G_DATA].triples)


def test_count_check_reports_a_store_that_holds_something_else(oxigraph_server, monkeypatch, two_graphs) -> None:
    url = oxigraph_server.store_url
    monkeypatch.setattr(GraphStore, "send", lambda self, method, graph, content: None)  # a store that drops writes
    report = load_graphs(url, two_graphs(1))
    assert not report.ok
    assert [(g.expected, g.stored) for g in report.graphs] == [(2, 0), (3, 0)]


def _list_graph(items: int) -> Payload:
    """A shapes-like graph: one node with an RDF list of ``items`` members (2 triples per cell)."""
    cells = [ox.BlankNode() for _ in range(items)]
    triples = [
        ox.Triple(ox.NamedNode("http://example.org/shape"), ox.NamedNode("http://www.w3.org/ns/shacl#in"), cells[0])
    ]
    for i, cell in enumerate(cells):
        rest = cells[i + 1] if i + 1 < items else ox.NamedNode(RDF + "nil")
        triples.append(ox.Triple(cell, ox.NamedNode(RDF + "first"), ox.NamedNode(f"http://example.org/item/{i}")))
        triples.append(ox.Triple(cell, ox.NamedNode(RDF + "rest"), rest))
    return Payload.of(triples)


def test_blank_nodes_and_lists_count_triple_for_triple(oxigraph_server, shipped_kg) -> None:
    """Regression: canonical keys fold blank nodes together, so a list of 1000 items (2001
    triples) was reported as "expected 1003", and the shipped shapes as expected 971 of 1022."""
    url = oxigraph_server.store_url
    shapes = GRAPHS["shapes"]
    graphs = {G_DATA: _list_graph(1000), shapes: Payload(shipped_kg.export("nt", "shapes"))}
    report = load_graphs(url, graphs, replace=True)
    assert [(g.sent, g.expected, g.stored) for g in report.graphs] == [
        (2001, 2001, 2001),
        (shipped_kg.count("shapes"),) * 3,
    ]
    assert report.ok
    again = load_graphs(url, graphs, replace=True)
    assert again.ok
    assert again.graphs[0].stored == 2001


def test_blank_nodes_are_added_to_a_new_graph_but_never_twice(oxigraph_server, stored) -> None:
    url = oxigraph_server.store_url
    first = load_graphs(url, {G_DATA: _list_graph(3)})
    assert first.ok
    assert first.graphs[0].stored == 7
    before = stored(url, G_DATA)
    with pytest.raises(InputError, match=r"blank nodes and the store already holds that graph.*--replace"):
        load_graphs(url, {G_DATA: _list_graph(3)})
    assert stored(url, G_DATA) == before
    assert len(GraphStore(url, HttpClient(url)).get(G_DATA) or ()) == 7


# --- faults ------------------------------------------------------------------------------------


def test_endpoint_down_is_retried_then_reported(two_graphs) -> None:
    policy, sleeps = quick(attempts=3)
    url = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(LoadError) as caught:
        load_graphs(url, two_graphs(1), retry=policy)
    assert caught.value.graph == G_ONTOLOGY
    assert "connection refused" in str(caught.value)
    assert "tried 3 times" in str(caught.value)
    assert sleeps == [0.5, 1.0]


def test_500_then_200_is_retried_and_loads(faulty_proxy, two_graphs, stored) -> None:
    failures = iter(["500"])
    faulty_proxy.plan = lambda method, path: next(failures, "pass") if method == "PUT" else "pass"
    policy, sleeps = quick()
    report = load_graphs(faulty_proxy.store_url, two_graphs(1), replace=True, retry=policy)
    assert report.ok
    assert [action for method, _, action in faulty_proxy.seen if method == "PUT"] == ["500", "pass", "pass"]
    assert sleeps == [0.5]
    assert stored(faulty_proxy.upstream + "/store", G_DATA) == keys(two_graphs(1)[G_DATA].triples)


def test_persistent_500_gives_up_names_the_graph_and_restores(faulty_proxy, two_graphs, stored) -> None:
    upstream = faulty_proxy.upstream + "/store"
    load_graphs(upstream, two_graphs(1), replace=True)
    faulty_proxy.plan = lambda method, path: "500" if method == "PUT" and "graph%2Fdata" in path else "pass"
    policy, _ = quick(attempts=2)
    with pytest.raises(LoadError) as caught:
        load_graphs(faulty_proxy.store_url, two_graphs(2), replace=True, retry=policy)
    assert caught.value.graph == G_DATA
    assert caught.value.status == 500
    assert "HTTP 500" in str(caught.value)
    assert "restored" in str(caught.value)
    for graph, content in two_graphs(1).items():
        assert stored(upstream, graph) == keys(content.triples)


def test_401_without_credentials_says_how_to_give_them(faulty_proxy, monkeypatch, tmp_path, two_graphs, stored) -> None:
    monkeypatch.delenv(ENV_USER, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    faulty_proxy.basic_auth = "alice:s3cret"
    with pytest.raises(LoadError) as caught:
        load_graphs(faulty_proxy.store_url, two_graphs(1), retry=quick(1)[0])
    assert caught.value.status == 401
    assert f"set {ENV_USER} and {ENV_PASSWORD}" in str(caught.value)
    assert stored(faulty_proxy.upstream + "/store", G_DATA) is None

    with pytest.raises(LoadError, match="refused the login of user 'alice'"):
        load_graphs(faulty_proxy.store_url, two_graphs(1), credentials=Credentials("alice", "wrong"))

    report = load_graphs(faulty_proxy.store_url, two_graphs(1), credentials=Credentials("alice", "s3cret"))
    assert report.ok


def test_timeout_is_reported_and_the_store_keeps_its_graph(faulty_proxy, two_graphs, stored) -> None:
    upstream = faulty_proxy.upstream + "/store"
    load_graphs(upstream, two_graphs(1), replace=True)
    faulty_proxy.plan = lambda method, path: "hang" if method == "PUT" else "pass"
    with pytest.raises(LoadError) as caught:
        load_graphs(faulty_proxy.store_url, two_graphs(2), replace=True, timeout=0.3, retry=quick(1)[0])
    assert caught.value.graph == G_ONTOLOGY
    assert "timed out" in str(caught.value)
    faulty_proxy.release.set()
    for graph, content in two_graphs(1).items():
        assert stored(upstream, graph) == keys(content.triples)


def test_connection_dropped_halfway_restores_graphs_already_written(faulty_proxy, two_graphs, stored) -> None:
    upstream = faulty_proxy.upstream + "/store"
    load_graphs(upstream, two_graphs(1), replace=True)
    faulty_proxy.plan = lambda method, path: "drop" if method == "PUT" and "graph%2Fdata" in path else "pass"
    with pytest.raises(LoadError) as caught:
        load_graphs(faulty_proxy.store_url, two_graphs(2), replace=True, retry=quick(2)[0])
    assert caught.value.graph == G_DATA
    assert "closed the connection" in str(caught.value)
    assert "graphs already written were restored" in str(caught.value)
    puts = [path for method, path, _ in faulty_proxy.seen if method == "PUT"]
    assert sum("graph%2Fontology" in p for p in puts) == 2  # written, then put back
    for graph, content in two_graphs(1).items():
        assert stored(upstream, graph) == keys(content.triples)


def test_ctrl_c_during_a_load_restores_then_propagates(oxigraph_server, monkeypatch, two_graphs, stored) -> None:
    url = oxigraph_server.store_url
    load_graphs(url, two_graphs(1), replace=True)
    real_send = GraphStore.send
    calls: list[str] = []

    def send(self: GraphStore, method: str, graph: str, content: Payload) -> None:
        calls.append(graph)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_send(self, method, graph, content)

    monkeypatch.setattr(GraphStore, "send", send)
    with pytest.raises(KeyboardInterrupt):
        load_graphs(url, two_graphs(2), replace=True)
    monkeypatch.undo()
    for graph, content in two_graphs(1).items():
        assert stored(url, graph) == keys(content.triples)


def test_a_graph_new_to_the_store_is_removed_again_on_failure(faulty_proxy, two_graphs, stored) -> None:
    faulty_proxy.plan = lambda method, path: "500" if method == "PUT" and "graph%2Fdata" in path else "pass"
    with pytest.raises(LoadError):
        load_graphs(faulty_proxy.store_url, two_graphs(1), replace=True, retry=quick(1)[0])
    assert stored(faulty_proxy.upstream + "/store", G_ONTOLOGY) is None


# --- remote queries ----------------------------------------------------------------------------


def test_run_remote_sees_the_query_graphs_and_nothing_else(oxigraph_server, two_graphs) -> None:
    load_graphs(oxigraph_server.store_url, two_graphs(1), replace=True)
    other = Payload(b"<http://elsewhere/s> <http://elsewhere/p> <http://elsewhere/o> .\n")
    load_graphs(oxigraph_server.store_url, {"http://elsewhere/graph": other}, replace=True)

    result = run_remote(oxigraph_server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert result.variables == ["n"]
    assert int(result.rows[0]["n"].value) == 5
    everything = run_remote(
        oxigraph_server.query_url, "SELECT ?s WHERE { ?s ?p ?o }", default_graphs=["http://elsewhere/graph"]
    )
    assert [row["s"].value for row in everything.rows] == ["http://elsewhere/s"]
    ask = run_remote(oxigraph_server.query_url, "ASK { ?s a <https://w3id.org/zhangjiang-kg/ontology#Fund> }")
    assert ask.boolean is True


def test_run_remote_rejected_query_is_a_query_error(oxigraph_server) -> None:
    with pytest.raises(QueryError, match="rejected the query: HTTP 400"):
        run_remote(oxigraph_server.query_url, "SELECT * WHERE { ?s ?p ")


def test_run_remote_endpoint_down_is_an_endpoint_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(EndpointError, match=r"connection refused.*tried once"):
        run_remote(url, "ASK {}", retry=quick(1)[0])


# --- Virtuoso: digest authentication on its Graph Store endpoint --------------------------------


def test_virtuoso_digest_login_loads_and_wrong_login_is_refused(virtuoso, monkeypatch, tmp_path, two_graphs) -> None:
    monkeypatch.delenv(ENV_USER, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    graphs = {"http://example.org/zjkg-test/digest": two_graphs(1)[G_DATA]}
    with pytest.raises(LoadError) as caught:
        load_graphs(virtuoso.store_url, graphs, retry=quick(1)[0])
    assert caught.value.status == 401
    assert ENV_USER in str(caught.value)

    with pytest.raises(LoadError, match="refused the login of user 'dba'"):
        load_graphs(virtuoso.store_url, graphs, credentials=Credentials("dba", "not-the-password"), retry=quick(1)[0])

    report = load_graphs(virtuoso.store_url, graphs, replace=True, credentials=Credentials("dba", "dba"))
    assert report.ok
    assert report.graphs[0].stored == 3
    rows = run_remote(
        virtuoso.query_url, "SELECT ?v WHERE { ?s <https://schema.org/value> ?v }", default_graphs=list(graphs)
    )
    assert [Decimal(row["v"].value) for row in rows.rows] == [Decimal("620000001.5")]


def test_a_failed_directory_load_leaves_the_store_as_it_was(tmp_path: Path, two_graphs, monkeypatch) -> None:
    from zhangjiang_kg.remote import directory
    from zhangjiang_kg.store.graph import open_store

    location = tmp_path / "store"
    assert load_into_directory(location, two_graphs(1), replace=True).ok
    real_write = directory._write
    calls: list[object] = []

    def write(store, name, content, replace):  # type: ignore[no-untyped-def]
        calls.append(name)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_write(store, name, content, replace)

    monkeypatch.setattr(directory, "_write", write)
    with pytest.raises(KeyboardInterrupt):
        load_into_directory(location, two_graphs(2), replace=True)
    monkeypatch.undo()
    import gc

    gc.collect()
    store = open_store(location)
    for graph, content in two_graphs(1).items():
        held = [q.triple for q in store.quads_for_pattern(None, None, None, directory._graph_name(graph))]
        assert keys(held) == keys(content.triples)


# --- what a store sends back -------------------------------------------------------------------


def test_a_graph_is_read_back_in_the_syntax_the_store_chose(endpoint) -> None:  # type: ignore[no-untyped-def]
    turtle = b'@prefix ex: <http://example.org/> . ex:s ex:p 1.50, "x" ; ex:q [ ex:r ex:o ] .'
    url = endpoint(lambda handler: answer(handler, turtle, content_type="text/turtle; charset=utf-8")).url
    held = GraphStore(url, HttpClient(url)).get(G_DATA)
    assert held is not None
    assert len(held) == 4
    assert keys(held) == keys(q.triple for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE))


def test_an_unreadable_graph_is_an_error_naming_the_graph(endpoint) -> None:  # type: ignore[no-untyped-def]
    url = endpoint(lambda handler: answer(handler, b"<http://example.org/s> <oops", content_type="text/turtle")).url
    with pytest.raises(EndpointError, match=rf"graph <{G_DATA}> came back unreadable"):
        GraphStore(url, HttpClient(url)).get(G_DATA)
    with pytest.raises(LoadError, match="came back unreadable") as caught:
        load_graphs(url, {G_DATA: Payload(b"")}, retry=RetryPolicy(attempts=1))
    assert caught.value.graph == G_DATA


def test_blank_nodes_of_two_graphs_stay_apart_in_a_store_directory(tmp_path: Path) -> None:
    """Each payload labels its blank nodes from ``_:b0``; in the store they are distinct nodes."""
    from zhangjiang_kg.store.graph import open_store

    one = Payload(b"_:b0 <http://example.org/p> <http://example.org/o> .\n")
    assert load_into_directory(tmp_path / "store", {G_DATA: one, G_ONTOLOGY: one}, replace=True).ok
    subjects = {q.graph_name.value: q.subject for q in open_store(tmp_path / "store")}
    assert len(subjects) == 2
    assert subjects[G_DATA] != subjects[G_ONTOLOGY]
