"""The month's figures: per-indicator values, 序时进度, ranks, composite score and rank change.

Decimal throughout. City rates are ratios of sums; a cumulative indicator with annual targets
is compared as 完成率 = value ÷ target (and the city's as Σvalues ÷ Σtargets).

Composite score (documented in the README): for each weighted indicator, the counties' compared
figures are scaled between the worst and the best county, 单项得分 = 权重 × (v − 最差) ÷ (最好 − 最差),
rounded half-up to 0.01; a county that did not report gets 0; when all counties are equal each
gets the full weight. 综合得分 = Σ 单项得分. Counties with equal scores share a rank (1, 2, 2, 4).

Ranks, ties and the score's bounds are decided on values as printed (rounding.PRECISION): two
counties printed 1.36% share a rank, and 13 counties printed 61.72% all get the full weight.
A 累计值 without targets and without weight (只通报) is not ranked at all.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import Decimal

from generators.numbers.rounding import PRECISION, half_up, places, printed_percent
from generators.reading.entry import PeriodData
from generators.reading.periods import Month, Period
from generators.reading.tables import MonthData
from generators.reading.workspace import Indicator, Workspace


@dataclass
class CountyFigure:
    """One county on one indicator."""

    county: str
    value: Decimal | None  # cumulative amount, or the ratio as a fraction
    target: Decimal | None = None
    compared: Decimal | None = None  # what is ranked and held against 序时进度: 完成率 or the ratio
    rank: int | None = None
    score: Decimal = Decimal(0)
    shown: Decimal | None = None  # `compared` as printed (percent for a rate or 完成率): ranks are decided on it


@dataclass
class IndicatorFigures:
    """One indicator across the city: each county, the city total, and the month before."""

    indicator: Indicator
    counties: list[CountyFigure]  # roster order
    city_value: Decimal | None
    city_target: Decimal | None
    city_compared: Decimal | None
    previous_city_compared: Decimal | None = None

    @property
    def uses_target(self) -> bool:
        return not self.indicator.is_ratio and self.city_target is not None

    @property
    def in_percent(self) -> bool:
        """Compared as a percent (a rate or a 完成率), not as an amount."""
        return self.indicator.is_ratio or self.uses_target

    @property
    def places(self) -> int:
        """The decimals `compared` is printed (and so ranked) with: a rate's or an amount's 小数位 when the office
        set one, else the rule's; a 完成率 always the percent rule's."""
        if self.indicator.is_ratio:
            return places(self.indicator.places, "percent")
        if self.uses_target:
            return PRECISION["percent"]
        return places(self.indicator.places, "amount")

    @property
    def is_ranked(self) -> bool:
        """A bare amount with no weight is only reported (只通报): ranking counts would mislead."""
        return self.in_percent or self.indicator.weight > 0

    @property
    def held_to_schedule(self) -> bool:
        """Only a rate or a 完成率 can be held against 序时进度; a bare amount cannot."""
        return self.indicator.scheduled and (self.indicator.is_ratio or self.uses_target)

    def ranked(self) -> list[CountyFigure]:
        """Best first; counties without a figure last, in roster order."""
        return sorted(self.counties, key=lambda f: (f.rank is None, f.rank or 0))

    def behind(self, schedule: Decimal) -> list[CountyFigure]:
        """Counties below 序时进度 (or, for lower-is-better, above it), in rank order."""
        if not self.held_to_schedule:
            return []
        return [f for f in self.ranked() if f.compared is not None and not self.is_ahead(f.compared, schedule)]

    def ahead(self, schedule: Decimal) -> list[CountyFigure]:
        if not self.held_to_schedule:
            return []
        return [f for f in self.ranked() if f.compared is not None and self.is_ahead(f.compared, schedule)]

    def is_ahead(self, compared: Decimal, schedule: Decimal) -> bool:
        """At or past 序时进度 as printed: 91.67% against 91.67% is on schedule."""
        mine, due = printed_percent(compared, self.places), printed_percent(schedule)
        return mine >= due if self.indicator.higher_is_better else mine <= due


@dataclass
class RankRow:
    county: str
    score: Decimal  # 0.01 precision, the sum of the rounded 单项得分
    rank: int
    previous_rank: int | None = None


@dataclass
class MonthFigures:
    """A period's figures (from its month's table), with ranks and city figures of the period it is compared with."""

    period: Period  # a month, a quarter, a year to date
    indicators: list[IndicatorFigures]
    ranking: list[RankRow]  # rank order
    previous_note: str = "上月无数据"  # why there is no rank change, when there is none
    weighted: list[IndicatorFigures] = field(default_factory=list)

    @property
    def month(self) -> Month:
        """The month whose table the figures come from."""
        return self.period.month

    @property
    def schedule(self) -> Decimal:
        return self.period.schedule


def _ratio(num: Decimal | None, den: Decimal | None) -> Decimal | None:
    if num is None or den is None or den == 0:
        return None
    return num / den


def _indicator(ws: Workspace, data: MonthData, ind: Indicator) -> IndicatorFigures:
    targets = {} if ind.is_ratio else {c: t for c, (t, _) in ws.targets(data.month.year).get(ind.code, {}).items()}
    figures, nums, dens = [], [], []
    for county, row in data.values.items():
        num = row[ind.column].number
        if ind.denominator is not None:  # a rate: the workspace gives every 比率 its denominator
            den = row[ind.denominator].number
            value = _ratio(num, den)
            if num is not None and den is not None:
                nums.append(num)
                dens.append(den)
            figures.append(CountyFigure(county, value, compared=value))
        else:
            target = targets.get(county)
            compared = _ratio(num, target) if targets else num
            if num is not None:
                nums.append(num)
                if target is not None:
                    dens.append(target)
            figures.append(CountyFigure(county, num, target, compared))
    city_value = sum(nums, Decimal(0)) if nums else None
    if ind.is_ratio:
        city_target, city_value = None, _ratio(city_value, sum(dens, Decimal(0)))
        city_compared = city_value
    else:
        city_target = sum(dens, Decimal(0)) if targets else None
        city_compared = _ratio(city_value, city_target) if targets else city_value
    result = IndicatorFigures(ind, figures, city_value, city_target, city_compared)
    for f in figures:
        f.shown = None if f.compared is None else shown(result, f.compared)
    if result.is_ranked:
        _rank(figures, ind.higher_is_better)
    return result


def _reporting(fig: IndicatorFigures) -> frozenset[str]:
    return frozenset(f.county for f in fig.counties if f.value is not None)


def shown(fig: IndicatorFigures, value: Decimal) -> Decimal:
    """A compared figure at the precision it is printed with (percent, or the amount in its unit)."""
    return printed_percent(value, fig.places) if fig.in_percent else half_up(value, fig.places)


def competition_rank(value: Decimal, ascending: list[Decimal], higher_is_better: bool = True) -> int:
    """1 + how many values are strictly better (ties share a rank: 1, 2, 2, 4); `ascending` is sorted."""
    if higher_is_better:
        return 1 + len(ascending) - bisect_right(ascending, value)
    return 1 + bisect_left(ascending, value)


def _rank(figures: list[CountyFigure], higher_is_better: bool) -> None:
    present = sorted(f.shown for f in figures if f.shown is not None)
    for f in figures:
        if f.shown is not None:
            f.rank = competition_rank(f.shown, present, higher_is_better)


def _score(fig: IndicatorFigures) -> None:
    ind = fig.indicator
    present = [f.shown for f in fig.counties if f.shown is not None]
    if not present or ind.weight == 0:
        return
    low, high = min(present), max(present)
    for f in fig.counties:
        if f.shown is None:
            continue
        if high == low:
            share = Decimal(1)
        else:
            share = (f.shown - low if ind.higher_is_better else high - f.shown) / (high - low)
        f.score = half_up(ind.weight * share, PRECISION["score"])


def all_tied(ranked: list) -> bool:
    """Every ranked item shares one rank (so nobody is 前三位 or 后三位)."""
    return bool(ranked) and ranked[0].rank == ranked[-1].rank


def laggards(ranked: list, n: int) -> list:
    """The bottom `n` of items ranked best first, with everyone tied at the cut (never cut inside a
    tie), and never one tied with the first. Empty when all tie."""
    if not ranked:
        return []
    cut = ranked[-min(n, len(ranked))].rank
    return [r for r in ranked if r.rank >= cut and r.rank > ranked[0].rank]


def leaders(ranked: list, n: int) -> list:
    """The top `n` of items ranked best first, with everyone tied at the cut, leaving out the
    laggards (a tie at the cut that reaches the bottom is named there)."""
    if not ranked:
        return []
    cut = ranked[min(n, len(ranked)) - 1].rank
    bottom = {id(r) for r in laggards(ranked, n)}
    return [r for r in ranked if r.rank <= cut and id(r) not in bottom]


def compute(
    ws: Workspace, data: MonthData, previous: MonthData | None = None, period: Period | None = None
) -> MonthFigures:
    """The figures of `period` (by default the month of `data`) from its table `data`, ranks and city figures
    compared with `previous`, the compared period's table (none: the document says there is nothing to compare)."""
    period = period or data.month
    indicators = [_indicator(ws, data, ind) for ind in ws.indicators]
    for fig in indicators:
        _score(fig)
    totals = {
        county: sum((fig.counties[i].score for fig in indicators), Decimal(0)) for i, county in enumerate(data.values)
    }
    ascending = sorted(totals.values())
    ranking = [RankRow(county, total, competition_rank(total, ascending)) for county, total in totals.items()]
    ranking.sort(key=lambda r: r.rank)  # stable: ties keep roster order
    weighted = [f for f in indicators if f.indicator.weight > 0]
    result = MonthFigures(period, indicators, ranking, weighted=weighted)
    result.previous_note = f"{period.compared_name}无数据"
    if period.not_compared:  # cumulative figures restarted: nothing to compare, whatever tables there are
        result.previous_note = period.not_compared
    elif previous is not None:
        before = compute(ws, previous)
        ranks = {row.county: row.rank for row in before.ranking}
        for row in ranking:
            row.previous_rank = ranks.get(row.county)
        for fig, old in zip(indicators, before.indicators):
            if _reporting(fig) == _reporting(old):  # a change of the city figure only over the same counties
                fig.previous_city_compared = old.city_compared
        result.previous_note = ""
    return result


def period_figures(ws: Workspace, data: PeriodData) -> MonthFigures:
    """The figures of the period `data` was read for (reading.entry.read_period)."""
    return compute(ws, data.current, data.compared, data.period)
