"""The application without sockets (Starlette's test client): routing, the site folder (never a file
outside it), the site built in this process and removed on close, reserved paths, and an answer
for any request, never an exception."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient
from zhangjiang_kg.site import descriptions
from zhangjiang_kg.web import static
from zhangjiang_kg.web.app import WebApplication
from zhangjiang_kg.web.static import SiteFolder

ZJ = "https://w3id.org/zhangjiang-kg/id/"


@pytest.fixture
def site_folder(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "id").mkdir(parents=True)
    (root / "index.html").write_text("<h1>front</h1>", encoding="utf-8")
    (root / "id" / "index.html").write_text("<h1>entities</h1>", encoding="utf-8")
    (root / ".hidden").write_text("secret", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    (root / "link.txt").symlink_to(tmp_path / "outside.txt")
    return root


def client(app: WebApplication) -> TestClient:
    """A client of the application under the loopback name (any other Host is refused)."""
    return TestClient(app.asgi, base_url="http://127.0.0.1", follow_redirects=False)


def test_files_resolve_inside_the_folder_only(site_folder: Path) -> None:
    resolve = SiteFolder.resolve
    assert resolve(site_folder, "/") == site_folder / "index.html"
    assert resolve(site_folder, "/id/") == site_folder / "id" / "index.html"
    for path in ("/../outside.txt", "/id/../../outside.txt", "/link.txt", "/.hidden", "/missing.html", "/id\\..\\x"):
        assert resolve(site_folder, path) is None, path


def test_a_given_site_is_served_at_once_and_left_alone(mini_oxigraph, site_folder: Path) -> None:
    app = WebApplication(mini_oxigraph, site=site_folder).start()
    answer = client(app).get("/")
    assert answer.status_code == 200
    assert answer.content == b"<h1>front</h1>"
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    app.close()
    assert (site_folder / "index.html").is_file()


def test_routes(mini_oxigraph, site_folder: Path) -> None:
    web = client(WebApplication(mini_oxigraph, site=site_folder))
    assert web.get("/id/zhangjiang-zone", headers={"Accept": "text/turtle"}).status_code == 200
    assert web.get("/id/zhangjiang-zone.nt").headers["content-type"] == "application/n-triples"
    assert web.get("/id/zhangjiang-zone/", headers={"Accept": "text/turtle"}).status_code == 404  # a folder
    assert web.get("/ontology?x=1", headers={"Accept": "text/html"}).headers["location"] == "/ontology.html"
    assert web.get("/api/platforms?").status_code == 200
    assert web.get("/sparql", params={"query": "ASK {}"}).json() == {"head": {}, "boolean": True}
    assert web.options("/").status_code == 405


@pytest.mark.slow
def test_the_site_is_built_in_this_process_and_removed_on_close(mini_oxigraph) -> None:
    app = WebApplication(mini_oxigraph).start()
    assert app.site.wait(600), app.site.error
    folder = app.site.folder
    assert folder is not None
    assert (folder / "index.html").is_file()
    assert (folder / "ontology.html").is_file()  # pyLODE refuses the untitled mini ontology: the plain page
    assert client(app).get("/").status_code == 200
    app.close()
    assert not folder.exists()


def test_a_failed_build_is_a_503_that_says_why(mini_oxigraph, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(kg, folder: Path) -> Path:
        raise OSError("no space left on device")

    monkeypatch.setattr(static, "build", broken)
    app = WebApplication(mini_oxigraph, site_wait=60).start()
    try:
        answer = client(app).get("/index.html")
        assert answer.status_code == 503
        assert "the site could not be built: OSError: no space left on device" in answer.text
        # IRIs, the API and SPARQL answer regardless
        assert client(app).get("/id/zhangjiang-zone", headers={"Accept": "text/turtle"}).status_code == 200
        assert client(app).get("/api/platforms").status_code == 200
    finally:
        app.close()


def test_closing_before_the_build_ends_removes_its_folder(mini_oxigraph, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    release = threading.Event()

    def slow(kg, folder: Path) -> Path:
        (folder / "site").mkdir()
        release.wait(30)
        (folder / "site" / "index.html").write_text("late", encoding="utf-8")  # fails: the folder is gone
        return folder / "site"

    monkeypatch.setattr(static, "build", slow)
    app = WebApplication(mini_oxigraph).start()
    scratch = app.site._scratch
    assert scratch is not None
    app.close()
    assert not scratch.exists()  # removed at once, the build still running
    release.set()
    assert app.site._ready.wait(30)
    assert not scratch.exists()


def test_any_request_gets_an_answer_never_an_exception(mini_oxigraph, site_folder: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    web = client(WebApplication(mini_oxigraph, site=site_folder))
    text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40).map(
        lambda t: quote(t, safe="/?&=%")
    )
    paths = st.one_of(
        text.map(lambda t: "/" + t),
        text.map(lambda t: "/id/" + t),
        st.tuples(st.sampled_from(["platforms", "fund-money", "facts-by-status", "x"]), text).map(
            lambda qt: f"/api/{qt[0]}?{qt[1]}"
        ),
        text.map(lambda t: "/sparql?query=" + t),
    )
    headers = st.one_of(st.none(), st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40))

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(path=paths, accept=headers)
    def check(path: str, accept: str | None) -> None:
        answer = web.get(path, headers={"Accept": accept} if accept is not None else {})
        assert answer.status_code in {200, 303, 400, 403, 404, 406}, (path, accept, answer.text)

    check()


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        (ZJ + "index", None),
        (ZJ + "Index", None),
        (ZJ + "zone.ttl", None),
        (ZJ + "zone.html", None),
        (ZJ + "zone.jsonld", None),
        (ZJ + "zone.nt", None),
        (ZJ + "index-of-things", "id/index-of-things"),
        (ZJ + "v1.2", "id/v1.2"),
    ],
)
def test_no_entity_takes_the_path_of_a_page(iri: str, expected: str | None) -> None:
    assert descriptions.document_path(iri) == expected


def test_an_entity_named_index_leaves_the_entity_index_in_place(tmp_path: Path, mini: Path) -> None:
    from zhangjiang_kg import store

    extra = tmp_path / "index.ttl"
    extra.write_text(
        "@prefix zj: <https://w3id.org/zhangjiang-kg/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'zj:index rdfs:label "an entity called index"@en .\n'
        'zj:page.ttl rdfs:label "an entity called page.ttl"@en .\n',
        encoding="utf-8",
    )
    kg = store.load(
        [mini / "data", extra],
        ontology=[mini / "ontology" / "mini.ttl"],
        shapes=[mini / "ontology" / "shapes.ttl"],
    )
    app = WebApplication(kg).start()
    try:
        assert app.site.wait(600), app.site.error
        web = client(app)
        assert not app.linked_data.knows("id/index")
        assert web.get("/id/index", headers={"Accept": "text/turtle"}).status_code == 404
        index = web.get("/id/index.html")
        assert index.status_code == 200
        assert "an entity called index" not in index.text  # the page lists entities, it is not one
        assert web.get("/id/page.ttl", headers={"Accept": "text/turtle"}).status_code == 404
    finally:
        app.close()


def test_a_construct_query_of_the_api_answers_as_rdf_by_accept_or_suffix(
    mini_oxigraph, site_folder: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "typed.rq").write_text(
        "#+ summary: everything typed\nCONSTRUCT { ?s a ?type } WHERE { ?s a ?type }\n", encoding="utf-8"
    )
    web = client(WebApplication(mini_oxigraph, site=site_folder, queries=folder))
    turtle = web.get("/api/typed")
    assert turtle.headers["content-type"] == "text/turtle; charset=utf-8"
    from rdflib import Graph

    graph = Graph().parse(data=turtle.content, format="turtle")
    assert len(graph) > 0
    as_nt = web.get("/api/typed.nt")
    assert as_nt.headers["content-type"] == "application/n-triples"
    assert len(Graph().parse(data=as_nt.content, format="nt")) == len(graph)
    assert len(Graph().parse(data=web.get("/api/typed.rdf").content, format="xml")) == len(graph)
    table = web.get("/api/typed", headers={"Accept": "text/csv"})
    assert table.text.splitlines()[0] == "subject,predicate,object"
    refused = web.get("/api/typed.ttl?cite=true")
    assert refused.status_code == 400
    assert refused.json()["parameter"] == "cite"
    document = web.get("/api/openapi.json").json()
    assert "text/turtle" in document["paths"]["/typed"]["get"]["responses"]["200"]["content"]


def test_an_internal_error_is_a_problem_document_with_the_security_headers(
    mini_oxigraph, site_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = WebApplication(mini_oxigraph, site=site_folder)

    async def broken(*_args: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(app.api, "answer", broken)
    web = TestClient(app.asgi, base_url="http://127.0.0.1", raise_server_exceptions=False)
    answer = web.get("/api/fund-money")
    assert answer.status_code == 500
    assert answer.json()["detail"] == "internal error: KeyError"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'none'" in answer.headers["content-security-policy"]
