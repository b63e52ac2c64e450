"""The two ways a document's charts can be made: pictures (matplotlib PNG) or charts Word and WPS can
edit (DrawingML with an embedded workbook). A kind asks for a style and calls its functions; each
returns what the document shows (PNG bytes, or a charts.native.NativeChart)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .native import NativeChart

Drawn = bytes | NativeChart  # what a chart function returns: PNG bytes, or an editable chart

IMAGE, NATIVE = "image", "native"
STYLES = (IMAGE, NATIVE)


@dataclass(frozen=True)
class Style:
    ranking_chart: Callable
    progress_chart: Callable
    year_progress_chart: Callable


def style(name: str) -> Style:
    """The chart functions of `name` ("image" or "native"); module-level functions, so jobs pickle."""
    if name == NATIVE:
        from . import native

        return Style(native.ranking_chart, native.progress_chart, native.year_progress_chart)
    if name == IMAGE:
        from . import bars, lines

        return Style(bars.ranking_chart, bars.progress_chart, lines.year_progress_chart)
    raise ValueError(f"unknown chart style {name!r}")
