"""通报排队: the monthly ranking bulletin. Builds the context in official wording; holds no XML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from generators import base
from generators.numbers import wording as w
from generators.numbers.figures import IndicatorFigures, MonthFigures, compute
from generators.numbers.phrases import MISSING, TOP_N, against_schedule, compared_text
from generators.numbers.titles import break_title
from generators.reading.tables import MonthData, read_with_previous
from generators.reading.workspace import Month, Workspace
from templates import template_path

TEMPLATE = template_path("bulletin")
KIND = "通报"  # with the month, names the document in the 发文登记
NAME_LIST_LIMIT = 20  # beyond this, sentences give a count and point to the annex


@dataclass
class Bulletin:
    """A bulletin ready to render: where it goes, and what it says."""

    title: str
    context: dict
    figures: MonthFigures
    data: MonthData


def title_lines(month: Month) -> list[str]:
    """The title broken where the meaning breaks (numbers.titles, the one rule for every kind)."""
    return break_title(
        f"关于{month.year}年{month.month}月份全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接重点工作进展情况的通报"
    )


def title_of(month: Month) -> str:
    return "".join(title_lines(month))


def city_sentence(fig: IndicatorFigures, schedule: Decimal) -> str:
    """「衔接资金支出进度为86.52%，超序时进度3.2个百分点，较上月提高5.1个百分点」."""
    ind = fig.indicator
    if fig.city_value is None:
        return f"{ind.name}各县区均未报送数据"
    if ind.is_ratio:
        text = f"{ind.name}为{w.percent(fig.city_value)}"
    else:
        text = f"{ind.name}{w.quantity(fig.city_value, ind.unit)}"
        if fig.uses_target:
            text += f"，完成年度任务的{w.percent(fig.city_compared)}"
    if fig.held_to_schedule:
        text += "，" + against_schedule(fig.city_compared, schedule, ind.higher_is_better)
    if fig.previous_city_compared is not None and (ind.is_ratio or fig.uses_target):
        what = "" if ind.is_ratio else "完成率"
        text += f"，{what}较上月" + w.change_in_points(fig.city_compared - fig.previous_city_compared)
    return text


def _listed(figs) -> str:
    """「：甲县、乙县」, or for a province-sized list a pointer to the annex instead of a wall of names."""
    if len(figs) > NAME_LIST_LIMIT:
        return "（名单见附件2）"
    return "：" + w.names([f.county for f in figs])


def _named(figs, fig: IndicatorFigures) -> str:
    return w.names([f"{f.county}（{compared_text(fig, f.compared)}）" for f in figs])


def item_text(fig: IndicatorFigures, schedule: Decimal) -> str:
    """The paragraph of 分项情况 for one indicator."""
    parts = ["全市" + city_sentence(fig, schedule)]
    ranked = [f for f in fig.ranked() if f.rank is not None]
    if fig.held_to_schedule:
        ahead, behind = fig.ahead(schedule), fig.behind(schedule)
        if not behind:
            parts.append(f"{len(ahead)}个县区均达到序时进度")
        else:
            if ahead:
                parts.append(f"达到序时进度的有{len(ahead)}个县区{_listed(ahead)}")
            parts.append(f"低于序时进度的有{len(behind)}个县区{_listed(behind)}")
    if len(ranked) > 2 * TOP_N:
        parts.append(f"排在前三位的是{_named(ranked[:TOP_N], fig)}")
        parts.append(f"排在后三位的是{_named(ranked[-TOP_N:], fig)}")
    missing = [f.county for f in fig.counties if f.compared is None]
    if missing:
        parts.append(f"{w.names(missing)}未报送数据，不参与排名")
    return "；".join(parts) + "。"


def _top_bottom(figures: MonthFigures):
    rows = figures.ranking
    return rows[:TOP_N], rows[-TOP_N:]


def ranking_sentence(figures: MonthFigures) -> str:
    top, bottom = _top_bottom(figures)
    if len(figures.ranking) > 2 * TOP_N:
        text = (
            f"按照各项指标权重计算综合得分，排在前三位的是{w.names([r.county for r in top])}，"
            f"排在后三位的是{w.names([r.county for r in bottom])}。"
        )
    else:
        text = f"按照各项指标权重计算综合得分，排名依次为{w.names([r.county for r in figures.ranking])}。"
    if figures.previous_note:
        return text + f"（{figures.previous_note}，未列排名变化。）"
    up = sorted(
        (r for r in figures.ranking if r.previous_rank and r.previous_rank > r.rank),
        key=lambda r: r.rank - r.previous_rank,
    )
    down = sorted(
        (r for r in figures.ranking if r.previous_rank and r.previous_rank < r.rank),
        key=lambda r: r.previous_rank - r.rank,
    )
    moves = []
    if up:
        moves.append("、".join(f"{r.county}上升{r.previous_rank - r.rank}位" for r in up[:TOP_N]))
    if down:
        moves.append("、".join(f"{r.county}下降{r.rank - r.previous_rank}位" for r in down[:TOP_N]))
    return text + ("与上月相比，" + "；".join(moves) + "。" if moves else "各县区排名与上月相同。")


def overview(figures: MonthFigures) -> list[str]:
    month, schedule = figures.month, figures.schedule
    sentences = "；".join(city_sentence(fig, schedule) for fig in figures.indicators)
    first = f"截至{month.year}年{month.month}月底，全市{sentences}。"
    held = [fig for fig in figures.indicators if fig.held_to_schedule and fig.city_compared is not None]
    if not held:
        return [first]
    lagging = [fig.indicator.name for fig in held if not fig.is_ahead(fig.city_compared, schedule)]
    second = f"按序时进度（{w.percent(schedule)}）衡量，{len(held)}项序时指标中，全市有{len(held) - len(lagging)}项达到序时进度"
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
    return "；".join(parts) + "。" if parts else "各县区各项序时指标均达到序时进度。"


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
    if fig.indicator.is_ratio or fig.uses_target:
        return w.fixed(value * 100)
    return w.plain(value)


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


def charts(figures: MonthFigures) -> tuple[bytes, list[bytes | None]]:
    """PNG charts: the composite ranking, and each indicator's figures against 序时进度."""
    from charts.batch import draw_all

    month = figures.month
    jobs = [
        (
            "ranking_chart",
            ([r.county for r in figures.ranking], [float(r.score) for r in figures.ranking]),
            {"title": f"{month.label}各县区综合得分", "unit": "分"},
        )
    ]
    charted = []
    for fig in figures.indicators:
        charted.append(fig.indicator.is_ratio or fig.uses_target)
        if not charted[-1]:
            continue
        ranked = fig.ranked()
        jobs.append(
            (
                "progress_chart",
                (
                    [f.county for f in ranked],
                    [None if f.compared is None else float(f.compared * 100) for f in ranked],
                ),
                {
                    "title": f"{month.label}各县区{fig.indicator.name}"
                    + ("完成率" if fig.uses_target else "")
                    + "（%）",
                    "schedule_pct": float(figures.schedule * 100) if fig.held_to_schedule else None,
                    "higher_is_better": fig.indicator.higher_is_better,
                },
            )
        )
    pngs = iter(draw_all(jobs))
    ranking = next(pngs)
    return ranking, [next(pngs) if drawn else None for drawn in charted]


def build(ws: Workspace, month: Month, issued: dt.date, serial: int | None = None) -> Bulletin:
    from generators.word.render import Picture

    data, previous = read_with_previous(ws, month)
    figures = compute(ws, data, previous)
    s = ws.settings
    title = title_of(month)
    ranking_png, item_pngs = charts(figures)
    top, bottom = _top_bottom(figures)
    serial = serial if serial is not None else s.numbering.first_serial
    context = {
        "head": base.head(
            s,
            issued,
            title_lines(month),
            doc_number=w.doc_number(s.numbering.prefix, issued.year, serial),
            attachments=[f"{month.label}份各县区综合排名及得分表", f"{month.label}份各县区重点指标完成情况表"],
        ),
        "intro": (
            f"为及时掌握全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接重点工作进展，按照月调度、月通报工作机制，"
            f"{s.organ.short}对各县（市、区）{month.label}份重点指标完成情况进行了调度排队。现将有关情况通报如下。"
        ),
        "overview": overview(figures),
        "ranking": {
            "sentence": ranking_sentence(figures),
            "chart": Picture(ranking_png),
            "rows": [
                {
                    "rank": str(r.rank),
                    "county": r.county,
                    "score": w.fixed(r.score),
                    "change": w.rank_change(r.previous_rank, r.rank) if not figures.previous_note else "—",
                }
                for r in figures.ranking
            ],
        },
        "items": [
            {
                "heading": w.level2(i) + fig.indicator.name,
                "text": item_text(fig, figures.schedule),
                "chart": Picture(png) if png else None,
            }
            for i, (fig, png) in enumerate(zip(figures.indicators, item_pngs), 1)
        ],
        "problems": {
            "lagging": lagging_sentence(figures),
            "bottom_names": w.names([r.county for r in bottom]),
            "top_names": w.names([r.county for r in top]),
        },
        "annex": annex(figures),
        "month_label": month.label,
        "city": s.organ.city,
        "schedule": w.percent(figures.schedule),
    }
    return Bulletin(title, context, figures, data)


def write(
    ws: Workspace,
    month: Month,
    output_dir: Path,
    issued: dt.date,
    template: Path | None = None,
    serial: int | None = None,
) -> Path:
    from generators import register

    s = ws.settings
    register.check_free(ws.root, KIND, month.key, s.numbering.prefix, issued.year, serial)  # before the charts
    bulletin = build(ws, month, issued, serial)
    out = base.output_path(Path(output_dir) / month.key, bulletin.title)
    return base.write_numbered(
        ws,
        template or TEMPLATE,
        bulletin.context,
        out,
        kind=KIND,
        subject=month.key,
        prefix=s.numbering.prefix,
        first=s.numbering.first_serial,
        issued=issued,
        number=serial,
        options={"month": month.key, "date": issued.isoformat(), "number": serial, "template": template},
    )


# ---------------------------------------------------------------- the template

# Wording the office writes once; the names in {{ }} are filled from the data.
PROBLEMS = [
    "从序时进度看，{{ problems.lagging }}",
    "从综合排名看，{{ problems.bottom_names }}综合得分排名靠后，部分指标与序时进度差距较大，"
    "工作推进力度有待进一步加强。",
    "从数据报送看，个别县区报送不够及时，存在统计口径不一致、数据前后衔接不上等情况，影响了全市调度分析的质量和效率。",
]
REQUIREMENTS = [
    (
        "（一）压紧压实工作责任。",
        "各县（市、区）要对照年度目标任务和序时进度，逐项梳理重点工作推进情况，"
        "细化工作措施，明确责任人和时间节点，确保各项任务按期完成。",
    ),
    (
        "（二）加快补齐短板弱项。",
        "{{ problems.bottom_names }}要认真分析原因，找准问题症结，制定针对性措施，"
        "加快工作进度，尽快扭转排名靠后的局面。对低于序时进度的指标，要倒排工期、挂图作战，确保按时达到序时进度要求。",
    ),
    (
        "（三）规范数据报送工作。",
        "各县（市、区）要严格落实月调度、月通报工作机制，按时报送月度数据，"
        "确保数据真实、准确、完整。我办将持续开展调度排队，对工作推进不力的县区予以通报提醒。",
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
        ["排名", "县区", "综合得分", "较上月变化"],
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
    for text in PROBLEMS:
        para(doc, text)

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
    b.loop_table(
        doc,
        wide,
        ["县区", *b.column_loop("name", "annex.detail_columns", "{{ name }}")],
        "row in annex.detail_rows",
        ["{{ row.county }}", *b.column_loop("cell", "row.cells", "{{ cell }}")],
    )
    para(doc, "注：括号内为该县区在该项指标中的位次。", "表注")
    b.banji(doc)
    return doc
