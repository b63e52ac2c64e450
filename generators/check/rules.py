"""The GB/T 9704 rules `gen check` applies, as data: one table of Rule records.

Every number comes from gbt9704.py; a rule's check function returns the places where the
document departs from it ([] when it holds), or None when the document has nothing the rule
is about (a hand-written notice without 版记 is not failed on 版记).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from generators.check.docx_styles import Docx, Para, is_red, local, mm, on, pieces, w
from generators.word import gbt9704 as G

# Loose shapes, so that wrong forms are found and then judged against gbt9704's strict patterns.
LOOSE_NUMBER = re.compile(r"\S*?[〔\[［(（【]\s*\d{1,4}\s*[〕\]］)）】]\s*第?\s*\d+\s*号")
LOOSE_DATE = r"\d{2,4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
IMPRINT = re.compile(rf"(?P<org>.*?)[\s\u3000]*(?P<date>{LOOSE_DATE})\s*印发")
LEVELS = [  # (pattern, key in gbt9704.LEVEL_FONTS); 「1.5亿元」 is not a level
    (re.compile(r"[一二三四五六七八九十]+、"), "一、"),
    (re.compile(r"[（(][一二三四五六七八九十]+[）)]"), "（一）"),
    (re.compile(r"\d+[.．](?!\d)"), "1."),
    (re.compile(r"[（(]\d+[）)]"), "（1）"),
]
ANNEX_MARK = re.compile(r"附件\s*\d*")
DOUBLE_LINES = {
    "double",
    "thickThinSmallGap",
    "thinThickSmallGap",
    "thickThinMediumGap",
    "thinThickMediumGap",
    "thickThinLargeGap",
    "thinThickLargeGap",
    "triple",
}
TRAILING_PUNCTUATION = "。，、；：,.;:！!？?"
PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Finding:
    where: str
    found: str


def level_of(text: str) -> tuple[str, str] | None:
    """(key in LEVEL_FONTS, the marker as written) when the text starts with a level marker."""
    text = text.lstrip()
    for pattern, key in LEVELS:
        m = pattern.match(text)
        if m:
            return key, m.group()
    return None


class Anatomy:
    """The parts of a 公文 found in a Docx: head (发文机关标志, 发文字号), title, main text, 版记."""

    def __init__(self, doc: Docx, letter: bool | None = None):
        self.doc = doc
        body = [p for p in doc.paragraphs if p.place == "body"]
        numbers = [
            (p, piece)
            for p in doc.paragraphs
            if p.place in ("body", "table")
            for piece in pieces(p.text)
            if LOOSE_NUMBER.fullmatch(piece)
        ]
        self.doc_numbers = numbers
        self.letter = letter if letter is not None else any("函" in piece for _, piece in numbers[:1])
        texts = [p for p in body if p.text.strip()]
        head_number = next((p for p, _ in numbers if p.place == "body"), None)
        if head_number is not None:
            head_end = body.index(head_number)
        else:  # no 发文字号: the head is the red lines at the top, if any
            head_end = -1
            for p in texts:
                if not all(is_red(doc.color(p, r), G.RED) for r in p.text_runs):
                    break
                head_end = body.index(p)
        self.organ_mark = (
            texts[0] if texts and texts[0] is not head_number and 0 <= body.index(texts[0]) <= head_end else None
        )
        if self.organ_mark is None and head_number is not None:
            # A letter's mark may sit in a text box anchored 30 mm from the top edge, before the 发文字号.
            ordered = [p for p in doc.paragraphs if p.place in ("body", "textbox") and p.text.strip()]
            before = ordered[: ordered.index(head_number)] if head_number in ordered else []
            self.organ_mark = next((p for p in before if p.place == "textbox"), None)
        self.title = None
        for p in body[head_end + 1 :]:
            if not p.text.strip() or p is head_number:
                continue
            if level_of(p.text) or ANNEX_MARK.fullmatch(p.text.strip()):
                break
            if doc.align(p) == "center" and not any(is_red(doc.color(p, r), G.RED) for r in p.text_runs):
                self.title = p
                break
        # Main text: after the title up to the 成文日期 (or an annex mark); annexes and 版记 follow.
        start = body.index(self.title) + 1 if self.title else head_end + 1
        self.main: list[Para] = []
        for p in body[start:]:
            text = p.text.strip()
            if ANNEX_MARK.fullmatch(text):
                break
            self.main.append(p)
            if any(re.fullmatch(LOOSE_DATE, piece) for piece in pieces(text)):
                break

    @cached_property
    def attachments(self) -> list[Para]:
        """附件说明: 「附件：1.……」 and the numbered lines that follow it (they are not level headings)."""
        start = next((i for i, p in enumerate(self.main) if re.match(r"\s*附件\s*[：:]", p.text)), None)
        if start is None:
            return []
        block = [self.main[start]]
        for p in self.main[start + 1 :]:
            if not re.match(r"\s*\d+\s*[.．、]", p.text):
                break
            block.append(p)
        return block

    @cached_property
    def headings(self) -> list[tuple[Para, tuple[str, str]]]:
        """Main-text paragraphs that start with a level marker, with (level, marker)."""
        return [(p, level_of(p.text)) for p in self.main if level_of(p.text) and p not in self.attachments]

    @cached_property
    def ordinary(self) -> list[Para]:
        """Paragraphs of plain body text: main text that is not centred, right-aligned or a level heading."""
        headed = {id(p) for p, _ in self.headings}
        return [
            p
            for p in self.main
            if p.text.strip() and id(p) not in headed and self.doc.align(p) not in ("center", "right")
        ]

    def text_of(self, places=("body", "table", "textbox")) -> list[Para]:
        return [p for p in self.doc.paragraphs if p.place in places and p.text.strip()]


Check = Callable[[Anatomy, "Rule"], "list[Finding] | None"]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    expected: str
    tolerance: float
    check: Check
    letter_only: bool = False


# ---------------------------------------------------------------- page


def portrait(sect) -> bool:
    size = sect.find(w("pgSz"))
    if size is None or size.get(w("w")) is None:
        return True
    return size.get(w("orient")) != "landscape" and int(size.get(w("w"))) <= int(size.get(w("h")))


def check_page_size(a: Anatomy, rule: Rule) -> list[Finding]:
    out = []
    for i, sect in enumerate(a.doc.sections, 1):
        size = sect.find(w("pgSz"))
        width, height = (mm(size.get(w("w"))), mm(size.get(w("h")))) if size is not None else (None, None)
        if width is None or height is None:
            out.append(Finding(f"第{i}节", "未设置纸张大小"))
            continue
        want = (G.PAGE_WIDTH_MM, G.PAGE_HEIGHT_MM) if portrait(sect) else (G.PAGE_HEIGHT_MM, G.PAGE_WIDTH_MM)
        if abs(width - want[0]) > rule.tolerance or abs(height - want[1]) > rule.tolerance:
            out.append(Finding(f"第{i}节", f"{width:.1f}×{height:.1f} mm"))
    return out


def check_margins(a: Anatomy, rule: Rule) -> list[Finding] | None:
    sections = [(i, s) for i, s in enumerate(a.doc.sections, 1) if portrait(s)]
    if not sections:
        return None
    tops = [G.MARGIN_TOP_MM] + ([G.LETTER_MARGIN_TOP_MM] if a.letter else [])
    out = []
    for i, sect in sections:
        size, mar = sect.find(w("pgSz")), sect.find(w("pgMar"))
        if size is None or mar is None:
            out.append(Finding(f"第{i}节", "未设置页边距"))
            continue
        top, bottom = mm(mar.get(w("top"), 0)), mm(mar.get(w("bottom"), 0))
        left = mm(mar.get(w("left"), 0)) + mm(mar.get(w("gutter"), 0))
        right = mm(mar.get(w("right"), 0))
        block_w, block_h = mm(size.get(w("w"))) - left - right, mm(size.get(w("h"))) - abs(top) - abs(bottom)
        near = lambda value, want: abs(value - want) <= rule.tolerance  # noqa: E731
        if not (
            any(near(abs(top), t) for t in tops)
            and near(left, G.MARGIN_LEFT_MM)
            and near(block_w, G.TEXT_WIDTH_MM)
            and near(block_h, G.TEXT_HEIGHT_MM)
        ):
            out.append(
                Finding(f"第{i}节", f"天头{abs(top):.1f} mm，订口{left:.1f} mm，版心{block_w:.1f}×{block_h:.1f} mm")
            )
    return out


def grid(sect) -> tuple[str, int | None, int | None]:
    el = sect.find(w("docGrid")) if sect is not None else None
    if el is None:
        return "default", None, None
    value = lambda name: int(el.get(w(name))) if el.get(w(name)) is not None else None  # noqa: E731
    return el.get(w("type"), "default"), value("linePitch"), value("charSpace")


def line_pitch_pt(a: Anatomy, p: Para) -> float | None:
    """The distance between lines of a paragraph: exact spacing, or the grid's pitch for single spacing."""
    rule, line = a.doc.line_spacing(p)
    if rule == "exact" and line:
        return line / 20
    sections = a.doc.sections
    gtype, pitch, _ = grid(sections[min(p.section, len(sections) - 1)] if sections else None)
    snap = a.doc.first(a.doc.ppr_chain(p), "snapToGrid", "val")
    if gtype != "default" and pitch and snap not in ("0", "false", "off"):
        return pitch / 20 * (line or 240) / 240 if rule == "auto" else max(pitch / 20, (line or 0) / 20)
    return None


def check_grid(a: Anatomy, rule: Rule) -> list[Finding] | None:
    out = []
    for p in a.ordinary:
        pitch = line_pitch_pt(a, p)
        if pitch is None or abs(pitch - G.LINE_PITCH_PT) > rule.tolerance:
            found = f"行距{pitch:.2f}磅" if pitch else "行距随字号变化（未设固定值或文档网格）"
            out.append(Finding(p.label, found))
    # Characters per line, when the document grid sets them (type linesAndChars / snapToChars).
    for i, sect in enumerate(a.doc.sections, 1):
        gtype, _, space = grid(sect)
        size, mar = sect.find(w("pgSz")), sect.find(w("pgMar"))
        if gtype in ("linesAndChars", "snapToChars") and portrait(sect) and size is not None and mar is not None:
            width_pt = (int(size.get(w("w"))) - int(mar.get(w("left"), 0)) - int(mar.get(w("right"), 0))) / 20
            chars = width_pt / (G.BODY_SIZE_PT + (space or 0) / 4096)
            if abs(chars - G.CHARS_PER_LINE) > 0.5:
                out.append(Finding(f"第{i}节文档网格", f"每行{chars:.1f}字"))
    return out if a.ordinary else None


# ---------------------------------------------------------------- fonts and sizes


def font_findings(a: Anatomy, paras: list[Para], font: str) -> list[Finding]:
    out = []
    for p in paras:
        for run in p.text_runs:
            got = a.doc.east_asia_font(p, run)
            if got.effective != font:
                out.append(
                    Finding(p.label, str(got) if len(p.text_runs) == 1 else f"「{run.text.strip()[:8]}」为{got}")
                )
                break
    return out


def size_findings(a: Anatomy, paras: list[Para], size: float, tolerance: float) -> list[Finding]:
    out = []
    for p in paras:
        for run in p.text_runs:
            got = a.doc.size_pt(p, run)
            if got is None or abs(got - size) > tolerance:
                shown = f"{got:g}磅" if got else "未设置（Word 默认为10磅）"
                out.append(Finding(p.label, shown if len(p.text_runs) == 1 else f"「{run.text.strip()[:8]}」为{shown}"))
                break
    return out


def check_body_font(a: Anatomy, rule: Rule):
    return font_findings(a, a.ordinary, G.FONT_BODY) if a.ordinary else None


def check_body_size(a: Anatomy, rule: Rule):
    return size_findings(a, a.ordinary, G.BODY_SIZE_PT, rule.tolerance) if a.ordinary else None


def check_title_font(a: Anatomy, rule: Rule):
    return font_findings(a, [a.title], G.FONT_TITLE) if a.title else None


def check_title_size(a: Anatomy, rule: Rule):
    return size_findings(a, [a.title], G.TITLE_SIZE_PT, rule.tolerance) if a.title else None


def check_levels(a: Anatomy, rule: Rule) -> list[Finding] | None:
    """The runs that hold a level marker (「一、」…) use that level's font; the text after may differ
    (a 段内标题 「（一）……。」 in 楷体 runs on in 仿宋)."""
    out = []
    for p, (key, marker) in a.headings:
        want, covered = G.LEVEL_FONTS[key], len(p.text) - len(p.text.lstrip()) + len(marker)
        for run in p.runs:
            if covered <= 0:
                break
            if run.text.strip():
                got = a.doc.east_asia_font(p, run)
                if got.effective != want:
                    out.append(Finding(p.label, f"「{marker}」为{got}，应为{want}"))
                    break
            covered -= len(run.text)
    return out if a.headings else None


def check_explicit_fonts(a: Anatomy, rule: Rule) -> list[Finding]:
    paras = a.text_of() + [p for _, _, p in page_number_paragraphs(a, any_text=True)]
    out = []
    for p in paras:
        for run in p.text_runs:
            got = a.doc.east_asia_font(p, run)
            if got.name is None:
                out.append(Finding(p.label, f"中文字体为{got}"))
                break
    return out


# ---------------------------------------------------------------- page numbers


def is_page_field(p: Para) -> bool:
    instructions = [t.text or "" for t in p.el.iter(w("instrText"))]
    instructions += [f.get(w("instr"), "") for f in p.el.iter(w("fldSimple"))]
    return any(re.search(r"\bPAGE\b", text) for text in instructions)


def page_number_paragraphs(a: Anatomy, any_text: bool = False):
    """(where, kind, paragraph) for the page-number paragraph of each footer in use (odd/even),
    or (where, kind, None) for a footer in use without one. With any_text: every footer paragraph with text."""
    even = on(a.doc.settings.find(w("evenAndOddHeaders")))
    seen, out = set(), []
    for i in range(len(a.doc.sections)):
        footers = a.doc.footers(i)
        kinds = [("default", "奇数页页脚" if even else "页脚")] + ([("even", "偶数页页脚")] if even else [])
        if any_text:
            kinds.append(("first", "首页页脚"))
        for kind, name in kinds:
            footer = footers.get(kind)
            key = id(footer) if footer is not None else (kind, i)
            if key in seen or (footer is None and any_text):
                continue
            seen.add(key)
            where = f"第{i + 1}节{name}"
            paras = a.doc.footer_paragraphs(footer, where, i) if footer is not None else []
            if any_text:
                out += [(where, kind, p) for p in paras if p.text.strip()]
            else:
                out.append((where, kind, next((p for p in paras if is_page_field(p)), None)))
    return out


def check_page_number(a: Anatomy, rule: Rule) -> list[Finding]:
    before, after = (part.strip() for part in G.PAGE_NUMBER_FORMAT.split("{}"))
    shape = re.compile(rf"[\s\u3000]*{re.escape(before)}\s*\S*\s*{re.escape(after)}[\s\u3000]*")
    out = []
    for where, _, p in page_number_paragraphs(a):
        if p is None:
            out.append(Finding(where, "没有页码（PAGE 域）"))
        elif not shape.fullmatch(p.text):
            out.append(Finding(where, f"页码显示为「{p.text.strip()}」"))
    return out


def check_page_number_font(a: Anatomy, rule: Rule) -> list[Finding] | None:
    found = [(where, p) for where, _, p in page_number_paragraphs(a) if p is not None]
    out = []
    for where, p in found:
        for run in p.text_runs:
            font, size = a.doc.east_asia_font(p, run), a.doc.size_pt(p, run)
            wrong_size = size is None or abs(size - G.PAGE_NUMBER_SIZE_PT) > rule.tolerance
            if font.effective != G.FONT_PAGE_NUMBER or wrong_size:
                out.append(Finding(where, f"「{run.text.strip()}」为{font} {size or '未设置'}磅"))
                break
    return out if found else None


def check_page_number_position(a: Anatomy, rule: Rule) -> list[Finding] | None:
    found = [(where, kind, p) for where, kind, p in page_number_paragraphs(a) if p is not None]
    if not found:
        return None
    out = []
    if not on(a.doc.settings.find(w("evenAndOddHeaders"))):
        out.append(Finding("文档设置", "未设置「奇偶页不同」，单双页页码在同一侧"))
    for where, kind, p in found:
        want, side = ("right", "right") if kind == "default" else ("left", "left")
        got = a.doc.align(p)
        sizes = [a.doc.size_pt(p, r) for r in p.text_runs]
        size = next((s for s in sizes if s), G.PAGE_NUMBER_SIZE_PT)
        spaces = p.text.rstrip() if side == "right" else p.text.lstrip()
        spaces = len(spaces) - len(spaces.rstrip("\u3000") if side == "right" else spaces.lstrip("\u3000"))
        chars = a.doc.indent_chars(p, side, size) + spaces
        names = {"right": "居右", "left": "居左", "center": "居中", "both": "两端对齐"}
        if got != want:
            out.append(Finding(where, f"{names.get(got, got)}，应{names[want]}"))
        elif abs(chars - G.PAGE_NUMBER_INDENT_CHARS) > rule.tolerance:
            out.append(Finding(where, f"{names[want]}空{chars:.1f}字"))
    return out


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
    return [
        Finding(p.label, f"「{piece}」：{number_problem(piece)}")
        for p, piece in a.doc_numbers
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
    dates = [(p, piece) for p in a.text_of(("body",)) for piece in pieces(p.text) if re.fullmatch(LOOSE_DATE, piece)]
    if not dates:
        return None
    return [Finding(p.label, f"「{piece}」：{date_problem(piece)}") for p, piece in dates if date_problem(piece)]


def check_attachments(a: Anatomy, rule: Rule):
    if not a.attachments:
        return None
    head, *more = a.attachments
    out = []
    if not head.text.strip().startswith("附件："):
        out.append(Finding(head.label, "「附件」后应为全角冒号「：」"))
    items = [(head, re.sub(r"^\s*附件\s*[：:]", "", head.text).strip())] + [(p, p.text.strip()) for p in more]
    numbered = len(items) > 1 or re.match(r"\d", items[0][1])
    for n, (p, text) in enumerate(items, 1):
        m = re.match(r"(\d+)([.．、]?)\s*(.*)", text, re.S) if numbered else None
        name = m.group(3) if m else text
        if m and (m.group(1) != str(n) or m.group(2) not in (".", "．")):
            out.append(Finding(p.label, f"序号为「{m.group(1)}{m.group(2)}」，应为「{n}.」"))
        elif name.rstrip()[-1:] in tuple(TRAILING_PUNCTUATION):
            out.append(Finding(p.label, f"名称后有标点「{name.rstrip()[-1]}」"))
    return out


# ---------------------------------------------------------------- 版记


def imprints(a: Anatomy):
    return [(p, m) for p in a.text_of() if (m := IMPRINT.search(p.text)) and p.text.strip().endswith("印发")]


def check_imprint(a: Anatomy, rule: Rule):
    found = imprints(a)
    out = []
    for p, m in found:
        text = p.text.strip()
        if not m.group("org").strip() or not re.search(rf"\S[\s\u3000]+{LOOSE_DATE}\s*印发$", text):
            out.append(Finding(p.label, f"「{text}」：印发机关和印发日期之间应空开"))
        elif date_problem(m.group("date")):
            out.append(Finding(p.label, f"「{m.group('date')}」：{date_problem(m.group('date'))}"))
    return out if found else None


def cell_rule(p: Para, side: str) -> bool:
    """A rule on `side` of the table cell (or its table) holding p."""
    for el in p.el.iterancestors():
        if local(el) in ("tc", "tbl"):
            props = el.find(w("tcPr" if local(el) == "tc" else "tblPr"))
            borders = props.find(w("tcBorders" if local(el) == "tc" else "tblBorders")) if props is not None else None
            line = borders.find(w(side)) if borders is not None else None
            if line is not None:
                return line.get(w("val")) not in ("none", "nil")
            if local(el) == "tbl":
                return False
    return False


def check_banji_rules(a: Anatomy, rule: Rule):
    found = imprints(a)
    out = []
    for p, _ in found:
        previous = p.el.getprevious()
        prev = next((q for q in a.doc.paragraphs if q.el is previous), None) if previous is not None else None
        ruled = lambda q, side: a.doc.border(q, side) is not None  # noqa: E731
        # The top rule: on the 印发 line itself, or on the line above it (抄送), or on the table cell.
        top = (
            ruled(p, "top")
            or cell_rule(p, "top")
            or (prev is not None and (ruled(prev, "top") or ruled(prev, "bottom")))
        )
        bottom = ruled(p, "bottom") or cell_rule(p, "bottom")
        if not (top and bottom):
            out.append(Finding(p.label, "版记上方没有分隔线" if not top else "印发行下方没有分隔线"))
    return out if found else None


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


# ---------------------------------------------------------------- 信函格式


def check_letter_mark(a: Anatomy, rule: Rule):
    p = a.organ_mark or next(iter(a.text_of(("body",))), None)
    if p is None:
        return None
    colors = {a.doc.color(p, r) for r in p.text_runs}
    return [] if all(is_red(c, G.RED) for c in colors) else [Finding(p.label, f"颜色为{'、'.join(sorted(colors))}")]


def red_double_rules(a: Anatomy) -> int:
    count = 0
    paras = list(a.doc.paragraphs)
    first = a.doc.footers(0).get("first") if a.doc.sections else None
    if first is not None:
        paras += a.doc.footer_paragraphs(first, "首页页脚", 0)
    for p in paras:
        for side in ("top", "bottom"):
            line = a.doc.border(p, side)
            if line is not None and line.get(w("val")) in DOUBLE_LINES and is_red(line.get(w("color")), G.RED):
                count += 1
    body = a.doc.document.element.body
    for borders in [*body.iter(w("tblBorders")), *body.iter(w("tcBorders"))]:
        for line in borders:
            if line.get(w("val")) in DOUBLE_LINES and is_red(line.get(w("color")), G.RED):
                count += 1
    # Drawn lines (DrawingML) with a compound double stroke in red.
    for ln in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}ln"):
        color = ln.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}srgbClr")
        double = ln.get("cmpd") in ("dbl", "thickThin", "thinThick")
        if double and color is not None and is_red(color.get("val"), G.RED):
            count += 1
    return count


def check_letter_rules(a: Anatomy, rule: Rule):
    count = red_double_rules(a)
    return [] if count >= 2 else [Finding("首页", f"找到{count}条红色双线")]


def check_letter_first_page(a: Anatomy, rule: Rule):
    if not a.doc.sections:
        return [Finding("第1节", "没有节设置")]
    if not on(a.doc.sections[0].find(w("titlePg"))):
        return [Finding("第1节", "未设置「首页不同」，首页会显示页码")]
    first = a.doc.footers(0).get("first")
    paras = a.doc.footer_paragraphs(first, "第1节首页页脚", 0) if first is not None else []
    shown = [p for p in paras if is_page_field(p) or p.text.strip()]
    return [Finding(shown[0].where, f"首页页脚有「{shown[0].text.strip()}」")] if shown else []


# ---------------------------------------------------------------- the table

RULES = [
    Rule(
        "page-size",
        "纸张幅面",
        f"A4（{G.PAGE_WIDTH_MM}×{G.PAGE_HEIGHT_MM} mm，横排页面为{G.PAGE_HEIGHT_MM}×{G.PAGE_WIDTH_MM} mm）",
        G.MARGIN_TOLERANCE_MM,
        check_page_size,
    ),
    Rule(
        "margins",
        "页边距与版心",
        f"天头{G.MARGIN_TOP_MM} mm，订口{G.MARGIN_LEFT_MM} mm，"
        f"版心{G.TEXT_WIDTH_MM}×{G.TEXT_HEIGHT_MM} mm（±{G.MARGIN_TOLERANCE_MM} mm）",
        G.MARGIN_TOLERANCE_MM,
        check_margins,
    ),
    Rule(
        "grid",
        "行数和字数",
        f"每面{G.LINES_PER_PAGE}行、每行{G.CHARS_PER_LINE}字（行距{G.LINE_PITCH_PT:g}磅）",
        0.5,
        check_grid,
    ),
    Rule("body-font", "正文字体", G.FONT_BODY, 0, check_body_font),
    Rule("body-size", "正文字号", f"3号（{G.BODY_SIZE_PT}磅）", 0.25, check_body_size),
    Rule("title-font", "标题字体", G.FONT_TITLE, 0, check_title_font),
    Rule("title-size", "标题字号", f"2号（{G.TITLE_SIZE_PT}磅）", 0.25, check_title_size),
    Rule("level-fonts", "层次序数字体", "，".join(f"「{k}」{v}" for k, v in G.LEVEL_FONTS.items()), 0, check_levels),
    Rule(
        "explicit-fonts",
        "中文字体明确指定",
        "每处文字的中文字体写明字体名（w:eastAsia），不用主题字体",
        0,
        check_explicit_fonts,
    ),
    Rule("page-number", "页码", f"页脚有页码域，显示为「{G.PAGE_NUMBER_FORMAT.format(1)}」", 0, check_page_number),
    Rule(
        "page-number-font",
        "页码字体字号",
        f"{G.FONT_PAGE_NUMBER} 4号（{G.PAGE_NUMBER_SIZE_PT}磅）",
        0.25,
        check_page_number_font,
    ),
    Rule(
        "page-number-position",
        "页码位置",
        f"奇偶页不同：单页居右、双页居左，各空{G.PAGE_NUMBER_INDENT_CHARS}字",
        0.5,
        check_page_number_position,
    ),
    Rule(
        "doc-number",
        "发文字号",
        "如「榆巩衔办发〔2022〕2号」：六角括号〔〕，年份写全，序号不编虚位、不加「第」",
        0,
        check_doc_number,
    ),
    Rule("date", "成文日期", "如「2022年3月15日」：年份写全，月、日不编虚位", 0, check_dates),
    Rule("attachments", "附件说明", "「附件：1.名称」「2.名称」：序号用「1.」，名称后不加标点", 0, check_attachments),
    Rule("imprint", "印发机关和印发日期", "「印发机关　2022年3月15日印发」：日期写全、不编虚位", 0, check_imprint),
    Rule("banji-rules", "版记分隔线", "版记首条上方、印发行下方有分隔线", 0, check_banji_rules),
    Rule("cc", "抄送", "以「抄送：」开头，以「。」结束", 0, check_cc),
    Rule("letter-mark", "信函发文机关标志", f"红色（{G.RED}）", 0, check_letter_mark, letter_only=True),
    Rule("letter-rules", "信函红色双线", "首页上、下各一条红色双线", 0, check_letter_rules, letter_only=True),
    Rule(
        "letter-first-page",
        "信函首页页码",
        "首页不显示页码（首页不同，首页页脚为空）",
        0,
        check_letter_first_page,
        letter_only=True,
    ),
]
