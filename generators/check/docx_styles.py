"""A .docx read the way Word shows it: paragraphs, runs and their effective formatting.

Word's formatting of a run is not in one place: each property comes from the first of run
properties → character style (and its basedOn ancestors) → paragraph style (and its
ancestors, or the default paragraph style) → docDefaults that sets it. Paragraph properties
follow the same chain without the character style. Every lookup here walks that chain, most
specific first, so a checker sees what the clerk sees in Word, not merely what the XML of
one paragraph says. List numbering (numbering.xml) is counted in document order, so a heading
that Word numbers 「一、」 reads 「一、」 here too. (Table styles are not followed: 公文 rarely use them.)

The package is opened defensively: sizes are checked before anything is decompressed, and
Word templates (.dotx) and macro documents are read like documents.

Longer than 400 lines: Word's formatting inheritance (styles, numbering, defaults, themes) is one resolver; split, each part would need all the others.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from lxml import etree

from generators.errors import GongwenError
from generators.word.ooxml import NS, W, local, twips_mm

R = NS["r"]


# Limits read from the zip's directory before anything is decompressed (a .docx "bomb" expands a few
# kilobytes into gigabytes). Real 公文 are a few MB; photos do not compress, so only text parts have ratios.
MAX_UNCOMPRESSED_MB = 400
MAX_PART_MB = 100  # one XML part: lxml needs several times its size in memory
MAX_RATIO = 200  # a part expanding more than this (and over RATIO_FROM_MB) is not a document's XML
RATIO_FROM_MB = 2
MAX_PARTS = 5000
MAX_PARAGRAPHS = 100_000  # a 公文 has hundreds; each costs the check about a kilobyte of memory
# Content types of Word files that are documents in all but name: templates and macro-enabled files.
DOCUMENT_LIKE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)

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
# Pending revisions: what Word shows in 「修订」 until they are accepted or rejected.
REVISION_TAGS = {
    "ins": "插入",
    "del": "删除",
    "moveFrom": "移动",
    "moveTo": "移动",
    "rPrChange": "格式修改",
    "pPrChange": "格式修改",
    "sectPrChange": "格式修改",
    "tblPrChange": "格式修改",
    "trPrChange": "格式修改",
    "tcPrChange": "格式修改",
    "numberingChange": "格式修改",
    "cellIns": "插入",
    "cellDel": "删除",
}


def w(tag: str) -> str:
    """A WordprocessingML tag: w("pPr") is qn("w:pPr")."""
    return f"{{{W}}}{tag}"


def on(el) -> bool:
    """A toggle element (<w:titlePg/>, <w:evenAndOddHeaders w:val="1"/>) that is present and not switched off."""
    return el is not None and el.get(w("val"), "1") not in OFF


class UnreadableDocx(GongwenError):
    """The file cannot be read as a .docx at all (missing, not a Word file, damaged)."""


@dataclass
class Run:
    el: Any  # w:r
    text: str


@dataclass(eq=False)  # paragraphs are compared by identity: two empty paragraphs are not the same place
class Para:
    """One paragraph: where it is (for messages), which section it is in, its text and runs.

    `number` is the label Word's list numbering shows before the text (「一、」 and its tab), and
    `anchor` the body paragraph a text-box paragraph is anchored in.
    """

    el: Any  # w:p
    where: str
    place: str  # body, table, textbox, footer
    section: int
    runs: list[Run] = field(default_factory=list)
    number: str = ""
    number_level: Any = None  # the w:lvl that made `number`
    anchor: Para | None = None
    style: str | None = None  # resolved by Docx.para_style ("" for none)

    @cached_property
    def text(self) -> str:
        return self.number + "".join(r.text for r in self.runs)

    @cached_property
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


def refuse_oversized(path: Path, z: zipfile.ZipFile) -> None:
    """Refuse a package whose directory promises more than a document holds, before decompressing it.

    zipfile stops reading a part at the size its directory declares (and fails the CRC if the data
    goes on), so checking the declared sizes bounds the memory the rest of the check can use.
    """
    parts = z.infolist()
    mb = 2**20
    total = sum(i.file_size for i in parts)
    why = None
    if len(parts) > MAX_PARTS:
        why = f"包含 {len(parts)} 个部件（上限 {MAX_PARTS} 个）"
    elif total > MAX_UNCOMPRESSED_MB * mb:
        why = f"解压后约 {total // mb} MB（上限 {MAX_UNCOMPRESSED_MB} MB）"
    else:
        for i in parts:
            ratio = i.file_size / max(i.compress_size, 1)
            if i.filename.endswith((".xml", ".rels")) and i.file_size > MAX_PART_MB * mb:
                why = f"部件 {i.filename} 解压后约 {i.file_size // mb} MB（上限 {MAX_PART_MB} MB）"
            elif i.file_size > RATIO_FROM_MB * mb and ratio > MAX_RATIO:
                why = f"部件 {i.filename} 的压缩比约 {ratio:.0f} 倍（正常文档不超过 {MAX_RATIO} 倍）"
            if why:
                break
    if why:
        raise UnreadableDocx(
            f"文件「{path}」{why}，不像正常的 Word 文档（可能已损坏或是恶意构造的压缩包），已拒绝读取。"
        )
    count = paragraphs_in(z, "word/document.xml") if "word/document.xml" in z.namelist() else 0
    if count > MAX_PARAGRAPHS:
        raise UnreadableDocx(
            f"文件「{path}」的正文有 {count} 个段落（上限 {MAX_PARAGRAPHS} 个，一份公文通常只有几百个），"
            "不像一份公文，未检查。"
        )


def paragraphs_in(z: zipfile.ZipFile, name: str) -> int:
    """How many paragraphs a part holds, counted in its bytes as they stream (before any parsing)."""
    import re

    tag = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")
    count, tail = 0, b""
    with z.open(name) as part:
        while chunk := part.read(1 << 20):
            data = tail + chunk
            cut = max(len(data) - 64, 0)  # a tag that may go on in the next chunk is counted with it
            count += sum(1 for m in tag.finditer(data) if m.start() < cut)
            tail = data[cut:]
    return count + len(tag.findall(tail))


def as_document_package(z: zipfile.ZipFile) -> io.BytesIO | None:
    """A copy of a Word template (.dotx) or macro file (.docm, .dotm) whose main part is declared a document,
    so it is read like one; None when the package is a document already (or no Word file at all)."""
    try:
        types = z.read("[Content_Types].xml")
    except KeyError:
        return None
    found = [t for t in DOCUMENT_LIKE if t.encode() in types]
    if not found:
        return None
    for t in found:
        types = types.replace(t.encode(), DOCUMENT_MAIN.encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in z.infolist():
            copy.writestr(info, types if info.filename == "[Content_Types].xml" else z.read(info))
    out.seek(0)
    return out


def load(path: Path):
    """python-docx's Document for `path`, or UnreadableDocx with a message a clerk can act on."""
    import docx

    path = Path(path)
    if not path.exists():
        raise UnreadableDocx(f"文件「{path}」不存在。")
    if path.is_dir():
        raise UnreadableDocx(f"「{path}」是文件夹，不是 .docx 文件。")
    if not path.is_file():  # a FIFO would block the read below, a device would never end
        raise UnreadableDocx(f"「{path}」不是普通文件（可能是设备或管道），无法作为 .docx 读取。")
    try:
        with path.open("rb") as fh:
            magic = fh.read(8)
    except OSError as exc:
        raise UnreadableDocx(f"文件「{path}」无法打开（{exc.strerror or exc}）。") from None
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableDocx(f"文件「{path}」是旧版 .doc 格式，请先用 Word 或 WPS 另存为 .docx 再检查。")
    if not magic.startswith(b"PK"):
        raise UnreadableDocx(f"文件「{path}」不是 .docx 文件（Word 2007 及以后版本的格式）。")
    damaged = f"文件「{path}」已损坏，无法读取；请用 Word 或 WPS 打开后另存为 .docx 再检查。"
    try:
        with zipfile.ZipFile(path) as z:
            refuse_oversized(path, z)
            if z.testzip() is not None:
                raise UnreadableDocx(damaged)
            if "word/document.xml" not in z.namelist() and "[Content_Types].xml" in z.namelist():
                names = " ".join(z.namelist())
                if "xl/" in names or "ppt/" in names:
                    raise UnreadableDocx(f"文件「{path}」不是 Word 文档（可能是 Excel 或 PowerPoint 文件）。")
            copy = as_document_package(z)
        return docx.Document(copy or str(path))
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
        self.theme = self._related_xml("THEME")
        self._chains: dict[tuple[str, str], tuple] = {}
        self.numbering = Numbering(self._related_xml("NUMBERING"), self)
        self.sections = self._sections()
        self.paragraphs = list(self._walk_body())
        self.by_element = {p.el: p for p in self.paragraphs}

    # ------------------------------------------------------------ structure

    def _related_xml(self, kind: str):
        """The root of a part related to the document (THEME, NUMBERING, COMMENTS), parsed without entities."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        try:
            return etree.fromstring(self.document.part.part_related_by(getattr(RT, kind)).blob, SAFE_PARSER)
        except Exception:  # noqa: BLE001 - no such part (or an unreadable one): as if the document had none
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
                host = self._para(child, where, place, counter["section"])
                yield host
                for box in TEXT_BOXES(child):
                    if NEAREST_P(box)[0] is child:
                        for p in box.iter(w("p")):
                            yield self._para(p, f"{where}处的文本框", "textbox", counter["section"], host)
                ppr = child.find(w("pPr"))
                if ppr is not None and ppr.find(w("sectPr")) is not None:
                    counter["section"] += 1
            elif tag == "tbl":
                counter["tbl"] += 1
                number = counter["tbl"]
                for i, tr in enumerate(child.findall(w("tr")), 1):
                    for j, tc in enumerate(tr.findall(w("tc")), 1):
                        yield from self._walk(tc, counter, cell or f"表格{number}第{i}行第{j}列")
            elif tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
                yield from self._walk(child, counter, cell)

    def _para(self, p, where: str, place: str, section: int, anchor: Para | None = None) -> Para:
        para = Para(p, where, place, section, [Run(r, run_text(r)) for r in RUNS(p)], anchor=anchor)
        if place != "footer":
            try:
                found = self.numbering.label(para)
            except (ValueError, TypeError, KeyError):  # a numbering definition written in a form not read here
                found = None
            if found:
                para.number, para.number_level = found
        return para

    def neighbour(self, para: Para, step: int) -> Para | None:
        """The paragraph next to `para` (step 1) or before it (step -1) in the same container."""
        el = para.el.getnext() if step > 0 else para.el.getprevious()
        while el is not None and local(el) != "p":
            if local(el) in ("tbl", "sectPr"):
                return None
            el = el.getnext() if step > 0 else el.getprevious()
        return self.by_element.get(el) if el is not None else None

    def footers(self, section: int) -> dict[str, object]:
        """The footers in force in section `section` by type (default, even, first); a section without its
        own reference inherits the previous section's."""
        return self._footers_in_force[section] if section < len(self._footers_in_force) else {}

    @cached_property
    def _footers_in_force(self) -> list[dict[str, object]]:
        """Each section's footers, inherited along the sections in one pass (a document may have thousands)."""
        rels = self.document.part.related_parts
        found: dict[str, object] = {}
        out = []
        for sect in self.sections:
            for ref in sect.findall(w("footerReference")):
                rid = ref.get(f"{{{R}}}id")
                if rid in rels:
                    found[ref.get(w("type"), "default")] = rels[rid].element
            out.append(dict(found))
        return out

    def footer_paragraphs(self, footer, where: str, section: int) -> list[Para]:
        return [self._para(p, where, "footer", section) for p in footer.iter(w("p")) if not IN_FALLBACK(p)]

    def revisions(self) -> dict[str, int]:
        """Pending tracked changes by kind (插入, 删除, 移动, 格式修改), in the body, headers and footers."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        roots = [self.document.element.body]
        roots += [
            part.element
            for rel in self.document.part.rels.values()
            if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external
            for part in [rel.target_part]
        ]
        counts: dict[str, int] = {}
        for root in roots:
            for el in root.iter(*(w(tag) for tag in REVISION_TAGS)):
                kind = REVISION_TAGS[local(el)]
                counts[kind] = counts.get(kind, 0) + 1
        return counts

    def comments(self) -> int:
        """Comments the document holds (references in the text, or entries in the comments part)."""
        refs = sum(1 for _ in self.document.element.body.iter(w("commentReference")))
        part = self._related_xml("COMMENTS")
        return max(refs, len(part.findall(w("comment"))) if part is not None else 0)

    # ------------------------------------------------------------ style chains

    def _style_chain(self, style_id: str | None, kind: str) -> tuple:
        """The property elements (w:pPr or w:rPr) of a style and its basedOn ancestors, nearest first
        (a tuple: it is cached, and callers build their chains on it)."""
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
            self._chains[key] = tuple(chain)
        return self._chains[key]

    def para_style(self, para: Para) -> str | None:
        """The paragraph's style; one the file does not define falls back, as in Word, to the default style.
        (Looked up once per paragraph: a path search scans every child, and a paragraph may have 10,000 runs.)"""
        if para.style is None:
            ppr = para.el.find(w("pPr"))
            ps = ppr.find(w("pStyle")) if ppr is not None else None
            style = ps.get(w("val")) if ps is not None else None
            para.style = style if style in self.styles else (self.default_para_style or "")
        return para.style or None

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

    def theme_font(self, theme: str, slot: str = "eastAsia") -> str | None:
        """What a theme font (minorEastAsia…) shows as, for the East-Asian language in settings; for the
        ascii and hAnsi slots the theme's Latin face."""
        if self.theme is None:
            return None
        scheme = self.theme.find(f".//a:{'major' if theme.startswith('major') else 'minor'}Font", NS)
        if scheme is None:
            return None
        if slot != "eastAsia" and not theme.endswith("EastAsia"):
            latin = scheme.find("a:cs" if slot == "cs" else "a:latin", NS)
            return latin.get("typeface") or None if latin is not None else None
        ea = scheme.find("a:ea", NS)
        if ea is not None and ea.get("typeface"):
            return ea.get("typeface")
        lang_el = self.settings.find(w("themeFontLang"))
        lang = (lang_el.get(w("eastAsia")) if lang_el is not None else None) or "zh-CN"
        script = {"zh-TW": "Hant", "zh-HK": "Hant", "zh-MO": "Hant", "ja-JP": "Jpan", "ko-KR": "Hang"}.get(lang, "Hans")
        font = scheme.find(f"a:font[@script='{script}']", NS)
        return font.get("typeface") if font is not None else None

    def number_font(self, para: Para) -> EastAsiaFont:
        """The East-Asian font of a list label: the level's own run properties, else the paragraph mark's."""
        chain = [] if para.number_level is None else [para.number_level.find(w("rPr"))]
        ppr = para.el.find(w("pPr"))
        own = ppr.find(w("rPr")) if ppr is not None else None
        chain += [own, *self._style_chain(self.para_style(para), "rPr"), self.default_rpr]
        return self._east_asia([props for props in chain if props is not None])

    def east_asia_font(self, para: Para, run: Run) -> EastAsiaFont:
        return self._east_asia(self.rpr_chain(para, run))

    def _east_asia(self, chain: list, slot: str = "eastAsia") -> EastAsiaFont:
        # A theme attribute beats the explicit name at the same level (ECMA-376 §17.3.2.26).
        theme_attr = "cstheme" if slot == "cs" else f"{slot}Theme"
        for props in chain:
            fonts = props.find(w("rFonts"))
            if fonts is None:
                continue
            theme = fonts.get(w(theme_attr))
            if theme:
                return EastAsiaFont(None, theme, self.theme_font(theme, slot))
            if fonts.get(w(slot)):
                return EastAsiaFont(fonts.get(w(slot)))
        return EastAsiaFont(None)

    def slot_font(self, para: Para, run: Run, slot: str) -> EastAsiaFont:
        """The font of one of a run's font slots (ascii, hAnsi, eastAsia, cs), themes resolved."""
        return self._east_asia(self.rpr_chain(para, run), slot)

    def char_font(self, para: Para, run: Run, char: str) -> tuple[str, EastAsiaFont]:
        """(slot, font) that Word sets `char` of `run` in: ASCII in w:ascii, Chinese characters, CJK punctuation
        and full-width forms in w:eastAsia, anything else in w:hAnsi unless the run's hint says eastAsia."""
        slot = char_slot(char, self.first(self.rpr_chain(para, run), "rFonts", "hint"))
        return slot, self.slot_font(para, run, slot)

    def char_spacing_pt(self, para: Para, run: Run) -> float:
        """Extra space after each character (Word's 字符间距 加宽/紧缩), in points."""
        value = self.first(self.rpr_chain(para, run), "spacing", "val")
        return int(value) / 20 if value else 0.0

    def char_scale(self, para: Para, run: Run) -> float:
        """Word's 字符缩放 (w:w, a percentage of the width), as a fraction."""
        value = self.first(self.rpr_chain(para, run), "w", "val")
        return int(value.rstrip("%")) / 100 if value else 1.0

    def bold(self, para: Para, run: Run) -> bool:
        """Whether the run is bold (w:b from the run, its character style, the paragraph style or the defaults)."""
        for props in self.rpr_chain(para, run):
            el = props.find(w("b"))
            if el is not None:
                return on(el)
        return False

    def raw_align(self, para: Para) -> str:
        """w:jc as written (both, distribute, left…), nothing mapped."""
        return self.first(self.ppr_chain(para), "jc", "val") or "left"

    def highlight(self, para: Para, run: Run) -> str | None:
        value = self.first(self.rpr_chain(para, run), "highlight", "val")
        return value if value and value != "none" else None

    def type_size(self, para: Para, default: float) -> float:
        """The size of the paragraph's first run that has one (for indents in characters), else `default`."""
        return next((size for r in para.runs if (size := self.size_pt(para, r))), default)

    def size_pt(self, para: Para, run: Run) -> float | None:
        value = self.first(self.rpr_chain(para, run), "sz", "val")
        return int(value) / 2 if value else None

    def color(self, para: Para, run: Run) -> str:
        """The run's colour as RRGGBB or AUTO; a theme colour shows as its name (text1 is black)."""
        for props in self.rpr_chain(para, run):
            el = props.find(w("color"))
            if el is not None:
                theme = el.get(w("themeColor"))
                if theme:
                    return "AUTO" if theme in ("text1", "dark1") else theme
                return (el.get(w("val")) or "auto").upper()
        return "AUTO"

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

    def first_line_chars(self, para: Para, size_pt: float) -> float:
        """The first-line indent in characters (negative for a hanging indent); the nearest w:ind that sets
        one decides, and *Chars attributes win over twips as in Word."""
        names = ("hangingChars", "hanging", "firstLineChars", "firstLine")
        for props in self.ppr_chain(para):
            ind = props.find(w("ind"))
            if ind is None or not any(ind.get(w(n)) is not None for n in names):
                continue
            value = lambda n, ind=ind: int(ind.get(w(n)) or 0)  # noqa: E731
            hanging = value("hangingChars") / 100 or value("hanging") / (size_pt * 20)
            if hanging:
                return -hanging
            if ind.get(w("firstLineChars")) is not None:
                return value("firstLineChars") / 100
            return value("firstLine") / (size_pt * 20)
        return 0.0

    def border(self, para: Para, side: str):
        """The paragraph's border on `side` (w:top, w:bottom…), from the first pPr in the chain with w:pBdr."""
        for props in self.ppr_chain(para):
            bdr = props.find(w("pBdr"))
            if bdr is not None:
                el = bdr.find(w(side))
                return el if el is not None and el.get(w("val")) not in ("none", "nil") else None
        return None

    def space_pt(self, para: Para, side: str) -> float:
        """Space before or after the paragraph in points (w:before/w:after; *Lines as lines of 12 pt, roughly)."""
        chain = self.ppr_chain(para)
        lines = self.first(chain, "spacing", f"{side}Lines")
        if lines is not None:
            return int(lines) / 100 * 12
        value = self.first(chain, "spacing", side)
        return int(value) / 20 if value else 0.0

    def line_spacing(self, para: Para) -> tuple[str, int | None]:
        """(lineRule, line) of the paragraph; rule 'auto' with line 240 is single spacing."""
        chain = self.ppr_chain(para)
        line = self.first(chain, "spacing", "line")
        return self.first(chain, "spacing", "lineRule") or "auto", int(line) if line else None


class Numbering:
    """Word's list numbering: the label (「一、」「（二）」「3.」) each numbered paragraph shows.

    Labels are counted in document order, as Word counts them: one counter per list and level,
    deeper levels restarting when a shallower one advances. Lists that share an abstract
    definition continue one another unless a w:num restarts them with w:startOverride.
    """

    def __init__(self, root, doc: Docx):
        self.abstract = {a.get(w("abstractNumId")): a for a in root.iter(w("abstractNum"))} if root is not None else {}
        self.nums: dict[str, tuple[str | None, dict]] = {}
        for n in root.iter(w("num")) if root is not None else ():
            aid = n.find(w("abstractNumId"))
            overrides = {o.get(w("ilvl")): o for o in n.findall(w("lvlOverride"))}
            self.nums[n.get(w("numId"))] = (aid.get(w("val")) if aid is not None else None, overrides)
        self.doc = doc
        self.counters: dict[object, dict[int, int]] = {}

    def num_pr(self, para: Para) -> tuple[str, int] | None:
        """(numId, ilvl) from the paragraph, else from its style chain; numId 0 switches numbering off."""
        num_id = ilvl = None
        for props in self.doc.ppr_chain(para):
            pr = props.find(w("numPr"))
            if pr is None:
                continue
            if num_id is None and pr.find(w("numId")) is not None:
                num_id = pr.find(w("numId")).get(w("val"))
            if ilvl is None and pr.find(w("ilvl")) is not None:
                ilvl = pr.find(w("ilvl")).get(w("val"))
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        return num_id, int(ilvl or 0)

    def abstract_of(self, num_id: str):
        aid, _ = self.nums[num_id]
        abstract = self.abstract.get(aid)
        link = abstract.find(w("numStyleLink")) if abstract is not None else None
        if link is not None:  # the list is defined by a numbering style: follow it once
            style = self.doc.styles.get(link.get(w("val")))
            ref = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}") if style is not None else None
            if ref is not None and ref.get(w("val")) in self.nums:
                abstract = self.abstract.get(self.nums[ref.get(w("val"))][0], abstract)
        return abstract

    def level(self, num_id: str, ilvl: int):
        _, overrides = self.nums[num_id]
        override = overrides.get(str(ilvl))
        if override is not None and override.find(w("lvl")) is not None:
            return override.find(w("lvl"))
        abstract = self.abstract_of(num_id)
        if abstract is None:
            return None
        return next((lvl for lvl in abstract.findall(w("lvl")) if lvl.get(w("ilvl"), "0") == str(ilvl)), None)

    def label(self, para: Para) -> tuple[str, object] | None:
        found = self.num_pr(para)
        if found is None:
            return None
        num_id, ilvl = found
        lvl = self.level(num_id, ilvl)
        if lvl is None:
            return None
        aid, overrides = self.nums[num_id]
        restarts = {int(k): o for k, o in overrides.items() if o.find(w("startOverride")) is not None}
        key = ("num", num_id) if restarts else ("abstract", aid)
        counters = self.counters.setdefault(key, {})
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            start = restarts[ilvl].find(w("startOverride")) if ilvl in restarts else lvl.find(w("start"))
            counters[ilvl] = int(start.get(w("val"), "0")) if start is not None else 0
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text_el = lvl.find(w("lvlText"))
        pattern = text_el.get(w("val"), "") if text_el is not None else ""
        legal = on(lvl.find(w("isLgl")))

        def shown(m: re.Match) -> str:
            level = int(m.group(1)) - 1
            value = counters.get(level, 1)
            other = self.level(num_id, level) if level != ilvl else lvl
            fmt_el = other.find(w("numFmt")) if other is not None else None
            fmt = fmt_el.get(w("val"), "decimal") if fmt_el is not None else "decimal"
            return number_text(value, "decimal" if legal and level != ilvl else fmt)

        text = re.sub(r"%([1-9])", shown, pattern)
        suff = lvl.find(w("suff"))
        suffix = {"space": " ", "nothing": ""}.get(suff.get(w("val")) if suff is not None else "tab", "\t")
        return (text + suffix if text else ""), lvl


_FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def number_text(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (w:numFmt)."""
    from generators.numbers.wording import chinese_number

    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCountingThousand", "japaneseCounting"):
        return chinese_number(n) if 0 <= n <= 999 else str(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "chineseLegalSimplified"):
        digits = "〇一二三四五六七八九" if fmt != "chineseLegalSimplified" else "零壹贰叁肆伍陆柒捌玖"
        return "".join(digits[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10] if n > 0 else str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(_FULL_DIGITS)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = roman_numeral(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


def roman_numeral(n: int) -> str:
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")):
        out.append(letters * (n // value))
        n %= value
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        out.append(letters * (n // value))
        n %= value
    return "".join(out)


def char_slot(char: str, hint: str | None = None) -> str:
    """The rFonts slot a character is set in (ECMA-376 §17.3.2.26, simplified as Word behaves): ASCII in
    ascii; CJK ideographs, CJK symbols and punctuation, kana, hangul and full-width forms in eastAsia;
    the rest (「—」「“」「…」) in hAnsi, or in eastAsia when the run's hint is eastAsia."""
    code = ord(char)
    if code < 0x80:
        return "ascii"
    if (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFE30 <= code <= 0xFE4F
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    ):
        return "eastAsia"
    return "eastAsia" if hint == "eastAsia" else "hAnsi"


def mm(twips: str | int | None) -> float:
    """Twips (as an attribute holds them) in millimetres; an absent value is 0."""
    return twips_mm(int(twips or 0))


def is_red(color: str | None, red: str) -> bool:
    """Red as offices set it: the standard's red, or any strong red (「中国红」 E60012, C00000…)."""
    if not color:
        return False
    color = color.upper().lstrip("#")
    if color in (red.upper(), "RED"):
        return True
    if not re.fullmatch(r"[0-9A-F]{6}", color):
        return False
    r, g, b = (int(color[i : i + 2], 16) for i in (0, 2, 4))
    return r >= 0xB0 and g <= 0x50 and b <= 0x50


def is_black(color: str | None) -> bool:
    return (color or "AUTO").upper().lstrip("#") in ("AUTO", "000000", "BLACK", "WINDOWTEXT")


def pieces(text: str) -> list[str]:
    """Parts of a line separated by tabs or runs of spaces: 「发文字号\t签发人：张三」 is two parts."""
    return [p.strip() for p in re.split(r"[\t\u3000]+| {2,}", text) if p.strip()]
