"""The ``zjkg`` command line: a thin layer over the library, one module per command family.

``main`` holds the group and the graph commands (validate, query, queries, export, stats),
``check`` the CI commands (check, fmt, diff), ``stores`` load and serve, ``docs`` docs and diagram,
``synth`` the scale generator, and ``options`` the options they share.
"""

from .main import cli

__all__ = ["cli"]
