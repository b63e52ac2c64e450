"""Phrases about an indicator's figures that more than one document writes (bulletin, letters, summary)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from itertools import groupby
from typing import Any

from generators.numbers import wording as w
from generators.numbers.figures import IndicatorFigures
from generators.numbers.rounding import PRECISION, printed_percent
from generators.reading.workspace import Method

MISSING = "未报"
TOP_N = 3  # 前三位 / 后三位


def compared_text(fig: IndicatorFigures, value: Decimal | None) -> str:
    """A county's compared figure in a table cell: 完成率 or rate as 「96.50%」, or an amount."""
    if value is None:
        return MISSING
    if fig.in_percent:
        return w.percent_fixed(value, fig.places)
    return w.quantity(value, fig.indicator.unit, fig.indicator.places)


def against_schedule(
    compared: Decimal, schedule: Decimal, higher_is_better: bool, places: int = PRECISION["percent"]
) -> str:
    """「超序时进度3.20个百分点」「低于序时进度5.00个百分点」「与序时进度持平」, for higher- or lower-is-better.

    The difference is that of the printed percents (`compared` at its `places`, 序时进度 at the rule's), so it
    can be checked by subtraction on the page."""
    diff = (printed_percent(compared, places) - printed_percent(schedule)) / 100
    shown = max(places, PRECISION["percent"])
    if diff == 0:
        return "与序时进度持平"
    if (diff > 0) == higher_is_better:
        return ("超" if higher_is_better else "优于") + "序时进度" + w.points(diff, shown)
    return ("低于" if higher_is_better else "高于") + "序时进度" + w.points(diff, shown)


def ranked_names(items: list, value_of: Callable[[Any], str] | None = None) -> str:
    """Ranked items (with .county and .rank) named in order, ties named together:
    「神木市（98.45%）、榆阳区、府谷县（并列第2位，均为93.01%）」, or without values
    「米脂县、清涧县、佳县（并列第10位）」."""
    parts = []
    for rank, group in groupby(items, key=lambda r: r.rank):
        members = list(group)
        names = w.names([r.county for r in members])
        value = value_of(members[0]) if value_of else ""
        if len(members) == 1:
            parts.append(f"{names}（{value}）" if value else names)
        else:
            parts.append(f"{names}（并列第{rank}位" + (f"，均为{value}）" if value else "）"))
    return "、".join(parts)


def target_words(indicator) -> str:
    """What an amount's annual target is called: 「年度任务」 for an amount summed over the year (累计值),
    「目标」 for a stock at the month's end (时点值), a level to stand at rather than a quantity to add up."""
    return "目标" if indicator.method is Method.POINT else "年度任务"
