"""Page layout and the rendering of RDF terms, shared by every page of the site.

Python computes plain values (strings, lists, :class:`Term`) and the autoescaped Jinja2 templates
write the HTML, so every value from the graph is escaped. Output is deterministic: everything sorted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape

from ..vocab import DCTERMS, RDFS, SCHEMA, SKOS, XSD_NUMERIC, ZJO, curie
from .graph import Term as Node
from .graph import Triples

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


@dataclass(frozen=True)
class Term:
    """A value as a page shows it: a link (``href``), code (an IRI with no page), a span of class
    ``css`` (``num``, ``badge status-achieved``) or plain text."""

    text: str
    href: str | None = None
    title: str | None = None
    code: bool = False
    css: str | None = None


#: A phrase of a page: plain text and terms, in order (the shapes page's sentences).
Phrase = list[str | Term]


@cache
def templates() -> Environment:
    """The site's one Jinja2 environment, autoescaped (HTML and XML alike), loaded once."""
    environment = Environment(
        loader=PackageLoader("zhangjiang_kg.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    environment.tests["term"] = lambda value: isinstance(value, Term)
    return environment


def render(template: str, **values: Any) -> str:
    """One template filled with ``values`` (and the navigation, :data:`NAV`), every string escaped."""
    return templates().get_template(template).render(nav=NAV, **values)


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

    graph: Triples
    prefixes: dict[str, str]
    version: str = ""
    #: IRI → page and fragment relative to the site root (``classes/zjo-Fund.html#x``).
    pages: dict[str, str] = field(default_factory=dict)
    #: IRI → fragment of the ontology reference page.
    ontology_anchors: dict[str, str] = field(default_factory=dict)
    _labels: dict[str, str] = field(default_factory=dict, repr=False)
    _curies: dict[str, str] = field(default_factory=dict, repr=False)

    def curie(self, node: Node) -> str:
        """``zj:zhangjiang-zone`` for a known namespace, the full IRI otherwise (kept: pages ask often)."""
        key = node.value
        if key not in self._curies:
            short = curie(key, self.prefixes)
            self._curies[key] = key if short.startswith("<") else short
        return self._curies[key]

    def label(self, node: Node) -> str:
        """The English (or untagged) label of a node, or its prefixed name."""
        key = node.value
        if key not in self._labels:
            self._labels[key] = self._find_label(node) or self.curie(node)
        return self._labels[key]

    def _find_label(self, node: Node) -> str | None:
        for prop in LABEL_PROPERTIES:
            values = sorted(self.graph.objects(node, prop), key=_lang_order)
            if values:
                return values[0].value
        return None

    def values(self, node: Node, prop: str) -> list[Node]:
        """Objects of ``node prop``, sorted for stable output."""
        return sorted(self.graph.objects(node, prop), key=sort_key)

    def value(self, node: Node, prop: str) -> Node | None:
        """The first object of ``node prop``, or None."""
        return next(iter(self.values(node, prop)), None)

    def text(self, node: Node, prop: str) -> str | None:
        """The first value of ``node prop`` as text, or None."""
        found = self.value(node, prop)
        return None if found is None else found.value

    def term(self, node: Node, root: str, *, curie: bool = False) -> Term:
        """A term as a page shows it: a link with its label for an IRI, the formatted value for a literal."""
        if isinstance(node, ox.Literal):
            if node.datatype.value in _NUMERIC:
                return Term(format_number(node.value), css="num")
            return Term(node.value)
        text = self.curie(node) if curie else self.label(node)
        key = node.value
        if key in self.pages:  # where the node is documented on this site, else the IRI itself
            href = root + self.pages[key]
        elif key in self.ontology_anchors:
            href = f"{root}ontology.html#{self.ontology_anchors[key]}"
        elif isinstance(node, ox.NamedNode) and key.startswith(("http://", "https://")):
            href = key
        else:
            return Term(text, code=True)
        return Term(text, href, None if curie else self.curie(node))

    def status_badge(self, node: Node) -> Term | None:
        """The node's epistemic status as a coloured badge, or None."""
        status = self.value(node, ZJO + "status")
        if status is None:
            return None
        return Term(self.label(status), css="badge status-" + slug(status.value.rsplit("#", 1)[-1].lower()))


def _lang_order(node: Node) -> tuple[int, str]:
    lang = node.language if isinstance(node, ox.Literal) else None
    return (0 if lang in ("en", None) else 1, node.value)


def sort_key(node: Node) -> tuple[str, str]:
    """Sort terms by kind, then text: blank nodes, literals, IRIs; stable across runs."""
    return (type(node).__name__, node.value)


def page(site: Site, path: str, template: str, **values: Any) -> str:
    """A whole page from ``template`` (which extends ``page.html``); ``path`` is its file relative
    to the root and decides the links' prefix (``root``, given to the template too)."""
    root = "../" * path.count("/")
    section = path.split("/", 1)[0]
    current = next((target for target, _ in NAV if target.split("/", 1)[0] == section), None)
    return render(template, root=root, current=current, version=site.version or "unknown", **values)
