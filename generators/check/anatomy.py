"""The parts of a 公文 found in a Docx, and the records the rules are made of.

Anatomy finds the head (份号 … 发文机关标志, 发文字号 or 令号 / 期数, 签发人), the title (one or
more centred lines), the main text up to the 成文日期, the 附件说明, the level headings and the
版记, and tells the kind of document (GB/T 9704 §10): 信函, 命令 and 纪要 have their own frames,
and rules that do not fit a kind say so instead of failing it.

Longer than 400 lines: the parts are found together, each bounding the next (the head the title, the
title the main text, the main text the 版记), and the kinds are told by all of them.

Every pattern here is matched at a fixed place (start or end of a line) or on a bounded slice, so
a paragraph of 40,000 characters, or a 200,000-character 标志, costs linear time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache

from generators.check.docx_styles import Docx, Para, is_red, on, pieces, w
from generators.word import gbt9704 as G
from generators.word.ooxml import NS


class Kind(Enum):
    """The frame of a document (GB/T 9704 §10: 信函, 命令 and 纪要 have their own); the value is its name."""

    GENERAL = "通用"
    LETTER = "信函"
    ORDER = "命令"
    MINUTES = "纪要"


GENERAL, LETTER, ORDER, MINUTES = Kind.GENERAL, Kind.LETTER, Kind.ORDER, Kind.MINUTES

# Loose shapes, so that wrong forms are found and then judged against gbt9704's strict patterns. A 发文字号
# not filled in (「〔20XX〕XX号」, 「〔2026〕　号」) is a 发文字号 too: it is not the title, and placeholders says so.
FILL = "XxＸｘ×○"
LOOSE_NUMBER = re.compile(
    rf"\S*?[〔\[［(（【]\s*(?:\d{{1,4}}|\d{{0,3}}[{FILL}]{{1,4}})\s*[〕\]］)）】]"
    rf"[\s\u3000_]*第?[\s\u3000_]*(?:\d+|[{FILL}]{{1,4}})?[\s\u3000_]*号"
)
UNFILLED_NUMBER = re.compile(rf"[{FILL}]|[〕\]］)）】][\s\u3000_]*第?[\s\u3000_]*号")
BLANK_SERIAL = re.compile(r"(?<=[〕\]］)）】])[\s\u3000_]+(?=第?[\s\u3000_]*号)|(?<=第)[\s\u3000_]+(?=号)")
LOOSE_DATE = r"\d{2,4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
DATE_ONLY = re.compile(LOOSE_DATE)
# A date in Chinese numerals (「二〇二二年三月十五日」): the 1999 form, which GB/T 9704-2012 replaced.
CHINESE_DATE = re.compile(
    r"[〇○零一二三四五六七八九]{2,4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日"
)
IMPRINT_TAIL = re.compile(rf"(?P<date>{LOOSE_DATE})\s*印\s*发$")
IMPRINT_SLICE = 40  # 「2022年12月15日印发」 and the space before it fit in this many characters
# A 印发 line written without 「印发」 (「测试市巩固衔接办　2026年1月5日」, 「……5日印」): a date at the end of a 版记 line.
IMPRINT_LIKE = re.compile(rf"(?P<date>{LOOSE_DATE})\s*(?:印\s*制|制\s*发|印|发)?$")
# 令号 「第1号」, a 纪要's 「〔2026〕第5次」 or 「第5期」: the serial under the mark of a 命令 or 纪要 (or
# its placeholder, 「第XX号」「第　号」).
SERIAL = re.compile(
    rf"(?:[〔\[［(（]\s*(?:\d{{4}}|\d{{0,3}}[{FILL}]{{1,4}})\s*[〕\]］)）]\s*)?第[\s\u3000_]*"
    rf"(?:[\d一二三四五六七八九十百零〇]{{1,6}}|[{FILL}]{{1,4}}|(?<=[\s\u3000_]))[\s\u3000_]*[号次期]"
)
# An annex's label: 「附件」「附件2」「附件1（综合得分排名表）」.
ANNEX_MARK = re.compile(r"附件\s*\d*(?:\s*[（(][^）)]{1,60}[）)])?")
CC_LINE = re.compile(r"\s*(?:抄\s*送|分\s*送)\s*[：:]")
# 主送 moved into the 版记 (over 抄送, GB/T 9704 §7.4.2), as 纪要 and 公告 have it.
BANJI_RECIPIENTS = re.compile(r"\s*主\s*送\s*[：:]")
DOUBLE_LINES = frozenset(
    {
        "double",
        "thickThinSmallGap",
        "thinThickSmallGap",
        "thickThinMediumGap",
        "thinThickMediumGap",
        "thickThinLargeGap",
        "thinThickLargeGap",
        "triple",
    }
)
DRAWN_DOUBLE = frozenset({"dbl", "thickThin", "thinThick", "tri"})
MINUTES_LABEL = re.compile(r"\s*(?:出\s*席|列\s*席|请\s*假|缺\s*席|记\s*录|主\s*持|参\s*加)\s*[：:]")
SIGNER = "签发人"
TRAILING_PUNCTUATION = "。，、；：,.;:！!？?"
CHINESE_NUMERALS = "一二三四五六七八九十百零〇"


@dataclass(frozen=True)
class Marker:
    """A level marker at the start of a paragraph: its level (a key of gbt9704.LEVEL_FONTS), the marker as
    written, its number (None when unreadable) and whether it is written in the standard's form."""

    level: str
    text: str
    value: int | None
    standard: bool

    @property
    def depth(self) -> int:
        return list(G.LEVEL_FONTS).index(self.level)


# Loose marker forms at the start of a paragraph (the standard's form is checked afterwards).
# 「1.5亿元」 is not a level, nor 「2022年」.
MARKERS = [
    (re.compile(rf"([{CHINESE_NUMERALS}]{{1,4}})\s?([、.．,，])"), "一、"),
    (re.compile(rf"([（(])\s?([{CHINESE_NUMERALS}]{{1,4}})\s?([）)])"), "（一）"),
    (re.compile(r"(\d{1,3})\s?([.．、,，])(?!\d)"), "1."),
    (re.compile(r"([（(])\s?(\d{1,3})\s?([）)])"), "（1）"),
]


@lru_cache(maxsize=1)
def chinese_values() -> dict[str, int]:
    from generators.numbers.wording import chinese_number

    return {chinese_number(n): n for n in range(1, 1000)}


def chinese_value(text: str) -> int | None:
    """一 → 1, 二十七 → 27, as the ordinals of levels are written; None for anything else."""
    return chinese_values().get(text)


def marker_of(text: str) -> Marker | None:
    """The level marker a paragraph starts with, if any."""
    text = text.lstrip()
    for pattern, level in MARKERS:
        m = pattern.match(text)
        if not m:
            continue
        marker = m.group()
        if level == "一、":
            value, standard = chinese_value(m.group(1)), m.group(2) == "、" and " " not in marker
        elif level == "（一）":
            value, standard = chinese_value(m.group(2)), m.group(1) == "（" and m.group(3) == "）" and " " not in marker
        elif level == "1.":
            value, standard = int(m.group(1)), m.group(2) in ".．" and " " not in marker
        else:
            value, standard = int(m.group(2)), m.group(1) == "（" and m.group(3) == "）" and " " not in marker
        return Marker(level, marker, value, standard)
    return None


def number_pieces(text: str) -> list[str]:
    """The parts of a line as pieces() splits them, a blank serial (「〔2026〕　号」) kept in its 发文字号."""
    if len(text) > 200 or "号" not in text:
        return pieces(text)
    kept = BLANK_SERIAL.sub(lambda m: "\0" * len(m.group()), text)  # same length: pieces map back
    out, at = [], 0
    for piece in pieces(kept):
        at = kept.index(piece, at)
        out.append(text[at : at + len(piece)])
        at += len(piece)
    return out


def unfilled_number(piece: str) -> bool:
    """A 发文字号 not filled in: placeholders for year or serial, or no serial at all."""
    return bool(UNFILLED_NUMBER.search(piece))


def imprint_match(text: str) -> re.Match | None:
    """The 印发 line 「印发机关　2022年12月5日印发」: its date, looked for only at the end of the line."""
    text = text.strip()
    if not text.endswith("印发"):
        return None
    return IMPRINT_TAIL.search(text[-IMPRINT_SLICE:])


@dataclass(frozen=True)
class Finding:
    where: str
    found: str


@dataclass(frozen=True)
class Skip:
    """A rule that cannot be judged on this document, and why (shown as 不适用 with the reason)."""

    why: str


class Anatomy:
    """The parts of a 公文 found in a Docx: head, title, main text, 附件说明, headings, 版记."""

    def __init__(self, doc: Docx, letter: bool | None = None):
        self.doc = doc
        body = [p for p in doc.paragraphs if p.place == "body"]
        self.body = body
        position = {id(p): i for i, p in enumerate(body)}
        texts = [p for p in body if p.text.strip()]
        self.doc_numbers = [
            (p, piece)
            for p in doc.paragraphs
            if p.place in ("body", "table")
            for piece in number_pieces(p.text)
            if LOOSE_NUMBER.fullmatch(piece)
        ]
        top = {id(p) for p in texts[:8]}  # 份号, 密级, 紧急程度, 标志 (maybe several lines), 字号, 签发人
        self.head_number = next((p for p, _ in self.doc_numbers if id(p) in top), None)
        self.serial = next((p for p in texts[:8] if SERIAL.fullmatch(p.text.strip())), None)
        marker = self.head_number or self.serial
        if marker is not None:
            head_end = position[id(marker)]
        else:  # no 发文字号: the head is the red lines at the top, if any
            head_end = -1
            for p in texts:
                if not all(is_red(doc.color(p, r), G.RED) for r in p.text_runs):
                    break
                head_end = position[id(p)]
        # 签发人 lines belong to the head (上行文: on the 发文字号 line, or under it).
        for p in body[head_end + 1 :]:
            if p.text.strip() and SIGNER not in p.text:
                break
            head_end = position[id(p)]
        self.head_end = head_end
        self.organ_mark = self._organ_mark(texts, position, marker)
        mark = re.sub(r"\s", "", self.organ_mark.text) if self.organ_mark else ""
        first_number = self.doc_numbers[0][1] if self.doc_numbers else ""
        if letter if letter is not None else ("函" in first_number or self._letter_layout(body)):
            self.kind = LETTER
        elif mark.endswith("令") or (self.serial is not None and self.head_number is None and self.serial_is("号")):
            self.kind = ORDER
        elif mark.endswith("纪要") or (self.serial is not None and self.serial_is("次期")):
            self.kind = MINUTES
        else:
            self.kind = GENERAL
        self.letter = self.kind == LETTER
        self.title_lines = self._title(body, position)
        self.title = self.title_lines[0] if self.title_lines else None
        # Main text: after the title up to the 成文日期 (or an annex mark, or the 版记); annexes and 版记 follow.
        start = position[id(self.title_lines[-1])] + 1 if self.title_lines else head_end + 1
        self.main = self._text_from(body, start, until_date=True)
        # A 印发 notice (「关于印发《……》的通知」) is followed by the document it issues, on a new page and
        # not as an 附件: its title (centred lines) and its text up to the 版记 are judged like the notice's.
        self.issued_title: list[Para] = []
        self.issued: list[Para] = []
        last = self.main[-1] if self.main else None
        if self.title and "印发《" in self.title_text and last is not None and self._dated(last):
            rest = self._text_from(body, position[id(last)] + 1, until_date=False)
            lines = [p for p in rest if p.text.strip()]
            while lines and self.doc.align(lines[0]) == "center" and not marker_of(lines[0].text):
                self.issued_title.append(lines.pop(0))
            self.issued = [p for p in rest if p not in self.issued_title]

    def _letter_layout(self, body: list[Para]) -> bool:
        """The 信函格式 told by its layout, whatever its 发文字号 says: a red double rule under the mark, above the
        发文字号, or in page one's own footer, where an ordinary document has one single red rule under its 发文字号."""
        # Above the 发文字号 (an ordinary document's single red rule is under it), or the whole head without one.
        number = self.head_number
        above = body.index(number) if number is not None and number in body else self.head_end + 2
        near = {id(p) for p in body[:above]}
        head = [
            p
            for p in self.doc.paragraphs
            if id(p) in near or (p.place == "textbox" and p.anchor is not None and id(p.anchor) in near)
        ]
        sections = self.doc.sections
        first = self.doc.footers(0).get("first") if sections else None
        if first is not None and sections and on(sections[0].find(w("titlePg"))):
            head += self.doc.footer_paragraphs(first, "首页页脚", 0)
        return any(self.red_double(p) for p in head)

    def red_double(self, p: Para) -> bool:
        """A red double rule on the paragraph: a top or bottom border, or a line drawn in it."""
        for side in ("top", "bottom"):
            line = self.doc.border(p, side)
            if line is not None and line.get(w("val")) in DOUBLE_LINES and is_red(line.get(w("color")), G.RED):
                return True
        for ln in p.el.iter(f"{{{NS['a']}}}ln"):
            color = ln.find(f".//{{{NS['a']}}}srgbClr")
            if ln.get("cmpd") in DRAWN_DOUBLE and color is not None and is_red(color.get("val"), G.RED):
                return True
        for stroke in p.el.iter(f"{{{NS['v']}}}stroke"):
            shape = stroke.getparent()
            style = stroke.get("linestyle", "single")
            if style != "single" and is_red((shape.get("strokecolor") or "").lstrip("#"), G.RED):
                return True
        return False

    @staticmethod
    def _dated(p: Para) -> bool:
        return any(DATE_ONLY.fullmatch(piece) or CHINESE_DATE.fullmatch(piece) for piece in pieces(p.text.strip()))

    def _text_from(self, body: list[Para], start: int, until_date: bool) -> list[Para]:
        """Body paragraphs from `start` up to an annex mark or the 版记 (and, with until_date, the 成文日期)."""
        out = []
        for p in body[start:]:
            text = p.text.strip()
            if ANNEX_MARK.fullmatch(text) or CC_LINE.match(text) or imprint_match(text) or self.banji_recipients(p):
                break
            out.append(p)
            if until_date and self._dated(p):
                break
        return out

    def banji_recipients(self, p: Para) -> bool:
        """A 「主送：」 line of the 版记: the next line with text is its 抄送 (分送) or 印发 line."""
        if not BANJI_RECIPIENTS.match(p.text):
            return False
        following = self.doc.neighbour(p, 1)
        while following is not None and not following.text.strip():
            following = self.doc.neighbour(following, 1)
        return following is not None and bool(CC_LINE.match(following.text) or imprint_match(following.text))

    def serial_is(self, endings: str) -> bool:
        return self.serial is not None and self.serial.text.strip()[-1:] in endings

    def _organ_mark(self, texts: list[Para], position: dict, marker: Para | None) -> Para | None:
        before = [p for p in texts if position[id(p)] <= self.head_end and p is not marker and SIGNER not in p.text]
        found = next((p for p in before if p.text_runs and is_red(self.doc.color(p, p.text_runs[0]), G.RED)), None)
        found = found or next((p for p in before if self.doc.align(p) == "center"), None)
        if found is None and marker is not None:
            # A letter's mark may sit in a text box anchored 30 mm from the top edge, before the 发文字号.
            ordered = [p for p in self.doc.paragraphs if p.place in ("body", "textbox") and p.text.strip()]
            earlier = ordered[: ordered.index(marker)] if marker in ordered else []
            found = next((p for p in earlier if p.place == "textbox"), None)
        return found

    def _title(self, body: list[Para], position: dict) -> list[Para]:
        """The title's lines: the first centred, not red paragraph after the head (after at most a few
        short lines), and the centred lines in the same type that follow it directly."""
        if self.kind == ORDER:
            return []  # a 命令 has no title: the 令号 is followed by the text
        seen, title = 0, None
        for p in body[self.head_end + 1 :]:
            text = p.text.strip()
            if not text or p is self.serial:
                continue
            if marker_of(text) or ANNEX_MARK.fullmatch(text) or CC_LINE.match(text):
                break
            if self.doc.align(p) == "center" and not any(is_red(self.doc.color(p, r), G.RED) for r in p.text_runs):
                title = p
                break
            seen += 1
            if seen >= 3 or len(text) > 20 or "。" in text:
                break
        if title is None:
            return []
        lines = [title]
        shape = self._type_of(title)
        for p in body[position[id(title)] + 1 :]:
            if not p.text.strip() or self.doc.align(p) != "center" or self._type_of(p) != shape:
                break
            lines.append(p)
        return lines

    def _type_of(self, p: Para) -> tuple:
        from generators.check.fonts import font_class

        run = p.text_runs[0] if p.text_runs else None
        if run is None:
            return ()
        font = self.doc.east_asia_font(p, run).effective
        return self.doc.size_pt(p, run), font_class(font) or font

    @property
    def title_text(self) -> str:
        return "".join(p.text.strip() for p in self.title_lines)

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
    def headings(self) -> list[tuple[Para, Marker]]:
        """Paragraphs of the text (the notice's, then an issued document's) that start with a level marker."""
        return [pair for part in self.heading_parts for pair in part]

    @cached_property
    def heading_parts(self) -> list[list[tuple[Para, Marker]]]:
        """The headings of each text that numbers its own levels: the main text, and an issued document."""
        skip = {id(p) for p in self.attachments}
        parts = []
        for text in (self.main, self.issued):
            found = [(p, marker_of(p.text)) for p in text if id(p) not in skip]
            parts.append([(p, m) for p, m in found if m is not None])
        return parts

    @property
    def text(self) -> list[Para]:
        return self.main + self.issued

    @cached_property
    def ordinary(self) -> list[Para]:
        """Paragraphs of plain body text: main text that is not centred, right-aligned, a level heading
        or a 纪要's 出席/列席 line (a 黑体 label with names in 仿宋; in a 纪要 without its mark too)."""
        headed = {id(p) for p, _ in self.headings}
        return [
            p
            for p in self.text
            if p.text.strip()
            and id(p) not in headed
            and self.doc.align(p) not in ("center", "right")
            and not MINUTES_LABEL.match(p.text)
        ]

    @cached_property
    def head(self) -> list[Para]:
        """The 版头's paragraphs, with the text boxes anchored in them (a letter's mark)."""
        inside = {id(p) for p in self.body[: self.head_end + 1]}
        return [
            p
            for p in self.doc.paragraphs
            if id(p) in inside or (p.place == "textbox" and p.anchor is not None and id(p.anchor) in inside)
        ]

    @cached_property
    def banji(self) -> list[Para]:
        """The 版记's lines: 抄送 (分送 in a 纪要) and the 印发 line, wherever they are written."""
        return [p for p in self.text_of() if CC_LINE.match(p.text) or imprint_match(p.text) or self.banji_recipients(p)]

    @cached_property
    def banji_last(self) -> Para | None:
        """The 版记's last line: the (last) 印发 line; without one, a line under 抄送 that ends with a date
        (a 印发 line without 「印发」), else the last 抄送 line."""
        if self.imprints:
            return self.imprints[-1][0]
        return self.malformed_imprint or (self.banji[-1] if self.banji else None)

    @cached_property
    def malformed_imprint(self) -> Para | None:
        """A 印发 line that lacks 「印发」: the line after the last 抄送 (or a ruled line after the main text)
        ending with a date."""
        if self.imprints:
            return None
        labels = [p for p in self.banji if CC_LINE.match(p.text)]
        if labels:
            following = self.doc.neighbour(labels[-1], 1)
            while following is not None and not following.text.strip():
                following = self.doc.neighbour(following, 1)
            candidates = [following] if following is not None else []
        else:
            main = {id(p) for p in self.main}
            candidates = [
                p
                for p in self.text_of()
                if id(p) not in main
                and p.place != "footer"
                and any(self.doc.border(p, side) is not None for side in ("top", "bottom"))
            ]
        return next((p for p in candidates if IMPRINT_LIKE.search(p.text.strip()[-IMPRINT_SLICE:])), None)

    @cached_property
    def imprints(self) -> list[tuple[Para, re.Match]]:
        return [(p, m) for p in self.text_of() if (m := imprint_match(p.text))]

    @cached_property
    def layout(self):
        """The laid-out pages from the PDF beside the document (pdf_layout.Layout), or Skip(why not)."""
        from generators.check import pdf_layout

        return pdf_layout.read(self.doc.path)

    def text_of(self, places=("body", "table", "textbox")) -> list[Para]:
        return [p for p in self.doc.paragraphs if p.place in places and p.text.strip()]


Check = Callable[[Anatomy, "Rule"], "list[Finding] | Skip | None"]
ALL_KINDS = frozenset({GENERAL, LETTER, ORDER, MINUTES})


@dataclass(frozen=True)
class Rule:
    """One rule: returns the places where the document departs from it ([] when it holds), None when the
    document has nothing the rule is about, or Skip(why) when it cannot be judged here."""

    id: str
    name: str
    expected: str
    tolerance: float
    check: Check
    kinds: frozenset = ALL_KINDS
