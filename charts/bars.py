"""Bar charts for the bulletin: composite ranking and progress against 序时进度.

Drawn with matplotlib's object API (Figure + FigureCanvasAgg), never pyplot: no global
state, so charts can be drawn from threads or worker processes. Margins are worked out in
millimetres from the labels instead of by tight/constrained layout, which keeps each chart
to one draw and its size exact (156 mm wide, the GB/T 9704 text block, at 300 dpi).

Longer than 400 lines: both bar charts share the slot layout, labels and hatching, which split apart would be passed around as state.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from .fonts import chart_font
from .slots import SCHEDULE_LINE, Line, Slots, bar_slots

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH
DPI = 300
# Drawn at the size it is printed: the width of the GB/T 9704 text block (a test keeps the two equal;
# charts know nothing of Word, so the number is not imported from the document layer).
WIDTH_MM = 156
HEIGHT_MM = 80

# Sizes in points: the picture is placed at 100 % in the document, so these are printed sizes.
TITLE_PT = 10.5  # 五号
LABEL_PT = 8
VALUE_PT = 7
NOTE_PT = 7.5

# Restrained colours: one muted blue, greys; lagging bars are hatched so the difference
# survives a black-and-white printer.
BAR = "#5b7fa6"
LAGGING_FILL = "#d9d9d9"
LAGGING_HATCH = "#404040"
TEXT = "#262626"
MUTED = "#7f7f7f"
SCHEDULE = "#404040"
LABEL_GID = "county"  # the county names under the bars (texts, not ticks)

CUT = "…"  # ends a label cut short (in every CJK font; the vertical ⋮ is not)
# A county label takes at most this much of the chart's height; a longer name (a data error, or
# 「双江拉祜族佤族布朗族傣族自治县」 under thirty bars) is cut short rather than squeezing the bars away.
LABEL_MAX_MM = 24


def _text_width_pt(text: str, size: float) -> float:
    """Rough advance width: CJK glyphs are 1 em, digits and Latin about 0.55 em."""
    return sum(size if ord(ch) > 0x2E80 else 0.55 * size for ch in text)


def _is_cjk(text: str) -> bool:
    return any(ord(ch) > 0x2E80 for ch in text)


def _fit(text: str, slot_pt: float, size: float) -> tuple[str, int, float]:
    """Text, rotation and height (pt) for a label in a slot `slot_pt` wide.

    If it does not fit across, Chinese is stacked one character per line (read top to
    bottom, the way vertical Chinese is read); numbers are turned 90°.
    """
    width = _text_width_pt(text, size)
    if width <= slot_pt * 0.92 or len(text) <= 1:
        return text, 0, size * 1.25
    room = LABEL_MAX_MM * PT_PER_MM
    if _is_cjk(text):
        lines = _stack(text[: int(room)], slot_pt * 0.92, size)  # a line is at least 1 pt: cut long input early
        most = max(int(room // (size * 1.2)), 2)
        if len(lines) > most:
            lines = lines[: most - 1] + [CUT]
        return "\n".join(lines), 0, size * 1.2 * len(lines)
    if width > room:
        while text and _text_width_pt(text + CUT, size) > room:
            text = text[: min(len(text) - 1, int(room))]
        text += CUT
        width = _text_width_pt(text, size)
    return text, 90, width


def _stack(text: str, slot_pt: float, size: float) -> list[str]:
    """One CJK character per line; a run of digits/Latin stays on one line if it fits."""
    lines: list[str] = []
    for ch in text:
        if lines and not _is_cjk(ch) and not _is_cjk(lines[-1]) and _text_width_pt(lines[-1] + ch, size) <= slot_pt:
            lines[-1] += ch
        else:
            lines.append(ch)
    return lines


def _title(title: str, suffix: str) -> str:
    # About 42 five-size characters fit across 156 mm; put a long suffix on its own line.
    if suffix and _text_width_pt(title + suffix, TITLE_PT) > (WIDTH_MM - 8) * PT_PER_MM:
        return f"{title}\n{suffix}"
    return title + suffix


def _draw(
    slots: Slots,
    *,
    title: str,
    unit: str,
    percent_axis: bool,
    legend: tuple[str, str] | None,
) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MaxNLocator
    from matplotlib.transforms import offset_copy

    family = chart_font().family
    n = len(slots.labels)
    lagging, schedule = slots.lagging, slots.schedule

    # Margins in mm, from what has to fit in them.
    full_title = _title(title, slots.suffix)
    title_mm = (full_title.count("\n") + 1) * TITLE_PT * 1.3 / PT_PER_MM + 3
    left_mm = 13
    right_mm = 14 if schedule else 3
    plot_w_pt = (WIDTH_MM - left_mm - right_mm) * PT_PER_MM
    slot_pt = plot_w_pt / max(n, 1)
    ticks = [_fit(label, slot_pt, LABEL_PT) for label in slots.labels]
    bottom_mm = max(h for _, _, h in ticks) / PT_PER_MM + 3
    if legend:
        bottom_mm += NOTE_PT * 1.6 / PT_PER_MM
    top_mm = title_mm + 2
    plot_h_pt = (HEIGHT_MM - top_mm - bottom_mm) * PT_PER_MM

    fig = Figure(figsize=(WIDTH_MM / MM_PER_INCH, HEIGHT_MM / MM_PER_INCH), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(
        left=left_mm / WIDTH_MM,
        right=1 - right_mm / WIDTH_MM,
        bottom=bottom_mm / HEIGHT_MM,
        top=1 - top_mm / HEIGHT_MM,
    )
    ax = fig.add_subplot()

    xs = list(range(n))
    present = [(x, v) for x, v in zip(xs, slots.values) if v is not None]
    values = [v for _, v in present]
    labels_fit = [_fit(t, slot_pt, VALUE_PT) if t else ("", 0, 0.0) for t in slots.texts]

    # Value range, with headroom above (and below, for negatives) for the value labels.
    hi = max(values + [0.0] + ([schedule[0]] if schedule else []))
    lo = min(values + [0.0])
    label_pt = max((h for _, _, h in labels_fit), default=0.0) + 2
    span = (hi - lo) or 1.0
    frac = min(label_pt / plot_h_pt, 0.45)
    top = hi + span * frac / (1 - frac) if hi > 0 else 0.0
    bottom = lo - span * frac / (1 - frac) if lo < 0 else 0.0
    if top == bottom:
        top = 1.0
    ax.set_ylim(bottom, top)
    ax.set_xlim(-0.6, n - 0.4)

    on_track = [(x, v) for x, v in present if not lagging[x]]
    behind = [(x, v) for x, v in present if lagging[x]]
    if on_track:
        ax.bar([x for x, _ in on_track], [v for _, v in on_track], width=0.66, color=BAR, linewidth=0)
    if behind:
        ax.bar(
            [x for x, _ in behind],
            [v for _, v in behind],
            width=0.66,
            color=LAGGING_FILL,
            edgecolor=LAGGING_HATCH,
            hatch="////",
            linewidth=0.5,
        )

    pad = (top - bottom) * 1.5 / plot_h_pt  # 1.5 pt in data units
    for x, v in present:
        text, rot, _ = labels_fit[x]
        up = v >= 0
        # Above the schedule line (zorder) on a white ground, so the dashes never cross the digits.
        ax.text(
            x,
            v + (pad if up else -pad),
            text,
            rotation=rot,
            ha="center",
            va="bottom" if up else "top",
            fontfamily=family,
            fontsize=VALUE_PT,
            color=TEXT,
            linespacing=1.0,
            zorder=4,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0} if schedule else None,
        )

    # Counties that did not report: a gap marked 未报 instead of a zero-height bar.
    for x in slots.unreported:
        text, rot, _ = _fit("未报", slot_pt, VALUE_PT)
        ax.text(
            x,
            max(bottom, 0) + pad,
            text,
            rotation=rot,
            ha="center",
            va="bottom",
            fontfamily=family,
            fontsize=VALUE_PT,
            color=MUTED,
            linespacing=1.0,
        )

    if schedule:
        value, label = schedule
        ax.axhline(value, color=SCHEDULE, linestyle=(0, (4, 2)), linewidth=0.8, zorder=3)
        ax.annotate(
            f"{slots.line.name if slots.line else ''}\n{label}",
            xy=(1, value),
            xycoords=("axes fraction", "data"),
            xytext=(3, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontfamily=family,
            fontsize=NOTE_PT,
            color=SCHEDULE,
            linespacing=1.1,
            annotation_clip=False,
        )

    # County names as plain texts under the axis (3 pt below it), not as ticks: a tick is four artists
    # and a third of a chart's building time, and these have no tick marks anyway.
    ax.set_xticks([])
    below = offset_copy(ax.get_xaxis_transform(), fig=fig, y=-3, units="points")
    for x, (text, rot, _) in zip(xs, ticks):
        ax.text(
            x,
            0,
            text,
            transform=below,
            rotation=rot,
            ha="center",
            va="top",
            fontfamily=family,
            fontsize=LABEL_PT,
            color=TEXT,
            linespacing=1.0,
            gid=LABEL_GID,
            clip_on=False,
        )
    ax.tick_params(
        axis="y", labelsize=LABEL_PT, labelcolor=TEXT, labelfontfamily=family, length=2.5, width=0.6, color=MUTED
    )
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(FuncFormatter((lambda y, _: f"{y:g}%") if percent_axis else (lambda y, _: f"{y:g}")))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_linewidth(0.6)
        ax.spines[side].set_color(MUTED)
    if lo < 0:
        ax.axhline(0, color=MUTED, linewidth=0.6)

    fig.text(
        0.5,
        1 - 2 / HEIGHT_MM,
        full_title,
        ha="center",
        va="top",
        fontfamily=family,
        fontsize=TITLE_PT,
        color=TEXT,
        linespacing=1.3,
    )
    if unit:
        fig.text(
            left_mm / WIDTH_MM,
            1 - (top_mm - 1) / HEIGHT_MM,
            f"单位：{unit}",
            ha="right",
            va="bottom",
            fontfamily=family,
            fontsize=NOTE_PT,
            color=MUTED,
        )
    if legend:
        ok_label, behind_label = legend
        fig.legend(
            handles=[
                Patch(facecolor=BAR, label=ok_label),
                Patch(facecolor=LAGGING_FILL, edgecolor=LAGGING_HATCH, hatch="////", linewidth=0.5, label=behind_label),
            ],
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            ncols=2,
            frameon=False,
            prop={"family": family, "size": NOTE_PT},
            labelcolor=TEXT,
            handlelength=1.6,
            handleheight=0.9,
            borderaxespad=0.2,
            columnspacing=2.0,
        )

    return fig


def to_png(fig: Figure) -> bytes:
    """PNG bytes at print resolution; the size is the figure's, never cropped, so it stays 156 mm.

    These charts use a few hundred colours at most (a handful of inks and their anti-aliased edges on
    white), so the image is written as a palette PNG: one byte a pixel instead of four, the same pixels
    exactly, a third of the file and of the encoding time. A chart with more colours is written as RGB.
    """
    import numpy as np
    from PIL import Image

    fig.canvas.draw()
    rgba = fig.canvas.buffer_rgba()  # type: ignore[attr-defined]  # FigureCanvasAgg's
    height, width = rgba.shape[:2]
    image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1)
    colours: list[tuple[int, tuple[int, int, int, int]]] | None = image.getcolors(256)  # type: ignore[assignment]
    buf = io.BytesIO()
    if colours is None or any(alpha != 255 for _, (*_, alpha) in colours):
        image.convert("RGB").save(buf, format="png", dpi=(DPI, DPI), compress_level=6)
        return buf.getvalue()
    # Each pixel's index in the palette, looked up by its 24-bit colour (a table of 16 Mi bytes, of which
    # only the palette's pages are ever touched).
    pixels = np.frombuffer(rgba, dtype=np.uint32).reshape(-1) & np.uint32(0xFFFFFF)
    keys = np.array(sorted(r | g << 8 | b << 16 for _, (r, g, b, _) in colours), dtype=np.uint32)
    lookup = np.zeros(1 << 24, dtype=np.uint8)
    lookup[keys] = np.arange(len(keys), dtype=np.uint8)
    indexed = Image.frombuffer("P", (width, height), lookup[pixels].tobytes(), "raw", "P", 0, 1)
    indexed.putpalette(b"".join(int(k).to_bytes(3, "little") for k in keys))
    indexed.save(buf, format="png", dpi=(DPI, DPI), compress_level=6)
    return buf.getvalue()


def ranking_chart(
    labels: list[str],
    values: list[float],
    *,
    title: str,
    unit: str = "分",
    max_bars: int = 30,
    decimals: int = 2,
) -> bytes:
    """PNG of the composite scores as bars, in the order given (rank 1 first), values on the bars."""
    return to_png(ranking_figure(labels, values, title=title, unit=unit, max_bars=max_bars, decimals=decimals))


def ranking_figure(
    labels: list[str],
    values: list[float],
    *,
    title: str,
    unit: str = "分",
    max_bars: int = 30,
    decimals: int = 2,
) -> Figure:
    """The Figure behind ranking_chart (for tests, or another output format)."""
    slots = bar_slots(labels, list(values), decimals=decimals, max_bars=max_bars)
    return _draw(slots, title=title, unit=unit, percent_axis=False, legend=None)


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
) -> bytes:
    """PNG of each county's percentage, in the order given, against the 序时进度 line.

    Values are percents (91.67, not 0.9167). Bars on the wrong side of the schedule line
    (below it, or above it when lower is better) are hatched grey; None is a gap marked 未报.
    """
    return to_png(
        progress_figure(
            labels,
            values_pct,
            title=title,
            schedule_pct=schedule_pct,
            higher_is_better=higher_is_better,
            max_bars=max_bars,
            decimals=decimals,
            line=line,
        )
    )


def progress_figure(
    labels: list[str],
    values_pct: list[float | None],
    *,
    title: str,
    schedule_pct: float | None = None,
    higher_is_better: bool = True,
    max_bars: int = 30,
    decimals: int = 2,
    line: Line = SCHEDULE_LINE,
) -> Figure:
    """The Figure behind progress_chart (for tests, or another output format)."""
    slots = bar_slots(
        labels,
        values_pct,
        decimals=decimals,
        max_bars=max_bars,
        schedule_pct=schedule_pct,
        higher_is_better=higher_is_better,
        line=line,
    )
    legend = (line.met, line.missed) if any(slots.lagging) else None
    return _draw(slots, title=title, unit="", percent_axis=True, legend=legend)
