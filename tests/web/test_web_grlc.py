"""grlc itself, a saved-query API server written elsewhere, reads the saved queries and asks the
served endpoint: every query answers through grlc with the rows the project's own API gives.

grlc runs with its own interpreter (it has its own pins) and serves its application in process,
through Flask's test client, so it opens no port; its queries go to ``zjkg serve`` on 127.0.0.1.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from web_client import fetch
from zhangjiang_kg.queries.catalogue import catalogue
from zhangjiang_kg.web import WebServer

from prerequisites import require_program

ROOT = Path(__file__).resolve().parents[2]
#: Runs in grlc's interpreter: each query of its local API, called with the defaults its own
#: description gives (as its API page fills them in); prints name, status and rows as JSON lines.
CALL_EACH = """
import json, urllib.parse
from grlc.server import app
client = app.test_client()
spec = client.get("/api-local/swagger").get_json()
for path, operations in sorted(spec["paths"].items()):
    params = {p["name"]: p["default"] for p in operations["get"].get("parameters", []) if "default" in p}
    url = "/api-local" + path + "?" + urllib.parse.urlencode(params)
    answer = client.get(url, headers={"Accept": "application/json"})
    body = answer.get_data(as_text=True)
    rows = len(json.loads(body)["results"]["bindings"]) if answer.status_code == 200 else body[:300]
    print(json.dumps([path.strip("/"), answer.status_code, rows]))
"""


@pytest.mark.slow
def test_grlc_answers_every_saved_query_from_the_served_endpoint(served: WebServer, tmp_path: Path) -> None:
    launcher = Path(require_program("grlc"))
    interpreter = launcher.read_text(encoding="utf-8").splitlines()[0].removeprefix("#!").strip()
    (tmp_path / "config.ini").write_text(
        f"[defaults]\nsparql_endpoint = {served.url}/sparql\n[local]\nlocal_sparql_dir = {ROOT / 'queries'}\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [interpreter, "-c", CALL_EACH], cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False
    )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = [line for line in run.stdout.splitlines() if line.startswith('["')]  # grlc prints more
    answers = {name: (status, rows) for name, status, rows in map(json.loads, lines)}
    assert sorted(answers) == sorted(q.name for q in catalogue())
    for name, (status, rows) in answers.items():
        ours = json.loads(fetch(served.port, f"/api/{name}.json").body)["results"]["bindings"]
        assert (status, rows) == (200, len(ours)), name
