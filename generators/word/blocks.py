"""The GB/T 9704 parts a template is made of: 版头, 标题, 主送, 署名 and 成文日期, 附件说明, 版记, the
信函格式 head, and the empty documents they go into.

Each document kind declares its template's layout with these (see `layout()` in generators/bulletin.py);
`tools/build_templates.py` writes templates/*.docx from them. A layout imports this module only: the
page, table and style helpers it needs are here under their own names too (`__all__`). The pieces
live by concern: `page` (A4, margins, grid, sections, page numbers), `styles`, `tables`, `textbox`,
`tags` (docxtpl's Jinja tags), `ooxml` (raw XML setters), `proxy` (python-docx's private side).
"""

from __future__ import annotations

from docx import Document

from generators.word import gbt9704 as G
from generators.word.ooxml import (
    PPR_ORDER,
    PT_PER_MM,
    border_el,
    chars_twips,
    mm_twips,
    put,
    qn,
    set_borders,
    set_fonts,
    set_indent,
    set_spacing,
    set_tabs,
    twips,
)
from generators.word.page import (
    landscape_section,
    last_portrait_section,
    page_number_footers,
    page_setup,
    text_width_mm,
)
from generators.word.proxy import ppr, rpr, xml
from generators.word.styles import add_gbt_styles, add_style, document_defaults, lead_style
from generators.word.tables import column_widths, county_table, foot_cell, loop_table
from generators.word.tags import column_loop, is_control, p, value
from generators.word.textbox import bottom_text_box, page_text_box

__all__ = [
    "annex_title",
    "attachment_notes",
    "banji",
    "column_loop",
    "column_widths",
    "county_table",
    "keep_with_next",
    "landscape_section",
    "lead_style",
    "letter_head",
    "loop_paragraphs",
    "loop_table",
    "new_document",
    "new_letter",
    "para",
    "red_head",
    "report_head",
    "run_heading_paragraph",
    "signature_block",
    "text_width_mm",
    "title_block",
]

# ---------------------------------------------------------------- documents


def new_document(landscape_annexes: bool = False):
    """An empty GB/T 9704 document: defaults, the shared styles, A4 page with its grid, page numbers."""
    doc = Document()
    document_defaults(doc)
    # landscape_annexes no longer changes the styles: the 版记 has a portrait page of its own.
    add_gbt_styles(doc)
    page_setup(doc.sections[0])
    page_number_footers(doc, doc.sections[0])
    return doc


def new_letter():
    """An empty 信函格式 document: as `new_document`, no page number on page one, the lower red rule there."""
    doc = Document()
    document_defaults(doc)
    add_gbt_styles(doc)
    # 信函版头: the paragraphs holding the head's text box and the lower rule; no grid, exact height.
    add_style(doc, "信函版头", "GongwenLetterHead", G.FONT_BODY, G.BODY_SIZE_PT, snap=False)
    add_style(doc, "信函发文字号", "GongwenLetterNumber", G.FONT_BODY, G.BODY_SIZE_PT, align="right")
    page_setup(doc.sections[0])
    letter_footers(doc, doc.sections[0])
    return doc


# ---------------------------------------------------------------- paragraphs


def para(container, text: str = "", style: str = "公文正文"):
    """A paragraph; a tab in `text` becomes a real tab."""
    return container.add_paragraph(text, style=style)


def keep_with_next(paragraph) -> None:
    """The paragraph stays on the page of the one after it (w:keepNext)."""
    put(ppr(paragraph), "keepNext", PPR_ORDER)


def loop_paragraphs(doc, loop: str, text: str = value("text"), style: str = "公文正文") -> None:
    """Body paragraphs repeated for each item of the context list `loop` (「text in overview」)."""
    para(doc, p(f"for {loop}"))
    para(doc, text, style)
    para(doc, p("endfor"))


def run_heading_paragraph(doc, heading: str, text: str, heading_style: str = "段内标题"):
    """A body paragraph that opens with a run-in heading: 「（一）压紧压实工作责任。」 then its text."""
    paragraph = para(doc)
    paragraph.add_run(heading, style=heading_style)
    paragraph.add_run(text)
    return paragraph


def annex_title(doc, mark: str, title: str, new_page: bool = False) -> None:
    """「附件1」 on the first line of an annex, its title on the third (§8)."""
    first = para(doc, mark, "附件标识")
    if new_page:
        first.paragraph_format.page_break_before = True
    para(doc)
    para(doc, title, "公文标题")


# ---------------------------------------------------------------- 版头 and 标题


def red_head(doc, organ_mark: str = value("head.organ_mark"), doc_number: str = value("head.doc_number")) -> None:
    """版头: red 发文机关标志, two lines, 发文字号 over the red rule, two lines (§7.2)."""
    para(doc, organ_mark, "发文机关标志")
    para(doc)
    para(doc, doc_number, "发文字号")
    para(doc)
    para(doc)


def report_head(
    doc,
    organ_mark: str = value("head.organ_mark"),
    doc_number: str = value("head.doc_number"),
    issuer: str = value("head.issuer"),
) -> None:
    """上行文版头 (§7.2.4): the red mark, then 发文字号 one character in from the left and 「签发人：」 with the
    name (楷体) one character in from the right, on one line over the red rule."""
    para(doc, organ_mark, "发文机关标志")
    para(doc)
    # A full-width space and a tab, not indents, keep the ends one character in: a paragraph border spans
    # between the indents, and the red rule under this line must be as wide as the text block.
    line = para(doc, "\u3000" + doc_number + "\t签发人：", "发文字号")
    props = ppr(line)
    set_tabs(props, ("right", mm_twips(G.TEXT_WIDTH_MM) - chars_twips(1, G.BODY_SIZE_PT)))
    set_indent(props, G.BODY_SIZE_PT)
    put(props, "jc", PPR_ORDER, val="left")
    set_fonts(rpr(line.add_run(issuer)), G.FONT_LEVEL2, G.FONT_LATIN)
    para(doc)
    para(doc)


def title_block(doc, title: str = value("head.title"), recipients: str | None = value("head.recipients")) -> None:
    """公文标题 (2号小标宋, lines broken by the generator), a blank line, then 主送 when there is one."""
    para(doc, title, "公文标题")
    para(doc)
    if recipients:
        para(doc, recipients, "主送")


# ---------------------------------------------------------------- the closing


def _keep_last_body_line(doc) -> None:
    """The last body paragraph before the closing (附件说明, 署名) keeps with it, so its last lines come
    along to the signature's page (GB/T 9704 §7.3.5: the signature never stands alone on a page).
    Template control paragraphs ({%p … %}) vanish on rendering and are passed over."""
    for paragraph in reversed(doc.paragraphs):
        if is_control(paragraph.text):
            continue
        if paragraph.text.strip():
            keep_with_next(paragraph)
            return


def signature_block(doc, signature: str = value("head.signature"), date: str = value("head.date")) -> None:
    """Two blank lines, 署名 and 成文日期, kept together and with the last lines of the body before them."""
    _keep_last_body_line(doc)
    for paragraph in (para(doc), para(doc), para(doc, "\t" + signature, "署名")):
        keep_with_next(paragraph)
    para(doc, "\t" + date, "成文日期")


def attachment_notes(doc, names: str = "head.attachments") -> None:
    """附件说明: one attachment 「附件：名称」; several 「附件：1.名称」 and 「2.名称」 aligned under it.

    Every line keeps with the next, so the notes, the signature and the date stay on one page."""
    _keep_last_body_line(doc)
    keep = [
        para(doc, p(f"if {names}|length == 1")),
        para(doc),
        para(doc, f"附件：\t{value(f'{names}[0]')}", "附件说明"),
        para(doc, p(f"elif {names}")),
        para(doc),
        para(doc, f"附件：1.\t{value(f'{names}[0]')}", "附件说明"),
        para(doc, p(f"for name in {names}[1:]")),
        para(doc, f"{value('loop.index + 1')}.\t{value('name')}", "附件说明续行"),
    ]
    para(doc, p("endfor"))
    para(doc, p("endif"))
    for paragraph in keep:
        keep_with_next(paragraph)


# The page's last paragraph (a document cannot end on a table): 1 pt tall, so the cell above it
# fills the text block but for it and a little slack for the readers' rounding.
END_LINE_PT = 1
FOOT_SLACK_PT = 3


def banji(
    doc,
    width_mm: float | None = None,
    cc: str = "head.cc",
    printer: str = value("head.printer"),
    print_date: str = value("head.print_date"),
    own_page: bool = True,
) -> None:
    """版记 at the foot of the document's last page: 抄送 (omitted when empty) and 「印发机关 印发日期印发」
    between rules; the first and last rules thick, the one between thin (§7.4).

    `own_page` (the default): the 版记 page is a last portrait section starting on an even page
    (w:type evenPage: Word and LibreOffice add the blank page before it themselves when the count
    would be odd). The lines sit at the foot of a borderless
    one-cell table as tall as the text block, its cell aligned to the bottom: a construct every
    reader lays out the same (LibreOffice 7.4 ignores a section's w:vAlign, which is set as well for
    Word), and a long 抄送 grows upward, never onto another page.
    Otherwise: a borderless text box of `width_mm` (default: the portrait text width) anchored to the
    bottom of the text block of the page the body ends on.
    """
    thick, thin = G.BANJI_THICK_MM * PT_PER_MM, G.BANJI_THIN_MM * PT_PER_MM
    container = doc
    if own_page:
        last_portrait_section(doc)
        container = foot_cell(doc, mm_twips(G.TEXT_HEIGHT_MM) - twips(END_LINE_PT + FOOT_SLACK_PT))
        end = para(doc, style="版记")
        set_spacing(ppr(end), twips(END_LINE_PT))
    lines = [
        para(container, p(f"if {cc}")),
        para(container, f"抄送：{value(cc)}", "版记"),
        para(container, f"{printer}\t{print_date}印发", "印发"),
        para(container, p("else")),
        para(container, f"{printer}\t{print_date}印发", "印发"),
        para(container, p("endif")),
    ]
    set_borders(ppr(lines[1]), top=thick, bottom=thin)
    set_borders(ppr(lines[2]), bottom=thick)
    set_borders(ppr(lines[4]), top=thick, bottom=thick)
    if not own_page:
        anchor = para(doc)
        bottom_text_box(anchor, width_mm or text_width_mm(), "版记", [xml(line) for line in lines])


# ---------------------------------------------------------------- 信函格式


def double_rule(props, side: str, kind: str) -> None:
    """A red double rule as a paragraph border on `side` (top or bottom), `kind` a compound w:val."""
    bdr = put(props, "pBdr", PPR_ORDER)
    bdr.append(border_el(bdr, side, G.LETTER_RULE_PT, G.RED, val=kind))


def letter_head(doc) -> None:
    """信函格式 head (§10.1): red 发文机关标志 30 mm from the top edge, the upper double rule 4 mm under it,
    170 mm long and centred on the page, then the 发文字号 flush right under the rule.

    The mark and the rule sit in a text box placed on the page, so the body keeps the standard 37 mm
    top margin on every page; a spacer line as tall as the part of the box below the margin makes
    room for it on page one.
    """
    mark_pt = G.ORGAN_MARK_SIZE_PT
    gap_pt = G.LETTER_RULE_GAP_MM * PT_PER_MM
    anchor = para(doc, style="信函版头")
    mark = para(doc, value("head.organ_mark"), "发文机关标志")
    props = ppr(mark)
    # Exact spacing as tall as the type: the top of the characters is the top of the box.
    set_spacing(props, twips(mark_pt))
    double_rule(props, "bottom", G.LETTER_RULE)
    props.find(qn("w:pBdr"))[0].set(qn("w:space"), str(round(gap_pt)))
    page_text_box(
        anchor,
        G.LETTER_RULE_LENGTH_MM,
        "信函版头",
        G.LETTER_MARK_TOP_MM,
        mark_pt + gap_pt + G.LETTER_RULE_PT,
        box_id=901,
        content=[xml(mark)],
    )
    below_margin_pt = (G.LETTER_MARK_TOP_MM - G.MARGIN_TOP_MM) * PT_PER_MM + mark_pt + gap_pt + G.LETTER_RULE_PT
    set_spacing(ppr(anchor), twips(below_margin_pt + G.LETTER_NUMBER_GAP_PT))
    para(doc, value("head.doc_number"), "信函发文字号")


def letter_footers(doc, section) -> None:
    """No page number on page one, which carries the lower double rule 20 mm above the bottom edge
    (§10.1); from page two on, the page numbers of every 公文."""
    page_number_footers(doc, section)
    section.different_first_page_header_footer = True
    first = section.first_page_footer
    first.is_linked_to_previous = False
    anchor = first.paragraphs[0]
    anchor.style = doc.styles["页码"]
    top_mm = G.PAGE_HEIGHT_MM - G.LETTER_RULE_FROM_BOTTOM_MM - G.LETTER_RULE_PT / PT_PER_MM
    rule = first.add_paragraph(style="信函版头")
    props = ppr(rule)
    set_spacing(props, twips(1))  # the line under the rule is 1 pt tall: the box is the rule
    double_rule(props, "top", G.LETTER_RULE)
    page_text_box(
        anchor, G.LETTER_RULE_LENGTH_MM, "信函下双线", top_mm, G.LETTER_RULE_PT + 1, box_id=902, content=[xml(rule)]
    )
