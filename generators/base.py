"""What every document kind shares: the 版头, 主送, 署名, 成文日期 and 版记 in the context, the file
name and where it goes, and the one way a document is written (rendered strictly, saved atomically).

A kind module (bulletin.py, reminder.py, …) builds its own body context and calls `head()` for the
frame; its template's layout uses the matching blocks in generators/word/blocks.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from generators.errors import GongwenError
from generators.numbers import wording as w
from generators.reading.settings import Settings
from generators.reading.workspace import Workspace


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


def check_issued(issued: dt.date, earliest: dt.date, latest: dt.date, period: str) -> None:
    """A 成文日期 (`--date`) that cannot belong to the data is a question, not silence.

    Before `earliest` (the period has not begun: 〔1900〕 from a typo) it is an error; after `latest`
    (years away from the data) a warning, which --strict turns into an error.
    """
    from generators.errors import Problem, Source
    from generators.reading.report import active

    if issued < earliest:
        raise GongwenError(
            f"成文日期{w.date(issued)}早于{period}的时期（{w.date(earliest)}起），请检查 --date（格式如 2022-12-05）。"
        )
    if issued > latest:
        report = active()
        if report is not None:  # outside a command (scripts, tests) there is nobody to tell
            message = f"成文日期{w.date(issued)}距{period}已超过一年，请确认 --date（不写时为今天）是否合适"
            warning = Problem(Source("--date"), message)
            report.add(warnings=[warning])
            report.stop_if_strict([warning])


def safe_name(text: str) -> str:
    """A title or county name as a file name: no separators, no characters Windows refuses, no leading dots."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text).strip(" .")
    return cleaned or "_"


def output_path(folder: Path, name: str, suffix: str = ".docx") -> Path:
    """`folder`/`name``suffix`, made safe; a name can never lead outside the folder, and two names never
    share a file (a name that had to be cleaned gets a short hash of itself, the same on every run)."""
    folder = Path(folder)
    stem = safe_name(name)
    if stem != name:  # 「佳/县」 and 「佳_县」 clean alike: the cleaned one carries a mark of the original
        stem += "-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]
    path = folder / (stem + suffix)
    if path.resolve().parent != folder.resolve():
        raise GongwenError(f"名称「{name}」不能用作文件名。")
    return path


def write_numbered(
    ws: Workspace,
    template: Path,
    context: dict,
    out: Path,
    *,
    kind: str,
    subject: str,
    prefix: str,
    first: int,
    issued: dt.date,
    number: int | None = None,
    options: dict | None = None,
    beside: Sequence[tuple[Path, bytes]] = (),
) -> Path:
    """Number the document from the workspace's 发文登记 and write it and the register, all or nothing.

    `kind` (「通报」) and `subject` (「2022-11」) name the document: regenerating it re-uses its number.
    `first` is the settings' first serial for `prefix`; `number` the user's --number (refused when taken).
    `beside` (path, bytes) files (the 计算过程) are written in the same transaction.
    Sets `context["head"]["doc_number"]`; the register stays locked from reading it to writing it.
    """
    from generators import register
    from generators.word.render import render_all

    with register.opened(ws) as reg:
        assigned = reg.assign(kind, subject, prefix, issued.year, first, number)
        context["head"]["doc_number"] = assigned.text
        reg.record(
            kind,
            subject,
            assigned,
            title=context["head"]["title"].replace("\n", ""),
            issued=issued,
            file=out,
            template=template,
            options=register.options_text(options or {}),
        )
        (document,) = render_all(template, [context], stamp=issued)
        reg.commit([(out, document), *beside])
    return out


def write(template: Path, context: dict, out: Path, stamp: dt.date | None = None) -> Path:
    """Render `template` with `context` into `out` (sandboxed, strict, atomic); return `out`.
    `stamp` (the document's date) dates the file, so a rerun gives the same bytes."""
    from generators.word.render import render_docx

    return render_docx(template, context, out, stamp)
