"""What every document kind shares: the 版头, 主送, 署名, 成文日期 and 版记 in the context, the file
name and where it goes, and the one way a document is written (rendered strictly, saved atomically).

A kind module (bulletin.py, reminder.py, …) builds its own body context and calls `head()` for the
frame; its template's layout uses the matching blocks in generators/word/blocks.py.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generators.errors import GongwenError
from generators.numbers import wording as w
from generators.reading.settings import Settings


def head(
    settings: Settings,
    issued: dt.date,
    title_lines: list[str],
    *,
    doc_number: str = "",
    organ_mark: str | None = None,
    recipients: str | None = None,
    attachments: list[str] | tuple[str, ...] = (),
    issuer: str = "",
) -> dict:
    """The frame's words: 版头 (标志, 发文字号, 签发人), title, 主送, 署名, 成文日期, 附件说明 and 版记.

    `organ_mark` defaults to the 发文机关标志 of settings, `recipients` to the 主送 of 下行文 ("" for none).
    The title's lines are joined with newlines, which docxtpl turns into line breaks.
    """
    docs = settings.documents
    recipients = docs.recipients if recipients is None else recipients
    return {
        "organ_mark": settings.organ.mark if organ_mark is None else organ_mark,
        "doc_number": doc_number,
        "issuer": issuer,
        "title": "\n".join(title_lines),
        "recipients": recipients + "：" if recipients else "",
        "signature": settings.organ.signature,
        "date": w.date(issued),
        "attachments": list(attachments),
        "cc": "，".join(docs.cc) + "。" if docs.cc else "",
        "printer": docs.printer,
        "print_date": w.date(issued),
    }


def safe_name(text: str) -> str:
    """A title or county name as a file name: no separators, no characters Windows refuses, no leading dots."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text).strip(" .")
    return cleaned or "_"


def output_path(folder: Path, name: str, suffix: str = ".docx") -> Path:
    """`folder`/`name``suffix`, made safe; a name can never lead outside the folder."""
    folder = Path(folder)
    path = folder / (safe_name(name) + suffix)
    if path.resolve().parent != folder.resolve():
        raise GongwenError(f"名称「{name}」不能用作文件名。")
    return path


def write(template: Path, context: dict, out: Path) -> Path:
    """Render `template` with `context` into `out` (sandboxed, strict, atomic); return `out`."""
    from generators.word.render import render_docx

    return render_docx(template, context, out)
