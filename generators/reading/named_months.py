"""Months and dates a table names about itself — in its file name, its sheet name, its title rows — held
against the month it is read as.

A county that sends last month's workbook again, or a clerk who drops September's file into the October
folder, leaves the file's own words saying so: 「2023年9月」 in the title, 「9月」 in the sheet name,
「佳县2023-09.xlsx」. Those words contradict the folder, and the table must not be published as October's.
A date is a contradiction only when it falls before the month began (a 填报日期 of the month after is
how tables are sent); a date that opens a range (「2023年1月1日起」「1月1日至10月31日」) is not the
table's own date.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from generators.reading.workspace import Month

_YEAR = r"((?:19|20)\d{2})"
_DATE = re.compile(
    _YEAR + r"\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]|(?<!\d)((?:19|20)\d{2})([-/.])(\d{1,2})\5(\d{1,2})(?!\d)"
)
# 「2023年9月」「2023年1-9月」「2023年1至9月份」: the month a cumulative range ends with is the table's.
_MONTH = re.compile(_YEAR + r"\s*年\s*(?:\d{1,2}\s*[-—~～至到]\s*)?(\d{1,2})\s*月")
# In a file or sheet name also 「2023-09」「2023.9」「2023_09」「202309」.
_NAME_MONTH = re.compile(r"(?<!\d)" + _YEAR + r"(?:[-_.](\d{1,2})|(\d{2}))(?!\d)")
_STARTS = re.compile(r"^\s*(?:起|开始|以来|至|到|[-—~～])")
_OPENS = re.compile(r"(?:自|从)\s*$")


@dataclass(frozen=True)
class Named:
    """A month or a date a text names, and the words that name it."""

    words: str
    month: Month
    day: dt.date | None = None  # set when a whole date is named


def named(text: str, name: bool = False) -> list[Named]:
    """Every month and date `text` names; `name` (a file or sheet name) also reads 「2023-09」 and 「202309」."""
    text = unicodedata.normalize("NFKC", text or "")
    found: list[Named] = []
    spans = []
    for m in _DATE.finditer(text):
        spans.append(m.span())
        if _STARTS.match(text[m.end() :]) or _OPENS.search(text[: m.start()]):
            continue  # the start of a range, not the table's own date
        y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[6], m[7])
        try:
            day = dt.date(int(y), int(mo), int(d))
        except ValueError:
            continue
        found.append(Named(m[0].strip(), Month(day.year, day.month), day))
    rest = "".join(" " if any(a <= i < b for a, b in spans) else ch for i, ch in enumerate(text))
    for m in _MONTH.finditer(rest):
        if 1 <= int(m[2]) <= 12:
            found.append(Named(m[0].strip(), Month(int(m[1]), int(m[2]))))
    if name:
        for m in _NAME_MONTH.finditer(_MONTH.sub(" ", rest)):
            month = int(m[2] or m[3])
            if 1 <= month <= 12:
                found.append(Named(m[0], Month(int(m[1]), month)))
    return found


def contradicting(text: str, month: Month, name: bool = False) -> Named | None:
    """The first month or date in `text` that cannot be said of a table of `month`, if any."""
    for mention in named(text, name):
        if mention.day is not None:
            if mention.day < month.first_day:
                return mention
        elif mention.month != month:
            return mention
    return None
