"""The ``zjkg`` command line: a thin layer over the library, one module per command family.

``main`` holds the group and names each command's module; ``options`` declares the shared options.
"""

from .main import cli

__all__ = ["cli"]
