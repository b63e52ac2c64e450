"""问题整改提醒函: a letter to each county with overdue or due problems, or lagging indicators.

The data is read and the figures computed once; each letter is then only a context to render.

Longer than 400 lines: the letter's selection, its wording, its register of letters and its template (信函格式) belong to one kind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from generators import base
from generators.errors import GongwenError
from generators.numbers import wording as w
from generators.numbers.figures import MonthFigures, laggards, period_figures
from generators.numbers.phrases import TOP_N, against_schedule, compared_text
from generators.reading import arrivals
from generators.reading.entry import read_period
from generators.reading.ledger import Issue, read_ledger
from generators.reading.workspace import Month, Workspace
from generators.word.titles import break_title
from templates import template_path

TEMPLATE = template_path("reminder")
FOLDER = "提醒函"
REGISTER = "提醒函登记表.xlsx"
KIND = "提醒函"


@dataclass
class Letter:
    """What one county is reminded of, and its serial."""

    county: str
    overdue: list[tuple[Issue, int]]  # with days overdue on the letter's date
    due: list[tuple[Issue, int]]  # with days left (0: due on the letter's date)
    lagging: list[dict]  # indicator rows, already worded
    composite_rank: int | None  # set when the county is in the bottom three
    unreported: bool = False  # its workbook was missing from the month's folder

    @property
    def has_content(self) -> bool:
        return bool(self.overdue or self.due or self.lagging or self.composite_rank or self.unreported)


def select(issues: list[Issue], county: str, as_of: dt.date, window: int):
    """Open problems past their deadline, and those due within `window` days of `as_of` (inclusive)."""
    overdue, due = [], []
    for issue in issues:
        if issue.county != county or not issue.is_open:
            continue
        days = (as_of - issue.deadline).days
        if days > 0:
            overdue.append((issue, days))
        elif -days <= window:
            due.append((issue, -days))
    overdue.sort(key=lambda pair: (-pair[1], pair[0].id))
    due.sort(key=lambda pair: (pair[1], pair[0].id))
    return overdue, due


@dataclass
class Standing:
    """Who is behind 序时进度 and who is 后三位 on one indicator, worked out once for every letter."""

    ranked: int  # counties with a rank
    bottom: set[str]
    behind: set[str]


def standings(figures: MonthFigures) -> list[Standing]:
    result = []
    for fig in figures.indicators:
        ranked = [f for f in fig.ranked() if f.rank is not None]
        # The bulletin's 后三位: ties named together, never a county tied with the first.
        bottom = {f.county for f in laggards(ranked, TOP_N)} if len(ranked) > 2 * TOP_N else set()
        result.append(Standing(len(ranked), bottom, {f.county for f in fig.behind(figures.schedule)}))
    return result


def lagging_indicators(figures: MonthFigures, county: str, standing: list[Standing] | None = None) -> list[dict]:
    """The county's indicators behind 序时进度 or among the bulletin's bottom three."""
    rows = []
    for fig, stand in zip(figures.indicators, standing or standings(figures)):
        bottom, behind = county in stand.bottom, county in stand.behind
        if not (bottom or behind):
            continue
        mine = next(f for f in fig.counties if f.county == county)
        reasons = []
        if behind and mine.compared is not None:
            reasons.append(against_schedule(mine.compared, figures.schedule, fig.indicator.higher_is_better))
        if bottom:
            reasons.append("列全市后三位")
        rows.append(
            {
                "name": fig.indicator.name + ("完成率" if fig.uses_target else ""),
                "value": compared_text(fig, mine.compared),
                "city": compared_text(fig, fig.city_compared),
                "rank": f"{mine.rank}/{stand.ranked}" if mine.rank is not None else "—",
                "note": "，".join(reasons),
            }
        )
    return rows


def _you(county: str) -> str:
    """「你县」「你区」「你市」, as a letter addresses a county."""
    return "你" + w.county_kind(county)


def reply_date(issued: dt.date, reply_days: int) -> dt.date:
    """The reply is due `reply_days` after the letter's date."""
    return issued + dt.timedelta(days=reply_days)


@dataclass
class Batch:
    """Every county's letter for a month, decided once; numbered and worded by `Kind.build`."""

    month: Month
    letters: list[Letter]
    skipped: list[str]
    workspace: Workspace
    issued: dt.date
    as_of: dt.date  # overdue and due days count from here
    reply_by: dt.date
    count: int  # counties ranked


class Kind(base.Kind[Month, Batch]):
    """A letter to each county (of `counties`, else every county) that has something to be reminded of."""

    label = KIND
    periods = (Month,)
    template = TEMPLATE

    def __init__(self, counties: list[str] | None = None):
        self.counties = counties

    def numbering(self, settings) -> base.Numbering:
        return base.Numbering(settings.numbering.letter_prefix, settings.numbering.letter_first_serial)

    def dates(self, period: Month) -> tuple[dt.date, dt.date, str]:
        return period.first_day, period.last_day + dt.timedelta(days=366), f"{period.words}数据"

    def read(self, ws: Workspace, period: Month, issued: dt.date) -> Batch:
        return plan(ws, period, issued, self.counties)

    def subjects(self, inputs: Batch, period: Month) -> list[str]:
        return [f"{period.key} {letter.county}" for letter in inputs.letters]

    def build(self, inputs: Batch, period: Month, issued: dt.date, numbers: list[str]) -> list[base.Draft]:
        drafts = []
        for letter, subject, number in zip(inputs.letters, self.subjects(inputs, period), numbers):
            lines = title_lines(letter.county)
            options = {"month": period.key, "county": letter.county}
            folder = f"{period.key}/{FOLDER}"
            file = f"{letter.county}问题整改提醒函"
            context = _context(inputs, letter, number, lines)
            drafts.append(base.Draft(subject, lines, context, folder, options, file, item=letter))
        return drafts

    def beside(self, inputs: Batch, drafts, paths, issued: dt.date) -> list[tuple[Path, bytes]]:
        folder = paths[0].parent
        return [(folder / REGISTER, register_bytes(folder, inputs, drafts, paths, issued))]

    def said(self, done: base.Issued) -> list[str]:
        lines = [f"{county}：没有逾期、临期问题或滞后指标，不发函" for county in done.inputs.skipped]
        if not done.paths:
            return [*lines, "没有需要发函的县区。"]
        for draft, number, path in zip(done.drafts, done.numbers, done.paths):
            letter = draft.item
            lines.append(
                f"{letter.county}：{number}，逾期问题{len(letter.overdue)}个，"
                f"临期问题{len(letter.due)}个，滞后指标{len(letter.lagging)}项 → {path}"
            )
        return [*lines, *(f"登记表：{path}" for path in done.beside), *base.registered(done)]


def warn_settings(message: str) -> None:
    from generators.errors import Problem, Source
    from generators.reading.report import warn
    from generators.reading.workspace import SETTINGS_FILE

    warn(Problem(Source(SETTINGS_FILE), message))


def plan(ws: Workspace, month: Month, issued: dt.date, counties: list[str] | None = None) -> Batch:
    """Which counties get a letter and why; nothing is written or numbered here."""
    tables = read_period(ws, month)
    data = tables.current
    arrivals.lateness(ws, data, issued)  # who was late goes to the report's 说明, as every command says it
    figures = period_figures(ws, tables)
    issues = read_ledger(ws)
    s = ws.settings
    window = s.reminders.window_days
    # Days overdue, days left and the 临期 window all count from the letter's date.
    as_of = issued
    reply_by = reply_date(issued, s.reminders.reply_days)
    if reply_by <= issued:
        warn_settings(
            f"设置.yaml「提醒函/回复天数」为{s.reminders.reply_days}，回复期限{w.date(reply_by)}不晚于发函日期"
            f"{w.date(issued)}，请改为大于0的天数"
        )
    # A bottom three only means something when there are more counties than top and bottom.
    ranking = figures.ranking
    bottom = {r.county: r.rank for r in laggards(ranking, TOP_N)} if len(ranking) > 2 * TOP_N else {}
    names = counties or ws.roster.names
    matched = [ws.roster.match(c) for c in names]
    unknown = [c for c, county in zip(names, matched) if county is None]
    if unknown:
        raise GongwenError("县区名单中没有：" + "、".join(unknown) + "。请检查 --county 的写法。")
    # An alias and the name (「佳」「佳县」) are one county: one letter.
    names = list(dict.fromkeys(county.name for county in matched if county is not None))
    standing = standings(figures)
    letters, skipped = [], []
    for county in names:
        overdue, due = select(issues, county, as_of, window)
        letter = Letter(
            county,
            overdue,
            due,
            lagging_indicators(figures, county, standing),
            bottom.get(county),
            unreported=county in data.unreported,
        )
        if not letter.has_content:
            skipped.append(county)
            continue
        letters.append(letter)
    return Batch(month, letters, skipped, ws, issued, as_of, reply_by, len(figures.ranking))


def _issue_row(n: int, issue: Issue, days: int, overdue: bool) -> dict:
    return {
        "no": str(n),
        "id": issue.id,
        "origin": issue.origin,
        "description": issue.description,
        "unit": issue.unit,
        "deadline": w.date(issue.deadline),
        "status": issue.status,
        "days": (f"逾期{days}天" if overdue else ("今日到期" if days == 0 else f"还剩{days}天")),
    }


class Context(TypedDict):
    """What templates/reminder.docx is rendered with (tests/test_pipeline.py holds it to the template)."""

    head: dict
    county: str  # not in the shipped template; offices' own templates use it (「{%p if county == … %}」)
    you: str
    mine: str
    intro: str
    overdue: list[dict]
    due: list[dict]
    lagging: list[dict]
    headings: dict[str, str]
    composite: str
    reply: str
    contact: str


FOR_USER_TEMPLATES = {"county"}  # context names the shipped template leaves unused


def title_lines(county: str) -> list[str]:
    return break_title(f"关于督促{county}抓好巩固衔接问题整改和重点工作推进的提醒函", keep=(county,))


def _context(batch: Batch, letter: Letter, number: str, lines: list[str]) -> Context:
    ws, month, issued, as_of, reply_by, count = (
        batch.workspace,
        batch.month,
        batch.issued,
        batch.as_of,
        batch.reply_by,
        batch.count,
    )
    s = ws.settings
    you = _you(letter.county)
    contact, phone = s.contact.person, s.contact.phone
    facts = []
    if letter.unreported:
        facts.append(f"{month.words}报表未报送")
    if letter.overdue:
        facts.append(f"已超过整改期限的问题{len(letter.overdue)}个")
    if letter.due:
        facts.append(f"{s.reminders.window_days}日内到期的问题{len(letter.due)}个")
    if letter.lagging:
        facts.append(f"进度滞后或排名靠后的重点指标{len(letter.lagging)}项")
    elif letter.composite_rank:
        facts.append("综合排名处于全市后三位的情况")
    # Headings are numbered over the blocks the letter has, so 一、二、 stay continuous when one is absent.
    blocks = [
        ("overdue", "逾期未整改问题", letter.overdue),
        ("due", "近期到期问题", letter.due),
        ("lagging", "重点指标滞后情况", letter.lagging or letter.composite_rank),
    ]
    present = [(kind, text) for kind, text, items in blocks if items]
    headings = {kind: "" for kind, _, _ in blocks}
    headings.update({kind: w.level1(n) + text for n, (kind, text) in enumerate(present, 1)})
    return {
        "head": base.head(
            s,
            issued,
            lines,
            doc_number=number,
            organ_mark=s.organ.signature,  # a letter's mark is the organ's name, not 「……文件」
            recipients=f"{letter.county}巩固衔接办",
        ),
        "county": letter.county,
        "you": you,
        "mine": "本" + w.county_kind(letter.county),  # the 指标 table's column: 本区 beside 你区
        "intro": (
            f"根据市巩固衔接问题整改台账和{month.words}重点指标调度情况，截至{w.date(as_of)}，"
            f"{you}有" + "，".join(facts) + "。现将有关情况函告如下，请认真研究，抓紧整改。"
        ),
        "overdue": [_issue_row(i, issue, days, True) for i, (issue, days) in enumerate(letter.overdue, 1)],
        "due": [_issue_row(i, issue, days, False) for i, (issue, days) in enumerate(letter.due, 1)],
        "lagging": letter.lagging,
        "headings": headings,  # {"overdue": "一、逾期未整改问题", …}; "" for a block the letter lacks
        "composite": (
            f"{month.words}全市综合排名中，{you}位列第{letter.composite_rank}位（共{count}个县区），处于后三位"
            + ("（未报送报表，各项指标按0分计）。" if letter.unreported else "。")
            if letter.composite_rank
            else ""
        ),
        "reply": f"请于{w.date(reply_by)}前将整改情况书面报送{s.organ.short}。",
        "contact": f"联系人：{contact}，电话：{phone}。",
    }


LETTER_COLUMNS = ("序号", "县区", "发文字号", "逾期问题数", "临期问题数", "滞后指标数", "综合排名后三位", "文件")


def register_bytes(folder: Path, batch: Batch, drafts: list[base.Draft], paths: list[Path], issued: dt.date) -> bytes:
    """The month's register of letters: every letter ever issued for the month, this run's replacing
    the earlier letter to the same county, in the order of their numbers."""
    from generators import register

    earlier, extra = _read_letters(folder / REGISTER)
    rows = {row["县区"]: row for row in earlier}
    for letter, draft, path in zip(batch.letters, drafts, paths):
        rows[letter.county] = {
            **rows.get(letter.county, {}),  # the office's own columns (回复情况…) stay with the county
            "县区": letter.county,
            "发文字号": draft.context["head"]["doc_number"],
            "逾期问题数": len(letter.overdue),
            "临期问题数": len(letter.due),
            "滞后指标数": len(letter.lagging),
            "综合排名后三位": "是" if letter.composite_rank else "",
            "文件": path.name,
        }

    def order(row):
        found = re.search(r"〔(\d+)〕(\d+)号$", str(row["发文字号"]))
        return (int(found[1]), int(found[2])) if found else (0, 0), str(row["县区"])

    columns = [*LETTER_COLUMNS, *extra]
    body = [[i, *(row.get(c, "") for c in columns[1:])] for i, row in enumerate(sorted(rows.values(), key=order), 1)]
    return register.workbook_bytes([(f"{batch.month.label}提醒函", columns, body)], issued)


def _read_letters(path: Path) -> tuple[list, list]:
    """The month's letters registered so far, with the columns the office added to the register."""
    if not path.exists():
        return [], []
    from generators.xlsx import read_sheets, records

    sheets = list(read_sheets(path, "提醒函登记表").values())
    return records(sheets[0] if sheets else [], LETTER_COLUMNS, f"提醒函登记表「{path}」", key="县区")


# ---------------------------------------------------------------- the template

# Holds for every letter, whichever of the three blocks it has.
REQUEST = (
    "请{{ you }}高度重视，对照上述问题和指标逐项研究整改措施，明确责任单位、责任人和完成时限，"
    "抓紧整改到位，加快工作进度。{{ reply }}"
)
ISSUE_HEADER = ["序号", "问题来源", "问题描述", "整改期限", "{}", "整改状态"]
ISSUE_CELLS = [
    "{{ row.no }}",
    "{{ row.origin }}",
    "{{ row.description }}",
    "{{ row.deadline }}",
    "{{ row.days }}",
    "{{ row.status }}",
]
# Column widths in half 小四 characters (72 to a row), measured on a rendered letter with the narrow cell
# margins below: 「2022年11月30日」 and 「逾期153天」 stay on one line, 问题描述 takes the rest.
ISSUE_WEIGHTS = [5, 9, 20, 18, 11, 9]
LAGGING_HEADER = ["指标", "{{ mine }}", "全市", "位次", "情况"]
LAGGING_CELLS = ["{{ row.name }}", "{{ row.value }}", "{{ row.city }}", "{{ row.rank }}", "{{ row.note }}"]
LAGGING_WEIGHTS = [18, 10, 10, 8, 26]


def _issue_block(doc, kind: str, days_header: str) -> None:
    from generators.word import blocks as b
    from generators.word.blocks import para

    para(doc, f"{{%p if {kind} %}}")
    para(doc, f"{{{{ headings.{kind} }}}}", "一级标题")
    width = b.text_width_mm()
    table = b.loop_table(doc, width, [h.format(days_header) for h in ISSUE_HEADER], f"row in {kind}", ISSUE_CELLS)
    b.column_widths(table, width, ISSUE_WEIGHTS)
    para(doc, "{%p endif %}")


def layout():
    """templates/reminder.docx: the 问题整改提醒函 to one county, in 信函格式 (no 版记)."""
    from generators.word import blocks as b
    from generators.word.blocks import para

    doc = b.new_letter()
    b.letter_head(doc)
    para(doc)
    b.title_block(doc)
    para(doc, "{{ intro }}")

    _issue_block(doc, "overdue", "逾期天数")
    _issue_block(doc, "due", "剩余天数")
    para(doc, "{%p if lagging or composite %}")
    para(doc, "{{ headings.lagging }}", "一级标题")
    para(doc, "{%p if composite %}")
    para(doc, "{{ composite }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if lagging %}")
    table = b.loop_table(doc, b.text_width_mm(), LAGGING_HEADER, "row in lagging", LAGGING_CELLS)
    b.column_widths(table, b.text_width_mm(), LAGGING_WEIGHTS)
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")

    para(doc, REQUEST)
    para(doc, "{{ contact }}")
    para(doc, "特此函告。")
    b.signature_block(doc)
    return doc
