"""【】 placeholders in the office's own sentences: one syntax for the summary's prose and the work plan's tasks.

    【名称】                 the figure for the document's period (an indicator of 指标.xlsx or a year-level
                              figure of 年度总结.xlsx, by 指标名称 or 代码): 「27.4万人」「1151户2770人」「66.15%」
    【2022年名称】            that year's figure (the summary: its own year or the one before)
    【名称×1.02】             the figure times a factor (a target 2% above it)
    【修饰:名称】             较上年 「较2021年增加3.12万人，增幅为12.9%」 · 上年 「24.28万人」 · 增幅 「12.9%」 ·
                              占比 「76.96%」 (of its 占比于) · 任务 「27.3万人」 (年度任务) · 完成率 「100.36%」 ·
                              目标 (work plan: next year's target from its 目标增长率)
    【年份】【上一年】【下一年】   the document's year and those around it

Each figure is worded as every generated sentence words it (generators.numbers.annual). A placeholder
that cannot be filled is a Problem naming its cell; nothing is left in brackets without a word.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Protocol

from generators.errors import Problem, Source
from generators.numbers import annual
from generators.numbers import wording as w
from generators.numbers.annual import Figure
from generators.reading.placeholders import AS_OF, PLACEHOLDER, YEAR_WORDS, Placeholder, found, parse

__all__ = ["PLACEHOLDER", "YEAR_WORDS", "Lookup", "Placeholder", "fill", "fill_read", "parse", "worded"]


class Lookup(Protocol):
    """What a document offers its placeholders: its figures by name and year, and the words around them."""

    def figure(self, ph: Placeholder) -> Figure | str | None:
        """The figure `ph` names (for 目标: the target, already grown), or why there is none (None: the
        reason is a table's own problem, reported with it)."""
        ...

    def than(self, ph: Placeholder) -> str:
        """What its 较上年 compares with: 「2021年」, 「上年同期」."""
        ...

    @property
    def as_of(self) -> str:
        """What 【截至】 says: 「截至2022年11月底」, or 「2022年」 for a finished year."""
        ...

    def whole(self, fig: Figure, ph: Placeholder) -> Figure | None:
        """The figure `fig` is a share of (its 占比于), in the same period."""
        ...


def _scaled(fig: Figure, factor: Decimal | None) -> str:
    if factor is None:
        return annual.value_text(fig)
    assert fig.value is not None
    return annual.value_text(
        replace(fig, value=fig.value * factor, pair_value=None if fig.pair_value is None else fig.pair_value * factor)
    )


def worded(ph: Placeholder, fig: Figure, lookup: Lookup) -> str:
    """The figure as the modifier asks; raises LookupError with the reason when it has no such figure."""
    if fig.value is None:
        raise LookupError(f"各县区均未报送「{fig.name}」")
    if ph.modifier in ("", "目标"):
        return _scaled(fig, ph.factor)
    if ph.modifier == "任务":
        if fig.target is None:
            raise LookupError(f"「{fig.name}」没有年度任务（年度目标）")
        return annual.amount(fig.target * (ph.factor or 1), fig.unit, places=fig.places)
    if ph.modifier == "完成率":
        if fig.completion is None:
            raise LookupError(f"「{fig.name}」没有年度任务（年度目标）")
        return w.percent(fig.completion)
    if ph.modifier == "占比":
        whole = lookup.whole(fig, ph)
        found = None if whole is None else annual.share(fig, whole)
        if found is None:
            raise LookupError(f"「{fig.name}」没有写「占比于」，或占比的总数为0")
        return w.percent(found[0], annual.places_of(fig))
    before = fig.before
    if before is None or before.value is None:
        raise LookupError(f"没有可与「{fig.name}」比较的上年数据（或两年计入的县区不同）")
    if ph.modifier == "上年":
        return _scaled(before, ph.factor)
    if ph.modifier == "增幅":
        if fig.rate or not before.value:
            raise LookupError(f"「{fig.name}」是比率或上年为0，没有增幅")
        return w.fixed((fig.value - before.value) / before.value * 100, annual.GROWTH_PLACES) + "%"
    said = annual.raised(fig) or annual.change(fig, lookup.than(ph))
    if not said:
        raise LookupError(f"「{fig.name}」设置为不写较上年的变化")
    return said


def fill(text: str, source: Source, lookup: Lookup, problems: list[Problem], year: int | None = None) -> str:
    """`text` with every 【…】 replaced by its worded figure; each bad one becomes a Problem naming `source`.

    `year`: the document's year, for 【年份】【上一年】【下一年】.
    """
    return fill_read(text, found(text, source, problems), source, lookup, problems, year)


def fill_read(
    text: str, slots: list[Placeholder], source: Source, lookup: Lookup, problems: list[Problem], year: int | None
) -> str:
    """`text` with its placeholders already read (`slots`, from reading.placeholders.found) replaced."""
    for ph in slots:
        said, why = _word(ph, lookup, year)
        if said is None:  # why not; "" when a table's own problem says it
            if why:
                problems.append(Problem(source, f"占位符「【{ph.written}】」：{why}"))
            continue
        text = text.replace(f"【{ph.written}】", said, 1)
    return text


def _word(ph: Placeholder, lookup: Lookup, year: int | None) -> tuple[str | None, str]:
    """(the placeholder worded, "") or (None, why not)."""
    plain = not ph.modifier and ph.year is None and ph.factor is None
    if ph.name in YEAR_WORDS and plain and year is not None:
        return str(year + YEAR_WORDS[ph.name]), ""
    if ph.name == AS_OF and plain:
        return lookup.as_of, ""
    fig = lookup.figure(ph)
    if fig is None or isinstance(fig, str):
        return None, fig or ""
    try:
        return worded(ph, fig, lookup), ""
    except LookupError as exc:
        return None, exc.args[0]
