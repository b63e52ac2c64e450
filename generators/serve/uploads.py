"""County files dropped on the page: judged by their content, saved into the month's folder under the
county's name, never over another file without asking.

An upload is first written, within the size limit, to a hidden file in the month's folder (the readers
skip names starting with 「.」), then read as a month table is read (generators.reading: the file's real
kind, archive limits, sheet, header, rows) to learn whose table it is. Only then does it take its
name: 「佳县.xlsx」 for the county its rows name, whatever the file was called. An existing file of that
county waits for the user's answer; the upload stays hidden until then. The name it came with is kept
in the month folder's 上传说明.txt, one line per file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import IO

from generators import base
from generators.errors import DataError, GongwenError, shown
from generators.reading.files import MAX_FILE_BYTES
from generators.reading.sheets import TABLE_SUFFIXES
from generators.reading.tables import counties_in
from generators.reading.workspace import MONTHS_DIR, Month, Workspace

NOTES_FILE = "上传说明.txt"
STAGED = ".上传-"  # hidden: never read as a county's table
STALE_S = 3600  # an upload nobody answered for an hour is dropped
CHUNK = 1 << 16
MB = 2**20


@dataclass
class Outcome:
    """What became of one dropped file."""

    original: str  # its name as it came, made printable
    county: str = ""
    saved: str = ""  # where it went, as the user knows the path
    problems: list[str] = field(default_factory=list)  # why it was refused, one sentence each
    pending: str = ""  # a staged upload waiting for 「替换」 or 「不替换」
    existing: list[str] = field(default_factory=list)  # the county's files it would replace

    @property
    def ok(self) -> bool:
        return bool(self.saved)


def original_name(filename: str | None) -> str:
    """The file's own name: browsers may send a whole Windows path; control characters are escaped."""
    name = PureWindowsPath(filename or "").name
    return shown(name) if name else "（无名文件）"


def folder_for(ws: Workspace, month: Month) -> Path:
    """The month's folder of county files; a month kept as one workbook cannot take county files."""
    found = ws.month_path(month)
    if found is not None and not found.is_dir():
        raise GongwenError(
            f"{month.label}的数据是一个文件「{ws.display(found)}」，不是按县区分文件的文件夹，不能再加入县区的报表。"
            f"请把它移出「{MONTHS_DIR}」文件夹，或在其中直接修改。"
        )
    return found if found is not None else ws.path(MONTHS_DIR) / month.key


def receive(
    ws: Workspace, month: Month, filename: str | None, stream: IO[bytes], limit: int = MAX_FILE_BYTES
) -> Outcome:
    """Take one uploaded file for `month`: refused with reasons, saved, or pending the user's answer."""
    original = original_name(filename)
    outcome = Outcome(original)
    suffix = PureWindowsPath(filename or "").suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        outcome.problems.append(f"「{original}」不是表格文件（扩展名应为 .xlsx、.xls 或 .csv），未保存。")
        return outcome
    try:
        folder = folder_for(ws, month)
        folder.mkdir(parents=True, exist_ok=True)
    except (GongwenError, OSError) as exc:
        outcome.problems.append(str(exc) if isinstance(exc, GongwenError) else f"无法建立文件夹：{exc}")
        return outcome
    token = secrets.token_hex(8)
    staged = folder / f"{STAGED}{token}{suffix}"
    try:
        _copy_bounded(stream, staged, limit)
    except _TooLarge:
        outcome.problems.append(f"「{original}」超过 {limit // MB} MB，不像是县区报送的报表，未保存。")
        return outcome
    county, problems = _whose(ws, staged, original)
    if problems:
        staged.unlink(missing_ok=True)
        outcome.problems = problems
        return outcome
    outcome.county = county
    outcome.existing = [ws.display(p) for p in _files_of(ws, folder, county, skip=staged)]
    if outcome.existing:
        return _pending(outcome, folder, token)
    try:
        target = base.output_path(folder, county, suffix)
        _place_new(staged, target)
    except (GongwenError, FileExistsError) as exc:  # another tab saved the same county a moment ago
        outcome.existing = [ws.display(p) for p in _files_of(ws, folder, county, skip=staged)]
        if outcome.existing:
            return _pending(outcome, folder, token)
        staged.unlink(missing_ok=True)
        outcome.problems.append(str(exc))
        return outcome
    _note(folder, target.name, original)
    outcome.saved = ws.display(target)
    return outcome


def answer(ws: Workspace, month: Month, token: str, replace: bool) -> Outcome:
    """The user's answer for a pending upload: replace the county's file(s) with it, or drop it."""
    if not re.fullmatch(r"[0-9a-f]{16}", token or ""):
        return Outcome("", problems=["上传记录不对，请重新拖入文件。"])
    folder = folder_for(ws, month)
    staged = next((p for p in folder.glob(f"{STAGED}{token}.*") if p.suffix.lower() in TABLE_SUFFIXES), None)
    if staged is None:
        return Outcome("", problems=["这份上传已经处理过或已过期（一小时内未确认），请重新拖入文件。"])
    original = _staged_original(folder, token)
    if not replace:
        staged.unlink(missing_ok=True)
        return Outcome(original, problems=["未替换，已丢弃这次上传的文件。"])
    county, problems = _whose(ws, staged, original)
    if problems:
        staged.unlink(missing_ok=True)
        return Outcome(original, problems=problems)
    target = base.output_path(folder, county, staged.suffix)
    old = [p for p in _files_of(ws, folder, county, skip=staged) if p != target]
    os.replace(staged, target)
    for path in old:  # 佳县.xls replaced by 佳县.xlsx: two files of one county would be an error
        path.unlink(missing_ok=True)
    _note(folder, target.name, original)
    return Outcome(original, county=county, saved=ws.display(target), existing=[ws.display(p) for p in old])


def _pending(outcome: Outcome, folder: Path, token: str) -> Outcome:
    """Keep the upload hidden until the user answers, its original name beside it for 上传说明.txt."""
    (folder / f"{STAGED}{token}.name").write_text(outcome.original, encoding="utf-8")
    outcome.pending = token
    return outcome


def _staged_original(folder: Path, token: str) -> str:
    path = folder / f"{STAGED}{token}.name"
    try:
        text = path.read_text(encoding="utf-8")
        path.unlink()
        return text
    except OSError:
        return ""


def sweep(ws: Workspace) -> None:
    """Remove uploads that were never answered (older than an hour) from every month's folder."""
    months = ws.path(MONTHS_DIR)
    if not months.is_dir():
        return
    now = time.time()
    for folder in (p for p in months.iterdir() if p.is_dir()):
        for staged in folder.glob(STAGED + "*"):
            try:
                if now - staged.stat().st_mtime > STALE_S:
                    staged.unlink()
            except OSError:
                pass


def originals(folder: Path) -> dict[str, str]:
    """File name → the name it was uploaded as (the latest line of 上传说明.txt for it)."""
    try:
        text = (folder / NOTES_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    found = {}
    for line in text.splitlines():
        m = re.match(r"^(.+?)\t原文件名「(.*)」", line)
        if m:
            found[m[1]] = m[2]
    return found


class _TooLarge(Exception):
    pass


def _copy_bounded(stream: IO[bytes], target: Path, limit: int) -> None:
    written = 0
    try:
        with open(target, "xb") as out:
            while chunk := stream.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise _TooLarge
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _whose(ws: Workspace, staged: Path, original: str) -> tuple[str, list[str]]:
    """The one county whose table the file is, or why it cannot be taken."""
    try:
        found = counties_in(ws, staged, original)
    except DataError as exc:
        return "", [
            f"「{original}」未保存："
            + "".join(p.local() if p.source.file == original else str(p) for p in exc.problems)
        ]
    except GongwenError as exc:  # the workspace itself (roster, indicators) cannot be read
        return "", [str(exc)]
    if not found:
        return "", [f"「{original}」未保存：表中没有县区名单中的县区。"]
    if len(found) > 1:
        return "", [
            f"「{original}」未保存：表中有{len(found)}个县区（{'、'.join(found)}），"
            "这里只接受一个县区的报表；全市一张表请直接放进月报文件夹。"
        ]
    return found[0], []


def _files_of(ws: Workspace, folder: Path, county: str, skip: Path) -> list[Path]:
    """The month folder's tables holding `county` (by name, or by the rows they hold)."""
    found = []
    for path in sorted(folder.iterdir()):
        if path == skip or path.name.startswith((".", "~$")) or path.suffix.lower() not in TABLE_SUFFIXES:
            continue
        if path.stem == base.safe_name(county):
            found.append(path)
            continue
        try:
            if county in counties_in(ws, path):
                found.append(path)
        except GongwenError:  # a broken file is the month's validation's to report
            pass
    return found


def _place_new(staged: Path, target: Path) -> None:
    """Move the upload to its name, failing (FileExistsError) rather than replacing a file that appeared."""
    if sys.platform.startswith("win"):
        os.rename(staged, target)  # refuses an existing target on Windows
        return
    os.link(staged, target)  # atomic, and refuses an existing target
    staged.unlink()


def _note(folder: Path, name: str, original: str) -> None:
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    with open(folder / NOTES_FILE, "a", encoding="utf-8") as f:
        f.write(f"{name}\t原文件名「{original}」\t{stamp} 从网页上传\n")
