"""发文登记: the register of issued 发文字号, kept in the workspace as an Excel workbook (发文登记.xlsx).

Every document kind gets its number here, so numbers never repeat across runs: the next serial is the
lowest free one (per 前缀 and year) from the settings' 下一个序号; regenerating the same document (same
kind and subject, e.g. 通报 for 2022-11 or 提醒函 for 2022-11 佳县) re-uses its number; a `--number`
already held by another document is refused.

The register is the tool's own file, not a county input. Runs take an OS lock on a file beside it for
the whole read–assign–write, and the register is written in the same all-or-nothing step as the
documents (render.render_many's `extra`), so a failure leaves both as they were.

A second sheet, 生成依据, is the manifest: for each document the SHA-256 of the template and of every
input file in the workspace, with the gongwen version and options in the first sheet.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from generators.errors import GongwenError
from generators.numbers import wording as w
from generators.xlsx import read_sheets, records, workbook_bytes

FILE = "发文登记.xlsx"
LOCK = ".发文登记.lock"
SHEET = "发文登记"
BASIS = "生成依据"
COLUMNS = ("文号", "标题", "成文日期", "文件", "文种", "对象", "前缀", "年份", "序号", "版本", "选项")
BASIS_COLUMNS = ("文号", "文件", "依据", "SHA-256")
LOCK_TIMEOUT_S = 120  # a run holds the lock for a few seconds; longer means a stuck process


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
    """The register's rows, read under the lock; `assign` and `record` change them in memory only."""

    path: Path
    rows: list[dict]
    basis: list[dict]
    workspace: Path
    # What an office added in Excel is kept: its own columns (carried with their row, also when a document
    # is regenerated) and its own sheets (written back as they were read, values only).
    extra_columns: list[str] = field(default_factory=list)
    other_sheets: dict[str, list[list]] = field(default_factory=dict)
    _inputs: list[tuple[str, str]] | None = field(default=None, repr=False)

    def assign(
        self, kind: str, subject: str, prefix: str, year: int, first: int, requested: int | None = None
    ) -> Number:
        """The number of the document (`kind`, `subject`): its own if it has one, else the lowest free one.

        `first` is the settings' first serial for `prefix`; `requested` is the user's `--number`.
        """
        mine = [r for r in self.rows if (r["文种"], r["对象"], r["前缀"], r["年份"]) == (kind, subject, prefix, year)]
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
                    f"（成文日期{other['成文日期']}，文件「{other['文件']}」，见{self.path.name}）。"
                    "请换一个 --number，或不写 --number 自动取下一个未用的序号。"
                )
            serial = requested
        elif mine:
            serial = mine[0]["序号"]
        else:
            serial = first
            while serial in taken:
                serial += 1
        self.rows = [r for r in self.rows if not any(r is m for m in mine)]
        # Hold the number at once, so the next document of this run cannot take it.
        row = _row(kind, subject, Number(prefix, year, serial))
        row.update({c: mine[0][c] for c in self.extra_columns if mine and c in mine[0]})
        self.rows.append(row)
        return Number(prefix, year, serial)

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

        row = next(
            r
            for r in self.rows
            if (r["文种"], r["对象"], r["前缀"], r["年份"]) == (kind, subject, number.prefix, number.year)
        )
        row.update({"标题": title, "成文日期": w.date(issued), "文件": str(file), "版本": ver, "选项": options})
        self.basis = [b for b in self.basis if b["文号"] != number.text]
        # A missing template is reported by the renderer, which runs next.
        template_hash = _sha256(Path(template)) if Path(template).is_file() else ""
        hashes = [(f"模板：{Path(template).name}", template_hash), *self.inputs()]
        self.basis += [{"文号": number.text, "文件": str(file), "依据": name, "SHA-256": h} for name, h in hashes]

    def inputs(self) -> list[tuple[str, str]]:
        """Every input file in the workspace (relative path, SHA-256), hashed once per run."""
        if self._inputs is None:
            files = [
                p
                for p in sorted(self.workspace.rglob("*"))
                if p.is_file() and p.name not in (FILE, LOCK) and not p.name.startswith(("~$", ".~", "."))
            ]
            self._inputs = [(p.relative_to(self.workspace).as_posix(), _sha256(p)) for p in files]
        return self._inputs

    def to_bytes(self) -> bytes:
        """The register as .xlsx bytes: user text stored as text, times fixed (the latest 成文日期)."""
        rows = sorted(self.rows, key=lambda r: (r["前缀"], r["年份"], r["序号"]))
        columns = [*COLUMNS, *self.extra_columns]
        body = [[r.get(c, "") for c in columns] for r in rows]
        basis = [[b[c] for c in BASIS_COLUMNS] for b in sorted(self.basis, key=_basis_key(rows))]
        others = [(name, rows[0] if rows else [], rows[1:]) for name, rows in self.other_sheets.items()]
        return workbook_bytes([(SHEET, columns, body), (BASIS, BASIS_COLUMNS, basis), *others], self.stamp())

    def stamp(self) -> dt.date:
        dates = [_parse_date(r["成文日期"]) for r in self.rows]
        return max([d for d in dates if d] or [dt.date(2000, 1, 1)])


def options_text(options: dict) -> str:
    """「--month 2022-11 --date 2022-12-05」: the options that made a document, None left out."""
    return " ".join(f"--{k} {v}" for k, v in options.items() if v is not None and v is not False)


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


def _parse_date(text: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", str(text or ""))
    return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_free(workspace: Path, kind: str, subject: str, prefix: str, year: int, requested: int | None) -> None:
    """Refuse a `--number` held by another document before any work is done (checked again under the lock)."""
    if requested is not None:
        rows, basis = _read(Path(workspace) / FILE)
        Register(Path(workspace) / FILE, rows, basis, Path(workspace)).assign(kind, subject, prefix, year, 1, requested)


@contextlib.contextmanager
def opened(workspace: Path):
    """The register of `workspace`, locked against other runs until the block ends.

    Write it back through `register.to_bytes()` together with the documents (all or nothing);
    leaving the block without doing so leaves the register as it was.
    """
    workspace = Path(workspace)
    path = workspace / FILE
    with _locked(workspace / LOCK):
        rows, basis, extra, others = _read_all(path)
        yield Register(path, rows, basis, workspace, extra, others)


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


def _read(path: Path) -> tuple[list[dict], list[dict]]:
    """The register's rows and manifest rows; none when it does not exist yet."""
    rows, basis, _, _ = _read_all(path)
    return rows, basis


def _read_all(path: Path) -> tuple[list[dict], list[dict], list[str], dict[str, list[list]]]:
    """The register's rows (with any columns the office added), manifest rows, the added columns, and
    the sheets the office added; all empty when the register does not exist yet."""
    if not path.exists():
        return [], [], [], {}
    sheets = read_sheets(path, "发文登记表")
    if SHEET not in sheets:
        raise GongwenError(f"发文登记表「{path}」中没有名为「{SHEET}」的工作表。请不要改动工作表名称。")
    where = f"发文登记表「{path}」工作表"
    rows, extra = records(sheets[SHEET], COLUMNS, f"{where}「{SHEET}」")
    basis = records(sheets[BASIS], BASIS_COLUMNS, f"{where}「{BASIS}」")[0] if BASIS in sheets else []
    for i, row in enumerate(rows, 2):
        try:
            row["年份"], row["序号"] = int(row["年份"]), int(row["序号"])
        except (TypeError, ValueError):
            raise GongwenError(
                f"发文登记表「{path}」工作表「{SHEET}」第{i}行：年份「{row['年份']}」或序号「{row['序号']}」不是整数。"
            ) from None
        for key in [*COLUMNS, *extra]:
            if key not in ("年份", "序号"):
                row[key] = _text(row[key])
    others = {name: rows_ for name, rows_ in sheets.items() if name not in (SHEET, BASIS)}
    return rows, [{k: _text(v) for k, v in b.items()} for b in basis], extra, others


def _text(value) -> str:
    """A cell as the register wrote it: calamine gives whole numbers as floats (12.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
