"""年度工作总结: the annual summary, as an attachment for OA or (`report=True`) issued as a 报告 upwards.

The sections, their lead sentences, the office's prose and which figures each paragraph carries come
from 年度总结.xlsx (generators/reading/yearly.py); this module writes the data-driven sentences,
the charts and the annex table. Builds the context in official wording; holds no XML.

Longer than 400 lines: the summary's sentences, charts, annex and its two frames (OA attachment, 报告) are one document's wording.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypedDict

from charts.styles import Drawn
from generators import base
from generators.errors import DataError, GongwenError, Problem, Source
from generators.numbers import annual_sentences as sentences
from generators.numbers import placeholders, year_figures
from generators.numbers import wording as w
from generators.numbers.figures import MonthFigures, compute
from generators.numbers.phrases import target_words
from generators.reading import year_inputs
from generators.reading.periods import YearToDate
from generators.reading.workspace import Workspace
from generators.reading.year_inputs import YearInputs
from generators.reading.yearly import CLOSING, OPENING, REPORT_CLOSING, REPORT_OPENING, Section
from generators.word.titles import break_title
from templates import template_path

TEMPLATE = template_path("summary")
REPORT_TEMPLATE = template_path("summary_report")  # the same layout with the 上行文 frame
VARIANTS = {"summary_report": {"report": True}}  # further templates built from layout(**kwargs)
LOG = logging.getLogger("gongwen.summary")
KIND = "报告"  # with the year, names the report in the 发文登记
REPORT_FIRST_SERIAL = 1  # settings hold no 下一个序号 for 报告前缀: the register counts from 1


def title_lines(ws: Workspace, year: int, report: bool) -> list[str]:
    """The title broken where the meaning breaks (word.titles, the one rule for every kind)."""
    city = ws.settings.organ.city
    if report:
        return break_title(f"关于{year}年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作情况的报告")
    return break_title(f"{city}{year}年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作总结", keep=(city,))


def _fill(text: str, year: int) -> str:
    """The office's prose may name the years relative to the summary's: {年份} {上一年} {下一年}."""
    return text.replace("{年份}", str(year)).replace("{上一年}", str(year - 1)).replace("{下一年}", str(year + 1))


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


def missing_months(period: YearToDate, records: dict[int, dict[str, float]]) -> str:
    """「（3月、5至7月无月报）」: the months of the period without figures, where the lines break."""
    missing = [m for m in range(1, period.through + 1) if not records.get(m)]
    runs: list[list[int]] = []
    for m in missing:
        if runs and runs[-1][-1] == m - 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    named = [f"{r[0]}月" if len(r) == 1 else f"{r[0]}至{r[-1]}月" for r in runs]
    return "（" + "、".join(named) + "无月报）" if named else ""


def charts(
    period: YearToDate,
    series: dict[int, MonthFigures],
    december: MonthFigures,
    counties: str = "各县区",
    style: str = "image",
) -> tuple[Drawn | None, list[Drawn]]:
    """The charts (PNG bytes, or editable charts): the year's monthly progress against 序时进度 (lines),
    each target's completion by county (bars) against the 年度任务 when the year is over, else 序时进度."""
    from charts.batch import Job, draw_all
    from charts.slots import SCHEDULE_LINE, TASK_LINE
    from charts.styles import style as chart_style

    year = period.year

    draw = chart_style(style)

    jobs: list[Job] = []
    records = progress_records(series)
    has_lines = any(records.values())
    if has_lines:
        jobs.append(
            partial(
                draw.year_progress_chart,
                {m: r for m, r in records.items() if r},
                title=f"{year}年全市序时指标逐月进度（%）" + missing_months(period, records),
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
                title=f"{period.label}{counties}{fig.indicator.name}年度任务完成率（%）",
                schedule_pct=float(period.schedule * 100) if fig.held_to_schedule else 100.0,
                higher_is_better=fig.indicator.higher_is_better,
                line=SCHEDULE_LINE if fig.held_to_schedule and not period.finished else TASK_LINE,
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
        columns += [f"{fig.indicator.name}（{unit}）", f"{target_words(fig.indicator)}（{unit}）", "完成率（%）"]

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


def _frame(section: Section | None, fill) -> str:
    return "".join(fill(p.lead + p.text, p.text_source or p.source) for p in section.paragraphs) if section else ""


class Context(TypedDict):
    """What templates/summary.docx and summary_report.docx are rendered with (tests/test_pipeline.py)."""

    head: dict
    intro: str
    sections: list[dict]
    last: dict | None
    closing: str
    annex: dict


@dataclass
class Inputs:
    ws: Workspace
    read: YearInputs
    made: year_figures.YearFigures


class Kind(base.Kind[YearToDate, Inputs]):
    """The year's summary: an OA attachment without a number, or (`report`) a 报告 numbered from the 发文登记.
    `draw=False` checks everything and leaves the charts out (gen validate --year); `chart_style` "image" or
    "native" (editable), None the settings' 图表/格式."""

    periods = (YearToDate,)

    def __init__(self, report: bool = False, chart_style: str | None = None, draw: bool = True):
        self.report, self.chart_style, self.draw = report, chart_style, draw
        self.label = KIND
        self.template = REPORT_TEMPLATE if report else TEMPLATE

    def numbering(self, settings) -> base.Numbering | None:
        if not self.report:
            return None
        return base.Numbering(
            settings.require(settings.numbering.report_prefix, "发文字号", "报告前缀"), REPORT_FIRST_SERIAL
        )

    def dates(self, period: YearToDate) -> tuple[dt.date, dt.date, str]:
        # A summary quotes its month (December, or the month it is drafted through): not dated before it begins.
        return period.month.first_day, dt.date(period.year + 1, 12, 31), f"{period.label}的数据"

    def check_template(self, template: Path) -> None:
        _check_frame(template, self.report)

    def prepare(self, ws: Workspace) -> None:
        if self.draw:
            from charts import batch

            batch.prepare(lambda: self.chart_style or ws.settings.chart_style)

    def read(self, ws: Workspace, period: YearToDate, issued: dt.date) -> Inputs:
        read = year_inputs.read(ws, period, charts=self.draw)
        return Inputs(ws, read, year_figures.figures_of(ws, read))

    def subjects(self, inputs: Inputs, period: YearToDate) -> list[str]:
        # The draft as of November and the year's own report are two documents: two numbers.
        return [f"{period.label}工作总结"]

    def build(self, inputs: Inputs, period: YearToDate, issued: dt.date, numbers: list[str]) -> list[base.Draft]:
        ws = inputs.ws
        context = _context(ws, period, issued, self, numbers[0], inputs)
        options = {"year": period.year, "report": self.report}
        lines = title_lines(ws, period.year, self.report)
        return [base.Draft(self.subjects(inputs, period)[0], lines, context, period.key, options, item=inputs)]


def build(
    ws: Workspace,
    year: int,
    issued: dt.date,
    *,
    report: bool = False,
    draw: bool = True,
    chart_style: str | None = None,
) -> base.Draft:
    """The summary as it would be worded, nothing written (gen validate --year, tests): see `base.preview`."""
    return base.preview(Kind(report, chart_style, draw), ws, YearToDate(year), issued)[0]


def _context(ws: Workspace, period: YearToDate, issued: dt.date, kind: Kind, number: str, read: Inputs) -> Context:
    from generators.word.render import figure as picture

    s, year = ws.settings, period.year
    bar = None if period.finished else period.schedule  # a year not yet over is held to 序时进度
    report, draw, chart_style = kind.report, kind.draw, kind.chart_style
    inputs, made = read.read, read.made
    december, figures, monthly, omissions = made.month, made.figures, made.monthly, made.notes
    for note in omissions:
        LOG.warning(note)
    than = f"{year - 1}年" if period.finished else period.compared_name
    words = sentences.Words(than=than, counties=w.all_counties(ws.roster.names)[1:])
    earlier = {k: f.before for k, f in figures.items() if f.before is not None}
    lookup = year_figures.Lookup(
        lambda y: figures if y == year else earlier if y == year - 1 else f"年度总结只写{year}年和{year - 1}年的数",
        year,
        set(figures),
        through=period.through,
    )
    problems: list[Problem] = []

    def fill(text: str, where) -> str:
        return placeholders.fill(_fill(text, year), where, lookup, problems, year)

    if draw:
        series = {m: compute(ws, data) for m, data in inputs.months.items()}
        series[inputs.month.number] = december
        lines_png, bar_pngs = charts(period, series, december, "各" + words.counties, chart_style or s.chart_style)
    else:
        lines_png, bar_pngs = None, []
    targeted = [f for f in december.indicators if f.uses_target]
    bar_of = {fig.indicator.code: png for fig, png in zip(targeted, bar_pngs)}

    def counties_of(code: str) -> str | None:
        fig = monthly.get(code)
        if fig is None or not fig.uses_target:
            return None
        return sentences.counties_sentence(fig, words, bar if fig.held_to_schedule else None)

    body: list[dict] = []
    lines_placed = False
    for n, section in enumerate(inputs.config.sections, 1):
        paragraphs = []
        opened = False  # the section's first figures carry the period: 「2022年，全市……」「截至2023年11月底，全市……」
        for p in section.paragraphs:
            try:
                said = sentences.paragraph(list(p.groups), figures, words, counties_of)
            except LookupError as exc:
                problems.append(Problem(p.source, exc.args[0]))
                continue
            data = sentences.prose(said, "全市", "全市" if opened else f"{period.words}，全市")
            opened = opened or bool(said.sentences)
            pictures = []
            for code in p.figures:
                fig = monthly.get(code)
                if fig is None:
                    continue
                if fig.uses_target and fig.indicator.code in bar_of:
                    pictures.append(picture(bar_of[fig.indicator.code]))
                if fig.held_to_schedule and lines_png and not lines_placed:
                    pictures.insert(0, picture(lines_png))
                    lines_placed = True
            where = p.text_source or p.source
            prose = fill(p.text, where)
            paragraphs.append(
                {"lead": fill(p.lead, where), "text": "".join(t for t in (prose, data) if t), "charts": pictures}
            )
        where = section.paragraphs[0].source if section.paragraphs else Source(inputs.config.path, "部分")
        heading = re.sub(r"^\s*[一二三四五六七八九十百]+\s*[、.．]\s*", "", fill(section.heading, where))
        body.append({"heading": w.level1(n) + heading, "paragraphs": paragraphs})

    frame = inputs.config.frame
    since = f"{year}年" if period.finished else f"{year}年以来"  # drafted before December: the year so far
    opening = (
        f"{since}，{s.organ.short}认真贯彻落实巩固拓展脱贫攻坚成果同乡村振兴有效衔接各项决策部署，"
        f"按照月调度、月通报工作机制推进各项重点工作。现将{year}年工作情况{'报告' if report else '总结'}如下。"
    )
    if report:
        intro = _frame(frame.get(REPORT_OPENING), fill) or opening
        closing = _frame(frame.get(REPORT_CLOSING), fill) or "特此报告。"
    else:
        intro = _frame(frame.get(OPENING), fill) or opening
        closing = _frame(frame.get(CLOSING), fill)
    if problems:
        raise DataError(problems)

    # The document's last paragraph stands outside the loops in the template, so it keeps with the
    # signature (GB/T 9704 §7.3.5: the signature never stands alone on a page); one with charts stays in.
    last: dict | None = None
    if body and body[-1]["paragraphs"] and not body[-1]["paragraphs"][-1]["charts"]:
        last = body[-1]["paragraphs"].pop()

    attachment = f"各{words.counties}{year}年度任务完成情况表" + ("" if period.finished else f"（{period.as_of}）")
    if report:
        head = base.head(
            s,
            issued,
            title_lines(ws, year, report),
            doc_number=number,
            recipients=s.require(s.documents.report_recipients, "公文", "上报主送"),
            issuer=s.require(s.documents.issuer, "公文", "签发人"),
            attachments=[attachment],
        )
    else:
        head = base.head(s, issued, title_lines(ws, year, report), recipients="", attachments=[attachment])
    head["report"] = report
    return {
        "head": head,
        "intro": intro,
        "sections": body,
        "last": last,
        "closing": closing,
        "annex": annex(december),
    }


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
    b.keep_with_next(b.run_heading_paragraph(doc, "{{ last.lead }}", "{{ last.text }}", "段落引语"))
    para(doc, "{%p endif %}")
    para(doc, "{%p if closing %}")
    para(doc, "{{ closing }}")  # 「特此报告。」 of a 报告, or the office's own closing
    para(doc, "{%p endif %}")

    b.attachment_notes(doc)
    b.signature_block(doc)

    wide = b.landscape_section(doc)
    b.annex_title(doc, "附件", "{{ head.attachments[0] }}")
    b.county_table(doc, wide, "annex.columns", "annex.rows")
    if report:
        b.banji(doc)  # a portrait last page of its own, as GB/T 9704 puts the 版记
    return doc
