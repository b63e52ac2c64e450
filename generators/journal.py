"""Files replaced together or not at all, whenever gen is stopped: a journal the next run completes.

A document and its 发文登记 entry must never come apart: a document on disk that the register does
not list would have its number issued again. Renaming several files cannot be one atomic step, so
each write is planned in a journal first (a small file beside the register), and every instant
of it leaves a state the next run can finish (`recover`, called under the register's lock):

1. the journal lists the temporary files about to be staged, as files to delete;
2. every new content is staged beside its target, and a hard link (or copy) keeps each old one;
3. the journal is replaced by the plan to rename each staged file over its target: from here on the
   write happens — the commit point;
4. the renames; 5. the kept old contents are deleted, then the journal.

Stopped before 3, the next run deletes what was staged (nothing was replaced); from 3 on, it renames
what is still staged (what was renamed stays). A rename that fails while gen runs (a document open in
Word on Windows) is undone the same way: a journal that renames the kept old contents back.
Each journal is itself written to a temporary file and renamed, so it is whole or absent.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
from collections.abc import Sequence
from pathlib import Path

from generators.writing import WriteError, file_mode

VERSION = 1
STAGED = ".~{stem}.{token}.tmp"
KEPT = ".~{stem}.{token}.old"


def _instant() -> None:
    """Each instant at which a stop leaves a different state on disk passes here (tests stop gen at each)."""


def write_together(journal: Path, files: Sequence[tuple[Path, bytes]]) -> list[Path]:
    """Replace every one of `files` [(target, content)] or none, whenever the process is stopped;
    `journal` is the path of the journal (beside the register), which `recover` reads."""
    from generators.processes import terminating_cleanly

    targets = [Path(os.path.abspath(t)) for t, _ in files]  # the next run may start elsewhere
    _check_targets(targets)
    token = secrets.token_hex(4)
    staged = [_beside(t, STAGED, f"{token}.{i}") for i, t in enumerate(targets)]
    kept = {t: _beside(t, KEPT, f"{token}.{i}") for i, t in enumerate(targets) if t.exists()}
    with terminating_cleanly():  # SIGTERM and SIGHUP unwind like an error; SIGKILL is what the journal is for
        _record(journal, [], [*staged, *kept.values()])
        _instant()
        try:
            for target, path, (_, data) in zip(targets, staged, files):
                _stage(path, data, target)
                _instant()
            for target, path in kept.items():
                _keep(target, path)
                _instant()
            _record(journal, list(zip(staged, targets)), list(kept.values()))  # the commit point
        except BaseException:
            _apply(journal)  # the staged files removed (or, were the commit point passed, renamed)
            raise
        _instant()
        done: list[Path] = []
        try:
            for path, target in zip(staged, targets):
                _replace(path, target)
                done.append(target)
                _instant()
        except BaseException:
            # Put back what was replaced: the old contents kept over their targets, new files removed.
            back = [(kept[t], t) for t in done if t in kept]
            _undo(journal, back, [*(t for t in done if t not in kept), *staged, *kept.values()])
            raise
        _apply(journal)
    return targets


def _undo(journal: Path, renames: list, deletions: list) -> None:
    """The replaced files put back, journaled like any write; should that fail too, the journal left says
    what is still to be done and the next run does it (the user needs the first failure's message)."""
    with contextlib.suppress(OSError, WriteError):
        _record(journal, renames, deletions)
        _apply(journal)


def recover(journal: Path) -> bool:
    """Complete the write a stopped run left in `journal`, if any; True when there was one."""
    with contextlib.suppress(FileNotFoundError):
        _beside(journal, STAGED, "journal").unlink()  # a journal stopped while being written
    if not journal.exists():
        return False
    _apply(journal)
    return True


def _apply(journal: Path) -> None:
    """Carry out the journal (every step may have been done already), then remove it."""
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
        if plan.get("version") != VERSION:
            raise ValueError(plan.get("version"))
    except (OSError, ValueError) as exc:
        raise WriteError(
            f"上次运行中断时留下的记录「{journal}」无法读取（{exc}）。请检查输出文件夹和发文登记表是否一致，"
            "然后删除这个文件再运行。"
        ) from exc
    for source, target in plan["rename"]:
        if os.path.lexists(source):
            _replace(Path(source), Path(target))
    for path in plan["delete"]:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    _sync_folders({Path(t).parent for _, t in plan["rename"]} | {Path(p).parent for p in plan["delete"]})
    journal.unlink()
    _sync_folders({journal.parent})


def _record(journal: Path, renames: list[tuple[Path, Path]], deletions: list[Path]) -> None:
    """The journal replaced, whole, by the plan to rename each (source, target) of `renames` then delete
    `deletions`: written beside it, flushed to disk, renamed over it."""
    staged = _beside(journal, STAGED, "journal")
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()
    plan = {"version": VERSION, "rename": [[str(s), str(t)] for s, t in renames], "delete": list(map(str, deletions))}
    _stage(staged, json.dumps(plan, ensure_ascii=False, indent=1).encode("utf-8"), journal)
    _replace(staged, journal)
    _sync_folders({journal.parent})


def _beside(target: Path, pattern: str, token: str) -> Path:
    return target.with_name(pattern.format(stem=target.stem[:20], token=token))


def _check_targets(targets: list[Path]) -> None:
    """What would make a rename fail after the commit point is refused before anything is written."""
    if len(set(targets)) < len(targets):
        raise ValueError("a file listed twice")
    for target in targets:
        if target.is_dir():
            raise WriteError(f"无法写入「{target}」：那里已经有一个同名的文件夹。请把文件夹移走或改名后重试。")
        if target.parent.exists() and not target.parent.is_dir():
            raise WriteError(f"无法写入「{target}」：「{target.parent}」是一个文件，不是文件夹。")


def _stage(path: Path, data: bytes, target: Path) -> None:
    """`data` in the new file `path`, flushed to disk (a power cut after the commit point must find it whole)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"无法创建文件夹「{path.parent}」：{exc.strerror or exc}。") from exc
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), file_mode())
    except OSError as exc:
        raise WriteError(f"无法写入「{target}」：{exc.strerror or exc}。") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            path.unlink()
        raise WriteError(f"无法写入「{target}」：{exc.strerror or exc}。") from exc


def _keep(target: Path, path: Path) -> None:
    """The old content of `target` kept at `path`: a hard link (no copying) where the disk allows one."""
    try:
        os.link(target, path)
    except OSError:
        try:
            shutil.copy2(target, path)
        except OSError as exc:
            raise WriteError(f"无法读取「{target}」：文件可能正在 Word、WPS 或其他程序中打开，请关闭后重试。") from exc


def _replace(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except PermissionError as exc:
        raise WriteError(f"无法写入「{target}」：文件可能正在 Word、WPS 或其他程序中打开，请关闭后重试。") from exc
    except OSError as exc:
        raise WriteError(f"无法写入「{target}」：{exc.strerror or exc}。") from exc


def _sync_folders(folders: set[Path]) -> None:
    """Renames and deletions made durable (POSIX: a folder's entries are flushed by fsync on the folder)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    for folder in folders:
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)
