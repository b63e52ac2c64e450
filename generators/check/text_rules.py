"""Rules about the text: fonts and sizes by class, level markers and their sequence, the title, and
hygiene (half-width punctuation, the 主送's colon, placeholders, revisions, colour, highlight)."""

from __future__ import annotations

import math
import re

from generators.check.anatomy import (
    MINUTES_LABEL,
    TRAILING_PUNCTUATION,
    Anatomy,
    Finding,
    Rule,
    marker_of,
)
from generators.check.docx_styles import Para, is_black
from generators.check.fonts import same_class
from generators.check.page_rules import block_mm, grid, section_of, snapped
from generators.word import gbt9704 as G
from generators.word.ooxml import PT_PER_MM
from generators.word.titles import FUNCTION_CHARS, VOCABULARY

# ---------------------------------------------------------------- fonts and sizes


def shown_run(p: Para, run) -> str:
    return f"「{run.text.strip()[:8]}」为"


def font_findings(a: Anatomy, paras: list[Para], font: str) -> list[Finding]:
    out = []
    for p in paras:
        for run in p.text_runs:
            got = a.doc.east_asia_font(p, run)
            if not same_class(got.effective, font):
                out.append(Finding(p.label, str(got) if len(p.text_runs) == 1 else f"{shown_run(p, run)}{got}"))
                break
    return out


def size_findings(a: Anatomy, paras: list[Para], size: float, tolerance: float) -> list[Finding]:
    out = []
    for p in paras:
        for run in p.text_runs:
            got = a.doc.size_pt(p, run)
            if got is None or abs(got - size) > tolerance:
                shown = f"{got:g}磅" if got else "未设置（Word 默认为10磅）"
                out.append(Finding(p.label, shown if len(p.text_runs) == 1 else f"{shown_run(p, run)}{shown}"))
                break
    return out


def check_body_font(a: Anatomy, rule: Rule):
    return font_findings(a, a.ordinary, G.FONT_BODY) if a.ordinary else None


def check_body_size(a: Anatomy, rule: Rule):
    return size_findings(a, a.ordinary, G.BODY_SIZE_PT, rule.tolerance) if a.ordinary else None


def check_title_font(a: Anatomy, rule: Rule):
    return font_findings(a, a.title_lines + a.issued_title, G.FONT_TITLE) if a.title else None


def check_title_size(a: Anatomy, rule: Rule):
    return size_findings(a, a.title_lines + a.issued_title, G.TITLE_SIZE_PT, rule.tolerance) if a.title else None


def check_explicit_fonts(a: Anatomy, rule: Rule) -> list[Finding]:
    from generators.check.page_rules import page_number_paragraphs

    paras = a.text_of() + [p for _, _, p in page_number_paragraphs(a, any_text=True)]
    out = []
    for p in paras:
        for run in p.text_runs:
            got = a.doc.east_asia_font(p, run)
            if got.name is None:
                out.append(Finding(p.label, f"中文字体为{got}"))
                break
    return out


# ---------------------------------------------------------------- levels


def check_level_fonts(a: Anatomy, rule: Rule) -> list[Finding] | None:
    """The marker of a level (「一、」…) is in that level's font class; the text after it may differ
    (a 段内标题 「（一）……。」 in 楷体 runs on in 仿宋). A marker from list numbering takes the level's font."""
    out = []
    for p, m in a.headings:
        want = G.LEVEL_FONTS[m.level]
        if p.number:
            got = a.doc.number_font(p)
            if not same_class(got.effective, want):
                out.append(Finding(p.label, f"自动编号「{m.text}」为{got}，应为{want}"))
            continue
        covered = len(p.text) - len(p.text.lstrip()) + len(m.text)
        for run in p.runs:
            if covered <= 0:
                break
            if run.text.strip():
                got = a.doc.east_asia_font(p, run)
                if not same_class(got.effective, want):
                    out.append(Finding(p.label, f"「{m.text}」为{got}，应为{want}"))
                    break
            covered -= len(run.text)
    return out if a.headings else None


def standard_marker(level: str, value: int | None) -> str:
    from generators.numbers.wording import chinese_number

    if value is None:
        return level
    n = chinese_number(value) if level in ("一、", "（一）") and 0 < value < 1000 else str(value)
    return {"一、": f"{n}、", "（一）": f"（{n}）", "1.": f"{n}.", "（1）": f"（{n}）"}[level]


def check_heading_numbering(a: Anatomy, rule: Rule) -> list[Finding] | None:
    """Markers in the standard's form (「一、」「（一）」「1.」「（1）」, full-width brackets), numbered
    from one without gaps or repeats under their parent, and no level skipped on the way down."""
    if not a.headings:
        return None
    return [finding for part in a.heading_parts for finding in numbering_findings(part)]


def numbering_findings(headings: list) -> list[Finding]:
    """Under a new parent a level starts again at one, or runs on from the previous parent's last number
    (工作要点 and 一号文件 number their （一）…（三十） through all the parts); under one parent it counts on."""
    levels = list(G.LEVEL_FONTS)
    out: list[Finding] = []
    last: dict[int, int] = {}  # under the current parent
    running: dict[int, int] = {}  # through the whole text
    previous: int | None = None
    for p, m in headings:
        depth = m.depth
        if not m.standard:
            out.append(Finding(p.label, f"「{m.text.strip()}」应写作「{standard_marker(m.level, m.value)}」"))
        if previous is not None and depth > previous + 1:
            out.append(Finding(p.label, f"「{m.text.strip()}」前缺少「{levels[previous + 1]}」一级"))
        allowed = [last[depth] + 1] if depth in last else [1, running.get(depth, 0) + 1]
        if m.value is not None and m.value not in allowed:
            what = "重号" if m.value < allowed[-1] else "跳号"
            out.append(Finding(p.label, f"「{m.text.strip()}」{what}，应为「{standard_marker(m.level, allowed[0])}」"))
        last[depth] = running[depth] = m.value if m.value is not None else allowed[0]
        for deeper in [d for d in last if d > depth]:
            del last[deeper]
        previous = depth
    return out


# ---------------------------------------------------------------- the title

# Two-character words of 公文 titles: those of the generators' title-breaking vocabulary
# (word.titles) and more of the check's own. A title line that ends with the first character of
# one and a line that starts with its second have split it (「重点工 / 作」) — unless the two lines end
# and begin with words of their own (「汇总 / 结果」 is a boundary, though 「总结」 is a word). False alarms
# are worse than misses here, so the list holds only words whose characters rarely meet across a word
# boundary.
_WORDS = """
    工作 推进 通报 通知 报告 情况 总结 要点 提醒 整改 衔接 巩固 脱贫 乡村 振兴 拓展 攻坚 成果 有效 重点
    进展 督促 问题 落实 加强 做好 关于 印发 开展 实施 方案 意见 决定 请示 批复 会议 纪要 年度 月份 季度
    考核 评估 检查 调度 排名 资金 项目 产业 就业 帮扶 监测 防止 返贫 农村 农业 农民 发展 建设 管理 服务
    安全 生产 环境 保护 教育 卫生 健康 医疗 保障 社会 经济 改革 创新 部署 安排 任务 责任 制度 机制 体系
    政策 措施 专项 行动 治理 质量 统计 数据 报送 规定 细则 计划 规划 公布 表彰 先进 集体 单位 部门 政府
    人民 组织 领导 干部 党员 群众 基层 全面 深入 持续 扎实 切实 推动 促进 提升 提高 完善 健全 规范 优化
    强化 深化 加快 汇总 结果 举办 法治 培训 学习 宣传 贯彻 精神 思想 文件 材料 督查 督导 巡视 审计 反馈
    验收 申报 审批 备案 登记 清理 排查 隐患 风险 应急 防汛 抗旱 疫情 防控 消除 稳定 收入 增收 搬迁 安置
    易地 驻村 结对 协作 定点 消费 扶贫 信贷 保险 补贴 补助 奖励 通告 公告 转发 同志 人员 队伍 考察 调研
    座谈 研究 审议 试行 暂行 修订 大会 议程 命名 召开 举行 公示 表扬 批评 处理 处分 全市 全县 全省 全区
"""
TITLE_WORDS = frozenset(_WORDS.split()) | {word for word in VOCABULARY if len(word) == 2}


def is_ideograph(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def title_lines(a: Anatomy, paragraphs: list[Para]) -> list[tuple[Para, str]]:
    """A title as it is laid out: its paragraphs, split at manual line breaks and, where the line is all
    Chinese characters in type not snapped to the character grid, at the width of the text block."""
    out = []
    for p in paragraphs:
        runs = p.text_runs
        size = (a.doc.size_pt(p, runs[0]) if runs else None) or G.TITLE_SIZE_PT
        advance = size + (a.doc.char_spacing_pt(p, runs[0]) if runs else 0)
        sect = section_of(a, p)
        block = block_mm(sect)
        capacity = None
        if block and not (grid(sect)[0] in ("linesAndChars", "snapToChars") and snapped(a, p)):
            indents = a.doc.indent_chars(p, "left", size) + a.doc.indent_chars(p, "right", size)
            capacity = math.floor((block[0] * PT_PER_MM - indents * size + 0.01) / advance)
        for line in p.text.strip().split("\n"):
            line = line.strip()
            if capacity and capacity > 1 and len(line) > capacity and all(is_ideograph(c) for c in line):
                out += [(p, line[i : i + capacity]) for i in range(0, len(line), capacity)]
            elif line:
                out.append((p, line))
    return out


def split_words(lines: list[str]) -> list[tuple[int, str]]:
    """(index of the line, word) for each break between lines that splits a two-character word."""
    out = []
    for i, (before, after) in enumerate(zip(lines, lines[1:])):
        x, y = before[-1:], after[:1]
        if x + y in TITLE_WORDS and not (before[-2:] in TITLE_WORDS and after[:2] in TITLE_WORDS):
            out.append((i, x + y))
    return out


KNOWN_WORDS = TITLE_WORDS | VOCABULARY
LONGEST_KNOWN = max(map(len, KNOWN_WORDS))


def clear_boundary(before: str, after: str) -> bool:
    """A break the vocabulary already shows to fall between words: the line ends with a known word or a
    function character (「同」「的」「和」…) and the next starts with one. jieba is not asked about these."""
    ends = before[-1] in FUNCTION_CHARS or any(before[-n:] in KNOWN_WORDS for n in range(2, LONGEST_KNOWN + 1))
    starts = after[0] in FUNCTION_CHARS or any(after[:n] in KNOWN_WORDS for n in range(2, LONGEST_KNOWN + 1))
    return ends and starts


def segmented_splits(lines: list[str]) -> list[tuple[int, str]]:
    """(index of the line, word) for each break between two Chinese characters that falls inside a word of
    the title as jieba segments it (its dictionary, no guessing of new words) — unless both halves are words
    of their own (「管理／工作」 of 「管理工作」). Only titles broken between Chinese characters load jieba."""
    breaks = [
        i
        for i, (x, y) in enumerate(zip(lines, lines[1:]))
        if is_ideograph(x[-1:]) and is_ideograph(y[:1]) and not clear_boundary(x, y)
    ]
    if not breaks:
        return []
    from generators.check import segmentation

    text = "".join(lines)
    ends = [sum(len(line) for line in lines[: i + 1]) for i in breaks]
    tokens = segmentation.spans(text)
    out = []
    for i, at in zip(breaks, ends):
        hit = next(((start, end) for start, end in tokens if start < at < end), None)
        if hit is None:
            continue
        head, tail = text[hit[0] : at], text[at : hit[1]]
        if len(head) > 1 and len(tail) > 1 and segmentation.is_word(head) and segmentation.is_word(tail):
            continue
        out.append((i, head + tail))
    return out


def check_title_breaks(a: Anatomy, rule: Rule) -> list[Finding] | None:
    """Title lines break between words: the vocabulary's two-character words, and the words of jieba's
    segmentation (which knows 「传播」 without a list)."""
    if not a.title:
        return None
    out = []
    for title in (a.title_lines, a.issued_title):
        laid_out = title_lines(a, title)
        lines = [line for _, line in laid_out]
        found = dict(split_words(lines))
        for i, word in segmented_splits(lines):
            found.setdefault(i, word)
        out += [
            Finding(laid_out[i][0].label, f"「{lines[i][-4:]}／{lines[i + 1][:4]}」把「{word}」拆在两行")
            for i, word in sorted(found.items())
        ]
    return out


def check_title_punctuation(a: Anatomy, rule: Rule) -> list[Finding] | None:
    if not a.title:
        return None
    out = []
    for title in (a.title_lines, a.issued_title):
        last = "".join(p.text.strip() for p in title)[-1:]
        if last and last in TRAILING_PUNCTUATION:
            out.append(Finding(title[-1].label, f"标题末尾有「{last}」"))
    return out


# ---------------------------------------------------------------- hygiene

HALF_WIDTH = ',;:?!()"'
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
URL = re.compile(r"(?:https?://|www\.)[!-~]+|[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.ASCII)
# Labels that other rules judge with their colon: 附件说明, 抄送/分送, a 纪要's 出席/列席.
LABEL = re.compile(r"\s*(?:附\s*件|抄\s*送|分\s*送|主\s*送)\s*[：:]")


def neighbour_char(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and text[j] in " \t":
        j += step
    return text[j] if 0 <= j < len(text) else ""


ORGAN_ENDINGS = "办局委厅部处室会院府位门区县市省镇乡道司组所站心队校行团社馆"


def recipients(a: Anatomy) -> Para | None:
    """The 主送 line: the first line of the main text, ending in a colon — or, without one, flush left,
    short, no sentence, and ending like the name of an organ (「各县（市、区）巩固衔接办」)."""
    first = next((p for p in a.main if p.text.strip()), None)
    if first is None or marker_of(first.text):
        return None
    text = first.text.strip()
    if text.endswith(("：", ":")):
        return first
    looks_like = text[-1] in ORGAN_ENDINGS and not re.search(r"[。；;，,]$|。", text)
    flush = a.doc.first_line_chars(first, G.BODY_SIZE_PT) < 1 and not first.text.startswith(("\u3000", "  "))
    centred = a.doc.align(first) in ("center", "right")
    return first if looks_like and flush and not centred and len(text) <= 2 * G.CHARS_PER_LINE else None


def check_half_width(a: Anatomy, rule: Rule) -> list[Finding] | None:
    """Half-width 「,;:?!()」 next to Chinese text (outside the 版头, whose 发文字号 has its own rule)."""
    head = {id(p) for p in a.head}
    to = recipients(a)
    headed = {id(p): m for p, m in a.headings}
    out = []
    for p in a.text_of():
        if id(p) in head:
            continue
        text = p.text
        start = len(headed[id(p)].text) + len(text) - len(text.lstrip()) if id(p) in headed else 0
        label = LABEL.match(text) or MINUTES_LABEL.match(text)
        start = max(start, label.end() if label else 0)
        end = len(text.rstrip()) - 1 if p is to else len(text)
        skip = [(m.start(), m.end()) for m in URL.finditer(text)]
        for i in range(start, end):
            c = text[i]
            if c not in HALF_WIDTH or any(s <= i < e for s, e in skip):
                continue
            if CJK.match(neighbour_char(text, i, -1)) or CJK.match(neighbour_char(text, i, 1)):
                context = text[max(i - 4, 0) : i + 5].replace("\n", " ")
                out.append(Finding(p.label, f"「{context}」中有半角「{c}」"))
                break
    return out


def check_recipients(a: Anatomy, rule: Rule) -> list[Finding] | None:
    p = recipients(a)
    if p is None:
        return None
    text = p.text.strip()
    if text.endswith("："):
        return []
    if text.endswith(":"):
        return [Finding(p.label, "主送末尾为半角冒号「:」")]
    return [Finding(p.label, f"主送末尾为「{text[-1]}」，缺全角冒号")]


PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?:[XＸ]{2,}|[xｘ]{2,}|×{2,})(?![A-Za-z])"
    r"|(?<![一二三四五六七八九〇○零])○{2,}(?![一二三四五六七八九〇○零])"
    r"|20[0-9０-９][XxＸｘ×]"
    r"|(?<![A-Za-z0-9])[XxＸｘ×](?=[年月日号])"
    r"|【\s*】|【[^】]{0,20}(?:填|待|名称|单位|日期|时间|姓名|内容|XX|××)[^】]{0,20}】"
    r"|待补充|待填写|请填写|待核实|(?<!期)待定|此处(?:加盖|盖|填写|填|插入|粘贴|签名|签字|输入)"
    r"|(?<![A-Za-z])(?:TODO|TBD)(?![A-Za-z])"
    # a field in square brackets: 「[主送单位]」「［日期］」 (a 发文字号's 「[2022]」 has no Chinese in it)
    r"|[\[［][^\[\]［］\n]{0,20}?[\u4e00-\u9fff][^\[\]［］\n]{0,20}?[\]］]"
    # a 发文字号 or 令号 without its serial: 「〔2026〕　号」, 「第　号」
    r"|[〔\[［(（]\s*\d{4}\s*[〕\]］)）][\s\u3000_]*第?[\s\u3000_]*号|第[\s\u3000_]+号"
)


def check_placeholders(a: Anatomy, rule: Rule) -> list[Finding]:
    out = []
    for p in a.text_of():
        m = PLACEHOLDER.search(p.text)
        if m:
            out.append(Finding(p.label, f"有未填写的占位内容「{m.group()}」"))
    return out


def check_revisions(a: Anatomy, rule: Rule) -> list[Finding]:
    out = []
    revisions = a.doc.revisions()
    if revisions:
        shown = "，".join(f"{kind}{n}处" for kind, n in revisions.items())
        out.append(Finding("修订", f"有未接受或拒绝的修订（{shown}）"))
    comments = a.doc.comments()
    if comments:
        out.append(Finding("批注", f"有{comments}条批注"))
    return out


def check_text_color(a: Anatomy, rule: Rule) -> list[Finding]:
    """Text is black outside the 版头 (the red 发文机关标志 is the head's)."""
    head = {id(p) for p in a.head}
    out = []
    for p in a.text_of():
        if id(p) in head:
            continue
        for run in p.text_runs:
            color = a.doc.color(p, run)
            if not is_black(color):
                out.append(Finding(p.label, f"{shown_run(p, run)}{color}色"))
                break
    return out


def check_highlight(a: Anatomy, rule: Rule) -> list[Finding]:
    out = []
    for p in a.text_of():
        for run in p.text_runs:
            mark = a.doc.highlight(p, run)
            if mark:
                out.append(Finding(p.label, f"{shown_run(p, run)}突出显示（{mark}）"))
                break
    return out
