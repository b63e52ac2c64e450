"""工作要点: the year's work plan, issued with its 通知 (the 要点 follows on a new page, not as an 附件).

The tasks come from the office's workbook 工作要点/<year>年.xlsx; numbering (一、 and （一）) is always
generated, and the figures in the text come from placeholders such as 【2022年脱贫劳动力务工就业×1.02】
computed from the December tables. Holds no XML.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from generators import base
from generators.errors import DataError, GongwenError, Problem, Source
from generators.numbers import wording as w
from generators.reading import cells
from generators.reading.workspace import Month, Workspace
from templates import template_path

TEMPLATE = template_path("workplan")
KIND = "工作要点"  # with the year, names the document in the 发文登记
FOLDER = "工作要点"
TASK_COLUMNS = ["部分", "标题", "内容"]
UNIT_COLUMNS = [("牵头单位", "牵头"), ("配合单位", "配合"), ("落实单位", "落实")]
INTRO_COLUMNS = ["项目", "内容"]  # the optional sheet 「总体要求」: rows 标题 and 总体要求
DEFAULT_TOPIC = "巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点"

# 【2022年脱贫劳动力务工就业】 this year's value; 【2022年脱贫劳动力务工就业×1.02】 times a rate.
PLACEHOLDER = re.compile(r"【([^【】]*)】")
FIGURE = re.compile(r"^\s*(\d{4})\s*年\s*(.+?)\s*(?:[×xX*＊]\s*([0-9０-９.．]+)\s*)?$")
# 【2023年目标:脱贫劳动力务工就业】 next year's target: last December's value × (1 + its configured 增长率).
TARGET = re.compile(r"^\s*(\d{4})\s*年\s*目标\s*[:：]\s*(.+?)\s*$")
RATE_COLUMNS = ["指标", "增长率"]  # the optional sheet 「目标增长率」
UNIT_SEPARATORS = re.compile(r"[、，,；;/\n]")
ENDINGS = "。！？；"
# Numbering is generated; a 「一、」 or 「（三）」 copied in from last year's document is dropped.
TYPED_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[)）])\s*")
BLANK = " \u3000\t\r\n\xa0"


@dataclass
class Task:
    section: str
    lead: str  # 标题: the lead sentence
    text: str  # 内容, placeholders filled
    units: str  # 「（市乡村振兴局牵头，各县市区落实）」 or ""
    source: Source


@dataclass
class WorkPlan:
    title: str  # the 要点's own title
    notice_title: str
    context: dict
    tasks: list[Task] = field(default_factory=list)


def plan_path(ws: Workspace, year: int) -> Path:
    return ws.path(FOLDER) / f"{year}年.xlsx"


def units_sentence(lead: list[str], cooperate: list[str], implement: list[str]) -> str:
    """「（市乡村振兴局牵头，市财政局配合，各县市区落实）」; empty columns leave nothing behind."""
    columns = zip((lead, cooperate, implement), ("牵头", "配合", "落实"))
    parts = ["、".join(names) + verb for names, verb in columns if names]
    return "（" + "，".join(parts) + "）" if parts else ""


def prose(value) -> str:
    """A cell of prose as typed (full-width punctuation kept, unlike cells.text), ends trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip(BLANK)


def _sentence(text: str) -> str:
    """Text that ends as a sentence does: a final 。 when the clerk left none."""
    text = text.strip(BLANK)
    return text if not text or text[-1] in ENDINGS else text + "。"


class Figures:
    """City totals of December of each year asked for, read once per year."""

    def __init__(self, ws: Workspace, rates: dict[str, Decimal] | None = None):
        self.ws = ws
        self.rates = rates or {}  # indicator name → growth rate as a fraction (0.02 for 2%)
        self.years: dict[int, dict | None] = {}
        self.errors: list[Problem] = []  # problems in the month tables read

    def year(self, year: int) -> dict | None:
        """{indicator name: (Indicator, city value)} for December of `year`; None when there is no table."""
        if year not in self.years:
            from generators.numbers.figures import compute
            from generators.reading.tables import read_month

            month = Month(year, 12)
            if self.ws.month_path(month) is None:
                self.years[year] = None
            else:
                try:
                    figures = compute(self.ws, read_month(self.ws, month, "工作要点中由12月数据算出的数字，"))
                except DataError as exc:  # the month's own problems join the plan's, reported once
                    self.errors.extend(exc.problems)
                    self.years[year] = {}
                    return {}
                self.years[year] = {f.indicator.name: (f.indicator, f.city_value) for f in figures.indicators}
        return self.years[year]


def fill(text: str, source: Source, figures: Figures, problems: list[Problem]) -> str:
    """`text` with every 【…】 replaced by its worded figure; each bad one becomes a Problem."""
    if text.count("【") != text.count("】"):
        problems.append(Problem(source, "占位符的「【」「】」不成对", text, "如【2022年脱贫劳动力务工就业】"))
        return text
    names = list(figures.ws.indicators)

    def one(match: re.Match) -> str:
        inner = match.group(1)
        target = TARGET.match(inner)
        m = target or FIGURE.match(inner)
        if not m:
            problems.append(
                Problem(
                    source,
                    f"无法识别的占位符「【{inner}】」",
                    expected="「【2022年指标名称】」「【2022年指标名称×1.02】」或「【2023年目标:指标名称】」",
                )
            )
            return match.group(0)
        year, name = int(m[1]), m[2]
        rate_text = None if target else m[3]
        indicator = next((i for i in names if i.name == name), None)
        if indicator is None:
            problems.append(
                Problem(
                    source,
                    f"占位符「【{inner}】」中的指标「{name}」不在指标表中",
                    expected="指标表中的指标名称之一：" + "、".join(i.name for i in names),
                )
            )
            return match.group(0)
        rate = Decimal(1)
        if rate_text:
            try:
                rate = Decimal(rate_text.translate(str.maketrans("０１２３４５６７８９．", "0123456789.")))
            except InvalidOperation:
                rate = Decimal(0)
            if rate <= 0:
                problems.append(Problem(source, f"占位符「【{inner}】」中的倍数无效", rate_text, "正数，如1.02"))
                return match.group(0)
        if target:
            if name not in figures.rates:
                problems.append(
                    Problem(
                        source,
                        f"占位符「【{inner}】」：没有设置「{name}」的增长率",
                        expected="在「目标增长率」工作表中写上该指标的增长率，如2%",
                    )
                )
                return match.group(0)
            rate, year = 1 + figures.rates[name], year - 1  # the target grows from last year's value
        values = figures.year(year)
        if values is None:
            problems.append(
                Problem(
                    source,
                    f"占位符「【{inner}】」：没有{year}年12月的月报",
                    expected=f"月报文件夹中有文件名含「{year}-12」的表",
                )
            )
            return match.group(0)
        if not values:
            return match.group(0)  # the month table itself is wrong: its problems are reported
        value = values[name][1]
        if value is None:
            problems.append(Problem(source, f"占位符「【{inner}】」：{year}年12月各县区均未报送「{name}」"))
            return match.group(0)
        return w.quantity(value * rate, indicator.unit)

    return PLACEHOLDER.sub(one, text)


def _units(record, column: str, problems: list[Problem]) -> list[str]:
    raw = record.get(column)
    if raw is None or raw == "":
        return []
    text = str(raw)
    if not text.strip(BLANK):
        problems.append(Problem(record.sources[column], f"「{column}」只有空格", text, "单位名称，或留空"))
        return []
    items = [part.strip(BLANK) for part in UNIT_SEPARATORS.split(text)]
    if not all(items):
        problems.append(
            Problem(record.sources[column], f"「{column}」中有空的单位名称", text, "用「、」分隔的单位名称")
        )
    return [item for item in items if item]


def read_intro(ws: Workspace, year: int, path: Path, problems: list[Problem]) -> tuple[str, list[tuple[str, Source]]]:
    """(title, opening paragraphs with their sources) from the optional 总体要求 sheet."""
    from generators.reading.sheets import read_table

    title = ""
    paragraphs: list[tuple[str, Source]] = []
    records = read_table(path, ws.display(path), INTRO_COLUMNS, missing_ok=True)
    if records is None:
        return title, paragraphs  # no 总体要求 sheet: a plan may open straight with its sections
    problems += records.problems
    for rec in records:
        key, text = rec.text("项目"), prose(rec.get("内容"))
        if key == "标题" and text:
            title = "".join(text.splitlines())
        elif key == "总体要求" and text:
            paragraphs += [(p.strip(BLANK), rec.sources["内容"]) for p in text.splitlines() if p.strip(BLANK)]
    return title, paragraphs


def read_rates(ws: Workspace, path: Path, problems: list[Problem]) -> dict[str, Decimal]:
    """{indicator name: growth rate} from the optional 目标增长率 sheet: 「2%」 typed, or 0.02 in a cell
    formatted as a percentage. A bare 0.5 is refused: 0.5% and 50% are both what a clerk may mean."""
    from generators.reading.sheets import figure, read_table

    records = read_table(path, ws.display(path), RATE_COLUMNS, missing_ok=True)
    if records is None:
        return {}
    problems += records.problems
    known = {i.name for i in ws.indicators}
    rates: dict[str, Decimal] = {}
    for rec in records:
        name, raw = rec.text("指标"), rec.get("增长率")
        if rec.sources["增长率"] in {p.source for p in records.problems}:
            continue
        rate, wrong = figure(raw, rec.sources["增长率"], "增长率", percent=True, signed=True)
        typed = cells.text(raw).endswith("%") if isinstance(raw, str) else "增长率" in rec.percent
        if wrong is None and rate is not None and not typed and -1 < rate < 1:
            wrong = Problem(
                rec.sources["增长率"],
                "增长率没有写百分号，读不准是百分之几",
                raw,
                f"带百分号的百分数，如「{rate.normalize():f}%」或「{(rate * 100).normalize():f}%」（或把单元格设为百分比格式）",
            )
        if wrong is not None:
            problems.append(wrong)
        elif name not in known:
            problems.append(Problem(rec.sources["指标"], "目标增长率中的指标不在指标表中", name, "指标表中的指标名称"))
        elif rate is None or not -1 < rate < 1:
            problems.append(Problem(rec.sources["增长率"], "增长率无效", raw, "百分数，如2%"))
        else:
            rates[name] = rate
    return rates


def read_tasks(ws: Workspace, year: int, figures: Figures) -> tuple[str, list[str], list[Task]]:
    """(title, opening paragraphs, tasks) with placeholders filled; every problem in one DataError."""
    from generators.reading.sheets import read_table

    path = plan_path(ws, year)
    shown = ws.display(path)
    if not path.is_file():
        raise GongwenError(f"找不到{year}年的工作要点任务表「{shown}」，请参照 docs/数据格式.md 新建。")
    records = read_table(path, shown, TASK_COLUMNS, [c for c, _ in UNIT_COLUMNS])
    problems: list[Problem] = list(records.problems)
    unreadable = {p.source for p in records.problems}  # error values, unsaved formulas: already said
    figures.rates = read_rates(ws, path, problems)
    title, intro_sources = read_intro(ws, year, path, problems)
    intro = [fill(text, source, figures, problems) for text, source in intro_sources]
    tasks: list[Task] = []
    section = ""
    seen: dict[str, str] = {}  # section → the cell that first named it
    orphans = False
    for rec in records:
        named = TYPED_NUMBER.sub("", prose(rec.get("部分")))
        if named:
            if named != section and named in seen:
                problems.append(
                    Problem(
                        rec.sources["部分"],
                        f"部分「{named}」在{seen[named]}已出现过，同一部分的任务应连续排列",
                    )
                )
            section = named
            seen.setdefault(named, rec.sources["部分"].cell)
        elif not section and not orphans:  # blank 部分 continues the one above (merged cells read this way)
            orphans = True  # reported once: the rows below it have no section for the same reason
            problems.append(
                Problem(
                    rec.sources["部分"],
                    "任务没有所属部分（部分留空的行属于上面的部分，而上面没有部分）",
                    expected="部分标题，如「持续巩固拓展脱贫成果」",
                )
            )
        lead = TYPED_NUMBER.sub("", prose(rec.get("标题")))
        if not lead and rec.sources["标题"] not in unreadable:
            problems.append(Problem(rec.sources["标题"], "任务缺少标题", expected="一句话的任务标题"))
        content = "".join(prose(rec.get("内容")).splitlines())
        if not content and rec.sources["内容"] not in unreadable:
            problems.append(Problem(rec.sources["内容"], "任务缺少内容", expected="任务的具体内容"))
        units = [_units(rec, column, problems) if column in rec.sources else [] for column, _ in UNIT_COLUMNS]
        text = fill(content, rec.sources["内容"], figures, problems)
        lead = fill(lead, rec.sources["标题"], figures, problems)
        tasks.append(Task(section, _sentence(lead), _sentence(text), units_sentence(*units), rec.row_source))
    if not records:
        problems.append(Problem(Source(shown), "任务表中没有任何任务", expected="至少一行任务"))
    problems += figures.errors
    if problems:
        raise DataError(problems)
    return title, intro, tasks


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


def build(ws: Workspace, year: int, issued: dt.date, serial: int | None = None) -> WorkPlan:
    s = ws.settings
    title, intro, tasks = read_tasks(ws, year, Figures(ws))
    title = title or f"{s.organ.city}{year}年{DEFAULT_TOPIC}"
    notice_title = f"关于印发《{title}》的通知"
    keep = (s.organ.city,)
    serial = serial if serial is not None else s.numbering.first_serial  # a preview: write() takes the register's
    context = {
        "head": base.head(
            s,
            issued,
            title_lines(notice_title, keep),
            doc_number=w.doc_number(s.numbering.prefix, issued.year, serial),
            recipients=s.work_plan_recipients or s.documents.recipients,
        ),
        "notice": f"现将《{title}》印发你们，请结合实际，抓好贯彻落实。",
        "plan_title": "\n".join(title_lines(title, keep)),
        "intro": intro,
        "sections": sections(tasks),
    }
    return WorkPlan(title, notice_title, context, tasks)


def write(
    ws: Workspace,
    year: int,
    output_dir: Path,
    issued: dt.date,
    template: Path | None = None,
    serial: int | None = None,
) -> Path:
    """The 通知 with its 要点, numbered from the 发文登记 (a regenerated plan keeps its number)."""
    # A plan quotes the December before its year: it cannot be dated before that December begins.
    base.check_issued(issued, dt.date(year - 1, 12, 1), dt.date(year, 12, 31), f"{year}年工作要点")
    s = ws.settings
    plan = build(ws, year, issued, serial)
    out = base.output_path(Path(output_dir) / str(year), plan.notice_title)
    return base.write_numbered(
        ws,
        template or TEMPLATE,
        plan.context,
        out,
        kind=KIND,
        subject=str(year),
        prefix=s.numbering.prefix,
        first=s.numbering.first_serial,
        issued=issued,
        number=serial,
        options={"year": year, "date": issued.isoformat(), "number": serial, "template": template},
    )


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
