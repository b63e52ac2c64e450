"""The year's data sentences, as the references write them: a figure with its 较上年 change attached,
then its share or 「全部」, then its parts (其中); a standard 「从5093元提高到6108元」; a rate with the parts
the paragraph lists (「衔接资金支出9.2亿元，衔接资金支出进度为86.80%」, 「计划项目1820个，已全部开工」);
the counties against their annual targets; whose sums the city's figures are when a county did not report.

Figures listed together in a paragraph are said together: a rate and the 合计 figures on its numerator
and denominator columns make one sentence, a figure and its 其中 parts another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from generators.numbers import annual
from generators.numbers import wording as w
from generators.numbers.annual import Figure
from generators.numbers.figures import IndicatorFigures
from generators.numbers.phrases import against_schedule, ranked_names, target_words
from generators.numbers.rounding import PRECISION

NAME_LIST_LIMIT = 20  # beyond this a sentence gives a count and points to the annex


@dataclass(frozen=True)
class Words:
    """What the sentences say about the period and the counties."""

    than: str  # 「2021年」, 「上年同期」: what 较… compares with
    counties: str  # 「县（市、区）」, as the roster has them


def left_out_note(fig: Figure, words: Words, summed: bool) -> str:
    """「（佳县未报送，为其余11个县（市、区）之和）」: whose figure it is when a county is left out."""
    if not fig.left_out or fig.value is None:
        return ""
    rest = f"其余{fig.counted}个{words.counties}"
    return f"（{w.names(list(fig.left_out))}未报送，" + (f"为{rest}之和）" if summed else f"按{rest}计算）")


def head(fig: Figure, words: Words) -> str:
    """The figure and its value: 「新识别监测对象1151户2770人」「脱贫人口人均纯收入为13111元」
    「低保平均标准从5093元提高到6108元」; 「各县区均未报送」 when no county gave it."""
    if fig.value is None:
        return f"{fig.name}各{words.counties}均未报送数据"
    moved = annual.raised(fig)
    if moved:
        return fig.name + moved
    link = "为" if fig.rate or fig.mean else ""
    summed = not fig.rate and not fig.mean
    return fig.name + link + annual.value_text(fig) + left_out_note(fig, words, summed)


def figure_sentence(
    fig: Figure, figures: dict[str, Figure], words: Words, parts: list[Figure] | None = None, with_change: bool = True
) -> str:
    """One figure: value, 完成 of its annual task, 较上年, share (or 「全部」), 其中 parts, in that order."""
    text = head(fig, words)
    if fig.value is None:
        return text
    clauses = []
    if fig.target is not None and fig.completion is not None:
        clauses.append(f"完成{annual.amount(fig.target, fig.unit)}{fig.task}的{w.percent(fig.completion)}")
    if fig.schedule is not None:  # a year not yet over: the completion (or the rate) against 序时进度
        if fig.target is not None and fig.completion is not None:
            clauses.append(against_schedule(fig.completion, fig.schedule, fig.higher_is_better))
        elif fig.rate:
            places = PRECISION["percent"] if fig.places is None else fig.places
            clauses.append(against_schedule(fig.value, fig.schedule, fig.higher_is_better, places))
    change = annual.change(fig, words.than) if with_change else ""
    if change:
        clauses.append(change)
    if fig.share_of and fig.share_of in figures:
        said = annual.share_words(fig, figures[fig.share_of])
        if said:
            clauses.append(said)
    if parts:
        clauses.append("其中" + "、".join(p.name + annual.value_text(p) for p in parts if p.value is not None))
    return "，".join([text, *clauses])


def rate_sentence(rate: Figure, whole: Figure | None, part: Figure | None, words: Words) -> str:
    """A rate with the parts the paragraph lists: 「计划项目1820个，开工项目1800个，项目开工率为98.90%」,
    「年度实施计划项目1820个，已全部开工」 when the part is the whole and the office said how."""
    said = []
    if whole is not None:
        said.append(head(whole, words))
    if rate.all_done and whole is not None and rate.value == 1 and not rate.left_out:
        return "，".join([*said, rate.all_done])
    if part is not None:
        said.append(head(part, words))
    said.append(figure_sentence(rate, {}, words))
    return "，".join(said)


@dataclass
class Said:
    """A paragraph's figures as sentences; a counties sentence after the figure it is about."""

    sentences: list[str]
    counties: dict[int, str] = field(default_factory=dict)  # index in sentences → the counties sentence after it
    as_of: dict[int, str] = field(default_factory=dict)  # index → 「三季度」: the sentence is known only to that date


def together(members: list[Figure], figures: dict[str, Figure], words: Words) -> str:
    """Figures the paragraph joined with 「+」, in one sentence: a rate with the 合计 figures on its numerator
    and denominator columns, or a figure with its 其中 parts. LookupError says why when they are neither."""
    rates = [m for m in members if m.rate]
    others = [m for m in members if not m.rate]
    if len(rates) == 1:
        rate = rates[0]
        part = next((m for m in others if m.column == rate.column), None)
        whole = next((m for m in others if m.column == rate.denominator and m is not part), None)
        if len(others) == len([m for m in (part, whole) if m is not None]):
            return rate_sentence(rate, whole, part, words)
        raise LookupError(
            f"用「+」连接的{'、'.join(f'「{m.name}」' for m in others)}不是比率「{rate.name}」的分子或分母"
            f"（「年度指标」中数据列为「{rate.column}」或「{rate.denominator}」的合计指标）"
        )
    if not rates:
        parent, parts = members[0], members[1:]
        if len(parts) == 1 and parts[0].share_of in (parent.code, parent.name):  # a whole and its share
            part = parts[0]
            if part.all_done and annual.is_whole(part, parent):  # 「全市共排查问题4092条，全部完成整改」
                return "，".join([figure_sentence(parent, figures, words), part.all_done])
            return "，".join([figure_sentence(parent, figures, words), figure_sentence(part, figures, words)])
        strays = [p for p in parts if p.part_of not in (parent.code, parent.name)]
        if not strays:
            return figure_sentence(parent, figures, words, parts)
        raise LookupError(
            f"用「+」连接的{'、'.join(f'「{m.name}」' for m in strays)}既不是「{parent.name}」的「其中」部分，"
            f"也不是它的「占比于」（其中的部分、占比的指标写在它所属的指标后面）"
        )
    raise LookupError("用「+」连接的指标中有多个比率，一句话只能写一个比率及其分子、分母")


def paragraph(
    groups: list[tuple[str, ...]],
    figures: dict[str, Figure],
    words: Words,
    counties_of: Callable[[str], str | None] = lambda code: None,
) -> Said:
    """The paragraph's figures in the order listed, each group (「a+b」) in one sentence."""
    said = Said([])
    for group in groups:
        members = [figures[c] for c in group]
        lead = next((m for m in members if m.rate), members[0])
        text = figure_sentence(lead, figures, words) if len(members) == 1 else together(members, figures, words)
        if lead.as_of:
            said.as_of[len(said.sentences)] = lead.as_of
        said.sentences.append(text)
        about = next((a for a in map(counties_of, group) if a), None)
        if about:
            said.counties[len(said.sentences) - 1] = about
    return said


def prose(said: Said, subject: str, first: str) -> str:
    """The paragraph's data text: groups of sentences joined by 「；」, each opened by its subject (`first` for
    the section's first group: 「2022年，全市」「截至2023年11月底，全市」; then 「全市」), a counties sentence
    closing its group, a figure known only to a date opening its own (「截至三季度，全市…」)."""
    text, group = "", list[str]()
    opened = False

    def close():
        nonlocal text, group, opened
        if group:
            text += (subject if opened else first) + "；".join(group) + "。"
            opened = True
            group = []

    for i, sentence in enumerate(said.sentences):
        if i in said.as_of:
            close()
            text += f"截至{said.as_of[i]}，{subject}{sentence}。"
            opened = True
        else:
            group.append(sentence)
        if i in said.counties:
            close()
            text += said.counties[i] + "。"
    close()
    return text


# ---------------------------------------------------------------- the counties


def counties_sentence(fig: IndicatorFigures, words: Words, bar: Decimal | None = None) -> str:
    """Which counties finished the annual task, which did not and by how much; ties named together.

    With `bar` (序时进度 of a year not yet over) the counties are told apart three ways: 已完成年度任务,
    达到序时进度, 未达到序时进度 (by how many points).
    """
    c = annual.completion(fig)
    unit, kind, task = fig.indicator.unit, words.counties, target_words(fig.indicator)
    parts = []

    def named(items) -> str:
        if len(items) > NAME_LIST_LIMIT:
            return "（名单见附件）"
        return "：" + ranked_names(items, lambda f: w.percent(f.compared))

    if bar is None:
        if not c.short:
            parts.append(f"{len(c.done)}个{kind}均完成{task}")
        else:
            if c.done:
                parts.append(f"{len(c.done)}个{kind}完成{task}{named(c.done)}")
            if len(c.short) > NAME_LIST_LIMIT:
                parts.append(f"{len(c.short)}个{kind}未完成（名单见附件）")
            else:
                gaps = [
                    f"{f.county}（完成{w.percent(f.compared)}，差{annual.amount(f.target - f.value, unit, like=f.target)}）"
                    for f in c.short
                ]
                parts.append(f"{len(c.short)}个{kind}未完成：{w.names(gaps)}")
    else:
        ahead = annual.completion(fig, bar)
        on_time = [f for f in ahead.done if f not in c.done]
        if c.done:
            parts.append(f"{len(c.done)}个{kind}已完成{task}{named(c.done)}")
        if on_time:
            parts.append(f"{len(on_time)}个{kind}达到序时进度{named(on_time)}")
        if not ahead.short and not (c.done or on_time):
            parts.append(f"各{kind}均达到序时进度")
        elif len(ahead.short) > NAME_LIST_LIMIT:
            parts.append(f"{len(ahead.short)}个{kind}未达到序时进度（名单见附件）")
        else:
            gaps = [
                f"{f.county}（完成{w.percent(f.compared)}，{against_schedule(f.compared, bar, True)}）"
                for f in ahead.short
            ]
            parts.append(f"{len(ahead.short)}个{kind}未达到序时进度：{w.names(gaps)}")
        parts = [p for p in parts if p]
    top, _ = annual.leaders(fig)
    if len(top) > 1 and (not c.done or len(c.done) > NAME_LIST_LIMIT):
        parts.append(f"{w.names(top)}完成率并列第一")
    if c.missing:
        parts.append(f"{w.names(c.missing)}未报送数据")
    return f"从各{kind}看，" + "；".join(parts)
