"""Rounding as Chinese statistics round: half-up on Decimal.

Python's round() rounds half to even (2.5 → 2), which no office table does.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def half_up(value: Decimal, places: int) -> Decimal:
    """`value` rounded half-up to `places` decimals: 2.675 → 2.68, 0.5 → 1 (places=0)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# How many decimals each kind of quantity is printed with, the one rule for every document and letter.
# Ranks, ties, the composite score's bounds and 「持平」 are all decided on values at these precisions,
# so a reader can verify every rank from the printed table (README 「数字怎么算」).
PRECISION = {
    "percent": 2,  # rates, 完成率, 序时进度, in percent: 「91.20%」
    "points": 2,  # differences of percents, the same decimals as the percents compared: 「5.00个百分点」
    "score": 2,  # 单项得分, 综合得分: 「88.51」
    "amount": 2,  # 万元 or 亿元, counts in 万: 「8765.40万元」 → written 「8765.4万元」
    "count": 0,  # 户, 人, 个
}


def places(given: int | None, kind: str) -> int:
    """An indicator's own 「小数位」 when it has one, else the rule's for its kind of quantity."""
    return PRECISION[kind] if given is None else given


def printed_percent(ratio: Decimal, places: int = PRECISION["percent"]) -> Decimal:
    """A fraction as the percent a document prints: 0.013649 → 1.36 (the value ranks and ties are decided on)."""
    return half_up(Decimal(ratio) * 100, places)
