"""工作要点: the year's work plan, issued with its 通知 (the 要点 follows on a new page, not as an 附件).

The tasks come from the office's workbook 工作要点/<year>年.xlsx; numbering (一、 and （一）) is always
generated, and the figures in the text come from placeholders such as 【2022年脱贫劳动力务工就业×1.02】
computed from the December tables (generators/numbers/placeholders.py: the syntax the summary's prose shares;
year-level figures of 年度总结.xlsx too). Holds no XML.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generators import base
from generators.errors import DataError, GongwenError, Problem, Source
from generators.numbers import annual, placeholders, year_figures
from generators.numbers import wording as w
from generators.reading import cells, year_inputs, yearly
from generators.reading.workspace import Month, Workspace
from templates import template_path

TEMPLATE = template_path("workplan")
KIND = "工作要点"  # with the year, names the document in the 发文登记
FOLDER = "工作要点"
TASK_COLUMNS = ["部分", "标题", "内容"]
UNIT_COLUMNS = [("牵头单位", "牵头"), ("配合单位", "配合"), ("落实单位", "落实")]
INTRO_COLUMNS = ["项目", "内容"]  # the optional sheet 「总体要求」: rows 标题 and 总体要求
DEFAULT_TOPIC = "巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点"

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
    """The figures the plan's placeholders name, by year: December's (or the reported month's) indicators and,
    when a placeholder names one, the year-level figures of 年度总结.xlsx; each year read once."""

    def __init__(self, ws: Workspace, year: int):
        self.ws = ws
        self.year = year  # the plan's year: a placeholder without a year means the year before
        self.rates: dict[str, Decimal] = {}  # indicator name → growth rate as a fraction (0.02 for 2%)
        self.errors: list[Problem] = []  # problems in the tables read
        self.yearly: set[str] = set()  # names of 年度总结.xlsx's figures, when a placeholder needs them

    def lookup(self, names: set[str]) -> year_figures.Lookup:
        """The placeholders' view, reading 年度总结.xlsx only when one of `names` is none of 指标.xlsx's."""
        monthly = {i.name for i in self.ws.indicators} | {i.code for i in self.ws.indicators}
        if names - monthly and self.ws.path(yearly.CONFIG_FILE).is_file():
            try:
                config = yearly.read_config(self.ws)
                self.yearly = {i.name for i in config.indicators} | {i.code for i in config.indicators}
            except DataError as exc:
                self.errors.extend(exc.problems)
        return year_figures.Lookup(self.load, self.year - 1, monthly | self.yearly, self.rates)

    def load(self, year: int) -> dict[str, annual.Figure] | None | str:
        from generators.numbers.figures import compute
        from generators.reading.tables import read_month

        month = Month(year, 12)
        if self.ws.month_path(month) is None:
            return f"没有{year}年12月的月报（月报文件夹中应有文件名含「{year}-12」的表）"
        try:
            if self.yearly:
                return year_figures.figures_of(self.ws, year_inputs.read(self.ws, year, month, charts=False)).figures
            data = read_month(self.ws, month, "工作要点中由12月数据算出的数字，")
            last = Month(year - 1, 12)
            before = read_month(self.ws, last) if self.ws.month_path(last) else None
        except DataError as exc:  # the tables' own problems join the plan's, reported once
            self.errors.extend(p for p in exc.problems if p not in self.errors)
            return None
        return year_figures.monthly_figures(compute(self.ws, data), compute(self.ws, before) if before else None)


def fill(text: str, source: Source, lookup: year_figures.Lookup, problems: list[Problem]) -> str:
    """`text` with every 【…】 replaced by its worded figure (generators.numbers.placeholders)."""
    return placeholders.fill(text, source, lookup, problems, lookup.year)


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


def read_intro(ws: Workspace, year: int, path: Path) -> tuple[str, list[tuple[str, Source]]]:
    """(title, opening paragraphs with their sources) from the optional 总体要求 sheet."""
    from generators.reading.sheets import read_table

    title = ""
    paragraphs: list[tuple[str, Source]] = []
    try:
        records = read_table(path, ws.display(path), INTRO_COLUMNS)
    except DataError:
        return title, paragraphs  # no 总体要求 sheet: a plan may open straight with its sections
    for rec in records:
        key, text = rec.text("项目"), prose(rec.get("内容"))
        if key == "标题" and text:
            title = "".join(text.splitlines())
        elif key == "总体要求" and text:
            paragraphs += [(p.strip(BLANK), rec.sources["内容"]) for p in text.splitlines() if p.strip(BLANK)]
    return title, paragraphs


def read_rates(ws: Workspace, path: Path, problems: list[Problem]) -> dict[str, Decimal]:
    """{indicator name: growth rate} from the optional 目标增长率 sheet (「2%」 or 0.02 from a % cell)."""
    from generators.reading.sheets import read_table

    try:
        records = read_table(path, ws.display(path), RATE_COLUMNS)
    except DataError:
        return {}
    known = {i.name for i in ws.indicators}
    rates: dict[str, Decimal] = {}
    for rec in records:
        name, raw = rec.text("指标"), rec.get("增长率")
        try:
            rate = cells.number(raw)
        except cells.NotANumber:
            rate = None
        if name not in known:
            problems.append(Problem(rec.sources["指标"], "目标增长率中的指标不在指标表中", name, "指标表中的指标名称"))
        elif rate is None or not -1 < rate < 1:
            problems.append(Problem(rec.sources["增长率"], "增长率无效", raw, "百分数，如2%"))
        else:
            rates[name] = rate
    return rates


def _named(texts: list[str]) -> set[str]:
    found = set()
    for text in texts:
        for inner in placeholders.PLACEHOLDER.findall(text):
            ph = placeholders.parse(inner.strip())
            if not isinstance(ph, str):
                found.add(ph.name)
    return found


def read_tasks(ws: Workspace, year: int, figures: Figures) -> tuple[str, list[str], list[Task]]:
    """(title, opening paragraphs, tasks) with placeholders filled; every problem in one DataError."""
    from generators.reading.sheets import read_table

    path = plan_path(ws, year)
    shown = ws.display(path)
    if not path.is_file():
        raise GongwenError(f"找不到{year}年的工作要点任务表「{shown}」，请参照 docs/数据格式.md 新建。")
    records = read_table(path, shown, TASK_COLUMNS, [c for c, _ in UNIT_COLUMNS])
    problems: list[Problem] = []
    figures.rates = read_rates(ws, path, problems)
    title, intro_sources = read_intro(ws, year, path)
    lookup = figures.lookup(
        _named([t for t, _ in intro_sources] + [prose(r.get(c)) for r in records for c in ("标题", "内容")])
    )
    intro = [fill(text, source, lookup, problems) for text, source in intro_sources]
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
        if not lead:
            problems.append(Problem(rec.sources["标题"], "任务缺少标题", expected="一句话的任务标题"))
        content = "".join(prose(rec.get("内容")).splitlines())
        if not content:
            problems.append(Problem(rec.sources["内容"], "任务缺少内容", expected="任务的具体内容"))
        units = [_units(rec, column, problems) if column in rec.sources else [] for column, _ in UNIT_COLUMNS]
        text = fill(content, rec.sources["内容"], lookup, problems)
        lead = fill(lead, rec.sources["标题"], lookup, problems)
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
    title, intro, tasks = read_tasks(ws, year, Figures(ws, year))
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
