"""An RDF/XML writer that is exact or refuses: no silent loss, no output that is not well-formed.

Oxigraph's and rdflib's writers put control characters XML 1.0 cannot hold into the file, write a
carriage return every XML reader turns into a line feed, and (Oxigraph) invent an empty element
name for a predicate ending in ``/``; here each is escaped (``&#13;``) or refused, naming the term.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pyoxigraph as ox

from ..errors import InputError
from ..vocab import RDF, XSD_STRING

# Characters XML 1.0 documents cannot contain, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NAME_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_LOCAL_NAME = re.compile(f"[{_NAME_START}][{_NAME_START}\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040]*$")


def _check(text: str, what: str) -> str:
    bad = _NOT_XML.search(text)
    if bad is not None:
        raise InputError(
            f"cannot write RDF/XML: {what} holds U+{ord(bad.group()):04X}, "
            "which XML 1.0 cannot represent; use another format"
        )
    return text


def _text(value: str, what: str) -> str:
    _check(value, what)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attribute(value: str, what: str) -> str:
    return _text(value, what).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")


def _split(predicate: str) -> tuple[str, str]:
    """Namespace and local name of a predicate, the local name the longest valid XML name."""
    found = _LOCAL_NAME.search(predicate)  # the leftmost start gives the longest name
    if found is None or found.start() == 0:
        raise InputError(
            f"cannot write RDF/XML: the predicate <{predicate}> does not end in an XML name; use another format"
        )
    return predicate[: found.start()], predicate[found.start() :]


def serialize(quads: Sequence[ox.Quad], prefixes: Mapping[str, str]) -> bytes:
    """RDF/XML of sorted triples: one ``rdf:Description`` per subject, namespaces declared at the top."""
    namespaces = {namespace: prefix for prefix, namespace in prefixes.items()}
    namespaces[RDF] = "rdf"
    used: dict[str, str] = {}
    body: list[str] = []
    subject: Any = None
    for quad in quads:
        if quad.subject != subject:
            if subject is not None:
                body.append("  </rdf:Description>")
            subject = quad.subject
            body.append(f"  <rdf:Description {_node('about', subject)}>")
        namespace, local = _split(quad.predicate.value)
        _check(quad.predicate.value, f"the predicate <{quad.predicate.value}>")
        prefix = namespaces.get(namespace)
        if prefix is None:
            prefix = namespaces[namespace] = f"ns{sum(1 for p in namespaces.values() if p.startswith('ns')) + 1}"
        used[prefix] = namespace
        element = f"{prefix}:{local}"
        obj = quad.object
        if isinstance(obj, ox.Literal):
            attributes = ""
            if obj.language:
                attributes = f' xml:lang="{_attribute(obj.language, "a language tag")}"'
            elif obj.datatype.value != XSD_STRING:
                attributes = f' rdf:datatype="{_attribute(obj.datatype.value, "a datatype IRI")}"'
            body.append(f"    <{element}{attributes}>{_text(obj.value, 'a literal')}</{element}>")
        else:
            body.append(f"    <{element} {_node('resource', obj)}/>")
    if subject is not None:
        body.append("  </rdf:Description>")
    used["rdf"] = RDF
    declarations = "".join(f'\n    xmlns:{p}="{_attribute(ns, "a namespace")}"' for p, ns in sorted(used.items()))
    head = f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{declarations}>'
    return "\n".join([head, *body, "</rdf:RDF>", ""]).encode("utf-8")


def _node(attribute: str, term: Any) -> str:
    if isinstance(term, ox.BlankNode):
        return f'rdf:nodeID="{term.value}"'
    return f'rdf:{attribute}="{_attribute(term.value, f"the IRI <{term.value}>")}"'
