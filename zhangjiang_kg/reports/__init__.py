"""Writing validation and check reports (being merged into one findings model)."""

from __future__ import annotations

from .shacl import REPORT_FORMATS, render_report

__all__ = ["REPORT_FORMATS", "render_report"]
