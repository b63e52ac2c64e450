"""Workbooks and CSV files as grids of raw cell values, each cell traceable to file, sheet, cell."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from generators.errors import DataError, Problem, Source
from generators.reading import cells

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
TABLE_SUFFIXES = EXCEL_SUFFIXES | {".csv"}


@dataclass
class Sheet:
    """One worksheet (or a CSV file): raw values from A1, and the name to show the user."""

    file: str
    name: str
    rows: list[list]

    def source(self, row: int, col: int | None = None) -> Source:
        cell = cells.address(row, col) if col is not None else f"第{row + 1}行"
        return Source(self.file, self.name, cell)

    def value(self, row: int, col: int):
        line = self.rows[row]
        return line[col] if col < len(line) else None


def read_sheets(path: Path, display: str) -> list[Sheet]:
    """Every non-empty sheet of an .xlsx/.xls/.csv file; a clear DataError if it cannot be read."""
    where = Source(display)
    if not path.is_file():
        raise DataError([Problem(where, "找不到文件")])
    if path.stat().st_size == 0:
        raise DataError([Problem(where, "文件是空的（0字节）", expected="Excel或CSV表格")])
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            sheets = [Sheet(display, "", _read_csv(path))]
        elif suffix in EXCEL_SUFFIXES:
            sheets = _read_excel(path, display)
        else:
            raise DataError([Problem(where, "不支持的文件类型", path.suffix, ".xlsx、.xls或.csv")])
    except DataError:
        raise
    except Exception as exc:  # calamine and csv raise many kinds; all mean "unreadable"
        raise DataError([Problem(where, f"无法读取，文件可能已损坏或不是表格文件（{type(exc).__name__}）")]) from exc
    sheets = [s for s in sheets if any(any(cells.text(v) for v in row) for row in s.rows)]
    if not sheets:
        raise DataError([Problem(where, "文件中没有任何数据", expected="至少一张有内容的工作表")])
    return sheets


def _read_excel(path: Path, display: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    try:
        return [
            Sheet(display, name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in book.sheet_names
        ]
    finally:
        book.close()


def _read_csv(path: Path) -> list[list]:
    raw = path.read_bytes()
    # Excel on Chinese Windows saves CSV as GBK; newer Excel and WPS as UTF-8 with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError("unknown encoding")
    return [row for row in csv.reader(io.StringIO(content))]


@dataclass
class Record:
    """One row of a simple table, with the source of each named cell."""

    values: dict[str, object]
    sources: dict[str, Source]
    row_source: Source

    def get(self, name: str):
        return self.values.get(name)

    def text(self, name: str) -> str:
        return cells.text(self.values.get(name))


def find_header(sheet: Sheet, required: list[str], limit: int = 20) -> int | None:
    """The first row (within the first `limit`) naming every required column."""
    for r, row in enumerate(sheet.rows[:limit]):
        names = {cells.text(v) for v in row}
        if all(name in names for name in required):
            return r
    return None


def read_table(path: Path, display: str, required: list[str], optional: list[str] = ()) -> list[Record]:
    """A simple table (roster, indicators, targets, ledger): an optional title row, one header row, records.

    The header is found by its content; empty rows are skipped.
    """
    sheets = read_sheets(path, display)
    for sheet in sheets:
        header = find_header(sheet, required)
        if header is not None:
            break
    else:
        raise DataError(
            [
                Problem(
                    Source(display, sheets[0].name), "找不到表头", expected="表头含有「" + "」「".join(required) + "」"
                )
            ]
        )
    wanted = set(required) | set(optional)
    columns = {cells.text(v): c for c, v in enumerate(sheet.rows[header]) if cells.text(v) in wanted}
    records = []
    for r in range(header + 1, len(sheet.rows)):
        values = {name: sheet.value(r, c) for name, c in columns.items()}
        if not any(cells.text(v) for v in values.values()):
            continue
        sources = {name: sheet.source(r, c) for name, c in columns.items()}
        records.append(Record(values, sources, sheet.source(r)))
    return records
