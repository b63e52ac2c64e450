"""The figures of a year (to its reported month) that the year's documents print, and the placeholders' view
of them: the summary's year and the one before, or the work plan's years.

Built from generators.reading.year_inputs: the month's indicators (with the same month a year before) and
the year-level figures of 年度总结.xlsx (with last year's over the same counties).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from generators.numbers import annual
from generators.numbers import wording as w
from generators.numbers.annual import Figure
from generators.numbers.figures import IndicatorFigures, MonthFigures, compute
from generators.numbers.placeholders import Placeholder
from generators.reading.periods import YearToDate
from generators.reading.workspace import Workspace
from generators.reading.year_inputs import YearInputs


@dataclass
class YearFigures:
    month: MonthFigures  # the reported month's indicators
    figures: dict[str, Figure]  # every figure by code and by name
    monthly: dict[str, IndicatorFigures]  # the monthly ones' county figures, by code and by name
    notes: list[str]  # comparisons left out and figures known only to a date, said on stderr


def monthly_figures(month: MonthFigures, before: MonthFigures | None) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    schedule = month.schedule if month.schedule < 1 else None  # a year not yet over: held to 序时进度
    for i, fig in enumerate(month.indicators):
        made = annual.month_figure(fig, before.indicators[i] if before else None, schedule)
        figures[fig.indicator.code] = figures[fig.indicator.name] = made
    return figures


def figures_of(ws: Workspace, inputs: YearInputs) -> YearFigures:
    month = compute(ws, inputs.data, period=inputs.period)
    before = compute(ws, inputs.before, period=inputs.period.compared()) if inputs.before is not None else None
    figures = monthly_figures(month, before)
    monthly = {key: fig for fig in month.indicators for key in (fig.indicator.code, fig.indicator.name)}
    notes = list(inputs.omissions)
    uncompared = []  # for want of last year's 年度数据
    for ind in inputs.used:
        assert inputs.table is not None  # used columns were found, or reading stopped
        made = annual.compared(ind, inputs.table, inputs.previous)
        if inputs.previous is None or (not inputs.previous_file and not inputs.previous.has(*ind.columns)):
            uncompared += [ind.name] if made.comparison != "不写" else []
        elif made.comparison != "不写":
            why = annual.comparable(ind, inputs.table, inputs.previous)
            if why:
                notes.append(why)
        if ind.as_of:
            notes.append(f"「{ind.name}」是截至{ind.as_of}的数（年度总结.xlsx「截至」列），文中写明「截至{ind.as_of}」")
        figures[ind.code] = figures[ind.name] = made
    if uncompared:
        last = inputs.year - 1
        notes.append(f"没有{last}年的年度数据，文中不写年度指标（{w.names(uncompared)}）较{last}年的变化")
    return YearFigures(month, figures, monthly, notes)


class Lookup:
    """Placeholders' figures by year: `load(year)` gives that year's figures by name, or why there are none.

    `year`: the year a placeholder without one means. `growth`: the work plan's 目标增长率 (name → rate),
    for 【2023年目标:名称】 = the year before's figure × (1 + rate). `through`: the month `year`'s figures run
    to, when that year was not over (a summary or plan drafted before December): 较上年同期, 【截至】 names it.
    """

    def __init__(
        self,
        load: Callable[[int], dict[str, Figure] | str | None],
        year: int,
        known: set[str],
        growth: dict[str, Decimal] | None = None,
        through: int = 12,
    ):
        self.load, self.year, self.known, self.growth = load, year, known, growth
        self.period = YearToDate(year, through)
        self._years: dict[int, dict[str, Figure] | str | None] = {}

    def _year(self, year: int) -> dict[str, Figure] | str | None:
        if year not in self._years:
            self._years[year] = self.load(year)
        return self._years[year]

    def figure(self, ph: Placeholder) -> Figure | str | None:
        if ph.name not in self.known:
            return f"「{ph.name}」既不在指标.xlsx中，也不在「年度指标」中"
        year = ph.year or self.year
        if ph.modifier == "目标":
            if self.growth is None:
                return "「目标:」只用于工作要点（下一年的目标）"
            if ph.name not in self.growth:
                return f"没有设置「{ph.name}」的增长率（在「目标增长率」工作表中写上该指标的增长率，如2%）"
            base = self._find(ph.name, year - 1)  # the target grows from last year's figure
            if base is None or isinstance(base, str) or base.value is None:
                return base if base is None or isinstance(base, str) else f"{year - 1}年各县区均未报送「{ph.name}」"
            rate = 1 + self.growth[ph.name]
            return replace(
                base, value=base.value * rate, pair_value=None if base.pair_value is None else base.pair_value * rate
            )
        return self._find(ph.name, year)

    def _find(self, name: str, year: int) -> Figure | str | None:
        figures = self._year(year)
        if figures is None or isinstance(figures, str):
            return figures
        fig = figures.get(name)
        return fig if fig is not None else f"没有可用的{year}年「{name}」（缺这一年的数据，或两年计入的县区不同）"

    def than(self, ph: Placeholder) -> str:
        year = ph.year or self.year
        return "上年同期" if year == self.year and not self.period.finished else f"{year - 1}年"

    @property
    def as_of(self) -> str:
        """【截至】: 「截至2022年11月底」 for a year not over, 「2022年」 for a finished one."""
        return self.period.words

    def whole(self, fig: Figure, ph: Placeholder) -> Figure | None:
        figures = self._year(ph.year or self.year)
        return None if figures is None or isinstance(figures, str) else figures.get(fig.share_of or "")
