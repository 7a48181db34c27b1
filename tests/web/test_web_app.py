"""The application without sockets: routing, the site folder (never a file outside it), and the
built site removed when the application closes, even mid-build."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from zhangjiang_kg.web.app import WebApplication
from zhangjiang_kg.web.static import SiteFolder

from rdflib_oracle import view


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


def test_files_resolve_inside_the_folder_only(site_folder: Path) -> None:
    resolve = SiteFolder.resolve
    assert resolve(site_folder, "/") == site_folder / "index.html"
    assert resolve(site_folder, "/id/") == site_folder / "id" / "index.html"
    for path in ("/../outside.txt", "/id/../../outside.txt", "/link.txt", "/.hidden", "/missing.html", "/id\\..\\x"):
        assert resolve(site_folder, path) is None, path


def test_a_given_site_is_served_at_once_and_left_alone(mini_kg, site_folder: Path) -> None:
    app = WebApplication(mini_kg, site=site_folder).start()
    answer = app.handle("GET", "/")
    assert answer.status == 200
    assert answer.body == b"<h1>front</h1>"
    assert answer.content_type == "text/html; charset=utf-8"
    app.close()
    assert (site_folder / "index.html").is_file()


def test_routes(mini_kg, site_folder: Path) -> None:
    app = WebApplication(mini_kg, site=site_folder)
    assert app.handle("GET", "/id/zhangjiang-zone", "text/turtle").status == 200
    assert app.handle("GET", "/id/zhangjiang-zone.nt").content_type == "application/n-triples"
    assert app.handle("GET", "/id/zhangjiang-zone/", "text/turtle").status == 404  # a folder, not the IRI
    assert app.handle("GET", "/ontology?x=1", "text/html").headers["Location"] == "/ontology.html"
    assert app.handle("GET", "/api/platforms?").status == 200
    assert app.handle("OPTIONS", "/").status == 405


@pytest.mark.slow
def test_a_built_site_is_removed_on_close(mini_kg) -> None:
    app = WebApplication(mini_kg).start()
    assert app.site.wait(), app.site.error
    folder = app.site.folder
    assert folder is not None
    assert (folder / "index.html").is_file()
    assert (folder / "ontology.html").is_file()  # pyLODE refuses the untitled mini ontology: the plain page
    app.close()
    assert not folder.exists()


@pytest.mark.slow
def test_closing_mid_build_stops_it_and_removes_the_site(mini_kg) -> None:
    app = WebApplication(mini_kg)
    app.start()
    app.close()  # at once: the child process has not even imported the package yet
    assert app.site._ready.wait(60)
    assert app.site.error is not None  # stopped, not finished
    scratch = app.site._scratch
    assert scratch is not None
    for _ in range(100):
        if not scratch.exists():
            break
        threading.Event().wait(0.05)
    assert not scratch.exists()


@pytest.mark.slow
def test_a_failed_build_is_a_503_that_says_why(mini_kg, monkeypatch: pytest.MonkeyPatch) -> None:
    from zhangjiang_kg.web import sitebuild

    monkeypatch.setattr(sitebuild, "dump", lambda kg, folder: None)  # the child finds no graph to read
    app = WebApplication(mini_kg, site_wait=60).start()
    try:
        answer = app.handle("GET", "/index.html")
        assert answer.status == 503
        assert b"the site could not be built: FileNotFoundError" in answer.body
        assert app.handle("GET", "/id/zhangjiang-zone", "text/turtle").status == 200  # IRIs answer regardless
    finally:
        app.close()


def test_the_child_rebuilds_exactly_the_dumped_graph(mini_kg, tmp_path: Path) -> None:
    from rdflib.compare import isomorphic
    from zhangjiang_kg.web import sitebuild

    sitebuild.dump(view(mini_kg), tmp_path)
    again = sitebuild.read(tmp_path)
    for name in ("ontology", "data", "shapes"):
        assert isomorphic(again.graph(name), view(mini_kg).graph(name)), name


def test_any_request_gets_an_answer_never_an_exception(mini_kg, site_folder: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    app = WebApplication(mini_kg, site=site_folder)
    text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
    paths = st.one_of(
        text.map(lambda t: "/" + t),
        text.map(lambda t: "/id/" + t),
        st.tuples(st.sampled_from(["platforms", "fund-money", "facts-by-status", "x"]), text).map(
            lambda qt: f"/api/{qt[0]}?{qt[1]}"
        ),
    )

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(path=paths, accept=st.one_of(st.none(), text))
    def check(path: str, accept: str | None) -> None:
        answer = app.handle("GET", path, accept)
        assert answer.status in {200, 303, 400, 404, 406}, (path, accept, answer.body)

    check()


def test_a_build_stopped_while_its_folder_is_removed_ends_quietly(tmp_path: Path) -> None:
    """Regression: ``serve`` stopped by a signal during the site build removed the build's folder
    while the watching thread read its log; the thread died with a traceback on stderr."""

    class Stopped:
        def wait(self) -> int:
            return -15  # terminated

    site = SiteFolder(kg=None)  # type: ignore[arg-type]  # the graph is not read here
    site._scratch = tmp_path / "removed"  # no build.log: close() took the folder
    site._process = Stopped()  # type: ignore[assignment]
    site._await_build()
    assert site.error == "the site could not be built: status -15"
    assert site.wait(0) is False
