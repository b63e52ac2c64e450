"""One cell's content as counties type it, read into a clean value."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

# What counties write for "nothing to report".
BLANKS = {"", "-", "--", "—", "——", "/", "\\", "无", "空", "暂无", "n/a", "N/A", "#N/A"}

_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$", re.IGNORECASE)


class NotANumber(ValueError):
    """The cell holds something that is not a number."""


def text(value) -> str:
    """The cell as text: full-width forms folded, all white space removed (「 吴堡县 」 → 「吴堡县」)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(value)))


def number(value) -> Decimal | None:
    """A number from a cell, or None when the county wrote nothing.

    Accepts 1234, 1234.5, "1,234", "12.5%" (→ 0.125), full-width digits and stray spaces.
    Floats go through repr so 0.1 stays 0.1, not 0.1000000000000000055.
    """
    if value is None:
        return None
    if isinstance(value, (bool, dt.date, dt.datetime, dt.time, dt.timedelta)):
        raise NotANumber(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NotANumber(value)
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    s = text(value)
    if s in BLANKS:
        return None
    s = s.replace(",", "")
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    if not _NUMBER.match(s):
        raise NotANumber(value)
    try:
        result = Decimal(s)
    except InvalidOperation:
        raise NotANumber(value) from None
    return result / 100 if percent else result


def date(value) -> dt.date | None:
    """A date from a cell: an Excel date, or text like 2022-03-10, 2022/3/10, 2022年3月10日."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = text(value)
    if s in BLANKS:
        return None
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", s)
    if not m:
        raise ValueError(value)
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def address(row: int, col: int) -> str:
    """Zero-based row and column as an Excel cell address: (6, 2) → C7."""
    return f"{column_letter(col)}{row + 1}"
