"""Numbers, dates and ordinals as official documents write them.

All rounding is half-up on Decimal (Python's round() rounds half to even, which is wrong here).
Ratios arrive as fractions (0.9167) and leave as percents (「91.67%」).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from generators.numbers.rounding import PRECISION, half_up, printed_percent

HUNDRED = Decimal(100)
WAN = Decimal(10_000)
YI_IN_WAN = Decimal(10_000)  # 1亿 = 10000万
BIG_COUNT = Decimal(100_000)  # from here counts read better in 万: 「86.29万人」


def plain(value: Decimal, places: int = 2) -> str:
    """Half-up to `places` decimals, trailing zeros dropped: 107.00 → 「107」, 103.80 → 「103.8」."""
    s = f"{half_up(value, places):f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def fixed(value: Decimal, places: int = 2) -> str:
    """Half-up to exactly `places` decimals, for table columns that line up: 「91.67」."""
    return f"{half_up(value, places):f}"


def percent(ratio: Decimal, places: int = PRECISION["percent"]) -> str:
    """A fraction as a percent, always with the same decimals so a rate reads alike everywhere: 0.912 → 「91.20%」."""
    return fixed(ratio * HUNDRED, places) + "%"


def percent_fixed(ratio: Decimal, places: int = PRECISION["percent"]) -> str:
    """A fraction as a percent in a table: 0.9 → 「90.00%」 (the same as `percent`)."""
    return fixed(ratio * HUNDRED, places) + "%"


def points(diff: Decimal, places: int = PRECISION["points"]) -> str:
    """A difference of two fractions in percentage points, unsigned: 0.054 → 「5.40个百分点」."""
    return fixed(abs(diff) * HUNDRED, places) + "个百分点"


def change_in_points(diff: Decimal, up: str = "提高", down: str = "下降", places: int = PRECISION["points"]) -> str:
    """「提高5.40个百分点」, 「下降0.30个百分点」, or 「持平」 when it rounds to nothing.

    Pass the difference of the printed values (`printed_difference`) so that 「持平」 means the two
    printed values are equal; `change_between` does both."""
    if half_up(abs(diff) * HUNDRED, places) == 0:
        return "持平"
    return (up if diff > 0 else down) + points(diff, places)


def printed_difference(new: Decimal, old: Decimal, places: int = PRECISION["percent"]) -> Decimal:
    """new − old as fractions, each first rounded as printed: 1.0549% − 1.0250% → 0.0002 (1.05% − 1.03%)."""
    return (printed_percent(new, places) - printed_percent(old, places)) / HUNDRED


def change_between(
    new: Decimal, old: Decimal, up: str = "提高", down: str = "下降", places: int = PRECISION["percent"]
) -> str:
    """The change between two printed rates: 1.05% → 1.03% is 「下降0.02个百分点」, 「持平」 only when equal
    (`places`: the rates' decimals; the points are printed with as many)."""
    return change_in_points(printed_difference(new, old, places), up, down, places)


def amount(wan: Decimal, places: int = PRECISION["amount"]) -> str:
    """An amount given in 万元: 「11.36亿元」 from 10000万 up, else 「8765.4万元」."""
    if abs(wan) >= YI_IN_WAN:
        return plain(wan / YI_IN_WAN, places) + "亿元"
    return plain(wan, places) + "万元"


def count(value: Decimal, unit: str, places: int = PRECISION["amount"]) -> str:
    """A count of 户/人/个: 「5269人」, and 「86.29万人」 from 100000 up (`places`: the decimals in 万)."""
    if abs(value) >= BIG_COUNT:
        return plain(value / WAN, places) + "万" + unit
    return plain(value, PRECISION["count"]) + unit


def quantity(value: Decimal, unit: str, places: int | None = None) -> str:
    """A value in its indicator's unit, worded the way documents write that unit (`places`: its 小数位)."""
    if unit == "万元":
        return amount(value, PRECISION["amount"] if places is None else places)
    if unit == "%":
        return percent(value, PRECISION["percent"] if places is None else places)
    return count(value, unit, PRECISION["amount"] if places is None else places)


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 27 → 二十七, 100 → 一百 (ordinals of headings and items)."""
    if n < 0 or n > 999:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = (
        ""
        if rest == 0
        else (
            "零" + _DIGITS[rest] if rest < 10 else ("一" + chinese_number(rest) if rest < 20 else chinese_number(rest))
        )
    )
    return _DIGITS[n // 100] + "百" + tail


def level1(n: int) -> str:
    return chinese_number(n) + "、"


def level2(n: int) -> str:
    return "（" + chinese_number(n) + "）"


def date(day: dt.date) -> str:
    """成文日期 style: 「2022年12月5日」, full year, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def names(items: list[str]) -> str:
    """County names listed as documents list them: 「佳县、吴堡县、清涧县」."""
    return "、".join(items)


COUNTY_KINDS = "县市区旗"  # in the order documents name them: 各县（市、区）


def county_kind(county: str) -> str:
    """「县」「区」「市」「旗」: what a county is called by its last character (你区, 本区); 县 when unclear."""
    return county[-1] if county[-1] in COUNTY_KINDS else "县"


def all_counties(counties: list[str]) -> str:
    """「各县（市、区）」 as the roster has them: 「各县（区）」 for 县 and 区 only, 「各区」 for 区 only."""
    kinds = [k for k in COUNTY_KINDS if any(county_kind(c) == k for c in counties)] or ["县"]
    return "各" + kinds[0] + (f"（{'、'.join(kinds[1:])}）" if kinds[1:] else "")


def rank_change(previous: int | None, current: int, compared_name: str) -> str:
    """Rank movement for the ranking table: 「↑2」, 「↓1」, 「持平」; 「上月无排名」 (the compared period's name)
    for a county that had no rank then."""
    if previous is None:
        return f"{compared_name}无排名"
    if previous == current:
        return "持平"
    return f"↑{previous - current}" if previous > current else f"↓{current - previous}"


def doc_number(prefix: str, year: int, serial: int) -> str:
    """发文字号: 「榆巩衔办发〔2022〕12号」, hexagonal brackets, no leading zero."""
    return f"{prefix}〔{year}〕{int(serial)}号"
