"""The ``zjkg`` command line: a thin layer over the library, one module per command family.

``main`` holds the group (help, version, errors turned into one line and an exit code) and adds
the families: ``validate``; ``query`` (query, queries); ``export`` (export, stats); ``check`` (check,
fmt, diff); ``stores`` (load); ``serve`` (serve); ``docs`` (docs, diagram).
``options`` declares the options they share and opens the graph those options name.
"""

from .main import cli

__all__ = ["cli"]
