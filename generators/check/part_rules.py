"""Rules about the parts of a 公文: the 版头 (标志, 发文字号, red rule), the 信函 frame, 发文字号 and
dates, 附件说明, and the 版记 (抄送, 印发 line, its rules and their weights).

Longer than 400 lines: one rule per part of a 公文, each short; they share the anatomy's view of the parts.
"""

from __future__ import annotations

import re

from generators.check.anatomy import (
    CHINESE_DATE,
    DATE_ONLY,
    DOUBLE_LINES,
    IMPRINT_SLICE,
    LOOSE_DATE,
    SIGNER,
    TRAILING_PUNCTUATION,
    Anatomy,
    Finding,
    Rule,
    Skip,
    imprint_match,
    unfilled_number,
)
from generators.check.docx_styles import Para, is_red, mm, pieces, w
from generators.check.fonts import same_class
from generators.check.page_rules import block_mm, section_of, size_mm
from generators.word import gbt9704 as G
from generators.word.ooxml import BORDER_EIGHTHS, EMU_PER_MM, NS, PT_PER_MM, local

A = NS["a"]
ALIGN_NAMES = {"right": "居右", "left": "居左", "center": "居中", "both": "两端对齐"}


def border_mm(el) -> float:
    """A border's weight in millimetres (w:sz is in eighths of a point)."""
    return int(el.get(w("sz"), "4")) / BORDER_EIGHTHS / PT_PER_MM


# ---------------------------------------------------------------- 版头


def check_organ_mark(a: Anatomy, rule: Rule):
    """发文机关标志: red, in 小标宋 (GB/T 9704 §7.2.3; §10 for 信函, 命令 and 纪要)."""
    p = a.organ_mark
    if p is None:
        return None
    out = []
    colors = sorted({a.doc.color(p, r) for r in p.text_runs if not is_red(a.doc.color(p, r), G.RED)})
    if colors:
        out.append(Finding(p.label, f"颜色为{'、'.join(colors)}，应为红色"))
    for run in p.text_runs:
        font = a.doc.east_asia_font(p, run)
        if not same_class(font.effective, G.FONT_TITLE):
            out.append(Finding(p.label, f"字体为{font}，应为小标宋"))
            break
    return out


def edge_chars(a: Anatomy, p: Para, side: str) -> float:
    """Characters of space on one side of a line: the indent plus spaces typed there (a full-width space is one
    character, an ASCII space half)."""
    size = a.doc.type_size(p, G.BODY_SIZE_PT)
    if side == "right":
        edge = p.text[len(p.text.rstrip(" \u3000")) :]
    else:
        edge = p.text[: len(p.text) - len(p.text.lstrip(" \u3000"))]
    return a.doc.indent_chars(p, side, size) + edge.count("\u3000") + edge.count(" ") / 2


def check_head_number(a: Anatomy, rule: Rule):
    """发文字号: centred under the mark; with a 签发人, left one character in and the 签发人 right one
    character in on the same line (上行文, §7.2.4–7.2.5); in a 信函, flush right under the upper rule (§10.1)."""
    p = a.head_number
    if p is None:
        return None
    got = a.doc.align(p)
    if a.letter:
        if got != "right":
            return [Finding(p.label, f"{ALIGN_NAMES.get(got, got)}，应居右顶格")]
        gap = edge_chars(a, p, "right")
        if gap > rule.tolerance:
            return [Finding(p.label, f"居右空{gap:.1f}字，应顶格")]
        between = [q for q in a.body[: a.body.index(p)] if q.text.strip() and q is not a.organ_mark]
        return [Finding(p.label, f"发文字号之上还有「{between[-1].snippet}」")] if between else []
    signer = [q for q in a.head if SIGNER in q.text and q.place == "body"]
    if not signer:
        return [] if got == "center" else [Finding(p.label, f"{ALIGN_NAMES.get(got, got)}，应居中")]
    out = []
    if got not in ("left", "both"):
        out.append(Finding(p.label, f"有签发人时发文字号{ALIGN_NAMES.get(got, got)}，应居左空一字"))
    elif abs(edge_chars(a, p, "left") - 1) > rule.tolerance:
        out.append(Finding(p.label, f"有签发人时发文字号居左空{edge_chars(a, p, 'left'):.1f}字，应空一字"))
    for q in signer:
        if q is p:
            parts = pieces(q.text)
            if len(parts) < 2 or SIGNER not in parts[-1] or SIGNER in parts[0]:
                out.append(Finding(q.label, "签发人应在发文字号同一行的右侧"))
        elif a.doc.align(q) != "right":
            out.append(Finding(q.label, f"签发人{ALIGN_NAMES.get(a.doc.align(q), a.doc.align(q))}，应居右空一字"))
        elif abs(edge_chars(a, q, "right") - 1) > rule.tolerance:
            out.append(Finding(q.label, f"签发人居右空{edge_chars(a, q, 'right'):.1f}字，应空一字"))
    return out


def drawn_lines(paragraphs: list[Para]):
    """(width in mm, red, double, weight in mm) of each line drawn (DrawingML or VML) in the paragraphs."""
    out = []
    for p in paragraphs:
        for ln in p.el.iter(f"{{{A}}}ln"):
            shape = next((e for e in ln.iterancestors() if local(e) in ("wsp", "sp")), None)
            extent = next(
                (e.find("wp:extent", NS) for e in ln.iterancestors() if local(e) in ("anchor", "inline")), None
            )
            if shape is None or extent is None or ln.find(f"{{{A}}}noFill") is not None:
                continue
            geom = shape.find(f".//{{{A}}}prstGeom")
            cy = int(extent.get("cy", "0"))
            if (geom is None or geom.get("prst") not in ("line", "straightConnector1")) and cy > EMU_PER_MM:
                continue  # a box, not a rule
            color = ln.find(f".//{{{A}}}srgbClr")
            out.append(
                (
                    int(extent.get("cx", "0")) / EMU_PER_MM,
                    color is not None and is_red(color.get("val"), G.RED),
                    ln.get("cmpd") in ("dbl", "thickThin", "thinThick", "tri"),
                    int(ln.get("w", "12700")) / EMU_PER_MM,
                )
            )
        for line in p.el.iter(f"{{{NS['v']}}}line"):
            if next((e for e in line.iterancestors() if local(e) == "Fallback"), None) is not None:
                continue
            stroke = line.find(f"{{{NS['v']}}}stroke")
            color = line.get("strokecolor", "")
            x1, x2 = (re.match(r"[-\d.]+", line.get(k, "0") or "0") for k in ("from", "to"))
            width = abs(float(x2.group()) - float(x1.group())) / PT_PER_MM if x1 and x2 else 0.0
            double = stroke is not None and stroke.get("linestyle", "single") != "single"
            out.append((width, is_red(color.lstrip("#"), G.RED), double, 0.0))
    return out


def check_head_rule(a: Anatomy, rule: Rule):
    """A red rule the width of the text block under the 发文字号 (§7.2.6): the 发文字号 line's bottom
    border, the top border of a line under it, or a drawn line there."""
    p = a.head_number
    if p is None:
        return None
    block = block_mm(section_of(a, p))
    width_block = block[0] if block else G.TEXT_WIDTH_MM
    start = a.body.index(p)
    region = [p]
    for q in a.body[start + 1 :]:
        if q is a.title or (q.text.strip() and SIGNER not in q.text):
            break
        region.append(q)
    rules = []  # (where, width mm, red)
    for i, q in enumerate(region):
        size = a.doc.type_size(q, G.BODY_SIZE_PT)
        indents = (a.doc.indent_chars(q, "left", size) + a.doc.indent_chars(q, "right", size)) * size / PT_PER_MM
        for side in ("bottom",) if i == 0 else ("top", "bottom"):
            line = a.doc.border(q, side)
            if line is not None:
                rules.append((q.label, width_block - indents, is_red(line.get(w("color")), G.RED)))
    rules += [(p.label, width, red) for width, red, _, _ in drawn_lines(region)]
    red = [r for r in rules if r[2]]
    if not red:
        return [Finding(p.label, "发文字号下的分隔线不是红色" if rules else "发文字号下没有红色分隔线")]
    where, width, _ = red[0]
    if abs(width - width_block) > rule.tolerance:
        return [Finding(where, f"红色分隔线长{width:.0f} mm，版心宽{width_block:.0f} mm")]
    return []


# ---------------------------------------------------------------- 信函格式


def red_double_borders(a: Anatomy, paras: list[Para]):
    for p in paras:
        for side in ("top", "bottom"):
            line = a.doc.border(p, side)
            if line is not None and line.get(w("val")) in DOUBLE_LINES and is_red(line.get(w("color")), G.RED):
                yield p, side, line


def first_footer_paragraphs(a: Anatomy) -> list[Para]:
    first = a.doc.footers(0).get("first") if a.doc.sections else None
    return a.doc.footer_paragraphs(first, "首页页脚", 0) if first is not None else []


def red_double_rules(a: Anatomy) -> int:
    count = sum(1 for _ in red_double_borders(a, list(a.doc.paragraphs) + first_footer_paragraphs(a)))
    body = a.doc.document.element.body
    for borders in [*body.iter(w("tblBorders")), *body.iter(w("tcBorders"))]:
        for line in borders:
            if line.get(w("val")) in DOUBLE_LINES and is_red(line.get(w("color")), G.RED):
                count += 1
    first_page = [p for p in a.doc.paragraphs if p.section == 0] + first_footer_paragraphs(a)
    count += sum(
        1 for _, red, double, _ in drawn_lines([p for p in first_page if p.place != "textbox"]) if red and double
    )
    return count


# A compound border's first-named line faces the paragraph (Word and LibreOffice agree; gbt9704.LETTER_RULE):
# a bottom border thickThin… is thick over thin, a top border thickThin… thin over thick.
THICK_FIRST = ("thickThinSmallGap", "thickThinMediumGap", "thickThinLargeGap")
THIN_FIRST = ("thinThickSmallGap", "thinThickMediumGap", "thinThickLargeGap")


def order_problem(side: str, val: str, upper: bool) -> str | None:
    """What is wrong with the order of a red double rule drawn as a border: the upper rule thick over thin,
    the lower one thin over thick (§10.1)."""
    if val == "double":
        return "两条线粗细相同"
    if val not in THICK_FIRST + THIN_FIRST:
        return None
    thick_over_thin = (val in THICK_FIRST) == (side == "bottom")
    if upper and not thick_over_thin:
        return "上红色双线为上细下粗，应上粗下细"
    if not upper and thick_over_thin:
        return "下红色双线为上粗下细，应上细下粗"
    return None


def check_letter_rules(a: Anatomy, rule: Rule):
    count = red_double_rules(a)
    if count < 2:
        return [Finding("首页", f"找到{count}条红色双线")]
    head = {id(p) for p in a.head}
    upper_zone = head | {id(p) for p in a.body[a.head_end + 1 : a.head_end + 2]}
    out = []
    for p, side, line in red_double_borders(a, list(a.doc.paragraphs) + first_footer_paragraphs(a)):
        problem = order_problem(side, line.get(w("val")), id(p) in upper_zone)
        if problem:
            out.append(Finding(p.where, problem))
    return out


def page_offset_mm(el, a: Anatomy, p: Para) -> tuple[float, float] | None:
    """(top, height) in mm from the top edge of the page of the floating object holding `el`, when its
    position is given from the page (or the margin) as an offset; None otherwise."""
    anchor = next((e for e in el.iterancestors() if local(e) == "anchor"), None)
    if anchor is None:
        return None
    pos = anchor.find("wp:positionV", NS)
    offset = pos.find("wp:posOffset", NS) if pos is not None else None
    extent = anchor.find("wp:extent", NS)
    if offset is None or not (offset.text or "").strip():
        return None
    top = int(offset.text) / EMU_PER_MM
    relative = pos.get("relativeFrom")
    if relative == "margin":
        mar = section_of(a, p).find(w("pgMar")) if a.doc.sections else None
        top += abs(mm(mar.get(w("top"), 0))) if mar is not None else G.MARGIN_TOP_MM
    elif relative != "page":
        return None
    return top, int(extent.get("cy", "0")) / EMU_PER_MM if extent is not None else 0.0


def lower_rule(a: Anatomy):
    """(where, distance of the rule's top and bottom from the bottom edge in mm, tolerance) of the 信函's lower
    red double rule, when the document places it on the page; None when its place is not written down."""
    page_h = (size_mm(a.doc.sections[0]) or (0, G.PAGE_HEIGHT_MM))[1] if a.doc.sections else G.PAGE_HEIGHT_MM
    footer = first_footer_paragraphs(a)
    candidates = footer + [p for p in a.doc.paragraphs if p.section == 0]
    for p, side, line in red_double_borders(a, candidates):
        if any(local(e) == "txbxContent" for e in p.el.iterancestors()):
            placed = page_offset_mm(p.el, a, p)
            if placed is None or placed[0] < page_h / 2:
                continue
            top, height = placed
            weight = border_mm(line)
            y = top if side == "top" else top + max(height - weight, 0)
            return p.where, (page_h - y, page_h - y - weight), placed_tolerance()
        if p.place == "footer" and side == "top":
            return p.where, footer_border_distance(a, p, footer, border_mm(line)), placed_tolerance(estimated=True)
    head = {id(p) for p in a.head} | ({id(a.title)} if a.title is not None else set())
    for p, side, line in red_double_borders(a, [p for p in a.body if p.section == 0 and id(p) not in head]):
        flow_top = flow_top_mm(a, p)
        if flow_top is None:
            return p.where, None, FLOW_TOLERANCE_MM  # after a page break, or below page one's text block
        weight = border_mm(line)
        size = a.doc.type_size(p, G.BODY_SIZE_PT)
        y = flow_top if side == "top" else flow_top + paragraph_height_pt(a, p, size) / PT_PER_MM
        return p.where, (page_h - y, page_h - y - weight), FLOW_TOLERANCE_MM
    for p in candidates:
        for ln in p.el.iter(f"{{{A}}}ln"):
            color = ln.find(f".//{{{A}}}srgbClr")
            if ln.get("cmpd") not in ("dbl", "thickThin", "thinThick") or color is None:
                continue
            if not is_red(color.get("val"), G.RED):
                continue
            placed = page_offset_mm(ln, a, p)
            if placed is None or placed[0] < page_h / 2:
                continue
            top, height = placed
            return (
                p.where,
                (page_h - top, page_h - top - max(height, int(ln.get("w", "0")) / EMU_PER_MM)),
                placed_tolerance(),
            )
    return None


FLOW_TOLERANCE_MM = 4.0  # a rule in the text flow: its place estimated from the lines above it


def paragraph_height_pt(a: Anatomy, p: Para, size: float) -> float:
    """A paragraph's height in the flow: its lines (the text's width over the text block's, at least one) times
    the line pitch, and the space before and after it."""
    block = block_mm(section_of(a, p))
    width_pt = (block[0] if block else G.TEXT_WIDTH_MM) * PT_PER_MM
    lines = max(1, -(-round(len(p.text.strip()) * size) // max(round(width_pt), 1)))
    rule, line = a.doc.line_spacing(p)
    natural = size * 1.3
    if rule == "exact" and line:
        pitch = line / 20
    elif rule == "atLeast" and line:
        pitch = max(line / 20, natural)
    else:
        from generators.check.page_rules import line_pitch_pt

        pitch = line_pitch_pt(a, p) or natural * (line or 240) / 240
    return lines * pitch + a.doc.space_pt(p, "before") + a.doc.space_pt(p, "after")


def flow_top_mm(a: Anatomy, p: Para) -> float | None:
    """Estimated distance of a body paragraph's top from the page's top edge on page one: the top margin and
    the heights of the paragraphs before it; None when a page break comes first or it falls off page one."""
    sect = section_of(a, p)
    mar = sect.find(w("pgMar")) if sect is not None else None
    top_mm = abs(mm(mar.get(w("top"), 0))) if mar is not None else G.MARGIN_TOP_MM
    block = block_mm(sect)
    height_mm = block[1] if block else G.TEXT_HEIGHT_MM
    y = 0.0
    for q in a.body:
        if q is p:
            return top_mm + y / PT_PER_MM if y / PT_PER_MM <= height_mm else None
        page_break = any(br.get(w("type")) == "page" for br in q.el.iter(w("br")))
        if page_break or a.doc.first(a.doc.ppr_chain(q), "pageBreakBefore", "val") not in (None, *("0", "false")):
            return None
        y += paragraph_height_pt(a, q, a.doc.type_size(q, G.BODY_SIZE_PT))
    return None


def placed_tolerance(estimated: bool = False) -> float:
    """A rule placed by an offset is where the file says; one in the footer's flow is estimated from line
    heights (type sizes times 1.3), so it is given a few millimetres."""
    return 3.0 if estimated else G.MARGIN_TOLERANCE_MM


def footer_border_distance(a: Anatomy, p: Para, footer: list[Para], weight: float) -> tuple[float, float]:
    """Estimated distance from the bottom edge of a top border of a footer paragraph: the footer distance
    plus the heights of that paragraph and those under it."""
    sect = a.doc.sections[0]
    mar = sect.find(w("pgMar"))
    distance = mm(mar.get(w("footer"), 0)) if mar is not None and mar.get(w("footer")) else 12.7
    height_pt = 0.0
    for q in footer[footer.index(p) :]:
        rule, line = a.doc.line_spacing(q)
        size = a.doc.type_size(q, G.SIZE_XIAO4)
        natural = size * 1.3  # single spacing: about 1.3 times the type size for CJK faces
        if rule == "exact" and line:
            height_pt += line / 20
        elif rule == "atLeast" and line:
            height_pt += max(line / 20, natural)
        else:
            height_pt += natural * (line or 240) / 240
    top = distance + height_pt / PT_PER_MM
    return top, top - weight


def check_letter_lower_rule(a: Anatomy, rule: Rule):
    """The lower red double rule of page one, 20 mm above the bottom edge of the page (§10.1)."""
    found = lower_rule(a)
    if found is None:
        return Skip("下红色双线的位置未写在文档中（如在正文中排布），请在 PDF 中核对")
    where, distance, tolerance = found
    if distance is None:
        return [Finding(where, "下红色双线在正文中，按行高估算不在首页")]
    top, bottom = distance
    want = G.LETTER_RULE_FROM_BOTTOM_MM
    if bottom - tolerance <= want <= top + tolerance:
        return []
    estimated = "（在正文中，按行高估算）" if tolerance == FLOW_TOLERANCE_MM else ""
    return [Finding(where, f"下红色双线距下页边约{(top + bottom) / 2:.0f} mm{estimated}")]


# ---------------------------------------------------------------- 发文字号, dates, 附件说明


def number_problem(piece: str) -> str:
    reasons = [
        text
        for wrong, text in (
            (not re.search(r"〔\d+〕", piece), "年份应用六角括号〔〕"),
            (not re.search(r"\d{4}\s*[〕\]］)）】]", piece), "年份应写全四位"),
            ("第" in piece, "序号前不加「第」"),
            (re.search(r"[〕\]］)）】]\s*第?\s*0", piece), "序号不编虚位（不加前导0）"),
        )
        if wrong
    ]
    return "，".join(reasons) or "格式不符"


def check_doc_number(a: Anatomy, rule: Rule):
    if not a.doc_numbers:
        return None
    filled = [(p, piece) for p, piece in a.doc_numbers if not unfilled_number(piece)]
    if not filled:
        return Skip("发文字号未填写（见「未填写内容」）")
    return [
        Finding(p.label, f"「{piece}」：{number_problem(piece)}")
        for p, piece in filled
        if not re.match(G.DOC_NUMBER_PATTERN, piece)
    ]


def date_problem(date: str) -> str | None:
    date = re.sub(r"\s", "", date)
    if re.match(G.DATE_PATTERN, date):
        return None
    reasons = [
        text
        for wrong, text in (
            (not re.match(r"\d{4}年", date), "年份应写全四位"),
            (re.search(r"[年月]0", date), "月、日不编虚位（不加前导0）"),
        )
        if wrong
    ]
    return "，".join(reasons) or "格式不符"


def check_dates(a: Anatomy, rule: Rule):
    """Dates on lines of their own (the 成文日期): 「2022年3月15日」, in Arabic numerals (§7.3.5.1), no leading 0."""
    dates = [
        (p, piece)
        for p in a.text_of(("body",))
        for piece in pieces(p.text)
        if DATE_ONLY.fullmatch(piece) or CHINESE_DATE.fullmatch(piece)
    ]
    if not dates:
        return None
    out = []
    for p, piece in dates:
        if CHINESE_DATE.fullmatch(piece):
            out.append(Finding(p.label, f"「{piece}」：成文日期用阿拉伯数字（如「2022年3月15日」）"))
        elif date_problem(piece):
            out.append(Finding(p.label, f"「{piece}」：{date_problem(piece)}"))
    return out


def check_attachments(a: Anatomy, rule: Rule):
    if not a.attachments:
        return None
    head, *more = a.attachments
    out = []
    if not head.text.strip().startswith("附件："):
        out.append(Finding(head.label, "「附件」后应为全角冒号「：」"))
    items = [(head, re.sub(r"^\s*附件\s*[：:]", "", head.text).strip())] + [(p, p.text.strip()) for p in more]
    # One attachment is not numbered: 「附件：2026年度工作要点」 is one attachment, not attachment 2026.
    numbered = len(items) > 1 or re.match(r"\d+\s*[.．、](?!\d)", items[0][1])
    for n, (p, text) in enumerate(items, 1):
        m = re.match(r"(\d+)([.．、]?)\s*(.*)", text, re.S) if numbered else None
        name = m.group(3) if m else text
        if m and (m.group(1) != str(n) or m.group(2) not in (".", "．")):
            out.append(Finding(p.label, f"序号为「{m.group(1)}{m.group(2)}」，应为「{n}.」"))
        elif name.rstrip()[-1:] in tuple(TRAILING_PUNCTUATION):
            out.append(Finding(p.label, f"名称后有标点「{name.rstrip()[-1]}」"))
    return out


# ---------------------------------------------------------------- 版记


def check_imprint(a: Anatomy, rule: Rule):
    """The 印发 line 「印发机关　2022年3月15日印发」 (§7.4.3): present in a 版记, spaced, its date written in full."""
    if not a.imprints:
        if a.malformed_imprint is not None:
            p = a.malformed_imprint
            return [Finding(p.label, f"「{p.text.strip()[-24:]}」：印发日期后缺「印发」二字")]
        if a.banji:
            return [Finding(a.banji[-1].label, "版记没有印发机关和印发日期（「印发机关　印发日期印发」一行）")]
        return None
    out = []
    for p, m in a.imprints:
        text = p.text.strip()
        tail = text[-IMPRINT_SLICE:]
        org = text[: len(text) - len(tail) + m.start()]
        spaced = re.search(rf"\S[\s\u3000]+{LOOSE_DATE}\s*印\s*发$", text[-IMPRINT_SLICE - 8 :])
        if not org.strip() or not spaced:
            out.append(Finding(p.label, f"「{text[-24:]}」：印发机关和印发日期之间应空开"))
        elif date_problem(m.group("date")):
            out.append(Finding(p.label, f"「{m.group('date')}」：{date_problem(m.group('date'))}"))
    return out


def table_rule(a: Anatomy, p: Para, side: str):
    """The rule a table draws on `side` (top or bottom) of p when p is the first (top) or last (bottom)
    paragraph of its cell: the cell's own border, else the table's (its outer border on the first or last
    row, insideH between rows), from the table's properties or its style; None when there is none."""
    tc = next(p.el.iterancestors(w("tc")), None)
    if tc is None or p.el.getparent() is not tc:
        return None
    paragraphs = tc.findall(w("p"))
    if not paragraphs or paragraphs[0 if side == "top" else -1] is not p.el:
        return None
    props = tc.find(w("tcPr"))
    own = props.find(f"{w('tcBorders')}/{w(side)}") if props is not None else None
    if own is not None:
        return own if own.get(w("val")) not in ("none", "nil") else None
    tr, tbl = tc.getparent(), tc.getparent().getparent()
    rows = tbl.findall(w("tr"))
    edge = bool(rows) and rows[0 if side == "top" else -1] is tr
    name = side if edge else "insideH"
    for tbl_pr in table_properties(a, tbl):
        line = tbl_pr.find(f"{w('tblBorders')}/{w(name)}")
        if line is not None:
            return line if line.get(w("val")) not in ("none", "nil") else None
    return None


def table_properties(a: Anatomy, tbl) -> list:
    """The table's w:tblPr, then those of its table style and the styles it is based on."""
    own = tbl.find(w("tblPr"))
    chain = [own] if own is not None else []
    style = own.find(w("tblStyle")) if own is not None else None
    seen = set()
    style_id = style.get(w("val")) if style is not None else None
    while style_id and style_id in a.doc.styles and style_id not in seen:
        seen.add(style_id)
        el = a.doc.styles[style_id]
        if el.find(w("tblPr")) is not None:
            chain.append(el.find(w("tblPr")))
        based = el.find(w("basedOn"))
        style_id = based.get(w("val")) if based is not None else None
    return chain


def banji_block(a: Anatomy) -> list[Para]:
    """The 版记's paragraphs from the first (主送 or 抄送) to the last (the 印发 line), in document order:
    lines of one container, or the cells of a table (in a text box too), row after row."""
    last = a.banji_last
    if last is None:
        return []
    first = next((p for p in a.banji if p is not last and not imprint_match(p.text)), last)
    paragraphs = a.doc.paragraphs
    try:
        start, end = paragraphs.index(first), paragraphs.index(last)
    except ValueError:
        return [last]
    block = [p for p in paragraphs[start : end + 1] if p.place == last.place]
    return block if start <= end and len(block) <= 12 else [last]


def banji_gaps(a: Anatomy, block: list[Para]) -> list[list[float]]:
    """The weights (mm) of the rules above the first line, between lines, and under the last line of the 版记.
    A rule may be written as either neighbour's border (the rule under 印发 as the top border of an empty
    paragraph after it, or the bottom border of that empty spacer), or as a table's border (the cell's, the
    table's outer border or insideH, from the table or its style)."""
    gaps: list[list[float]] = [[] for _ in range(len(block) + 1)]

    def add(i: int, line) -> None:
        if line is not None:
            gaps[i].append(border_mm(line))

    before, after = a.doc.neighbour(block[0], -1), a.doc.neighbour(block[-1], 1)
    if before is not None:
        add(0, a.doc.border(before, "bottom"))
        add(0, a.doc.border(before, "top") if not before.text.strip() else None)
    for i, q in enumerate(block):
        add(i, a.doc.border(q, "top"))
        add(i + 1, a.doc.border(q, "bottom"))
        if i and (a.doc.border(q, "between") is not None or a.doc.border(block[i - 1], "between") is not None):
            add(i, a.doc.border(q, "between") or a.doc.border(block[i - 1], "between"))
        add(i, table_rule(a, q, "top"))
        add(i + 1, table_rule(a, q, "bottom"))
    if after is not None:
        add(len(block), a.doc.border(after, "top"))
        if not after.text.strip():  # an empty spacer line under 印发 ruled at its foot
            add(len(block), a.doc.border(after, "bottom"))
    return gaps


def banji_drawn(a: Anatomy, block: list[Para]) -> list:
    near = list(block)
    for step, end in ((-1, block[0]), (1, block[-1])):
        p = a.doc.neighbour(end, step)
        if p is not None:
            near.append(p)
    hosts = [p.anchor for p in block if p.place == "textbox" and p.anchor is not None]
    return drawn_lines(near + hosts)


def check_banji_rules(a: Anatomy, rule: Rule):
    block = banji_block(a)
    if not block:
        return None
    gaps = banji_gaps(a, block)
    if gaps[0] and gaps[-1]:
        return []
    if len(banji_drawn(a, block)) >= 2:
        return []
    p = block[0] if not gaps[0] else block[-1]
    return [Finding(p.label, "版记上方没有分隔线" if not gaps[0] else "印发行下方没有分隔线")]


def check_banji_rule_weights(a: Anatomy, rule: Rule):
    """First and last rules 0.35 mm, those between 0.25 mm (§7.4.1)."""
    block = banji_block(a)
    if not block:
        return None
    gaps = banji_gaps(a, block)
    if not (gaps[0] and gaps[-1]):
        if banji_drawn(a, block):
            return Skip("版记分隔线是绘制的线条，未检查粗细")
        return Skip("版记分隔线不全（见「版记分隔线」）")
    want_thick, want_thin = G.BANJI_THICK_MM, G.BANJI_THIN_MM
    out = []
    for i, weights in enumerate(gaps):
        if not weights:
            continue
        got = max(weights)
        edge = i in (0, len(gaps) - 1)
        want = want_thick if edge else want_thin
        if abs(got - want) > rule.tolerance:
            which = "首条" if i == 0 else "末条" if i == len(gaps) - 1 else "中间"
            where = block[min(i, len(block) - 1)].label
            out.append(Finding(where, f"{which}分隔线粗{got:.2f} mm，应为{want} mm"))
    return out


def check_cc(a: Anatomy, rule: Rule):
    lines = [p for p in a.text_of() if re.match(r"\s*抄\s*送\s*[：:]", p.text)]
    out = []
    for p in lines:
        text = p.text.strip()
        if not text.startswith("抄送："):
            out.append(Finding(p.label, f"「{text[:4]}」：应为「抄送：」"))
        elif not text.endswith("。"):
            out.append(Finding(p.label, f"末尾为「{text[-1]}」，应以「。」结束"))
    return out if lines else None
