"""Rules about the page: size, margins, lines and characters, page numbers, and the last page (版记).

Longer than 400 lines: one rule per page property, each short; they share the section and footer views.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from generators.check.anatomy import Anatomy, Finding, Rule, Skip
from generators.check.docx_styles import Para, mm, on, w
from generators.check.fonts import same_class
from generators.check.pdf_layout import page_number
from generators.word import gbt9704 as G
from generators.word.ooxml import EMU_PER_MM, NS, PT_PER_MM, local

EPSILON_PT = 0.1  # rounding of twips in the page set-up


def size_mm(sect) -> tuple[float, float] | None:
    size = sect.find(w("pgSz")) if sect is not None else None
    if size is None or size.get(w("w")) is None or size.get(w("h")) is None:
        return None
    return mm(size.get(w("w"))), mm(size.get(w("h")))


def portrait(sect) -> bool:
    """Judged by width and height: an `orient` attribute that disagrees with the size is ignored, as Word
    lays the page out by its size."""
    size = size_mm(sect)
    return size is None or size[0] <= size[1]


def section_of(a: Anatomy, p: Para):
    sections = a.doc.sections
    return sections[min(p.section, len(sections) - 1)] if sections else None


def block_mm(sect) -> tuple[float, float] | None:
    """The text block (版心) of a section: page minus margins (and gutter)."""
    size, mar = size_mm(sect), sect.find(w("pgMar")) if sect is not None else None
    if size is None or mar is None:
        return None
    left = mm(mar.get(w("left"), 0)) + mm(mar.get(w("gutter"), 0))
    top, bottom = abs(mm(mar.get(w("top"), 0))), abs(mm(mar.get(w("bottom"), 0)))
    return size[0] - left - mm(mar.get(w("right"), 0)), size[1] - top - bottom


# ---------------------------------------------------------------- size and margins


def check_page_size(a: Anatomy, rule: Rule) -> list[Finding]:
    if not a.doc.sections:
        return [Finding("文档", "没有页面设置（Word 会按默认纸张排版，不一定是 A4）")]
    out = []
    for i, sect in enumerate(a.doc.sections, 1):
        size = size_mm(sect)
        if size is None:
            out.append(Finding(f"第{i}节", "未设置纸张大小"))
            continue
        width, height = size
        want = (G.PAGE_WIDTH_MM, G.PAGE_HEIGHT_MM) if portrait(sect) else (G.PAGE_HEIGHT_MM, G.PAGE_WIDTH_MM)
        if abs(width - want[0]) > rule.tolerance or abs(height - want[1]) > rule.tolerance:
            out.append(Finding(f"第{i}节", f"{width:.1f}×{height:.1f} mm"))
    return out


def check_margins(a: Anatomy, rule: Rule) -> list[Finding] | None:
    if not a.doc.sections:
        return [Finding("文档", "没有页面设置（未设置页边距）")]
    sections = [(i, s) for i, s in enumerate(a.doc.sections, 1) if portrait(s)]
    if not sections:
        return None
    tops = [G.MARGIN_TOP_MM] + ([G.LETTER_MARGIN_TOP_MM] if a.letter else [])
    out = []
    for i, sect in sections:
        mar, block = sect.find(w("pgMar")), block_mm(sect)
        if block is None or mar is None:
            out.append(Finding(f"第{i}节", "未设置页边距"))
            continue
        top = abs(mm(mar.get(w("top"), 0)))
        left = mm(mar.get(w("left"), 0)) + mm(mar.get(w("gutter"), 0))
        near = lambda value, want: abs(value - want) <= rule.tolerance  # noqa: E731
        if not (
            any(near(top, t) for t in tops)
            and near(left, G.MARGIN_LEFT_MM)
            and near(block[0], G.TEXT_WIDTH_MM)
            and near(block[1], G.TEXT_HEIGHT_MM)
        ):
            out.append(
                Finding(f"第{i}节", f"天头{top:.1f} mm，订口{left:.1f} mm，版心{block[0]:.1f}×{block[1]:.1f} mm")
            )
    return out


# ---------------------------------------------------------------- lines and characters


def grid(sect) -> tuple[str, int | None, int | None]:
    el = sect.find(w("docGrid")) if sect is not None else None
    if el is None:
        return "default", None, None
    value = lambda name: int(el.get(w(name))) if el.get(w(name)) is not None else None  # noqa: E731
    space = value("charSpace")
    if space is not None and space >= 2**31:  # LibreOffice writes a negative charSpace as an unsigned 32-bit number
        space -= 2**32
    return el.get(w("type"), "default"), value("linePitch"), space


def snapped(a: Anatomy, p: Para) -> bool:
    return a.doc.first(a.doc.ppr_chain(p), "snapToGrid", "val") not in ("0", "false", "off")


def line_pitch_pt(a: Anatomy, p: Para) -> float | None:
    """The distance between lines of a paragraph: exact (or at-least) spacing, or the grid's pitch for
    single spacing; None when it follows the font (single spacing without a grid)."""
    rule, line = a.doc.line_spacing(p)
    if rule in ("exact", "atLeast") and line:
        return line / 20
    gtype, pitch, _ = grid(section_of(a, p))
    if gtype != "default" and pitch and snapped(a, p):
        return pitch / 20 * (line or 240) / 240 if rule == "auto" else max(pitch / 20, (line or 0) / 20)
    return None


def check_line_pitch(a: Anatomy, rule: Rule) -> list[Finding] | None:
    """22 lines to the page: 22 lines of the pitch fit in the text block and 23 do not (GB/T 9704 §5.2.2)."""
    out = []
    for p in a.ordinary:
        sect = section_of(a, p)
        if not portrait(sect):
            continue
        height_pt = (block_mm(sect) or (G.TEXT_WIDTH_MM, G.TEXT_HEIGHT_MM))[1] * PT_PER_MM
        pitch = line_pitch_pt(a, p)
        if pitch is None:
            out.append(Finding(p.label, "行距随字号变化（未设固定值或文档网格）"))
        elif math.floor((height_pt + EPSILON_PT) / pitch) != G.LINES_PER_PAGE:
            lines = math.floor((height_pt + EPSILON_PT) / pitch)
            out.append(Finding(p.label, f"行距{pitch:.2f}磅，版心每面排{lines}行"))
    return out if a.ordinary else None


def default_size_pt(a: Anatomy) -> float:
    """The size Word measures the character grid against: the default paragraph style's, else docDefaults'."""
    chain = [*a.doc._style_chain(a.doc.default_para_style, "rPr")]
    chain += [a.doc.default_rpr] if a.doc.default_rpr is not None else []
    value = a.doc.first(chain, "sz", "val")
    return int(value) / 2 if value else G.BODY_SIZE_PT


# Word sets a character a little wider than its grid cell in one cell (28 characters of 16 pt in cells of
# 15.79 pt are the standard's own arithmetic); only one wider by more than this takes two cells.
GRID_OVERHANG = 0.05


@dataclass(frozen=True)
class Setting:
    """How one run's characters are set on a line: by the character grid (cell pitch and cells per
    character) or by their own advance (size times scale, plus the character spacing)."""

    grid: bool
    size: float
    spacing: float
    scale: float
    cell: float = 0.0

    @property
    def advance(self) -> float:
        return self.size * self.scale + self.spacing

    @property
    def cells(self) -> int:
        return max(1, math.ceil(self.advance / self.cell - GRID_OVERHANG)) if self.grid else 1

    def per_line(self, width_pt: float) -> int:
        if self.grid:
            return math.floor((width_pt + EPSILON_PT) / self.cell) // self.cells
        return math.floor((width_pt + EPSILON_PT) / self.advance) if self.advance > 0 else 0

    def shown(self) -> str:
        if self.grid:
            text = f"文档网格每格{self.cell:.2f}磅"
            return text + (f"，{self.size:g}磅字每字占{self.cells}格" if self.cells > 1 else "")
        text = f"字号{self.size:g}磅"
        text += f"、字符间距{self.spacing:+g}磅" if self.spacing else "、无字符间距调整"
        return text + (f"、字符缩放{self.scale:.0%}" if self.scale != 1 else "")


def setting(a: Anatomy, p: Para, run) -> Setting:
    """The way `run` is set: the grid's cells when the section has a character grid and the paragraph snaps
    to it, else the run's own size, w:w scale and w:spacing (the construct of a line grid with condensed
    characters)."""
    sect = section_of(a, p)
    gtype, _, space = grid(sect)
    size = a.doc.size_pt(p, run) or G.BODY_SIZE_PT
    scale = a.doc.char_scale(p, run)
    spacing = a.doc.char_spacing_pt(p, run)
    if gtype in ("linesAndChars", "snapToChars") and snapped(a, p):
        cell = default_size_pt(a) + (space or 0) / 4096
        if cell > 0:
            return Setting(True, size, spacing, scale, cell)
    return Setting(False, size, spacing, scale)


def body_setting(a: Anatomy, paragraphs: list[Para]) -> tuple[Setting, Para] | None:
    """The setting most of the body's characters have (weighted by characters), with a paragraph that has it."""
    weights: dict[Setting, int] = {}
    where: dict[Setting, Para] = {}
    for p in paragraphs:
        for run in p.text_runs:
            found = setting(a, p, run)
            weights[found] = weights.get(found, 0) + len(run.text.strip())
            where.setdefault(found, p)
    if not weights:
        return None
    best = max(weights, key=lambda s: weights[s])
    return best, where[best]


def check_chars_per_line(a: Anatomy, rule: Rule) -> list[Finding] | None:
    """28 characters to the line, judged from what sets them: the text block's width and, for most of the
    body's characters, the character grid (Word's linesAndChars with its charSpace) or the type's size,
    scale and character spacing (a line grid with condensed characters)."""
    by_section: dict[int, list[Para]] = {}
    for p in a.ordinary:
        by_section.setdefault(p.section, []).append(p)
    out, judged = [], False
    for section, paragraphs in by_section.items():
        sect = section_of(a, paragraphs[0])
        block = block_mm(sect)
        found = body_setting(a, paragraphs)
        if not portrait(sect) or block is None or found is None:
            continue
        judged = True
        chosen, p = found
        chars = chosen.per_line(block[0] * PT_PER_MM)
        if chars != G.CHARS_PER_LINE:
            out.append(
                Finding(
                    f"第{section + 1}节（{p.label}）",
                    f"每行排{chars}字（版心宽{block[0]:g} mm，{chosen.shown()}）",
                )
            )
    return out if judged else None


# ---------------------------------------------------------------- page numbers


def own(p: Para, el) -> bool:
    """Whether `el` is in the paragraph itself, not in a text box anchored in it (which has paragraphs of its own)."""
    return next(el.iterancestors(w("p")), None) is p.el


def is_page_field(p: Para) -> bool:
    instructions = [t.text or "" for t in p.el.iter(w("instrText")) if own(p, t)]
    instructions += [f.get(w("instr"), "") for f in p.el.iter(w("fldSimple")) if own(p, f)]
    return any(re.search(r"\bPAGE\b", text) for text in instructions)


def in_text_box(p: Para) -> bool:
    return any(local(e) == "txbxContent" for e in p.el.iterancestors())


def box_side(p: Para) -> str | None:
    """The side of the page a floating text box holding `p` is placed on: its horizontal alignment (DrawingML
    wp:align, VML mso-position-horizontal), 「outside」 and 「inside」 as written; None when placed by an offset."""
    for el in p.el.iterancestors():
        if local(el) == "anchor":
            pos = el.find("wp:positionH", NS)
            align = pos.find("wp:align", NS) if pos is not None else None
            return align.text.strip() if align is not None and align.text else None
        if local(el) in ("shape", "rect", "roundrect") and el.get("style"):
            m = re.search(r"mso-position-horizontal:\s*([a-z]+)", el.get("style", ""))
            return m.group(1) if m else None
    return None


def unnumbered_sections(a: Anatomy) -> set[int]:
    """Sections whose pages carry no page number by design (GB/T 9704 §7.5): a section with no text (a blank
    page), and the 版记's own section when a blank page precedes it — one of its own, or the one a reader
    inserts before a section that starts on an even page. Whether the pages came out so, the PDF tells."""
    texts: dict[int, list[Para]] = {}
    for p in a.doc.paragraphs:
        if p.place != "footer" and p.text.strip():
            texts.setdefault(p.section, []).append(p)
    blank = {i for i in range(len(a.doc.sections)) if i not in texts}
    out = set(blank)
    banji = {id(p) for p in a.banji}
    last = banji_line(a)
    if last is not None and last.section < len(a.doc.sections):
        i = last.section
        own = all(id(p) in banji for p in texts.get(i, []))
        kind = a.doc.sections[i].find(w("type"))
        starts_even = kind is not None and kind.get(w("val")) in ("evenPage", "oddPage")
        if own and (i - 1 in blank or starts_even):
            out.add(i)
    return out


def page_number_paragraphs(a: Anatomy, any_text: bool = False):
    """(where, kind, paragraph) for the page-number paragraph of each footer in use (odd/even),
    or (where, kind, None) for a footer in use without one (sections unnumbered by design left out).
    With any_text: every footer paragraph with text."""
    even = on(a.doc.settings.find(w("evenAndOddHeaders")))
    seen: set = set()
    out: list[tuple[str, str, Para | None]] = []
    exempt = unnumbered_sections(a)
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
                found = next((p for p in paras if is_page_field(p)), None)
                if found is not None or i not in exempt:
                    out.append((where, kind, found))
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


SLOT_NAMES = {"ascii": "西文字体", "hAnsi": "西文字体", "eastAsia": "中文字体", "cs": "复杂文种字体"}


def page_number_font_problem(a: Anatomy, p: Para, run, tolerance: float) -> str | None:
    """What is wrong with the type of one page-number run: each character judged by the font Word sets it in
    (digits by w:ascii, 「—」 by w:hAnsi unless the run is hinted East Asian), and the size."""
    size = a.doc.size_pt(p, run)
    if size is None or abs(size - G.PAGE_NUMBER_SIZE_PT) > tolerance:
        return f"「{run.text.strip()}」为{size or '未设置'}磅"
    for char in dict.fromkeys(run.text.strip()):
        if char.isspace():
            continue
        slot, font = a.doc.char_font(p, run, char)
        if not same_class(font.effective, G.FONT_PAGE_NUMBER):
            return f"「{char}」为{font}（{SLOT_NAMES[slot]}）"
    return None


def check_page_number_font(a: Anatomy, rule: Rule) -> list[Finding] | None:
    found = [(where, p) for where, _, p in page_number_paragraphs(a) if p is not None]
    out = []
    for where, p in found:
        for run in p.text_runs:
            problem = page_number_font_problem(a, p, run, rule.tolerance)
            if problem:
                out.append(Finding(where, problem))
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
        if in_text_box(p):
            # A page number in a floating text box (as WPS writes it) is placed by the box: judge its side.
            placed = box_side(p)  # 「outside」: right on odd pages, left on even ones
            if placed is not None and placed not in (want, "outside"):
                names = {"right": "居右", "left": "居左", "center": "居中", "inside": "在内侧"}
                out.append(Finding(where, f"页码文本框{names.get(placed, placed)}，应{names[want]}"))
            continue
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


def first_page_footer(a: Anatomy) -> tuple[bool, list[Para]]:
    """Whether page one has its own footer (「首页不同」), and that footer's paragraphs."""
    if not a.doc.sections or not on(a.doc.sections[0].find(w("titlePg"))):
        return False, []
    first = a.doc.footers(0).get("first")
    return True, a.doc.footer_paragraphs(first, "第1节首页页脚", 0) if first is not None else []


def check_page_one_number(a: Anatomy, rule: Rule) -> list[Finding] | None:
    """A document that is not a letter shows its page number on page one too."""
    own, paras = first_page_footer(a)
    if not own:
        return [] if a.doc.sections else None
    if any(is_page_field(p) for p in paras):
        return []
    return [Finding("第1节首页页脚", "设置了「首页不同」，首页页脚没有页码")]


def check_letter_first_page(a: Anatomy, rule: Rule) -> list[Finding]:
    if not a.doc.sections:
        return [Finding("第1节", "没有节设置")]
    own, paras = first_page_footer(a)
    if not own:
        return [Finding("第1节", "未设置「首页不同」，首页会显示页码")]
    shown = [p for p in paras if is_page_field(p) or p.text.strip()]
    return [Finding(shown[0].where, f"首页页脚有「{shown[0].text.strip()}」")] if shown else []


# ---------------------------------------------------------------- the last page (版记)


def banji_line(a: Anatomy) -> Para | None:
    """The 版记's last line (the 印发 line, else the last 抄送 line)."""
    return a.banji_last


def check_banji_portrait(a: Anatomy, rule: Rule) -> list[Finding] | Skip | None:
    p = banji_line(a)
    if p is None:
        return None
    if not a.doc.sections:
        return Skip("文档没有页面设置")
    sect = section_of(a, p)
    if portrait(sect):
        return []
    size = size_mm(sect) or (0.0, 0.0)
    return [
        Finding(
            p.label,
            f"版记所在的第{min(p.section, len(a.doc.sections) - 1) + 1}节为横排页面（{size[0]:.0f}×{size[1]:.0f} mm）",
        )
    ]


def anchor_position(p: Para):
    """(relativeFrom, align or None, offset in mm or None) of the floating box holding p, or None."""
    for el in p.el.iterancestors():
        if local(el) == "anchor":
            pos = el.find("wp:positionV", NS)
            if pos is None:
                return None
            align, offset = pos.find("wp:align", NS), pos.find("wp:posOffset", NS)
            return (
                pos.get("relativeFrom"),
                align.text.strip() if align is not None and align.text else None,
                int(offset.text) / EMU_PER_MM if offset is not None and offset.text else None,
            )
        if local(el) in ("inline", "body"):
            return None
    return None


def after(el) -> list:
    """The body-level siblings after the body-level element holding `el`."""
    node = el
    while node.getparent() is not None and local(node.getparent()) != "body":
        node = node.getparent()
    return list(node.itersiblings())


def has_content(el) -> bool:
    if local(el) == "tbl":
        return True
    if local(el) != "p":
        return False
    text = "".join(t.text or "" for t in el.iter(w("t")))
    return bool(text.strip()) or next(el.iter(w("drawing"), w("pict")), None) is not None


def check_banji_position(a: Anatomy, rule: Rule) -> list[Finding] | Skip | None:
    """The 版记 on the last page, at its foot: nothing follows it, and a floating box holding it is fixed to
    the bottom of the page, or a last section or a table cell holds it at the bottom; a 版记 in the text flow
    is judged where the PDF beside the document shows it (not judged without one)."""
    p = banji_line(a)
    if p is None:
        return None
    host = p.anchor if p.place == "textbox" and p.anchor is not None else p
    following = [el for el in after(host.el) if has_content(el)]
    if following:
        first = following[0]
        shown = a.doc.by_element.get(first)
        what = shown.label if shown is not None else ("表格" if local(first) == "tbl" else "图片")
        return [Finding(p.label, f"版记后还有内容（{what}），版记应在最后一页的最下面")]
    if p.place == "textbox":
        position = anchor_position(p)
        if position is not None:
            relative, align, offset = position
            page_h = (size_mm(section_of(a, p)) or (0, G.PAGE_HEIGHT_MM))[1]
            low = align == "bottom" or (offset is not None and relative in ("page", "margin") and offset > page_h / 3)
            if not low:
                return [
                    Finding(p.label, f"版记所在文本框未固定在页面底部（相对{relative or '未知'}，{align or '偏移'}）")
                ]
        return []
    if bottom_aligned(a, p):
        return []
    layout = a.layout
    if isinstance(layout, Skip):
        return Skip(f"版记在正文中排布，是否在最后一页的最下面要看排版结果（{layout.why}）")
    return banji_on_the_page(a, p, layout)


def bottom_aligned(a: Anatomy, p: Para) -> bool:
    """The 版记 is held at the foot of its page by the document itself: its (last) section aligned to the bottom,
    or a table cell aligned to the bottom in a row about as tall as the text block (gongwen's 版记 page)."""
    sect = section_of(a, p)
    valign = sect.find(w("vAlign")) if sect is not None else None
    if valign is not None and valign.get(w("val")) == "bottom":
        return True
    tc = next(p.el.iterancestors(w("tc")), None)
    if tc is None:
        return False
    cell_align = tc.find(f"{w('tcPr')}/{w('vAlign')}")
    height = tc.getparent().find(f"{w('trPr')}/{w('trHeight')}")
    block = block_mm(sect)
    if cell_align is None or cell_align.get(w("val")) != "bottom" or height is None or block is None:
        return False
    return mm(height.get(w("val"), 0)) >= 0.8 * block[1]


# The 版记's last line may end this many lines above the foot of the text block: the part of a line the text
# block has over its 22 lines, the empty line whose top border is the rule under 印发, and the descent.
BANJI_FOOT_LINES = 2.5


def banji_on_the_page(a: Anatomy, p: Para, layout) -> list[Finding] | Skip:
    """Where the 版记's last line landed in the PDF: on the last page, its last line at the foot of the text block
    (GB/T 9704 §7.4: 版记的最后一个要素置于最后一行)."""
    tail = re.sub(r"\s", "", p.text)[-8:]
    found = [
        (page, line)
        for number in sorted(layout.pages)
        for page in [layout.pages[number]]
        for line in page.lines
        if tail and line.text.endswith(tail)
    ]
    if not found:
        return Skip(f"在同名 PDF「{layout.pdf.name}」的最后两页中没有找到版记的最后一行")
    page, line = found[-1]
    if page.number != layout.count:
        return [Finding(p.label, f"版记在第{page.number}页，不在最后一页（共{layout.count}页，依同名 PDF）")]
    gap_mm = (page_block_pt(a, page)[1] - line.bottom) / PT_PER_MM
    if gap_mm > BANJI_FOOT_LINES * G.LINE_PITCH_PT / PT_PER_MM:
        return [Finding(p.label, f"版记最后一行距版心下边约{gap_mm:.0f} mm（依同名 PDF），应在最后一页的最下面")]
    return []


def page_block_pt(a: Anatomy, page) -> tuple[float, float]:
    """(top, bottom) of the text block on a laid-out page, in points from the page's top edge: the margins of
    the last section when the page has its orientation, else the standard's."""
    sect = a.doc.sections[-1] if a.doc.sections else None
    mar = sect.find(w("pgMar")) if sect is not None else None
    top, bottom = float(G.MARGIN_TOP_MM), float(G.MARGIN_BOTTOM_MM)
    if mar is not None and portrait(sect) == (page.width <= page.height):
        top, bottom = abs(mm(mar.get(w("top"), 0))), abs(mm(mar.get(w("bottom"), 0)))
    return top * PT_PER_MM, page.height - bottom * PT_PER_MM


def check_even_pages(a: Anatomy, rule: Rule) -> list[Finding] | Skip | None:
    """With a 版记, the document ends on an even page (the back of a sheet). Only the laid-out pages tell,
    so the rule reads the PDF of the same name beside the .docx when it is newer than the .docx."""
    if banji_line(a) is None:
        return None
    layout = a.layout
    if isinstance(layout, Skip):
        return layout
    pages = layout.count
    return (
        [] if pages % 2 == 0 else [Finding(layout.pdf.name, f"共{pages}页（版记页应为双数页，可在版记页前加空白页）")]
    )


def check_banji_page_numbers(a: Anatomy, rule: Rule) -> list[Finding] | Skip | None:
    """A blank page before the 版记 page: neither carries a page number (GB/T 9704 §7.5). From the PDF."""
    if banji_line(a) is None:
        return None
    layout = a.layout
    if isinstance(layout, Skip):
        return layout
    last, before = layout.pages.get(layout.count), layout.pages.get(layout.count - 1)
    if last is None:
        return Skip(f"无法读取同名 PDF「{layout.pdf.name}」的文字")
    if before is None:
        return []  # a one-page document has no page before its 版记 page
    top, bottom = page_block_pt(a, before)
    if before.within(top - 3, bottom):
        return []  # the page before the 版记 page has text: the 版记 page is numbered like any other
    out = []
    for page, what in ((before, "空白页"), (last, "版记页")):
        number = page_number(page, page_block_pt(a, page)[1])
        if number is not None:
            out.append(Finding(f"第{page.number}页（{what}）", f"有页码「{number.shown}」"))
    return out
