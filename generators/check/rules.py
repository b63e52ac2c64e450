"""The GB/T 9704 rules `gen check` applies, as data: one table of Rule records.

Every number comes from gbt9704.py. A rule's check returns the places where the document departs
from it ([] when it holds), None when the document has nothing the rule is about (a notice without
版记 is not failed on 版记), or Skip(why) when it cannot be judged from this file. `kinds` names the
kinds of document (通用, 信函, 命令, 纪要) a rule is about; for the others it is 不适用.
"""

from __future__ import annotations

from generators.check import body_rules as body
from generators.check import page_rules as page
from generators.check import part_rules as part
from generators.check import text_rules as text
from generators.check.anatomy import ALL_KINDS, GENERAL, LETTER, MINUTES, ORDER, Anatomy, Finding, Rule, Skip
from generators.word import gbt9704 as G

NOT_LETTER = frozenset({GENERAL, ORDER, MINUTES})
LETTER_ONLY = frozenset({LETTER})
TITLED = frozenset({GENERAL, LETTER, MINUTES})  # a 命令 has no title
ADDRESSED = frozenset({GENERAL, LETTER})  # 命令 and 纪要 have no 主送
RULED_HEAD = frozenset({GENERAL})  # the red rule under the 发文字号 of an ordinary document

RULES = [
    Rule(
        "page-size",
        "纸张幅面",
        f"A4（{G.PAGE_WIDTH_MM}×{G.PAGE_HEIGHT_MM} mm，横排页面为{G.PAGE_HEIGHT_MM}×{G.PAGE_WIDTH_MM} mm）",
        G.MARGIN_TOLERANCE_MM,
        page.check_page_size,
    ),
    Rule(
        "margins",
        "页边距与版心",
        f"天头{G.MARGIN_TOP_MM} mm，订口{G.MARGIN_LEFT_MM} mm，"
        f"版心{G.TEXT_WIDTH_MM}×{G.TEXT_HEIGHT_MM} mm（±{G.MARGIN_TOLERANCE_MM} mm）",
        G.MARGIN_TOLERANCE_MM,
        page.check_margins,
    ),
    Rule(
        "line-pitch",
        "每面行数",
        f"每面{G.LINES_PER_PAGE}行：{G.LINES_PER_PAGE}行的行距之和不超过版心高度（如行距28～{G.LINE_PITCH_PT:g}磅）",
        0,
        page.check_line_pitch,
    ),
    Rule(
        "chars-per-line",
        "每行字数",
        f"每行{G.CHARS_PER_LINE}字（文档网格，或字号与字符间距）",
        0,
        page.check_chars_per_line,
    ),
    Rule("body-font", "正文字体", f"仿宋类（如{G.FONT_BODY}、仿宋、FangSong）", 0, text.check_body_font),
    Rule("body-size", "正文字号", f"3号（{G.BODY_SIZE_PT}磅）", 0.25, text.check_body_size),
    Rule(
        "body-indent",
        "正文首行缩进",
        "每个自然段首行左空二字",
        body.INDENT_TOLERANCE_CHARS,
        body.check_body_indent,
    ),
    Rule("body-justify", "正文对齐", "正文两端对齐", 0, body.check_body_justified),
    Rule("body-bold", "正文加粗", "正文不加粗（段首的小标题句除外）", 0, body.check_body_bold),
    Rule(
        "title-font",
        "标题字体",
        f"小标宋类（如{G.FONT_TITLE}、方正小标宋_GBK）",
        0,
        text.check_title_font,
        TITLED,
    ),
    Rule("title-size", "标题字号", f"2号（{G.TITLE_SIZE_PT}磅）", 0.25, text.check_title_size, TITLED),
    Rule("title-punctuation", "标题标点", "标题末尾不加标点", 0, text.check_title_punctuation, TITLED),
    Rule("title-breaks", "标题回行", "标题回行不拆开词语（如「工／作」）", 0, text.check_title_breaks, TITLED),
    Rule("title-gap", "标题下空行", "主送机关在标题下空一行", 0, body.check_title_gap, ADDRESSED),
    Rule(
        "level-fonts",
        "层次序数字体",
        "，".join(f"「{k}」{v}" for k, v in G.LEVEL_FONTS.items()) + "（同类字体均可）",
        0,
        text.check_level_fonts,
    ),
    Rule(
        "heading-numbering",
        "层次序数",
        "「一、」「（一）」「1.」「（1）」，括号用全角；序号连续、不重复，不越级",
        0,
        text.check_heading_numbering,
    ),
    Rule(
        "explicit-fonts",
        "中文字体明确指定",
        "每处文字的中文字体写明字体名（w:eastAsia），不用主题字体",
        0,
        text.check_explicit_fonts,
    ),
    Rule("page-number", "页码", f"页脚有页码域，显示为「{G.PAGE_NUMBER_FORMAT.format(1)}」", 0, page.check_page_number),
    Rule(
        "page-number-font",
        "页码字体字号",
        f"{G.FONT_PAGE_NUMBER} 4号（{G.PAGE_NUMBER_SIZE_PT}磅）",
        0.25,
        page.check_page_number_font,
    ),
    Rule(
        "page-number-position",
        "页码位置",
        f"奇偶页不同：单页居右、双页居左，各空{G.PAGE_NUMBER_INDENT_CHARS}字",
        0.5,
        page.check_page_number_position,
    ),
    Rule("page-one-number", "首页页码", "首页显示页码（信函格式除外）", 0, page.check_page_one_number, NOT_LETTER),
    Rule("organ-mark", "发文机关标志", "红色小标宋体字", 0, part.check_organ_mark),
    Rule(
        "head-number",
        "发文字号位置",
        "居中；有签发人时居左空一字、签发人居右空一字；信函格式居右顶格、在上红色双线之下",
        0.5,
        part.check_head_number,
        frozenset({GENERAL, LETTER}),
    ),
    Rule(
        "head-rule",
        "版头分隔线",
        f"发文字号之下一条红色分隔线，与版心等宽（{G.TEXT_WIDTH_MM} mm）",
        G.MARGIN_TOLERANCE_MM,
        part.check_head_rule,
        RULED_HEAD,
    ),
    Rule(
        "doc-number",
        "发文字号",
        "如「榆巩衔办发〔2022〕2号」：六角括号〔〕，年份写全，序号不编虚位、不加「第」",
        0,
        part.check_doc_number,
    ),
    Rule("recipients", "主送", "主送机关后标全角冒号「：」", 0, text.check_recipients, ADDRESSED),
    Rule("date", "成文日期", "如「2022年3月15日」：用阿拉伯数字，年份写全，月、日不编虚位", 0, part.check_dates),
    Rule(
        "attachments", "附件说明", "「附件：1.名称」「2.名称」：序号用「1.」，名称后不加标点", 0, part.check_attachments
    ),
    Rule("half-width", "半角标点", '中文中用全角标点，不用半角「, ; : ? ! ( ) "」', 0, text.check_half_width),
    Rule(
        "placeholders",
        "未填写内容",
        "没有「XX」「202X」「【】」「[主送单位]」「待补充」「待定」「此处加盖印章」、序号空白的发文字号等未填写的内容",
        0,
        text.check_placeholders,
    ),
    Rule("revisions", "修订和批注", "没有未处理的修订和批注", 0, text.check_revisions),
    Rule("text-color", "文字颜色", "版头以外的文字为黑色", 0, text.check_text_color),
    Rule("highlight", "突出显示", "文字没有突出显示（荧光笔）", 0, text.check_highlight),
    Rule("imprint", "印发机关和印发日期", "「印发机关　2022年3月15日印发」：日期写全、不编虚位", 0, part.check_imprint),
    Rule("banji-rules", "版记分隔线", "版记首条上方、印发行下方有分隔线", 0, part.check_banji_rules),
    Rule(
        "banji-rule-weights",
        "版记分隔线粗细",
        f"首条和末条{G.BANJI_THICK_MM} mm，中间{G.BANJI_THIN_MM} mm",
        0.06,
        part.check_banji_rule_weights,
    ),
    Rule("cc", "抄送", "以「抄送：」开头，以「。」结束", 0, part.check_cc),
    Rule("banji-portrait", "版记页方向", "版记所在的最后一页为竖排页面", 0, page.check_banji_portrait),
    Rule("banji-position", "版记位置", "版记在最后一页的最下面，其后没有内容", 0, page.check_banji_position),
    Rule("even-pages", "版记页为双数页", "有版记的公文共双数页（依同名 PDF 判断）", 0, page.check_even_pages),
    Rule(
        "banji-page-numbers",
        "空白页和版记页页码",
        "版记页前有空白页的，空白页和版记页均不编排页码（依同名 PDF 判断）",
        0,
        page.check_banji_page_numbers,
    ),
    Rule("letter-rules", "信函红色双线", "首页上、下各一条红色双线", 0, part.check_letter_rules, LETTER_ONLY),
    Rule(
        "letter-lower-rule",
        "信函下红色双线位置",
        f"下红色双线距下页边{G.LETTER_RULE_FROM_BOTTOM_MM} mm",
        G.MARGIN_TOLERANCE_MM,
        part.check_letter_lower_rule,
        LETTER_ONLY,
    ),
    Rule(
        "letter-first-page",
        "信函首页页码",
        "首页不显示页码（首页不同，首页页脚为空）",
        0,
        page.check_letter_first_page,
        LETTER_ONLY,
    ),
]

__all__ = ["ALL_KINDS", "RULES", "Anatomy", "Finding", "Rule", "Skip"]
