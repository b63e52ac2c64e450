"""Errors a user can fix, worded in Chinese.

The CLI prints `str(error)` and exits non-zero; nothing here ever reaches the user as a
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


def shown(value) -> str:
    """A cell value as the user typed it: 3.0 read from Excel is shown as 3."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "normalize") and hasattr(value, "as_tuple"):  # Decimal without importing it
        return f"{value.normalize():f}"
    return str(value)


class GongwenError(Exception):
    """An error the user can act on; its text is the Chinese message shown to them."""


@dataclass(frozen=True)
class Source:
    """Where a value came from: file, sheet and cell (like C7), for errors and audits."""

    file: str
    sheet: str = ""
    cell: str = ""

    def __str__(self) -> str:
        parts = [f"文件「{self.file}」"]
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.cell:
            parts.append(f"单元格 {self.cell}")
        return "，".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the input: where, the value found, and what was expected."""

    source: Source
    message: str
    value: object = None
    expected: str = ""

    def __str__(self) -> str:
        text = f"{self.source}：{self.message}"
        if self.value is not None:
            text += f"，读到的值为「{shown(self.value)}」"
        if self.expected:
            text += f"，应为{self.expected}"
        return text + "。"


class DataError(GongwenError):
    """The input tables are wrong in one or more places; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [f"数据有 {len(self.problems)} 处错误，未生成任何文件："]
        lines += [f"  {i}. {p}" for i, p in enumerate(self.problems, 1)]
        super().__init__("\n".join(lines))
