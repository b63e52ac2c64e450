"""工作要点: the year's work plan, issued with its 通知 (the 要点 follows on a new page, not as an 附件).

The tasks come from the office's workbook 工作要点/<year>年.xlsx (reading/tasks.py); numbering (一、 and
（一）) is always generated, and the figures in the text come from placeholders such as
【2022年脱贫劳动力务工就业×1.02】 computed from the December tables (the syntax the summary's prose shares,
numbers/placeholders.py; year-level figures of 年度总结.xlsx too). Holds no XML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

from generators import base
from generators.errors import DataError, GongwenError, Problem, Source, StrictStop
from generators.numbers import annual, placeholders, year_figures
from generators.numbers import wording as w
from generators.reading import year_inputs, yearly
from generators.reading.entry import read_period
from generators.reading.periods import Month, YearToDate
from generators.reading.tasks import BLANK, Prose, read_plan
from generators.reading.workspace import Workspace
from templates import template_path

TEMPLATE = template_path("workplan")
KIND = "工作要点"  # with the year, names the document in the 发文登记
DEFAULT_TOPIC = "巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点"
ENDINGS = "。！？；"
UNIT_VERBS = ("牵头", "配合", "落实")


@dataclass
class Task:
    section: str
    lead: str  # 标题: the lead sentence
    text: str  # 内容, placeholders filled
    units: str  # 「（市乡村振兴局牵头，各县市区落实）」 or ""
    source: Source


def units_sentence(lead: list[str], cooperate: list[str], implement: list[str]) -> str:
    """「（市乡村振兴局牵头，市财政局配合，各县市区落实）」; empty columns leave nothing behind."""
    parts = ["、".join(names) + verb for names, verb in zip((lead, cooperate, implement), UNIT_VERBS) if names]
    return "（" + "，".join(parts) + "）" if parts else ""


def _sentence(text: str) -> str:
    """Text that ends as a sentence does: a final 。 when the clerk left none."""
    text = text.strip(BLANK)
    return text if not text or text[-1] in ENDINGS else text + "。"


class Figures:
    """The figures the plan's placeholders name, by year: December's (or the reported month's) indicators and,
    when a placeholder names one, the year-level figures of 年度总结.xlsx; each year read once, through
    reading.entry like every kind."""

    def __init__(self, ws: Workspace, year: int, through: Month | None = None):
        self.ws = ws
        self.year = year  # the plan's year: a placeholder without a year means the year before
        self.through = through  # a plan drafted before December: the year before is read up to this month
        self.errors: list[Problem] = []  # problems in the tables read
        self.yearly: set[str] = set()  # names of 年度总结.xlsx's figures, when a placeholder needs them

    def lookup(self, names: set[str], rates: dict[str, Decimal]) -> year_figures.Lookup:
        """The placeholders' view, reading 年度总结.xlsx only when one of `names` is none of 指标.xlsx's."""
        monthly = {i.name for i in self.ws.indicators} | {i.code for i in self.ws.indicators}
        if names - monthly and self.ws.path(yearly.CONFIG_FILE).is_file():
            try:
                config = yearly.read_config(self.ws)
                self.yearly = {i.name for i in config.indicators} | {i.code for i in config.indicators}
            except DataError as exc:
                self.errors.extend(exc.problems)
        through = self.through.number if self.through and self.through.year == self.year - 1 else 12
        return year_figures.Lookup(self.load, self.year - 1, monthly | self.yearly, rates, through)

    def load(self, year: int) -> dict[str, annual.Figure] | None | str:
        from generators.numbers.figures import compute

        period = YearToDate.to(self.through) if self.through and self.through.year == year else YearToDate(year)
        if self.ws.month_path(period.month) is None:
            hint = "" if self.through else f"；12月前起草请加 --through {year}-11 这样的截至月份"
            return f"没有{period.month.label}的月报（月报文件夹中应有文件名含「{period.month.key}」的表{hint}）"
        try:
            if self.yearly:
                inputs = year_inputs.read(self.ws, period, charts=False)
                return year_figures.figures_of(self.ws, inputs).figures
            tables = read_period(self.ws, period, complete_for=f"工作要点中由{period.month.number}月数据算出的数字，")
        except StrictStop:
            raise
        except DataError as exc:  # the tables' own problems join the plan's, reported once
            self.errors.extend(p for p in exc.problems if p not in self.errors)
            return None
        before = compute(self.ws, tables.compared) if tables.compared is not None else None
        return year_figures.monthly_figures(compute(self.ws, tables.current, period=period), before)


def fill(prose: Prose, lookup: year_figures.Lookup, problems: list[Problem]) -> str:
    """The prose with every placeholder read replaced by its worded figure (numbers/placeholders.py, the
    syntax the summary shares); each that has none becomes a Problem."""
    return placeholders.fill_read(prose.text, list(prose.placeholders), prose.source, lookup, problems, lookup.year)


def read_tasks(ws: Workspace, year: int, figures: Figures) -> tuple[str, list[str], list[Task]]:
    """(title, opening paragraphs, tasks) with placeholders filled; every problem in one DataError."""
    problems: list[Problem] = []
    book = read_plan(ws, year, problems)
    proses = [*book.intro, *(p for t in book.tasks for p in (t.lead, t.content))]
    lookup = figures.lookup({ph.name for p in proses for ph in p.placeholders}, book.rates)
    intro = [fill(p, lookup, problems) for p in book.intro]
    tasks = []
    for t in book.tasks:
        text, lead = fill(t.content, lookup, problems), fill(t.lead, lookup, problems)
        tasks.append(Task(t.section, _sentence(lead), _sentence(text), units_sentence(*t.units), t.source))
    problems += figures.errors
    if problems:
        raise DataError(problems)
    return book.title, intro, tasks


def sections(tasks: list[Task]) -> list[dict]:
    """Sections 一、二、… with items （一）（二）… numbered on across sections."""
    result: list[dict] = []
    for number, task in enumerate(tasks, 1):
        if not result or result[-1]["name"] != task.section:
            result.append({"name": task.section, "heading": w.level1(len(result) + 1) + task.section, "tasks": []})
        result[-1]["tasks"].append({"heading": w.level2(number) + task.lead, "text": task.text + task.units})
    return [{"heading": s["heading"], "tasks": s["tasks"]} for s in result]


def title_lines(title: str, keep: tuple[str, ...] = ()) -> list[str]:
    """A title (the 通知's, the 要点's) in lines broken at word boundaries, `keep` names whole."""
    from generators.word.titles import break_title

    return break_title(title, keep=keep)


class Context(TypedDict):
    """What templates/workplan.docx is rendered with (tests/test_pipeline.py holds it to the template)."""

    head: dict
    notice: str
    plan_title: str
    intro: list[str]
    sections: list[dict]


@dataclass
class Inputs:
    ws: Workspace
    title: str  # the 要点's own title
    intro: list[str]
    tasks: list[Task]


class Kind(base.Kind[YearToDate, Inputs]):
    """The 通知 with its 要点 for a year; a regenerated plan keeps its number. `through`: a plan drafted before
    the year before has ended quotes that year up to this month."""

    label = KIND
    periods = (YearToDate,)
    template = TEMPLATE

    def __init__(self, through: Month | None = None):
        self.through = through

    def dates(self, period: YearToDate) -> tuple[dt.date, dt.date, str]:
        # A plan quotes the month before its year it is drafted from (December, or `through`): not dated before.
        start = self.through.first_day if self.through else dt.date(period.year - 1, 12, 1)
        return start, dt.date(period.year, 12, 31), f"{period.year}年工作要点"

    def read(self, ws: Workspace, period: YearToDate, issued: dt.date) -> Inputs:
        if self.through is not None and self.through.year != period.year - 1:
            raise GongwenError(
                f"--through {self.through.key} 不对：{period.year}年的工作要点引用{period.year - 1}年的数，"
                f"截至的月份应在{period.year - 1}年，如 {period.year - 1}-11。"
            )
        title, intro, tasks = read_tasks(ws, period.year, Figures(ws, period.year, self.through))
        return Inputs(ws, title or f"{ws.settings.organ.city}{period.year}年{DEFAULT_TOPIC}", intro, tasks)

    def build(self, inputs: Inputs, period: YearToDate, issued: dt.date, numbers: list[str]) -> list[base.Draft]:
        s = inputs.ws.settings
        notice_title = f"关于印发《{inputs.title}》的通知"
        keep = (s.organ.city,)
        context: Context = {
            "head": base.head(
                s,
                issued,
                title_lines(notice_title, keep),
                doc_number=numbers[0],
                recipients=s.work_plan_recipients or s.documents.recipients,
            ),
            "notice": f"现将《{inputs.title}》印发你们，请结合实际，抓好贯彻落实。",
            "plan_title": "\n".join(title_lines(inputs.title, keep)),
            "intro": inputs.intro,
            "sections": sections(inputs.tasks),
        }
        options = {"year": period.year, "through": self.through.key if self.through else None}
        return [base.Draft(period.key, title_lines(notice_title, keep), context, period.key, options, item=inputs)]


def build(ws: Workspace, year: int, issued: dt.date) -> base.Draft:
    """The plan as it would be worded, nothing written (gen validate --year, tests): see `base.preview`."""
    return base.preview(Kind(), ws, YearToDate(year), issued)[0]


# ---------------------------------------------------------------- the template


def layout():
    """templates/workplan.docx: the 通知, then the 工作要点 from a new page, the 版记 at the very end."""
    from generators.word import blocks as b
    from generators.word.blocks import para

    doc = b.new_document()
    b.red_head(doc)
    b.title_block(doc)
    para(doc, "{{ notice }}")
    b.signature_block(doc)

    # The 要点 itself: an issued document, not an 附件 — no 附件 label, page numbers run on.
    para(doc, "{{ plan_title }}", "公文标题").paragraph_format.page_break_before = True
    para(doc)
    b.loop_paragraphs(doc, "text in intro")
    para(doc, "{%p for section in sections %}")
    para(doc, "{{ section.heading }}", "一级标题")
    para(doc, "{%p for item in section.tasks %}")
    b.run_heading_paragraph(doc, "{{ item.heading }}", "{{ item.text }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")
    b.banji(doc, b.text_width_mm())
    return doc
