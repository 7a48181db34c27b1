"""Graphviz diagrams of the ontology and of the data, as DOT text written here and drawn by ``dot``.

The DOT text is deterministic (sorted, no dates), so a test can compare it with the committed copy;
the SVG bytes depend on the Graphviz version and are not compared.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, ZjkgError
from ..rdfio.write import write_atomic
from ..resources import PACKAGE_DIR
from ..vocab import OWL, PREFIXES, RDF_TYPE, RDFS, ZJ, ZJO
from ..vocab import curie as prefixed
from .classes import figure_text
from .graph import Graphs, Triples
from .graph import Term as Node
from .html import Site

ZONE = ZJ + "zhangjiang-zone"

#: Diagram name → function making its DOT text. The order is the README's.
DIAGRAMS = ("ontology", "data")
#: Output formats ``dot`` is asked for.
FORMATS = ("svg", "png")

#: Fill colour of a data node by its status (local name of the zjo: concept).
STATUS_COLOURS = {
    "Achieved": "#d9f0dd",
    "InProgress": "#dbe7f7",
    "Planned": "#fbecc8",
    "Expected": "#eadcf3",
    "Estimated": "#f6d9d9",
}
#: Links that are bookkeeping, not structure: never drawn in the data diagram.
_DATA_SKIP_PREFIXES = (PREFIXES["prov"], PREFIXES["oa"], PREFIXES["skos"])
_DATA_SKIP = {
    RDF_TYPE,
    PREFIXES["dcterms"] + "isPartOf",
    ZJO + "status",
    ZJO + "qualifier",
    ZJO + "measure",
    ZJO + "period",
    ZJO + "perTimeUnit",
}
_FONT = 'fontname="DejaVu Sans"'
#: Properties every fact-bearing class has: drawn once in the caption instead of from each class.
_ONTOLOGY_SKIP = {ZJO + "status"}


class GraphvizError(ZjkgError):
    """``dot`` is missing or failed; says which and why."""

    exit_code = 1


@dataclass(frozen=True)
class DiagramFile:
    """One written file and whether its content changed."""

    path: Path
    changed: bool


def quote(text: str) -> str:
    """A DOT double-quoted string (backslashes and quotes escaped, newlines as ``\\n``)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def curie(iri: str) -> str:
    """``zjo:Fund`` for a known namespace, else the IRI itself (a diagram's label has no brackets)."""
    short = prefixed(iri)
    return iri if short.startswith("<") else short


def _wrap(text: str, width: int = 26) -> str:
    return "\n".join(textwrap.wrap(text, width=width)) or text


def _types(graph: Triples, node: Node) -> list[str]:
    return sorted(t.value for t in graph.objects(node, RDF_TYPE))


def _iris(nodes: Iterable[Node]) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ox.NamedNode)]


def ontology_dot(graphs: Graphs) -> str:
    """The ontology's classes, subclass links and object properties as a DOT digraph."""
    onto, data = graphs("ontology"), graphs("data")
    own = sorted(c for c in _iris(onto.pointing(ox.NamedNode(OWL + "Class"), RDF_TYPE)) if c.startswith(ZJO))
    nodes: set[str] = set(own)
    edges: set[tuple[str, str, str, str]] = set()
    for cls in own:
        for parent in _iris(onto.objects(ox.NamedNode(cls), RDFS + "subClassOf")):
            nodes.add(parent)
            edges.add((cls, parent, "", "subclass"))
    properties = sorted(
        p for p in _iris(onto.pointing(ox.NamedNode(OWL + "ObjectProperty"), RDF_TYPE)) if p.startswith(ZJO)
    )
    for prop in properties:
        name = prop[len(ZJO) :]
        if prop in _ONTOLOGY_SKIP:
            continue
        domains = _iris(onto.objects(ox.NamedNode(prop), RDFS + "domain"))
        ranges = _iris(onto.objects(ox.NamedNode(prop), RDFS + "range"))
        used = [(s, o) for s, o in data.with_property(prop) if isinstance(o, ox.NamedNode)]
        kind = "declared" if domains and ranges else "used"
        domains = domains or sorted({t for s, _ in used for t in _types(data, s) if t in nodes})
        ranges = ranges or sorted({t for _, o in used for t in _types(data, o) + _types(onto, o) if t in nodes})
        for domain in domains:
            for range_ in ranges:
                nodes.update((domain, range_))
                edges.add((domain, range_, name, kind))
    lines = [
        "digraph ontology {",
        f"  graph [rankdir=LR, {_FONT}, fontsize=11, nodesep=0.25, ranksep=0.6, "
        'label="zhangjiang-kg ontology: classes, subclasses (hollow arrows) and object properties '
        "(dashed: from how the data uses a property with no declared domain or range). "
        'Every fact-bearing class also has zjo:status.", labelloc=t];',
        f'  node [shape=box, style="rounded,filled", {_FONT}, fontsize=10, fillcolor="#e3f1ef", color="#0b6e69"];',
        f'  edge [{_FONT}, fontsize=9, color="#555555"];',
    ]
    site = Site(graph=onto, prefixes=PREFIXES)
    for iri in sorted(nodes):
        if iri.startswith(ZJO):
            label = f"{site.label(ox.NamedNode(iri))}\n{curie(iri)}"
            lines.append(f"  {quote(curie(iri))} [label={quote(label)}];")
        else:
            lines.append(
                f"  {quote(curie(iri))} [label={quote(curie(iri))}, "
                'fillcolor="#f2f2f2", color="#999999", style="rounded,filled,dashed"];'
            )
    for source, target, name, kind in sorted(edges):
        if kind == "subclass":
            lines.append(f'  {quote(curie(source))} -> {quote(curie(target))} [arrowhead=empty, color="#999999"];')
        else:
            style = ", style=dashed" if kind == "used" else ""
            lines.append(
                f"  {quote(curie(source))} -> {quote(curie(target))} "
                f'[label={quote(name)}, color="#0b6e69", fontcolor="#0b6e69"{style}];'
            )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _data_links(data: Triples, node: Node) -> Iterable[tuple[str, Node, Node]]:
    """(property, subject, object) of the structural links touching ``node``, both directions."""
    for prop, other in data.outgoing(node):
        if isinstance(other, ox.NamedNode) and _structural(prop):
            yield prop, node, other
    for subject, prop in data.incoming(node):
        if _structural(prop):
            yield prop, subject, node


def _structural(prop: str) -> bool:
    return prop not in _DATA_SKIP and not prop.startswith(_DATA_SKIP_PREFIXES)


def data_dot(graphs: Graphs, start: str = ZONE, depth: int = 2) -> str:
    """The node ``start`` and the data nodes within ``depth`` links of it, coloured by status."""
    data = graphs("data")
    root = ox.NamedNode(start)
    if root not in data:
        raise InputError(f"the data has no node <{start}> to draw")
    seen: set[Node] = {root}
    frontier: list[Node] = [root]
    edges: set[tuple[str, str, str]] = set()
    for _ in range(depth):
        found: list[Node] = []
        for node in frontier:
            for prop, subject, obj in _data_links(data, node):
                other = obj if subject == node else subject
                if not any(t.startswith(ZJO) for t in _types(data, other)):
                    continue
                edges.add((subject.value, prop, obj.value))
                if other not in seen:
                    seen.add(other)
                    found.append(other)
        frontier = found
    lines = [
        "digraph data {",
        f"  graph [rankdir=LR, {_FONT}, fontsize=11, nodesep=0.2, ranksep=0.7, overlap=false, "
        'label="The zone and what hangs off it (two links deep). '
        'Fill: green achieved, blue in progress, amber planned, purple expected, red estimated.", labelloc=t];',
        f'  node [shape=box, style="rounded,filled", {_FONT}, fontsize=9, fillcolor="#ffffff", color="#777777"];',
        f'  edge [{_FONT}, fontsize=8, color="#777777", fontcolor="#555555"];',
    ]
    site = Site(graph=data, prefixes=PREFIXES)
    for node in sorted(seen, key=lambda n: n.value):
        kinds = [curie(t).split(":", 1)[1] for t in _types(data, node) if t.startswith(ZJO)]
        label = _wrap(site.label(node))
        attributes = []
        if data.objects(node, ZJO + "measure"):
            label += "\n= " + figure_text(site, node)
            attributes.append("shape=note")
        label += f"\n«{', '.join(kinds)}»"
        status = data.value(node, ZJO + "status")
        colour = STATUS_COLOURS.get(status.value.rsplit("#", 1)[-1]) if status is not None else None
        if colour:
            attributes.append(f'fillcolor="{colour}"')
        if node == root:
            attributes.append('penwidth=2.5, color="#0b6e69", fontsize=12')
        lines.append(f"  {quote(curie(node.value))} [label={quote(label)}{''.join(', ' + a for a in attributes)}];")
    for source, link, target in sorted(edges):
        lines.append(
            f"  {quote(curie(source))} -> {quote(curie(target))} [label={quote(curie(link).split(':', 1)[-1])}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(dot_text: str, fmt: str = "svg") -> bytes:
    """Draw DOT text with Graphviz's ``dot``.

    :raises GraphvizError: ``dot`` is not installed or rejects the text.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown diagram format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    executable = shutil.which("dot")
    if executable is None:
        raise GraphvizError("Graphviz's `dot` is not installed (Debian: apt-get install graphviz)")
    try:
        done = subprocess.run(
            [executable, f"-T{fmt}"], input=dot_text.encode("utf-8"), capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GraphvizError(f"dot could not run: {error}") from None
    if done.returncode != 0:
        raise GraphvizError(f"dot failed: {done.stderr.decode('utf-8', 'replace').strip() or done.returncode}")
    return done.stdout


def dot_texts(graphs: Graphs) -> dict[str, str]:
    """Every diagram's DOT text by name."""
    return {"ontology": ontology_dot(graphs), "data": data_dot(graphs)}


def write_diagrams(graphs: Graphs, folder: Path, formats: Sequence[str] = ("svg",)) -> list[DiagramFile]:
    """Write ``NAME.dot`` and ``NAME.<format>`` for every diagram into ``folder``.

    Every picture is drawn before any file is written, so a missing or failing Graphviz leaves the
    folder as it was (no ``.dot`` without its picture); each file is replaced whole.

    :raises GraphvizError: ``dot`` is not installed or rejects a diagram.
    """
    contents: dict[Path, bytes] = {}
    for name, text in dot_texts(graphs).items():
        contents[folder / f"{name}.dot"] = text.encode("utf-8")
        for fmt in formats:
            contents[folder / f"{name}.{fmt}"] = render(text, fmt)
    folder.mkdir(parents=True, exist_ok=True)
    return [_write(path, content) for path, content in contents.items()]


def stale_diagrams(graphs: Graphs, folder: Path) -> list[str]:
    """Names of the diagrams whose committed ``.dot`` in ``folder`` differs from a fresh one."""
    stale = []
    for name, text in dot_texts(graphs).items():
        path = folder / f"{name}.dot"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def _write(path: Path, content: bytes) -> DiagramFile:
    changed = not path.is_file() or path.read_bytes() != content
    if changed:
        write_atomic(path, content)
    return DiagramFile(path=path, changed=changed)


def default_folder() -> Path:
    """``docs/img`` of the checkout this package runs from.

    :raises InputError: the package is installed without its repository (pass a folder instead).
    """
    docs = PACKAGE_DIR.parent / "docs"
    if not docs.is_dir():
        raise InputError("no docs/ folder beside the package (an installed copy); give --output DIR")
    return docs / "img"
