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
        with register.opened(ws) as reg:  # the Workspace: its settings' 起始年份 counts
            return [reg.assign(kind, subject, prefix, year, first).text for kind, subject, prefix, first in asks]
    except GongwenError as exc:
        return [f"（{exc}）"] * len(asks)


def _of(ws: Workspace, kind, subjects: list[str], year: int) -> list[str]:
    numbering = kind.numbering(ws.settings)
    if numbering is None:
        return [""] * len(subjects)
    return _assign(ws, [(kind.label, s, numbering.prefix, numbering.first) for s in subjects], year)


def bulletin(ws: Workspace, month: Month, issued: dt.date) -> str:
    from generators import bulletin as doc

    return _of(ws, doc.Kind(), [month.key], issued.year)[0]


def letters(ws: Workspace, month: Month, issued: dt.date, counties: list[str]) -> list[str]:
    from generators import reminder as doc

    return _of(ws, doc.Kind(), [f"{month.key} {county}" for county in counties], issued.year)


def workplan(ws: Workspace, year: int, issued: dt.date) -> str:
    from generators import workplan as doc

    return _of(ws, doc.Kind(), [str(year)], issued.year)[0]


def summary_report(ws: Workspace, year: int, issued: dt.date) -> str:
    from generators import summary as doc

    if not ws.settings.numbering.report_prefix:
        return ""  # the page says why the 报告 cannot be made
    return _of(ws, doc.Kind(report=True), [f"{year}年工作总结"], issued.year)[0]
