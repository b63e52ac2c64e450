"""The GB/T 9704 page: A4, the margins, the 22 × 28 document grid, sections and page numbers."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from generators.word import gbt9704 as G
from generators.word.ooxml import PPR_ORDER, PT_PER_MM, SECTPR_ORDER, make, put, set_indent
from generators.word.proxy import ppr, xml


def char_pitch_pt(text_width_mm: float = G.TEXT_WIDTH_MM) -> float:
    """The width of one character on the document grid: 28 characters fill the text block."""
    return text_width_mm * PT_PER_MM / G.CHARS_PER_LINE


def grid_char_space() -> int:
    """docGrid charSpace: the grid pitch minus the default font size, in 1/4096 pt (Word's unit).

    With the default (body) size of 16 pt this packs 28 characters into 156 mm.
    """
    return round((char_pitch_pt() - G.BODY_SIZE_PT) * 4096)


def text_width_mm(landscape: bool = False) -> float:
    page = G.PAGE_HEIGHT_MM if landscape else G.PAGE_WIDTH_MM
    return page - G.MARGIN_LEFT_MM - G.MARGIN_RIGHT_MM


def page_setup(section, landscape: bool = False) -> None:
    """A4 with the GB/T 9704 margins and the 22 × 28 document grid; landscape swaps width and height."""
    width, height = Mm(G.PAGE_WIDTH_MM), Mm(G.PAGE_HEIGHT_MM)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin = Mm(G.MARGIN_TOP_MM)
    section.bottom_margin = Mm(G.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(G.MARGIN_LEFT_MM)
    section.right_margin = Mm(G.MARGIN_RIGHT_MM)
    section.footer_distance = Mm(G.FOOTER_DISTANCE_MM)
    section.gutter = 0
    put(
        xml(section),
        "docGrid",
        SECTPR_ORDER,
        type="linesAndChars",
        linePitch=G.LINE_PITCH_TWIPS,
        charSpace=grid_char_space(),
    )


def landscape_section(doc) -> float:
    """Start a landscape section on a new page (annex tables); return its text width in mm."""
    from docx.enum.section import WD_SECTION

    page_setup(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    return text_width_mm(landscape=True)


def last_portrait_section(doc) -> None:
    """Start the 版记 page: a portrait section on the next even page, its text at the page bottom (for
    readers that honour w:vAlign).

    Its footers are the document's: §7.5 drops the page number from the 版记 page only when a blank
    page precedes it, which only the layout knows (LibreOffice leaves its inserted blank page bare)."""
    from docx.enum.section import WD_SECTION

    section = doc.add_section(WD_SECTION.EVEN_PAGE)
    page_setup(section)
    put(xml(section), "vAlign", SECTPR_ORDER, val="bottom")


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


def page_number_footers(doc, section) -> None:
    """「— 1 —」 in 4号宋体: odd pages right, even pages left, one character in (§7.5)."""
    doc.settings.odd_and_even_pages_header_footer = True
    before, after = G.PAGE_NUMBER_FORMAT.split("{}")
    size = G.PAGE_NUMBER_SIZE_PT
    for footer, align, side in ((section.footer, "right", "right"), (section.even_page_footer, "left", "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = doc.styles["页码"]
        props = ppr(p)
        put(props, "jc", PPR_ORDER, val=align)
        set_indent(props, size, **{f"{side}_chars": G.PAGE_NUMBER_INDENT_CHARS})
        p.add_run(before)
        field_runs(p, "PAGE", "1")
        p.add_run(after)
