"""Errors a user can fix, worded in Chinese.

The CLI prints `str(error)` and exits non-zero; nothing here ever reaches the user as a
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

SHOWN_CHARS = 60


def shown(value) -> str:
    """A cell value as the user typed it: 3.0 read from Excel is shown as 3.

    Control characters are escaped (a cell must not move the terminal's cursor) and a long value
    is cut, saying how long it was.
    """
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif hasattr(value, "normalize") and hasattr(value, "as_tuple"):  # Decimal without importing it
        text = f"{value.normalize():f}" if value.is_finite() and abs(value.adjusted()) < 40 else str(value)
    else:
        text = str(value)
    text = "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)
    if len(text) > SHOWN_CHARS:
        text = f"{text[:SHOWN_CHARS]}…（共{len(text)}个字符）"
    return text


def cell_label(cell: str) -> str:
    """「单元格 C7」, or a whole row as it is (「第4行」)."""
    return cell if cell.startswith("第") else f"单元格 {cell}"


class GongwenError(Exception):
    """An error the user can act on; its text is the Chinese message shown to them."""


@dataclass(frozen=True)
class Source:
    """Where a value came from: file, sheet and cell (like C7), for errors and audits."""

    file: str
    sheet: str = ""
    cell: str = ""

    @property
    def place(self) -> str:
        """「文件「…」」, or for a command-line option (a file named like 「--date」) 「命令行选项 --date」."""
        return f"命令行选项 {self.file}" if self.file.startswith("--") else f"文件「{self.file}」"

    def __str__(self) -> str:
        parts = [self.place]
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.cell:
            parts.append(cell_label(self.cell))
        return "，".join(parts)


class Code(Enum):
    """What kind of thing a Problem is, for the code that sorts or filters problems (never their words)."""

    GENERAL = "general"  # anything not singled out below
    BLANK = "blank"  # a county left a figure blank: the document says 「未报」


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the input: where, the value found, what was expected, and its `code`."""

    source: Source
    message: str
    value: object = None
    expected: str = ""
    code: Code = Code.GENERAL

    def __str__(self) -> str:
        return self._text(str(self.source))

    def local(self) -> str:
        """The problem without its file, for a list already grouped by file."""
        where = "，".join(
            part
            for part in (
                f"工作表「{self.source.sheet}」" if self.source.sheet else "",
                cell_label(self.source.cell) if self.source.cell else "",
            )
            if part
        )
        return self._text(where)

    def _text(self, where: str) -> str:
        text = f"{where}：{self.message}" if where else self.message
        if self.value is not None:
            text += f"，读到的值为「{shown(self.value)}」"
        if self.expected:
            text += f"，应为{self.expected}"
        return text + "。"


def grouped(problems: list[Problem], indent: str = "  ") -> list[str]:
    """Problems as numbered lines under one heading per file, files in the order first met."""
    by_file: dict[str, list[Problem]] = {}
    for p in problems:
        by_file.setdefault(p.source.file, []).append(p)
    lines, n = [], 0
    for items in by_file.values():
        lines.append(f"{indent}{items[0].source.place}（{len(items)} 处）：")
        for p in items:
            n += 1
            lines.append(f"{indent}  {n}. {p.local()}")
    return lines


class DataError(GongwenError):
    """The input tables are wrong in one or more places; all of them are listed, grouped by file."""

    def __init__(self, problems: list[Problem], heading: str = ""):
        self.problems = list(problems)
        lines = [heading or f"数据有 {len(self.problems)} 处错误，未生成任何文件："]
        lines += grouped(self.problems)
        super().__init__("\n".join(lines))


class StrictStop(DataError):
    """Warnings that --strict turned into errors: a decision to stop, not one more problem to gather."""
