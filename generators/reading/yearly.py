"""Year-level inputs of the annual summary: the office's own year tables and the summary's configuration.

- 年度数据/<year>年.xlsx: one row per county, figures the monthly table does not carry
  (脱贫人口人均纯收入 with 脱贫人口数, 监测对象 户数/人数, 防返贫保险 保费/赔付 …).
- 年度总结.xlsx, sheet 「年度指标」: how each year-level figure is computed (合计, 人均 weighted by a
  population column, 比率 of sums) and whether it comes in a pair (户 with 人: 「配对列」).
- 年度总结.xlsx, sheet 「部分」: the summary's sections, their paragraphs' lead sentences, the
  office's prose and which figures each paragraph carries, so another city regroups without code.

Read with the same machinery as every other table (sheets.read_table, cells, the roster); every
problem names its file, sheet and cell, and all problems are reported together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from generators.errors import DataError, GongwenError, Problem, Source
from generators.reading import cells
from generators.reading.sheets import TABLE_SUFFIXES, read_table
from generators.reading.workspace import Workspace

CONFIG_FILE = "年度总结.xlsx"
YEAR_DIR = "年度数据"
METHODS = ("合计", "人均", "比率")
BLANK_EXPECTED = "数字（空白会让全市的合计、人均少算这个县区）"


@dataclass(frozen=True)
class YearIndicator:
    """A year-level figure, as 年度总结.xlsx 「年度指标」 defines it."""

    code: str
    name: str
    column: str
    unit: str
    method: str  # 合计: Σ; 人均: Σ(value × weight) ÷ Σweight; 比率: Σcolumn ÷ Σweight
    weight: str | None  # the population column (人均) or the denominator column (比率)
    pair: str | None  # a second quantity said with the first: 户 then 人
    pair_unit: str
    share_of: str | None  # code of the figure whose total this one is a share of (on the pair when paired)
    source: Source

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c for c in (self.column, self.weight, self.pair) if c)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a section: bold lead sentence, the office's prose, the figures it carries."""

    lead: str
    text: str
    figures: tuple[str, ...]  # codes or names, as written
    source: Source


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[Paragraph, ...]


@dataclass
class YearTable:
    """One year's year-level table: county → column → number (None: left blank), with sources."""

    year: int
    path: str
    values: dict[str, dict[str, Decimal | None]]
    sources: dict[str, dict[str, Source]]


def _prose(value) -> str:
    """The office's own words as typed: full-width punctuation kept (cells.text folds it), outer spaces trimmed."""
    return "" if value is None else str(value).strip()


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in re.split(r"[、,，;；\n]", text) if c.strip())


def read_config(ws: Workspace) -> tuple[list[YearIndicator], list[Section]]:
    """年度总结.xlsx: the year-level figure definitions and the sections, checked together."""
    path = ws.path(CONFIG_FILE)
    shown = ws.display(path)
    if not path.is_file():
        raise GongwenError(
            f"找不到年度总结配置「{shown}」，请参照 docs/数据格式.md 新建（含「年度指标」「部分」两张表）。"
        )
    problems: list[Problem] = []
    indicators: list[YearIndicator] = []
    try:
        records = read_table(
            path, shown, ["代码", "指标名称", "数据列", "算法"], ["单位", "权数列", "配对列", "配对单位", "占比于"]
        )
        problems += records.problems
    except DataError as exc:
        problems += exc.problems
        records = None
    for rec in records or ():
        method = rec.text("算法")
        weight = rec.text("权数列") or None
        if method not in METHODS:
            problems.append(Problem(rec.sources["算法"], "「算法」不对", method, "「" + "」或「".join(METHODS) + "」"))
            continue
        if method != "合计" and not weight:
            problems.append(Problem(rec.row_source, f"{method}指标缺少「权数列」", expected="人口数或分母所在的列名"))
            continue
        pair = rec.text("配对列") or None
        if pair and not rec.text("配对单位"):
            problems.append(Problem(rec.row_source, "有「配对列」却没有「配对单位」", expected="如「人」"))
            continue
        indicators.append(
            YearIndicator(
                code=rec.text("代码") or rec.text("指标名称"),
                name=rec.text("指标名称"),
                column=rec.text("数据列"),
                unit=rec.text("单位") or ("%" if method == "比率" else ""),
                method=method,
                weight=weight,
                pair=pair,
                pair_unit=rec.text("配对单位"),
                share_of=rec.text("占比于") or None,
                source=rec.row_source,
            )
        )
    known = {i.code for i in indicators} | {i.name for i in indicators}
    for ind in indicators:
        if ind.share_of and ind.share_of not in known:
            problems.append(Problem(ind.source, f"「占比于」写的指标「{ind.share_of}」不在「年度指标」中"))

    sections: list[Section] = []
    try:
        parts = read_table(path, shown, ["部分", "段落引语", "指标"], ["文字"])
        problems += parts.problems
    except DataError as exc:
        problems += exc.problems
        parts = None
    heading = ""
    paragraphs: list[Paragraph] = []
    for rec in parts or ():
        if _prose(rec.get("部分")) and _prose(rec.get("部分")) != heading:
            if heading:
                sections.append(Section(heading, tuple(paragraphs)))
            heading, paragraphs = _prose(rec.get("部分")), []
        if not heading:
            problems.append(Problem(rec.sources["部分"], "第一行没有写「部分」（一级标题）", expected="如「一、…」"))
            continue
        if rec.text("段落引语") or rec.text("指标") or rec.text("文字"):
            paragraphs.append(
                Paragraph(
                    _prose(rec.get("段落引语")), _prose(rec.get("文字")), _codes(rec.text("指标")), rec.sources["指标"]
                )
            )
    if heading:
        sections.append(Section(heading, tuple(paragraphs)))
    if not sections and not problems:
        problems.append(Problem(Source(shown, "部分"), "「部分」表是空的", expected="至少一个部分"))
    if problems:
        raise DataError(problems)
    return indicators, sections


def _column_kinds(indicators: list[YearIndicator]) -> dict[str, tuple[bool, str]]:
    """Column → (may hold a percentage, its counted unit for whole numbers only), from the figures using it."""
    kinds: dict[str, tuple[bool, str]] = {}
    for ind in indicators:
        counted = ind.unit if ind.unit in cells.COUNT_UNITS else ""
        kinds.setdefault(ind.column, (ind.unit == "%" and ind.method != "比率", counted))
        if ind.pair:
            kinds.setdefault(ind.pair, (False, ind.pair_unit if ind.pair_unit in cells.COUNT_UNITS else ""))
        if ind.weight and ind.method == "人均":  # a population: people are counted
            kinds.setdefault(ind.weight, (False, "人"))
    return kinds


def year_path(ws: Workspace, year: int) -> Path | None:
    """The one table in 年度数据/ whose name holds `year`; None when there is none."""
    folder = ws.path(YEAR_DIR)
    if not folder.is_dir():
        return None
    found = [
        p
        for p in sorted(folder.iterdir())
        if p.suffix.lower() in TABLE_SUFFIXES
        and not p.name.startswith(("~$", "."))
        and re.search(rf"(?<!\d){year}(?!\d)", p.stem)
    ]
    if len(found) > 1:
        raise GongwenError(f"{year}年有多份年度数据：" + "、".join(ws.display(p) for p in found) + "，请只保留一份。")
    return found[0] if found else None


def read_year(ws: Workspace, year: int, indicators: list[YearIndicator]) -> YearTable | None:
    """The year-level table of `year` (None when the office has none), every county present and numeric."""
    path = year_path(ws, year)
    if path is None:
        return None
    shown = ws.display(path)
    columns = list(dict.fromkeys(c for ind in indicators for c in ind.columns))
    kinds = _column_kinds(indicators)
    records = read_table(path, shown, ["县区", *columns])
    problems: list[Problem] = list(records.problems)
    unreadable = {p.source for p in problems}
    values: dict[str, dict[str, Decimal | None]] = {}
    sources: dict[str, dict[str, Source]] = {}
    for rec in records:
        county = ws.roster.match(rec.get("县区"))
        if county is None:
            if rec.text("县区") not in ("合计", "全市", "总计"):
                problems.append(Problem(rec.sources["县区"], "县区名单中没有这个县区", rec.get("县区")))
            continue
        if county.name in values:
            problems.append(Problem(rec.sources["县区"], f"「{county.name}」重复出现", rec.get("县区")))
            continue
        row: dict[str, Decimal | None] = {}
        for col in columns:
            if rec.sources[col] in unreadable:  # an error value or an unsaved formula, already reported
                continue
            if cells.text(rec.get(col)) in cells.BLANKS:  # it would drop the county from the city's sums unsaid
                problems.append(
                    Problem(rec.sources[col], f"{county.name}「{col}」是空白", rec.get(col) or None, BLANK_EXPECTED)
                )
                continue
            percent, whole = kinds.get(col, (False, ""))
            number = rec.number(col, problems, percent=percent, whole=whole)
            if number is not None:
                row[col] = number
        values[county.name] = row
        sources[county.name] = dict(rec.sources)
    for name in ws.roster.names:
        if name not in values:
            problems.append(Problem(Source(shown), f"缺少「{name}」的数据", expected="县区名单中的每个县区都有一行"))
    for ind in indicators:
        if ind.method == "合计" or not ind.weight:
            continue
        for name, row in values.items():
            if row.get(ind.column) is not None and not row.get(ind.weight):
                problems.append(
                    Problem(
                        sources[name][ind.weight],
                        f"{name}「{ind.name}」的「{ind.weight}」为空或为0",
                        row.get(ind.weight),
                        "大于0",
                    )
                )
    if problems:
        raise DataError(problems)
    return YearTable(year, shown, {n: values[n] for n in ws.roster.names}, sources)
