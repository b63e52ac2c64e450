"""A .docx read the way Word shows it: paragraphs, runs and their effective formatting.

Word's formatting of a run is not in one place: each property comes from the first of run
properties → character style (and its basedOn ancestors) → paragraph style (and its
ancestors, or the default paragraph style) → docDefaults that sets it. Paragraph properties
follow the same chain without the character style. Every lookup here walks that chain, most
specific first, so a checker sees what the clerk sees in Word, not merely what the XML of
one paragraph says. (Table styles and numbering are not followed: 公文 rarely use them for text.)
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from generators.errors import GongwenError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W,
    "r": R,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
TWIPS_PER_MM = 1440 / 25.4

# A paragraph's own runs (not those of text boxes anchored in it), through the inline wrappers.
RUNS = etree.XPath(
    "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r"
    " | ./w:customXml/w:r | ./w:sdt/w:sdtContent/w:r",
    namespaces=NS,
)
# Word saves a text box twice (DrawingML, and VML in mc:Fallback); read the first only.
TEXT_BOXES = etree.XPath(".//w:txbxContent[not(ancestor::mc:Fallback)]", namespaces=NS)
NEAREST_P = etree.XPath("ancestor::w:p[1]", namespaces=NS)
IN_FALLBACK = etree.XPath("boolean(ancestor::mc:Fallback)", namespaces=NS)
SECTIONS = etree.XPath("./w:p/w:pPr/w:sectPr | ./w:sectPr", namespaces=NS)
OFF = {"0", "false", "off"}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def on(el) -> bool:
    """A toggle element (<w:titlePg/>, <w:evenAndOddHeaders w:val="1"/>) that is present and not switched off."""
    return el is not None and el.get(w("val"), "1") not in OFF


class UnreadableDocx(GongwenError):
    """The file cannot be read as a .docx at all (missing, not a Word file, damaged)."""


@dataclass
class Run:
    el: object
    text: str


@dataclass(eq=False)  # paragraphs are compared by identity: two empty paragraphs are not the same place
class Para:
    """One paragraph: where it is (for messages), which section it is in, its text and runs."""

    el: object
    where: str
    place: str  # body, table, textbox, footer
    section: int
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def text_runs(self) -> list[Run]:
        return [r for r in self.runs if r.text.strip()]

    @property
    def snippet(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 12 else text[:11] + "…"

    @property
    def label(self) -> str:
        """「第5段「一、总体情况」」: where the paragraph is and how it starts, for a clerk to find it."""
        return f"{self.where}「{self.snippet}」" if self.snippet else self.where


@dataclass(frozen=True)
class EastAsiaFont:
    """The East-Asian font a run ends up with: a name, a theme font (and what the theme maps it to), or neither."""

    name: str | None
    theme: str | None = None
    theme_name: str | None = None

    @property
    def effective(self) -> str | None:
        return self.name or self.theme_name

    def __str__(self) -> str:
        if self.name:
            return self.name
        if self.theme:
            return f"主题字体 {self.theme}（当前显示为 {self.theme_name or '未知'}）"
        return "未指定"


def run_text(r) -> str:
    parts = []
    for child in r:
        tag = local(child)
        if tag == "t":
            parts.append(child.text or "")
        elif tag in ("tab", "ptab"):
            parts.append("\t")
        elif tag in ("br", "cr"):
            parts.append("\n")
    return "".join(parts)


def load(path: Path):
    """python-docx's Document for `path`, or UnreadableDocx with a message a clerk can act on."""
    import docx

    path = Path(path)
    if not path.exists():
        raise UnreadableDocx(f"文件「{path}」不存在。")
    if path.is_dir():
        raise UnreadableDocx(f"「{path}」是文件夹，不是 .docx 文件。")
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableDocx(f"文件「{path}」是旧版 .doc 格式，请先用 Word 或 WPS 另存为 .docx 再检查。")
    if not magic.startswith(b"PK"):
        raise UnreadableDocx(f"文件「{path}」不是 .docx 文件（Word 2007 及以后版本的格式）。")
    damaged = f"文件「{path}」已损坏，无法读取；请用 Word 或 WPS 打开后另存为 .docx 再检查。"
    try:
        with zipfile.ZipFile(path) as z:
            if z.testzip() is not None:
                raise UnreadableDocx(damaged)
        return docx.Document(str(path))
    except UnreadableDocx:
        raise
    except ValueError as exc:  # python-docx: a zip package of another kind (.xlsx, .pptx)
        if "content type" in str(exc):
            raise UnreadableDocx(f"文件「{path}」不是 Word 文档（可能是 Excel 或 PowerPoint 文件）。") from None
        raise UnreadableDocx(damaged) from None
    except Exception:  # noqa: BLE001 - any failure to parse the package means the file is damaged
        raise UnreadableDocx(damaged) from None


class Docx:
    """The document's paragraphs (in body, tables and text boxes), sections, footers and styles."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.document = load(self.path)
        part = self.document.part
        styles = part.styles.element
        self.styles = {s.get(w("styleId")): s for s in styles.iter(w("style"))}
        self.default_para_style = next(
            (
                s.get(w("styleId"))
                for s in styles.iter(w("style"))
                if s.get(w("type")) == "paragraph" and s.get(w("default")) not in (None, *OFF)
            ),
            None,
        )
        defaults = styles.find(w("docDefaults"))
        self.default_rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}") if defaults is not None else None
        self.default_ppr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}") if defaults is not None else None
        self.settings = part.settings.element
        self.theme = self._theme()
        self.sections = self._sections()
        self.paragraphs = list(self._walk_body())
        self._chains: dict[tuple[str, str], list] = {}

    # ------------------------------------------------------------ structure

    def _theme(self):
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        try:
            return etree.fromstring(self.document.part.part_related_by(RT.THEME).blob)
        except Exception:  # noqa: BLE001 - no theme part: theme fonts then resolve to nothing
            return None

    def _sections(self) -> list:
        return SECTIONS(self.document.element.body)

    def _walk_body(self):
        body = self.document.element.body
        counter = {"p": 0, "tbl": 0, "section": 0}
        yield from self._walk(body, counter)

    def _walk(self, container, counter, cell: str = ""):
        for child in container:
            tag = local(child)
            if tag == "p":
                if cell:
                    where, place = cell, "table"
                else:
                    counter["p"] += 1
                    where, place = f"第{counter['p']}段", "body"
                yield self._para(child, where, place, counter["section"])
                for box in TEXT_BOXES(child):
                    if NEAREST_P(box)[0] is child:
                        for p in box.iter(w("p")):
                            yield self._para(p, f"{where}处的文本框", "textbox", counter["section"])
                if child.find(f"{w('pPr')}/{w('sectPr')}") is not None:
                    counter["section"] += 1
            elif tag == "tbl":
                counter["tbl"] += 1
                number = counter["tbl"]
                for i, tr in enumerate(child.findall(w("tr")), 1):
                    for j, tc in enumerate(tr.findall(w("tc")), 1):
                        yield from self._walk(tc, counter, cell or f"表格{number}第{i}行第{j}列")
            elif tag in ("sdt", "sdtContent", "customXml"):
                yield from self._walk(child, counter, cell)

    def _para(self, p, where: str, place: str, section: int) -> Para:
        return Para(p, where, place, section, [Run(r, run_text(r)) for r in RUNS(p)])

    def footers(self, section: int) -> dict[str, object]:
        """The footers in force in section `section` by type (default, even, first); a section without its
        own reference inherits the previous section's."""
        found: dict[str, object] = {}
        rels = self.document.part.related_parts
        for sect in self.sections[: section + 1]:
            for ref in sect.findall(w("footerReference")):
                rid = ref.get(f"{{{R}}}id")
                if rid in rels:
                    found[ref.get(w("type"), "default")] = rels[rid].element
        return found

    def footer_paragraphs(self, footer, where: str, section: int) -> list[Para]:
        return [self._para(p, where, "footer", section) for p in footer.iter(w("p")) if not IN_FALLBACK(p)]

    # ------------------------------------------------------------ style chains

    def _style_chain(self, style_id: str | None, kind: str) -> list:
        """The property elements (w:pPr or w:rPr) of a style and its basedOn ancestors, nearest first."""
        key = (style_id or "", kind)
        if key not in self._chains:
            chain, seen = [], set()
            while style_id and style_id in self.styles and style_id not in seen:
                seen.add(style_id)
                style = self.styles[style_id]
                props = style.find(w(kind))
                if props is not None:
                    chain.append(props)
                based = style.find(w("basedOn"))
                style_id = based.get(w("val")) if based is not None else None
            self._chains[key] = chain
        return self._chains[key]

    def para_style(self, para: Para) -> str | None:
        ps = para.el.find(f"{w('pPr')}/{w('pStyle')}")
        return ps.get(w("val")) if ps is not None else self.default_para_style

    def ppr_chain(self, para: Para) -> list:
        own = para.el.find(w("pPr"))
        chain = [own] if own is not None else []
        chain += self._style_chain(self.para_style(para), "pPr")
        return chain + ([self.default_ppr] if self.default_ppr is not None else [])

    def rpr_chain(self, para: Para, run: Run) -> list:
        own = run.el.find(w("rPr"))
        chain = [own] if own is not None else []
        rstyle = own.find(w("rStyle")) if own is not None else None
        if rstyle is not None:
            chain += self._style_chain(rstyle.get(w("val")), "rPr")
        chain += self._style_chain(self.para_style(para), "rPr")
        return chain + ([self.default_rpr] if self.default_rpr is not None else [])

    @staticmethod
    def first(chain: list, tag: str, *attrs: str) -> str | None:
        """The first value of w:tag/@w:attr (any of `attrs`, in order) along a chain."""
        for props in chain:
            el = props.find(w(tag))
            if el is not None:
                for attr in attrs:
                    value = el.get(w(attr))
                    if value is not None:
                        return value
        return None

    # ------------------------------------------------------------ effective properties

    def east_asia_font(self, para: Para, run: Run) -> EastAsiaFont:
        # A theme attribute beats the explicit name at the same level (ECMA-376 §17.3.2.26).
        for props in self.rpr_chain(para, run):
            fonts = props.find(w("rFonts"))
            if fonts is None:
                continue
            theme = fonts.get(w("eastAsiaTheme"))
            if theme:
                return EastAsiaFont(None, theme, self.theme_font(theme))
            if fonts.get(w("eastAsia")):
                return EastAsiaFont(fonts.get(w("eastAsia")))
        return EastAsiaFont(None)

    def theme_font(self, theme: str) -> str | None:
        """What a theme font (minorEastAsia…) shows as, for the East-Asian language in settings."""
        if self.theme is None:
            return None
        scheme = self.theme.find(f".//a:{'major' if theme.startswith('major') else 'minor'}Font", NS)
        if scheme is None:
            return None
        ea = scheme.find("a:ea", NS)
        if ea is not None and ea.get("typeface"):
            return ea.get("typeface")
        lang_el = self.settings.find(w("themeFontLang"))
        lang = (lang_el.get(w("eastAsia")) if lang_el is not None else None) or "zh-CN"
        script = {"zh-TW": "Hant", "zh-HK": "Hant", "zh-MO": "Hant", "ja-JP": "Jpan", "ko-KR": "Hang"}.get(lang, "Hans")
        font = scheme.find(f"a:font[@script='{script}']", NS)
        return font.get("typeface") if font is not None else None

    def size_pt(self, para: Para, run: Run) -> float | None:
        value = self.first(self.rpr_chain(para, run), "sz", "val")
        return int(value) / 2 if value else None

    def color(self, para: Para, run: Run) -> str:
        return (self.first(self.rpr_chain(para, run), "color", "val") or "auto").upper()

    def align(self, para: Para) -> str:
        value = self.first(self.ppr_chain(para), "jc", "val") or "left"
        return {"start": "left", "end": "right", "distribute": "both"}.get(value, value)

    def indent_chars(self, para: Para, side: str, size_pt: float) -> float:
        """The left or right indent in characters: *Chars when given (Word prefers them), else twips / size."""
        alt = {"left": "start", "right": "end"}[side]
        for props in self.ppr_chain(para):
            ind = props.find(w("ind"))
            if ind is None:
                continue
            for attr, scale in ((f"{side}Chars", 100), (f"{alt}Chars", 100), (side, size_pt * 20), (alt, size_pt * 20)):
                if ind.get(w(attr)) is not None:
                    return int(ind.get(w(attr))) / scale
        return 0.0

    def border(self, para: Para, side: str):
        """The paragraph's border on `side` (w:top, w:bottom…), from the first pPr in the chain with w:pBdr."""
        for props in self.ppr_chain(para):
            bdr = props.find(w("pBdr"))
            if bdr is not None:
                el = bdr.find(w(side))
                return el if el is not None and el.get(w("val")) not in ("none", "nil") else None
        return None

    def line_spacing(self, para: Para) -> tuple[str, int | None]:
        """(lineRule, line) of the paragraph; rule 'auto' with line 240 is single spacing."""
        chain = self.ppr_chain(para)
        line = self.first(chain, "spacing", "line")
        return self.first(chain, "spacing", "lineRule") or "auto", int(line) if line else None


def mm(twips: str | int | None) -> float | None:
    return None if twips is None else int(twips) / TWIPS_PER_MM


def is_red(color: str | None, red: str) -> bool:
    return bool(color) and color.upper().lstrip("#") in (red.upper(), "RED")


def pieces(text: str) -> list[str]:
    """Parts of a line separated by tabs or runs of spaces: 「发文字号\t签发人：张三」 is two parts."""
    return [p.strip() for p in re.split(r"[\t\u3000]+| {2,}", text) if p.strip()]
