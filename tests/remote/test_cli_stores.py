"""``zjkg load`` and ``zjkg serve``: exit codes, messages, and what the store holds afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from zhangjiang_kg.cli.main import cli
from zhangjiang_kg.remote.http import ENV_PASSWORD, ENV_USER
from zhangjiang_kg.remote.sparql import run_remote
from zhangjiang_kg.vocab import GRAPHS

from rdflib_oracle import view
from store_compare import triple_keys
from store_servers import free_port

G_DATA, G_ONTOLOGY = GRAPHS["data"], GRAPHS["ontology"]
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def local(mini_kg):  # type: ignore[no-untyped-def]
    """Canonical triples of the stand-in graph, per target graph."""
    return {G_ONTOLOGY: triple_keys(view(mini_kg).ontology), G_DATA: triple_keys(view(mini_kg).data)}


def source(tmp_path: Path | None = None, extra: str = "") -> list[str]:
    """Options pointing ``load`` at the stand-in graph, optionally with one more data file."""
    args = [
        "--data",
        str(MINI / "data"),
        "--ontology",
        str(MINI / "ontology" / "mini.ttl"),
        "--shapes",
        str(MINI / "ontology" / "shapes.ttl"),
    ]
    if extra and tmp_path is not None:
        path = tmp_path / "extra.ttl"
        path.write_text(extra)
        args += ["--data", str(path)]
    return args


EXTRA = '<https://w3id.org/zhangjiang-kg/id/extra> <http://www.w3.org/2000/01/rdf-schema#label> "extra" .\n'


def invoke(args: list[str], env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    base = {ENV_USER: "", ENV_PASSWORD: "", "NETRC": os.devnull}
    return CliRunner().invoke(cli, args, env={**base, **(env or {})})


def test_load_needs_exactly_one_destination() -> None:
    result = invoke(["load"])
    assert result.exit_code == 2
    assert "exactly one of --endpoint URL or --store-path DIR" in result.output


def test_load_into_oxigraph_and_again_adds_nothing_twice(oxigraph_server, local, stored) -> None:
    result = invoke(["load", "--endpoint", oxigraph_server.store_url, *source()])
    assert result.exit_code == 0, result.output
    assert "added (nothing twice)" in result.output
    assert result.output.count(" ok") == 3
    again = invoke(["load", "--endpoint", oxigraph_server.store_url, *source()])
    assert again.exit_code == 0, again.output
    for graph, triples in local.items():
        assert stored(oxigraph_server.store_url, graph) == triples


def test_load_replace_with_shapes_and_into_one_graph(oxigraph_server, local, mini_kg, tmp_path, stored) -> None:
    url = oxigraph_server.store_url
    assert invoke(["load", "--endpoint", url, *source(tmp_path, EXTRA)]).exit_code == 0
    result = invoke(["load", "--endpoint", url, "--replace", "--with-shapes", *source()])
    assert result.exit_code == 0
    assert "replaced" in result.output
    assert stored(url, G_DATA) == local[G_DATA]  # the extra triple is gone
    assert stored(url, "https://w3id.org/zhangjiang-kg/graph/shapes") == triple_keys(view(mini_kg).shapes)

    one = "http://example.org/everything"
    result = invoke(["load", "--endpoint", url, "--graph", one, *source()])
    assert result.exit_code == 0
    assert f"<{one}>" in result.output
    assert stored(url, one) == local[G_DATA] | local[G_ONTOLOGY]


def test_load_into_a_store_directory_persists(tmp_path, local) -> None:
    location = tmp_path / "store"
    result = invoke(["load", "--store-path", str(location), *source()])
    assert result.exit_code == 0, result.output
    import pyoxigraph as ox
    from zhangjiang_kg.rdfio.terms import rdflib_triples
    from zhangjiang_kg.store.graph import open_store

    store = open_store(location)
    assert triple_keys(rdflib_triples(store.quads_for_pattern(None, None, None, ox.NamedNode(G_DATA)))) == local[G_DATA]


def test_load_endpoint_down_exits_1_and_says_why() -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    result = invoke(["load", "--endpoint", url, "--retries", "1", *source()])
    assert result.exit_code == 1
    assert f"Error: {url}: loading graph <{G_ONTOLOGY}> failed: connection refused" in result.output
    assert "tried 2 times" in result.output


def test_load_retries_a_500_then_succeeds(faulty_proxy, local, stored) -> None:
    failures = iter(["503"])
    faulty_proxy.plan = lambda method, path: next(failures, "pass") if method == "POST" else "pass"
    result = invoke(["load", "--endpoint", faulty_proxy.store_url, *source()])
    assert result.exit_code == 0, result.output
    assert [a for m, _, a in faulty_proxy.seen if m == "POST"] == ["503", "pass", "pass", "pass"]
    assert stored(faulty_proxy.upstream + "/store", G_DATA) == local[G_DATA]


def test_load_401_then_credentials_from_env_and_netrc(faulty_proxy, tmp_path, local, stored) -> None:
    faulty_proxy.basic_auth = "loader:pa55"
    result = invoke(["load", "--endpoint", faulty_proxy.store_url, *source()])
    assert result.exit_code == 1
    assert f"HTTP 401: the store needs a login; set {ENV_USER} and {ENV_PASSWORD}" in result.output
    assert stored(faulty_proxy.upstream + "/store", G_DATA) is None

    with_env = invoke(
        ["load", "--endpoint", faulty_proxy.store_url, *source()], env={ENV_USER: "loader", ENV_PASSWORD: "pa55"}
    )
    assert with_env.exit_code == 0, with_env.output

    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login loader password pa55\n")
    netrc.chmod(0o600)
    with_netrc = invoke(
        ["load", "--endpoint", faulty_proxy.store_url, "--replace", *source()], env={"NETRC": str(netrc)}
    )
    assert with_netrc.exit_code == 0, with_netrc.output
    assert stored(faulty_proxy.upstream + "/store", G_DATA) == local[G_DATA]


def test_load_timeout_exits_1_and_store_keeps_its_graphs(faulty_proxy, tmp_path, local, stored) -> None:
    upstream = faulty_proxy.upstream + "/store"
    assert invoke(["load", "--endpoint", upstream, *source()]).exit_code == 0
    faulty_proxy.plan = lambda method, path: "hang" if method == "PUT" else "pass"
    result = invoke(
        [
            "load",
            "--endpoint",
            faulty_proxy.store_url,
            "--replace",
            "--timeout",
            "0.3",
            "--retries",
            "0",
            *source(tmp_path, EXTRA),
        ]
    )
    faulty_proxy.release.set()
    assert result.exit_code == 1
    assert f"loading graph <{G_ONTOLOGY}> failed: timed out (tried once)" in result.output
    for graph, triples in local.items():
        assert stored(upstream, graph) == triples


def test_load_interrupted_halfway_leaves_the_previous_graphs(faulty_proxy, tmp_path, local, stored) -> None:
    upstream = faulty_proxy.upstream + "/store"
    assert invoke(["load", "--endpoint", upstream, *source()]).exit_code == 0
    faulty_proxy.plan = lambda method, path: "drop" if method == "PUT" and "graph%2Fdata" in path else "pass"
    result = invoke(
        [
            "load",
            "--endpoint",
            faulty_proxy.store_url,
            "--replace",
            "--retries",
            "0",
            "--ontology",
            str(tmp_path / "extra.ttl"),
            *source(tmp_path, EXTRA),
        ]
    )
    assert result.exit_code == 1
    assert f"loading graph <{G_DATA}> failed: the store closed the connection" in result.output
    assert "graphs already written were restored" in result.output
    for graph, triples in local.items():
        assert stored(upstream, graph) == triples


def test_serve_answers_read_only_and_stops_on_ctrl_c(tmp_path, local) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "zhangjiang_kg", "serve", "--port", str(port), *source()],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        lines = [process.stdout.readline() for _ in range(2)]  # type: ignore[union-attr]
        assert "read-only" in lines[0]
        assert lines[1].split() == ["SPARQL", "query", "URL:", f"http://127.0.0.1:{port}/sparql"]
        count = run_remote(
            f"http://127.0.0.1:{port}/sparql", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", default_graphs=None
        )
        assert int(count.rows[0]["n"].value) == len(local[G_DATA] | local[G_ONTOLOGY])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql", timeout=5) as page:
            assert page.status == 200  # the query form, for a browser
            assert b"<form" in page.read().lower()
        update = urllib.request.Request(
            f"http://127.0.0.1:{port}/update",
            data=b"update=CLEAR+ALL",
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=5)
        assert refused.value.code == 403
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Stopped." in err
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", timeout=2)


def test_serve_on_a_taken_port_exits_2(oxigraph_server) -> None:
    result = invoke(["serve", "--port", str(oxigraph_server.port), *source()])
    assert result.exit_code == 2
    assert f"port {oxigraph_server.port} on 127.0.0.1 is already in use" in result.output


def test_load_with_shapes_replace_succeeds_and_reports_ok(oxigraph_server, shipped_kg) -> None:
    """Regression: the shipped shapes (1022 triples, blank nodes and lists) were reported as
    "MISMATCH: expected 971" and the command exited 1."""
    url = oxigraph_server.store_url
    result = invoke(["load", "--endpoint", url, "--replace", "--with-shapes"])
    assert result.exit_code == 0, result.output
    shapes = len(view(shipped_kg).shapes)
    assert f"sent {shapes:>6}, store holds {shapes:>6}  ok" in result.output
    assert "MISMATCH" not in result.output
    again = invoke(["load", "--endpoint", url, "--with-shapes"])
    assert again.exit_code == 2
    assert "has blank nodes and the store already holds that graph" in again.output


def test_load_with_shapes_into_a_new_store_directory_and_again(tmp_path) -> None:
    location = tmp_path / "store"
    first = invoke(["load", "--store-path", str(location), "--with-shapes"])
    assert first.exit_code == 0, first.output
    assert "MISMATCH" not in first.output, first.output
    replaced = invoke(["load", "--store-path", str(location), "--with-shapes", "--replace"])
    assert replaced.exit_code == 0, replaced.output
    assert "MISMATCH" not in replaced.output, replaced.output


EXTRA_PLATFORM = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix zj: <https://w3id.org/zhangjiang-kg/id/> .
@prefix zjo: <https://w3id.org/zhangjiang-kg/ontology#> .
zj:only-in-the-store a zjo:Platform ; rdfs:label "only in the store"@en ; zjo:status zjo:Planned .
"""


def test_query_all_answers_from_the_store_path(tmp_path) -> None:
    """Regression: ``query --all --store-path DIR`` answered from the packaged graph."""
    extra = tmp_path / "extra.ttl"
    extra.write_text(EXTRA_PLATFORM)
    location = tmp_path / "store"
    loaded = invoke(
        ["query", "platforms", "--store-path", str(location), "--data", str(ROOT / "data"), "--data", str(extra)]
    )
    assert loaded.exit_code == 0, loaded.output
    assert "only-in-the-store" in loaded.output, loaded.output
    import gc

    gc.collect()  # the store directory is locked while the first command's store is alive
    result = invoke(["query", "--all", "--store-path", str(location)])
    assert result.exit_code == 0, result.output
    assert "zj:only-in-the-store" in result.output


def test_load_sends_the_store_s_n_triples_without_rdflib(tmp_path: Path) -> None:
    """``load`` writes each graph from the Oxigraph store: rdflib is never imported."""
    code = (
        "import sys; from zhangjiang_kg.cli.main import cli; "
        "cli.main(['load', '--store-path', sys.argv[1]], 'zjkg', standalone_mode=False); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rdflib'))"
    )
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s")], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "[]"
