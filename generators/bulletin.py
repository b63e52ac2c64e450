"""通报排队: the ranking bulletin, for a month or a quarter (一季一点评). Builds the context in official wording;
holds no XML. The period decides what the figures are compared with and how it is named (reading.periods);
nothing here knows whether it is a month or a quarter.

Longer than 400 lines: the bulletin's own sentences (a kind holds its own prose), its charts, annexes and template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TypedDict

from charts.styles import Drawn
from generators import base
from generators.numbers import wording as w
from generators.numbers.figures import IndicatorFigures, MonthFigures, all_tied, laggards, leaders, period_figures
from generators.numbers.phrases import MISSING, TOP_N, against_schedule, compared_text, ranked_names, target_words
from generators.reading import arrivals
from generators.reading.entry import PeriodData, read_period
from generators.reading.periods import Month, Period, Quarter
from generators.reading.tables import MonthData
from generators.reading.workspace import Workspace
from generators.word.titles import break_title
from templates import template_path

TEMPLATE = template_path("bulletin")
KIND = "通报"  # with the period's key, names the document in the 发文登记
NAME_LIST_LIMIT = 20  # beyond this, sentences give a count and point to the annex


class Context(TypedDict):
    """What templates/bulletin.docx is rendered with (tests/test_pipeline.py holds it to the template)."""

    head: dict
    intro: str
    overview: list[str]
    ranking: dict
    items: list[dict]
    problems: dict
    annex: dict
    counties: str
    organ: str


@dataclass
class Inputs:
    """What a bulletin is made from: the period's checked tables and their figures."""

    ws: Workspace
    tables: PeriodData
    figures: MonthFigures
    late: list[str]  # counties whose workbook was saved after the deadline


def title_lines(period: Period) -> list[str]:
    """The title broken where the meaning breaks (word.titles, the one rule for every kind)."""
    return break_title(f"关于{period.words}全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接重点工作进展情况的通报")


def city_sentence(fig: IndicatorFigures, period: Period) -> str:
    """「衔接资金支出进度为86.52%，超序时进度3.20个百分点，较上月提高5.10个百分点」 (较上季度末 for a quarter)."""
    ind, compared, schedule = fig.indicator, fig.city_compared, period.schedule
    if fig.city_value is None or compared is None:
        return f"{ind.name}各县区均未报送数据"
    if ind.is_ratio:
        text = f"{ind.name}为{w.percent(fig.city_value, fig.places)}"
    else:
        text = f"{ind.name}{w.quantity(fig.city_value, ind.unit, ind.places)}"
        if fig.uses_target:
            text += f"，完成{target_words(ind)}的{w.percent(compared, fig.places)}"
    if fig.held_to_schedule:
        text += "，" + against_schedule(compared, schedule, ind.higher_is_better, fig.places)
    if fig.previous_city_compared is not None and fig.city_compared is not None and fig.in_percent:
        what = "" if ind.is_ratio else "完成率"
        text += f"，{what}{period.compared_words}" + w.change_between(
            fig.city_compared, fig.previous_city_compared, places=fig.places
        )
    return text


def _listed(figs) -> str:
    """「：甲县、乙县」, or for a province-sized list a pointer to the annex instead of a wall of names."""
    if len(figs) > NAME_LIST_LIMIT:
        return "（名单见附件2）"
    return "：" + w.names([f.county for f in figs])


def _named(figs, fig: IndicatorFigures) -> str:
    if len(figs) > NAME_LIST_LIMIT:  # a province-sized tie: a count, the names are in the annex
        return f"{len(figs)}个县区（名单见附件2）"
    return ranked_names(figs, lambda f: compared_text(fig, f.compared))


def _ranked_counties(rows) -> str:
    """Composite ranks named, ties together; a count pointing to 附件1 when there are too many."""
    return f"{len(rows)}个县区（名单见附件1）" if len(rows) > NAME_LIST_LIMIT else ranked_names(rows)


def item_text(fig: IndicatorFigures, period: Period) -> str:
    """The paragraph of 分项情况 for one indicator."""
    schedule = period.schedule
    parts = ["全市" + city_sentence(fig, period)]
    ranked = [f for f in fig.ranked() if f.rank is not None]
    if fig.held_to_schedule:
        ahead, behind = fig.ahead(schedule), fig.behind(schedule)
        if not behind:
            parts.append(f"{len(ahead)}个县区均达到序时进度")
        else:
            if ahead:
                parts.append(f"达到序时进度的有{len(ahead)}个县区{_listed(ahead)}")
            parts.append(f"低于序时进度的有{len(behind)}个县区{_listed(behind)}")
    if not fig.is_ranked:
        parts.append("该指标只通报、不排名，各县区数据见附件2")
    elif len(ranked) > 1 and all_tied(ranked):
        who = "各县区" if len(ranked) == len(fig.counties) else f"报送数据的{len(ranked)}个县区"
        what = "完成率" if fig.uses_target else ""
        parts.append(f"{who}{what}均为{compared_text(fig, ranked[0].compared)}")
    elif len(ranked) > 2 * TOP_N:
        top, bottom = leaders(ranked, TOP_N), laggards(ranked, TOP_N)
        if top:
            parts.append(f"排在前三位的是{_named(top, fig)}")
        if bottom:
            parts.append(f"排在后三位的是{_named(bottom, fig)}")
    missing = [f.county for f in fig.counties if f.compared is None]
    if missing:  # 「不参与排名」 only where there is a ranking to stay out of
        parts.append(f"{w.names(missing)}未报送数据" + ("，不参与排名" if fig.is_ranked else ""))
    return "；".join(parts) + "。"


def _top_bottom(figures: MonthFigures):
    """The composite 前三位 and 后三位, ties named together; none when there are too few counties to say."""
    rows = figures.ranking
    if len(rows) <= 2 * TOP_N:
        return [], []
    return leaders(rows, TOP_N), laggards(rows, TOP_N)


def _biggest(rows, amount) -> list:
    """The three biggest movers, and everyone who moved as much as the third."""
    rows = sorted(rows, key=amount, reverse=True)
    if not rows:
        return []
    cut = amount(rows[min(TOP_N, len(rows)) - 1])
    return [r for r in rows if amount(r) >= cut]


def _plain_names(rows, which: str) -> str:
    """「米脂县、清涧县、佳县」, or 「综合排名后三位的25个县区」 for a province-sized tie."""
    return f"{which}{len(rows)}个县区" if len(rows) > NAME_LIST_LIMIT else w.names([r.county for r in rows])


def ranking_sentence(figures: MonthFigures) -> str:
    rows = figures.ranking
    lead = "按照各项指标权重计算综合得分，"
    top, bottom = _top_bottom(figures)
    if len(rows) > 1 and all_tied(rows):
        text = f"{lead}各县区均为{w.fixed(rows[0].score)}分，并列第1位。"
    elif top or bottom:
        said = [f"排在前三位的是{_ranked_counties(top)}"] if top else []
        said += [f"排在后三位的是{_ranked_counties(bottom)}"] if bottom else []
        text = lead + "，".join(said) + "。"
    else:
        text = f"{lead}排名依次为{ranked_names(rows)}。"
    if figures.previous_note:
        return text + f"（{figures.previous_note}，未列排名变化。）"
    up = _biggest([r for r in rows if r.previous_rank and r.previous_rank > r.rank], lambda r: r.previous_rank - r.rank)
    down = _biggest(
        [r for r in rows if r.previous_rank and r.previous_rank < r.rank], lambda r: r.rank - r.previous_rank
    )
    moves = []
    if up:
        moves.append("、".join(f"{r.county}上升{r.previous_rank - r.rank}位" for r in up))
    if down:
        moves.append("、".join(f"{r.county}下降{r.rank - r.previous_rank}位" for r in down))
    than = figures.period.compared_name
    return text + (f"与{than}相比，" + "；".join(moves) + "。" if moves else f"各县区排名与{than}相同。")


def overview(figures: MonthFigures, unreported: list[str] | None = None) -> list[str]:
    period, schedule = figures.period, figures.schedule
    sentences = "；".join(city_sentence(fig, period) for fig in figures.indicators)
    first = f"{period.as_of}，全市{sentences}。"
    if unreported:  # the city's figures (and their change on last month) leave these counties out: say so
        counted = len(figures.ranking) - len(unreported)
        first += f"（{w.names(unreported)}未报送{period.tables}，以上全市数据为其余{counted}个县区之和。）"
    held = [fig for fig in figures.indicators if fig.held_to_schedule and fig.city_compared is not None]
    if not held:
        return [first]
    lagging = [
        fig.indicator.name
        for fig in held
        if fig.city_compared is not None and not fig.is_ahead(fig.city_compared, schedule)
    ]
    second = f"按序时进度（{w.percent(schedule)}）衡量，"
    if len(lagging) == len(held):  # none reached it: said so, not 「全市有0项达到」
        second += f"全市{len(held)}项序时指标均低于序时进度：{w.names(lagging)}。"
    else:
        second += f"{len(held)}项序时指标中，全市有{len(held) - len(lagging)}项达到序时进度"
        second += f"，{w.names(lagging)}低于序时进度。" if lagging else "。"
    return [first, second]


def lagging_sentence(figures: MonthFigures) -> str:
    parts = []
    for fig in figures.indicators:
        behind = fig.behind(figures.schedule)
        if behind:
            names = (
                w.names([f.county for f in behind])
                if len(behind) <= NAME_LIST_LIMIT
                else f"{len(behind)}个县区（名单见附件2）"
            )
            parts.append(f"{fig.indicator.name}低于序时进度的有{names}")
    if not any(fig.held_to_schedule for fig in figures.indicators):
        return ""
    return "；".join(parts) + "。" if parts else "各县区各项序时指标均达到序时进度。"


def ranking_problem(figures: MonthFigures) -> str:
    """The composite 后三位 and, for each, how many 序时 indicators are behind; "" when no county is last."""
    _, bottom = _top_bottom(figures)
    if not bottom:
        return ""
    text = f"{_ranked_counties(bottom)}综合得分排名靠后"
    behind = {
        r.county: sum(
            1 for fig in figures.indicators if any(f.county == r.county for f in fig.behind(figures.schedule))
        )
        for r in bottom
    }
    named = [f"{county}{n}项" for county, n in behind.items() if n]
    if named:
        text += f"，其中{w.names(named)}序时指标低于序时进度"
    return text + "，工作推进力度有待进一步加强。"


def report_deadline(month: Month, day: int) -> dt.date | None:
    """The day of the next month a month's tables are due (设置 「月报/报送截止日」); None when not set."""
    return arrivals.deadline(month.year, month.number, day)


def late_counties(ws: Workspace, data: MonthData, issued: dt.date) -> list[str]:
    """Counties whose own workbook (a per-county folder month) was saved after the deadline, by the
    workbook's own saved time (reading.arrivals). A shared workbook says nothing about who was late."""
    return arrivals.lateness(ws, data, issued)[0]


def reporting_problem(
    data: MonthData, late: list[str] | None = None, deadline: dt.date | None = None, tables: str = "本月报表"
) -> str:
    """What the period's tables (`tables`, as the period names them) got wrong: counties late (by their file's
    date), cells left blank (by county), and 合计 rows that do not add up; "" when the tables were on time,
    complete and consistent."""
    parts = []
    if data.unreported:
        parts.append(f"{w.names(data.unreported)}未报送{tables}")
    if late and deadline:
        parts.append(f"{w.names(late)}报表晚于{w.date(deadline)}报送")
    blanks = {
        county: [col for col, v in row.items() if v.number is None]
        for county, row in data.values.items()
        if county not in data.unreported
    }
    blanks = {county: cols for county, cols in blanks.items() if cols}
    if blanks:
        named = [f"{county}（" + "、".join(f"「{c}」" for c in cols) + "）" for county, cols in blanks.items()]
        if len(named) > NAME_LIST_LIMIT:
            parts.append(f"{len(named)}个县区有数据未填报")
        else:
            parts.append(f"{w.names(named)}有数据未填报")
    wrong = []
    for col, total in data.totals.items():
        counted = [n for r in data.values.values() if (n := r[col].number) is not None]
        if total.number is not None and abs(sum(counted, Decimal(0)) - total.number) > Decimal("0.01"):
            wrong.append(col)
    if wrong:
        parts.append("月报表合计行的" + "、".join(f"「{c}」" for c in wrong) + "与各县区之和不一致")
    return "；".join(parts) + "。" if parts else ""


def _column_title(fig: IndicatorFigures) -> str:
    """An annex column header; the unit goes here so cells stay narrow: 「消费帮扶销售额完成率（%）」."""
    percent = fig.indicator.is_ratio or fig.uses_target
    return (
        fig.indicator.name
        + ("完成率" if fig.uses_target else "")
        + ("（%）" if percent else f"（{fig.indicator.unit}）")
    )


def _cell(fig: IndicatorFigures, value: Decimal | None) -> str:
    """An annex cell: the figure in its column's unit, 「108.91」, or 未报."""
    if value is None:
        return MISSING
    if fig.in_percent:
        return w.fixed(value * 100, fig.places)
    return w.plain(value, fig.places)


def annex(figures: MonthFigures) -> dict:
    weighted = figures.weighted
    by_county = {f.county: i for i, f in enumerate(figures.indicators[0].counties)} if figures.indicators else {}
    score_rows = [
        {
            "rank": str(r.rank),
            "county": r.county,
            "scores": [w.fixed(fig.counties[by_county[r.county]].score) for fig in weighted],
            "total": w.fixed(r.score),
        }
        for r in figures.ranking
    ]
    detail_rows = [
        {
            "county": county,
            "cells": [
                _cell(fig, fig.counties[i].compared) + (f"（{fig.counties[i].rank}）" if fig.counties[i].rank else "")
                for fig in figures.indicators
            ],
        }
        for county, i in by_county.items()
    ]
    detail_rows.append({"county": "全市", "cells": [_cell(fig, fig.city_compared) for fig in figures.indicators]})
    return {
        "score_columns": [f"{fig.indicator.name}（{w.plain(fig.indicator.weight)}分）" for fig in weighted],
        "score_rows": score_rows,
        "detail_columns": [_column_title(fig) for fig in figures.indicators],
        "detail_rows": detail_rows,
    }


def charts(figures: MonthFigures, style: str = "image") -> tuple[Drawn, list[Drawn | None]]:
    """The charts (PNG bytes, or editable charts): the composite ranking, each indicator against 序时进度."""
    from charts.batch import Job, draw_all
    from charts.styles import style as chart_style

    draw = chart_style(style)
    period = figures.period
    jobs: list[Job] = [
        partial(
            draw.ranking_chart,
            [r.county for r in figures.ranking],
            [float(r.score) for r in figures.ranking],
            title=f"{period.label}各县区综合得分",
            unit="分",
        )
    ]
    charted = []
    for fig in figures.indicators:
        charted.append(fig.indicator.is_ratio or fig.uses_target)
        if not charted[-1]:
            continue
        ranked = fig.ranked()
        jobs.append(
            partial(
                draw.progress_chart,
                [f.county for f in ranked],
                [None if f.compared is None else float(f.compared * 100) for f in ranked],
                title=f"{period.label}各县区{fig.indicator.name}" + ("完成率" if fig.uses_target else "") + "（%）",
                schedule_pct=float(figures.schedule * 100) if fig.held_to_schedule else None,
                higher_is_better=fig.indicator.higher_is_better,
            )
        )
    pngs = iter(draw_all(jobs))
    ranking = next(pngs)
    return ranking, [next(pngs) if drawn else None for drawn in charted]


class Kind(base.Kind[Period, Inputs]):
    """The bulletin of a month or a quarter; `trace` adds its 计算过程 workbook, `chart_style` "image" or
    "native" (editable), None the settings' 图表/格式."""

    label = KIND
    periods = (Month, Quarter)
    template = TEMPLATE

    def __init__(self, chart_style: str | None = None, trace: bool = False):
        self.chart_style = chart_style
        self.trace = trace

    def dates(self, period: Period) -> tuple[dt.date, dt.date, str]:
        return period.first_day, period.last_day + dt.timedelta(days=366), f"{period.words}数据"

    def prepare(self, ws: Workspace) -> None:
        from charts import batch

        batch.prepare(lambda: self.chart_style or ws.settings.chart_style)  # the chart worker loads meanwhile

    def read(self, ws: Workspace, period: Period, issued: dt.date) -> Inputs:
        tables = read_period(ws, period)
        return Inputs(ws, tables, period_figures(ws, tables), late_counties(ws, tables.current, issued))

    def build(self, inputs: Inputs, period: Period, issued: dt.date, numbers: list[str]) -> list[base.Draft]:
        ws = inputs.ws
        context = context_of(ws, inputs, period, issued, numbers[0], self.chart_style or ws.settings.chart_style)
        options = {period.OPTION: period.key}
        return [base.Draft(period.key, title_lines(period), context, period.key, options)]

    def beside(self, inputs: Inputs, drafts, paths, issued: dt.date) -> list[tuple[Path, bytes]]:
        if not self.trace:
            return []
        from generators import trace as calculation
        from generators.writing import reproducible

        book = calculation.workbook(inputs.figures, inputs.tables.current, issued)
        return [(calculation.path_beside(paths[0]), reproducible(book))]

    def said(self, done: base.Issued) -> list[str]:
        made = [f"已生成：{path}" for path in done.paths] + [f"计算过程：{path}" for path in done.beside]
        return made + base.registered(done)


def context_of(ws: Workspace, inputs: Inputs, period: Period, issued: dt.date, number: str, style: str) -> Context:
    from generators.word.render import figure

    figures, data = inputs.figures, inputs.tables.current
    s = ws.settings
    ranking_png, item_pngs = charts(figures, style)
    top, bottom = _top_bottom(figures)
    deadline = report_deadline(period.month, s.report_day)
    routine = f"按照{period.routine}工作机制，" if period.routine else ""
    counties = w.all_counties(ws.roster.names)  # 「各县（市、区）」 as the roster has them
    return {
        "head": base.head(
            s,
            issued,
            title_lines(period),
            doc_number=number,
            attachments=[f"{period.words}各县区综合排名及得分表", f"{period.words}各县区重点指标完成情况表"],
        ),
        "intro": (
            f"为及时掌握全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接重点工作进展，{routine}"
            f"{s.organ.short}对{counties}{period.words}重点指标完成情况进行了调度排队。"
            "现将有关情况通报如下。"
        ),
        "overview": overview(figures, data.unreported),
        "ranking": {
            "sentence": ranking_sentence(figures),
            "chart": figure(ranking_png),
            "change": f"较{period.compared_name}变化",
            "rows": [
                {
                    "rank": str(r.rank),
                    "county": r.county,
                    "score": w.fixed(r.score),
                    "change": w.rank_change(r.previous_rank, r.rank, period.compared_name)
                    if not figures.previous_note
                    else "—",
                }
                for r in figures.ranking
            ],
        },
        "items": [
            {
                "heading": w.level2(i) + fig.indicator.name,
                "text": item_text(fig, period),
                "chart": figure(png) if png else None,
            }
            for i, (fig, png) in enumerate(zip(figures.indicators, item_pngs), 1)
        ],
        "problems": {
            "lagging": lagging_sentence(figures),
            "ranking": ranking_problem(figures),
            "reporting": reporting_problem(data, inputs.late, deadline, period.tables),
            "bottom_names": _plain_names(bottom, "综合排名后三位的"),
            "top_names": _plain_names(top, "综合排名前三位的"),
        },
        "annex": annex(figures),
        "counties": counties,
        "organ": s.organ.short,
    }


def build(ws: Workspace, period: Period, issued: dt.date, chart_style: str | None = None) -> base.Draft:
    """The bulletin as it would be worded, nothing written (tests, the bench): see `base.preview`."""
    return base.preview(Kind(chart_style), ws, period, issued)[0]


# ---------------------------------------------------------------- the template

# Wording the office writes once; the names in {{ }} are filled from the data.
# Each paragraph is there only when the data has something to say ({%p if %} around it in layout()).
PROBLEMS = [
    ("problems.lagging", "从序时进度看，{{ problems.lagging }}"),
    ("problems.ranking", "从综合排名看，{{ problems.ranking }}"),
    ("problems.reporting", "从数据报送看，{{ problems.reporting }}"),
]
REQUIREMENTS = [
    (
        "（一）压紧压实工作责任。",
        "{{ counties }}要对照年度目标任务和序时进度，逐项梳理重点工作推进情况，"
        "细化工作措施，明确责任人和时间节点，确保各项任务按期完成。",
    ),
    (
        "（二）加快补齐短板弱项。",
        "{% if problems.bottom_names %}{{ problems.bottom_names }}要认真分析原因，找准问题症结，制定针对性措施，"
        "加快工作进度，尽快扭转排名靠后的局面。{% endif %}"
        "对低于序时进度的指标，要倒排工期、挂图作战，确保按时达到序时进度要求。",
    ),
    (
        "（三）规范数据报送工作。",
        "{{ counties }}要严格落实月调度、月通报工作机制，按时报送月度数据，"
        "确保数据真实、准确、完整。{{ organ }}将持续开展调度排队，对工作推进不力的县区予以通报提醒。",
    ),
]


def layout():
    """templates/bulletin.docx: the monthly 通报排队, with its annexes on landscape pages."""
    from generators.word import blocks as b
    from generators.word.blocks import para

    doc = b.new_document(landscape_annexes=True)
    b.red_head(doc)
    b.title_block(doc)
    para(doc, "{{ intro }}")

    para(doc, "一、总体情况", "一级标题")
    b.loop_paragraphs(doc, "text in overview")

    para(doc, "二、综合排名", "一级标题")
    para(doc, "{{ ranking.sentence }}")
    para(doc, "{{ ranking.chart }}", "图")
    b.loop_table(
        doc,
        b.text_width_mm(),
        ["排名", "县区", "综合得分", "{{ ranking.change }}"],
        "row in ranking.rows",
        ["{{ row.rank }}", "{{ row.county }}", "{{ row.score }}", "{{ row.change }}"],
    )

    para(doc, "三、分项指标情况", "一级标题")
    para(doc, "{%p for item in items %}")
    para(doc, "{{ item.heading }}", "二级标题")
    para(doc, "{{ item.text }}")
    para(doc, "{%p if item.chart %}")
    para(doc, "{{ item.chart }}", "图")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")

    para(doc, "四、存在问题", "一级标题")
    for condition, text in PROBLEMS:
        para(doc, f"{{%p if {condition} %}}")
        para(doc, text)
        para(doc, "{%p endif %}")

    para(doc, "五、下步工作要求", "一级标题")
    for heading, text in REQUIREMENTS:
        b.run_heading_paragraph(doc, heading, text)

    b.attachment_notes(doc)
    b.signature_block(doc)

    # Annexes: landscape pages, same margins; footers are inherited from the body.
    wide = b.landscape_section(doc)
    b.annex_title(doc, "附件1", "{{ head.attachments[0] }}")
    b.loop_table(
        doc,
        wide,
        ["排名", "县区", *b.column_loop("name", "annex.score_columns", "{{ name }}"), "综合得分"],
        "row in annex.score_rows",
        ["{{ row.rank }}", "{{ row.county }}", *b.column_loop("score", "row.scores", "{{ score }}"), "{{ row.total }}"],
    )
    b.annex_title(doc, "附件2", "{{ head.attachments[1] }}", new_page=True)
    b.county_table(doc, wide, "annex.detail_columns", "annex.detail_rows")
    para(doc, "注：括号内为该县区在该项指标中的位次。", "表注")
    b.banji(doc)
    return doc
