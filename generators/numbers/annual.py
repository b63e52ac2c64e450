"""A year's figures for the summary and the work plan: year-level totals, weighted per-capita figures,
rates of sums, pairs (户 with 人), shares in one unit, parts (其中), the change on the year before and
each county's completion of its annual target.

Every figure the year's documents print becomes a `Figure` (a monthly indicator at the reported month
or a year-level one), so one set of sentences and placeholders says them all. Decimal throughout;
wording only through generators.numbers.wording.
人均 = Σ(value × population) ÷ Σ population; 比率 = Σ numerator ÷ Σ denominator (never a mean of rates).
A county the office marked 「未报」 (or left blank) is left out of the sums and named (`left_out`); a
change on the year before is computed only between the same counties.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from generators.numbers import wording as w
from generators.numbers.figures import IndicatorFigures
from generators.numbers.phrases import target_words
from generators.numbers.rounding import PRECISION, half_up
from generators.reading.yearly import YearIndicator, YearTable

GROWTH_PLACES = 1  # 「增幅为16.3%」; every other percent (完成率, rates, shares) as wording.percent prints it
SHARE_WORDS = {"人": "总人数", "户": "总户数", "万元": "总额", "元": "总额"}  # 「占监测对象总人数的」


@dataclass(frozen=True)
class Figure:
    """One city figure as the year's documents say it, with what its sentences need around it."""

    code: str
    name: str
    unit: str
    value: Decimal | None
    pair_unit: str = ""
    pair_value: Decimal | None = None
    rate: bool = False  # a ratio, printed as a percent
    mean: bool = False  # a population-weighted mean (人均): 「……为13111元」
    places: int | None = None  # 小数位 of the printed value; None: the rule's (rounding.PRECISION)
    higher_is_better: bool = True
    comparison: str = "增减"  # reading.yearly.COMPARISONS
    before: Figure | None = None  # the same figure a year before, over the same counties
    target: Decimal | None = None  # 年度任务: Σ county targets
    completion: Decimal | None = None  # value ÷ target
    task: str = "年度任务"  # what its target is called: 「目标」 for a stock (时点值)
    column: str = ""  # what it counts (a rate's numerator), to find the parts of a rate
    denominator: str = ""  # a rate's denominator column
    share_of: str | None = None
    part_of: str | None = None
    all_done: str = ""  # 全部时写
    as_of: str = ""  # 截至: 「三季度」
    schedule: Decimal | None = None  # 序时进度 its completion (or rate) is held to, in a year not yet over
    left_out: tuple[str, ...] = ()  # counties not counted
    counted: int = 0  # counties counted

    @property
    def paired(self) -> bool:
        return bool(self.pair_unit)

    @property
    def units(self) -> tuple[str, ...]:
        return (self.unit, self.pair_unit) if self.paired else (self.unit,)

    def quantity(self, unit: str) -> Decimal | None:
        """The figure's value in one of its units."""
        return self.pair_value if self.paired and unit == self.pair_unit else self.value if unit == self.unit else None


# ---------------------------------------------------------------- computing


def _numbers(table: YearTable, counties: list[str], column: str) -> list[Decimal]:
    """The counties' numbers in `column` (each counted county gave it)."""
    return [n for n in (table.values[c][column] for c in counties) if n is not None]


def _counted(ind: YearIndicator, table: YearTable) -> tuple[list[str], list[str]]:
    """(counties counted, counties left out): a county is counted when it gave every column the figure needs."""
    counted, left = [], []
    for name, row in table.values.items():
        if all(row.get(c) is not None for c in ind.columns):
            counted.append(name)
        else:
            left.append(name)
    return counted, left


def year_figure(ind: YearIndicator, table: YearTable, counties: list[str] | None = None) -> Figure:
    """The city's figure of `ind` from `table`, over `counties` (default: every county that gave it)."""
    counted, left = _counted(ind, table)
    if counties is not None:
        counted = [c for c in counties if c in counted]
    value: Decimal | None
    values = _numbers(table, counted, ind.column)
    if ind.method in ("人均", "比率") and ind.weight:
        weights = _numbers(table, counted, ind.weight)
        den = sum(weights, Decimal(0))
        if ind.method == "人均":  # Σ(value × population) ÷ Σpopulation
            num = sum((v * p for v, p in zip(values, weights)), Decimal(0))
        else:  # Σnumerator ÷ Σdenominator
            num = sum(values, Decimal(0))
        value = num / den if den else None
    else:
        value = sum(values, Decimal(0)) if counted else None
    pair = sum(_numbers(table, counted, ind.pair), Decimal(0)) if ind.pair and counted else None
    return Figure(
        code=ind.code,
        name=ind.name,
        unit=ind.unit,
        value=value,
        pair_unit=ind.pair_unit if ind.pair else "",
        pair_value=pair,
        rate=ind.is_rate,
        mean=ind.method == "人均",
        places=ind.places,
        higher_is_better=ind.higher_is_better,
        comparison=ind.comparison,
        column=ind.column,
        denominator=ind.weight or "" if ind.is_rate else "",
        share_of=ind.share_of,
        part_of=ind.part_of,
        all_done=ind.all_done,
        as_of=ind.as_of,
        left_out=tuple(c for c in table.values if c not in counted),
        counted=len(counted),
    )


def compared(ind: YearIndicator, now: YearTable, before: YearTable | None) -> Figure:
    """This year's figure with last year's over the same counties; no `before` when they differ (a county
    that reported one year and not the other would make the change the county's, not the city's)."""
    fig = year_figure(ind, now)
    if before is None or not before.has(*ind.columns) or fig.value is None:
        return fig
    old = year_figure(ind, before)
    if old.value is None or set(old.left_out) != set(fig.left_out):
        return fig
    return replace(fig, before=old)


def comparable(ind: YearIndicator, now: YearTable, before: YearTable | None) -> str:
    """Why `compared` left the change out ("" when it did not): said on stderr."""
    fig = year_figure(ind, now)
    if before is None or fig.value is None or fig.comparison == "不写":
        return ""
    if not before.has(*ind.columns):
        missing = "、".join(f"「{c}」" for c in ind.columns if c not in before.columns)
        return f"{before.year}年的年度数据中没有{missing}列，文中不写「{ind.name}」较{before.year}年的变化"
    old = year_figure(ind, before)
    if old.value is None:
        return f"{before.year}年各县区都没有「{ind.name}」的数据，文中不写它较{before.year}年的变化"
    if set(old.left_out) != set(fig.left_out):
        gone = sorted(set(old.left_out) ^ set(fig.left_out), key=list(now.values).index)
        return (
            f"「{ind.name}」{before.year}年与{now.year}年计入的县区不同（{w.names(gone)}只有一年有数），"
            f"文中不写它较{before.year}年的变化"
        )
    return ""


def month_figure(
    fig: IndicatorFigures, before: IndicatorFigures | None = None, schedule: Decimal | None = None
) -> Figure:
    """A monthly indicator (at the reported month) as a Figure, with the month a year before; `schedule` the
    序时进度 of a year not yet over, for an indicator held to it."""
    ind = fig.indicator
    old = month_figure(before) if before is not None and before.city_value is not None else None
    return Figure(
        code=ind.code,
        name=ind.name,
        unit="%" if ind.is_ratio else ind.unit,
        value=fig.city_value,
        rate=ind.is_ratio,
        places=ind.places,
        higher_is_better=ind.higher_is_better,
        comparison="百分点" if ind.is_ratio else "增减",
        before=old,
        target=fig.city_target if fig.uses_target else None,
        task=target_words(ind),
        completion=fig.city_compared if fig.uses_target else None,
        column=ind.column,
        denominator=ind.denominator or "",
        counted=sum(1 for f in fig.counties if f.value is not None),
        left_out=tuple(f.county for f in fig.counties if f.value is None),
        schedule=schedule if fig.held_to_schedule else None,
    )


def share(part: Figure, whole: Figure) -> tuple[Decimal, str] | None:
    """(share, unit): `part` of `whole` in the unit both are counted in (persons of persons for two pairs)."""
    for unit in (part.pair_unit if part.paired else None, part.unit):
        if unit and unit in whole.units:
            num, den = part.quantity(unit), whole.quantity(unit)
            return (num / den, unit) if num is not None and den else None
    return None


def is_whole(part: Figure, whole: Figure) -> bool:
    """The part is all of the whole (every one of its units), counted over the same counties."""
    if part.left_out != whole.left_out:
        return False
    shared = [u for u in part.units if u in whole.units]
    return bool(shared) and all(part.quantity(u) == whole.quantity(u) for u in shared)


# ---------------------------------------------------------------- printing


def places_of(fig: Figure, kind: str = "percent") -> int:
    return PRECISION[kind] if fig.places is None else fig.places


def amount(value: Decimal, unit: str, like: Decimal | None = None, places: int | None = None) -> str:
    """A figure in its unit as a clerk writes it: 「11.36亿元」「86.29万人」「5269人」「71.6%」「14523元」.

    `places`: the indicator's 小数位 (a percent's decimals, or those of 万/亿). `like`: a count said beside
    a total written in 万 is in 万 too from 1万 up (「301.14万人，较2021年增加2.52万人」), below it whole
    (「增加5000人」); an amount keeps its own natural unit (「12.21亿元，增量2805.22万元」).
    """
    p = PRECISION["amount"] if places is None else places
    if unit == "元":
        return w.plain(value, places or 0) + "元"
    if unit == "%":
        return w.percent(value, PRECISION["percent"] if places is None else places)
    if unit == "万元":
        if abs(value) >= w.YI_IN_WAN:
            return w.plain(value / w.YI_IN_WAN, p) + "亿元"
        return w.plain(value, p) + "万元"
    if abs(value) >= w.BIG_COUNT or (like is not None and abs(like) >= w.BIG_COUNT and abs(value) >= w.WAN):
        return w.plain(value / w.WAN, p) + "万" + unit
    return w.plain(value, PRECISION["count"]) + unit


def joined(first: str, second: str, first_unit: str, second_unit: str) -> str:
    """Two quantities of one figure: 「2178户5269人」 for households and persons, else 「15885人、4765.5万元」."""
    return first + ("" if (first_unit, second_unit) == ("户", "人") else "、") + second


def value_text(fig: Figure) -> str:
    """「1151户2770人」「66.15%」「13111元」「27.4万人」; 「未报」 when no county gave it."""
    if fig.value is None:
        return "未报"
    text = amount(fig.value, fig.unit, places=fig.places)
    if fig.paired and fig.pair_value is not None:
        text = joined(text, amount(fig.pair_value, fig.pair_unit, places=fig.places), fig.unit, fig.pair_unit)
    return text


def printed_percent(fig: Figure, ratio: Decimal) -> Decimal:
    """A rate as the percent it prints at the figure's decimals (「71.6%」 → 71.6)."""
    return half_up(ratio * 100, places_of(fig))


def _difference(now: Decimal, before: Decimal, unit: str, like: Decimal) -> tuple[str, int]:
    """(the change worded in its natural unit, its sign as printed: 0 when it prints as nothing)."""
    diff = now - before
    shown = amount(abs(diff), unit, like=like)
    return shown, 0 if shown == amount(Decimal(0), unit, like=like) else (1 if diff > 0 else -1)


def change(fig: Figure, than: str) -> str:
    """The 较上年 clause, after the figure it modifies: 「较2021年增加2.52万人，增幅为16.3%」「较2021年提高
    5.4个百分点」「达到上年度的152.98%」「与2021年持平」; "" without a comparable year before.

    `than`: what it is compared with, 「2021年」 or 「上年同期」. A rate's change is the difference of the two
    printed percents; a lower-is-better rate 上升/下降, a higher-is-better one 提高/下降, a count 增加/减少.
    """
    old = fig.before
    if old is None or old.value is None or fig.value is None or fig.comparison in ("不写", "提高到"):
        return ""
    if fig.comparison == "达到":
        if not old.value:
            return ""
        return f"达到{'上年度' if than.endswith('年') else than}的{w.percent(fig.value / old.value)}"
    if fig.rate:
        places = places_of(fig)
        diff = printed_percent(fig, fig.value) - printed_percent(fig, old.value)
        if not diff:
            return f"与{than}持平"
        up = "提高" if fig.higher_is_better else "上升"
        return f"较{than}{up if diff > 0 else '下降'}{w.fixed(abs(diff), places)}个百分点"
    if not fig.paired or fig.pair_value is None or old.pair_value is None:
        shown, sign = _difference(fig.value, old.value, fig.unit, fig.value)
        if not sign:
            return f"与{than}持平"
        text = f"较{than}{'增加' if sign > 0 else '减少'}{shown}"
        if old.value > 0:
            growth = w.fixed(abs(fig.value - old.value) / old.value * 100, GROWTH_PLACES)
            text += f"，{'增幅' if sign > 0 else '降幅'}为{growth}%"
        return text
    moves = [
        _difference(now, before, unit, now)
        for now, before, unit in ((fig.value, old.value, fig.unit), (fig.pair_value, old.pair_value, fig.pair_unit))
    ]
    (first, s1), (second, s2) = moves
    if not s1 and not s2:
        return f"与{than}持平"
    if s1 and s1 == s2:  # 「较2021年增加26户108人」
        return f"较{than}{'增加' if s1 > 0 else '减少'}" + joined(first, second, fig.unit, fig.pair_unit)
    worded = [  # 「较2021年户数增加3户、人数减少5人」, 「户数持平」: never a silent gap
        f"{unit}数" + (("增加" if sign > 0 else "减少") + shown if sign else "持平")
        for (shown, sign), unit in zip(moves, fig.units)
    ]
    return f"较{than}" + "、".join(worded)


def raised(fig: Figure) -> str:
    """A standard's move, said in place of its value: 「从5093元提高到6108元」; "" without a year before."""
    old = fig.before
    if fig.comparison != "提高到" or old is None or old.value is None or fig.value is None:
        return ""
    now_text, old_text = amount(fig.value, fig.unit, places=fig.places), amount(old.value, fig.unit, places=fig.places)
    if now_text == old_text:
        return f"保持{now_text}"
    verb = "提高" if fig.value > old.value else "降低"
    return f"从{old_text}{verb}到{now_text}"


def share_words(part: Figure, whole: Figure) -> str:
    """「占监测对象总人数的76.96%」, or the office's 全部时写 when the part is the whole (「全部完成整改」)."""
    if part.all_done and is_whole(part, whole):
        return part.all_done
    found = share(part, whole)
    if found is None:
        return ""
    ratio, unit = found
    return f"占{whole.name}{SHARE_WORDS.get(unit, '总数')}的{w.percent(ratio, places_of(part))}"


# ---------------------------------------------------------------- the counties against their targets


@dataclass
class Completion:
    """The counties against one indicator's annual targets at the reported month."""

    figures: IndicatorFigures
    done: list  # CountyFigure, best first
    short: list  # CountyFigure, best first
    missing: list[str]


def completion(fig: IndicatorFigures, bar: Decimal = Decimal(1)) -> Completion:
    """Counties at or past `bar` (1: the whole annual task; 11/12: 序时进度 in November) and those short of it,
    judged on the printed 完成率."""
    due = half_up(bar * 100, PRECISION["percent"])
    ranked = [(f, f.compared) for f in fig.ranked() if f.compared is not None]
    return Completion(
        fig,
        [f for f, c in ranked if half_up(c * 100, PRECISION["percent"]) >= due],
        [f for f, c in ranked if half_up(c * 100, PRECISION["percent"]) < due],
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
