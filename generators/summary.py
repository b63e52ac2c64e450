"""年度工作总结: the annual summary, as an attachment for OA or (`report=True`) issued as a 报告 upwards.

The sections, their lead sentences, the office's prose and which figures each paragraph carries come
from 年度总结.xlsx (generators/reading/yearly.py); this module writes the data-driven sentences,
the charts and the annex table. Builds the context in official wording; holds no XML.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from charts.styles import Drawn
from generators import base
from generators.errors import DataError, GongwenError, Problem
from generators.numbers import annual
from generators.numbers import wording as w
from generators.numbers.figures import IndicatorFigures, MonthFigures, compute
from generators.numbers.phrases import ranked_names, target_words
from generators.reading.entry import Gathered, read_period
from generators.reading.periods import YearToDate
from generators.reading.workspace import Workspace
from generators.reading.yearly import Section, YearIndicator, read_config, read_year
from generators.word.titles import break_title
from templates import template_path

TEMPLATE = template_path("summary")
REPORT_TEMPLATE = template_path("summary_report")  # the same layout with the 上行文 frame
VARIANTS = {"summary_report": {"report": True}}  # further templates built from layout(**kwargs)
NAME_LIST_LIMIT = 20  # beyond this a sentence gives a count and points to the annex
LOG = logging.getLogger("gongwen.summary")
KIND = "报告"  # with the year, names the report in the 发文登记
REPORT_FIRST_SERIAL = 1  # settings hold no 下一个序号 for 报告前缀: the register counts from 1
OPENING = "开头"  # a first 「部分」 of this name is the opening paragraph, not a numbered section


@dataclass
class Summary:
    title: str
    context: dict
    figures: MonthFigures
    omissions: list[str] = field(default_factory=list)  # comparisons left out, said in the log


def title_lines(ws: Workspace, year: int, report: bool) -> list[str]:
    """The title broken where the meaning breaks (word.titles, the one rule for every kind)."""
    city = ws.settings.organ.city
    if report:
        return break_title(f"关于{year}年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作情况的报告")
    return break_title(f"{city}{year}年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作总结", keep=(city,))


def _fill(text: str, year: int) -> str:
    """The office's prose may name the years relative to the summary's: {年份} {上一年} {下一年}."""
    return text.replace("{年份}", str(year)).replace("{上一年}", str(year - 1)).replace("{下一年}", str(year + 1))


# ---------------------------------------------------------------- sentences


def month_sentence(fig: IndicatorFigures, before: IndicatorFigures | None, last_year: int) -> str:
    """「小额信贷新增放贷11.36亿元，完成10.6亿元年度任务的107.17%，较2021年增加2.52亿元，增幅为16.3%」."""
    ind = fig.indicator
    if fig.city_value is None:
        return f"{ind.name}各县区均未报送数据"
    if ind.is_ratio:
        text = f"{ind.name}为{w.percent(fig.city_value)}"
    else:
        text = ind.name + annual.amount(fig.city_value, ind.unit)
        if fig.uses_target and fig.city_target is not None and fig.city_compared is not None:
            text += (
                f"，完成{annual.amount(fig.city_target, ind.unit)}{target_words(ind)}的{w.percent(fig.city_compared)}"
            )
    if before is not None and before.city_value is not None:
        text += "，" + annual.change(fig.city_value, before.city_value, ind.unit, last_year, ind.is_ratio)
    return text


def counties_sentence(fig: IndicatorFigures) -> str:
    """Which counties finished the annual target, which did not and by how much; ties named together."""
    c = annual.completion(fig)
    unit = fig.indicator.unit
    task = target_words(fig.indicator)
    parts = []
    if not c.short:
        parts.append(f"{len(c.done)}个县区均完成{task}")
    else:
        if c.done:
            names = (
                "（名单见附件）"
                if len(c.done) > NAME_LIST_LIMIT
                else "：" + ranked_names(c.done, lambda f: w.percent(f.compared))
            )
            parts.append(f"{len(c.done)}个县区完成{task}{names}")
        if len(c.short) > NAME_LIST_LIMIT:
            parts.append(f"{len(c.short)}个县区未完成（名单见附件）")
        else:
            gaps = [
                f"{f.county}（完成{w.percent(f.compared)}，差{annual.amount(f.target - f.value, unit, like=f.target)}）"
                for f in c.short
            ]
            parts.append(f"{len(c.short)}个县区未完成：{w.names(gaps)}")
    top, _ = annual.leaders(fig)
    if len(top) > 1 and (not c.done or len(c.done) > NAME_LIST_LIMIT):
        parts.append(f"{w.names(top)}完成率并列第一")
    if c.missing:
        parts.append(f"{w.names(c.missing)}未报送数据")
    return "从各县区看，" + "；".join(parts)


def year_sentence(
    fig: annual.YearFigure, before: annual.YearFigure | None, figures: dict[str, annual.YearFigure], last_year: int
) -> str:
    """「新识别监测对象2178户5269人」「累计消除风险10615户24054人，占监测对象总人数的71.6%」."""
    ind = fig.indicator
    if fig.value is None:
        return f"{ind.name}各县区均未报送数据"
    text = ind.name + ("为" if ind.method != "合计" else "") + annual.pair_text(fig)
    if ind.share_of:
        whole = figures[ind.share_of]
        ratio = annual.share(fig, whole)
        if ratio is not None:
            unit = ind.pair_unit if ind.pair and whole.indicator.pair else ind.unit
            text += f"，占{whole.indicator.name}总{unit}数的{w.percent(ratio)}"
    if before is not None and before.value is not None:
        if not ind.pair:
            text += "，" + annual.change(fig.value, before.value, ind.unit, last_year, ind.method == "比率")
        elif before.pair_value is not None and fig.pair_value is not None:
            d1, d2 = fig.value - before.value, fig.pair_value - before.pair_value
            if d1 and d2 and (d1 > 0) == (d2 > 0):  # 「较2021年增加26户108人」
                verb = "增加" if d1 > 0 else "减少"
                text += (
                    f"，较{last_year}年{verb}{annual.amount(abs(d1), ind.unit)}{annual.amount(abs(d2), ind.pair_unit)}"
                )
            elif not d1 and not d2:
                text += f"，与{last_year}年持平"
            else:  # 「较2021年户数增加3户、人数减少5人」, 「户数持平」: never a silent gap
                moves = [
                    f"{unit}数" + (("增加" if d > 0 else "减少") + annual.amount(abs(d), unit) if d else "持平")
                    for d, unit in ((d1, ind.unit), (d2, ind.pair_unit))
                ]
                text += f"，较{last_year}年" + "、".join(moves)
    return text


# ---------------------------------------------------------------- reading the year


def progress_records(series: dict[int, MonthFigures]) -> dict[int, dict[str, float]]:
    """The year's monthly city figures of the 序时 indicators, in percent: {month: {indicator: percent}}."""
    return {
        m: {
            fig.indicator.name + ("完成率" if fig.uses_target else ""): float(fig.city_compared * 100)
            for fig in figures.indicators
            if fig.held_to_schedule and fig.city_compared is not None
        }
        for m, figures in sorted(series.items())
    }


def charts(
    year: int, series: dict[int, MonthFigures], december: MonthFigures, style: str = "image"
) -> tuple[Drawn | None, list[Drawn]]:
    """The charts (PNG bytes, or editable charts): the year's monthly progress against 序时进度 (lines),
    each target's completion by county (bars)."""
    from charts.batch import Job, draw_all
    from charts.styles import style as chart_style

    draw = chart_style(style)

    jobs: list[Job] = []
    records = progress_records(series)
    has_lines = any(records.values())
    if has_lines:
        jobs.append(
            partial(
                draw.year_progress_chart,
                {m: r for m, r in records.items() if r},
                title=f"{year}年全市序时指标逐月进度（%）",
            )
        )
    targeted = [fig for fig in december.indicators if fig.uses_target]
    for fig in targeted:
        ranked = fig.ranked()
        jobs.append(
            partial(
                draw.progress_chart,
                [f.county for f in ranked],
                [None if f.compared is None else float(f.compared * 100) for f in ranked],
                title=f"{year}年各县区{fig.indicator.name}年度任务完成率（%）",
                schedule_pct=100.0,
                higher_is_better=fig.indicator.higher_is_better,
            )
        )
    pngs = draw_all(jobs)
    return (pngs[0] if has_lines else None), pngs[1:] if has_lines else pngs


def annex(december: MonthFigures) -> dict:
    """附件: each county's year-end value, annual target and 完成率 for every indicator with targets."""
    targeted = [fig for fig in december.indicators if fig.uses_target]
    columns = []
    for fig in targeted:
        unit = fig.indicator.unit
        columns += [f"{fig.indicator.name}（{unit}）", f"年度任务（{unit}）", "完成率（%）"]

    def cells(value, target, compared) -> list[str]:
        return [
            "未报" if value is None else w.plain(value),
            "—" if target is None else w.plain(target),
            "未报" if compared is None else w.fixed(compared * 100),
        ]

    rows = []
    for i, county in enumerate(f.county for f in targeted[0].counties) if targeted else ():
        row = []
        for fig in targeted:
            f = fig.counties[i]
            row += cells(f.value, f.target, f.compared)
        rows.append({"county": county, "cells": row})
    if targeted:
        total = []
        for fig in targeted:
            total += cells(fig.city_value, fig.city_target, fig.city_compared)
        rows.append({"county": "全市", "cells": total})
    return {"columns": columns, "rows": rows}


def _resolve(
    sections: list[Section], monthly: dict[str, IndicatorFigures], yearly: dict[str, YearIndicator]
) -> list[Problem]:
    problems = []
    for section in sections:
        for p in section.paragraphs:
            for code in p.figures:
                if code not in monthly and code not in yearly:
                    problems.append(
                        Problem(
                            p.source,
                            f"「{section.heading}」中的指标「{code}」既不在指标.xlsx中，也不在「年度指标」中",
                            code,
                            "指标的代码或名称",
                        )
                    )
    return problems


def build(
    ws: Workspace,
    year: int,
    issued: dt.date,
    *,
    report: bool = False,
    serial: int | None = None,
    chart_style: str | None = None,
) -> Summary:
    """`chart_style`: "image" or "native" (editable); None takes the settings' 图表/格式."""
    from generators.word.chart_parts import figure

    omissions: list[str] = []
    period = YearToDate(year)
    last_year = year - 1
    # The summary's own tables first, then the period's through the reading entry: every problem together.
    gathered = Gathered(ws)
    config, _ = gathered.attempt(lambda: read_config(ws))
    year_inds, sections = config or ([], [])
    table = previous = None
    if year_inds:
        table, _ = gathered.attempt(lambda: read_year(ws, year, year_inds))
        previous, _ = gathered.attempt(lambda: read_year(ws, last_year, year_inds))
    read = read_period(
        ws,
        period,
        series=True,
        complete_for="年度总结用12月的累计数，",
        compared_complete_for=f"与{last_year}年比较，",
        gathered=gathered,
    )
    s = ws.settings
    december_data, before_data, months = read.current, read.compared, read.series

    december = compute(ws, december_data, period=period)
    monthly = {}
    for fig in december.indicators:
        monthly[fig.indicator.code] = monthly[fig.indicator.name] = fig
    yearly = {}
    for ind in year_inds:
        yearly[ind.code] = yearly[ind.name] = ind
    problems = _resolve(sections, monthly, yearly)
    if problems:
        raise DataError(problems)

    before_month: dict[str, IndicatorFigures] = {}
    if before_data is not None:
        for fig in compute(ws, before_data).indicators:
            before_month[fig.indicator.code] = before_month[fig.indicator.name] = fig
    else:
        omissions.append(f"没有{last_year}年12月的月报，文中不写重点指标较{last_year}年的变化")

    used_yearly = {code for sec in sections for p in sec.paragraphs for code in p.figures if code in yearly}
    year_figs: dict[str, annual.YearFigure] = {}
    before_year: dict[str, annual.YearFigure] = {}
    if table is None and used_yearly:
        raise GongwenError(
            f"没有{year}年的年度数据：「{ws.display(ws.path('年度数据'))}」中找不到文件名含「{year}」的表格，"
            f"而「年度总结.xlsx」用到了其中的指标（{w.names(sorted({yearly[c].name for c in used_yearly}))}）。"
        )
    if table is not None:
        for ind in year_inds:
            year_figs[ind.code] = year_figs[ind.name] = annual.year_figure(ind, table)
        if previous is None:
            omissions.append(f"没有{last_year}年的年度数据，文中不写年度指标较{last_year}年的变化")
        else:
            for ind in year_inds:
                before_year[ind.code] = before_year[ind.name] = annual.year_figure(ind, previous)
    for note in omissions:
        LOG.warning(note)

    series = {m.number: compute(ws, data) for m, data in months.items()}
    series[12] = december
    lines_png, bar_pngs = charts(year, series, december, chart_style or s.chart_style)
    bar_of = {fig.indicator.code: png for fig, png in zip([f for f in december.indicators if f.uses_target], bar_pngs)}

    intro = (
        f"{year}年，{s.organ.short}认真贯彻落实巩固拓展脱贫攻坚成果同乡村振兴有效衔接各项决策部署，"
        f"按照月调度、月通报工作机制推进各项重点工作。现将{year}年工作情况总结如下。"
    )
    if sections and sections[0].heading == OPENING:  # the office's own opening paragraph
        intro = "".join(_fill(p.lead + p.text, year) for p in sections[0].paragraphs)
        sections = sections[1:]
    body: list[dict] = []
    lines_placed = False
    for n, section in enumerate(sections, 1):
        paragraphs = []
        for p in section.paragraphs:
            groups: list[list[str]] = [[]]  # sentences about the city; a counties sentence closes a group
            pictures = []
            for code in p.figures:
                if code in monthly:
                    fig = monthly[code]
                    groups[-1].append(month_sentence(fig, before_month.get(code), last_year))
                    if fig.uses_target:
                        groups.append([counties_sentence(fig)])
                        groups.append([])
                        pictures.append(figure(bar_of[fig.indicator.code]))
                    if fig.held_to_schedule and lines_png and not lines_placed:
                        pictures.insert(0, figure(lines_png))
                        lines_placed = True
                else:
                    groups[-1].append(year_sentence(year_figs[code], before_year.get(code), year_figs, last_year))
            data, opened = "", False
            for group in filter(None, groups):
                if group[0].startswith("从各县区看"):
                    data += group[0] + "。"
                else:
                    data += ("全市" if opened else "全年，全市") + "；".join(group) + "。"
                    opened = True
            prose = _fill(p.text, year)
            paragraphs.append(
                {"lead": _fill(p.lead, year), "text": "".join(t for t in (prose, data) if t), "charts": pictures}
            )
        heading = re.sub(r"^\s*[一二三四五六七八九十百]+\s*[、.．]\s*", "", _fill(section.heading, year))
        body.append({"heading": w.level1(n) + heading, "paragraphs": paragraphs})

    # The document's last paragraph stands outside the loops in the template, so it keeps with the
    # signature (GB/T 9704 §7.3.5: the signature never stands alone on a page); one with charts stays in.
    last: dict | None = None
    if body and body[-1]["paragraphs"] and not body[-1]["paragraphs"][-1]["charts"]:
        last = body[-1]["paragraphs"].pop()

    title = "".join(title_lines(ws, year, report))
    attachment = f"各县区{year}年度任务完成情况表"
    if report:  # the number shown here is provisional: write() takes it from the 发文登记
        serial = serial if serial is not None else REPORT_FIRST_SERIAL
        prefix = s.require(s.numbering.report_prefix, "发文字号", "报告前缀")
        head = base.head(
            s,
            issued,
            title_lines(ws, year, report),
            doc_number=w.doc_number(prefix, issued.year, serial),
            recipients=s.require(s.documents.report_recipients, "公文", "上报主送"),
            issuer=s.require(s.documents.issuer, "公文", "签发人"),
            attachments=[attachment],
        )
    else:
        head = base.head(s, issued, title_lines(ws, year, report), recipients="", attachments=[attachment])
    head["report"] = report
    context = {
        "head": head,
        "intro": intro,
        "sections": body,
        "last": last,
        "annex": annex(december),
        "year": str(year),
    }
    return Summary(title, context, december, omissions)


def write(
    ws: Workspace,
    year: int,
    output_dir: Path,
    issued: dt.date,
    template: Path | None = None,
    *,
    report: bool = False,
    serial: int | None = None,
    chart_style: str | None = None,
) -> Path:
    """The summary; as a 报告 it is numbered from the workspace's 发文登记 (all or nothing with the register)."""
    from charts import batch
    from generators import register

    batch.prepare(lambda: chart_style or ws.settings.chart_style)  # loads in the chart worker while tables are read

    # A summary quotes December: it cannot be dated before December begins.
    base.check_issued(issued, dt.date(year, 12, 1), dt.date(year + 1, 12, 31), f"{year}年的数据")
    if template is not None:
        _check_frame(Path(template), report)
    s = ws.settings
    subject = f"{year}年工作总结"
    if report:
        prefix = s.require(s.numbering.report_prefix, "发文字号", "报告前缀")
        register.check_free(ws.root, KIND, subject, prefix, issued.year, serial)  # before the charts
    summary = build(ws, year, issued, report=report, serial=serial, chart_style=chart_style)
    out = base.output_path(Path(output_dir) / str(year), summary.title)
    if not report:
        return base.write(template or TEMPLATE, summary.context, out, stamp=issued)
    return base.write_numbered(
        ws,
        template or REPORT_TEMPLATE,
        summary.context,
        out,
        kind=KIND,
        subject=subject,
        prefix=prefix,
        first=REPORT_FIRST_SERIAL,
        issued=issued,
        number=serial,
        options={"year": year, "report": True, "date": issued.isoformat(), "number": serial, "template": template},
    )


def _check_frame(template: Path, report: bool) -> None:
    """A user's template must have the frame asked for: a numbered 报告 without a 发文字号 in its 版头 (or an OA
    attachment with an empty 「签发人：」) would be issued and registered without a word."""
    from generators.word.render import template_text

    numbered = "head.doc_number" in template_text(template)
    if report and not numbered:
        raise GongwenError(
            f"模板「{template.name}」中没有发文字号（head.doc_number）：--report 上报的报告要有版头，"
            "请用 templates/summary_report.docx 改出来的模板。"
        )
    if numbered and not report:
        raise GongwenError(
            f"模板「{template.name}」带有发文字号（报告的版头）：作为OA附件的总结请用 templates/summary.docx "
            "改出来的模板，或加 --report 作为报告上报。"
        )


# ---------------------------------------------------------------- the template


def layout(report: bool = False):
    """templates/summary.docx: the annual summary as an attachment for OA (no 版头, no 版记); with `report`,
    templates/summary_report.docx: the same text issued as a 报告 (上行文 head, 版记 on a portrait last page).

    Two templates rather than one with conditions: whether the document ends on the landscape annex or on a
    portrait 版记 page is a property of its last section, which a template condition cannot switch.
    """
    from generators.word import blocks as b
    from generators.word.blocks import para

    doc = b.new_document(landscape_annexes=True)
    b.lead_style(doc)
    if report:
        b.report_head(doc)
    b.title_block(doc)
    para(doc, "{{ intro }}")

    para(doc, "{%p for section in sections %}")
    para(doc, "{{ section.heading }}", "一级标题")
    para(doc, "{%p for p in section.paragraphs %}")
    b.run_heading_paragraph(doc, "{{ p.lead }}", "{{ p.text }}", "段落引语")
    para(doc, "{%p for chart in p.charts %}")
    para(doc, "{{ chart }}", "图")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if last %}")
    b.run_heading_paragraph(doc, "{{ last.lead }}", "{{ last.text }}", "段落引语")
    para(doc, "{%p endif %}")

    b.attachment_notes(doc)
    b.signature_block(doc)

    wide = b.landscape_section(doc)
    b.annex_title(doc, "附件", "{{ head.attachments[0] }}")
    b.loop_table(
        doc,
        wide,
        ["县区", *b.column_loop("name", "annex.columns", "{{ name }}")],
        "row in annex.rows",
        ["{{ row.county }}", *b.column_loop("cell", "row.cells", "{{ cell }}")],
    )
    if report:
        b.banji(doc)  # a portrait last page of its own, as GB/T 9704 puts the 版记
    return doc
