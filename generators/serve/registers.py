"""The registers as the page shows them: 发文登记 (the workspace's) and each month's 提醒函登记表,
read with the tool's own reader (xlsx.read_sheets), every row linked to the document behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

from generators.errors import GongwenError
from generators.serve.paths import is_regular, relative_to


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    links: list[str | None] = field(default_factory=list)  # per row: the document, relative to the output folder
    names: list[str] = field(default_factory=list)  # per row: the document's file name, as the link reads
    source: str = ""  # the register's file
    error: str = ""


def issued(data: Path, output: Path, base: Path) -> Table:
    """发文登记.xlsx: one row per 发文字号. `base` is the folder relative paths in it were written from."""
    from generators import register

    path = Path(data) / register.FILE
    table = Table(
        "发文登记", [c for c in register.COLUMNS if c not in ("前缀", "年份", "序号", "版本")], [], source=str(path)
    )
    if not path.exists():
        return table
    try:
        rows = _records(path, register.SHEET, register.COLUMNS)
    except GongwenError as exc:
        table.error = str(exc)
        return table
    for row in rows:
        _add(table, row, output, base)
    return table


def letters(output: Path) -> list[Table]:
    """Every month's 提醒函登记表 under the output folder, newest month first."""
    from generators import reminder

    tables = []
    for path in sorted(Path(output).glob(f"*/{reminder.FOLDER}/{reminder.REGISTER}"), reverse=True):
        table = Table(f"{path.parent.parent.name} 提醒函登记表", list(reminder.LETTER_COLUMNS), [], source=str(path))
        try:
            rows = _records(path, None, reminder.LETTER_COLUMNS)
        except GongwenError as exc:
            table.error = str(exc)
            tables.append(table)
            continue
        for row in rows:
            _add(table, row, output, path.parent)
        tables.append(table)
    return tables


def _add(table: Table, row: dict[str, str], output: Path, base: Path) -> None:
    table.rows.append([row.get(c, "") for c in table.columns])
    table.links.append(_link(output, base, row.get("文件", "")))
    table.names.append(PureWindowsPath(row.get("文件", "")).name)  # a register written on Windows has backslashes


def _records(path: Path, sheet: str | None, columns) -> list[dict[str, str]]:
    from generators.xlsx import read_sheets, records

    sheets = read_sheets(path, path.name)
    rows = sheets.get(sheet, []) if sheet else next(iter(sheets.values()), [])
    found, _ = records(rows, columns, f"「{path}」")
    return [{k: _text(v) for k, v in r.items()} for r in found]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _link(output: Path, base: Path, file: str) -> str | None:
    """The row's document as a link under the output folder, when it is there (a path outside is never linked)."""
    if not file:
        return None
    path = Path(file)
    path = path if path.is_absolute() else Path(base) / path
    relative = relative_to(output, path)
    return relative if relative is not None and is_regular(path) else None
