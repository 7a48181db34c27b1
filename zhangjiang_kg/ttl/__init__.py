"""Turtle as text: the canonical layout of ``zjkg fmt`` and the source map."""
