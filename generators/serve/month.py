"""The month screen's facts: `gen validate`'s findings as table rows, and which counties' tables arrived.

Validation is the command's own (reading.validate.summarize inside the reading report); the rows are
its Problems split into file, sheet, cell, value read and what is expected. Who reported, who did not
and who was late is what reading says (MonthData.unreported and .arrivals, reading.arrivals: the
workbook's own saved time against 报送截止日); the page only lays it out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from generators.errors import DataError, GongwenError, Problem, cell_label, shown
from generators.reading.workspace import LEDGER_FILE, Month, Workspace


@dataclass(frozen=True)
class Row:
    """One problem as a table row; `text` is the sentence the command prints."""

    file: str
    sheet: str
    cell: str
    value: str
    expected: str
    message: str
    text: str

    @classmethod
    def of(cls, problem: Problem) -> Row:
        s = problem.source
        return cls(
            file=s.file,
            sheet=s.sheet,
            cell=cell_label(s.cell) if s.cell else "",
            value="" if problem.value is None else shown(problem.value),
            expected=problem.expected,
            message=problem.message,
            text=str(problem),
        )


@dataclass(frozen=True)
class Arrival:
    county: str
    status: str  # 已报送, 未报送, 迟报
    file: str = ""
    saved: str = ""  # the file's saved time
    note: str = ""  # 原文件名「…」 when it came through the page


@dataclass
class MonthCheck:
    month: Month
    passed: bool
    summary: str = ""  # gen validate's output when the month reads
    errors: list[Row] = field(default_factory=list)
    warnings: list[Row] = field(default_factory=list)
    notes: list[Row] = field(default_factory=list)
    arrivals: list[Arrival] = field(default_factory=list)
    per_county: bool = False  # a folder of county files: the drop zone adds to it
    where: str = ""  # the month's data as the user knows the path
    deadline: str = ""  # 报送截止日, when set
    files: list[str] = field(default_factory=list)  # the month folder's table files


def check(ws: Workspace, month: Month) -> MonthCheck:
    """`gen validate --month` for the page: its text, its errors, 提醒 and 说明 as rows, and the arrivals."""
    from generators.reading.report import reporting
    from generators.reading.validate import summarize

    result = MonthCheck(month, passed=False)
    try:
        path = ws.month_path(month)
    except GongwenError as exc:
        result.errors.append(_message_row(str(exc)))
        return result
    result.where = ws.display(path) if path is not None else ""
    result.per_county = path is None or path.is_dir()
    if path is not None and path.is_dir():
        from generators.reading.sheets import TABLE_SUFFIXES

        result.files = [
            p.name
            for p in sorted(path.iterdir())
            if p.suffix.lower() in TABLE_SUFFIXES and not p.name.startswith((".", "~$"))
        ]
    with reporting() as report:
        try:
            result.summary = summarize(ws.root, month.key)
            result.passed = True
        except DataError as exc:
            result.errors = [Row.of(p) for p in exc.problems]
        except GongwenError as exc:
            result.errors = [_message_row(str(exc))]
        if not report.stopped:
            result.warnings = [Row.of(p) for p in report.warnings]
        result.notes = [Row.of(p) for p in report.notes]
    if result.passed:
        result.arrivals, result.deadline = arrivals(Workspace(ws.root), month)
    return result


def arrivals(ws: Workspace, month: Month) -> tuple[list[Arrival], str]:
    """Each roster county: reported (with its file and saved time), not reported, or late; and the deadline."""
    from generators.numbers import wording as w
    from generators.reading import arrivals as judged
    from generators.reading.entry import read_period
    from generators.serve.uploads import originals

    data = read_period(ws, month, ledger=False).current
    late, deadline = judged.lateness(ws, data, dt.date.today())  # as gen validate judges it
    found = []
    for county in data.values:
        if county in data.unreported:
            found.append(Arrival(county, "未报送"))
            continue
        shown_path, saved = data.arrivals.get(county, (next(iter(data.values[county].values())).source.file, None))
        path = ws.root.parent / shown_path
        original = originals(path.parent).get(path.name, "")
        found.append(
            Arrival(
                county,
                "迟报" if county in late else "已报送",
                Path(shown_path).name,
                saved.when.strftime("%Y-%m-%d %H:%M") + ("" if saved.basis == judged.WORKBOOK else "（文件时间）")
                if saved
                else "",
                f"原文件名「{original}」" if original and original != path.name else "",
            )
        )
    return found, w.date(deadline) if deadline else ""


def fingerprint(ws: Workspace) -> str:
    """Changes whenever an input in the workspace changes (a county file saved, the roster edited), so the
    page re-runs validation; the tool's own register does not count."""
    from generators.register import FILE, LOCK

    digest = hashlib.sha256()
    for path in sorted(ws.root.rglob("*")):
        if path.name in (FILE, LOCK) or path.name.startswith("."):
            continue
        try:
            info = path.stat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(ws.root)}|{info.st_size}|{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def has_ledger(ws: Workspace) -> bool:
    path = ws.path(LEDGER_FILE)
    return path.exists() or path.is_symlink()


def _message_row(text: str) -> Row:
    return Row("", "", "", "", "", text.rstrip("。"), text)
