"""Findings and how they are reported: one model, one writer per output format.

:mod:`.findings` holds the model (:class:`Finding`, :class:`Step`, :class:`Report`) that both
``zjkg validate`` and ``zjkg check`` produce; :mod:`.formats` is the table of writers:
:mod:`.text`, :mod:`.json`, :mod:`.shacl` (SHACL Turtle), :mod:`.junit`, :mod:`.sarif`,
:mod:`.github`. :mod:`.terms` holds the findings' terms (pyoxigraph's, so nothing here needs
rdflib but the SHACL Turtle writer) and prints terms and SHACL paths the same way in all of them.
"""

from __future__ import annotations

from .findings import INFO, VIOLATION, WARNING, Finding, Report, Step
from .formats import FORMAT_NAMES, REPORT_FORMATS, render

__all__ = ["FORMAT_NAMES", "INFO", "REPORT_FORMATS", "VIOLATION", "WARNING", "Finding", "Report", "Step", "render"]
