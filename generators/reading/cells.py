"""One cell's content as counties type it, read into a clean value."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

# What counties write for "nothing to report". 「#N/A」 is not here: it is Excel's error value.
BLANKS = {"", "-", "--", "—", "——", "/", "\\", "无", "空", "暂无", "n/a", "N/A"}
# Excel's error values, as a CSV or a text cell carries them.
EXCEL_ERRORS = {
    "#DIV/0!",
    "#REF!",
    "#N/A",
    "#VALUE!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
    "#GETTING_DATA",
}
# No county figure reaches 10^15 (万元 amounts stay far below); anything beyond is a typo or an
# attack, and refusing it here keeps a 「1e999999999」 from overflowing Decimal arithmetic later.
MAGNITUDE = 15

_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$", re.IGNORECASE)
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 「7,016.55」, not 「7016,55」 nor 「7.016,55」


class NotANumber(ValueError):
    """The cell holds something that is not a number; `reason` says why, in Chinese."""

    def __init__(self, value, reason: str = "不是数字", expected: str = "数字（未填可留空或写「—」）"):
        super().__init__(value)
        self.value = value
        self.reason = reason
        self.expected = expected


def text(value) -> str:
    """The cell as text: full-width forms folded, all white space removed (「 吴堡县 」 → 「吴堡县」)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(value)))


def number(value, percent: bool = True) -> Decimal | None:
    """A number from a cell, or None when the county wrote nothing.

    Accepts 1234, 1234.5, "1,234" (commas only between groups of three), "12.5%" (→ 0.125; only
    where `percent` allows it), full-width digits and stray spaces. Floats go through repr so 0.1
    stays 0.1, not 0.1000000000000000055. Raises NotANumber with the reason otherwise.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        raise NotANumber(value, "是日期或时间，不是数字")
    if isinstance(value, int):
        return _bounded(Decimal(value), value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NotANumber(value)
        if 1e-15 <= abs(value) < 1e15 or value == 0:  # the usual case, without Decimal's exponent check
            return Decimal(repr(value))
        return _bounded(Decimal(repr(value)), value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotANumber(value)
        return _bounded(value, value)
    s = text(value)
    if s in BLANKS:
        return None
    if s.upper() in EXCEL_ERRORS:
        raise NotANumber(value, "是Excel的错误值（公式算不出结果）", "数字（请改正这个公式或直接填数）")
    has_percent = s.endswith("%")
    if has_percent:
        s = s[:-1]
    if "," in s:
        if not _GROUPED.match(s):
            raise NotANumber(
                value, "千分位逗号的位置不对（只能每三位一个）", "数字，如「7016.55」或「7,016.55」（小数点用「.」）"
            )
        s = s.replace(",", "")
    if not _NUMBER.match(s):
        raise NotANumber(value)
    if has_percent and not percent:
        raise NotANumber(value, "带百分号，但这一列不是比率（只有比率列可以写「%」）", "不带「%」的数字")
    try:
        result = Decimal(s)
    except InvalidOperation:
        raise NotANumber(value) from None
    result = _bounded(result, value)
    return result / 100 if has_percent else result


def _bounded(result: Decimal, value) -> Decimal:
    # adjusted() reads the exponent without arithmetic, so 1e999999999 cannot overflow here.
    if result and not -MAGNITUDE <= result.adjusted() < MAGNITUDE:
        raise NotANumber(value, "数值大小不合理（超出报表数字的范围）", "报表中合理大小的数字（不用科学计数法）")
    return result


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
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError(value) from None


@functools.lru_cache(maxsize=1024)
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


def parse_address(ref: str) -> tuple[int, int] | None:
    """An Excel cell address back to zero-based (row, col): C7 → (6, 2); None if it is not one."""
    m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})", ref or "")
    if not m:
        return None
    col = 0
    for ch in m[1].upper():
        col = col * 26 + ord(ch) - 64
    return int(m[2]) - 1, col - 1
