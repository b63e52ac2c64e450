"""The GB/T 9704-2012 numbers, in one place.

Every template, the template builder and `gen check` read their page setup, fonts and
sizes from here, so a change to the format is a change to this file only.
Lengths are in millimetres, font sizes in points.
"""

# Page (A4) and the text block (版心): 156 x 225 mm.
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37  # 天头
MARGIN_LEFT_MM = 28  # 订口
TEXT_WIDTH_MM = 156
TEXT_HEIGHT_MM = 225
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TEXT_HEIGHT_MM  # 35
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TEXT_WIDTH_MM  # 26
MARGIN_TOLERANCE_MM = 1  # the standard allows ±1 mm on the text block

# 22 lines of 28 characters.
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH_TWIPS = 579  # 28.95 pt: 225 mm / 22 lines, as Word's 公文 templates write it
LINE_PITCH_PT = LINE_PITCH_TWIPS / 20

# Font sizes (字号).
SIZE_2HAO = 22
SIZE_3HAO = 16
SIZE_4HAO = 14
SIZE_XIAO4 = 12
BODY_SIZE_PT = SIZE_3HAO
TITLE_SIZE_PT = SIZE_2HAO
PAGE_NUMBER_SIZE_PT = SIZE_4HAO
TABLE_SIZE_PT = SIZE_XIAO4
ORGAN_MARK_SIZE_PT = 36  # 发文机关标志: large 小标宋, red; the standard leaves the size to the office

# Fonts as Chinese offices have them; the .docx names these, never ships them.
FONT_BODY = "仿宋_GB2312"
FONT_TITLE = "方正小标宋简体"
FONT_LEVEL1 = "黑体"  # 一、
FONT_LEVEL2 = "楷体_GB2312"  # （一）
FONT_LEVEL3 = FONT_BODY  # 1.
FONT_LEVEL4 = FONT_BODY  # （1）
FONT_PAGE_NUMBER = "宋体"
FONT_LATIN = "Times New Roman"

RED = "FF0000"  # 发文机关标志 and the red rules

# Body paragraphs: two characters of first-line indent.
FIRST_LINE_INDENT_CHARS = 2

# Page numbers: 「— 1 —」, 7 mm below the text block, odd pages right, even pages left,
# one character in from the edge of the text block.
PAGE_NUMBER_FORMAT = "— {} —"
PAGE_NUMBER_GAP_MM = 7
PAGE_NUMBER_INDENT_CHARS = 1
FOOTER_DISTANCE_MM = MARGIN_BOTTOM_MM - PAGE_NUMBER_GAP_MM - 5  # bottom of a 4号 line

# 发文字号: 〔2022〕 hexagonal brackets, no leading zero, no 第.
DOC_NUMBER_PATTERN = r"^\S+〔\d{4}〕[1-9]\d*号$"
# 成文日期: full year, no leading zeros.
DATE_PATTERN = r"^\d{4}年[1-9]\d?月[1-9]\d?日$"

# Letter format (信函格式, GB/T 9704 §10.1).
LETTER_MARK_TOP_MM = 30  # 发文机关标志 30 mm from the top edge of the page
LETTER_RULE_LENGTH_MM = 170  # the red double rules
LETTER_RULE_FROM_BOTTOM_MM = 20  # the lower double rule, 20 mm above the bottom edge
LETTER_MARGIN_TOP_MM = 30  # a letter may start its text block at the mark; gen check accepts either
LETTER_RULE_GAP_MM = 4  # the upper double rule, 4 mm below the 发文机关标志

# Level markers and the font each level uses.
LEVEL_FONTS = {
    "一、": FONT_LEVEL1,
    "（一）": FONT_LEVEL2,
    "1.": FONT_LEVEL3,
    "（1）": FONT_LEVEL4,
}

# The template builder's choices where GB/T 9704 states a rule in words rather than a number.
DOC_NUMBER_RULE_GAP_MM = 4  # 发文字号 sits 4 mm above the red rule (§7.2.4)
RED_RULE_PT = 2.25  # the red rule under the 发文字号
BANJI_THICK_MM = 0.35  # 版记: first and last rules (§7.4.1)
BANJI_THIN_MM = 0.25  # 版记: the rules in between
BANJI_SIZE_PT = SIZE_4HAO  # 版记 text: 4号仿宋 (§7.4.2)
TABLE_LINE_RATIO = 1.25  # table text: tight exact spacing, so a row is not two grid lines tall
DATE_RIGHT_CHARS = 4  # 成文日期右空四字 (§7.3.5.1)
DATE_WIDTH_CHARS = 7  # 「2022年11月30日」 is about 7 characters wide; 署名 is centred over it
ATTACHMENT_NUMBER_CHARS = 1.5  # room for 「1.」…「10.」 before an attachment's name
LETTER_RULE_PT = 3  # 信函格式: each red double rule, both lines and the gap (w:sz of the compound border)
# A compound border's first-named line faces the paragraph (Word and LibreOffice agree): as a bottom border
# this is the upper rule's thick over thin, as a top border the lower rule's thin over thick (§10.1).
LETTER_RULE = "thickThinSmallGap"
LETTER_NUMBER_GAP_PT = 3  # air between the upper rule and the 发文字号 line under it
LETTER_CELL_MARGIN_MM = 1  # left and right in a table cell (Word's default is 1.9 mm): room for the columns
