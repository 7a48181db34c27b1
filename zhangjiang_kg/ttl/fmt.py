"""The canonical Turtle layout: one deterministic way to write a file, so diffs show only meaning.

Layout: the file's head comment, its prefixes sorted by name, then its sections. A comment that
stands on its own between blocks (a blank line after it) opens a section; the subjects of a section
are sorted by how they are written, each in one block (several blocks about one subject are
merged), ``a`` first, then labels, then definitions, then the other predicates sorted; runs of
one-line blocks are kept together without blank lines between them. A comment
directly above a block stays with that block; a comment inside a block moves to the block's head.

The graph is never changed: terms are read and written with Oxigraph, literals keep their exact
lexical form, and formatting a formatted file changes nothing.

>>> print(format_turtle('@prefix ex: <http://example.org/> .\\nex:b ex:p "x" . ex:a a ex:C .'), end="")
@prefix ex: <http://example.org/> .
<BLANKLINE>
ex:a a ex:C .
ex:b ex:p "x" .
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import resources
from ..errors import InputError, RdfSyntaxError
from .sourcemap import scan_subjects

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"
RDF_FIRST = RDF + "first"
RDF_REST = RDF + "rest"
RDF_NIL = RDF + "nil"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Predicates written right after ``a``, in this order: names and labels.
LABEL_PREDICATES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#hiddenLabel",
    "https://schema.org/name",
    "https://schema.org/alternateName",
    "http://purl.org/dc/terms/title",
    "http://xmlns.com/foaf/0.1/name",
)
#: Predicates written after the labels: what the thing is.
DEFINITION_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://purl.org/dc/terms/description",
    "https://schema.org/description",
)
#: Target width of a line; longer object lists go one object per line.
LINE_WIDTH = 100

_PN_LOCAL = re.compile(r"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?)?$")
_AT_DIRECTIVE = re.compile(r"@(prefix|base)\b[^<]*<[^>]*>\s*\.", re.IGNORECASE)
_SPARQL_DIRECTIVE = re.compile(r"(prefix|base)\b[^<]*<[^>]*>", re.IGNORECASE)
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")
_DOUBLE = re.compile(r"^[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+$")


@dataclass(frozen=True)
class FormatResult:
    """One file: whether the canonical layout differs, and the first line that does."""

    path: Path
    changed: bool
    first_difference: int | None = None


@dataclass
class _Section:
    comment: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)


@dataclass
class _Layout:
    header: list[str] = field(default_factory=list)
    sections: list[_Section] = field(default_factory=lambda: [_Section()])
    block_comments: dict[str, list[str]] = field(default_factory=dict)
    trailing: list[str] = field(default_factory=list)


def format_turtle(text: str, *, path: str = "<string>", base_iri: str | None = None) -> str:
    """The canonical layout of a Turtle document.

    :raises RdfSyntaxError: the text is not Turtle (names path, line and column).
    """
    triples, prefixes = _parse(text, path, base_iri)
    layout = _layout(text, base_iri or "")
    return _Writer(triples, prefixes).document(layout)


def format_file(path: str | Path, *, check: bool = False) -> FormatResult:
    """Format one Turtle file in place (or, with ``check``, only say whether it would change).

    :raises RdfSyntaxError: the file does not parse; it is left untouched.
    :raises InputError: the file cannot be read or written.
    """
    file = Path(path)
    try:
        original = file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{file}: cannot read: {exc}") from None
    formatted = format_turtle(original, path=str(file), base_iri=file.resolve().as_uri())
    if formatted == original:
        return FormatResult(file, False)
    if not check:
        try:
            file.write_bytes(formatted.encode("utf-8"))
        except OSError as exc:
            raise InputError(f"{file}: cannot write: {exc.strerror or exc}") from None
    return FormatResult(file, True, first_difference(original, formatted))


def format_paths(paths: Iterable[str | Path], *, check: bool = False) -> list[FormatResult]:
    """Format every Turtle file among ``paths`` (folders are searched for ``*.ttl``)."""
    return [format_file(file, check=check) for file in turtle_files(paths)]


def turtle_files(paths: Iterable[str | Path]) -> list[Path]:
    """The ``.ttl`` files named or inside the folders named, sorted, without duplicates."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = resources.files_under(path, [".ttl"])
        elif path.is_file():
            candidates = [path]
        else:
            raise InputError(f"{path}: no such file or folder")
        found.extend(c for c in candidates if c not in found)
    return found


def first_difference(old: str, new: str) -> int:
    """The 1-based number of the first line where two texts differ."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    for number, (a, b) in enumerate(zip(old_lines, new_lines), start=1):
        if a != b:
            return number
    return min(len(old_lines), len(new_lines)) + 1


# --- reading ---------------------------------------------------------------------------------


def _parse(text: str, path: str, base_iri: str | None) -> tuple[list[Any], dict[str, str]]:
    import pyoxigraph as ox

    parser = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=base_iri)
    try:
        quads = list(parser)
    except SyntaxError as exc:
        message = str(exc.msg or exc).strip().splitlines()[0] if str(exc.msg or exc).strip() else "syntax error"
        if message.startswith("Parser error at ") and ": " in message:
            message = message.split(": ", 1)[1]
        raise RdfSyntaxError(path, message, exc.lineno, exc.offset) from None
    return [(q.subject, q.predicate, q.object) for q in quads], dict(parser.prefixes)


@dataclass(frozen=True)
class _Statement:
    start: int
    end: int
    line: int
    column: int
    end_line: int
    directive: bool


@dataclass(frozen=True)
class _Comment:
    line: int
    text: str
    own_line: bool
    offset: int


def _scan(text: str) -> tuple[list[_Statement], list[_Comment]]:
    """Top-level statements (with their extent) and comments, skipping strings and IRIs."""
    statements: list[_Statement] = []
    comments: list[_Comment] = []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    i, n, depth = 0, len(text), 0
    start: int | None = None
    while i < n:
        ch = text[i]
        if ch in " \t\r\n":
            i += 1
            continue
        if ch == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            line = line_of(i)
            own = not text[line_starts[line - 1] : i].strip()
            comments.append(_Comment(line, text[i:j].rstrip(), own, i))
            i = j
            continue
        if start is None:
            start = i
            directive = _AT_DIRECTIVE.match(text, i) or _SPARQL_DIRECTIVE.match(text, i)
            if directive:
                end = directive.end()
                line = line_of(i)
                statements.append(_Statement(i, end, line, i - line_starts[line - 1] + 1, line_of(end - 1), True))
                start, i = None, end
                continue
        if ch in "\"'":
            i = _skip_string(text, i)
            continue
        if ch == "<":
            j = text.find(">", i)
            i = n if j < 0 else j + 1
            continue
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth = max(0, depth - 1)
        elif ch == "." and depth == 0 and (i + 1 >= n or text[i + 1] in " \t\r\n#"):
            line = line_of(start)
            statements.append(_Statement(start, i + 1, line, start - line_starts[line - 1] + 1, line_of(i), False))
            start = None
        i += 1
    return statements, comments


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    if text.startswith(quote * 3, i):
        j = i + 3
        while j < len(text):
            if text[j] == "\\":
                j += 2
                continue
            if text.startswith(quote * 3, j):
                return j + 3
            j += 1
        return len(text)
    j = i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == quote or text[j] == "\n":
            return j + 1
        j += 1
    return j


def _layout(text: str, base: str) -> _Layout:
    """Where the comments go: the head, a section, a block; and which section each subject is in."""
    statements, comments = _scan(text)
    subjects = {(line, column): iri for iri, line, column in scan_subjects(text, base=base)}
    triples = [s for s in statements if not s.directive]
    layout = _Layout()
    first_start = statements[0].start if statements else len(text)
    owner_of: dict[int, str | None] = {id(s): subjects.get((s.line, s.column)) for s in triples}
    starts_at_line = {s.line: s for s in triples}

    def block_of(comment: _Comment) -> _Statement | None:
        for statement in triples:
            if statement.start < comment.offset < statement.end:
                return statement
            if not comment.own_line and statement.end <= comment.offset and statement.end_line == comment.line:
                return statement
        return None

    runs: list[list[_Comment]] = []
    for comment in comments:
        inside = block_of(comment)
        if inside is not None:
            owner = owner_of[id(inside)]
            if owner is not None:
                layout.block_comments.setdefault(owner, []).append(comment.text)
                continue
        if runs and runs[-1][-1].line == comment.line - 1:
            runs[-1].append(comment)
        else:
            runs.append([comment])

    events: list[tuple[int, int, Any]] = [(s.start, 1, s) for s in triples]
    for run in runs:
        following = starts_at_line.get(run[-1].line + 1)
        iri = owner_of.get(id(following)) if following is not None else None
        if iri is not None:
            before = layout.block_comments.get(iri, [])
            layout.block_comments[iri] = [c.text for c in run] + before
        elif run[0].offset < first_start:
            layout.header.extend(c.text for c in run)
        else:
            events.append((run[0].offset, 0, run))
    seen: set[str] = set()
    for _offset, kind, item in sorted(events, key=lambda e: (e[0], e[1])):
        if kind == 0:
            layout.sections.append(_Section(comment=[c.text for c in item]))
            continue
        iri = owner_of[id(item)]
        if iri is not None and iri not in seen:
            seen.add(iri)
            layout.sections[-1].subjects.append(iri)
    if len(layout.sections) > 1 and not layout.sections[-1].subjects:
        layout.trailing = layout.sections.pop().comment
    return layout


# --- writing ---------------------------------------------------------------------------------


class _Writer:
    """Writes triples as Turtle with the file's prefixes; blank nodes nested where possible."""

    def __init__(self, triples: Sequence[Any], prefixes: dict[str, str]):
        import pyoxigraph as ox

        self._ox = ox
        self.prefixes = prefixes
        self._namespaces = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.by_subject: dict[Any, list[tuple[Any, Any]]] = {}
        references: dict[Any, int] = {}
        for s, p, o in triples:
            self.by_subject.setdefault(s, []).append((p, o))
            if isinstance(o, ox.BlankNode):
                references[o] = references.get(o, 0) + 1
        self.references = references
        self.lists = self._find_lists()
        self.labels: dict[Any, str] = {}
        self._settle_blank_nodes()

    # which blank nodes nest, which are lists, which need a label
    def _find_lists(self) -> dict[Any, list[Any]]:
        ox = self._ox
        found: dict[Any, list[Any]] = {}
        for head in self.by_subject:
            if not isinstance(head, ox.BlankNode) or self.references.get(head) != 1:
                continue
            items, node, seen = [], head, set()
            while True:
                pairs = self.by_subject.get(node, [])
                firsts = [o for p, o in pairs if p.value == RDF_FIRST]
                rests = [o for p, o in pairs if p.value == RDF_REST]
                if len(pairs) != 2 or len(firsts) != 1 or len(rests) != 1 or node in seen:
                    break
                seen.add(node)
                items.append(firsts[0])
                rest = rests[0]
                if isinstance(rest, ox.NamedNode) and rest.value == RDF_NIL:
                    found[head] = items
                    break
                if not isinstance(rest, ox.BlankNode) or self.references.get(rest) != 1:
                    break
                node = rest
        inner = {n for head in found for n in self._list_nodes(head)} - set(found)
        for node in inner:
            found.pop(node, None)
        return found

    def _list_nodes(self, head: Any) -> list[Any]:
        nodes, node = [], head
        while not (isinstance(node, self._ox.NamedNode) and node.value == RDF_NIL):
            nodes.append(node)
            node = next(o for p, o in self.by_subject[node] if p.value == RDF_REST)
        return nodes

    def _settle_blank_nodes(self) -> None:
        """Label blank nodes that cannot be nested (shared, or only reachable through a cycle)."""
        ox = self._ox
        in_lists = {n for head in self.lists for n in self._list_nodes(head)[1:]}
        nestable = {b for b, count in self.references.items() if count == 1} - in_lists
        roots = [s for s in self.by_subject if not isinstance(s, ox.BlankNode) or s not in nestable]
        reached = self._reach(roots, nestable)
        leftovers = sorted((b for b in self.by_subject if isinstance(b, ox.BlankNode) and b not in reached and b not in in_lists), key=self._signature)
        while leftovers:
            nestable.discard(leftovers[0])
            reached |= self._reach([leftovers[0]], nestable)
            leftovers = [b for b in leftovers if b not in reached]
        self.nestable = nestable
        shared = [b for b in {*self.by_subject, *self.references} if isinstance(b, ox.BlankNode)]
        named = sorted((b for b in shared if b not in nestable and b not in in_lists and (b not in self.by_subject or self.references.get(b, 0) > 0)), key=self._signature)
        self.labels = {b: f"_:b{number}" for number, b in enumerate(named, start=1)}

    def _reach(self, roots: Iterable[Any], nestable: set[Any]) -> set[Any]:
        reached: set[Any] = set()
        stack = list(roots)
        while stack:
            node = stack.pop()
            for _p, o in self.by_subject.get(node, []):
                if o in self.lists:
                    for inner in self._list_nodes(o):
                        if inner not in reached:
                            reached.add(inner)
                            stack.append(inner)
                elif o in nestable and o not in reached:
                    reached.add(o)
                    stack.append(o)
        return reached

    def _signature(self, node: Any) -> str:
        return " ".join(sorted(f"{p} {o if not isinstance(o, self._ox.BlankNode) else '[]'}" for p, o in self.by_subject.get(node, [])))

    # terms
    def iri(self, value: str) -> str:
        for prefix, namespace in self._namespaces:
            if namespace and value.startswith(namespace) and _PN_LOCAL.match(value[len(namespace):]):
                return f"{prefix}:{value[len(namespace):]}"
        return f"<{value}>"

    def literal(self, term: Any) -> str:
        value, datatype = term.value, term.datatype.value
        if term.language:
            return f"{_quote(value)}@{term.language}"
        if datatype == XSD + "string":
            return _quote(value)
        if (datatype == XSD + "integer" and _INTEGER.match(value)) or (datatype == XSD + "decimal" and _DECIMAL.match(value)):
            return value
        if (datatype == XSD + "double" and _DOUBLE.match(value)) or (datatype == XSD + "boolean" and value in ("true", "false")):
            return value
        return f"{_quote(value)}^^{self.iri(datatype)}"

    def term(self, term: Any, indent: int) -> str:
        ox = self._ox
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Literal):
            return self.literal(term)
        if term in self.lists:
            return "( " + " ".join(self.term(item, indent) for item in self.lists[term]) + " )"
        if term in self.nestable and term in self.by_subject:
            body = self.predicate_objects(term, indent + 4)
            if "\n" not in body and len(body) <= 60:
                return f"[ {body} ]"
            return "[\n" + " " * (indent + 4) + body + "\n" + " " * indent + "]"
        if term in self.labels:
            return self.labels[term]
        return "[]"

    # blocks
    def predicate_key(self, predicate: str) -> tuple[int, int, str]:
        if predicate == RDF_TYPE:
            return (0, 0, "")
        if predicate in LABEL_PREDICATES:
            return (1, LABEL_PREDICATES.index(predicate), "")
        if predicate in DEFINITION_PREDICATES:
            return (2, DEFINITION_PREDICATES.index(predicate), "")
        return (3, 0, self.iri(predicate))

    def predicate_objects(self, subject: Any, indent: int) -> str:
        grouped: dict[str, list[Any]] = {}
        for p, o in self.by_subject.get(subject, []):
            grouped.setdefault(p.value, []).append(o)
        parts = []
        for predicate in sorted(grouped, key=self.predicate_key):
            verb = "a" if predicate == RDF_TYPE else self.iri(predicate)
            objects = sorted(self.term(o, indent) for o in grouped[predicate])
            one_line = f"{verb} {' , '.join(objects)}"
            if len(one_line) + indent <= LINE_WIDTH or len(objects) == 1:
                parts.append(one_line)
            else:
                parts.append(f"{verb} " + (" ,\n" + " " * (indent + 4)).join(objects))
        return (" ;\n" + " " * indent).join(parts)

    def block(self, subject: Any) -> str:
        ox = self._ox
        if isinstance(subject, ox.BlankNode) and subject not in self.labels:
            body = self.predicate_objects(subject, 4)
            return f"[ {body} ] ." if "\n" not in body else f"[\n    {body}\n] ."
        name = self.iri(subject.value) if isinstance(subject, ox.NamedNode) else self.labels[subject]
        return f"{name} {self.predicate_objects(subject, 4)} ."

    def document(self, layout: _Layout) -> str:
        ox = self._ox
        chunks: list[str] = []
        if layout.header:
            chunks.append("\n".join(layout.header))
        if self.prefixes:
            chunks.append("\n".join(f"@prefix {p}: <{ns}> ." for p, ns in sorted(self.prefixes.items())))
        placed: set[str] = set()
        iris = {s.value for s in self.by_subject if isinstance(s, ox.NamedNode)}
        sections = [_Section(list(s.comment), [i for i in s.subjects if i in iris]) for s in layout.sections]
        for section in sections:
            placed.update(section.subjects)
        sections[-1].subjects.extend(sorted(iris - placed))
        for section in sections:
            if section.comment:
                chunks.append("\n".join(section.comment))
            blocks: list[str] = []
            run = False
            for iri in sorted(section.subjects, key=self.iri):
                comment = layout.block_comments.get(iri, [])
                block = "\n".join([*comment, self.block(ox.NamedNode(iri))])
                # runs of one-line statements stay together, as declarations usually are written
                single = "\n" not in block
                if blocks and single and run:
                    blocks[-1] += "\n" + block
                else:
                    blocks.append(block)
                run = single
            chunks.extend(blocks)
        others = [
            s for s in self.by_subject
            if isinstance(s, ox.BlankNode) and (s in self.labels or self.references.get(s, 0) == 0)
        ]
        for block in sorted(self.block(s) for s in others):
            chunks.append(block)
        if layout.trailing:
            chunks.append("\n".join(layout.trailing))
        return "\n\n".join(chunks) + "\n" if chunks else ""


def _quote(value: str) -> str:
    if "\n" in value:
        body = value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
        return f'"""{body}"""'
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
