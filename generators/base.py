"""What every document kind shares: the 版头, 主送, 署名, 成文日期 and 版记 in the context, the file
name and where it goes, and the one way a document is written (rendered strictly, saved atomically).

A kind module (bulletin.py, reminder.py, …) builds its own body context and calls `head()` for the
frame; its template's layout uses the matching blocks in generators/word/blocks.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from generators.errors import GongwenError
from generators.numbers import wording as w
from generators.reading.periods import Period
from generators.reading.settings import Settings
from generators.reading.workspace import Workspace

P = TypeVar("P", bound=Period)
I = TypeVar("I")  # noqa: E741 - what a kind reads, its own type


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
    from generators.reading.report import warn

    if issued < earliest:
        raise GongwenError(
            f"成文日期{w.date(issued)}早于{period}的时期（{w.date(earliest)}起），请检查 --date（格式如 2022-12-05）。"
        )
    if issued > latest:
        message = f"成文日期{w.date(issued)}距{period}已超过一年，请确认 --date（不写时为今天）是否合适"
        warn(Problem(Source("--date"), message))


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


@dataclass(frozen=True)
class Numbering:
    """Where a kind's 发文字号 come from: the prefix and the settings' first serial for it."""

    prefix: str
    first: int


@dataclass
class Draft:
    """One document a kind built: what the 发文登记 names it by, its title, its context, where it goes."""

    subject: str  # with the kind's label, names the document in the 发文登记 (a rerun keeps its number)
    title_lines: list[str]
    context: Mapping[str, Any]
    folder: str  # under the output folder: the period's key
    options: dict = field(default_factory=dict)  # the register's 生成选项
    file: str = ""  # the file's name without suffix; the title when ""
    item: Any = None  # the kind's own record of it (a letter), for the command to report

    @property
    def title(self) -> str:
        return "".join(self.title_lines)


class Kind(ABC, Generic[P, I]):
    """A document kind: what it is, which periods it is about, what it reads and how it is worded.

    An instance carries the options of one run (charts, trace, report); `issue()` does the rest, the same for
    every kind. Nothing writes a document but `issue()` (tests/test_pipeline.py holds every kind to it).
    """

    label: str  # 「通报」: the 文种 column of the 发文登记
    periods: tuple[type[Period], ...]  # what `--month` / `--quarter` / `--year` it takes
    template: Path  # its own; a kind whose options choose the template (the summary's 报告) sets it per instance

    def numbering(self, settings: Settings) -> Numbering | None:
        """The prefix and first serial of its 发文字号; None for a document without one (the summary as an
        OA attachment)."""
        return Numbering(settings.numbering.prefix, settings.numbering.first_serial)

    @abstractmethod
    def dates(self, period: P) -> tuple[dt.date, dt.date, str]:
        """The earliest and latest sensible 成文日期 for the period, and the period as the message names it."""

    def prepare(self, ws: Workspace) -> None:
        """Start what can run while the inputs are read (the chart worker); nothing by default."""

    @abstractmethod
    def read(self, ws: Workspace, period: P, issued: dt.date) -> I:
        """Every input the documents need, read through reading.entry (always validated): all problems in
        one DataError, before a number is taken."""

    def subjects(self, inputs: I, period: P) -> list[str]:
        """The documents this run makes, by subject; one, named by the period, unless a kind says otherwise."""
        return [period.key]

    @abstractmethod
    def build(self, inputs: I, period: P, issued: dt.date, numbers: list[str]) -> list[Draft]:
        """The documents in wording, one for each subject, each with its 发文字号 text (in `subjects` order)."""

    def beside(self, inputs: I, drafts: list[Draft], paths: list[Path], issued: dt.date) -> list[tuple[Path, bytes]]:
        """Files written with the documents, all or nothing (the 计算过程, the letters' register)."""
        return []

    def check_template(self, template: Path) -> None:
        """Refuse a user's template that lacks what the kind needs; nothing by default."""

    def said(self, done: Issued) -> list[str]:
        """What the command says it made (gen and gen serve say the same), the register last."""
        return [f"已生成：{path}" for path in done.paths] + registered(done)


@dataclass
class Issued:
    """What `issue()` wrote: the documents (drafts and paths, in order) and the files beside them."""

    workspace: Workspace
    drafts: list[Draft]
    paths: list[Path]
    beside: list[Path]
    inputs: Any
    numbers: list[str]  # each document's 发文字号 ("" for one without)


def issue(
    kind: Kind,
    ws: Workspace,
    period: Period,
    output_dir: Path,
    issued: dt.date,
    *,
    template: Path | None = None,
    number: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Issued:
    """Issue `kind` for `period`, the one way every document is made: check the date, read and check the
    inputs, take the numbers from the 发文登记 (under its lock, opened once: a regenerated document keeps its
    number, `number` is the user's --number), build, then write documents, files beside and register together.
    """
    from generators import register
    from generators.word.render import preload, render_all
    from generators.writing import write_all

    if not isinstance(period, kind.periods):
        raise GongwenError(f"{kind.label}不能按「{period.label}」生成。")
    earliest, latest, words = kind.dates(period)
    check_issued(issued, earliest, latest, words)
    if template is not None:
        kind.check_template(Path(template))
    template = Path(template or kind.template)
    kind.prepare(ws)
    preload()
    inputs = kind.read(ws, period, issued)
    subjects = kind.subjects(inputs, period)
    if not subjects:
        return Issued(ws, [], [], [], inputs, [])
    if number is not None and len(subjects) != 1:
        raise GongwenError("--number 只能用于生成一份公文。")
    numbering = kind.numbering(ws.settings)
    with register.opened(ws) if numbering else contextlib.nullcontext() as reg:  # unnumbered: no register
        taken = []
        if reg is not None and numbering is not None:
            taken = [
                reg.assign(kind.label, s, numbering.prefix, issued.year, numbering.first, number) for s in subjects
            ]
        numbers = [n.text for n in taken] or [""] * len(subjects)
        drafts = kind.build(inputs, period, issued, numbers)
        paths = _paths(drafts, output_dir)
        if reg is not None:  # each document's row, with what it was made from
            for draft, assigned, path in zip(drafts, taken, paths):
                options = {
                    **draft.options,
                    "date": issued.isoformat(),
                    "number": number,
                    "template": template_of(template, kind),
                }
                reg.record(
                    kind.label,
                    draft.subject,
                    assigned,
                    title=draft.title,
                    issued=issued,
                    file=path,
                    template=template,
                    options=register.options_text(options),
                )
        extra = kind.beside(inputs, drafts, paths, issued)
        rendered = render_all(template, [d.context for d in drafts], progress, issued)
        files = [*zip(paths, rendered), *extra]
        written = reg.commit(files) if reg is not None else write_all(files)
    return Issued(ws, drafts, written[: len(paths)], written[len(paths) :], inputs, numbers)


def registered(done: Issued) -> list[str]:
    """「已登记：…/发文登记.xlsx」 when the documents were numbered."""
    from generators.register import FILE

    return [f"已登记：{Path(done.workspace.root) / FILE}"] if any(done.numbers) else []


def template_of(template: Path, kind: Kind) -> Path | None:
    """The template as the register's 生成选项 name it: only a user's own."""
    return None if Path(template) == Path(kind.template) else template


def _paths(drafts: list[Draft], output_dir: Path) -> list[Path]:
    paths = [output_path(Path(output_dir) / d.folder, d.file or d.title) for d in drafts]
    if len(set(paths)) != len(paths):  # two documents of one run can never overwrite each other
        raise GongwenError("两份公文的文件名相同：" + "、".join(sorted({p.name for p in paths if paths.count(p) > 1})))
    return paths


def preview(kind: Kind, ws: Workspace, period: Period, issued: dt.date) -> list[Draft]:
    """The documents as they would be worded, numbered with the settings' first serial, nothing written or
    registered (gen validate --year, tests, the bench): the same read and build as `issue`."""
    inputs = kind.read(ws, period, issued)
    numbering = kind.numbering(ws.settings)
    subjects = kind.subjects(inputs, period)
    numbers = (
        [w.doc_number(numbering.prefix, issued.year, numbering.first + i) for i in range(len(subjects))]
        if numbering
        else [""] * len(subjects)
    )
    return kind.build(inputs, period, issued, numbers)
