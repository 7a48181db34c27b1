"""Turtle as text: the one tokenizer (:mod:`.lexer`), the canonical layout of ``zjkg fmt``
(:mod:`.fmt`, :mod:`.writer`) and the source map (:mod:`.sourcemap`). The formatter and the source
map both read through :mod:`.statements`, so they agree to the column.
"""
