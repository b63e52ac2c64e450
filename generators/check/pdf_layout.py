"""The laid-out pages of a document, read from the PDF of the same name beside the .docx.

Some rules are about where things land on pages (the page count, a blank page before the 版记 page,
the 版记 at the foot of the last page), which only a layout tells. `gen pdf` writes that PDF; any PDF
newer than the .docx is trusted. Poppler's pdfinfo and pdftotext read it (installed with the tool's
LibreOffice): the page count first, then the words and their boxes of only the last pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from generators.check.anatomy import Skip

TIMEOUT_S = 60
PAGE_NUMBER = re.compile(r"[—–\-－―~～]*\d{1,4}[—–\-－―~～]*")
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)


@dataclass(frozen=True)
class Line:
    """A line of text on a page, its box in points from the top-left corner."""

    text: str  # words joined, whitespace removed
    top: float
    bottom: float
    shown: str = ""  # the words with a space between them, for messages


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)

    def below(self, y: float) -> list[Line]:
        return [line for line in self.lines if line.top >= y]

    def within(self, top: float, bottom: float) -> list[Line]:
        return [line for line in self.lines if line.bottom > top and line.top < bottom]


@dataclass
class Layout:
    pdf: Path
    count: int
    pages: dict[int, Page]  # only the last pages are read


def beside(docx: Path) -> Path | Skip:
    """The PDF of the same name beside `docx`, or why there is none to trust."""
    pdf = Path(docx).with_suffix(".pdf")
    if not pdf.is_file():
        return Skip("要看排版结果：用 gen pdf 在同一文件夹生成同名 PDF 后再检查")
    if pdf.stat().st_mtime < Path(docx).stat().st_mtime:
        return Skip(f"同名 PDF「{pdf.name}」早于 .docx，请重新生成后再检查")
    return pdf


def page_count(pdf: Path) -> int | None:
    """Pages of a PDF by poppler's pdfinfo (pypdf when poppler is missing); None when neither can tell."""
    tool = shutil.which("pdfinfo")
    if tool:
        out = run([tool, str(pdf)])
        m = re.search(r"^Pages:\s*(\d+)", out or "", re.M)
        return int(m.group(1)) if m else None
    try:
        from pypdf import PdfReader

        return len(PdfReader(str(pdf)).pages)
    except Exception:  # noqa: BLE001 - not installed, or a damaged PDF: no page count
        return None


def run(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def last_pages(pdf: Path, count: int, how_many: int = 2) -> dict[int, Page] | None:
    """The words of the last `how_many` pages, grouped in lines as pdftotext finds them."""
    tool = shutil.which("pdftotext")
    if not tool or count < 1:
        return None
    first = max(1, count - how_many + 1)
    out = run([tool, "-bbox-layout", "-f", str(first), "-l", str(count), str(pdf), "-"])
    if out is None:
        return None
    root = etree.fromstring(out.encode("utf-8"), SAFE_PARSER)
    if root is None:
        return None
    pages = {}
    for n, el in enumerate(root.iter("{*}page"), first):
        page = Page(n, float(el.get("width", 0)), float(el.get("height", 0)))
        for line in el.iter("{*}line"):
            shown = " ".join("".join(word.itertext()).strip() for word in line.iter("{*}word")).strip()
            text = re.sub(r"\s+", "", shown)
            if text:
                page.lines.append(Line(text, float(line.get("yMin", 0)), float(line.get("yMax", 0)), shown))
        pages[n] = page
    return pages


def read(docx: Path) -> Layout | Skip:
    """The layout of `docx` from the PDF beside it, or why it cannot be read."""
    pdf = beside(docx)
    if isinstance(pdf, Skip):
        return pdf
    count = page_count(pdf)
    if count is None:
        return Skip(f"无法读取同名 PDF「{pdf.name}」的页数")
    return Layout(pdf, count, last_pages(pdf, count) or {})


def page_number(page: Page, block_bottom_pt: float) -> Line | None:
    """The page number printed under the text block of `page`, if any."""
    return next((line for line in page.below(block_bottom_pt) if PAGE_NUMBER.fullmatch(line.text)), None)
