"""A month's county tables, read as counties really send them, and validated.

A month is one workbook (.xlsx/.xls), one CSV, or a folder of per-county workbooks. The header
is found by its content, two-row merged headers are flattened to 「大类/小项」, title, unit and
notes rows are dropped, and the 合计 row is kept aside to cross-check the counties' sum.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generators.errors import DataError, GongwenError, Problem, Source
from generators.reading import cells
from generators.reading.sheets import TABLE_SUFFIXES, Sheet, read_sheets
from generators.reading.workspace import Month, Workspace

COUNTY_HEADERS = {"县区", "县(市、区)", "县(市区)", "县市区", "区县", "县(区)", "县区名称", "单位", "单位名称", "地区"}
TOTAL_NAMES = {"合计", "全市", "总计", "全市合计", "合计数", "全市总计"}
NOTE_PREFIXES = (
    "填报说明",
    "说明",
    "备注",
    "注:",
    "填表人",
    "填报人",
    "审核人",
    "制表",
    "负责人",
    "联系电话",
    "联系人",
)
HEADER_SEARCH_ROWS = 30
JUMP_FACTOR = 10


@dataclass(frozen=True)
class Value:
    """A number from a county table (None: the county left it blank) and the cell it came from."""

    number: Decimal | None
    source: Source


@dataclass
class MonthData:
    """One month's validated figures: county → column → Value, the 合计 row, and warnings."""

    month: Month
    path: str
    values: dict[str, dict[str, Value]]
    totals: dict[str, Value] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)


def _norm(name: str) -> str:
    """A header as compared: full-width folded, spaces gone, a trailing unit like （万元） dropped."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
    return re.sub(r"\([^()]*\)$", "", s) or s


@dataclass
class _Layout:
    county_col: int
    first_row: int
    columns: dict[str, int]  # configured column name → column index
    header_source: Source


def _flatten(top: list, sub: list | None) -> list[tuple[str, str]]:
    """(parent, child) per column; a merged parent spans the blank cells to its right."""
    result, parent = [], ""
    width = max(len(top), len(sub or []))
    for c in range(width):
        t = _norm(cells.text(top[c] if c < len(top) else ""))
        s = _norm(cells.text(sub[c] if sub and c < len(sub) else ""))
        if t:
            parent = t
            result.append((t, s))
        elif s:
            result.append((parent, s))
        else:
            result.append(("", ""))
    return result


def _find_layout(sheet: Sheet, wanted: list[str], problems: list[Problem]) -> _Layout | None:
    for h, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):  # noqa: B007 (h is used after the loop)
        county_col = next((c for c, v in enumerate(row) if cells.text(v) in COUNTY_HEADERS), None)
        if county_col is not None:
            break
    else:
        return None
    sub = sheet.rows[h + 1] if h + 1 < len(sheet.rows) else []
    has_sub = not cells.text(sub[county_col] if county_col < len(sub) else "") and any(
        cells.text(v) and not _is_number(v) for v in sub
    )
    heads = _flatten(row, sub if has_sub else None)
    header_source = sheet.source(h)
    columns = {}
    for name in wanted:
        key = _norm(name)
        if "/" in name:
            parent, child = (_norm(p) for p in name.split("/", 1))
            hits = [c for c, (p, s) in enumerate(heads) if (p, s) == (parent, child)]
        else:
            hits = [c for c, (p, s) in enumerate(heads) if (s or p) == key or (p + s) == key]
        if len(hits) == 1:
            columns[name] = hits[0]
        elif not hits:
            problems.append(
                Problem(
                    header_source,
                    f"表头中找不到指标列「{name}」",
                    expected="指标表「数据列」「分母列」中写的列名与月报表头一致",
                )
            )
        else:
            where = "、".join(cells.column_letter(c) for c in hits)
            problems.append(
                Problem(header_source, f"表头中有多个列都叫「{name}」（{where}列）", expected="写成「大类/小项」以区分")
            )
    return _Layout(county_col, h + (2 if has_sub else 1), columns, header_source)


def _is_number(value) -> bool:
    try:
        return cells.number(value) is not None
    except cells.NotANumber:
        return False


def _month_files(ws: Workspace, path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    files = [
        p for p in sorted(path.iterdir()) if p.suffix.lower() in TABLE_SUFFIXES and not p.name.startswith(("~$", "."))
    ]
    if not files:
        raise DataError([Problem(Source(ws.display(path)), "文件夹中没有表格文件", expected=".xlsx、.xls或.csv文件")])
    return files


def read_month(ws: Workspace, month: Month) -> MonthData:
    """Read and validate one month; a DataError lists every problem found, across all files."""
    path = ws.month_path(month)
    if path is None:
        raise GongwenError(
            f"没有{month.label}的数据：「{ws.display(ws.path('月报'))}」中找不到文件名含「{month.key}」的文件或文件夹。"
        )
    wanted = list(dict.fromkeys(col for ind in ws.indicators for col in ind.columns))
    roster = ws.roster
    data = MonthData(month, ws.display(path), {})
    problems: list[Problem] = []
    first_seen: dict[str, Source] = {}
    complete = True  # every file could be laid out; else "missing county" would only repeat the cause

    for file in _month_files(ws, path):
        try:
            sheets = read_sheets(file, ws.display(file))
        except DataError as exc:
            problems += exc.problems
            complete = False
            continue
        layout, sheet = None, None
        for sheet in sheets:
            layout = _find_layout(sheet, wanted, problems)
            if layout is not None:
                break
        if layout is None:
            problems.append(
                Problem(
                    Source(ws.display(file), sheets[0].name),
                    "找不到表头",
                    expected="有一行写着「县区」（或「单位」「地区」）",
                )
            )
            complete = False
            continue
        if len(layout.columns) < len(wanted):
            complete = False
            continue  # the missing columns are already reported
        for r in range(layout.first_row, len(sheet.rows)):
            row = sheet.rows[r]
            first = next((cells.text(v) for v in row if cells.text(v)), "")
            if not first or first.startswith(NOTE_PREFIXES):
                continue
            name = cells.text(sheet.value(r, layout.county_col))
            row_values = {}
            for col_name, c in layout.columns.items():
                raw, source = sheet.value(r, c), sheet.source(r, c)
                try:
                    number = cells.number(raw)
                except cells.NotANumber:
                    problems.append(Problem(source, f"「{col_name}」不是数字", raw, "数字（未填可留空或写「—」）"))
                    continue
                if number is not None and number < 0:
                    problems.append(Problem(source, f"「{col_name}」不能为负数", raw, "0或正数"))
                    continue
                row_values[col_name] = Value(number, source)
            name_source = sheet.source(r, layout.county_col)
            if name in TOTAL_NAMES:
                data.totals = row_values
                continue
            if not name:
                if any(v.number is not None for v in row_values.values()):
                    problems.append(Problem(name_source, "这一行有数据但没有县区名称", expected="县区名称"))
                continue
            county = roster.match(name)
            if county is None:
                problems.append(
                    Problem(
                        name_source,
                        "县区名单中没有这个县区",
                        sheet.value(r, layout.county_col),
                        "县区名单中的名称或别名",
                    )
                )
                continue
            if county.name in first_seen:
                problems.append(
                    Problem(
                        name_source,
                        f"「{county.name}」重复出现（第一次在{first_seen[county.name]}）",
                        sheet.value(r, layout.county_col),
                        "每个县区只出现一次",
                    )
                )
                continue
            first_seen[county.name] = name_source
            data.values[county.name] = row_values

    for name in roster.names if complete else ():
        if name not in first_seen:
            problems.append(
                Problem(Source(data.path), f"缺少「{name}」的数据", expected="县区名单中的每个县区都有一行")
            )
    if not problems:
        problems += _check_ratios(ws, data)
    if problems:
        raise DataError(problems)
    data.values = {name: data.values[name] for name in roster.names}
    data.warnings += _check_blanks(data) + _check_totals(data)
    return data


def _check_ratios(ws: Workspace, data: MonthData) -> list[Problem]:
    problems = []
    for ind in ws.indicators:
        if not ind.is_ratio:
            continue
        for county, row in data.values.items():
            num, den = row[ind.column], row[ind.denominator]
            if num.number is None or den.number is None:
                continue
            if den.number == 0:
                if num.number > 0:
                    problems.append(
                        Problem(
                            den.source,
                            f"{county}「{ind.name}」的分母「{ind.denominator}」为0而分子为{num.number}",
                            den.number,
                            "大于0",
                        )
                    )
                continue
            ratio = num.number / den.number
            if ind.bound is not None and ratio > ind.bound:
                problems.append(
                    Problem(
                        num.source,
                        f"{county}「{ind.name}」为{ratio * 100:.2f}%（{ind.column} {num.number} ÷ {ind.denominator} {den.number}，分母在{den.source.cell}），超过上限",
                        num.number,
                        f"不超过{ind.bound * 100:g}%",
                    )
                )
    return problems


def _check_blanks(data: MonthData) -> list[Problem]:
    return [
        Problem(v.source, f"{county}「{col}」未填报，文中将标注为「未报」")
        for county, row in data.values.items()
        for col, v in row.items()
        if v.number is None
    ]


def _check_totals(data: MonthData) -> list[Problem]:
    warnings = []
    for col, total in data.totals.items():
        if total.number is None:
            continue
        counted = sum((row[col].number for row in data.values.values() if row[col].number is not None), Decimal(0))
        if abs(counted - total.number) > Decimal("0.01"):
            warnings.append(
                Problem(total.source, f"合计行「{col}」与各县区之和{counted.normalize():f}不一致", total.number)
            )
    return warnings


def compare_months(ws: Workspace, current: MonthData, previous: MonthData | None) -> list[Problem]:
    """Warnings against last month: a cumulative value that fell, a value that jumped tenfold.

    Cumulative figures restart each January, so only months of the same year are compared.
    """
    if previous is None or previous.month.year != current.month.year:
        return []
    cumulative = {ind.column for ind in ws.indicators if not ind.is_ratio}
    warnings = []
    for county, row in current.values.items():
        before_row = previous.values.get(county, {})
        for col, value in row.items():
            before = before_row.get(col)
            if value.number is None or before is None or before.number is None:
                continue
            if col in cumulative and value.number < before.number:
                warnings.append(
                    Problem(
                        value.source,
                        f"{county}「{col}」是累计数，却比上月（{before.number.normalize():f}）减少",
                        value.number,
                    )
                )
            elif before.number > 0 and value.number > before.number * JUMP_FACTOR:
                warnings.append(
                    Problem(
                        value.source,
                        f"{county}「{col}」比上月（{before.number.normalize():f}）增加超过{JUMP_FACTOR}倍，请核实",
                        value.number,
                    )
                )
    return warnings


def read_with_previous(ws: Workspace, month: Month) -> tuple[MonthData, MonthData | None]:
    """The month and, when its data exists, the month before (for rank change and the checks above)."""
    current = read_month(ws, month)
    previous = read_month(ws, month.previous()) if ws.month_path(month.previous()) else None
    current.warnings += compare_months(ws, current, previous)
    return current, previous
