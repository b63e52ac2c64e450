"""Workbooks and CSV files as grids of raw cell values, each cell traceable to file, sheet, cell.

A file is recognised by its content, not its name (files.py), and refused with a sentence when it
is not a table. Besides the values, a Sheet keeps what calamine alone would hide: whether it is
hidden, its merged ranges, and cells that look blank but hold an Excel error or an unsaved formula.

Longer than 400 lines: xlsx, xls and csv are read to the same grid here, with the one sheet rule every workbook follows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal, overload

from generators.errors import DataError, Problem, Source
from generators.reading import cells, files, sheetxml
from generators.reading.files import Unreadable
from generators.reading.sheetxml import Special

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
TABLE_SUFFIXES = EXCEL_SUFFIXES | {".csv"}
# A sheet is read as a full grid from A1; one stray value at XFD1048576 must not ask for 17 billion cells.
MAX_CELLS = 4_000_000


@dataclass
class Sheet:
    """One worksheet (or a CSV file): raw values from A1, and the name to show the user."""

    file: str
    name: str
    rows: list[list]
    visible: bool = True
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row1, col1, row2, col2), inclusive
    specials: dict[tuple[int, int], Special] = field(default_factory=dict)
    percent: set[tuple[int, int]] = field(default_factory=set)  # cells formatted as a percentage
    _merged: dict | None = field(default=None, repr=False, compare=False)

    def source(self, row: int, col: int | None = None) -> Source:
        cell = cells.address(row, col) if col is not None else f"第{row + 1}行"
        return Source(self.file, self.name, cell)

    def value(self, row: int, col: int):
        line = self.rows[row]
        return line[col] if col < len(line) else None

    def special(self, row: int, col: int) -> Special | None:
        """The cell's error value or unsaved formula: something that reads as blank but is not."""
        if not self.specials:
            return None
        found = self.specials.get((row, col))
        return None if found is None or found.is_value else found

    def merge_at(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        """The merged range covering the cell, if any."""
        if not self.merges:
            return None
        if self._merged is None:
            self._merged = {
                (r, c): m for m in self.merges for r in range(m[0], m[2] + 1) for c in range(m[1], m[3] + 1)
            }
        return self._merged.get((row, col))

    def not_a_value(self, row: int, col: int, what: str) -> Problem | None:
        """A problem when the cell holds an Excel error or a formula whose result was not saved."""
        found = self.special(row, col)
        if found is None:
            return None
        if found.kind == "error":
            return Problem(
                self.source(row, col),
                f"{what}是Excel的错误值（公式算不出结果）",
                found.text or "错误值",
                "数字（请改正这个公式或直接填数）",
            )
        return Problem(
            self.source(row, col),
            f"{what}是公式，但文件里没有保存它的计算结果（文件不是由Excel或WPS保存的）",
            found.text or None,
            "保存了结果的公式或直接填写的内容（请在Excel或WPS中打开后保存一次）",
        )


def range_name(r1: int, c1: int, r2: int, c2: int) -> str:
    return f"{cells.address(r1, c1)}:{cells.address(r2, c2)}"


def read_sheets(path: Path, display: str) -> list[Sheet]:
    """Every non-empty worksheet of a table file, hidden ones marked; a clear DataError if it cannot be read."""
    where = Source(display)
    try:
        sheets = _read_any(path, display)
    except Unreadable as exc:
        raise DataError([Problem(where, str(exc))]) from None
    sheets = [s for s in sheets if any(any(cells.text(v) for v in row) for row in s.rows)]
    if not sheets:
        raise DataError([Problem(where, "文件中没有任何数据", expected="至少一张有内容的工作表")])
    return sheets


def _read_any(path: Path, display: str) -> list[Sheet]:
    size = files.check_regular(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise Unreadable(f"不支持的文件类型「{path.suffix}」，应为 .xlsx、.xls 或 .csv")
    if size == 0:
        raise Unreadable("文件是空的（0字节），应为Excel或CSV表格")
    with files.open_regular(path) as f:
        head = f.read(8192)
    kind = files.sniff(head)
    if kind.name == "text":
        if suffix != ".csv":
            raise Unreadable(
                f"这个文件其实是文本文件（可能是CSV），扩展名却是「{path.suffix}」：请把扩展名改为 .csv，"
                "或在Excel中打开后另存为 .xlsx"
            )
        return [Sheet(display, "", _read_csv(files.read_bytes(path), display))]
    if kind.name in ("zip", "ole"):
        if suffix == ".csv":
            raise Unreadable("这个文件其实是Excel工作簿，扩展名却是「.csv」：请把扩展名改为 .xlsx 或 .xls")
        return _read_excel(path, display, kind)
    raise Unreadable(files.describe_misnamed(kind, path.suffix))


def _read_excel(path: Path, display: str, kind: files.Kind) -> list[Sheet]:
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

    scans: dict[str, sheetxml.SheetScan] = {}
    if kind.name == "zip":
        files.check_xlsx(path)
        try:
            scans = sheetxml.scan(path)
        except sheetxml.Malformed as exc:
            raise Unreadable(f"文件已损坏：其中的「{exc.part}」{exc.why}，请在Excel中打开后另存为 .xlsx") from None
        for name, scan in scans.items():
            if scan.rows * scan.cols > MAX_CELLS:
                raise Unreadable(_too_wide(name, scan.rows - 1, scan.cols - 1))
    elif files.is_encrypted_ole(files.read_bytes(path)):
        raise Unreadable("工作簿设置了打开密码，无法读取：请让县区取消密码后重新报送")
    else:
        from generators.reading import xls

        try:
            scans = xls.scan(path)
        except Exception:  # not a workbook inside: calamine below gives the verdict on the file
            scans = {}
    try:
        with files.open_regular(path) as f:
            book = CalamineWorkbook.from_filelike(f)  # by content: an .xls saved as .xlsx reads too
            try:
                result = []
                for meta in book.sheets_metadata:
                    if meta.typ != SheetTypeEnum.WorkSheet:
                        continue
                    if kind.name == "zip" and meta.name not in scans:  # its extent is unknown: never guess
                        raise Unreadable(
                            f"文件已损坏：找不到工作表「{meta.name}」的内容，请在Excel中打开后另存为 .xlsx"
                        )
                    sheet = book.get_sheet_by_name(meta.name)
                    end = sheet.end
                    if end is not None and (end[0] + 1) * (end[1] + 1) > MAX_CELLS:
                        raise Unreadable(_too_wide(meta.name, *end))
                    merges = [(a[0], a[1], b[0], b[1]) for a, b in sheet.merged_cell_ranges or []]
                    result.append(
                        Sheet(
                            display,
                            meta.name,
                            sheet.to_python(skip_empty_area=False),
                            visible=meta.visible == SheetVisibleEnum.Visible,
                            merges=merges,
                            specials=scans[meta.name].specials if meta.name in scans else {},
                            percent=scans[meta.name].percent if meta.name in scans else set(),
                        )
                    )
                return result
            finally:
                book.close()
    except Unreadable:
        raise
    except PasswordError:
        raise Unreadable("工作簿设置了打开密码，无法读取：请让县区取消密码后重新报送") from None
    except Exception as exc:  # calamine raises many kinds; all mean the workbook is damaged
        raise Unreadable(
            f"无法读取，文件已损坏或不是Excel保存的工作簿（{type(exc).__name__}），请在Excel中打开后另存为 .xlsx"
        ) from None


def _too_wide(sheet: str, row: int, col: int) -> str:
    return (
        f"工作表「{sheet}」的数据区域大得不合理（一直到单元格 {cells.address(row, col)}），"
        "请删除表格以外多余的内容后重新报送"
    )


def _read_csv(data: bytes, display: str) -> list[list]:
    text = files.csv_text(data)
    reader = csv.reader(io.StringIO(text))
    rows: list[list] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error:
        raise Unreadable(f"第{reader.line_num}行附近的格式有误（引号不成对），请在Excel中打开后另存为CSV") from None
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            # An opening quote with no partner swallows the following lines into one value.
            if "\n" in value and value.count(",") >= 2:
                lines = value.count("\n")
                raise Unreadable(
                    f'单元格 {cells.address(r, c)} 开头的英文双引号「"」没有配对，其后 {lines} 行都被读成了这一个值：'
                    "请去掉这个引号，或在Excel中打开后另存为CSV"
                )
    return rows


# ---------------------------------------------------------------- which sheet is read

# Sheet names that say "not the final table": 草稿, 副本, Excel's 「Sheet1 (2)」 copies …
DRAFT_NAME = re.compile(
    r"草稿|底稿|备份|副本|作废|旧|测试|模板|样表|draft|copy|old|backup|bak|test|template|\(\d+\)$", re.I
)


def is_draft(sheet: Sheet) -> bool:
    return bool(DRAFT_NAME.search(sheet.name))


def _names(sheets: Sequence[Sheet]) -> str:
    return "「" + "」「".join(s.name for s in sheets) + "」"


def choose(
    display: str, complete: Sequence[Sheet], headed: Sequence[Sheet], what: str
) -> tuple[Sheet | None, list[Problem], list[Problem]]:
    """The one sheet to read, by content and visibility, the same rule for every workbook: (sheet, problems, notes).

    `complete` are the sheets holding the whole header, `headed` those with part of it (named in the
    note). Only a visible sheet is read; a draft or copy (「……（草稿）」「Sheet1 (2)」) gives way to
    another; two candidates are an error, never 「first one wins」. None with no problem: no sheet has
    the header, which the caller words itself.
    """
    where = Source(display)
    final = [s for s in complete if s.visible and not is_draft(s)]
    drafts = [s for s in complete if s.visible and is_draft(s)]
    if len(final) > 1 or (not final and len(drafts) > 1):
        pairs = final if len(final) > 1 else drafts
        return (
            None,
            [
                Problem(
                    where,
                    f"有 {len(pairs)} 张工作表都像是{what}：{_names(pairs)}，无法确定读哪一张",
                    expected="只保留一张；其余的删除、隐藏，或改名为「……（草稿）」",
                )
            ],
            [],
        )
    if not final and not drafts:
        if not complete:
            return None, [], []
        return (
            None,
            [
                Problem(
                    where,
                    f"{what}只在隐藏的工作表{_names(complete)}中；隐藏的工作表不读取",
                    expected="取消隐藏，或把数据复制到可见的工作表",
                )
            ],
            [],
        )
    sheet = (final or drafts)[0]
    notes = []
    others: list[Sheet] = []
    for s in [*complete, *headed]:
        if s is not sheet and all(s is not o for o in others):
            others.append(s)
    if others:
        why = "、".join(
            f"「{s.name}」（{'隐藏' if not s.visible else '草稿或副本' if is_draft(s) else '缺少表头中的列'}）"
            for s in others
        )
        notes.append(
            Problem(
                where, f"工作簿中有 {len(others) + 1} 张工作表含{what}的表头，读取的是「{sheet.name}」，未读取{why}"
            )
        )
    if not final:
        notes.append(
            Problem(
                where, f"读取的工作表「{sheet.name}」名称像是草稿或副本，但工作簿中没有别的{what}，请核实是否为终稿"
            )
        )
    return sheet, [], notes


# ---------------------------------------------------------------- simple tables


@dataclass
class Record:
    """One row of a simple table, with the source of each named cell."""

    values: dict[str, object]
    sources: dict[str, Source]
    row_source: Source
    specials: dict[str, Special] = field(default_factory=dict)  # formulas and errors among the named cells
    percent: frozenset[str] = frozenset()  # named cells whose number format shows a percentage

    def get(self, name: str):
        return self.values.get(name)

    def text(self, name: str) -> str:
        return cells.text(self.values.get(name))

    def number(
        self, name: str, problems: list[Problem], what: str = "", *, percent: bool = False, whole: str = ""
    ) -> Decimal | None:
        """The named cell as a number by the cells' rules (None: left blank); a problem recorded otherwise."""
        value, problem = figure(
            self.get(name),
            self.sources[name],
            what or f"「{name}」",
            percent=percent,
            percent_format=name in self.percent,
            whole=whole,
        )
        if problem is not None:
            problems.append(problem)
        return value


class Table(list):
    """A simple table's records, and the cells that could not be read as values."""

    problems: list[Problem]
    header: Source  # the header row, where a message about a column points
    names: list[str]  # every column the header names, for the closest one to a name not found


def find_header(sheet: Sheet, required: list[str], limit: int = 20) -> int | None:
    """The first row (within the first `limit`) naming every required column."""
    for r, row in enumerate(sheet.rows[:limit]):
        names = {cells.text(v) for v in row}
        if all(name in names for name in required):
            return r
    return None


def _closest_header(sheets: list[Sheet], required: list[str], limit: int = 20) -> tuple[Sheet, int, list[str]] | None:
    """The row naming most of the required columns (at least half): where a user looks for a misnamed one."""
    best = None
    for sheet in sheets:
        for r, row in enumerate(sheet.rows[:limit]):
            names = {cells.text(v) for v in row}
            missing = [name for name in required if name not in names]
            found = len(required) - len(missing)
            if found * 2 >= len(required) and found and (best is None or found > len(required) - len(best[2])):
                best = (sheet, r, missing)
    return best


def _missing_columns(display: str, sheets: list[Sheet], required: list[str]) -> list[Problem]:
    import difflib

    near = _closest_header(sheets, required)
    if near is None:
        return [
            Problem(Source(display, sheets[0].name), "找不到表头", expected="表头含有「" + "」「".join(required) + "」")
        ]
    sheet, r, missing = near
    present = [cells.text(v) for v in sheet.rows[r] if cells.text(v) and cells.text(v) not in required]
    problems = []
    for name in missing:
        close = difflib.get_close_matches(name, present, n=1, cutoff=0.4)
        hint = f"，最接近的是「{close[0]}」" if close else ""
        problems.append(
            Problem(sheet.source(r), f"表头中找不到「{name}」列{hint}", expected=f"表头中有一列写着「{name}」")
        )
    return problems


@overload
def read_table(path: Path, display: str, required: list[str], optional: Sequence[str] = ()) -> Table: ...
@overload
def read_table(
    path: Path, display: str, required: list[str], optional: Sequence[str] = (), *, missing_ok: Literal[True]
) -> Table | None: ...


def read_table(path, display, required, optional=(), *, missing_ok=False):
    """A simple table (roster, indicators, targets, ledger, year tables): an optional title row, one header
    row, records.

    The sheet is chosen by `choose` (the monthly tables' rule); its notes go to the running command's
    report. Empty rows are skipped. Cells holding an Excel error or an unsaved formula are blanked and
    listed in `.problems`, which the caller must report with its own. With `missing_ok` (an optional
    sheet, such as the work plan's 总体要求), None when no sheet has the header.
    """
    from generators.reading.report import active

    sheets = read_sheets(path, display)
    found = [(s, find_header(s, required)) for s in sheets]
    complete = [s for s, h in found if h is not None]
    sheet, problems, notes = choose(display, complete, [], "「" + "」「".join(required) + "」表")
    if sheet is None:
        if missing_ok and not problems:
            return None
        raise DataError(problems or _missing_columns(display, sheets, required))
    report = active()
    if report is not None:
        report.add(notes=notes)
    header = next(h for s, h in found if s is sheet and h is not None)
    wanted = set(required) | set(optional)
    columns = {cells.text(v): c for c, v in enumerate(sheet.rows[header]) if cells.text(v) in wanted}
    records = Table()
    records.problems = []
    records.header = sheet.source(header)
    records.names = [cells.text(v) for v in sheet.rows[header] if cells.text(v)]
    for r in range(header + 1, len(sheet.rows)):
        values = {name: sheet.value(r, c) for name, c in columns.items()}
        specials = {name: sheet.specials[(r, c)] for name, c in columns.items() if (r, c) in sheet.specials}
        for name, c in columns.items():
            bad = sheet.not_a_value(r, c, f"「{name}」")
            if bad is not None:
                records.problems.append(bad)
                values[name] = None
        if not any(cells.text(v) for v in values.values()) and not specials:
            continue
        sources = {name: sheet.source(r, c) for name, c in columns.items()}
        percent = frozenset(name for name, c in columns.items() if (r, c) in sheet.percent)
        records.append(Record(values, sources, sheet.source(r), specials, percent))
    return records


# ---------------------------------------------------------------- one number, by the same rules everywhere


def figure(
    raw,
    source: Source,
    what: str,
    *,
    percent: bool = False,
    percent_format: bool = False,
    whole: str = "",
    signed: bool = False,
) -> tuple[Decimal | None, Problem | None]:
    """A figure from a cell (None: left blank), or the problem with it: not a number, a percentage where
    none may be (typed or by the cell's number format), a fraction of a count (`whole`: its unit), or
    negative (unless `signed`)."""
    try:
        number = cells.number(raw, percent=percent, percent_format=percent_format, whole=whole)
    except cells.NotANumber as exc:
        return None, Problem(source, f"{what}{exc.reason}", exc.value, exc.expected)
    if number is not None and number < 0 and not signed:
        return None, Problem(source, f"{what}不能为负数", raw, "0或正数")
    return number, None
