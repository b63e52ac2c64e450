"""`gen check`: a correct 公文 built here passes every rule; documents broken on purpose, one rule
each, fail that rule only, at the right place; unreadable files exit with status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from cli import main
from generators.check import FAIL, NA, PASS, check_file
from generators.check.rules import RULES
from generators.word import gbt9704 as G
from generators.word.ooxml import PT_PER_MM

# ---------------------------------------------------------------- a small 公文 builder (python-docx + a little oxml)


def fonts(rpr, east_asia: str | None, theme: str | None = None) -> None:
    """Explicit fonts (or, to break the rule, an East-Asian theme font) on a w:rPr."""
    el = rpr.get_or_add_rFonts()
    for attr in list(el.attrib):
        del el.attrib[attr]
    el.set(qn("w:ascii"), G.FONT_LATIN)
    el.set(qn("w:hAnsi"), G.FONT_LATIN)
    if theme:
        el.set(qn("w:eastAsiaTheme"), theme)
    if east_asia:
        el.set(qn("w:eastAsia"), east_asia)


def child(parent, tag: str, **attrs):
    el = OxmlElement("w:" + tag)
    for key, value in attrs.items():
        el.set(qn("w:" + key), str(value))
    parent.append(el)
    return el


def border(paragraph, side: str, val: str = "single", color: str = "000000", sz: int = 8) -> None:
    """A paragraph rule; w:sz is in eighths of a point (8: 1 pt, about the 版记's 0.35 mm)."""
    ppr = paragraph._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        ppr.insert(0, bdr)  # right after pStyle would be the schema's place; Word and the checker accept this
    child(bdr, side, val=val, sz=sz, space=1, color=color)


def add_style(doc, name, font, size, align=None, color=None, char=False, based_on="Normal", latin=None):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER if char else WD_STYLE_TYPE.PARAGRAPH)
    if font:
        fonts(style.element.get_or_add_rPr(), font)
    if latin:  # the digits' font (w:ascii): a page number's 「1」 is 宋体 too
        for attr in ("ascii", "hAnsi"):
            style.element.get_or_add_rPr().get_or_add_rFonts().set(qn(f"w:{attr}"), latin)
    if size:
        style.font.size = Pt(size)
    if color:
        style.font.color.rgb = RGBColor.from_string(color)
    if not char:
        style.base_style = doc.styles[based_on]
        if align:
            style.paragraph_format.alignment = align
    return style


def page_field(paragraph) -> None:
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("result", "1"), ("end", None)):
        run = paragraph.add_run(text if kind == "result" else None)
        if kind == "instr":
            child(run._r, "instrText").text = text
        elif kind != "result":
            child(run._r, "fldChar", fldCharType=kind)


def footer(doc, part, align: str, side: str, dash: bool) -> None:
    part.is_linked_to_previous = False
    p = part.paragraphs[0]
    p.style = doc.styles["页码"]
    ppr = p._p.get_or_add_pPr()
    child(ppr, "ind", **{f"{side}Chars": 100, side: round(G.PAGE_NUMBER_SIZE_PT * 20)})
    child(ppr, "jc", val=align)
    p.add_run("— " if dash else "")
    page_field(p)
    p.add_run(" —" if dash else "")


def build(
    path: Path,
    *,
    number="测试办发〔2022〕5号",
    date="2022年12月5日",
    letter=False,
    dash=True,
    odd_align="right",
    attachments=("1.综合得分排名表", "2.分项指标完成情况表"),
    cc="抄送：市委农办，市财政局。",
    change=None,
) -> Path:
    """A short but complete 公文 in the GB/T 9704 format; `change(doc)` breaks something on purpose."""
    doc = Document()
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts(rpr, G.FONT_BODY)
    rpr.get_or_add_sz().val = Pt(G.BODY_SIZE_PT)
    normal = doc.styles["Normal"].paragraph_format
    normal.line_spacing = Pt(G.LINE_PITCH_PT)  # exact spacing
    normal.space_after = Pt(0)

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(G.PAGE_WIDTH_MM), Mm(G.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(G.MARGIN_TOP_MM), Mm(G.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(G.MARGIN_LEFT_MM), Mm(G.MARGIN_RIGHT_MM)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(G.LINE_PITCH_TWIPS))
    pitch = G.TEXT_WIDTH_MM * PT_PER_MM / G.CHARS_PER_LINE
    grid.set(qn("w:charSpace"), str(round((pitch - G.BODY_SIZE_PT) * 4096)))

    from docx.enum.text import WD_ALIGN_PARAGRAPH as A

    body = add_style(doc, "正文", G.FONT_BODY, G.BODY_SIZE_PT, A.JUSTIFY)
    child(body.element.get_or_add_pPr(), "ind", firstLineChars=200, firstLine=640)  # 左空二字
    add_style(doc, "机关标志", G.FONT_TITLE, G.ORGAN_MARK_SIZE_PT, A.CENTER, color=G.RED)
    add_style(doc, "字号", G.FONT_BODY, G.BODY_SIZE_PT, A.RIGHT if letter else A.CENTER)
    add_style(doc, "标题", G.FONT_TITLE, G.TITLE_SIZE_PT, A.CENTER)
    add_style(doc, "一级", G.LEVEL_FONTS["一、"], G.BODY_SIZE_PT)
    add_style(doc, "三级", None, None)  # font and size inherited: 三级 → Normal → docDefaults
    add_style(doc, "段内二级", G.LEVEL_FONTS["（一）"], None, char=True)
    add_style(doc, "版记", G.FONT_BODY, G.SIZE_4HAO)
    add_style(doc, "页码", G.FONT_PAGE_NUMBER, G.PAGE_NUMBER_SIZE_PT, latin=G.FONT_PAGE_NUMBER)

    mark = doc.add_paragraph("测试市巩固衔接办" + ("" if letter else "文件"), "机关标志")
    if letter:
        border(mark, "bottom", "thickThinSmallGap", G.RED, sz=24)  # the upper red double rule
    else:
        doc.add_paragraph("", "正文")
    head_number = doc.add_paragraph(number, "字号")
    if not letter:
        border(head_number, "bottom", color=G.RED, sz=18)  # the red rule under the 发文字号
    doc.add_paragraph("", "正文")
    doc.add_paragraph("关于测试工作的通知", "标题")
    doc.add_paragraph("", "正文")
    doc.add_paragraph("各县（市、区）巩固衔接办：", "正文").paragraph_format.first_line_indent = 0  # 顶格
    doc.add_paragraph("为做好测试工作，现将有关事项通知如下。", "正文")
    doc.add_paragraph("一、总体要求", "一级")
    doc.add_paragraph("全市上下要高度重视，认真组织实施。", "正文")
    p = doc.add_paragraph("", "正文")
    p.add_run("（一）压实工作责任。", "段内二级")
    p.add_run("各县区要明确责任人和时间节点。")
    doc.add_paragraph("1.资金支出进度达到序时进度。", "三级")
    doc.add_paragraph("（1）按月报送支出情况。", "三级")
    doc.add_paragraph("", "正文")
    doc.add_paragraph("附件：" + attachments[0], "正文")
    for name in attachments[1:]:
        doc.add_paragraph(name, "正文")
    doc.add_paragraph("", "正文")
    doc.add_paragraph("\t测试市巩固衔接办", "正文")
    doc.add_paragraph("\t" + date, "正文")
    doc.add_paragraph("", "正文")
    cc = doc.add_paragraph(cc, "版记")
    border(cc, "top")
    printed = doc.add_paragraph("测试市巩固衔接办\t2022年12月5日印发", "版记")
    border(printed, "bottom")

    doc.settings.odd_and_even_pages_header_footer = True
    footer(doc, section.footer, odd_align, "right" if odd_align == "right" else "left", dash)
    footer(doc, section.even_page_footer, "left", "left", dash)
    if letter:
        section.different_first_page_header_footer = True
        first = section.first_page_footer
        first.is_linked_to_previous = False
        # The lower red double rule, thin over thick: a compound border's first-named line faces the paragraph.
        border(first.paragraphs[0], "top", "thickThinSmallGap", G.RED, sz=24)
    if change:
        change(doc)
    doc.save(path)
    return path


def statuses(report) -> dict[str, str]:
    return {r.rule.id: r.status for r in report.results}


def failed(report) -> dict:
    return {r.rule.id: r for r in report.results if r.status == FAIL}


# ---------------------------------------------------------------- a correct document passes


LETTER_RULES = {"letter-rules", "letter-lower-rule", "letter-first-page"}


def test_a_correct_document_passes_every_rule(tmp_path):
    report = check_file(build(tmp_path / "ok.docx"))
    assert failed(report) == {}
    got = statuses(report)
    # The page count, and where a 版记 in the text flow lands, need the laid-out pages (a PDF beside the .docx).
    assert {k for k, v in got.items() if v == NA} == LETTER_RULES | {
        "even-pages",
        "banji-page-numbers",
        "banji-position",
    }
    assert report.ok and not report.letter and report.kind.value == "通用"


def test_a_correct_letter_passes_every_rule_including_the_letter_ones(tmp_path):
    report = check_file(build(tmp_path / "letter.docx", number="测试办函〔2022〕3号", letter=True))
    assert report.letter  # detected by 「函」 in the 发文字号
    assert failed(report) == {}
    got = statuses(report)
    assert {k for k, v in got.items() if v == NA} == {
        "page-one-number",
        "head-rule",
        "even-pages",
        "banji-page-numbers",
        "banji-position",
    }
    assert all(got[rule] == PASS for rule in LETTER_RULES | {"head-number", "organ-mark"})


# ---------------------------------------------------------------- one rule broken at a time


def set_top_margin(doc):
    doc.sections[0].top_margin = Mm(30)


def body_font(doc):
    fonts(doc.styles["正文"].element.get_or_add_rPr(), "宋体")


def body_size(doc):
    doc.styles["正文"].font.size = Pt(15)


def title_font(doc):
    fonts(doc.styles["标题"].element.get_or_add_rPr(), "宋体")


def level1_font(doc):
    fonts(doc.styles["一级"].element.get_or_add_rPr(), G.FONT_BODY)


def theme_font(doc):
    # The body takes its East-Asian font from the theme, which (on this document) shows 仿宋_GB2312:
    # it looks right, but depends on the theme, so only the explicit-font rule fails.
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    fonts(doc.styles["正文"].element.get_or_add_rPr(), None, theme="minorEastAsia")
    theme = doc.part.part_related_by(RT.THEME)
    theme._blob = theme.blob.replace(
        '<a:font script="Hans" typeface="宋体"/>'.encode(), f'<a:font script="Hans" typeface="{G.FONT_BODY}"/>'.encode()
    )
    doc.settings.element.find(qn("w:themeFontLang")).set(qn("w:eastAsia"), "zh-CN")


BROKEN = {  # name: (build options, failing rule, text expected in its location, text expected in what was found)
    "top margin 30 mm": ({"change": set_top_margin}, "margins", "第1节", "天头30.0 mm"),
    "body font 宋体": ({"change": body_font}, "body-font", "第7段「各县（市、区）", "宋体"),
    "body size 15 pt": ({"change": body_size}, "body-size", "第7段", "15磅"),
    "title not 小标宋": ({"change": title_font}, "title-font", "关于测试工作的通知", "宋体"),
    "一、 heading in 仿宋": ({"change": level1_font}, "level-fonts", "一、总体要求", G.FONT_BODY),
    "theme font": ({"change": theme_font}, "explicit-fonts", "第7段", "minorEastAsia"),
    "page number without dashes": ({"dash": False}, "page-number", "奇数页页脚", "「1」"),
    "odd footer left": ({"odd_align": "left"}, "page-number-position", "第1节奇数页页脚", "居左"),
    "发文字号 [2022]": ({"number": "测试办发[2022]5号"}, "doc-number", "第3段", "六角括号"),
    "发文字号 (2022)": ({"number": "测试办发（2022）5号"}, "doc-number", "第3段", "六角括号"),
    "发文字号 〔2022〕05号": ({"number": "测试办发〔2022〕05号"}, "doc-number", "第3段", "虚位"),
    "发文字号 第5号": ({"number": "测试办发〔2022〕第5号"}, "doc-number", "第3段", "第"),
    "date 2022年03月05日": ({"date": "2022年03月05日"}, "date", "2022年03月05日", "虚位"),
    "date 22年": ({"date": "22年3月5日"}, "date", "22年3月5日", "年份"),
    "附件 1、": ({"attachments": ("1、综合得分排名表", "2、分项指标完成情况表")}, "attachments", "第15段", "「1、」"),
    "附件 name with 。": (
        {"attachments": ("1.综合得分排名表。", "2.分项指标完成情况表")},
        "attachments",
        "第15段",
        "。",
    ),
    "抄送 without 。": ({"cc": "抄送：市委农办，市财政局"}, "cc", "抄送", "「。」"),
    "印发 without rule": (
        {"change": lambda doc: doc.paragraphs[-1]._p.pPr.remove(doc.paragraphs[-1]._p.pPr.find(qn("w:pBdr")))},
        "banji-rules",
        "第22段",
        "下方",
    ),
    "landscape section not A4": ({"change": lambda doc: landscape(doc, Mm(250))}, "page-size", "第2节", "250.0"),
    "版记 on the landscape annex page": (
        {"change": lambda doc: landscape(doc, banji_page=False)},
        "banji-portrait",
        "测试市巩固衔接办",
        "第2节为横排",
    ),
}


def landscape(doc, width=Mm(G.PAGE_HEIGHT_MM), banji_page=True):
    """An annex on a landscape page (its own section; its margins are not the portrait ones), then the 版记
    on a portrait last page of its own (banji_page), or left at the foot of the annex (issue 13's defect)."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    body = doc.element.body
    banji = [p._p for p in doc.paragraphs[-3:]]  # the blank line, 抄送 and 印发
    for p in banji:
        body.remove(p)
    doc.sections[-1].start_type = WD_SECTION.NEW_PAGE
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = width, Mm(G.PAGE_WIDTH_MM)
    section.top_margin = section.left_margin = Mm(20)
    doc.add_paragraph("附件1", "一级")
    if banji_page:
        last = doc.add_section(WD_SECTION.NEW_PAGE)
        last.orientation = WD_ORIENT.PORTRAIT
        last.page_width, last.page_height = Mm(G.PAGE_WIDTH_MM), Mm(G.PAGE_HEIGHT_MM)
        last.top_margin, last.left_margin = Mm(G.MARGIN_TOP_MM), Mm(G.MARGIN_LEFT_MM)
        valign = OxmlElement("w:vAlign")  # the 版记 at the foot of its page (docGrid follows vAlign in the schema)
        valign.set(qn("w:val"), "bottom")
        last._sectPr.find(qn("w:docGrid")).addprevious(valign)
    for p in banji:
        doc.paragraphs[-1]._p.addnext(p)


def test_a_landscape_annex_in_a4_with_the_banji_on_a_portrait_last_page_passes(tmp_path):
    report = check_file(build(tmp_path / "annex.docx", change=landscape))
    assert failed(report) == {}
    assert statuses(report)["banji-portrait"] == statuses(report)["banji-position"] == PASS


@pytest.mark.parametrize("case", list(BROKEN))
def test_one_broken_rule_is_caught_with_its_location(tmp_path, case):
    options, rule, where, found = BROKEN[case]
    report = check_file(build(tmp_path / "broken.docx", **options))
    failures = failed(report)
    assert set(failures) == {rule}, {k: v.findings for k, v in failures.items()}
    first = failures[rule].findings[0]
    assert where in first.where and found in first.found, first


def test_a_letter_missing_a_red_double_rule_fails_on_it(tmp_path):
    def plain_rule(doc):
        doc.paragraphs[0]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).set(qn("w:val"), "single")

    path = build(tmp_path / "letter.docx", number="测试办函〔2022〕3号", letter=True, change=plain_rule)
    failures = failed(check_file(path))
    assert set(failures) == {"letter-rules"}
    assert "1条" in failures["letter-rules"].findings[0].found


def test_letter_rules_apply_with_the_letter_option(tmp_path):
    # A 发文字号 without 「函」 is not detected as a letter; --letter makes the letter rules apply.
    path = build(tmp_path / "plain.docx")
    assert statuses(check_file(path))["letter-rules"] == NA
    report = check_file(path, letter=True)
    # A letter's 发文字号 is flush right, not centred; its frame has red double rules and no page number on page one.
    assert set(failed(report)) == {"head-number", "letter-rules", "letter-first-page"}


def test_rules_without_their_element_do_not_apply(tmp_path):
    def no_banji(doc):
        for p in doc.paragraphs[-2:]:
            p._p.getparent().remove(p._p)

    report = check_file(build(tmp_path / "plain.docx", change=no_banji))
    got = statuses(report)
    assert got["imprint"] == got["banji-rules"] == got["cc"] == got["banji-portrait"] == got["even-pages"] == NA
    assert report.ok


# ---------------------------------------------------------------- the command


def test_cli_table_and_exit_status(tmp_path):
    ok, bad = build(tmp_path / "ok.docx"), build(tmp_path / "bad.docx", change=body_font)
    result = CliRunner().invoke(main, ["check", str(ok)])
    assert result.exit_code == 0, result.output
    na = 6  # the letter's three rules, and the three that need the PDF
    assert f"共 {len(RULES)} 项，通过 {len(RULES) - na} 项，不符合 0 项，不适用 {na} 项" in result.output
    result = CliRunner().invoke(main, ["check", str(ok), str(bad)])
    assert result.exit_code == 1
    assert "不符合  正文字体" in result.output
    assert f"共 {len(RULES)} 项，通过 {len(RULES) - na - 1} 项，不符合 1 项" in result.output


def test_cli_json(tmp_path):
    bad = build(tmp_path / "bad.docx", date="2022年03月05日")
    result = CliRunner().invoke(main, ["check", "--json", str(bad)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    (only,) = data["files"]
    rules = {r["id"]: r for r in only["rules"]}
    assert rules["date"]["status"] == "不符合" and rules["date"]["name"] == "成文日期"
    assert "2022年03月05日" in rules["date"]["where"] and rules["date"]["expected"]
    assert {"id", "name", "status", "where", "expected", "found"} <= set(rules["body-font"])
    assert rules["body-font"]["status"] == "通过"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_text("这不是 Word 文件", encoding="utf-8"), "不是 .docx 文件"),
        (lambda p: p.write_bytes(build(p.with_name("whole.docx")).read_bytes()[:3000]), "已损坏"),
        (lambda p: None, "不存在"),
    ],
)
def test_unreadable_files_exit_2_with_a_message(tmp_path, make, message):
    path = tmp_path / "坏文件.docx"
    make(path)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["check", "--json", str(path)])
    assert result.exit_code == 2
    assert message in json.loads(result.stdout)["files"][0]["error"]


def test_a_zip_with_a_corrupted_member_is_damaged(tmp_path):
    data = bytearray(build(tmp_path / "whole.docx").read_bytes())
    start = data.find(b"word/document.xml") + 40  # inside the compressed document part
    data[start : start + 200] = bytes(200)
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(data))
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2 and "已损坏" in result.output


# ---------------------------------------------------------------- titles and text hygiene


def title(text: str, snap: bool = True):
    """Set the title's text; snap=False takes it off the character grid (as gongwen's 公文标题 style does),
    so its line breaks can be worked out from the width of the text block."""

    def change(doc):
        p = doc.paragraphs[4]
        p.runs[0].text = ""
        for i, line in enumerate(text.split("\n")):
            if i:
                p.add_run().add_break()
            p.add_run(line)
        if not snap:
            ppr = doc.styles["标题"].element.get_or_add_pPr()
            child(ppr, "snapToGrid", val=0)

    return change


@pytest.mark.parametrize(
    "text, snap, broken",
    [
        ("关于督促佳县抓好巩固衔接问题整改和重点工作推进的提醒函", False, "工作"),  # 20 a line: 「重点工／作」
        ("关于2022年度巩固拓展脱贫攻坚成果同乡\n村振兴有效衔接工作的通报", True, "乡村"),
        ("关于督促横山区抓好巩固衔接问题整改和重点工作推进的提醒函", False, None),  # breaks at 「重点／工作」
        ("关于2022年度考核汇总\n结果的通报", True, None),  # 「汇总／结果」: two words, though 「总结」 is one
        ("关于督促佳县抓好巩固衔接问题整改和重点工作推进的提醒函", True, None),  # on the grid: not estimated
    ],
)
def test_title_breaks_inside_a_word_fail_and_between_words_pass(tmp_path, text, snap, broken):
    report = check_file(build(tmp_path / "title.docx", change=title(text, snap)))
    failures = failed(report)
    if broken:
        assert set(failures) == {"title-breaks"}
        assert f"「{broken}」" in failures["title-breaks"].findings[0].found
    else:
        assert failures == {}


def test_text_hygiene_does_not_cry_wolf(tmp_path):
    def change(doc):
        doc.paragraphs[7].runs[0].text = (
            "详见http://www.example.gov.cn/a(1)?b=2，会议于10:30开始，二○○八年张某某的事项，"
            "资金1,234万元，GDP(国内生产总值)按有关规定执行。"
        )

    report = check_file(build(tmp_path / "clean.docx", change=change))
    got = failed(report)
    # Only the half-width brackets next to Chinese text (「GDP(国内」) are wrong; the URL, time, year and number are not.
    assert set(got) == {"half-width"}
    assert got["half-width"].findings[0].found.endswith("半角「(」") and "GDP" in got["half-width"].findings[0].found


def test_titles_the_generators_break_pass_the_check():
    # The generators' title-breaking rule and the check agree: no line break the generator chooses is
    # reported as splitting a word, for the titles of every kind and county names of one to four characters.
    from generators.check.text_rules import segmented_splits, split_words
    from generators.word.titles import break_title

    counties = ["佳县", "横山区", "神木市", "子洲县", "靖边县", "榆阳区", "府谷县", "吴堡县", "鄂托克前旗"]
    titles = [f"关于督促{c}抓好巩固衔接问题整改和重点工作推进的提醒函" for c in counties]
    titles += [
        f"关于{year}年{month}月份全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接重点工作进展情况的通报"
        for year in (2022, 2026)
        for month in (1, 11)
    ]
    titles += ["关于印发《2026年全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点》的通知"]
    for title in titles:
        lines = break_title(title)
        assert len(lines) > 1 and split_words(lines) == segmented_splits(lines) == [], lines
    # …and the check does see a line broken inside a word, by the vocabulary and by jieba's segmentation
    # (which knows words the vocabulary does not: 「传播」).
    assert split_words(["关于督促佳县抓好巩固衔接问题整改和重点工", "作推进的提醒函"]) == [(0, "工作")]
    assert segmented_splits(["关于督促佳县抓好巩固衔接问题整改和重点工", "作推进的提醒函"]) == [(0, "工作")]
    assert segmented_splits(["关于加强信息传", "播管理工作的通知"]) == [(0, "传播")]
    assert segmented_splits(["关于加强信息传播", "管理工作的通知"]) == []
