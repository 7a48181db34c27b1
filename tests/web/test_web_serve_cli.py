"""``zjkg serve`` mounts the web application beside the SPARQL endpoint, as a user starts it."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from zhangjiang_kg.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
ZONE = URIRef("https://w3id.org/zhangjiang-kg/id/zhangjiang-zone")


@pytest.mark.slow
def test_serve_answers_iris_and_the_api_beside_a_read_only_sparql_endpoint() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "zhangjiang_kg", "serve", "--port", "0", "--web-port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        lines = [process.stdout.readline() for _ in range(4)]  # type: ignore[union-attr]
        assert "read-only" in lines[0]
        sparql = lines[1].split()[-1]
        found = re.search(r"(http://127\.0\.0\.1:\d+)/ ", lines[3])
        assert lines[3].lstrip().startswith("Entities, site and query API:"), lines
        assert found, lines
        web = found.group(1)
        request = urllib.request.Request(f"{web}/id/zhangjiang-zone", headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=60) as reply:
            assert reply.headers["Content-Type"] == "text/turtle; charset=utf-8"
            graph = Graph().parse(data=reply.read(), format="turtle")
        assert (ZONE, None, None) in graph
        with urllib.request.urlopen(f"{web}/api/fund-money", timeout=120) as reply:
            rows = json.loads(reply.read())["results"]["bindings"]
        assert len(rows) == 3
        put = urllib.request.Request(
            f"{sparql.rsplit('/', 1)[0]}/store?graph=http://x",
            data=b"",
            method="PUT",
            headers={"Content-Type": "application/n-triples"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(put, timeout=10)
        assert refused.value.code == 403  # the SPARQL side stays read-only
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Stopped." in err
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{web}/id/zhangjiang-zone", timeout=2)


@pytest.mark.slow
def test_a_taken_web_port_exits_1_and_names_the_option() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", "0", "--web-port", str(port)])
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is already in use; choose another with --web-port" in result.output
