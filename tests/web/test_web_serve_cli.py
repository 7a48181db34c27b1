"""``zjkg serve`` as a user starts it: one port for SPARQL, the API, every IRI and the site; a
taken port is one line and exit 2; Ctrl-C stops it cleanly."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from zhangjiang_kg.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
ZONE = URIRef("https://w3id.org/zhangjiang-kg/id/zhangjiang-zone")


@pytest.mark.slow
def test_serve_answers_sparql_iris_and_the_api_on_one_read_only_port() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "zhangjiang_kg", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        lines = [process.stdout.readline() for _ in range(4)]  # type: ignore[union-attr]
        found = re.fullmatch(r"Serving \d+ triples \(read-only\) at (http://127\.0\.0\.1:\d+)/\n", lines[0])
        assert found, lines
        web = found.group(1)
        assert lines[1].split() == ["SPARQL", "query", "URL:", f"{web}/sparql"]
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
        with urllib.request.urlopen(f"{web}/sparql?{query}", timeout=60) as reply:
            assert int(json.loads(reply.read())["results"]["bindings"][0]["n"]["value"]) > 1000
        request = urllib.request.Request(f"{web}/id/zhangjiang-zone", headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=60) as reply:
            assert reply.headers["Content-Type"] == "text/turtle; charset=utf-8"
            graph = Graph().parse(data=reply.read(), format="turtle")
        assert (ZONE, None, None) in graph
        with urllib.request.urlopen(f"{web}/api/fund-money", timeout=120) as reply:
            rows = json.loads(reply.read())["results"]["bindings"]
        assert len(rows) == 3
        update = urllib.request.Request(
            f"{web}/update",
            data=b"INSERT DATA { <http://x> <http://x> <http://x> }",
            method="POST",
            headers={"Content-Type": "application/sparql-update"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=10)
        assert refused.value.code == 403  # read-only unless --writable
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Stopped." in err
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{web}/id/zhangjiang-zone", timeout=2)


def test_a_taken_port_exits_2_with_one_line_naming_the_option() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: port {port} on 127.0.0.1 is already in use; choose another with --port\n"
