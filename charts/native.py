"""Charts a clerk can edit: DrawingML chart parts (c:chartSpace) with their data in an embedded workbook.

The same charts as bars.py and lines.py draw as pictures — the bars in the same order and colours,
lagging ones hatched (a pattern fill) beside the 序时进度 line (a line series over the bars), the
values labelled as the document prints them, a county that did not report marked 未报, the monthly
lines with their markers and dashes — but Word and WPS open the data with 「编辑数据」, and LibreOffice
draws them from the values cached in the part. The XML is python-pptx's (the chartSpace is the same in
a .pptx and a .docx), the workbook XlsxWriter's through python-pptx's workbook writer; this module only
styles what they write. It knows nothing of Word: generators/word/chart_parts.py puts it in a .docx.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .bars import (
    BAR,
    HEIGHT_MM,
    LABEL_PT,
    LAGGING_FILL,
    LAGGING_HATCH,
    MUTED,
    NOTE_PT,
    SCHEDULE,
    TEXT,
    TITLE_PT,
    VALUE_PT,
    WIDTH_MM,
)
from .lines import COLOURS, year_series
from .slots import SCHEDULE_LINE, Line, Slots, bar_slots

if TYPE_CHECKING:
    from pptx.chart.chart import Chart

# The fonts the chart names: 黑体 is on every Chinese Windows and mapped by the PDF font map (to Noto Sans
# CJK SC) and by WPS; East Asian text takes the a:ea face, digits the a:latin one.
FONT = "黑体"
WORKBOOK_RID = "rId1"  # the chart part's relationship to its workbook: its first and only one
# The workbook's 创建时间: a fixed moment (a chart has no date of its own), so a rerun gives the same bytes.
WORKBOOK_CREATED = dt.datetime(1980, 1, 1)
UNREPORTED = "未报"
MARKERS = ["CIRCLE", "SQUARE", "TRIANGLE", "DIAMOND", "X", "PLUS"]  # lines.py's o s ^ D v P
DASHES = ["SOLID", "DASH", "ROUND_DOT", "DASH_DOT", "SOLID", "DASH"]  # and its dash patterns


@dataclass(frozen=True)
class NativeChart:
    """A chart part: `xml` (c:chartSpace, its data at relationship WORKBOOK_RID) and that `workbook`."""

    xml: bytes
    workbook: bytes
    width_mm: float = WIDTH_MM
    height_mm: float = HEIGHT_MM


def ranking_chart(
    labels: list[str], values: list[float], *, title: str, unit: str = "分", max_bars: int = 30, decimals: int = 2
) -> NativeChart:
    """The composite scores as bars, in the order given (rank 1 first), values on the bars."""
    slots = bar_slots(labels, list(values), decimals=decimals, max_bars=max_bars)
    return _bars(slots, title=title, decimals=decimals, name="综合得分", unit=unit, percent=False)


def progress_chart(
    labels: list[str],
    values_pct: list[float | None],
    *,
    title: str,
    schedule_pct: float | None = None,
    higher_is_better: bool = True,
    max_bars: int = 30,
    decimals: int = 2,
    line: Line = SCHEDULE_LINE,
) -> NativeChart:
    """Each county's percentage against the line (序时进度, 年度任务); lagging bars hatched grey, None marked 未报."""
    slots = bar_slots(
        labels,
        values_pct,
        decimals=decimals,
        max_bars=max_bars,
        schedule_pct=schedule_pct,
        higher_is_better=higher_is_better,
        line=line,
    )
    return _bars(slots, title=title, decimals=decimals, name="完成率", unit="", percent=True)


def year_progress_chart(records: dict[int, dict[str, float]], *, title: str) -> NativeChart:
    """The year's monthly progress of each series against 序时进度 (lines.year_progress_chart, editable)."""
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
    from pptx.enum.dml import MSO_LINE

    months, series, schedule = year_series(records)
    data = _data([f"{m}月" for m in months], "0.00")
    for name, values in series.items():
        data.add_series(name, [_rounded(v, 2) for v in values])
    data.add_series("序时进度", [_rounded(v, 2) for v in schedule])
    chart, space = _new(data, XL_CHART_TYPE.LINE_MARKERS)
    plot = chart.plots[0]
    for i, ser in enumerate(plot.series):
        last = i == len(plot.series) - 1
        line = ser.format.line
        line.color.rgb = _rgb(SCHEDULE if last else COLOURS[i % len(COLOURS)])
        line.width = _pt(0.8 if last else 1.1)
        line.dash_style = MSO_LINE.DASH if last else getattr(MSO_LINE, DASHES[i % len(DASHES)])
        ser.smooth = False
        if last:
            ser.marker.style = XL_MARKER_STYLE.NONE
        else:
            ser.marker.style = getattr(XL_MARKER_STYLE, MARKERS[i % len(MARKERS)])
            ser.marker.size = 4
            ser.marker.format.fill.solid()
            ser.marker.format.fill.fore_color.rgb = _rgb(COLOURS[i % len(COLOURS)])
            ser.marker.format.line.color.rgb = _rgb(COLOURS[i % len(COLOURS)])
    _axes(chart, percent=True, gridlines=True)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    _font(chart.legend.font, NOTE_PT)
    return _finish(chart, space, data, title)


def warm() -> None:
    """Import what these charts are written with, in a process about to fork chart helpers."""
    import pptx.chart.chart  # noqa: F401
    import pptx.chart.data  # noqa: F401
    import pptx.chart.xlsx  # noqa: F401
    import xlsxwriter  # noqa: F401


# ---------------------------------------------------------------- the bar charts


def _bars(slots: Slots, *, title: str, decimals: int, name: str, unit: str, percent: bool) -> NativeChart:
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION

    fmt = "0" + ("." + "0" * decimals if decimals else "")
    labels = [f"{label}（{UNREPORTED}）" if i in slots.unreported else label for i, label in enumerate(slots.labels)]
    data = _data(labels, fmt)
    values = [_rounded(v, decimals) for v in slots.values]
    split = any(slots.lagging)
    if split:  # two series side by side in one slot: the legend says which fill is which, as the picture's does
        assert slots.line is not None  # lagging bars are bars on the wrong side of a line
        data.add_series(slots.line.met, [None if lag else v for v, lag in zip(values, slots.lagging)])
        data.add_series(slots.line.missed, [v if lag else None for v, lag in zip(values, slots.lagging)])
    else:
        data.add_series(name, values)
    if slots.schedule and slots.line:
        data.add_series(slots.line.name, [_rounded(slots.schedule[0], decimals)] * len(labels))
    chart, space = _new(data, XL_CHART_TYPE.COLUMN_CLUSTERED)
    bars = chart.plots[0]
    bars.gap_width = 52  # bars two thirds of their slot, as drawn
    bars.overlap = 100 if split else 0
    for i, ser in enumerate(list(bars.series)):
        fill = ser.format.fill
        if split and i == 1:
            _hatch(fill)
            ser.format.line.color.rgb = _rgb(LAGGING_HATCH)
            ser.format.line.width = _pt(0.5)
        else:
            fill.solid()
            fill.fore_color.rgb = _rgb(BAR)
        ser.invert_if_negative = False
    bars.has_data_labels = True
    labels_ = bars.data_labels
    labels_.number_format, labels_.number_format_is_linked = fmt, False
    labels_.position = XL_LABEL_POSITION.OUTSIDE_END
    labels_.show_value = True
    _font(labels_.font, VALUE_PT)
    if slots.schedule:  # on a white ground, so the dashes never cross the digits
        _blank(labels_._element, after="c:numFmt")  # noqa: SLF001 - python-pptx gives data labels no fill
    if slots.schedule and slots.line:
        _schedule_line(chart, space, data, slots.schedule, slots.line.name)
    _axes(chart, percent=percent, gridlines=False, unit=unit)
    chart.has_legend = split
    if split:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        _font(chart.legend.font, NOTE_PT)
    return _finish(chart, space, data, title + slots.suffix)


def _schedule_line(chart: Chart, space, data, schedule: tuple[float, str], name: str) -> None:
    """The last series of `data` (序时进度) as a dashed line over the bars: python-pptx writes it as a line
    chart of its own, whose c:lineChart moves into the bar chart's plot area, on the bars' axes."""
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_MARKER_STYLE
    from pptx.enum.dml import MSO_LINE
    from pptx.oxml import parse_xml

    bar_chart = space.plotArea.xpath("c:barChart")[0]
    *_, line_ser = bar_chart.xpath("c:ser")
    bar_chart.remove(line_ser)
    line_chart = parse_xml(data.xml_bytes(XL_CHART_TYPE.LINE)).plotArea.xpath("c:lineChart")[0]
    for ser in line_chart.xpath("c:ser")[:-1]:
        line_chart.remove(ser)
    for own, bars in zip(line_chart.xpath("c:axId"), bar_chart.xpath("c:axId")):
        own.set("val", bars.get("val"))
    bar_chart.addnext(line_chart)
    ser = chart.plots[1].series[0]
    ser.smooth = False
    ser.marker.style = XL_MARKER_STYLE.NONE
    line = ser.format.line
    line.color.rgb, line.width, line.dash_style = _rgb(SCHEDULE), _pt(0.8), MSO_LINE.DASH
    # Its value once, at the right end, as the picture writes it beside the line.
    label = ser.points[len(data.categories) - 1].data_label
    label.position = XL_LABEL_POSITION.RIGHT
    label.has_text_frame = True
    label.text_frame.text = f"{name}{schedule[1]}"
    _font(label.font, NOTE_PT, SCHEDULE)
    for run in label.text_frame.paragraphs[0].runs:
        _font(run.font, NOTE_PT, SCHEDULE)


# ---------------------------------------------------------------- shared pieces


def _data(categories: list[str], number_format: str):
    """python-pptx's chart data, its workbook written with a fixed creation time."""
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xlsx import CategoryWorkbookWriter
    from pptx.util import lazyproperty
    from xlsxwriter import Workbook

    class DatedWriter(CategoryWorkbookWriter):
        @contextlib.contextmanager
        def _open_worksheet(self, xlsx_file):
            workbook = Workbook(xlsx_file, {"in_memory": True})
            workbook.set_properties({"created": WORKBOOK_CREATED})
            yield workbook, workbook.add_worksheet()
            workbook.close()

    class Data(CategoryChartData):
        @lazyproperty
        def _workbook_writer(self):
            return DatedWriter(self)

    data = Data(number_format=number_format)
    data.categories = categories
    return data


def _new(data, chart_type) -> tuple[Chart, object]:
    from pptx.chart.chart import Chart
    from pptx.oxml import parse_xml

    space = parse_xml(data.xml_bytes(chart_type))
    return Chart(space, None), space


def _axes(chart: Chart, *, percent: bool, gridlines: bool, unit: str = "") -> None:
    from pptx.enum.chart import XL_TICK_LABEL_POSITION, XL_TICK_MARK

    category, value = chart.category_axis, chart.value_axis
    category.major_tick_mark = XL_TICK_MARK.NONE
    category.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # below the bars, negative ones too
    category.format.line.color.rgb, category.format.line.width = _rgb(MUTED), _pt(0.6)
    _font(category.tick_labels.font, LABEL_PT)
    value.major_tick_mark = XL_TICK_MARK.OUTSIDE
    value.has_major_gridlines = gridlines
    if gridlines:
        value.major_gridlines.format.line.color.rgb = _rgb("#e6e6e6")
        value.major_gridlines.format.line.width = _pt(0.5)
    value.format.line.color.rgb, value.format.line.width = _rgb(MUTED), _pt(0.6)
    value.tick_labels.number_format = '0"%"' if percent else "0"
    value.tick_labels.number_format_is_linked = False
    _font(value.tick_labels.font, LABEL_PT)
    if unit:
        value.has_title = True
        value.axis_title.text_frame.text = f"单位：{unit}"
        for run in value.axis_title.text_frame.paragraphs[0].runs:
            _font(run.font, NOTE_PT, MUTED)


def _finish(chart: Chart, space, data, title: str) -> NativeChart:
    from pptx.oxml.ns import qn

    chart.has_title = True
    chart.chart_title.text_frame.text = title
    for paragraph in chart.chart_title.text_frame.paragraphs:
        for run in paragraph.runs:
            _font(run.font, TITLE_PT)
    _font(chart.font, LABEL_PT)
    _blank(space, after="c:chart")  # white, no frame: the picture has none either
    # python-pptx's axis ids are negative numbers, which the schema (an unsigned int) refuses: number them.
    ids: dict[str, str] = {}
    for element in space.xpath(".//c:axId | .//c:crossAx"):
        element.set("val", ids.setdefault(element.get("val"), str(len(ids) + 1)))
    space.get_or_add_externalData().set(qn("r:id"), WORKBOOK_RID)
    from lxml import etree

    return NativeChart(etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True), data.xlsx_blob)


def _font(font, size_pt: float, colour: str = TEXT) -> None:
    """Size, colour, and the face for both Latin and East Asian text (python-pptx names only the Latin one)."""
    from pptx.oxml.xmlchemy import OxmlElement

    font.size = _pt(size_pt)
    font.bold = False
    font.color.rgb = _rgb(colour)
    font.name = FONT
    rpr = font._rPr  # noqa: SLF001 - python-pptx's run properties: it has no East Asian typeface of its own
    ea = rpr.find(OxmlElement("a:ea").tag)
    if ea is None:
        ea = OxmlElement("a:ea")
        rpr.get_or_add_latin().addnext(ea)
    ea.set("typeface", FONT)


def _blank(parent, *, after: str) -> None:
    """Give `parent` (an element python-pptx offers no format for) a white fill and no outline, in a
    c:spPr placed after its `after` child as the schema orders them."""
    from pptx.dml.fill import FillFormat
    from pptx.dml.line import LineFormat
    from pptx.oxml.ns import qn
    from pptx.oxml.xmlchemy import OxmlElement

    sp_pr = OxmlElement("c:spPr")
    parent.find(qn(after)).addnext(sp_pr)
    fill = FillFormat.from_fill_parent(sp_pr)
    fill.solid()
    fill.fore_color.rgb = _rgb("#ffffff")
    LineFormat(sp_pr).fill.background()


def _hatch(fill) -> None:
    from pptx.enum.dml import MSO_PATTERN

    fill.patterned()
    fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
    fill.fore_color.rgb = _rgb(LAGGING_HATCH)
    fill.back_color.rgb = _rgb(LAGGING_FILL)


def _rounded(value: float | None, decimals: int) -> float | None:
    """The value as the document prints it (half-up), so labels and workbook hold the printed figure."""
    from .slots import number

    return None if value is None else float(number(value, decimals))


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#"))


def _pt(points: float):
    from pptx.util import Pt

    return Pt(points)
