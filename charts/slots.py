"""What a bar chart shows, before it is drawn: the bars kept (the first and last of a long list),
their value labels as the document prints them, which lag behind 序时进度, and the title's note.

Shared by the picture (bars.py) and the chart Word can edit (native.py), so that both show the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generators.numbers.wording import fixed, plain

GAP = "⋯"  # the label where the middle of a long list is left out


@dataclass
class Slots:
    """The bars actually shown: labels and values, None for a county that did not report and at the gap."""

    labels: list[str]
    values: list[float | None]
    texts: list[str]  # each value as printed ("" where there is none)
    gap_at: int | None  # index of the gap slot, if truncated
    suffix: str  # title suffix saying what was left out
    lagging: list[bool]  # on the wrong side of the line
    schedule: tuple[float, str] | None  # the line (序时进度, 年度任务): its value and how it is printed
    line: Line | None = None  # what the line is, in words

    @property
    def unreported(self) -> list[int]:
        return [i for i, v in enumerate(self.values) if v is None and i != self.gap_at]


@dataclass(frozen=True)
class Line:
    """What the dashed line over the bars is, and the legend of the bars on either side of it."""

    name: str  # 「序时进度」, beside the line with its value
    met: str  # 「达到序时进度」
    missed: str  # 「未达序时进度」


SCHEDULE_LINE = Line("序时进度", "达到序时进度", "未达序时进度")  # a period not yet at its end
TASK_LINE = Line("年度任务", "完成年度任务", "未完成年度任务")  # a finished year: 100% of the task


def number(value: float, decimals: int) -> str:
    """Half-up like the document text (Python's format rounds half to even)."""
    return fixed(Decimal(repr(value)), decimals)


def bar_slots(
    labels: list[str],
    values: list[float | None],
    *,
    decimals: int = 2,
    max_bars: int = 30,
    schedule_pct: float | None = None,
    higher_is_better: bool = True,
    line: Line = SCHEDULE_LINE,
) -> Slots:
    """The bars of `labels` × `values` as shown; with `schedule_pct` (the `line`), which ones lag behind it."""
    if len(labels) != len(values):
        raise ValueError(f"labels ({len(labels)}) and values ({len(values)}) differ in length")
    if not labels:
        raise ValueError("a chart needs at least one bar")
    if max_bars < 2:
        raise ValueError("max_bars must be at least 2")
    texts = ["" if v is None else number(v, decimals) for v in values]
    n = len(labels)
    keep, gap_at, suffix = list(range(n)), None, ""
    if n > max_bars:
        half = max_bars // 2
        keep = list(range(half)) + [-1] + list(range(n - half, n))
        gap_at, suffix = half, f"（共{n}个县区，显示前{half}名和后{half}名）"
    shown_values = [None if i < 0 else values[i] for i in keep]
    lagging = [False] * len(keep)
    schedule = None
    if schedule_pct is not None:
        lagging = [v is not None and (v < schedule_pct if higher_is_better else v > schedule_pct) for v in shown_values]
        schedule = (schedule_pct, plain(Decimal(repr(schedule_pct)), decimals) + "%")
    return Slots(
        [GAP if i < 0 else labels[i] for i in keep],
        shown_values,
        ["" if i < 0 else texts[i] for i in keep],
        gap_at,
        suffix,
        lagging,
        schedule,
        line if schedule is not None else None,
    )
