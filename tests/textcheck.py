"""Every character of a .docx in its PDF: the helper any document kind's PDF test can use.

    from textcheck import assert_same_characters
    assert_same_characters(docx_path, pdf_path)

Compares the multisets of non-space characters, so line breaks, justification and page breaks
may differ while a lost, doubled or substituted character fails. The .docx side is the visible
text of the body (w:t, not field instructions, deleted text or the mc:Fallback copy of a text box);
the PDF side is pdftotext's text without the page-number lines that the footers' PAGE fields print,
and without the extra copies of table header rows (w:tblHeader) repeated on each page of a table.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

from generators.word import gbt9704 as G

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


NS = {"w": W, "mc": MC}
VISIBLE = "w:t[not(ancestor::mc:Fallback)]"


def _chars(texts) -> Counter:
    return Counter(ch for t in texts for ch in (t.text or "") if not ch.isspace())


def _body(docx: Path):
    with zipfile.ZipFile(docx) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


def docx_characters(docx: Path) -> Counter:
    """Non-space characters of the body text as Word shows it."""
    return _chars(_body(docx).xpath("//" + VISIBLE, namespaces=NS))


def repeated_headers(docx: Path) -> list[Counter]:
    """The characters of each table's header rows, which a PDF repeats on every page of the table."""
    headers = []
    for table in _body(docx).xpath("//w:tbl", namespaces=NS):
        rows = table.xpath("w:tr[w:trPr/w:tblHeader[not(@w:val) or @w:val!='0' and @w:val!='false']]", namespaces=NS)
        chars = _chars(t for row in rows for t in row.xpath(".//" + VISIBLE, namespaces=NS))
        if chars:
            headers.append(chars)
    return headers


def _page_number_line() -> re.Pattern:
    before, after = (re.escape(part.strip()) for part in G.PAGE_NUMBER_FORMAT.split("{}"))
    return re.compile(rf"^\s*{before}\s*\d+\s*{after}\s*$")


def pdf_characters(pdf: Path) -> Counter:
    """Non-space characters of the PDF's text, page numbers left out."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page_number = _page_number_line()
    lines = [line for line in text.splitlines() if not page_number.match(line)]
    return Counter(ch for line in lines for ch in line if not ch.isspace())


def assert_same_characters(docx: Path, pdf: Path) -> None:
    """Fail naming what the PDF lost and what it gained, character by character."""
    want, got = docx_characters(docx), pdf_characters(pdf)
    for header in repeated_headers(docx):
        while not header - (got - want):  # one more copy of this header than the .docx holds
            got -= header
    lost, extra = want - got, got - want
    assert not lost and not extra, f"PDF 缺少 {dict(lost)}，多出 {dict(extra)}"
