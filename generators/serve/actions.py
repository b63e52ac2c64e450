"""What a job does, in its worker process: the same library calls as the `gen` commands, the same lines.

Each action mirrors its command in cli.py: it issues the kind through base.issue, inside the reading
report the command opens, and says what the command prints (the kind's `said`) on its output,
提醒 and 说明 after it. Nothing here builds or changes a document; the page only shows these lines
and links the files listed.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import shutil
import subprocess
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generators.errors import GongwenError

Progress = Callable[[int, int, str], None]
PDF_BATCH = 4  # documents per LibreOffice run: its start is most of the cost, each run is a step of progress
PDF_STEPS = 8  # at most this many runs, however many documents
PREVIEW_DPI = 72  # an A4 page is 595 × 842 pixels: readable at 1366 × 768


@dataclass
class Run:
    """What one action said and wrote, as the command would print it."""

    lines: list[str] = field(default_factory=list)  # the command's output
    said: list[str] = field(default_factory=list)  # its messages on stderr: 提醒, 注意, 提示, the report
    files: list[str] = field(default_factory=list)  # every file written, in order
    numbers: dict[str, str] = field(default_factory=dict)  # file → the 发文字号 it took
    pages: list[str] = field(default_factory=list)  # preview images

    def wrote(self, path: Path, number: str = "") -> None:
        self.files.append(str(path))
        if number:
            self.numbers[str(path)] = number

    def as_dict(self) -> dict:
        return {
            "lines": self.lines,
            "said": self.said,
            "files": self.files,
            "numbers": self.numbers,
            "pages": self.pages,
        }


@contextmanager
def _reported(run: Run, ledger: bool = False):
    """The command's reading report (cli.reading_report): its text is said whatever the outcome."""
    from generators.reading.report import reporting

    with reporting(strict=False, ledger=ledger) as report:
        try:
            yield report
        finally:
            if report.text():
                run.said.append(report.text())


def _issued(text: str | None) -> dt.date:
    return dt.date.fromisoformat(text) if text else dt.date.today()


def _issue(
    run: Run, progress: Progress, kind, data: str, output: str, period, date, number=None, ledger=False, pdf=False
):
    """Issue through the one pipeline (base.issue) as the command does, and say what it says."""
    from generators import base
    from generators.reading.workspace import Workspace

    count = [0]

    def advance(n: int = 1) -> None:  # a step per document rendered (how many is known once they are read)
        count[0] += n
        progress(count[0], count[0] + 1, f"正在生成公文（已完成{count[0]}份）")

    progress(0, 1, "正在读取数据、计算指标")
    with _reported(run, ledger=ledger):
        done = base.issue(
            kind, Workspace(Path(data)), period, Path(output), _issued(date), number=number, progress=advance
        )
    run.lines += kind.said(done)
    for path, number in zip(done.paths, done.numbers):
        run.wrote(path, number)
    for path in done.beside:
        run.wrote(path)
    _maybe_pdf(run, progress, done.paths, pdf, count[0], count[0] + (_pdf_runs(len(done.paths)) if pdf else 0))


def bulletin(
    run: Run,
    progress: Progress,
    *,
    data: str,
    output: str,
    month: str | None = None,
    quarter: str | None = None,
    date: str | None = None,
    number: int | None = None,
    trace: bool = False,
    pdf: bool = False,
    charts: str | None = None,
) -> None:
    """gen bulletin (--month … | --quarter …) [--date] [--number] [--trace] [--pdf] [--charts]"""
    from generators import bulletin as doc
    from generators.reading.periods import Month, Quarter

    period = Quarter.parse(quarter) if quarter else Month.parse(month or "")
    _issue(run, progress, doc.Kind(charts, trace), data, output, period, date, number, pdf=pdf)


def letters(
    run: Run,
    progress: Progress,
    *,
    data: str,
    output: str,
    month: str,
    date: str | None = None,
    counties: list[str] | None = None,
    pdf: bool = False,
) -> None:
    """gen reminder --month … (--county … | --all) [--date] [--pdf]"""
    from generators import reminder as doc
    from generators.reading.periods import Month

    kind = doc.Kind(list(counties or []) or None)
    _issue(run, progress, kind, data, output, Month.parse(month), date, ledger=True, pdf=pdf)


def summary(
    run: Run,
    progress: Progress,
    *,
    data: str,
    output: str,
    year: int,
    date: str | None = None,
    report: bool = False,
    number: int | None = None,
    pdf: bool = False,
    charts: str | None = None,
    through: str | None = None,
) -> None:
    """gen summary --year … [--through …] [--report] [--number] [--date] [--pdf] [--charts]"""
    from generators import summary as doc
    from generators.reading.periods import YearToDate

    class Echo(logging.Handler):  # as the command: comparisons left out for want of last year's data are said
        def emit(self, record):
            run.said.append(f"注意：{record.getMessage()}")

    echo = Echo(logging.WARNING)
    doc.LOG.addHandler(echo)
    try:
        kind = doc.Kind(report, charts)
        period = YearToDate.through_text(int(year), through)
        _issue(run, progress, kind, data, output, period, date, number, pdf=pdf)
    finally:
        doc.LOG.removeHandler(echo)


def workplan(
    run: Run,
    progress: Progress,
    *,
    data: str,
    output: str,
    year: int,
    date: str | None = None,
    number: int | None = None,
    pdf: bool = False,
    through: str | None = None,
) -> None:
    """gen workplan --year … [--through …] [--number] [--date] [--pdf]"""
    from generators import workplan as doc
    from generators.reading.periods import Month, YearToDate

    kind = doc.Kind(Month.parse(through) if through else None)
    _issue(run, progress, kind, data, output, YearToDate(int(year)), date, number, pdf=pdf)


def pdf(run: Run, progress: Progress, *, files: list[str]) -> None:
    """gen pdf 文件.docx …"""
    _maybe_pdf(run, progress, [Path(f) for f in files], True, 0)


def preview(run: Run, progress: Progress, *, docx: str, folder: str) -> None:
    """Every page of a document as a PNG (from its PDF: the one beside it when it is newer, else a fresh one)."""
    from generators.word.pdf import to_pdf

    source, out = Path(docx), Path(folder)
    beside = source.with_suffix(".pdf")
    if beside.is_file() and beside.stat().st_mtime >= source.stat().st_mtime:
        made = beside
    else:
        progress(0, 2, "正在用 LibreOffice 排版")
        made = to_pdf(source, out / "preview.pdf")
    progress(1, 2, "正在生成页面图片")
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise GongwenError("预览页面需要 pdftoppm（Debian/Ubuntu：sudo apt-get install poppler-utils）。")
    done = subprocess.run(
        [tool, "-r", str(PREVIEW_DPI), "-png", str(made), str(out / "page")], capture_output=True, timeout=300
    )
    if done.returncode != 0:
        raise GongwenError(f"无法生成页面图片：{done.stderr.decode('utf-8', 'replace').strip()}")
    run.pages = [str(p) for p in sorted(out.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))]
    run.lines.append(f"共 {len(run.pages)} 页（{made.name}）")


ACTIONS: dict[str, Callable[..., None]] = {
    "bulletin": bulletin,
    "letters": letters,
    "summary": summary,
    "workplan": workplan,
    "pdf": pdf,
    "preview": preview,
}


def _pdf_runs(count: int) -> int:
    return math.ceil(count / _batch(count)) if count else 0


def _batch(count: int) -> int:
    return max(PDF_BATCH, math.ceil(count / PDF_STEPS))


def _maybe_pdf(run: Run, progress: Progress, paths: list[Path], wanted: bool, done: int, total: int = 0) -> None:
    """--pdf as the commands do it (cli._maybe_pdf), in steps of a few documents so progress shows."""
    if not wanted:
        for path in paths:  # a PDF from an earlier run no longer matches the document just written
            old = Path(path).with_suffix(".pdf")
            if old.is_file():
                run.said.append(f"提示：「{old}」是以前生成的，与新的 Word 文档可能不一致；需要时请加 --pdf 重新生成。")
        return
    from generators.word.pdf import to_pdf_many

    size = _batch(len(paths))
    total = total or done + _pdf_runs(len(paths))
    for start in range(0, len(paths), size):
        progress(done, total, f"正在生成 PDF（{start}/{len(paths)}）")
        for made in to_pdf_many(paths[start : start + size]):
            run.lines.append(f"已生成：{made}")
            run.wrote(made)
        done += 1
    progress(done, total, f"正在生成 PDF（{len(paths)}/{len(paths)}）")
