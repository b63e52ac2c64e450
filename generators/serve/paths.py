"""Paths the page may name: only files inside the output folder or the workspace, never outside.

A request names a file by its path relative to one of those roots. `../`, an absolute path, a drive
letter, a backslash or a link whose target lies outside are all refused: the path is resolved (links
followed) and must still be inside the resolved root.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


class Outside(Exception):
    """The path would leave its root (or is not a plain relative path)."""


def inside(root: Path, relative: str) -> Path:
    """`root`/`relative`, resolved, when it stays inside `root`; Outside otherwise.

    Only forward-slash relative paths of plain parts are accepted, whatever the platform.
    """
    if not relative or "\\" in relative or "\x00" in relative or ":" in relative:
        raise Outside(relative)
    parts = PurePosixPath(relative).parts
    if PurePosixPath(relative).is_absolute() or any(p in ("..", ".") for p in parts) or not parts:
        raise Outside(relative)
    base = Path(root).resolve()
    target = (base / Path(*parts)).resolve()
    if target != base and base not in target.parents:
        raise Outside(relative)
    return target


def relative_to(root: Path, path: Path) -> str | None:
    """`path` as the page names it under `root` (forward slashes), or None when it is not inside."""
    base = Path(root).resolve()
    try:
        resolved = Path(path).resolve()
    except OSError:
        return None
    if base != resolved and base not in resolved.parents:
        return None
    return resolved.relative_to(base).as_posix()


def is_regular(path: Path) -> bool:
    """A regular file (a FIFO or device is never sent)."""
    try:
        import stat

        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False
