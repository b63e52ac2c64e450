"""The styles every 公文 template shares, named in Chinese as a clerk sees them in Word's style list,
and the document defaults under them (body font and size, Chinese language, the grid's line pitch)."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor

from generators.word import gbt9704 as G
from generators.word.ooxml import (
    PPR_ORDER,
    PT_PER_MM,
    RPR_ORDER,
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
from generators.word.page import char_pitch_pt, char_spacing_twips


def document_defaults(doc) -> None:
    """docDefaults: body font, size and character spacing, no theme fonts, Chinese language, punctuation kept inside the line."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, G.FONT_BODY, G.FONT_LATIN)
    rpr.get_or_add_sz().val = Pt(G.BODY_SIZE_PT)
    put(rpr, "spacing", RPR_ORDER, val=char_spacing_twips())  # 28 characters a line, in every reader
    szcs = rpr.find(qn("w:szCs"))
    if szcs is not None:
        szcs.set(qn("w:val"), str(G.BODY_SIZE_PT * 2))
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    # Hanging punctuation stays Word's default (on). LibreOffice reads w:overflowPunct inverted (hanging
    # when val is 0) and, hanging in a justified line, does not print the mark; written as 1 it keeps
    # every mark inside the line. Word reads 1 as its default.
    put(ppr, "overflowPunct", PPR_ORDER, val=1)
    # The gap between Chinese and digits or Latin letters (w:autoSpaceDE/DN) stays on, Word's default:
    # LibreOffice ignores the setting and always sets it, so off would make Word's lines differ.
    set_spacing(ppr, G.LINE_PITCH_TWIPS)
    # Word picks theme fonts by this language: Chinese, not Japanese (the python-docx default).
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), G.FONT_BODY, G.FONT_LATIN)
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
    # No paragraph leaves a single line at the foot or the head of a page (widow and orphan control).
    put(ppr, "widowControl", PPR_ORDER)
    if not snap:  # off the grid: titles, tables, page numbers, 版记 keep their type's full width
        put(ppr, "snapToGrid", PPR_ORDER, val=0)
        put(rpr, "spacing", RPR_ORDER, val=0)
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
    for name, style_id, font, align in (
        ("表格文字", "GongwenTableText", G.FONT_BODY, "center"),
        ("表头", "GongwenTableHead", G.FONT_LEVEL1, "center"),
        ("表注", "GongwenTableNote", G.FONT_BODY, "left"),
    ):
        add_style(doc, name, style_id, font, G.TABLE_SIZE_PT, align=align, snap=False, line_twips=table_line)
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
    banji_style(doc)


def banji_style(doc) -> None:
    """版记 (4号仿宋, 抄送 wrapped under its names) and 印发 (the organ left, the date right, one character in)."""
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


def lead_style(doc, name: str = "段落引语"):
    """A bold 仿宋 character style for the lead sentence that opens a paragraph: 「高位推动抓落实。」."""
    if name in [s.name for s in doc.styles]:
        return doc.styles[name]
    style = add_style(doc, name, "GongwenLead", G.FONT_BODY, G.BODY_SIZE_PT, char=True)
    style.font.bold = True
    return style
