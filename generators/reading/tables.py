"""A month's county tables, read as counties really send them, and validated.

A month is one workbook (.xlsx/.xls), one CSV, or a folder of per-county workbooks. Of a workbook's
sheets, the one read is decided by content and visibility (a hidden sheet or a draft never wins
silently). The header is found by its content; two-row merged headers are flattened to 「大类/小项」.
The table ends where the county rows end: what follows is notes. The 合计 row is kept aside to
cross-check the counties' sum. Every problem in every file read is gathered before stopping.

Longer than 400 lines: the month table's header matching, row end, cell checks and plausibility bounds are one reading of one table.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generators.errors import Code, DataError, GongwenError, Problem, Source, shown
from generators.reading import cells
from generators.reading.arrivals import Saved, saved
from generators.reading.named_months import contradicting
from generators.reading.periods import Month, Period
from generators.reading.report import active
from generators.reading.sheets import TABLE_SUFFIXES, Sheet, choose, figure, is_draft, range_name, read_sheets
from generators.reading.workspace import INDICATORS_FILE, MONTHS_DIR, Workspace

COUNTY_HEADERS = {"县区", "县(市、区)", "县(市区)", "县市区", "区县", "县(区)", "县区名称", "单位", "单位名称", "地区"}
TOTAL_NAMES = {"合计", "全市", "总计", "全市合计", "合计数", "全市总计"}
# Rows starting with these are notes wherever they stand (older rule, kept for rows inside the table).
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
REMARK_HEADERS = {"备注", "备注说明", "说明"}
# What a county (or the office) writes in a row's 备注 to confirm a figure that looks implausible: a clause
# ending in a whole phrase (「已核实」「经核实，数据无误」「新增资金已核实」), never a word found inside
# a longer one (「尚未确认无误」).
CONFIRMATION = re.compile(
    r"(?:(?:数据)?(?:经|已经?|业已)(?:核实|确认|核对|核查)(?:无误|属实)?|(?:数据)?(?:核实|确认|核对|核查)(?:无误|属实)|数据(?:无误|属实))$"
)
# A remark that also doubts or defers (「待核实」「不能确认」「请核实」) confirms nothing.
HEDGES = re.compile(r"未|不|没|尚|待|否|无法|需|拟|请|有误|存疑|疑|再")
_CLAUSES = re.compile(r"[，,。.；;、！!？?：:（）()\[\]【】\s]+")
# Columns that are not figures, so no warning for text in them.
TEXT_HEADERS = {"序号", "编号", "排名", "备注", "说明", "填报人", "联系人", "联系电话", "负责人", "审核人"}
HEADER_SEARCH_ROWS = 30
NAME_CHARS = 12  # a county's name is short; a longer label below the table is a note
JUMP_FACTOR = 10  # more than ten times last month: an error unless confirmed
TARGET_FACTOR = 10  # more than ten times the county's annual target: an error unless confirmed


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
    notes: list[Problem] = field(default_factory=list)  # which sheet of a workbook was read
    confirmed: dict[str, Source] = field(default_factory=dict)  # county → the 备注 cell confirming its figures
    unreported: list[str] = field(default_factory=list)  # counties with no workbook in a per-county folder
    # county → (its file as shown, when it was saved), for a month of per-county files: when each arrived
    arrivals: dict[str, tuple[str, Saved]] = field(default_factory=dict)


def _norm(name: str) -> str:
    """A header as compared: full-width folded, spaces gone, a trailing unit like （万元） dropped."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
    return re.sub(r"\([^()]*\)$", "", s) or s


@dataclass
class _Layout:
    county_col: int
    first_row: int
    heads: list[tuple[str, str]]  # (group, item) per column
    columns: dict[str, int]  # configured column name → column index
    header_source: Source
    problems: list[Problem]  # columns not found or ambiguous
    remark_col: int | None = None
    header_row: int = 0  # the header's (first) row: the rows above are the title


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


def _head_name(head: tuple[str, str]) -> str:
    return f"{head[0]}/{head[1]}" if head[0] and head[1] else head[0] or head[1]


def _match(name: str, heads: list[tuple[str, str]]) -> list[int]:
    """Columns a configured name means: 「大类/小项」, 「大类小项」 or, alone, 「小项」, in one- or two-row headers."""
    parent, child = (_norm(p) for p in name.split("/", 1)) if "/" in name else ("", _norm(name))
    joined = (parent + child).replace("/", "")
    hits = [c for c, (p, s) in enumerate(heads) if (p or s) and (p + s).replace("/", "") == joined]
    if hits:
        return hits
    if parent:  # the header names the item alone, in one cell
        return [c for c, (p, s) in enumerate(heads) if (p, s) in ((child, ""), ("", child))]
    return [c for c, (p, s) in enumerate(heads) if s == child]


def _layout_at(sheet: Sheet, h: int, county_col: int, wanted: list[str], optional: Sequence[str] = ()) -> _Layout:
    row = sheet.rows[h]
    sub = sheet.rows[h + 1] if h + 1 < len(sheet.rows) else []
    has_sub = not cells.text(sub[county_col] if county_col < len(sub) else "") and any(
        cells.text(v) and not _is_number(v) for v in sub
    )
    heads = _flatten(row, sub if has_sub else None)
    # Where a message points: the cell holding a column's last words (its 小项 on the second row of a
    # two-row header), or the header's rows as a whole.
    header_source = Source(sheet.file, sheet.name, f"第{h + 1}～{h + 2}行") if has_sub else sheet.source(h)

    def cell_of(c: int) -> Source:
        return sheet.source(h + 1 if has_sub and cells.text(sub[c] if c < len(sub) else "") else h, c)

    columns, problems = {}, []
    named = {c: _head_name(hd) for c, hd in enumerate(heads) if c != county_col and _head_name(hd)}
    found = list(named.values())
    for name in wanted:
        hits = [c for c in _match(name, heads) if c != county_col]
        if len(hits) == 1:
            columns[name] = hits[0]
        elif not hits:
            near = _closest(name, named)
            hint = f"；最接近的是{cell_of(near).cell}的「{named[near]}」" if near is not None else ""
            problems.append(
                Problem(
                    cell_of(near) if near is not None else header_source,
                    f"表头中找不到指标列「{name}」（表头中的列：{'、'.join(found) or '无'}{hint}）",
                    expected="指标表「数据列」「分母列」中写的列名与月报表头一致（「大类/小项」「大类小项」或不重名的「小项」）",
                )
            )
        else:
            where = "、".join(cell_of(c).cell for c in hits)
            problems.append(
                Problem(
                    cell_of(hits[0]), f"表头中有多个列都叫「{name}」（{where}）", expected="写成「大类/小项」以区分"
                )
            )
    for name in optional:  # columns a year-level figure may take from the month table: read when there
        hits = [c for c in _match(name, heads) if c != county_col]
        if len(hits) == 1 and name not in columns:
            columns[name] = hits[0]
    remark = next((c for c, hd in enumerate(heads) if _head_name(hd) in REMARK_HEADERS), None)
    return _Layout(county_col, h + (2 if has_sub else 1), heads, columns, header_source, problems, remark, h)


def _closest(name: str, named: dict[int, str]) -> int | None:
    """The column whose header is most like `name` (as written, then without the 「/」), if any is close."""
    for key in (lambda f: f, lambda f: f.replace("/", "")):
        options = {key(f): c for c, f in named.items()}
        match = difflib.get_close_matches(key(name), list(options), n=1, cutoff=0.4)
        if match:
            return options[match[0]]
    return None


def _find_layout(sheet: Sheet, wanted: list[str], optional: Sequence[str] = ()) -> _Layout | None:
    """The sheet's header: the first row naming a county column under which every wanted column is found.

    A 「单位」 cell in a unit line (「单位 | 万元」) names a county column too, so a row is only taken
    when its columns are there; failing that, the row that found the most, to report what is missing.
    """
    best = None
    for h, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        county_col = next((c for c, v in enumerate(row) if cells.text(v) in COUNTY_HEADERS), None)
        if county_col is None:
            continue
        layout = _layout_at(sheet, h, county_col, wanted, optional)
        if not layout.problems:
            return layout
        if best is None or len(layout.columns) > len(best.columns):
            best = layout
    return best


def _is_number(value) -> bool:
    try:
        return cells.number(value) is not None
    except cells.NotANumber:
        return False


def _month_files(ws: Workspace, path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]  # a file, or something that is not one: read_sheets says which
    files = [
        p for p in sorted(path.iterdir()) if p.suffix.lower() in TABLE_SUFFIXES and not p.name.startswith(("~$", "."))
    ]
    if not files:
        raise DataError([Problem(Source(ws.display(path)), "文件夹中没有表格文件", expected=".xlsx、.xls或.csv文件")])
    return files


def _choose_sheet(
    sheets: list[Sheet], wanted: list[str], display: str, optional: Sequence[str] = ()
) -> tuple[Sheet | None, _Layout | None, list[Problem], list[Problem]]:
    """The sheet to read, by content and visibility (sheets.choose): (sheet, layout, problems, notes)."""
    laid = [(s, _find_layout(s, wanted, optional)) for s in sheets]
    headed = [(s, lay) for s, lay in laid if lay is not None]
    complete = [(s, lay) for s, lay in headed if not lay.problems]
    sheet, problems, notes = choose(display, [s for s, _ in complete], [s for s, _ in headed], "本月报表")
    if sheet is not None:
        return sheet, next(lay for s, lay in complete if s is sheet), problems, notes
    if problems or complete:
        return None, None, problems, notes
    if headed:  # a header, but columns missing: report them for the sheet a user would look at
        sheet, layout = sorted(headed, key=lambda p: (not p[0].visible, is_draft(p[0])))[0]
        return sheet, None, list(layout.problems), notes
    problems.append(
        Problem(Source(display, sheets[0].name), "找不到表头", expected="有一行写着「县区」（或「单位」「地区」）")
    )
    return None, None, problems, notes


@dataclass
class _Row:
    r: int
    kind: str  # county, total, unknown, nameless, note, blank
    name: str = ""
    county: str = ""
    first: str = ""  # the row's first text, wherever it stands


def _classify(sheet: Sheet, layout: _Layout, roster) -> list[_Row]:
    """Each row below the header; the table ends with its last county (or 合计) row, notes follow."""
    rows = []
    data_cols = list(layout.columns.values())
    for r in range(layout.first_row, len(sheet.rows)):
        texts = _first_texts(sheet.rows[r])
        specials = any(sheet.special(r, c) for c in data_cols)
        if not texts and not specials:
            rows.append(_Row(r, "blank"))
            continue
        name = cells.text(sheet.value(r, layout.county_col))
        first = texts[0][1] if texts else ""
        if first.startswith(NOTE_PREFIXES) or _one_merged_text(sheet, r, texts):
            rows.append(_Row(r, "note", name))
        elif name in TOTAL_NAMES:
            rows.append(_Row(r, "total", name))
        elif (county := roster.match(name)) is not None:
            rows.append(_Row(r, "county", name, county.name))
        else:
            rows.append(_Row(r, "unknown" if name else "nameless", name, first=first))
    last = max((i for i, row in enumerate(rows) if row.kind in ("county", "total")), default=-1)
    for row in rows[last + 1 :]:
        if row.kind in ("unknown", "nameless") and not _looks_like_data(sheet, layout, row):
            row.kind = "note"
    return rows


def _first_texts(row: list) -> list[tuple[int, str]]:
    """The row's first two non-empty cells as (column, text): enough to tell a note from a county row."""
    found = []
    for c, v in enumerate(row):
        if v is None or v == "":
            continue
        t = cells.text(v)
        if t:
            found.append((c, t))
            if len(found) == 2:
                break
    return found


def _one_merged_text(sheet: Sheet, r: int, texts: list[tuple[int, str]]) -> bool:
    """A row that is one long text merged across the table: a note or a group label, never a county."""
    if len(texts) != 1 or _is_number(sheet.value(r, texts[0][0])):
        return False
    merge = sheet.merge_at(r, texts[0][0])
    return merge is not None and merge[3] - merge[1] >= 2


def _looks_like_data(sheet: Sheet, layout: _Layout, row: _Row) -> bool:
    """Below the table, a row is a county row gone wrong (not a note) when it has figures and a short plain name."""
    if not any(_is_number(sheet.value(row.r, c)) or sheet.special(row.r, c) for c in layout.columns.values()):
        return False
    label = row.name or row.first
    return len(label) <= NAME_CHARS and not re.search(r"[:：。；;，,()（）]", label)


def _read_rows(
    sheet: Sheet,
    layout: _Layout,
    rows: list[_Row],
    data: MonthData,
    rules: _Columns,
    first_seen: dict[str, Source],
    problems: list[Problem],
) -> None:
    merged_reported: set[tuple[int, int, int, int]] = set()
    for row in rows:
        if row.kind in ("blank", "note"):
            continue
        r = row.r
        row_values: dict[str, Value] = {}
        bad = False
        for col_name, c in layout.columns.items():
            raw, source = sheet.value(r, c), sheet.source(r, c)
            merge = sheet.merge_at(r, c)
            if merge is not None and merge[:2] != merge[2:]:
                if merge not in merged_reported:
                    merged_reported.add(merge)
                    problems.append(
                        Problem(
                            source,
                            f"「{col_name}」的数值合并了多个单元格（{range_name(*merge)}），分不清属于哪一格",
                            raw if cells.text(raw) else None,
                            "每个单元格各填一个数（取消合并）",
                        )
                    )
                bad = True
                continue
            not_value = sheet.not_a_value(r, c, f"「{col_name}」") if raw == "" else None  # calamine reads them as ""
            if not_value is not None:
                problems.append(not_value)
                bad = True
                continue
            number, wrong = figure(
                raw,
                source,
                f"「{col_name}」",
                percent=col_name in rules.rates,
                percent_format=(r, c) in sheet.percent,
                whole=rules.counts.get(col_name, ""),
            )
            if wrong is not None:
                problems.append(wrong)
                bad = True
                continue
            row_values[col_name] = Value(number, source)
        name_source = sheet.source(r, layout.county_col)
        if row.kind == "total":
            data.totals = row_values
            continue
        if row.kind == "nameless":
            if row_values and any(v.number is not None for v in row_values.values()):
                problems.append(Problem(name_source, "这一行有数据但没有县区名称", expected="县区名称"))
            continue
        if row.kind == "unknown":
            problems.append(
                Problem(
                    name_source,
                    "县区名单中没有这个县区",
                    sheet.value(r, layout.county_col),
                    "县区名单中的名称或别名",
                )
            )
            continue
        if row.county in first_seen:
            problems.append(
                Problem(
                    name_source,
                    f"「{row.county}」重复出现（第一次在{first_seen[row.county]}）",
                    sheet.value(r, layout.county_col),
                    "每个县区只出现一次",
                )
            )
            continue
        first_seen[row.county] = name_source
        if layout.remark_col is not None and confirms(sheet.value(r, layout.remark_col)):
            data.confirmed[row.county] = sheet.source(r, layout.remark_col)
        if not bad:
            data.values[row.county] = row_values


def confirms(remark) -> bool:
    """Whether a 备注 confirms the row's figures: one clause ends in a confirmation, none doubts it."""
    clauses = [c for c in _CLAUSES.split(unicodedata.normalize("NFKC", str(remark or ""))) if c]
    return any(CONFIRMATION.search(c) for c in clauses) and not any(HEDGES.search(c) for c in clauses)


def _other_month(file: Path, sheet: Sheet, layout: _Layout, month: Month, path: Path) -> list[Problem]:
    """A month or date that the file's name, its sheet's name or its title rows name and that contradicts
    the month it is read as (September's workbook in the October folder, last month's sent again)."""
    where = "文件夹" if path.is_dir() else "文件"
    expected = f"{month.label}的报表（上个月的报表不要再放进来）"
    found = []
    wrong = contradicting(file.stem, month, name=True)
    if wrong is not None:
        found.append(
            Problem(
                Source(sheet.file),
                f"文件名写的是「{wrong.words}」，却放在{month.label}的{where}中",
                file.name,
                expected,
            )
        )
    wrong = contradicting(sheet.name, month, name=True)
    if wrong is not None:
        found.append(
            Problem(
                Source(sheet.file, sheet.name),
                f"工作表名称写的是「{wrong.words}」，却作为{month.label}的报表读取",
                sheet.name,
                expected,
            )
        )
    for r in range(layout.header_row):
        for c, value in enumerate(sheet.rows[r]):
            if isinstance(value, str) and (wrong := contradicting(value, month)) is not None:
                found.append(
                    Problem(
                        sheet.source(r, c),
                        f"标题中写的是「{wrong.words}」，却作为{month.label}的报表读取",
                        value,
                        expected,
                    )
                )
                break
    return found


def _unused_cells(sheet: Sheet, layout: _Layout, rows: list[_Row]) -> list[tuple[str, Source, object]]:
    """(column, cell, value) of the county and 合计 rows in the columns no indicator uses."""
    used = set(layout.columns.values()) | {layout.county_col, layout.remark_col}
    counties = [row.r for row in rows if row.kind in ("county", "total")]
    found = []
    for c, head in enumerate(layout.heads):
        name = _head_name(head)
        if c in used or not name or head[1] in TEXT_HEADERS or head[0] in TEXT_HEADERS:
            continue
        found += [(name, sheet.source(r, c), sheet.value(r, c)) for r in counties]
    return found


def _unused_columns(found: list[tuple[str, Source, object]]) -> list[Problem]:
    """Text in a figure column no indicator uses: not an error, but worth a look. A column is a figure
    column when some county (in any file of the month: a per-county folder has one row per file) has a
    number in it; one whose every value is text is a text column (负责人, 联系电话 …)."""
    numeric = {name for name, _, v in found if _is_number(v)}
    return [
        Problem(where, f"「{name}」列的值不是数字（这一列未用于任何指标，不影响生成）", v, "数字")
        for name, where, v in found
        if name in numeric and cells.text(v) and cells.text(v) not in cells.BLANKS and not _is_number(v)
    ]


@dataclass(frozen=True)
class _Columns:
    """What a month table's figure columns may hold, from the indicators that use them."""

    rates: frozenset[str]  # columns holding a rate themselves (an amount indicator in %): 「%」 may be typed
    counts: dict[str, str]  # column → its counted unit (人, 户 …): whole numbers only


def _column_rules(ws: Workspace) -> _Columns:
    amounts = [ind for ind in ws.indicators if not ind.is_ratio]
    return _Columns(
        frozenset(ind.column for ind in amounts if "%" in ind.unit),
        {ind.column: ind.unit for ind in amounts if ind.unit in cells.COUNT_UNITS},
    )


def read_tables(
    ws: Workspace, month: Month, path: Path, optional: Sequence[str] = ()
) -> tuple[MonthData, list[Problem]]:
    """One month's tables at `path` (a file or a per-county folder) and every problem found in them, across
    all files; no check against other months or the targets (reading.entry.read_period adds those).
    `optional`: further columns (of year-level figures) read where the header has them."""
    wanted = list(dict.fromkeys(col for ind in ws.indicators for col in ind.columns))
    optional = [c for c in optional if c not in wanted]
    rules = _column_rules(ws)
    roster = ws.roster
    data = MonthData(month, ws.display(path), {})
    problems: list[Problem] = []
    first_seen: dict[str, Source] = {}
    complete = True  # every file could be laid out; else "missing county" would only repeat the cause

    try:
        month_files = _month_files(ws, path)
    except DataError as exc:
        return data, exc.problems
    unused: list[tuple[str, Source, object]] = []
    for file in month_files:
        display = ws.display(file)
        try:
            sheets = read_sheets(file, display)
        except DataError as exc:
            problems += exc.problems
            complete = False
            continue
        sheet, layout, found, notes = _choose_sheet(sheets, wanted, display, optional)
        problems += found
        data.notes += notes
        if sheet is None or layout is None:
            complete = False
            continue
        problems += _other_month(file, sheet, layout, month, path)
        rows = _classify(sheet, layout, roster)
        before = set(first_seen)
        _read_rows(sheet, layout, rows, data, rules, first_seen, problems)
        mine = set(first_seen) - before
        if path.is_dir() and len(mine) == 1:  # one county's own workbook: its saved time is when it arrived
            data.arrivals[mine.pop()] = (display, saved(file))
        unused += _unused_cells(sheet, layout, rows)
    data.warnings += _unused_columns(unused)

    for name in roster.names if complete else ():
        if name in first_seen:
            continue
        if path.is_dir():  # a folder of county workbooks: no workbook is a county that did not report
            data.unreported.append(name)
            data.values[name] = {col: Value(None, Source(data.path)) for col in wanted}
        else:  # one table for all counties: a missing row is a mistake in the table, not a silent 未报
            problems.append(
                Problem(Source(data.path), f"缺少「{name}」的数据", expected="县区名单中的每个县区都有一行")
            )
    problems += _check_ratios(ws, data)
    if not problems:
        data.values = {name: data.values[name] for name in roster.names}
        data.warnings = _check_blanks(data) + _check_totals(data) + data.warnings
    return data, problems


def missing_month(ws: Workspace, month: Month, period: Period | None = None) -> Problem:
    """The month's table is not in 月报/; for a period that is not the month itself, what it needed it for."""
    why = f"（{period.label}的数字取自{month.number}月底的累计数）" if period is not None and period != month else ""
    return Problem(
        Source(ws.display(ws.path(MONTHS_DIR))),
        f"没有{month.label}的数据{why}：找不到文件名含「{month.key}」的文件或文件夹",
        expected="月报文件夹中有这个月的表格（如「" + month.key + ".xlsx」）",
    )


def read_month(ws: Workspace, month: Month, complete_for: str = "", optional: Sequence[str] = ()) -> MonthData:
    """Read and validate one month's tables alone; a DataError lists every problem found, across all files.

    Document kinds do not call this: they read through reading.entry.read_period, which also holds the
    month to the targets and to the period it is compared with.

    Its warnings and notes go to the running command's report. With `complete_for` (what needs every county,
    e.g. 「年度总结用12月的累计数」), a county that did not report is an error: a year's figures summed over
    the counties that happened to report would be wrong without a word.
    """
    path = ws.month_path(month)
    if path is None:
        raise GongwenError(
            f"没有{month.label}的数据：「{ws.display(ws.path(MONTHS_DIR))}」中找不到文件名含「{month.key}」的文件或文件夹。"
        )
    data, problems = read_tables(ws, month, path, optional)
    if complete_for and data.unreported:
        problems.append(
            Problem(
                Source(data.path),
                f"没有{'、'.join(data.unreported)}的报表，{complete_for}需要每个县区的数据",
                expected="每个县区一个工作簿",
            )
        )
    if problems:
        raise DataError(problems)
    report = active()
    if report is not None:
        report.add(data.warnings, data.notes)
        report.stop_if_strict(data.warnings, month.label)
    return data


def _check_ratios(ws: Workspace, data: MonthData) -> list[Problem]:
    problems = []
    for ind in ws.indicators:
        if not ind.is_ratio:
            continue
        for county, row in data.values.items():
            num, den = row.get(ind.column), row.get(ind.denominator or "")
            if num is None or den is None or num.number is None or den.number is None:
                continue
            if den.number == 0:
                if num.number > 0:
                    problems.append(
                        Problem(
                            den.source,
                            f"{county}「{ind.name}」的分母「{ind.denominator}」为0而分子为{shown(num.number)}",
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
                        f"{county}「{ind.name}」为{ratio * 100:.2f}%（{ind.column} {shown(num.number)} ÷ {ind.denominator} {shown(den.number)}，分母在{den.source.cell}），超过上限",
                        num.number,
                        f"不超过{ind.bound * 100:g}%",
                    )
                )
    return problems


def _check_blanks(data: MonthData) -> list[Problem]:
    warnings = [
        Problem(Source(data.path), f"文件夹中没有{county}的报表，按未报送处理，文中各项标注「未报」")
        for county in data.unreported
    ]
    for county, row in data.values.items():
        if county in data.unreported:
            continue
        blank = [v for v in row.values() if v.number is None]
        if row and len(blank) == len(row):
            warnings.append(
                Problem(
                    _row_of(row),
                    f"{county}这一行的指标数据全部空白，文中将标注为「未报」",
                    code=Code.BLANK,
                )
            )
            continue
        warnings += [
            Problem(v.source, f"{county}「{col}」未填报，文中将标注为「未报」", code=Code.BLANK)
            for col, v in row.items()
            if v.number is None
        ]
    return warnings


def _check_totals(data: MonthData) -> list[Problem]:
    warnings = []
    for col, total in data.totals.items():
        if total.number is None:
            continue
        counted = sum((v.number for row in data.values.values() if (v := row[col]).number is not None), Decimal(0))
        if abs(counted - total.number) > Decimal("0.01"):
            warnings.append(
                Problem(total.source, f"合计行「{col}」与各县区之和{counted.normalize():f}不一致", total.number)
            )
    return warnings


CONFIRM_HINT = "如数据确实无误，请在该县区这一行的「备注」列写「已核实」"


def _implausible(current: MonthData, errors: list[Problem], warnings: list[Problem]):
    """An implausible value is an error unless the county's 备注 cell confirms it (「已核实」); then a warning."""

    def judge(county: str, value: Value, message: str, expected: str) -> None:
        confirmed = current.confirmed.get(county)
        if confirmed is not None:
            warnings.append(Problem(value.source, f"{message}（已在{confirmed.cell}备注中核实）", value.number))
        else:
            errors.append(Problem(value.source, message, value.number, expected))

    return judge


def check_changes(
    ws: Workspace, current: MonthData, previous: MonthData, than: str = "上月"
) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) against an earlier table of the same year, named `than` (「上月」「上季度末」): a cumulative
    value that fell, a value more than ten times the earlier one. Cumulative figures restart each January,
    so tables of another year are not compared."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    if previous.month.year != current.month.year:
        return errors, warnings
    implausible = _implausible(current, errors, warnings)
    cumulative = {ind.column for ind in ws.indicators if ind.cumulative}  # a 时点值 may fall: it is a stock
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
                        f"{county}「{col}」是累计数，却比{than}（{shown(before.number)}）减少",
                        value.number,
                    )
                )
            elif before.number > 0 and value.number > before.number * JUMP_FACTOR:
                implausible(
                    county,
                    value,
                    f"{county}「{col}」是{than}（{shown(before.number)}）的{value.number / before.number:.0f}倍，"
                    f"超过{JUMP_FACTOR}倍",
                    f"不超过{than}的{JUMP_FACTOR}倍；{CONFIRM_HINT}",
                )
    return errors, warnings


def check_targets(ws: Workspace, current: MonthData) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings): a cumulative value more than ten times the county's annual target."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    implausible = _implausible(current, errors, warnings)
    targets = ws.targets(current.month.year)
    for ind in ws.indicators:
        if ind.is_ratio:
            continue
        for county, (target, _) in targets.get(ind.code, {}).items():
            found = current.values.get(county, {}).get(ind.column)
            if found is None or found.number is None or found.number <= target * TARGET_FACTOR:
                continue
            implausible(
                county,
                found,
                f"{county}「{ind.name}」是年度目标（{shown(target)}）的{found.number / target:.0f}倍，"
                f"超过{TARGET_FACTOR}倍",
                f"不超过年度目标的{TARGET_FACTOR}倍；{CONFIRM_HINT}",
            )
    return errors, warnings


def check_repeats(current: MonthData, previous: MonthData | None) -> list[Problem]:
    """Warnings for counties whose figures are exactly last month's in every column: last month's table
    sent again (cumulative figures do not stand still everywhere at once). A row of zeros says nothing."""
    if previous is None:
        return []
    same = []
    for county, row in current.values.items():
        before = previous.values.get(county)
        numbers = [v.number for v in row.values()]
        if (
            before
            and county not in current.unreported
            and county not in previous.unreported
            and all(n is not None for n in numbers)
            and any(numbers)
            and all(before.get(col) is not None and before[col].number == v.number for col, v in row.items())
        ):
            same.append(county)
    if not same:
        return []
    than = f"上月（{previous.month.label}，{previous.path}）"
    if len(same) == len(current.values) and len(same) > 1:
        return [Problem(Source(current.path), f"所有县区的每一项数字都与{than}完全相同，可能是把上月的报表又报了一次")]
    return [
        Problem(
            _row_of(current.values[county]), f"{county}的每一项数字都与{than}完全相同，可能是把上月的报表又报了一次"
        )
        for county in same
    ]


def _row_of(row: dict[str, Value]) -> Source:
    """The county's row, as 「第10行」 of its file and sheet."""
    first = next(iter(row.values())).source
    return Source(first.file, first.sheet, f"第{first.cell.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}行")


def check_definitions(ws: Workspace, data: MonthData) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) about indicator definitions that cannot work with this month's data."""
    errors, warnings = [], []
    year = data.month.year
    targets = ws.targets(year)
    book = Source(ws.display(ws.path(INDICATORS_FILE)))
    for ind in ws.indicators:
        where = ind.source or book
        if not ind.is_ratio and ind.scheduled and not targets.get(ind.code):
            errors.append(
                Problem(
                    where,
                    f"「{ind.name}」是{ind.method.value}，并且要与序时进度比较，但没有{year}年的年度目标",
                    expected=f"在「年度目标/{year}年.xlsx」中为每个县区填写「{ind.name}」的目标，或把「序时进度」改为「否」",
                )
            )
        if ind.weight > 0 and not any(_has_value(ind, row) for row in data.values.values()):
            warnings.append(
                Problem(
                    where,
                    f"「{ind.name}」权重为{shown(ind.weight)}分，但{data.month.label}各县区都没有它的数据，这{shown(ind.weight)}分无人得分",
                )
            )
    total = sum((ind.weight for ind in ws.indicators), Decimal(0))
    if total and total != 100:
        warnings.append(
            Problem(book, f"各指标权重合计为{shown(total)}分，不是100分；综合得分的满分将是{shown(total)}分")
        )
    return errors, warnings


def _has_value(ind, row: dict[str, Value]) -> bool:
    num = row.get(ind.column)
    if num is None or num.number is None:
        return False
    if not ind.is_ratio:
        return True
    den = row.get(ind.denominator)
    return den is not None and den.number is not None and den.number > 0


def counties_in(ws: Workspace, path: Path, display: str = "") -> list[str]:
    """The roster counties whose rows one table file holds, judged by its content as a month is read
    (file limits, sheet choice, header, rows); a DataError says why it is no month table. The figures
    are not checked here: a bad cell is the month's validation's to report. Used for a county file
    before it joins a month (gen serve's uploads)."""
    wanted = list(dict.fromkeys(col for ind in ws.indicators for col in ind.columns))
    display = display or ws.display(path)
    sheet, layout, problems, _ = _choose_sheet(read_sheets(path, display), wanted, display)
    if problems or sheet is None or layout is None:
        raise DataError(problems)
    return list(dict.fromkeys(row.county for row in _classify(sheet, layout, ws.roster) if row.kind == "county"))
