"""Findings and how they are reported: one model (:mod:`.findings`) that both ``zjkg validate``
and ``zjkg check`` produce, and one writer per output format (:mod:`.formats`)."""

from __future__ import annotations

from .findings import INFO, VIOLATION, WARNING, Finding, Report, Step
from .formats import FORMAT_NAMES, REPORT_FORMATS, render

__all__ = ["FORMAT_NAMES", "INFO", "REPORT_FORMATS", "VIOLATION", "WARNING", "Finding", "Report", "Step", "render"]
