"""When a county's table was saved, and whether it came in by the deadline (设置 「月报/报送截止日」).

The file system's date is what a copy, an unzip or a sync tool last did to the file: a plain copy of the
month's folder makes every county late, and setting file dates hides a late one. A workbook carries its
own saved time — an .xlsx in docProps/core.xml (dcterms:modified), an .xls in its SummaryInformation
(the last-saved time) — and that is the date judged; the file system's date only where the file has
none (a CSV, a workbook written by a tool that leaves it out), and the 说明 says which was used. A saved
time after the document's date cannot be how the table arrived: it is questioned, never believed.
Times are read in China Standard Time, as the offices keep them.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from generators.errors import Problem, Source

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
WORKBOOK = "工作簿中保存的修改时间"  # the basis of a Saved, as the 说明 says it
FILE_SYSTEM = "文件的修改时间"
_EARLIEST = dt.datetime(1990, 1, 1, tzinfo=dt.timezone.utc)  # before this a saved time is a blank property


@dataclass(frozen=True)
class Saved:
    """When a table was last saved, and from where that is known."""

    when: dt.datetime  # in China Standard Time
    basis: str  # WORKBOOK or FILE_SYSTEM

    @property
    def day(self) -> dt.date:
        return self.when.date()


def saved(path: Path) -> Saved:
    """The workbook's own saved time, or the file system's when the file has none."""
    from generators.reading import files

    with files.open_regular(path) as f:
        head = f.read(8)
    own = None
    try:
        if head.startswith(b"PK"):
            own = _xlsx_modified(path)
        elif head.startswith(b"\xd0\xcf\x11\xe0"):
            own = _xls_saved(path)
    except Exception:  # a damaged property part is no saved time: the file's date is said instead
        own = None
    if own is not None and own >= _EARLIEST:
        return Saved(own.astimezone(CHINA), WORKBOOK)
    return Saved(dt.datetime.fromtimestamp(os.stat(path).st_mtime, CHINA), FILE_SYSTEM)


def _xlsx_modified(path: Path) -> dt.datetime | None:
    with zipfile.ZipFile(path) as archive:
        names = {n.lower(): n for n in archive.namelist()}
        part = names.get("docprops/core.xml")
        if part is None or archive.getinfo(part).file_size > 1 << 20:
            return None
        root = ET.fromstring(archive.read(part))
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] == "modified" and el.text:
            return _w3cdtf(el.text.strip())
    return None


def _w3cdtf(text: str) -> dt.datetime | None:
    """「2022-12-03T09:00:00Z」 (what Excel and WPS write) and its variants; a time without a zone is taken
    as the clerk's own clock."""
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=CHINA)


def _xls_saved(path: Path) -> dt.datetime | None:
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        when = ole.get_metadata().last_saved_time
    if not isinstance(when, dt.datetime):
        return None
    return when.replace(tzinfo=dt.timezone.utc)  # a FILETIME is UTC


def deadline(year: int, month: int, day: int) -> dt.date | None:
    """The day of the month after (year, month) its tables are due; None when 报送截止日 is 0 (not checked)."""
    if not day:
        return None
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (dt.date(nxt.year + (nxt.month == 12), nxt.month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return nxt.replace(day=min(day, last))


@dataclass
class Judged:
    """Who was late, and what the command says about it."""

    late: list[str]
    warnings: list[Problem]  # saved times that cannot be believed
    notes: list[Problem]  # which date was judged, and who was late


def judge(arrived: dict[str, tuple[str, Saved]], due: dt.date | None, as_of: dt.date, folder: str) -> Judged:
    """`arrived`: county → (its file as shown, when it was saved), for a month of per-county files.

    A county is late when its table was saved after `due`; a saved time after `as_of` (the document's
    date, or today) is questioned and the county is not judged.
    """
    result = Judged([], [], [])
    if due is None or not arrived:
        return result
    questioned = {c: (f, s) for c, (f, s) in arrived.items() if s.day > as_of}
    for county, (file, when) in questioned.items():
        result.warnings.append(
            Problem(
                Source(file),
                f"{county}报表的保存时间{_day(when.day)}（{when.basis}）晚于成文日期{_day(as_of)}，"
                "无法据此判断是否按时报送，未作判断",
                expected="核实这份报表的保存时间（文件是否在成文日期之后又被修改过）",
            )
        )
    judged = {c: v for c, v in arrived.items() if c not in questioned}
    if not judged:
        return result
    result.late = [c for c, (_, s) in judged.items() if s.day > due]
    by_file_system = [c for c, (_, s) in judged.items() if s.basis == FILE_SYSTEM]
    basis = f"报送日期按各县区{WORKBOOK}判断"
    if by_file_system:
        basis = (
            f"报送日期按各县区{WORKBOOK}判断；{'、'.join(by_file_system)}的文件中没有保存时间，按{FILE_SYSTEM}"
            "（复制过的文件，这是复制的时间）"
            if len(by_file_system) < len(judged)
            else f"报送日期按{FILE_SYSTEM}判断（文件中没有保存时间；复制过的文件，这是复制的时间）"
        )
    said = "，".join(f"{c}（{_day(judged[c][1].day)}）" for c in result.late)
    late = f"，晚于报送截止日{_day(due)}的有{said}" if result.late else f"，都不晚于报送截止日{_day(due)}"
    result.notes.append(Problem(Source(folder), basis + late))
    return result


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def lateness(ws, data, as_of: dt.date) -> tuple[list[str], dt.date | None]:
    """(counties late, the deadline) for a month of per-county files (tables.MonthData); what was judged,
    and saved times questioned, go to the running command's report."""
    from generators.reading.report import active

    due = deadline(data.month.year, data.month.number, ws.settings.report_day)
    in_order = {c: data.arrivals[c] for c in ws.roster.names if c in data.arrivals}  # named as the roster lists them
    judged = judge(in_order, due, as_of, data.path)
    report = active()
    if report is not None:
        report.add(judged.warnings, judged.notes)
        report.stop_if_strict(judged.warnings, data.month.label)
    return judged.late, due
