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
# ASCII digits only: \d would take Arabic-Indic or Devanagari digits, which Decimal reads without a word.
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(e[+-]?[0-9]+)?$", re.IGNORECASE)
_GROUPED = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")  # 「7,016.55」, not 「7016,55」 nor 「7.016,55」
_INNER_SPACE = re.compile(r"[0-9.,]\s+[0-9.,]")
_FULL_WIDTH = range(0xFF01, 0xFF5F)  # what a Chinese IME types: folded to ASCII like a half-width character
# Units whose figures are counted, never measured: a fraction of one is a typo (「1100.5人」).
COUNT_UNITS = frozenset(
    (
        "人",
        "户",
        "个",
        "家",
        "名",
        "所",
        "村",
        "座",
        "项",
        "件",
        "次",
        "人次",
        "户次",
        "套",
        "间",
        "处",
        "台",
        "辆",
        "张",
        "份",
    )
)


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


def number(value, percent: bool = True, *, percent_format: bool = False, whole: str = "") -> Decimal | None:
    """A number from a cell, or None when the county wrote nothing.

    Accepts 1234, 1234.5, "1,234" (commas only between groups of three), "12.5%" (→ 0.125; only
    where `percent` allows it), full-width digits and spaces around the number. Floats go through repr
    so 0.1 stays 0.1, not 0.1000000000000000055. Raises NotANumber with the reason otherwise; so does
    what cannot be read for sure: circled or superscript digits (「1158①」 is a footnote, not 11581),
    a space inside the number, scientific notation typed as text, a cell whose number format shows a
    percentage where `percent` is not allowed (0.55 shown as 55% is not 0.55 people), and a fraction
    where `whole` names a counted unit (「人」).
    """
    result = _number(value, percent)
    if result is None:
        return None
    if percent_format and not percent and not isinstance(value, str):
        raise NotANumber(
            value,
            f"单元格设成了百分比格式（Excel中显示为「{result * 100:f}".rstrip("0").rstrip(".")
            + "%」），但这一列不是比率",
            "不设百分比格式的数字（请把单元格格式改为「常规」或「数值」后核对数字）",
        )
    if whole and result != result.to_integral_value():
        raise NotANumber(value, f"有小数，但这一列以「{whole}」计，只能是整数", "整数")
    return result


def _number(value, percent: bool) -> Decimal | None:
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
    return _text_number(value, percent)


def _text_number(value, percent: bool) -> Decimal | None:
    """A number typed as text: full-width digits, thousands commas, a percent sign, blanks and error values."""
    raw = str(value)
    if not raw.isascii():
        _refuse_lookalike_digits(raw)
    folded = unicodedata.normalize("NFKC", raw).strip()
    if _INNER_SPACE.search(folded):
        raise NotANumber(value, "数字中间有空格，读不准是一个数还是两个数", "中间不带空格的数字，如「1234」")
    s = _SPACES.sub("", folded)
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
    if "e" in s or "E" in s:  # Excel's display of a number too wide for its column, copied as text
        raise NotANumber(
            value,
            "是科学计数法写成的文字（Excel列宽不够时的显示，原来的位数可能已丢失）",
            "完整的数字，如「" + f"{result:f}" + "」",
        )
    return result / 100 if has_percent else result


def _refuse_lookalike_digits(raw: str) -> None:
    """Characters that Unicode folds into digits but nobody types as one: ①, ¹, ⒈, 𝟏, Arabic-Indic digits."""
    for ch in raw:
        if ch.isascii() or ord(ch) in _FULL_WIDTH:
            continue
        if ch.isdigit() or any("0" <= c <= "9" for c in unicodedata.normalize("NFKC", ch)):
            raise NotANumber(
                raw,
                f"含有「{ch}」（圈码、上标或其他特殊数字符号），不是普通数字",
                "只填数字（脚注请写在备注或表下的说明中）",
            )


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
