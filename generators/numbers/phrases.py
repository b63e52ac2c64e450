"""Phrases about an indicator's figures that more than one document writes (bulletin, letters, summary)."""

from __future__ import annotations

from decimal import Decimal

from generators.numbers import wording as w
from generators.numbers.figures import IndicatorFigures

MISSING = "未报"
TOP_N = 3  # 前三位 / 后三位


def compared_text(fig: IndicatorFigures, value: Decimal | None) -> str:
    """A county's compared figure in a table cell: 完成率 or rate as 「96.50%」, or an amount."""
    if value is None:
        return MISSING
    if fig.indicator.is_ratio or fig.uses_target:
        return w.percent_fixed(value)
    return w.quantity(value, fig.indicator.unit)


def against_schedule(compared: Decimal, schedule: Decimal, higher_is_better: bool) -> str:
    """「超序时进度3.2个百分点」「低于序时进度5个百分点」「与序时进度持平」, for higher- or lower-is-better."""
    diff = compared - schedule
    if w.half_up(abs(diff) * 100, 1) == 0:
        return "与序时进度持平"
    if (diff > 0) == higher_is_better:
        return ("超" if higher_is_better else "优于") + "序时进度" + w.points(diff)
    return ("低于" if higher_is_better else "高于") + "序时进度" + w.points(diff)
