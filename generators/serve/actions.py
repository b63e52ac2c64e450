"""What a job does, in its worker process: the same library calls as the `gen` commands, the same lines.

Each action mirrors its command in cli.py: it calls the kind's `write` (or `plan` and `write`), inside
the reading report the command opens, and says what the command prints: 「已生成：…」 on its output,
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


def bulletin(
    run: Run,
    progress: Progress,
    *,
    data: str,
    output: str,
    month: str,
    date: str | None = None,
    number: int | None = None,
    trace: bool = False,
    pdf: bool = False,
    charts: str | None = None,
) -> None:
    """gen bulletin --month … [--date] [--number] [--trace] [--pdf] [--charts]"""
    from generators import bulletin as doc
    from generators.reading.workspace import Month, Workspace
    from generators.register import FILE

    progress(0, 1 + pdf, "正在生成通报")
    with _reported(run):
        ws, period = Workspace(Path(data)), Month.parse(month)
        path = doc.write(ws, period, Path(output), _issued(date), None, number, trace=trace, chart_style=charts)
    run.lines.append(f"已生成：{path}")
    run.wrote(path, _registered_number(Path(data), path))
    if trace:
        from generators.trace import path_beside

        run.lines.append(f"计算过程：{path_beside(path)}")
        run.wrote(path_beside(path))
    run.lines.append(f"已登记：{Path(data) / FILE}")
    _maybe_pdf(run, progress, [path], pdf, 1)


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
    from generators.reading.workspace import Month, Workspace
    from generators.register import FILE

    progress(0, 1, "正在读取数据、计算指标")
    with _reported(run, ledger=True):
        batch = doc.plan(Workspace(Path(data)), Month.parse(month), _issued(date), list(counties or []) or None)
        run.said += [f"提醒：{text}" for text in batch.warnings]
        run.lines += [f"{county}：没有逾期、临期问题或滞后指标，不发函" for county in batch.skipped]
        if not batch.letters:
            run.lines.append("没有需要发函的县区。")
            return
        count, total = len(batch.letters), 1 + len(batch.letters) + (_pdf_runs(len(batch.letters)) if pdf else 0)
        done = [1]

        def advance(n: int = 1) -> None:
            done[0] += n
            progress(done[0], total, f"正在生成提醒函（{done[0] - 1}/{count}）")

        progress(1, total, f"正在生成提醒函（0/{count}）")
        paths, register = doc.write(batch, Path(output), None, progress=advance)
    for letter, path in zip(batch.letters, paths):
        head = letter.context["head"]
        run.lines.append(
            f"{letter.county}：{head['doc_number']}，逾期问题{len(letter.overdue)}个，"
            f"临期问题{len(letter.due)}个，滞后指标{len(letter.lagging)}项 → {path}"
        )
        run.wrote(path, head["doc_number"])
    run.lines.append(f"登记表：{register}")
    run.wrote(register)
    run.lines.append(f"已登记：{Path(data) / FILE}")
    _maybe_pdf(run, progress, paths, pdf, done[0], total)


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
) -> None:
    """gen summary --year … [--report] [--number] [--date] [--pdf] [--charts]"""
    from generators import summary as doc
    from generators.reading.workspace import Workspace

    class Echo(logging.Handler):  # as the command: comparisons left out for want of last year's data are said
        def emit(self, record):
            run.said.append(f"注意：{record.getMessage()}")

    progress(0, 1 + pdf, "正在生成年度总结")
    echo = Echo(logging.WARNING)
    doc.LOG.addHandler(echo)
    try:
        with _reported(run):
            path = doc.write(
                Workspace(Path(data)),
                int(year),
                Path(output),
                _issued(date),
                None,
                report=report,
                serial=number,
                chart_style=charts,
            )
    finally:
        doc.LOG.removeHandler(echo)
    run.lines.append(f"已生成：{path}")
    run.wrote(path, _registered_number(Path(data), path) if report else "")
    _maybe_pdf(run, progress, [path], pdf, 1)


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
) -> None:
    """gen workplan --year … [--number] [--date] [--pdf]"""
    from generators import workplan as doc
    from generators.reading.workspace import Workspace
    from generators.register import FILE

    progress(0, 1 + pdf, "正在生成工作要点")
    with _reported(run):
        path = doc.write(Workspace(Path(data)), int(year), Path(output), _issued(date), None, number)
    run.lines.append(f"已生成：{path}")
    run.wrote(path, _registered_number(Path(data), path))
    run.lines.append(f"已登记：{Path(data) / FILE}")
    _maybe_pdf(run, progress, [path], pdf, 1)


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


def _registered_number(data: Path, path: Path) -> str:
    """The 发文字号 the register holds for the file just written (the register is the one source)."""
    from generators.register import FILE
    from generators.xlsx import read_sheets, records

    register = data / FILE
    if not register.exists():
        return ""
    rows = records(read_sheets(register, "发文登记表").get("发文登记", []), ("文号", "文件"), "发文登记")[0]
    return next((str(r["文号"]) for r in rows if str(r["文件"]) == str(path)), "")


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
