"""`gen check` on documents written the way other tools write them (tests/check_corpus): each passes as
written, and each with one defect injected fails on exactly the rule about that defect (issues 13, 15)."""

from __future__ import annotations

import pytest
from check_corpus import (
    DOCUMENTS,
    FANGSONG,
    HEI,
    KAI,
    RED,
    P,
    R,
    Sect,
    annex_table,
    blank,
    bottom_section_banji,
    boxed_banji,
    boxed_table_banji,
    issuing_notice,
    letter,
    letter_flow_rule,
    letter_without_han,
    line_grid_notice,
    minutes,
    notice,
    numbering,
    order,
    page_line,
    page_number_footer,
    plain_minutes,
    red_rule_line,
    report,
    spacer_banji,
    template,
    twips,
    wps_page_numbers,
)

from generators.check import FAIL, NA, PASS, check_file
from generators.check.report import UNJUDGED


def save(pkg, tmp_path, name="doc"):
    return pkg.save(tmp_path / f"{name}.{'dotx' if pkg.template else 'docx'}")


def failures(report_) -> dict[str, list]:
    return {r.rule.id: r.findings for r in report_.results if r.status == FAIL}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_a_compliant_document_passes(tmp_path, name):
    report_ = check_file(save(DOCUMENTS[name](), tmp_path))
    assert failures(report_) == {}
    assert sum(r.status == PASS for r in report_.results) >= 18  # judged, not waved through as 不适用
    assert not [r.rule.id for r in report_.results if r.note == UNJUDGED]


def test_kinds_are_recognised_and_their_rules_do_not_apply(tmp_path):
    got = {name: check_file(save(make(), tmp_path, str(i))) for i, (name, make) in enumerate(DOCUMENTS.items())}
    assert {name: r.kind.value for name, r in got.items()} == {
        name: "命令" if name == "命令" else "纪要" if name == "纪要" else "信函" if name.startswith("信函") else "通用"
        for name in DOCUMENTS
    }
    statuses = {r.rule.id: (r.status, r.note) for r in got["命令"].results}
    assert statuses["title-font"] == (NA, "命令格式不适用")  # 「第1号」 is not a title
    assert statuses["recipients"] == (NA, "命令格式不适用")
    minutes_ = {r.rule.id: r for r in got["纪要"].results}
    assert minutes_["body-font"].status == PASS  # 出席/列席 lines (黑体 labels) and the 4号 版记 are not body text
    assert minutes_["title-font"].status == NA  # 「〔2026〕第5次」 is not a title


# ---------------------------------------------------------------- defects, one rule each


def run_font(p: P, font: str) -> None:
    for r in p.runs:
        if isinstance(r, R):
            r.font = font


def set_normal(pkg, old: str, new: str) -> None:
    assert old in pkg.normal
    pkg.normal = pkg.normal.replace(old, new)


def insert_after(pkg, tag: str, *paragraphs) -> None:
    i = pkg.index(tag) + 1
    pkg.body[i:i] = list(paragraphs)


def tracked_insertion(pkg):
    p = pkg.find("text1")
    p.runs.append('<w:ins w:id="1" w:author="李四" w:date="2026-01-05T00:00:00Z">' + R("（新增）").xml() + "</w:ins>")


def comment(pkg):
    pkg.comments.append('<w:comment w:id="0" w:author="李四"><w:p><w:r><w:t>请核实</w:t></w:r></w:p></w:comment>')
    pkg.find("text1").runs.append('<w:r><w:commentReference w:id="0"/></w:r>')


def landscape_banji(pkg):
    """The 版记 after a landscape annex (the bulletin's layout until issue 13 is fixed)."""
    sect = Sect(orient="landscape", footers={"default": "footer1", "even": "footer2"})
    insert_after(pkg, "date", blank(sect=sect.xml()), annex_table())
    pkg.sect = Sect(width=297, height=210, orient="landscape")


def content_after_banji(pkg):
    pkg.body += [P([R("附件", HEI)], tag="annex", ind={"firstLineChars": 0, "firstLine": 0}), annex_table()]


def first_page_without_number(pkg):
    pkg.sect.title_pg = True
    pkg.sect.footers["first"] = "footer3"
    pkg.footers["footer3"] = [blank()]


def odd_number_left(pkg):
    pkg.footers["footer1"] = page_number_footer("left")


def rule_indented(pkg):
    pkg.find("rule").ind = {"leftChars": 200, "left": 640, "rightChars": 200, "right": 640}


def theme_font_body(pkg):
    # The theme maps minorEastAsia to 仿宋: it looks right, but depends on the theme.
    set_normal(pkg, f'w:eastAsia="{FANGSONG}"', 'w:eastAsiaTheme="minorEastAsia"')


def no_char_grid(pkg):
    pkg.sect.grid = "lines"


def pitch_29(pkg):
    set_normal(pkg, 'w:line="560"', 'w:line="580"')
    pkg.sect.pitch = 580


def grid_space(chars: int, size: float = 16) -> int:
    """docGrid charSpace for `chars` characters of `size` to the 156 mm line."""
    return round((twips(156) / 20 / chars - size) * 4096)


def condensed(twentieths: int):
    def change(pkg):
        pkg.defaults = f'<w:spacing w:val="{twentieths}"/>'

    return change


def top_box(pkg):
    box = pkg.find("box")
    box.runs = [box.runs[0].replace("<wp:align>bottom</wp:align>", "<wp:align>top</wp:align>")]


def landscape_last_section(pkg):
    pkg.sect = Sect(width=297, height=210, orient="landscape", valign="bottom")


def lower_rule_at(mm_above_bottom):
    def change(pkg):
        pkg.footers["footer3"] = [P([page_line(297 - mm_above_bottom - 1)], tag="lower")]

    return change


def mutate(tag: str, **changes):
    """Set attributes of one paragraph."""

    def change(pkg):
        p = pkg.find(tag)
        for key, value in changes.items():
            setattr(p, key, value)

    return change


def retext(tag: str, old: str, new: str):
    def change(pkg):
        p = pkg.find(tag)
        hits = [r for r in p.runs if isinstance(r, R) and old in r.text]
        assert hits, (tag, old)
        hits[0].text = hits[0].text.replace(old, new)

    return change


DEFECTS = [  # (document, defect, change, the one rule that fails)
    (
        notice,
        "正文宋体（SimSun）",
        lambda pkg: set_normal(pkg, f'w:eastAsia="{FANGSONG}"', 'w:eastAsia="SimSun"'),
        "body-font",
    ),
    (
        notice,
        "标题华文中宋",
        lambda pkg: [run_font(pkg.find(t), "华文中宋") for t in ("title1", "title2")],
        "title-font",
    ),
    (
        notice,
        "标题20磅",
        lambda pkg: [setattr(pkg.find(t).runs[0], "size", 20) for t in ("title1", "title2")],
        "title-size",
    ),
    (notice, "行距29磅（每面21行）", pitch_29, "line-pitch"),
    (notice, "无字符网格（每行27字）", no_char_grid, "chars-per-line"),
    (notice, "字符网格每行27字", lambda pkg: setattr(pkg.sect, "char_space", grid_space(27)), "chars-per-line"),
    (notice, "字符网格每行29字", lambda pkg: setattr(pkg.sect, "char_space", grid_space(29)), "chars-per-line"),
    (line_grid_notice, "行网格字符紧缩1磅（每行29字）", condensed(-20), "chars-per-line"),
    (line_grid_notice, "行网格字符紧缩0.1磅（每行27字）", condensed(-2), "chars-per-line"),
    (
        notice,
        "页面宽215 mm",
        lambda pkg: setattr(pkg.sect, "width", 215) or setattr(pkg.sect, "right", 31),
        "page-size",
    ),
    (notice, "订口25 mm", lambda pkg: setattr(pkg.sect, "left", 25) or setattr(pkg.sect, "right", 29), "margins"),
    (
        notice,
        "自动编号「(一)」半角括号",
        lambda pkg: setattr(pkg, "numbering", numbering(level1="(%2)")),
        "heading-numbering",
    ),
    (notice, "自动编号从「二、」开始", lambda pkg: setattr(pkg, "numbering", numbering(start=2)), "heading-numbering"),
    (notice, "自动编号「一、」仿宋", lambda pkg: setattr(pkg, "numbering", numbering(font0=FANGSONG)), "level-fonts"),
    (notice, "标题末尾句号", retext("title2", "通知", "通知。"), "title-punctuation"),
    (
        notice,
        "标题「乡／村」回行",
        lambda pkg: retext("title1", "成果", "成果同乡")(pkg) or retext("title2", "同乡村", "村")(pkg),
        "title-breaks",
    ),
    (notice, "正文半角逗号", retext("text1", "高度重视，", "高度重视,"), "half-width"),
    (notice, "主送缺冒号", retext("to", "办：", "办"), "recipients"),
    (notice, "占位「XX县」", retext("text2", "各县区", "XX县"), "placeholders"),
    (notice, "占位「202X年」", retext("intro", "2026年度", "202X年度"), "placeholders"),
    (notice, "未接受的修订", tracked_insertion, "revisions"),
    (notice, "批注", comment, "revisions"),
    (notice, "正文蓝字", lambda pkg: setattr(pkg.find("text1").runs[0], "color", "0070C0"), "text-color"),
    (
        notice,
        "突出显示",
        lambda pkg: setattr(pkg.find("text1").runs[0], "extra", '<w:highlight w:val="yellow"/>'),
        "highlight",
    ),
    (notice, "主题字体", theme_font_body, "explicit-fonts"),
    (
        notice,
        "版记首条线0.5磅",
        lambda pkg: pkg.find("cc").borders.update(top=("single", 4, "auto")),
        "banji-rule-weights",
    ),
    (notice, "印发下无分隔线", lambda pkg: pkg.find("after-printed").borders.clear(), "banji-rules"),
    (notice, "版记在横排页", landscape_banji, "banji-portrait"),
    (notice, "版记后还有附件表", content_after_banji, "banji-position"),
    (notice, "首页页脚无页码", first_page_without_number, "page-one-number"),
    (
        notice,
        "页码无一字线",
        lambda pkg: pkg.footers.update(footer1=page_number_footer("right", dashes=False)),
        "page-number",
    ),
    (
        notice,
        "页码黑体",
        lambda pkg: pkg.footers.update(footer1=page_number_footer("right", font=HEI)),
        "page-number-font",
    ),
    (notice, "单页页码居左", odd_number_left, "page-number-position"),
    (notice, "标志黑色", lambda pkg: setattr(pkg.find("mark").runs[0], "color", None), "organ-mark"),
    (notice, "标志宋体", lambda pkg: run_font(pkg.find("mark"), "SimSun"), "organ-mark"),
    (notice, "发文字号居左", mutate("number", jc="left"), "head-number"),
    (notice, "红线缩进（短于版心）", rule_indented, "head-rule"),
    (notice, "红线黑色", lambda pkg: pkg.find("rule").borders.update(top=("single", 18, "auto")), "head-rule"),
    (notice, "发文字号（2026）", retext("number", "〔2026〕", "（2026）"), "doc-number"),
    (notice, "成文日期前导0", retext("date", "1月5日", "01月05日"), "date"),
    (notice, "附件半角冒号", retext("attachment", "附件：", "附件:"), "attachments"),
    (notice, "抄送末尾无句号", retext("cc", "财政局。", "财政局"), "cc"),
    (notice, "印发机关和日期未空开", retext("printed", "\u3000\u3000\u3000\u3000", ""), "imprint"),
    (
        template,
        "模板正文15磅",
        lambda pkg: [setattr(pkg.find(t).runs[0], "size", 15) for t in ("text1", "text2")],
        "body-size",
    ),
    (report, "有签发人时发文字号居中", mutate("number", jc="center"), "head-number"),
    (
        report,
        "绘制的红线为黑色",
        lambda pkg: setattr(pkg.find("rule"), "runs", [red_rule_line(color="000000")]),
        "head-rule",
    ),
    (report, "绘制的红线长120 mm", lambda pkg: setattr(pkg.find("rule"), "runs", [red_rule_line(120)]), "head-rule"),
    (report, "层次「一.」", retext("h1", "一、", "一."), "heading-numbering"),
    (report, "层次跳号「三、」", retext("h1b", "二、", "三、"), "heading-numbering"),
    (
        report,
        "版记末条线1.5磅",
        lambda pkg: pkg.find("printed").borders.update(bottom=("single", 12, "auto")),
        "banji-rule-weights",
    ),
    (order, "命令标志宋体", lambda pkg: run_font(pkg.find("mark"), "SimSun"), "organ-mark"),
    (order, "命令成文日期前导0", retext("date", "1月8日", "01月08日"), "date"),
    (
        minutes,
        "纪要正文楷体",
        lambda pkg: set_normal(pkg, f'w:eastAsia="{FANGSONG}"', f'w:eastAsia="{KAI}"'),
        "body-font",
    ),
    (
        minutes,
        "纪要层次「（1）」越级",
        lambda pkg: retext("h1b", "二、", "（1）")(pkg) or run_font(pkg.find("h1b"), FANGSONG),
        "heading-numbering",
    ),
    (letter, "下双线距下页边60 mm", lower_rule_at(60), "letter-lower-rule"),
    (letter, "信函发文字号居中", mutate("number", jc="center"), "head-number"),
    (letter, "信函首页有页码", lambda pkg: setattr(pkg.sect, "title_pg", False), "letter-first-page"),
    (letter, "上双线为单线", lambda pkg: pkg.find("mark").borders.update(bottom=("single", 24, RED)), "letter-rules"),
    (letter, "信函标志楷体", lambda pkg: run_font(pkg.find("mark"), KAI), "organ-mark"),
    (boxed_banji, "版记文本框在页面顶端", top_box, "banji-position"),
    (issuing_notice, "所印发文件的层次「(三)」半角", retext("i5", "（三）", "(三)"), "heading-numbering"),
    (issuing_notice, "所印发文件的层次重号「（二）」", retext("i5", "（三）", "（二）"), "heading-numbering"),
    (issuing_notice, "所印发文件的标题宋体", lambda pkg: run_font(pkg.find("issued-title"), "SimSun"), "title-font"),
    (issuing_notice, "所印发文件的正文楷体", lambda pkg: run_font(pkg.find("issued-intro"), KAI), "body-font"),
    (bottom_section_banji, "底端对齐的末节为横排", landscape_last_section, "banji-portrait"),
    # issue 22: what other tools write, judged where it is
    (notice, "发文字号「〔20XX〕XX号」", retext("number", "〔2026〕3号", "〔20XX〕XX号"), "placeholders"),
    (notice, "发文字号序号空白「〔2026〕　号」", retext("number", "3号", "\u3000号"), "placeholders"),
    (order, "令号「第XX号」", retext("serial", "第1号", "第XX号"), "placeholders"),
    (
        notice,
        "页码数字为 Times New Roman（w:ascii）",
        lambda pkg: pkg.footers.update(footer1=wps_page_numbers(digits="Times New Roman").footers["footer1"]),
        "page-number-font",
    ),
    (
        wps_page_numbers,
        "页码数字为 Times New Roman（w:ascii）",
        lambda pkg: pkg.footers.update(footer1=wps_page_numbers(digits="Times New Roman").footers["footer1"]),
        "page-number-font",
    ),
    (
        wps_page_numbers,
        "页码文本框居中",
        lambda pkg: pkg.footers.update(footer1=wps_page_numbers("center").footers["footer1"]),
        "page-number-position",
    ),
    (spacer_banji, "印发下空行无框线", lambda pkg: pkg.find("after-printed").borders.clear(), "banji-rules"),
    (boxed_table_banji, "表格无下框线", lambda pkg: swap(pkg, boxed_table_banji(bottom=None)), "banji-rules"),
    (boxed_table_banji, "表格中间线0.5 mm", lambda pkg: swap(pkg, boxed_table_banji(inside=12)), "banji-rule-weights"),
    (plain_minutes, "纪要正文楷体（无标志）", lambda pkg: run_font(pkg.find("text1"), KAI), "body-font"),
    (
        plain_minutes,
        "版记中主送0.5 mm上线",
        lambda pkg: pkg.find("banji-to").borders.update(top=("single", 12, "auto")),
        "banji-rule-weights",
    ),
    (
        letter_without_han,
        "信函（无「函」）首页有页码",
        lambda pkg: setattr(pkg.sect, "title_pg", False),
        "letter-first-page",
    ),
    (
        notice,
        "标题「传／播」回行（不在词表中）",
        lambda pkg: (
            retext("title1", "关于做好2026年度巩固拓展脱贫攻坚成果", "关于做好2026年度巩固拓展政策宣传")(pkg)
            or retext("title2", "同乡村振兴有效衔接工作的通知", "播和成果同乡村振兴有效衔接工作的通知")(pkg)
        ),
        "title-breaks",
    ),
    (notice, "主送「[主送单位]」", retext("to", "各县（市、区）巩固衔接办", "[主送单位]"), "placeholders"),
    (notice, "署名后「（此处加盖印章）」", retext("signature", "衔接办", "衔接办（此处加盖印章）"), "placeholders"),
    (notice, "正文「（此处填写）」", retext("text2", "上月工作进展", "（此处填写）工作进展"), "placeholders"),
    (notice, "正文「待核实」", retext("text2", "上月工作进展", "上月工作进展（数据待核实）"), "placeholders"),
    (notice, "正文「待定」", retext("text2", "每月5日前", "每月（具体时间待定）"), "placeholders"),
    (notice, "印发行缺「印发」", retext("printed", "日印发", "日"), "imprint"),
    (notice, "版记无印发行", lambda pkg: pkg.body.remove(pkg.find("printed")), "imprint"),
    (notice, "正文半角双引号", retext("text1", "高度重视", '"高度重视"'), "half-width"),
    (notice, "成文日期「二〇二六年一月五日」", retext("date", "2026年1月5日", "二〇二六年一月五日"), "date"),
    (notice, "正文首行不缩进", mutate("text1", ind={"firstLineChars": 0, "firstLine": 0}), "body-indent"),
    (notice, "正文首行缩进4字", mutate("text1", ind={"firstLineChars": 400, "firstLine": 1280}), "body-indent"),
    (notice, "正文左对齐", mutate("text1", jc="left"), "body-justify"),
    (notice, "正文加粗", lambda pkg: setattr(pkg.find("text1").runs[0], "extra", "<w:b/>"), "body-bold"),
    (notice, "标题与主送之间无空行", lambda pkg: pkg.body.pop(pkg.index("to") - 1), "title-gap"),
    (
        letter,
        "上红色双线上细下粗",
        lambda pkg: pkg.find("mark").borders.update(bottom=("thinThickSmallGap", 24, RED)),
        "letter-rules",
    ),
    (
        letter,
        "红色双线粗细相同",
        lambda pkg: pkg.find("mark").borders.update(bottom=("double", 24, RED)),
        "letter-rules",
    ),
]


def swap(pkg, other) -> None:
    """Make `pkg` the other package (a variant built by its maker's options)."""
    pkg.__dict__.update(other.__dict__)


@pytest.mark.parametrize(
    "make, change, rule", [pytest.param(m, c, r, id=f"{m.__name__}:{name}") for m, name, c, r in DEFECTS]
)
def test_one_defect_fails_exactly_its_rule(tmp_path, make, change, rule):
    pkg = make()
    change(pkg)
    got = failures(check_file(save(pkg, tmp_path)))
    assert set(got) == {rule}, got


def test_a_letter_lower_rule_in_the_text_is_judged_by_the_lines_above_it(tmp_path):
    got = failures(check_file(save(letter_flow_rule(), tmp_path)))
    assert set(got) == {"letter-lower-rule"}, got
    assert "按行高估算" in got["letter-lower-rule"][0].found


def test_jieba_is_loaded_only_for_a_break_the_vocabulary_cannot_judge(tmp_path):
    # gen check's start-up: a title broken where the vocabulary shows a boundary never loads jieba (about a second).
    import subprocess
    import sys

    path = save(notice(), tmp_path)
    code = (
        "import sys; from generators.check import check_file; "
        f"r = check_file({str(path)!r}); assert r.ok; print('jieba' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_bold_lead_sentence_is_not_bold_body_text(tmp_path):
    pkg = notice()
    pkg.find("text1").runs = [R("高度重视。", extra="<w:b/>"), R("全市上下要认真组织实施，确保各项任务落到实处。")]
    assert failures(check_file(save(pkg, tmp_path))) == {}


def test_every_new_rule_has_a_defect_in_the_corpus():
    assert {rule for *_, rule in DEFECTS} >= {
        "heading-numbering",
        "organ-mark",
        "head-number",
        "head-rule",
        "page-one-number",
        "chars-per-line",
        "title-punctuation",
        "title-breaks",
        "half-width",
        "recipients",
        "placeholders",
        "revisions",
        "text-color",
        "highlight",
        "banji-rule-weights",
        "banji-portrait",
        "banji-position",
        "letter-lower-rule",
        "letter-rules",
        "imprint",
        "date",
        "body-indent",
        "body-justify",
        "body-bold",
        "title-gap",
    }


def test_a_double_red_rule_under_the_number_does_not_make_a_letter(tmp_path):
    # A 信函 is told by a red double rule above its 发文字号 (under the mark) or in page one's footer; a 通知
    # whose red rule under the 发文字号 happens to be double stays a 通知.
    pkg = notice()
    pkg.find("rule").borders = {"top": ("thickThinSmallGap", 24, RED)}
    report_ = check_file(save(pkg, tmp_path))
    assert report_.kind.value == "通用" and failures(report_) == {}
    assert check_file(save(letter_without_han(), tmp_path, "letter")).kind.value == "信函"
