"""A year's figures for the annual summary: year-level totals, weighted per-capita figures, rates of sums,
pairs (户 with 人), year-on-year change and each county's completion of its annual target.

Decimal throughout; wording only through generators.numbers.wording.
人均 = Σ(value × population) ÷ Σ population; 比率 = Σ numerator ÷ Σ denominator (never a mean of rates).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generators.numbers import wording as w
from generators.numbers.figures import IndicatorFigures
from generators.reading.yearly import YearIndicator, YearTable

GROWTH_PLACES = 1  # 「增幅为16.3%」; every other percent (完成率, rates, shares) as wording.percent prints it


@dataclass
class YearFigure:
    """One year-level figure for the city (and its second quantity when it is a pair)."""

    indicator: YearIndicator
    value: Decimal | None
    pair_value: Decimal | None = None


def _sum(values) -> Decimal | None:
    present: list[Decimal] = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _pairs(table: YearTable, column: str, weight: str) -> list[tuple[Decimal, Decimal]]:
    """(value, weight) of each county that gave both, the weight above zero."""
    out = []
    for row in table.values.values():
        value, by = row.get(column), row.get(weight)
        if value is not None and by:
            out.append((value, by))
    return out


def year_figure(ind: YearIndicator, table: YearTable) -> YearFigure:
    value: Decimal | None
    if ind.method in ("人均", "比率") and ind.weight:
        pairs = _pairs(table, ind.column, ind.weight)
        den = sum((p for _, p in pairs), Decimal(0))
        if ind.method == "人均":  # Σ(value × population) ÷ Σpopulation
            value = sum((v * p for v, p in pairs), Decimal(0)) / den if den else None
        else:  # Σnumerator ÷ Σdenominator
            value = sum((v for v, _ in pairs), Decimal(0)) / den if den else None
    else:
        value = _sum(r.get(ind.column) for r in table.values.values())
    pair = _sum(r.get(ind.pair) for r in table.values.values()) if ind.pair else None
    return YearFigure(ind, value, pair)


def amount(value: Decimal, unit: str, like: Decimal | None = None) -> str:
    """A figure in its unit as a clerk writes it: 「11.36亿元」「86.29万人」「5269人」「71.6%」「14523元」.

    `like`: write the value at the scale of that one (a change said in 万人 when the total is), so one
    kind of quantity keeps one precision within a sentence.
    """
    if unit == "元":
        return w.plain(value, 0) + "元"
    if unit == "%":
        return w.percent(value)
    if like is not None and unit == "万元" and abs(like) >= w.YI_IN_WAN and abs(value) < w.YI_IN_WAN:
        return w.plain(value / w.YI_IN_WAN, 2) + "亿元"
    if like is not None and unit not in ("万元", "%") and abs(like) >= w.BIG_COUNT and abs(value) < w.BIG_COUNT:
        return w.plain(value / w.WAN, 2) + "万" + unit
    return w.quantity(value, unit)


def pair_text(fig: YearFigure) -> str:
    """「2178户5269人」: the two quantities of a pair as one figure."""
    ind = fig.indicator
    if fig.value is None:
        return "未报"
    text = amount(fig.value, ind.unit)
    if ind.pair and fig.pair_value is not None:
        text += amount(fig.pair_value, ind.pair_unit)
    return text


def share(part: YearFigure, whole: YearFigure) -> Decimal | None:
    """The share of a pair's second quantity (人) in the whole's, or of the first when not paired."""
    if part.indicator.pair and whole.indicator.pair:
        num, den = part.pair_value, whole.pair_value
    else:
        num, den = part.value, whole.value
    return num / den if num is not None and den else None


def printed(ratio: Decimal) -> Decimal:
    """A rate as the fraction its printed percent stands for (「71.62%」 → 0.7162)."""
    shown = w.percent(ratio).rstrip("%")
    return Decimal(shown) / 100


def change(current: Decimal, before: Decimal, unit: str, year: int, is_rate: bool) -> str:
    """「较2021年增加2.52万人，增幅为16.3%」「较2021年提高5.4个百分点」「与2021年持平」."""
    diff = current - before
    if is_rate:  # the difference of the percents as printed, so 「持平」 means they print alike
        moved = w.change_in_points(printed(current) - printed(before))
        return f"与{year}年持平" if moved == "持平" else f"较{year}年{moved}"
    shown = amount(abs(diff), unit, like=current)
    if shown == amount(Decimal(0), unit, like=current):
        return f"与{year}年持平"
    text = f"较{year}年{'增加' if diff > 0 else '减少'}{shown}"
    if before > 0:
        text += f"，{'增幅' if diff > 0 else '降幅'}为{w.fixed(abs(diff) / before * 100, GROWTH_PLACES)}%"
    return text


@dataclass
class Completion:
    """The counties against one indicator's annual targets at year end."""

    figures: IndicatorFigures
    done: list  # CountyFigure, best first
    short: list  # CountyFigure, best first
    missing: list[str]


def completion(fig: IndicatorFigures) -> Completion:
    ranked = [(f, f.compared) for f in fig.ranked() if f.compared is not None]
    return Completion(
        fig,
        [f for f, c in ranked if c >= 1],
        [f for f, c in ranked if c < 1],
        [f.county for f in fig.counties if f.compared is None],
    )


def leaders(fig: IndicatorFigures) -> tuple[list[str], Decimal | None]:
    """The counties sharing the highest completion as written (ties at the shown precision are named together)."""
    shown = [(f.county, w.percent(f.compared)) for f in fig.ranked() if f.compared is not None]
    if not shown:
        return [], None
    best = shown[0][1]
    top = next(f.compared for f in fig.ranked() if f.compared is not None)
    return [c for c, s in shown if s == best], top
