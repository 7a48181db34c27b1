"""Page layout and the rendering of RDF terms as HTML, shared by every page of the site.

Pages come from the Jinja2 templates in ``templates/`` with autoescaping on: a value is escaped
unless it is :class:`~markupsafe.Markup` (HTML this package built). :class:`Site` knows the graph,
each node's label and the page that documents it, so any page can turn a term into a relative
link. Output is deterministic: no dates, everything sorted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from html import escape
from importlib import resources as importlib_resources
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..vocab import DCTERMS, RDFS, SCHEMA, SKOS, XSD_NUMERIC, ZJO

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

#: The site's sections: (file relative to the root, title). The order is the navigation's.
NAV: tuple[tuple[str, str], ...] = (
    ("index.html", "Overview"),
    ("ontology.html", "Ontology"),
    ("classes/index.html", "Classes"),
    ("queries/index.html", "Queries"),
    ("shapes.html", "Shapes"),
)


#: Properties whose value names a node, tried in order.
LABEL_PROPERTIES = (RDFS + "label", SKOS + "prefLabel", SCHEMA + "name", DCTERMS + "title")
_NUMERIC = frozenset(XSD_NUMERIC)


def esc(text: object) -> str:
    """HTML-escape any value's string form (quotes too, so it is safe in attributes)."""
    return escape(str(text), quote=True)


def read_asset(name: str) -> str:
    """A file shipped beside this module (``style.css``)."""
    return importlib_resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def templates() -> Environment:
    """The site's Jinja2 templates, autoescaped (HTML and XML alike), loaded once."""
    return Environment(
        loader=PackageLoader("zhangjiang_kg.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
        trim_blocks=False,
    )


def render(template: str, **values: Any) -> str:
    """One template filled with ``values``; strings are escaped unless they are :class:`Markup`."""
    return templates().get_template(template).render(**values)


def slug(text: str) -> str:
    """A fragment or file name made of letters, digits, ``-`` and ``_`` only."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def format_number(lexical: str) -> str:
    """``620000000.0`` → ``620,000,000``; ``89.80`` → ``89.8``; other text is returned as given."""
    try:
        number = Decimal(lexical)
    except InvalidOperation:
        return lexical
    if not number.is_finite():
        return lexical
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


@dataclass
class Site:
    """The graph the pages describe and where each node is documented."""

    graph: Graph
    prefixes: dict[str, str]
    version: str = ""
    #: IRI → page and fragment relative to the site root (``classes/zjo-Fund.html#x``).
    pages: dict[str, str] = field(default_factory=dict)
    #: IRI → fragment of the ontology reference page.
    ontology_anchors: dict[str, str] = field(default_factory=dict)
    _labels: dict[str, str] = field(default_factory=dict, repr=False)

    def curie(self, node: Node) -> str:
        """``zj:zhangjiang-zone`` for a known namespace, the full IRI otherwise."""
        from ..vocab import curie

        short = curie(str(node), self.prefixes)
        return str(node) if short.startswith("<") else short

    def label(self, node: Node) -> str:
        """The English (or untagged) label of a node, or its prefixed name."""
        key = str(node)
        if key not in self._labels:
            self._labels[key] = self._find_label(node) or self.curie(node)
        return self._labels[key]

    def _find_label(self, node: Node) -> str | None:
        from rdflib import URIRef

        for prop in LABEL_PROPERTIES:
            values = sorted(self.graph.objects(node, URIRef(prop)), key=_lang_order)
            if values:
                return str(values[0])
        return None

    def values(self, node: Node, prop: str) -> list[Node]:
        """Objects of ``node prop``, sorted for stable output."""
        from rdflib import URIRef

        return sorted(self.graph.objects(node, URIRef(prop)), key=sort_key)

    def value(self, node: Node, prop: str) -> Node | None:
        """The first object of ``node prop``, or None."""
        found = self.values(node, prop)
        return found[0] if found else None

    def href(self, node: Node, root: str) -> str | None:
        """A relative link to where the node is documented on this site, if anywhere."""
        key = str(node)
        if key in self.pages:
            return root + self.pages[key]
        if key in self.ontology_anchors:
            return f"{root}ontology.html#{self.ontology_anchors[key]}"
        return None

    def term(self, node: Node, root: str, *, curie: bool = False) -> str:
        """A term as HTML: a link with its label for an IRI, the formatted value for a literal."""
        from rdflib import Literal, URIRef

        if isinstance(node, Literal):
            return literal_html(node)
        text = self.curie(node) if curie else self.label(node)
        title = f' title="{esc(self.curie(node))}"' if not curie else ""
        href = self.href(node, root)
        if href is not None:
            return f'<a href="{esc(href)}"{title}>{esc(text)}</a>'
        if isinstance(node, URIRef) and str(node).startswith(("http://", "https://")):
            return f'<a href="{esc(node)}"{title}>{esc(text)}</a>'
        return f"<code>{esc(text)}</code>"

    def status_badge(self, node: Node) -> str:
        """The node's epistemic status as a coloured badge, or nothing."""
        status = self.value(node, ZJO + "status")
        if status is None:
            return ""
        name = str(status).rsplit("#", 1)[-1].lower()
        return f'<span class="badge status-{esc(slug(name))}">{esc(self.label(status))}</span>'


def literal_html(node: Node) -> str:
    """A literal's text, numbers with thousands separators, dates and language tags as given."""
    datatype = str(getattr(node, "datatype", "") or "")
    text = str(node)
    if datatype in _NUMERIC:
        return f'<span class="num">{esc(format_number(text))}</span>'
    return esc(text)


def _lang_order(node: Node) -> tuple[int, str]:
    lang = getattr(node, "language", None)
    return (0 if lang in ("en", None) else 1, str(node))


def sort_key(node: Node) -> tuple[str, str]:
    """Sort terms by kind, then text: IRIs before literals, stable across runs."""
    return (type(node).__name__, str(node))


def table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    """An HTML table from already-escaped cells; columns in ``numeric`` are right-aligned."""
    return render(
        "table.html",
        headers=[Markup(h) for h in headers],
        rows=[[Markup(c) for c in row] for row in rows],
        numeric=numeric or set(),
    ).rstrip("\n")


def page(site: Site, path: str, title: str, body: str) -> str:
    """A whole page: ``path`` is its file relative to the root (it decides the links' prefix).

    ``body`` is HTML built by the page modules (their values escaped with :func:`esc`).
    """
    root = "../" * path.count("/")
    current = next((target for target, _ in NAV if _section(target) == _section(path)), None)
    return render(
        "page.html",
        title=title,
        root=root,
        nav=NAV,
        current=current,
        body=Markup(body.strip()),
        version=site.version or "unknown",
    )


def _section(path: str) -> str:
    return path.split("/", 1)[0] if "/" in path else path
