"""Line charts: a year's monthly progress of several indicators against the 序时进度 line.

Same conventions as charts/bars.py: matplotlib's object API only (never pyplot), the text block's
width at print resolution, sizes in printed points, restrained colours that survive a black-and-white
printer (each series has its own marker and dash as well as its colour).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .bars import DPI, HEIGHT_MM, LABEL_PT, MM_PER_INCH, MUTED, NOTE_PT, SCHEDULE, TEXT, TITLE_PT, WIDTH_MM, to_png
from .fonts import chart_font

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLOURS = ["#5b7fa6", "#a65b5b", "#5ba67a", "#8a6fa6", "#a6925b", "#5ba0a6"]
MARKERS = ["o", "s", "^", "D", "v", "P"]
DASHES = ["-", (0, (5, 1.5)), (0, (1, 1.2)), (0, (4, 1.2, 1, 1.2)), "-", (0, (5, 1.5))]


def progress_lines_figure(
    months: list[int], series: dict[str, list[float | None]], *, title: str, schedule: list[float] | None = None
) -> Figure:
    """Each series (percent per month, None where a month is missing) as a line, 序时进度 dashed grey."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    family = chart_font().family
    fig = Figure(figsize=(WIDTH_MM / MM_PER_INCH, HEIGHT_MM / MM_PER_INCH), dpi=DPI)
    FigureCanvasAgg(fig)
    rows = (len(series) + (1 if schedule else 0) + 2) // 3
    bottom_mm = 9 + rows * NOTE_PT * 1.5 / (72 / MM_PER_INCH)
    fig.subplots_adjust(
        left=13 / WIDTH_MM, right=1 - 4 / WIDTH_MM, bottom=bottom_mm / HEIGHT_MM, top=1 - 10 / HEIGHT_MM
    )
    ax = fig.add_subplot()
    for i, (name, values) in enumerate(series.items()):
        ys = [math.nan if v is None else v for v in values]  # a month without its table is a gap in the line
        ax.plot(
            months,
            ys,
            label=name,
            color=COLOURS[i % len(COLOURS)],
            marker=MARKERS[i % len(MARKERS)],
            markersize=3,
            linestyle=DASHES[i % len(DASHES)],
            linewidth=1.1,
        )
    if schedule:
        ax.plot(months, schedule, label="序时进度", color=SCHEDULE, linestyle=(0, (4, 2)), linewidth=0.8)
    ax.set_xticks(months)
    ax.set_xticklabels([f"{m}月" for m in months], fontfamily=family, fontsize=LABEL_PT, color=TEXT)
    ax.set_xlim(min(months) - 0.4, max(months) + 0.4)
    ax.set_ylim(bottom=0)
    ax.tick_params(axis="x", length=0, pad=3)
    ax.tick_params(
        axis="y", labelsize=LABEL_PT, labelcolor=TEXT, labelfontfamily=family, length=2.5, width=0.6, color=MUTED
    )
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}%"))
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_linewidth(0.6)
        ax.spines[side].set_color(MUTED)
    fig.text(0.5, 1 - 2 / HEIGHT_MM, title, ha="center", va="top", fontfamily=family, fontsize=TITLE_PT, color=TEXT)
    fig.legend(
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        ncols=3,
        frameon=False,
        prop={"family": family, "size": NOTE_PT},
        labelcolor=TEXT,
        handlelength=2.4,
        columnspacing=1.6,
    )
    return fig


def progress_lines_chart(
    months: list[int], series: dict[str, list[float | None]], *, title: str, schedule: list[float] | None = None
) -> bytes:
    """PNG bytes of progress_lines_figure."""
    return to_png(progress_lines_figure(months, series, title=title, schedule=schedule))


def year_series(records: dict[int, dict[str, float]], months: int = 12):
    """{month: {series: percent}} as the chart's months, series (None in a month without the figure)
    and 序时进度 (month ÷ 12)."""
    names = list(dict.fromkeys(name for month in sorted(records) for name in records[month]))
    span = list(range(1, months + 1))
    series = {name: [records.get(m, {}).get(name) for m in span] for name in names}
    return span, series, [m / months * 100 for m in span]


def year_progress_chart(records: dict[int, dict[str, float]], *, title: str) -> bytes:
    """The year's line chart from {month: {series: percent}}."""
    months, series, schedule = year_series(records)
    return progress_lines_chart(months, series, title=title, schedule=schedule)
