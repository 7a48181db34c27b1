"""The documentation site: a folder of plain HTML and CSS built from the graph (``zjkg docs``).

No scripts, relative links only, so it works from ``file://`` and any static host; the same graph
gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from os import PathLike
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..queries import catalogue as saved_queries
from ..queries.catalogue import SavedQuery
from ..rdfio.write import atomic_folder
from ..store.graph import KnowledgeGraph
from ..vocab import DCTERMS, OWL, PREFIXES, RDF_TYPE
from . import catalogue, classes, diagram, entities, html, ontology, shapes
from .catalogue import QueryPage
from .classes import ClassPage
from .graph import Graphs
from .html import Site


@dataclass
class SiteReport:
    """What a build wrote and what is worth a warning (a failing query, pyLODE missing...)."""

    output: Path
    pages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ontology_generator: str = "pylode"

    @property
    def index(self) -> Path:
        """The front page, to open in a browser."""
        return self.output / "index.html"


def build_site(
    kg: KnowledgeGraph | Graphs,
    output: str | PathLike[str],
    *,
    queries: list[SavedQuery] | None = None,
    diagrams: bool = True,
    use_pylode: bool = True,
    stage: Callable[[str], object] = lambda _name: None,
) -> SiteReport:
    """Write the site into ``output``, swapped in whole at the end so a failure leaves an earlier build.

    ``stage`` is called with the name of each stage as it starts (:data:`STAGES`), for a progress bar.
    ``queries`` defaults to the packaged catalogue. Without Graphviz's ``dot`` the diagrams are left
    out, with a warning.

    :raises InputError: ``output`` exists and is not a folder, or is not one this builder wrote,
        or cannot be written (the message names it).
    """
    graphs = kg if isinstance(kg, Graphs) else Graphs(kg)
    folder = Path(output)
    _refuse_foreign(folder)
    report = SiteReport(output=folder)
    site = html.Site(graph=graphs("data", "background", "ontology"), prefixes=dict(PREFIXES), version=_version(graphs))

    stage(STAGES[0])
    if use_pylode and ontology.pylode_available():
        onto_html, site.ontology_anchors = ontology.render_pylode(site, graphs("ontology"))
    else:
        report.ontology_generator = "fallback"
        report.warnings.append("pyLODE is not installed: the ontology page is the plain fallback")
        onto_html, site.ontology_anchors = ontology.render_fallback(site, graphs("ontology"))

    stage(STAGES[1])
    class_pages = classes.plan(site, graphs("data"))
    evidence = classes.evidence_index(site)
    catalogue_pages = catalogue.run_all(saved_queries.catalogue() if queries is None else queries, graphs.kg)
    for item in catalogue_pages:
        if item.error:
            report.warnings.append(f"query {item.query.name}: {item.error}")
        elif item.failed_check:
            report.warnings.append(f"check {item.query.name} returns rows: the graph breaks it")

    files: dict[str, str | bytes] = {
        "style.css": resources.files(__package__).joinpath("style.css").read_text(encoding="utf-8"),
        "ontology.html": onto_html,
        "classes/index.html": classes.render_index(site, class_pages),
        "queries/index.html": catalogue.render_index(site, catalogue_pages),
        "shapes.html": shapes.render(site, graphs("shapes")),
    }
    stage(STAGES[2])
    images = _diagrams(graphs, report) if diagrams else {}
    files.update(images)
    files["index.html"] = _index(site, graphs, class_pages, catalogue_pages, sorted(images))
    for class_page in class_pages:
        files[class_page.file] = classes.render_class(site, class_page, evidence)
    for item in catalogue_pages:
        files[item.file] = catalogue.render_query(site, item)
    stage(STAGES[3])
    files.update(entities.site_files(site, graphs))

    stage(STAGES[4])
    with atomic_folder(folder) as scratch:
        (scratch / _MARKER).write_text(
            "written by zjkg docs; the whole folder is replaced on each build\n", encoding="utf-8"
        )
        for name in sorted(files):
            target = scratch / name
            target.parent.mkdir(parents=True, exist_ok=True)
            content = files[name]
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    report.pages = sorted((n for n in files if n.endswith(".html")), key=lambda n: (n != "index.html", n))
    return report


_MARKER = ".zjkg-site"
#: What :func:`build_site` does, in order: the names it passes to ``stage``.
STAGES = ("ontology reference", "classes and queries", "diagrams and pages", "entity pages", "writing")


def _refuse_foreign(folder: Path) -> None:
    """Only a build of this builder (or an empty folder) may be replaced."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / _MARKER).is_file():
        raise InputError(f"{folder}: folder is not empty and was not written by `zjkg docs`; choose another --output")


def _version(graphs: Graphs) -> str:
    ontology = graphs("ontology")
    for onto in sorted(ontology.pointing(ox.NamedNode(OWL + "Ontology"), RDF_TYPE), key=lambda o: o.value):
        info = ontology.value(onto, OWL + "versionInfo")
        if info is not None:
            return info.value
    return ""


def _diagrams(graphs: Graphs, report: SiteReport) -> dict[str, str | bytes]:
    try:
        return {f"img/{name}.svg": diagram.render(text, "svg") for name, text in diagram.dot_texts(graphs).items()}
    except diagram.GraphvizError as error:
        report.warnings.append(f"diagrams left out: {error}")
        return {}


#: The front page's tiles: (link, name, what it holds).
TILES = (
    (
        "ontology.html",
        "Ontology reference",
        "Every class and property with its definition, domain and range (generated by pyLODE).",
    ),
    (
        "classes/index.html",
        "Classes and instances",
        "One page per class: its nodes, their status, figures and the article's words as evidence.",
    ),
    (
        "id/index.html",
        "Entities",
        "One page per node at the path of its IRI, with its description as Turtle and JSON-LD.",
    ),
    ("queries/index.html", "Saved queries", "The competency questions: summary, SPARQL and current results."),
    ("shapes.html", "Shapes", "The SHACL constraints in words: targets, requirements and messages."),
)
CAPTIONS = {
    "img/ontology.svg": "The ontology: classes, subclasses and object properties.",
    "img/data.svg": "The zone and what hangs off it, coloured by status.",
}


def _index(
    site: Site, graphs: Graphs, class_pages: list[ClassPage], catalogue_pages: list[QueryPage], images: list[str]
) -> str:
    dataset = ox.NamedNode(PREFIXES["zj"] + "zhangjiang-kg")
    violations = [q for q in catalogue_pages if q.query.is_violation]
    sizes = " / ".join(f"{len(graphs(name)):,}" for name in ("ontology", "data", "shapes"))
    checks = f"{len(violations)} checks, {sum(q.failed_check for q in violations)} failing"
    rows = [
        ["triples: ontology / data / shapes", sizes],
        ["classes with instances", f"{sum(1 for c in class_pages if c.instances)} of {len(class_pages)}"],
        ["saved queries", f"{len(catalogue_pages)} ({checks})"],
    ]
    return html.page(
        site,
        "index.html",
        "index.html",
        title="Overview",
        heading=site.text(dataset, DCTERMS + "title") or "Zhangjiang knowledge graph",
        description=site.text(dataset, DCTERMS + "description"),
        rights=site.text(dataset, DCTERMS + "rights"),
        rows=rows,
        tiles=TILES,
        figures=[(image, CAPTIONS.get(image)) for image in images[::-1]],
    )
