"""Template building blocks: the GB/T 9704 page, styles, red head, letter head, 版记, tables.

Each document kind declares its template's layout with these (see `layout()` in generators/bulletin.py);
`tools/build_templates.py` writes templates/*.docx from them. python-docx has no API for East-Asian
fonts, document grids, paragraph borders, fields or text boxes; those few elements are written
through `ooxml`, always in the schema's element order (Word rejects others).
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt, RGBColor

from generators.word import gbt9704 as G
from generators.word.ooxml import (
    BORDER_EIGHTHS,
    EMU_PER_PT,
    NS,
    PPR_ORDER,
    PT_PER_MM,
    SECTPR_ORDER,
    TBLPR_ORDER,
    TCPR_ORDER,
    emu,
    mm_twips,
    put,
    qn,
    twips,
)

# ---------------------------------------------------------------- units


def char_pitch_pt(text_width_mm: float = G.TEXT_WIDTH_MM) -> float:
    """The width of one character on the document grid: 28 characters fill the text block."""
    return text_width_mm * PT_PER_MM / G.CHARS_PER_LINE


def chars_twips(chars: float, size_pt: float = G.BODY_SIZE_PT) -> int:
    """An indent of `chars` characters of `size_pt` type, in twips (the fallback for *Chars attributes)."""
    return twips(chars * size_pt)


def grid_char_space() -> int:
    """docGrid charSpace: the grid pitch minus the default font size, in 1/4096 pt (Word's unit).

    With the default (body) size of 16 pt this packs 28 characters into 156 mm.
    """
    return round((char_pitch_pt() - G.BODY_SIZE_PT) * 4096)


# ---------------------------------------------------------------- oxml helpers


def set_fonts(rpr, east_asia: str, latin: str = G.FONT_LATIN) -> None:
    """Name the Latin and the East-Asian font explicitly and drop theme fonts (which would win)."""
    fonts = rpr.get_or_add_rFonts()
    for attr in list(fonts.attrib):
        fonts.attrib.pop(attr)
    for key, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
        fonts.set(qn("w:" + key), value)


def set_spacing(ppr, line_twips: int | None, before: int = 0, after: int = 0) -> None:
    """Exact line spacing of `line_twips` (None: single spacing, for pictures and large type)."""
    if line_twips is None:
        put(ppr, "spacing", PPR_ORDER, before=before, after=after, line=240, lineRule="auto")
    else:
        put(ppr, "spacing", PPR_ORDER, before=before, after=after, line=line_twips, lineRule="exact")


def set_indent(
    ppr, size_pt: float, first_chars: float = 0, left_chars: float = 0, right_chars: float = 0, hanging_chars: float = 0
) -> None:
    """Indents in characters (Word's *Chars attributes, which follow the font size) plus twips fallbacks."""
    attrs: dict[str, int] = {}
    if left_chars:
        attrs.update(leftChars=round(left_chars * 100), left=chars_twips(left_chars, size_pt))
    if right_chars:
        attrs.update(rightChars=round(right_chars * 100), right=chars_twips(right_chars, size_pt))
    if first_chars:
        attrs.update(firstLineChars=round(first_chars * 100), firstLine=chars_twips(first_chars, size_pt))
    if hanging_chars:
        attrs.update(hangingChars=round(hanging_chars * 100), hanging=chars_twips(hanging_chars, size_pt))
    if not attrs:
        attrs = {"left": 0, "right": 0, "firstLine": 0, "firstLineChars": 0}
    put(ppr, "ind", PPR_ORDER, **attrs)


def border_el(side: str, width_pt: float, color: str = "000000", space_pt: int = 0):
    el = OxmlElement("w:" + side)
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(round(width_pt * BORDER_EIGHTHS)))
    el.set(qn("w:space"), str(space_pt))
    el.set(qn("w:color"), color)
    return el


def set_borders(
    ppr, top: float | None = None, bottom: float | None = None, color: str = "000000", bottom_space_pt: int = 0
) -> None:
    """Paragraph rules (widths in points): the red rule of the head, the lines of 版记."""
    bdr = put(ppr, "pBdr", PPR_ORDER)
    if top:
        bdr.append(border_el("top", top, color, 1))
    if bottom:
        bdr.append(border_el("bottom", bottom, color, bottom_space_pt))


def set_tabs(ppr, *stops: tuple[str, int]) -> None:
    """Tab stops as (alignment, position in twips from the left edge of the text block)."""
    tabs = put(ppr, "tabs", PPR_ORDER)
    for align, pos in stops:
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), align)
        tab.set(qn("w:pos"), str(pos))
        tabs.append(tab)


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


def landscape_section(doc) -> float:
    """Start a landscape section on a new page (annex tables); return its text width in mm."""
    from docx.enum.section import WD_SECTION

    page_setup(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    return text_width_mm(landscape=True)


def annex_title(doc, mark: str, title: str, new_page: bool = False) -> None:
    """「附件1」 on the first line of an annex, its title on the third (§8)."""
    first = para(doc, mark, "附件标识")
    if new_page:
        first.paragraph_format.page_break_before = True
    para(doc)
    para(doc, title, "公文标题")


def run_heading_paragraph(doc, heading: str, text: str, heading_style: str = "段内标题"):
    """A body paragraph that opens with a run-in heading: 「（一）压紧压实工作责任。」 then its text."""
    p = para(doc)
    p.add_run(heading, style=heading_style)
    p.add_run(text)
    return p


def title_block(doc, title: str = "{{ head.title }}", recipients: str | None = "{{ head.recipients }}") -> None:
    """公文标题 (2号小标宋, lines broken by the generator), a blank line, then 主送 when there is one."""
    para(doc, title, "公文标题")
    para(doc)
    if recipients:
        para(doc, recipients, "主送")


def loop_paragraphs(doc, loop: str, text: str = "{{ text }}", style: str = "公文正文") -> None:
    """Body paragraphs repeated for each item of the context list `loop` (「text in overview」)."""
    para(doc, f"{{%p for {loop} %}}")
    para(doc, text, style)
    para(doc, "{%p endfor %}")


# ---------------------------------------------------------------- page set-up


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
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    for attr in list(grid.attrib):
        grid.attrib.pop(attr)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(G.LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(grid_char_space()))


def text_width_mm(landscape: bool = False) -> float:
    page = G.PAGE_HEIGHT_MM if landscape else G.PAGE_WIDTH_MM
    return page - G.MARGIN_LEFT_MM - G.MARGIN_RIGHT_MM


def document_defaults(doc) -> None:
    """docDefaults: body font and size, no theme fonts, Chinese language, no spacing between CJK and digits."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, G.FONT_BODY)
    rpr.get_or_add_sz().val = Pt(G.BODY_SIZE_PT)
    szcs = rpr.find(qn("w:szCs"))
    if szcs is not None:
        szcs.set(qn("w:val"), str(G.BODY_SIZE_PT * 2))
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    put(ppr, "autoSpaceDE", PPR_ORDER, val=0)
    put(ppr, "autoSpaceDN", PPR_ORDER, val=0)
    set_spacing(ppr, G.LINE_PITCH_TWIPS)
    # Word picks theme fonts by this language: Chinese, not Japanese (the python-docx default).
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), G.FONT_BODY)
    normal.font.size = Pt(G.BODY_SIZE_PT)
    props = doc.core_properties
    props.author = props.last_modified_by = ""
    props.comments = "gongwen 模板（GB/T 9704-2012），由 tools/build_templates.py 生成"


def add_style(
    doc,
    name: str,
    style_id: str,
    font: str,
    size_pt: float,
    *,
    align: str = "both",
    first_chars: float = 0,
    left_chars: float = 0,
    right_chars: float = 0,
    hanging_chars: float = 0,
    line_twips: int | None = G.LINE_PITCH_TWIPS,
    color: str | None = None,
    latin: str = G.FONT_LATIN,
    snap: bool = True,
    keep_next: bool = False,
    outline: int | None = None,
    based_on: str = "Normal",
    char: bool = False,
):
    """A paragraph (or character) style named in Chinese, with explicit Latin and East-Asian fonts."""
    style = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER if char else WD_STYLE_TYPE.PARAGRAPH)
    style.element.styleId = style_id
    style.hidden = False
    style.quick_style = True
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, font, latin)
    style.font.size = Pt(size_pt)
    if color:
        style.font.color.rgb = RGBColor.from_string(color)
    if char:
        return style
    style.base_style = doc.styles[based_on]
    style.next_paragraph_style = style
    ppr = style.element.get_or_add_pPr()
    if keep_next:
        put(ppr, "keepNext", PPR_ORDER)
    put(ppr, "widowControl", PPR_ORDER, val=0)
    if not snap:
        put(ppr, "snapToGrid", PPR_ORDER, val=0)
    set_spacing(ppr, line_twips)
    set_indent(ppr, size_pt, first_chars, left_chars, right_chars, hanging_chars)
    put(ppr, "jc", PPR_ORDER, val=align)
    if outline is not None:
        put(ppr, "outlineLvl", PPR_ORDER, val=outline)
    return style


def add_gbt_styles(doc) -> None:
    """The styles every 公文 template shares; a clerk sees them by these names in Word's style list."""
    body = G.BODY_SIZE_PT
    indent = G.FIRST_LINE_INDENT_CHARS
    add_style(doc, "公文正文", "GongwenBody", G.FONT_BODY, body, first_chars=indent)
    add_style(
        doc, "公文标题", "GongwenTitle", G.FONT_TITLE, G.TITLE_SIZE_PT, align="center", snap=False, keep_next=True
    )
    add_style(
        doc, "一级标题", "GongwenLevel1", G.LEVEL_FONTS["一、"], body, first_chars=indent, keep_next=True, outline=0
    )
    add_style(
        doc, "二级标题", "GongwenLevel2", G.LEVEL_FONTS["（一）"], body, first_chars=indent, keep_next=True, outline=1
    )
    add_style(
        doc, "三级标题", "GongwenLevel3", G.LEVEL_FONTS["1."], body, first_chars=indent, keep_next=True, outline=2
    )
    add_style(doc, "段内标题", "GongwenRunHeading", G.LEVEL_FONTS["（一）"], body, char=True)
    add_style(doc, "主送", "GongwenRecipients", G.FONT_BODY, body)
    # 署名 and 成文日期 share one centre tab, so the 署名 is centred over the date, which ends about
    # four characters from the right edge (§7.3.5.1).
    centre = mm_twips(G.TEXT_WIDTH_MM) - round((G.DATE_RIGHT_CHARS + G.DATE_WIDTH_CHARS / 2) * char_pitch_pt() * 20)
    for name, style_id in (("署名", "GongwenSignature"), ("成文日期", "GongwenDate")):
        style = add_style(doc, name, style_id, G.FONT_BODY, body, align="left")
        set_tabs(style.element.get_or_add_pPr(), ("center", centre))
    # 附件说明: 「附件：1.名称」, names aligned under each other by a tab, wrapped lines aligned to the name.
    name_at = G.FIRST_LINE_INDENT_CHARS + len("附件：") + G.ATTACHMENT_NUMBER_CHARS
    for name, style_id, start in (
        ("附件说明", "GongwenAttachments", G.FIRST_LINE_INDENT_CHARS),
        ("附件说明续行", "GongwenAttachmentsMore", G.FIRST_LINE_INDENT_CHARS + len("附件：")),
    ):
        style = add_style(doc, name, style_id, G.FONT_BODY, body, left_chars=name_at, hanging_chars=name_at - start)
        set_tabs(style.element.get_or_add_pPr(), ("left", chars_twips(name_at, body)))
    add_style(doc, "附件标识", "GongwenAnnexMark", G.FONT_LEVEL1, body, align="left")
    table_line = twips(G.TABLE_SIZE_PT * G.TABLE_LINE_RATIO)
    add_style(
        doc,
        "表格文字",
        "GongwenTableText",
        G.FONT_BODY,
        G.TABLE_SIZE_PT,
        align="center",
        snap=False,
        line_twips=table_line,
    )
    add_style(
        doc,
        "表头",
        "GongwenTableHead",
        G.FONT_LEVEL1,
        G.TABLE_SIZE_PT,
        align="center",
        snap=False,
        line_twips=table_line,
    )
    add_style(
        doc, "表注", "GongwenTableNote", G.FONT_BODY, G.TABLE_SIZE_PT, align="left", snap=False, line_twips=table_line
    )
    add_style(doc, "图", "GongwenFigure", G.FONT_BODY, body, align="center", snap=False, line_twips=None)
    add_style(
        doc,
        "发文机关标志",
        "GongwenOrganMark",
        G.FONT_TITLE,
        G.ORGAN_MARK_SIZE_PT,
        align="center",
        color=G.RED,
        snap=False,
        line_twips=None,
    )
    number = add_style(doc, "发文字号", "GongwenDocNumber", G.FONT_BODY, body, align="center")
    set_borders(
        number.element.get_or_add_pPr(),
        bottom=G.RED_RULE_PT,
        color=G.RED,
        bottom_space_pt=round(G.DOC_NUMBER_RULE_GAP_MM * PT_PER_MM),
    )
    add_style(
        doc,
        "页码",
        "GongwenPageNumber",
        G.FONT_PAGE_NUMBER,
        G.PAGE_NUMBER_SIZE_PT,
        latin=G.FONT_PAGE_NUMBER,
        snap=False,
        line_twips=None,
        align="right",
    )
    add_style(
        doc,
        "版记",
        "GongwenBanji",
        G.FONT_BODY,
        G.BANJI_SIZE_PT,
        snap=False,
        line_twips=None,
        left_chars=1 + len("抄送："),
        hanging_chars=len("抄送："),
        right_chars=1,
    )
    printed = add_style(
        doc,
        "印发",
        "GongwenPrinted",
        G.FONT_BODY,
        G.BANJI_SIZE_PT,
        snap=False,
        line_twips=None,
        left_chars=1,
        right_chars=1,
        align="left",
    )
    width = G.TEXT_WIDTH_MM  # the 版记 is on a portrait page
    set_tabs(printed.element.get_or_add_pPr(), ("right", mm_twips(width) - chars_twips(1, G.BANJI_SIZE_PT)))


# ---------------------------------------------------------------- paragraphs


def para(container, text: str = "", style: str = "公文正文"):
    """A paragraph; a tab in `text` becomes a real tab."""
    return container.add_paragraph(text, style=style)


def field_runs(paragraph, instruction: str, shown: str) -> None:
    """A complex field (begin / instruction / separate / result / end): Word and LibreOffice update it."""

    def run_with(child):
        r = paragraph.add_run()
        r._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def page_number_footers(doc, section) -> None:
    """「— 1 —」 in 4号宋体: odd pages right, even pages left, one character in (§7.5)."""
    doc.settings.odd_and_even_pages_header_footer = True
    before, after = G.PAGE_NUMBER_FORMAT.split("{}")
    size = G.PAGE_NUMBER_SIZE_PT
    for footer, align, side in ((section.footer, "right", "right"), (section.even_page_footer, "left", "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = doc.styles["页码"]
        ppr = p._p.get_or_add_pPr()
        put(ppr, "jc", PPR_ORDER, val=align)
        set_indent(ppr, size, **{f"{side}_chars": G.PAGE_NUMBER_INDENT_CHARS})
        p.add_run(before)
        field_runs(p, "PAGE", "1")
        p.add_run(after)


def red_head(doc, organ_mark: str = "{{ head.organ_mark }}", doc_number: str = "{{ head.doc_number }}") -> None:
    """版头: red 发文机关标志, two lines, 发文字号 over the red rule, two lines (§7.2)."""
    para(doc, organ_mark, "发文机关标志")
    para(doc)
    para(doc, doc_number, "发文字号")
    para(doc)
    para(doc)


def keep_with_next(paragraph) -> None:
    """The paragraph stays on the page of the one after it (w:keepNext)."""
    put(paragraph._p.get_or_add_pPr(), "keepNext", PPR_ORDER)


def _keep_last_body_line(doc) -> None:
    """The last body paragraph before the closing (附件说明, 署名) keeps with it, so its last lines come
    along to the signature's page (GB/T 9704 §7.3.5: the signature never stands alone on a page).
    Template control paragraphs ({%p … %}) vanish on rendering and are passed over."""
    for p in reversed(doc.paragraphs):
        text = p.text.strip()
        if text.startswith("{%p") and text.endswith("%}"):
            continue
        if text:
            keep_with_next(p)
            return


def report_head(
    doc,
    organ_mark: str = "{{ head.organ_mark }}",
    doc_number: str = "{{ head.doc_number }}",
    issuer: str = "{{ head.issuer }}",
) -> None:
    """上行文版头 (§7.2.4): the red mark, then 发文字号 one character in from the left and 「签发人：」 with the
    name (楷体) one character in from the right, on one line over the red rule."""
    para(doc, organ_mark, "发文机关标志")
    para(doc)
    # A full-width space and a tab, not indents, keep the ends one character in: a paragraph border spans
    # between the indents, and the red rule under this line must be as wide as the text block.
    line = para(doc, "\u3000" + doc_number + "\t签发人：", "发文字号")
    ppr = line._p.get_or_add_pPr()
    set_tabs(ppr, ("right", mm_twips(G.TEXT_WIDTH_MM) - chars_twips(1)))
    set_indent(ppr, G.BODY_SIZE_PT)
    put(ppr, "jc", PPR_ORDER, val="left")
    name = line.add_run(issuer)
    set_fonts(name._r.get_or_add_rPr(), G.FONT_LEVEL2)
    para(doc)
    para(doc)


def lead_style(doc, name: str = "段落引语"):
    """A bold 仿宋 character style for the lead sentence that opens a paragraph: 「高位推动抓落实。」."""
    if name in [s.name for s in doc.styles]:
        return doc.styles[name]
    style = add_style(doc, name, "GongwenLead", G.FONT_BODY, G.BODY_SIZE_PT, char=True)
    style.font.bold = True
    return style


def signature_block(doc, signature: str = "{{ head.signature }}", date: str = "{{ head.date }}") -> None:
    """Two blank lines, 署名 and 成文日期, kept together and with the last lines of the body before them."""
    _keep_last_body_line(doc)
    for p in (para(doc), para(doc), para(doc, "\t" + signature, "署名")):
        keep_with_next(p)
    para(doc, "\t" + date, "成文日期")


def attachment_notes(doc, names: str = "head.attachments") -> None:
    """附件说明: one attachment 「附件：名称」; several 「附件：1.名称」 and 「2.名称」 aligned under it.

    Every line keeps with the next, so the notes, the signature and the date stay on one page."""
    _keep_last_body_line(doc)
    keep = [
        para(doc, f"{{%p if {names}|length == 1 %}}"),
        para(doc),
        para(doc, f"附件：\t{{{{ {names}[0] }}}}", "附件说明"),
        para(doc, f"{{%p elif {names} %}}"),
        para(doc),
        para(doc, f"附件：1.\t{{{{ {names}[0] }}}}", "附件说明"),
        para(doc, f"{{%p for name in {names}[1:] %}}"),
        para(doc, "{{ loop.index + 1 }}.\t{{ name }}", "附件说明续行"),
    ]
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    for p in keep:
        keep_with_next(p)


def banji(
    doc,
    width_mm: float | None = None,
    cc: str = "head.cc",
    printer: str = "{{ head.printer }}",
    print_date: str = "{{ head.print_date }}",
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
        container = _foot_cell(doc)
    lines = [
        para(container, f"{{%p if {cc} %}}"),
        para(container, f"抄送：{{{{ {cc} }}}}", "版记"),
        para(container, f"{printer}\t{print_date}印发", "印发"),
        para(container, "{%p else %}"),
        para(container, f"{printer}\t{print_date}印发", "印发"),
        para(container, "{%p endif %}"),
    ]
    set_borders(lines[1]._p.get_or_add_pPr(), top=thick, bottom=thin)
    set_borders(lines[2]._p.get_or_add_pPr(), bottom=thick)
    set_borders(lines[4]._p.get_or_add_pPr(), top=thick, bottom=thick)
    if not own_page:
        anchor = para(doc)
        bottom_text_box(anchor, width_mm or text_width_mm(), "版记", [line._p for line in lines])


# The page's last paragraph (a document cannot end on a table): 1 pt tall, so the cell above it
# fills the text block but for it and a little slack for the readers' rounding.
END_LINE_PT = 1
FOOT_SLACK_PT = 3


def _foot_cell(doc):
    """A borderless one-cell table filling the text block, its content at the bottom; returns the cell."""
    from docx.oxml import OxmlElement as El

    table = doc.add_table(rows=1, cols=1)
    tblpr = table._tbl.tblPr
    style = tblpr.find(qn("w:tblStyle"))
    if style is not None:
        tblpr.remove(style)
    put(tblpr, "tblW", TBLPR_ORDER, w=mm_twips(G.TEXT_WIDTH_MM), type="dxa")
    put(tblpr, "jc", TBLPR_ORDER, val="center")
    borders = put(tblpr, "tblBorders", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = border_el(side, 0)
        el.set(qn("w:val"), "nil")
        borders.append(el)
    put(tblpr, "tblLayout", TBLPR_ORDER, type="fixed")
    margins = put(tblpr, "tblCellMar", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right"):
        el = El("w:" + side)
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblGrid.findall(qn("w:gridCol"))[0].set(qn("w:w"), str(mm_twips(G.TEXT_WIDTH_MM)))
    height = El("w:trHeight")
    height.set(qn("w:val"), str(mm_twips(G.TEXT_HEIGHT_MM) - twips(END_LINE_PT + FOOT_SLACK_PT)))
    height.set(qn("w:hRule"), "exact")
    table.rows[0]._tr.get_or_add_trPr().append(height)
    cell = table.rows[0].cells[0]
    tcpr = cell._tc.get_or_add_tcPr()
    width = tcpr.find(qn("w:tcW"))
    if width is not None:
        tcpr.remove(width)
    put(tcpr, "vAlign", TCPR_ORDER, val="bottom")
    cell._tc.remove(cell.paragraphs[0]._p)  # the cell holds the 版记 lines only
    end = para(doc, style="版记")
    ppr = end._p.get_or_add_pPr()
    set_spacing(ppr, twips(END_LINE_PT))
    return cell


def last_portrait_section(doc) -> None:
    """Start the 版记 page: a portrait section on the next even page, its text at the page bottom (for
    readers that honour w:vAlign).

    Its footers are the document's: §7.5 drops the page number from the 版记 page only when a blank
    page precedes it, which only the layout knows (LibreOffice leaves its inserted blank page bare)."""
    from docx.enum.section import WD_SECTION

    section = doc.add_section(WD_SECTION.EVEN_PAGE)
    page_setup(section)
    put(section._sectPr, "vAlign", SECTPR_ORDER, val="bottom")


def bottom_text_box(paragraph, width_mm: float, name: str, content: list) -> None:
    """A borderless, auto-growing text box anchored to the bottom of the text block, holding `content`."""
    text_box(
        paragraph,
        width_mm,
        name,
        content,
        horizontal=("margin", "center", None),
        vertical=("margin", "bottom", None),
        height_pt=G.BANJI_SIZE_PT * 4,
    )


def page_text_box(
    paragraph, width_mm: float, name: str, top_mm: float, height_pt: float, box_id: int, content: list
) -> None:
    """A borderless text box centred on the page, its top `top_mm` below the page's top edge.

    Placed on the page rather than in the text flow, so it lands where GB/T 9704 measures from the
    page edges (the 信函格式 head and rules) and takes no room from the text.
    """
    text_box(
        paragraph,
        width_mm,
        name,
        content,
        horizontal=("page", "center", None),
        vertical=("page", None, top_mm),
        height_pt=height_pt,
        wrap="none",
        box_id=box_id,
        anchor="t",
    )


def text_box(
    paragraph,
    width_mm: float,
    name: str,
    content: list,
    horizontal: tuple[str, str | None, float | None],
    vertical: tuple[str, str | None, float | None],
    height_pt: float,
    wrap: str = "topAndBottom",
    box_id: int = 900,
    anchor: str = "b",
) -> None:
    """A borderless, auto-growing text box holding the w:p elements `content`, written as Word writes it:
    mc:AlternateContent with the DrawingML shape (wps) as the choice and a VML shape as the fallback
    that older Word, WPS and OA previewers read. Positions are (relative to, align, offset in mm)."""
    import copy

    from docx.oxml import parse_xml

    ns = " ".join(f'xmlns:{p}="{NS[p]}"' for p in ("w", "wp", "a", "wps", "mc", "v", "o", "w10"))
    cx, cy = emu(width_mm), round(height_pt * EMU_PER_PT)  # a first guess: the box grows to its text

    def position(axis: str, spec) -> str:
        relative, align, offset_mm = spec
        where = f"<wp:align>{align}</wp:align>" if align else f"<wp:posOffset>{emu(offset_mm)}</wp:posOffset>"
        return f'<wp:position{axis} relativeFrom="{relative}">{where}</wp:position{axis}>'

    def vml_position(axis: str, spec) -> str:
        relative, align, offset_mm = spec
        edge = "margin-left" if axis == "horizontal" else "margin-top"
        placed = f"mso-position-{axis}:{align}" if align else f"{edge}:{offset_mm:.2f}mm"
        return f"{placed};mso-position-{axis}-relative:{relative}"

    vml_anchor = {"t": "top", "b": "bottom", "ctr": "middle"}[anchor]
    style = ";".join(
        [
            "position:absolute",
            vml_position("horizontal", horizontal),
            vml_position("vertical", vertical),
            f"width:{width_mm:.2f}mm",
            f"height:{height_pt:.2f}pt",
            "z-index:251659264",
            "mso-wrap-style:square",
            f"v-text-anchor:{vml_anchor}",
        ]
    )
    xml = f"""
<mc:AlternateContent {ns}>
  <mc:Choice Requires="wps">
    <w:drawing>
      <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264"
                 behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0">
        <wp:simplePos x="0" y="0"/>
        {position("H", horizontal)}
        {position("V", vertical)}
        <wp:extent cx="{cx}" cy="{cy}"/>
        <wp:effectExtent l="0" t="0" r="0" b="0"/>
        <wp:wrap{"None" if wrap == "none" else "TopAndBottom"}/>
        <wp:docPr id="{box_id}" name="{name}"/>
        <wp:cNvGraphicFramePr/>
        <a:graphic>
          <a:graphicData uri="{NS["wps"]}">
            <wps:wsp>
              <wps:cNvSpPr txBox="1"/>
              <wps:spPr>
                <a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
                <a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
                <a:noFill/>
                <a:ln><a:noFill/></a:ln>
              </wps:spPr>
              <wps:txbx><w:txbxContent/></wps:txbx>
              <wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="{anchor}">
                <a:spAutoFit/>
              </wps:bodyPr>
            </wps:wsp>
          </a:graphicData>
        </a:graphic>
      </wp:anchor>
    </w:drawing>
  </mc:Choice>
  <mc:Fallback>
    <w:pict>
      <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">
        <v:stroke joinstyle="miter"/>
        <v:path gradientshapeok="t" o:connecttype="rect"/>
      </v:shapetype>
      <v:shape id="{name}" o:spid="_x0000_s{box_id}" type="#_x0000_t202" style="{style}"
               filled="f" stroked="f">
        <v:textbox inset="0,0,0,0" style="mso-fit-shape-to-text:t"><w:txbxContent/></v:textbox>
        <w10:wrap type="{wrap}"/>
      </v:shape>
    </w:pict>
  </mc:Fallback>
</mc:AlternateContent>"""
    alternate = parse_xml(xml)
    choice, fallback = alternate.iter(qn("w:txbxContent"))
    for p in content:
        fallback.append(copy.deepcopy(p))
        choice.append(p)
    paragraph.add_run()._r.append(alternate)


# ---------------------------------------------------------------- tables


def _table_props(table, width_mm: float) -> None:
    """Full text width, centred, single rules, header row repeated on each page, cells centred vertically."""
    tblpr = table._tbl.tblPr
    put(tblpr, "tblW", TBLPR_ORDER, w=5000, type="pct")
    put(tblpr, "jc", TBLPR_ORDER, val="center")
    borders = put(tblpr, "tblBorders", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(border_el(side, 0.5))
    put(tblpr, "tblLayout", TBLPR_ORDER, type="autofit")
    style = tblpr.find(qn("w:tblStyle"))
    if style is not None:
        tblpr.remove(style)
    # Equal grid columns across the block; docxtpl rescales them when a {%tc %} loop adds columns.
    cols = table._tbl.tblGrid.findall(qn("w:gridCol"))
    for col in cols:
        col.set(qn("w:w"), str(mm_twips(width_mm) // len(cols)))
    for row in table.rows:
        for cell in row.cells:
            tcpr = cell._tc.get_or_add_tcPr()
            width = tcpr.find(qn("w:tcW"))
            if width is not None:  # cell widths would be repeated by column loops; let the grid decide
                tcpr.remove(width)
            put(tcpr, "vAlign", TCPR_ORDER, val="center")
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))


def _fill(row, texts, style):
    for cell, text in zip(row.cells, texts):
        p = cell.paragraphs[0]
        p.style = style
        if text:
            p.add_run(text)


def loop_table(doc, width_mm: float, header: list[str], loop: str, cells: list[str]):
    """A table whose body rows repeat with {%tr for … %}; `cells` may hold {%tc %} column-loop cells."""
    table = doc.add_table(rows=4, cols=len(header))
    _table_props(table, width_mm)
    _fill(table.rows[0], header, "表头")
    _fill(table.rows[1], [f"{{%tr for {loop} %}}"] + [""] * (len(header) - 1), "表格文字")
    _fill(table.rows[2], cells, "表格文字")
    _fill(table.rows[3], ["{%tr endfor %}"] + [""] * (len(header) - 1), "表格文字")
    return table


def column_loop(item: str, items: str, body: str) -> list[str]:
    """The three cells of a docxtpl column loop: {%tc for %} | body | {%tc endfor %} (each tag takes a cell)."""
    return [f"{{%tc for {item} in {items} %}}", body, "{%tc endfor %}"]


# ---------------------------------------------------------------- 信函格式


def column_widths(table, width_mm: float, weights: list[int]) -> None:
    """Grid columns in proportion to `weights` (loop_table makes them equal), with narrow cell margins."""
    margins = put(table._tbl.tblPr, "tblCellMar", TBLPR_ORDER)
    for side in ("left", "right"):
        el = OxmlElement("w:" + side)
        el.set(qn("w:w"), str(mm_twips(G.LETTER_CELL_MARGIN_MM)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    cols = table._tbl.tblGrid.findall(qn("w:gridCol"))
    total = mm_twips(width_mm)
    for col, weight in zip(cols, weights):
        col.set(qn("w:w"), str(total * weight // sum(weights)))


def double_rule(ppr, side: str, kind: str) -> None:
    """A red double rule as a paragraph border on `side` (top or bottom), `kind` a compound w:val."""
    bdr = put(ppr, "pBdr", PPR_ORDER)
    el = border_el(side, G.LETTER_RULE_PT, G.RED)
    el.set(qn("w:val"), kind)
    bdr.append(el)


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
    mark = para(doc, "{{ head.organ_mark }}", "发文机关标志")
    ppr = mark._p.get_or_add_pPr()
    # Exact spacing as tall as the type: the top of the characters is the top of the box.
    set_spacing(ppr, twips(mark_pt))
    double_rule(ppr, "bottom", G.LETTER_RULE)
    ppr.find(qn("w:pBdr"))[0].set(qn("w:space"), str(round(gap_pt)))
    page_text_box(
        anchor,
        G.LETTER_RULE_LENGTH_MM,
        "信函版头",
        G.LETTER_MARK_TOP_MM,
        mark_pt + gap_pt + G.LETTER_RULE_PT,
        box_id=901,
        content=[mark._p],
    )
    below_margin_pt = (G.LETTER_MARK_TOP_MM - G.MARGIN_TOP_MM) * PT_PER_MM + mark_pt + gap_pt + G.LETTER_RULE_PT
    set_spacing(anchor._p.get_or_add_pPr(), twips(below_margin_pt + G.LETTER_NUMBER_GAP_PT))
    para(doc, "{{ head.doc_number }}", "信函发文字号")


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
    ppr = rule._p.get_or_add_pPr()
    set_spacing(ppr, twips(1))  # the line under the rule is 1 pt tall: the box is the rule
    double_rule(ppr, "top", G.LETTER_RULE)
    page_text_box(
        anchor, G.LETTER_RULE_LENGTH_MM, "信函下双线", top_mm, G.LETTER_RULE_PT + 1, box_id=902, content=[rule._p]
    )
