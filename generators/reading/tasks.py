"""The work plan's own workbook, 工作要点/<year>年.xlsx: its tasks, opening paragraphs and growth rates.

- sheet 「任务」: 部分, 标题, 内容 and the units (牵头单位, 配合单位, 落实单位) of each task;
- sheet 「总体要求」 (optional): rows 标题 and 总体要求;
- sheet 「目标增长率」 (optional): 指标 and 增长率, for 【2023年目标:指标】.

Prose is kept as typed; its placeholders are read here (reading/placeholders.py: 【2022年脱贫劳动力务工就业】,
【…×1.02】, 【2023年目标:…】 …) and every one that cannot be is a Problem naming its cell. Their values come
from the December tables (and 年度总结.xlsx's figures), which the work plan reads through reading.entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from generators.errors import GongwenError, Problem, Source
from generators.reading import cells
from generators.reading.placeholders import Placeholder, found
from generators.reading.sheets import figure, read_table
from generators.reading.workspace import Workspace

FOLDER = "工作要点"
TASK_COLUMNS = ["部分", "标题", "内容"]
UNIT_COLUMNS = ["牵头单位", "配合单位", "落实单位"]
INTRO_COLUMNS = ["项目", "内容"]  # the optional sheet 「总体要求」: rows 标题 and 总体要求
RATE_COLUMNS = ["指标", "增长率"]  # the optional sheet 「目标增长率」

UNIT_SEPARATORS = re.compile(r"[、，,；;/\n]")
# Numbering is generated; a 「一、」 or 「（三）」 copied in from last year's document is dropped.
TYPED_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[)）])\s*")
BLANK = " \u3000\t\r\n\xa0"


@dataclass(frozen=True)
class Prose:
    """A cell of the office's prose as typed, with the placeholders understood in it."""

    text: str
    source: Source
    placeholders: tuple[Placeholder, ...] = ()  # reading.placeholders: worded by the work plan


@dataclass(frozen=True)
class PlannedTask:
    section: str
    lead: Prose  # 标题: the lead sentence
    content: Prose  # 内容
    units: tuple[list[str], list[str], list[str]]  # 牵头, 配合, 落实
    source: Source


@dataclass
class PlanBook:
    """What 工作要点/<year>年.xlsx says."""

    title: str  # "" when the office gave none
    intro: list[Prose]
    tasks: list[PlannedTask]
    rates: dict[str, Decimal]  # indicator name → growth rate as a fraction (0.02 for 2%)


def plan_path(ws: Workspace, year: int) -> Path:
    return ws.path(FOLDER) / f"{year}年.xlsx"


def prose(value) -> str:
    """A cell of prose as typed (full-width punctuation kept, unlike cells.text), ends trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip(BLANK)


def placeholders(text: str, source: Source, problems: list[Problem]) -> tuple[Placeholder, ...]:
    """The placeholders of `text` that can be read (reading/placeholders.py, the summary's syntax too); each one
    that cannot becomes a Problem. The figures they name are looked up when the plan is written."""
    return tuple(found(text, source, problems))


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


def _read_intro(ws: Workspace, path: Path, problems: list[Problem]) -> tuple[str, list[tuple[str, Source]]]:
    """(title, opening paragraphs with their sources) from the optional 总体要求 sheet."""
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


def _read_rates(ws: Workspace, path: Path, problems: list[Problem]) -> dict[str, Decimal]:
    """{indicator name: growth rate} from the optional 目标增长率 sheet: 「2%」 typed, or 0.02 in a cell
    formatted as a percentage. A bare 0.5 is refused: 0.5% and 50% are both what a clerk may mean."""
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


def _section(rec, section: str, seen: dict[str, str], orphans: list[bool], problems: list[Problem]) -> str:
    """The task's section: its own 部分, or (left blank, as merged cells read) the one above."""
    named = TYPED_NUMBER.sub("", prose(rec.get("部分")))
    if named:
        if named != section and named in seen:
            problems.append(
                Problem(rec.sources["部分"], f"部分「{named}」在{seen[named]}已出现过，同一部分的任务应连续排列")
            )
        seen.setdefault(named, rec.sources["部分"].cell)
        return named
    if not section and not orphans:
        orphans.append(True)  # reported once: the rows below it have no section for the same reason
        problems.append(
            Problem(
                rec.sources["部分"],
                "任务没有所属部分（部分留空的行属于上面的部分，而上面没有部分）",
                expected="部分标题，如「持续巩固拓展脱贫成果」",
            )
        )
    return section


def read_plan(ws: Workspace, year: int, problems: list[Problem]) -> PlanBook:
    """The plan's workbook; every problem found goes to `problems` (a missing workbook is a GongwenError)."""
    path = plan_path(ws, year)
    shown = ws.display(path)
    if not path.is_file():
        raise GongwenError(f"找不到{year}年的工作要点任务表「{shown}」，请参照 docs/数据格式.md 新建。")
    records = read_table(path, shown, TASK_COLUMNS, UNIT_COLUMNS)
    problems += records.problems
    unreadable = {p.source for p in records.problems}  # error values, unsaved formulas: already said
    rates = _read_rates(ws, path, problems)
    title, intro_sources = _read_intro(ws, path, problems)
    intro = [Prose(text, source, placeholders(text, source, problems)) for text, source in intro_sources]
    tasks: list[PlannedTask] = []
    section = ""
    seen: dict[str, str] = {}  # section → the cell that first named it
    orphans: list[bool] = []
    for rec in records:
        section = _section(rec, section, seen, orphans, problems)
        lead = TYPED_NUMBER.sub("", prose(rec.get("标题")))
        if not lead and rec.sources["标题"] not in unreadable:
            problems.append(Problem(rec.sources["标题"], "任务缺少标题", expected="一句话的任务标题"))
        content = "".join(prose(rec.get("内容")).splitlines())
        if not content and rec.sources["内容"] not in unreadable:
            problems.append(Problem(rec.sources["内容"], "任务缺少内容", expected="任务的具体内容"))
        lead_units, cooperating, implementing = (
            _units(rec, column, problems) if column in rec.sources else [] for column in UNIT_COLUMNS
        )
        content_at, lead_at = rec.sources["内容"], rec.sources["标题"]
        content_prose = Prose(content, content_at, placeholders(content, content_at, problems))
        lead_prose = Prose(lead, lead_at, placeholders(lead, lead_at, problems))
        units = (lead_units, cooperating, implementing)
        tasks.append(PlannedTask(section, lead_prose, content_prose, units, rec.row_source))
    if not records:
        problems.append(Problem(Source(shown), "任务表中没有任何任务", expected="至少一行任务"))
    return PlanBook(title, intro, tasks, rates)
