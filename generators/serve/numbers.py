"""The 发文字号 a document will take, shown before it is made.

Asked of the register as the kinds ask it when they write (register.opened, then assign for the same
kind and subject, in the same order); the register is left as it was. A regenerated document shows its
own number, a new one the lowest free number.
"""

from __future__ import annotations

import datetime as dt

from generators.errors import GongwenError
from generators.reading.workspace import Month, Workspace


def _assign(ws: Workspace, asks: list[tuple[str, str, str, int]], year: int) -> list[str]:
    from generators import register

    try:
        with register.opened(ws.root) as reg:
            return [reg.assign(kind, subject, prefix, year, first).text for kind, subject, prefix, first in asks]
    except GongwenError as exc:
        return [f"（{exc}）"] * len(asks)


def bulletin(ws: Workspace, month: Month, issued: dt.date) -> str:
    from generators import bulletin as doc

    s = ws.settings
    return _assign(ws, [(doc.KIND, month.key, s.numbering.prefix, s.numbering.first_serial)], issued.year)[0]


def letters(ws: Workspace, month: Month, issued: dt.date, counties: list[str]) -> list[str]:
    from generators import reminder as doc

    n = ws.settings.numbering
    asks = [(doc.KIND, f"{month.key} {county}", n.letter_prefix, n.letter_first_serial) for county in counties]
    return _assign(ws, asks, issued.year)


def workplan(ws: Workspace, year: int, issued: dt.date) -> str:
    from generators import workplan as doc

    n = ws.settings.numbering
    return _assign(ws, [(doc.KIND, str(year), n.prefix, n.first_serial)], issued.year)[0]


def summary_report(ws: Workspace, year: int, issued: dt.date) -> str:
    from generators import summary as doc

    prefix = ws.settings.numbering.report_prefix
    if not prefix:
        return ""  # the page says why the 报告 cannot be made
    return _assign(ws, [(doc.KIND, f"{year}年工作总结", prefix, doc.REPORT_FIRST_SERIAL)], issued.year)[0]
