"""The GB/T 9704 page: A4, the margins, the 22-line grid and the spacing for 28 characters, sections and
page numbers."""

from __future__ import annotations

import math

from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from generators.word import gbt9704 as G
from generators.word.ooxml import PPR_ORDER, PT_PER_MM, SECTPR_ORDER, TWIPS_PER_PT, make, put, set_indent
from generators.word.proxy import ppr, xml


def char_pitch_pt(text_width_mm: float = G.TEXT_WIDTH_MM) -> float:
    """The width of one character on the document grid: 28 characters fill the text block."""
    return text_width_mm * PT_PER_MM / G.CHARS_PER_LINE


def char_spacing_twips() -> int:
    """The character spacing (w:spacing, in twips) that puts 28 characters of body type on a line.

    A character takes its size plus the spacing, and Word sets spacing in whole twips (1/20 pt): the
    largest value, rounded down, with which 28 characters fit the 156 mm text block. For 3号 that is
    -5 (condensed by 0.25 pt): 28 × 15.75 pt = 441 pt ≤ 442.2 pt < 29 × 15.75 pt. See docs/DEVELOPING.md
    (「One layout for every reader」) for why this, and not Word's character grid.
    """
    return math.floor((char_pitch_pt() - G.BODY_SIZE_PT) * TWIPS_PER_PT)


def text_width_mm(landscape: bool = False) -> float:
    page = G.PAGE_HEIGHT_MM if landscape else G.PAGE_WIDTH_MM
    return page - G.MARGIN_LEFT_MM - G.MARGIN_RIGHT_MM


def page_setup(section, landscape: bool = False) -> None:
    """A4 with the GB/T 9704 margins and the 22-line grid; landscape swaps width and height."""
    width, height = Mm(G.PAGE_WIDTH_MM), Mm(G.PAGE_HEIGHT_MM)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin = Mm(G.MARGIN_TOP_MM)
    section.bottom_margin = Mm(G.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(G.MARGIN_LEFT_MM)
    section.right_margin = Mm(G.MARGIN_RIGHT_MM)
    section.footer_distance = Mm(G.FOOTER_DISTANCE_MM)
    section.gutter = 0
    # The line grid only: 22 lines. The 28 characters come from the type's spacing (char_spacing_twips),
    # which every reader honours; Word's character grid is laid out at half density by LibreOffice.
    put(xml(section), "docGrid", SECTPR_ORDER, type="lines", linePitch=G.LINE_PITCH_TWIPS)


def landscape_section(doc) -> float:
    """Start a landscape section on a new page (annex tables); return its text width in mm."""
    from docx.enum.section import WD_SECTION

    page_setup(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    return text_width_mm(landscape=True)


def last_portrait_section(doc) -> None:
    """Start the 版记 page: a portrait section on the next even page, its text at the page bottom (for
    readers that honour w:vAlign).

    It has page-number footers of its own (see `page_number_footers`), which `gen pdf` empties when a blank
    page precedes it; the blank page a reader inserts carries none (Word and LibreOffice leave it bare)."""
    from docx.enum.section import WD_SECTION

    section = doc.add_section(WD_SECTION.EVEN_PAGE)
    page_setup(section)
    put(xml(section), "vAlign", SECTPR_ORDER, val="bottom")
    page_number_footers(doc, section)


def field_runs(paragraph, instruction: str, shown: str) -> None:
    """A complex field (begin / instruction / separate / result / end): Word and LibreOffice update it."""

    def run_with(tag: str, **attrs):
        r = xml(paragraph.add_run())
        el = make(r, tag, **attrs)
        r.append(el)
        return el

    run_with("fldChar", fldCharType="begin")
    run_with("instrText", **{"xml:space": "preserve"}).text = f" {instruction} "
    run_with("fldChar", fldCharType="separate")
    paragraph.add_run(shown)
    run_with("fldChar", fldCharType="end")


def _number_paragraph(doc, footer, align: str):
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.style = doc.styles["页码"]
    props = ppr(p)
    put(props, "jc", PPR_ORDER, val=align)
    set_indent(props, G.PAGE_NUMBER_SIZE_PT, **{f"{align}_chars": G.PAGE_NUMBER_INDENT_CHARS})
    return p


def page_number_footers(doc, section) -> None:
    """「— 1 —」 in 4号宋体: odd pages right, even pages left, one character in (§7.5).

    The 版记 section gets footers of its own, the same (`last_portrait_section`): §7.5 leaves the 版记 page
    unnumbered when a blank page precedes it, which only a layout knows. No field construct is evaluated
    alike by Word, WPS and LibreOffice (LibreOffice flattens page fields nested in IF into stray numbers),
    so the .docx numbers it like any page, and `gen pdf`, which has the layout, takes the number off when
    the page before it turns out blank (word/libreoffice_copy.py, `banji_numbered`).
    """
    doc.settings.odd_and_even_pages_header_footer = True
    before, after = G.PAGE_NUMBER_FORMAT.split("{}")
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = _number_paragraph(doc, footer, align)
        p.add_run(before)
        field_runs(p, "PAGE", "1")
        p.add_run(after)
