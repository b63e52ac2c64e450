"""发文登记: the register of issued 发文字号, kept in the workspace as an Excel workbook (发文登记.xlsx).

Every document kind gets its number here, so numbers never repeat across runs: a serial restarts at 1
each year, except in the year the office started numbering with gongwen, which starts at the settings'
下一个序号 (the numbers before it were given by hand); the next serial is the lowest free one from
there (per 前缀 and year); regenerating the same document (same kind and subject, e.g. 通报 for
2022-11 or 提醒函 for 2022-11 佳县) re-uses its number; a `--number` held by another document is refused.

The register is the tool's own file, not a county input. A run holds an OS lock on a file beside it
from reading it to writing it (`opened`), and writes it in one transaction with the documents
(`Register.commit`, journaled by generators/journal.py): stopped at any instant, even by kill -9, the
next run finds either the old documents and register or the new ones, never one without the other.

A second sheet, 生成依据, is the manifest: for each document the SHA-256 of the template and of every
workspace file the document was made from (the files the reading layer opened), with the gongwen
version and options in the first sheet.

Longer than 400 lines: the register's rows, lock, numbering rule, hand-edited rows and provenance are one file format with one set of invariants.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generators import journal
from generators.errors import GongwenError
from generators.numbers import wording as w
from generators.xlsx import read_sheets, records, workbook_bytes

if TYPE_CHECKING:
    from generators.reading.workspace import Workspace

FILE = "发文登记.xlsx"
LOCK = ".发文登记.lock"
JOURNAL = ".发文登记.journal"
SHEET = "发文登记"
BASIS = "生成依据"
COLUMNS = ("文号", "标题", "成文日期", "文件", "文种", "对象", "前缀", "年份", "序号", "版本", "选项")
BASIS_COLUMNS = ("文号", "文件", "依据", "SHA-256")
LOCK_TIMEOUT_S = 120  # a run holds the lock for a few seconds; longer means a stuck process
TOOL_FILES = (FILE, LOCK, JOURNAL)  # the register's own files in the workspace: never inputs
MAX_SERIAL = 99_999


@dataclass(frozen=True)
class Number:
    """One assigned 发文字号."""

    prefix: str
    year: int
    serial: int

    @property
    def text(self) -> str:
        return w.doc_number(self.prefix, self.year, self.serial)


@dataclass
class Register:
    """The register's rows, read under the lock; `assign` and `record` change them in memory only,
    `commit` writes them with the documents."""

    path: Path
    rows: list[dict]
    basis: list[dict]
    workspace: Path
    # What an office added in Excel is kept: its own columns (carried with their row, also when a document
    # is regenerated) and its own sheets (written back as they were read, values only).
    extra_columns: list = field(default_factory=list)
    other_sheets: dict[str, list[list]] = field(default_factory=dict)
    source: Workspace | None = field(default=None, repr=False)  # what the documents read, for 生成依据
    since: int | None = None  # the year the settings' first serials are for (起始年份), if they say
    _hashes: dict[Path, str] = field(default_factory=dict, repr=False)

    def assign(
        self,
        kind: str,
        subject: str,
        prefix: str,
        year: int,
        first: int,
        requested: int | None = None,
        *,
        since: int | None = None,
    ) -> Number:
        """The number of the document (`kind`, `subject`): its own if it has one, else the lowest free one.

        `first` is the settings' first serial for `prefix`, for the year `since` (the year the office
        started numbering with gongwen, the settings' 起始年份 by default; None: the first year the
        register has a number of `prefix` from gongwen in, or this one). `requested` is the user's `--number`.
        """
        mine = [r for r in self.rows if _document(r) == (kind, subject, prefix, year)]
        taken = {
            r["序号"]: r
            for r in self.rows
            if (r["前缀"], r["年份"]) == (prefix, year) and not any(r is m for m in mine)
        }
        if requested is not None:
            if requested in taken:
                other = taken[requested]
                raise GongwenError(
                    f"发文字号「{w.doc_number(prefix, year, requested)}」已用于「{other['标题']}」"
                    f"（成文日期{_shown_date(other['成文日期'])}，文件「{other['文件']}」，见{self.path.name}）。"
                    "请换一个 --number，或不写 --number 自动取下一个未用的序号。"
                )
            serial = requested
        elif mine:
            serial = mine[0]["序号"]
        else:
            serial = self._floor(prefix, year, first, since or self.since)
            while serial in taken:
                serial += 1
        self.rows = [r for r in self.rows if not any(r is m for m in mine)]
        # Hold the number at once, so the next document of this run cannot take it.
        row = _row(kind, subject, Number(prefix, year, serial))
        row.update({c: mine[0][c] for c in self.extra_columns if mine and c in mine[0]})
        self.rows.append(row)
        return Number(prefix, year, serial)

    def _floor(self, prefix: str, year: int, first: int, since: int | None) -> int:
        """Where the search for a free serial of `year` starts: `first` in the year the office started
        numbering with gongwen, 1 in the years after; before it the numbers were given by hand."""
        start = since or min((r["年份"] for r in self.rows if r["前缀"] == prefix and r["文种"]), default=year)
        if year > start:
            return 1
        if year == start:
            return first
        raise GongwenError(
            f"「{prefix}」的发文字号从{start}年起由 gongwen 编号（设置中的「下一个序号」是{start}年的，见「起始年份」），"
            f"{year}年的文号是此前编的，gongwen 不知道哪些已经用过。请用 --number 指定序号，"
            f"或检查成文日期（--date）是否写错了年份。"
        )

    def record(
        self,
        kind: str,
        subject: str,
        number: Number,
        *,
        title: str,
        issued: dt.date,
        file: Path,
        template: Path,
        options: str = "",
    ) -> None:
        """Fill in the row of a document assigned `number`, and its 生成依据 (template and inputs hashed)."""
        from generators import __version__ as ver

        row = next(r for r in self.rows if _document(r) == (kind, subject, number.prefix, number.year))
        row.update({"标题": title, "成文日期": issued, "文件": str(file), "版本": ver, "选项": options})
        self.basis = [b for b in self.basis if b["文号"] != number.text]
        # A missing template is reported by the renderer, which runs next.
        template_hash = self._hash(Path(template)) if Path(template).is_file() else ""
        hashes = [(f"模板：{Path(template).name}", template_hash), *self.inputs()]
        self.basis += [{"文号": number.text, "文件": str(file), "依据": name, "SHA-256": h} for name, h in hashes]

    def inputs(self) -> list[tuple[str, str]]:
        """The workspace files the documents were made from (relative path, SHA-256): those the reading
        layer opened through `source`, so far."""
        read = self.source.inputs if self.source is not None else []
        return [
            (p.as_posix(), self._hash(self.workspace / p))
            for p in read
            if p.name not in TOOL_FILES and (self.workspace / p).is_file()
        ]

    def _hash(self, path: Path) -> str:
        if path not in self._hashes:
            self._hashes[path] = _sha256(path)
        return self._hashes[path]

    def to_bytes(self) -> bytes:
        """The register as .xlsx bytes: user text stored as text, 成文日期 as dates, times fixed (the latest
        成文日期)."""
        rows = sorted(self.rows, key=lambda r: (r["前缀"], r["年份"], r["序号"]))
        columns = [*COLUMNS, *self.extra_columns]
        body = [[r.get(c, "") for c in columns] for r in rows]
        basis = [[b[c] for c in BASIS_COLUMNS] for b in sorted(self.basis, key=_basis_key(rows))]
        others = [(name, rows[0] if rows else [], rows[1:]) for name, rows in self.other_sheets.items()]
        return workbook_bytes([(SHEET, columns, body), (BASIS, BASIS_COLUMNS, basis), *others], self.stamp())

    def stamp(self) -> dt.date:
        dates = [r["成文日期"] for r in self.rows if isinstance(r["成文日期"], dt.date)]
        return max(dates or [dt.date(2000, 1, 1)])

    def commit(self, files: Sequence[tuple[Path, bytes]] = ()) -> list[Path]:
        """Write `files` [(path, content)] (the documents, their 计算过程, the letters' register) and the
        register as one transaction: all or none, whenever gen is stopped (see generators/journal.py)."""
        written = journal.write_together(self.workspace / JOURNAL, [*files, (self.path, self.to_bytes())])
        return written[: len(files)]


def options_text(options: dict) -> str:
    """「--month 2022-11 --date 2022-12-05」: the options that made a document, None left out."""
    return " ".join(f"--{k} {v}" for k, v in options.items() if v is not None and v is not False)


def _document(row: dict) -> tuple:
    return row["文种"], row["对象"], row["前缀"], row["年份"]


def _row(kind: str, subject: str, number: Number) -> dict:
    return {
        "文号": number.text,
        "标题": "",
        "成文日期": "",
        "文件": "",
        "文种": kind,
        "对象": subject,
        "前缀": number.prefix,
        "年份": number.year,
        "序号": number.serial,
        "版本": "",
        "选项": "",
    }


def _basis_key(rows):
    order = {r["文号"]: i for i, r in enumerate(rows)}
    return lambda b: (order.get(b["文号"], len(order)), b["依据"])


def _shown_date(value) -> str:
    return w.date(value) if isinstance(value, dt.date) else str(value)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@contextlib.contextmanager
def opened(workspace: Workspace | Path):
    """The register of `workspace`, locked against other runs until the block ends.

    A write a stopped run left half done is completed first. Write the register back with
    `register.commit(documents)` (all or nothing); leaving the block without it leaves it as it was.
    Given the Workspace (not only its folder), the 生成依据 lists the files read through it.
    """
    source = None if isinstance(workspace, (str, os.PathLike)) else workspace
    root = Path(source.root) if source is not None else Path(workspace)  # type: ignore[arg-type]
    path = root / FILE
    with _locked(root / LOCK):
        journal.recover(root / JOURNAL)
        rows, basis, extra, others = _read_all(path)
        since = (source.settings.numbering.start_year or None) if source is not None else None
        yield Register(path, rows, basis, root, extra, others, source, since)


@contextlib.contextmanager
def _locked(lock_path: Path):
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise GongwenError(
            f"无法在工作区建立发文登记的锁文件「{lock_path}」：{exc.strerror or exc}。"
            "发文登记表放在工作区中，请确认工作区文件夹可以写入。"
        ) from exc
    try:
        _lock(fd, lock_path)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _lock(fd: int, lock_path: Path) -> None:
    import time

    deadline = time.monotonic() + LOCK_TIMEOUT_S
    while True:
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise GongwenError(
                    f"另一个 gen 命令正在使用发文登记（「{lock_path.name}」已被锁定超过{LOCK_TIMEOUT_S}秒）。"
                    "请等它结束后重试。"
                ) from None
            time.sleep(0.05)


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def _read_all(path: Path) -> tuple[list, list[dict], list, dict[str, list[list]]]:
    """The register's rows (with any columns the office added), manifest rows, the added columns, and
    the sheets the office added; all empty when the register does not exist yet. A row gongwen could
    not have written (a hand edit gone wrong) is an error naming it: a number counted wrong is issued twice."""
    if not path.exists():
        return [], [], [], {}
    sheets = read_sheets(path, "发文登记表")
    if SHEET not in sheets:
        raise GongwenError(f"发文登记表「{path}」中没有名为「{SHEET}」的工作表。请不要改动工作表名称。")
    where = f"发文登记表「{path}」工作表"
    rows, extra = records(sheets[SHEET], COLUMNS, f"{where}「{SHEET}」")
    basis = records(sheets[BASIS], BASIS_COLUMNS, f"{where}「{BASIS}」")[0] if BASIS in sheets else []
    problems = [f"第{row.line}行：{p}" for row in rows for p in _normalise(row, extra)]
    problems = problems or _duplicates(rows)
    if problems:
        shown = "；".join(problems[:10]) + ("……" if len(problems) > 10 else "")
        raise GongwenError(
            f"发文登记表「{path}」工作表「{SHEET}」{shown}。这些行不像 gongwen 写的，请在 Excel 中改正"
            "（或从备份恢复）后重试：登记错了的号可能被再发一次。"
        )
    others = {name: rows_ for name, rows_ in sheets.items() if name not in (SHEET, BASIS)}
    return rows, [{k: _text(v) for k, v in b.items()} for b in basis], extra, others


def _normalise(row: dict, extra: list) -> list[str]:
    """The row's values as gongwen wrote them (texts, whole numbers, a date), changed in place; what is
    wrong with it, in words."""
    problems = []
    for key in [c for c in COLUMNS if c not in ("年份", "序号", "成文日期")] + extra:
        row[key] = _text(row[key])
    for key, low, high in (("年份", 1900, 2100), ("序号", 1, MAX_SERIAL)):
        value = row[key]
        if isinstance(value, str) and re.fullmatch(r"\d{1,6}", value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(f"{key}「{_text(value)}」应为{low}到{high}之间的整数")
        row[key] = value
    prefix = row["前缀"]
    if not prefix:
        problems.append("没有前缀")
    elif re.search(r"\s", prefix):
        problems.append(f"前缀「{prefix}」中有空格（与设置中的前缀对不上，这一行的号会被当作未用）")
    for key in ("文种", "对象"):
        if row[key] != row[key].strip():
            problems.append(f"{key}「{row[key]}」前后有空格")
    if not problems and row["文号"] != w.doc_number(prefix, row["年份"], row["序号"]):
        expected = w.doc_number(prefix, row["年份"], row["序号"])
        problems.append(f"文号「{row['文号']}」与前缀、年份、序号不符（按这三列应为「{expected}」）")
    date = _date(row["成文日期"])
    if date is None:
        problems.append(f"成文日期「{_text(row['成文日期'])}」不是日期")
    row["成文日期"] = date if date is not None else row["成文日期"]
    return problems


def _date(value) -> dt.date | str | None:
    """A 成文日期 cell: an Excel date (as gongwen writes it now), the text 「2022年12月5日」 (as it
    wrote it before) or 2022-12-05, or blank (""); None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date) or value == "":
        return value
    text = _text(value).strip()
    m = re.fullmatch(r"(\d{4})(?:年|-|/)(\d{1,2})(?:月|-|/)(\d{1,2})日?", text)
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None


def _duplicates(rows: list) -> list[str]:
    """Two rows with one 文号, or two rows for one document: the register cannot say which is true."""
    problems = []
    for what, key in (
        ("是同一个文号「{}」", lambda r: (r["前缀"], r["年份"], r["序号"])),
        ("登记的是同一份公文（{}）", lambda r: _document(r) if r["文种"] else None),
    ):
        first: dict = {}
        for row in rows:
            k = key(row)
            if k is None:
                continue
            if k in first:
                shown = row["文号"] if what.startswith("是") else f"{row['文种']} {row['对象']}"
                problems.append(f"第{first[k].line}行和第{row.line}行" + what.format(shown))
            else:
                first[k] = row
    return problems


def _text(value) -> str:
    """A cell as the register wrote it: calamine gives whole numbers as floats (12.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
