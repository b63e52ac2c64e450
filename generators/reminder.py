"""问题整改提醒函: a letter to each county with overdue or due problems, or lagging indicators.

The data is read and the figures computed once; each letter is then only a context to render.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from generators.errors import GongwenError
from generators.numbers import wording as w
from generators.numbers.figures import MonthFigures, compute
from generators.numbers.phrases import TOP_N, against_schedule, compared_text
from generators.reading.ledger import Issue, read_ledger
from generators.reading.tables import read_with_previous
from generators.reading.workspace import Month, Workspace

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "reminder.docx"
FOLDER = "提醒函"
REGISTER = "提醒函登记表.xlsx"


@dataclass
class Letter:
    """What one county is reminded of, and its serial."""

    county: str
    overdue: list[tuple[Issue, int]]  # with days overdue at the month's end
    due: list[tuple[Issue, int]]  # with days left (0: due on the month's last day)
    lagging: list[dict]  # indicator rows, already worded
    composite_rank: int | None  # set when the county is in the bottom three
    serial: int = 0
    context: dict = field(default_factory=dict)

    @property
    def has_content(self) -> bool:
        return bool(self.overdue or self.due or self.lagging or self.composite_rank)


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


def lagging_indicators(figures: MonthFigures, county: str) -> list[dict]:
    """The county's indicators behind 序时进度 or among the bulletin's bottom three."""
    rows = []
    for fig in figures.indicators:
        mine = next(f for f in fig.counties if f.county == county)
        ranked = [f for f in fig.ranked() if f.rank is not None]
        bottom = len(ranked) > 2 * TOP_N and mine.rank is not None and mine.rank >= ranked[-TOP_N].rank
        behind = mine in fig.behind(figures.schedule)
        if not (bottom or behind):
            continue
        reasons = []
        if behind:
            reasons.append(against_schedule(mine.compared, figures.schedule, fig.indicator.higher_is_better))
        if bottom:
            reasons.append("列全市后三位")
        rows.append(
            {
                "name": fig.indicator.name + ("完成率" if fig.uses_target else ""),
                "value": compared_text(fig, mine.compared),
                "city": compared_text(fig, fig.city_compared),
                "rank": f"{mine.rank}/{len(ranked)}",
                "note": "，".join(reasons),
            }
        )
    return rows


def _you(county: str) -> str:
    """「你县」「你区」「你市」, as a letter addresses a county."""
    return "你" + (county[-1] if county[-1] in "县区市旗" else "县")


def safe_name(text: str) -> str:
    """A county name as a file name: no separators, no characters Windows refuses, no leading dots."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text).strip(" .")
    return cleaned or "_"


@dataclass
class Batch:
    """Every county's letter for a month, computed once."""

    month: Month
    letters: list[Letter]
    skipped: list[str]


def plan(ws: Workspace, month: Month, issued: dt.date, counties: list[str] | None = None) -> Batch:
    """Which counties get a letter, with serials and contexts; nothing is written here."""
    data, previous = read_with_previous(ws, month)
    figures = compute(ws, data, previous)
    issues = read_ledger(ws)
    s = ws.settings
    window = s.integer("提醒函", "提前天数", 15)
    reply_day = s.integer("提醒函", "回复天数", 10)
    as_of = month.last_day
    nxt = month.next()
    reply_by = dt.date(nxt.year, nxt.month, min(reply_day, nxt.last_day.day))
    # A bottom three only means something when there are more counties than top and bottom.
    bottom = {r.county: r.rank for r in figures.ranking[-TOP_N:]} if len(figures.ranking) > 2 * TOP_N else {}
    names = counties or ws.roster.names
    unknown = [c for c in names if ws.roster.match(c) is None]
    if unknown:
        raise GongwenError("县区名单中没有：" + "、".join(unknown) + "。请检查 --county 的写法。")
    names = [ws.roster.match(c).name for c in names]
    serial = s.integer("发文字号", "函下一个序号")
    letters, skipped = [], []
    for county in names:
        overdue, due = select(issues, county, as_of, window)
        letter = Letter(county, overdue, due, lagging_indicators(figures, county), bottom.get(county))
        if not letter.has_content:
            skipped.append(county)
            continue
        letter.serial = serial
        serial += 1
        letter.context = _context(ws, month, issued, letter, as_of, reply_by, len(figures.ranking))
        letters.append(letter)
    return Batch(month, letters, skipped)


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


def _context(ws, month, issued, letter: Letter, as_of, reply_by, count) -> dict:
    s = ws.settings
    you = _you(letter.county)
    contact = s.get("联系", "联系人")
    phone = s.get("联系", "电话")
    facts = []
    if letter.overdue:
        facts.append(f"已超过整改期限的问题{len(letter.overdue)}个")
    if letter.due:
        facts.append(f"{s.integer('提醒函', '提前天数', 15)}日内到期的问题{len(letter.due)}个")
    if letter.lagging:
        facts.append(f"进度滞后或排名靠后的重点指标{len(letter.lagging)}项")
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
        "head": {
            "organ_mark": s.get("发文机关", "署名"),
            "doc_number": w.doc_number(s.get("发文字号", "函前缀"), issued.year, letter.serial),
            "title": f"关于督促{letter.county}抓好巩固衔接问题整改和重点工作推进的提醒函",
            "recipients": f"{letter.county}巩固衔接办：",
            "signature": s.get("发文机关", "署名"),
            "date": w.date(issued),
        },
        "county": letter.county,
        "you": you,
        "intro": (
            f"根据市巩固衔接问题整改台账和{month.label}份重点指标调度情况，截至{w.date(as_of)}，"
            f"{you}有" + "，".join(facts) + "。现将有关情况函告如下，请认真研究，抓紧整改。"
        ),
        "overdue": [_issue_row(i, issue, days, True) for i, (issue, days) in enumerate(letter.overdue, 1)],
        "due": [_issue_row(i, issue, days, False) for i, (issue, days) in enumerate(letter.due, 1)],
        "lagging": letter.lagging,
        "headings": headings,  # {"overdue": "一、逾期未整改问题", …}; "" for a block the letter lacks
        "composite": (
            f"{month.label}份全市综合排名中，{you}位列第{letter.composite_rank}位（共{count}个县区），处于后三位。"
            if letter.composite_rank
            else ""
        ),
        "reply": f"请于{w.date(reply_by)}前将整改情况书面报送{s.get('发文机关', '简称')}。",
        "contact": f"联系人：{contact}，电话：{phone}。",
    }


def output_folder(output_dir: Path, month: Month) -> Path:
    return Path(output_dir) / month.key / FOLDER


def letter_path(folder: Path, letter: Letter) -> Path:
    """Where a letter goes; a county name can never lead outside the folder."""
    path = folder / f"{safe_name(letter.county)}问题整改提醒函.docx"
    if path.resolve().parent != folder.resolve():
        raise GongwenError(f"县区名称「{letter.county}」不能用作文件名。")
    return path


def write_register(folder: Path, batch: Batch, paths: list[Path]) -> Path:
    """The office's register of letters sent, as .xlsx beside the letters (atomic)."""
    import io

    import pandas as pd

    from generators.word.render import write_atomically

    frame = pd.DataFrame(
        [
            {
                "序号": i,
                "县区": letter.county,
                "发文字号": letter.context["head"]["doc_number"],
                "逾期问题数": len(letter.overdue),
                "临期问题数": len(letter.due),
                "滞后指标数": len(letter.lagging),
                "综合排名后三位": "是" if letter.composite_rank else "",
                "文件": path.name,
            }
            for i, (letter, path) in enumerate(zip(batch.letters, paths), 1)
        ]
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, sheet_name=f"{batch.month.label}提醒函")
    return write_atomically(folder / REGISTER, buffer.getvalue())


def write(batch: Batch, output_dir: Path, template: Path | None = None, progress=None) -> tuple[list[Path], Path]:
    """Render every letter (the template read once; a process pool when there are many) and the register."""
    from generators.word.render import render_many

    folder = output_folder(output_dir, batch.month)
    jobs = [(letter.context, letter_path(folder, letter)) for letter in batch.letters]
    paths = render_many(template or TEMPLATE, jobs, progress=progress)
    return paths, write_register(folder, batch, paths)
