"""templates/bulletin.docx follows GB/T 9704 as written in generators/gbt9704.py."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from generators import KINDS
from generators.word import gbt9704 as G
from templates import template_path

ROOT = Path(__file__).resolve().parent.parent
BULLETIN = ROOT / "templates" / "bulletin.docx"
MM_PER_PT = 25.4 / 72


@pytest.fixture(scope="module")
def doc():
    return docx.Document(BULLETIN)


def w(el, attr):
    return el.get(qn("w:" + attr))


def style_ppr(doc, name, tag):
    return doc.styles[name].element.find(f"{qn('w:pPr')}/{qn('w:' + tag)}")


def _templates():
    import importlib

    for kind in KINDS:
        module = importlib.import_module(f"generators.{kind}")
        for name, options in {kind: {}, **getattr(module, "VARIANTS", {})}.items():
            yield pytest.param(module, name, options, id=name)


@pytest.mark.parametrize(("module", "name", "options"), list(_templates()))
def test_the_builder_reproduces_the_committed_template(module, name, options):
    # Templates are generated from each kind's layout(): rebuilding must give the committed bytes.
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from build_templates import template

    assert template(module, name, options) == template_path(name).read_bytes()


def test_portrait_page_and_margins(doc):
    s = doc.sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT
    for value, expected in [
        (s.page_width, G.PAGE_WIDTH_MM),
        (s.page_height, G.PAGE_HEIGHT_MM),
        (s.top_margin, G.MARGIN_TOP_MM),
        (s.bottom_margin, G.MARGIN_BOTTOM_MM),
        (s.left_margin, G.MARGIN_LEFT_MM),
        (s.right_margin, G.MARGIN_RIGHT_MM),
        (s.footer_distance, G.FOOTER_DISTANCE_MM),
    ]:
        assert value.mm == pytest.approx(expected, abs=0.1)
    text_width = s.page_width.mm - s.left_margin.mm - s.right_margin.mm
    assert text_width == pytest.approx(G.TEXT_WIDTH_MM, abs=0.1)


def test_line_grid_and_spacing_give_22_lines_of_28_characters(doc):
    # The line grid only (LibreOffice lays Word's character grid out at half density); the characters
    # are condensed in the document defaults so that 28 fit the text block and 29 do not, in whole twips.
    for section in doc.sections:
        grid = section._sectPr.find(qn("w:docGrid"))
        assert w(grid, "type") == "lines" and w(grid, "charSpace") is None
        assert int(w(grid, "linePitch")) == G.LINE_PITCH_TWIPS
    defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    pitch_pt = int(w(defaults.find(qn("w:sz")), "val")) / 2 + int(w(defaults.find(qn("w:spacing")), "val")) / 20
    width_pt = G.TEXT_WIDTH_MM / MM_PER_PT
    assert G.CHARS_PER_LINE * pitch_pt <= width_pt < (G.CHARS_PER_LINE + 1) * pitch_pt
    assert G.BODY_SIZE_PT - pitch_pt >= 0.21  # 28 × 16 pt = 448 pt would not fit 442.2 pt
    assert pytest.approx(G.TEXT_HEIGHT_MM, abs=1) == G.LINE_PITCH_PT * G.LINES_PER_PAGE * MM_PER_PT


def test_type_off_the_grid_is_not_condensed(doc):
    for name in ("公文标题", "表格文字", "表头", "页码", "版记", "印发", "发文机关标志"):
        spacing = doc.styles[name].element.find(f"{qn('w:rPr')}/{qn('w:spacing')}")
        assert w(spacing, "val") == "0", name


def test_annexes_are_a_landscape_section_with_the_same_margins(doc):
    assert len(doc.sections) == 3  # body, landscape annexes, the 版记 page
    s = doc.sections[1]
    assert s.orientation == WD_ORIENT.LANDSCAPE
    assert s.page_width.mm == pytest.approx(G.PAGE_HEIGHT_MM, abs=0.1)
    assert s.page_height.mm == pytest.approx(G.PAGE_WIDTH_MM, abs=0.1)
    assert s.top_margin.mm == pytest.approx(G.MARGIN_TOP_MM, abs=0.1)
    assert s.left_margin.mm == pytest.approx(G.MARGIN_LEFT_MM, abs=0.1)
    assert s.footer.is_linked_to_previous  # the page numbers continue
    assert s.start_type == docx.enum.section.WD_SECTION.NEW_PAGE
    last = doc.sections[2]
    assert last.orientation == WD_ORIENT.PORTRAIT and last.page_width < last.page_height
    assert last.start_type == docx.enum.section.WD_SECTION.EVEN_PAGE
    # footers of its own, which gen pdf empties when a blank page precedes the 版记 page (GB/T 9704 §7.5)
    assert not last.footer.is_linked_to_previous and not last.even_page_footer.is_linked_to_previous


def test_default_fonts_are_explicit_not_theme(doc):
    rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.find(qn("w:rFonts"))
    assert w(fonts, "eastAsia") == G.FONT_BODY and w(fonts, "ascii") == G.FONT_LATIN
    assert not any("Theme" in a or "theme" in a for a in fonts.attrib)
    assert w(rpr.find(qn("w:sz")), "val") == str(G.BODY_SIZE_PT * 2)


STYLES = {  # name: (East-Asian font, size in pt)
    "公文正文": (G.FONT_BODY, G.BODY_SIZE_PT),
    "公文标题": (G.FONT_TITLE, G.TITLE_SIZE_PT),
    "一级标题": (G.FONT_LEVEL1, G.BODY_SIZE_PT),
    "二级标题": (G.FONT_LEVEL2, G.BODY_SIZE_PT),
    "三级标题": (G.FONT_LEVEL3, G.BODY_SIZE_PT),
    "主送": (G.FONT_BODY, G.BODY_SIZE_PT),
    "署名": (G.FONT_BODY, G.BODY_SIZE_PT),
    "成文日期": (G.FONT_BODY, G.BODY_SIZE_PT),
    "附件说明": (G.FONT_BODY, G.BODY_SIZE_PT),
    "表格文字": (G.FONT_BODY, G.TABLE_SIZE_PT),
    "发文机关标志": (G.FONT_TITLE, G.ORGAN_MARK_SIZE_PT),
    "发文字号": (G.FONT_BODY, G.BODY_SIZE_PT),
    "页码": (G.FONT_PAGE_NUMBER, G.PAGE_NUMBER_SIZE_PT),
    "版记": (G.FONT_BODY, G.SIZE_4HAO),
    "图": (G.FONT_BODY, G.BODY_SIZE_PT),
}


@pytest.mark.parametrize("name", list(STYLES))
def test_style_fonts_and_sizes(doc, name):
    style = doc.styles[name]
    east_asia, size = STYLES[name]
    fonts = style.element.rPr.find(qn("w:rFonts"))
    assert w(fonts, "eastAsia") == east_asia
    assert w(fonts, "ascii") in (G.FONT_LATIN, G.FONT_PAGE_NUMBER) and w(fonts, "hAnsi") == w(fonts, "ascii")
    assert style.font.size.pt == size


def test_body_spacing_and_indents(doc):
    for name in ("公文正文", "一级标题", "二级标题", "三级标题"):
        spacing = style_ppr(doc, name, "spacing")
        assert (w(spacing, "line"), w(spacing, "lineRule")) == (str(G.LINE_PITCH_TWIPS), "exact")
        ind = style_ppr(doc, name, "ind")
        assert w(ind, "firstLineChars") == str(G.FIRST_LINE_INDENT_CHARS * 100)
        assert int(w(ind, "firstLine")) == G.FIRST_LINE_INDENT_CHARS * G.BODY_SIZE_PT * 20
    assert w(style_ppr(doc, "公文标题", "jc"), "val") == "center"
    assert w(style_ppr(doc, "表格文字", "jc"), "val") == "center"
    # Pictures need single spacing: exact spacing would clip them to one line.
    assert w(style_ppr(doc, "图", "spacing"), "lineRule") == "auto"


def test_red_head(doc):
    assert str(doc.styles["发文机关标志"].font.color.rgb) == G.RED
    rule = style_ppr(doc, "发文字号", "pBdr").find(qn("w:bottom"))
    assert w(rule, "color") == G.RED and w(rule, "val") == "single"
    assert int(w(rule, "sz")) / 8 == pytest.approx(2.25)
    texts = [p.text for p in doc.paragraphs[:4]]
    assert texts[0] == "{{ head.organ_mark }}" and "{{ head.doc_number }}" in texts


def test_page_numbers_odd_right_even_left(doc):
    settings = doc.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = doc.sections[0]
    for footer, align, side in ((section.footer, "right", "right"), (section.even_page_footer, "left", "left")):
        xml = footer._element.xml
        assert "PAGE" in "".join(t.text for t in footer._element.iter(qn("w:instrText")))
        assert footer._element.find(".//" + qn("w:fldChar")) is not None
        text = "".join(t.text or "" for t in footer._element.iter(qn("w:t")))
        before, after = G.PAGE_NUMBER_FORMAT.split("{}")
        assert text == before + "1" + after and "—" in text
        p = footer.paragraphs[0]
        assert p.style.name == "页码"
        assert w(p._p.pPr.find(qn("w:jc")), "val") == align
        ind = p._p.pPr.find(qn("w:ind"))
        assert w(ind, f"{side}Chars") == str(G.PAGE_NUMBER_INDENT_CHARS * 100)
        assert "w:fldChar" in xml


def test_docxtpl_tags_in_place(doc):
    xml = doc.element.xml
    for tag in [
        "{%p for text in overview %}",
        "{%tr for row in ranking.rows %}",
        "{%p if item.chart %}",
        "{%tc for name in annex.score_columns %}",
        "{%tc for score in row.scores %}",
        "{%tr for row in annex.detail_rows %}",
        "{{ problems.bottom_names }}",
        "{{ problems.lagging }}",
        "{%p if problems.reporting %}",
        "{%p if head.cc %}",
        "{{ head.cc }}",
    ]:
        assert tag in xml, tag
