"""Turtle as text: one tokenizer, the canonical layout of ``zjkg fmt``, and the source map.

- :mod:`.lexer`: the one Turtle tokenizer (W3C RDF 1.1 Turtle terminals, positions kept).
- :mod:`.iri`: RFC 3986 resolution, and the reverse (an IRI written relative to a base).
- :mod:`.statements`: the top-level statements of a document, with their subjects resolved.
- :mod:`.sourcemap`: where each subject's block starts, so findings name ``file:line:column``.
- :mod:`.writer`: terms and blocks of the canonical layout (nesting, lists, blank node labels).
- :mod:`.fmt`: the canonical layout of a file: comments, sections, directives; ``zjkg fmt``.

The formatter and the source map both read through :mod:`.statements`, so they agree to the column.
"""
