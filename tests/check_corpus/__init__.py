"""A corpus of 公文 written the way other tools and people write them, built at test time from raw OOXML.

Not python-docx, not gongwen's templates: each package is written part by part as other generators
and Word/WPS users leave them — English font names in the runs (FangSong, SimHei, KaiTi,
FZXiaoBiaoSong-B05S), 28 pt exact line spacing, headings numbered by numbering.xml, a paragraph
style the file never defines, a page whose `orient` attribute disagrees with its size, the 版头's
red rule as the border of an empty line, the 版记 ruled by paragraph borders (the rule under 印发
as the top border of the next line), a single attachment whose name starts with a year, a
template (.dotx), a 命令, a 纪要, a 上行文 with 签发人, a 信函 whose lower rule is a drawn line,
and the 版记 in Word's text box (mc:AlternateContent) or in a last section aligned to the bottom.

Each document is a `Package` of `P` records; a defect is a function that changes one thing.
"""

from __future__ import annotations

import copy
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from generators.word.ooxml import EMU_PER_MM, mm_twips

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"'
)

FANGSONG, HEI, KAI, XBS, SONG = "FangSong", "SimHei", "KaiTi", "FZXiaoBiaoSong-B05S", "SimSun"
RED = "FF0000"


def twips(mm: float) -> int:
    return mm_twips(mm)


@dataclass
class R:
    """A run: text and the formatting other tools write on every run."""

    text: str
    font: str | None = None
    size: float | None = None  # points
    color: str | None = None
    extra: str = ""  # more w:rPr children (highlight, theme fonts…)

    def xml(self) -> str:
        props = []
        if self.font:
            f = self.font
            props.append(f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>')
        if self.color:
            props.append(f'<w:color w:val="{self.color}"/>')
        if self.size:
            props.append(f'<w:sz w:val="{round(self.size * 2)}"/><w:szCs w:val="{round(self.size * 2)}"/>')
        props.append(self.extra)
        parts = []
        for i, line in enumerate(self.text.split("\n")):
            if i:
                parts.append("<w:br/>")
            for j, chunk in enumerate(line.split("\t")):
                if j:
                    parts.append("<w:tab/>")
                if chunk:
                    parts.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
        return f"<w:r><w:rPr>{''.join(props)}</w:rPr>{''.join(parts)}</w:r>"


@dataclass
class P:
    """A paragraph; `tag` names it for the defects."""

    runs: list = field(default_factory=list)  # R records or raw XML strings
    tag: str = ""
    style: str | None = None
    jc: str | None = None
    ind: dict = field(default_factory=dict)
    line: int | None = None  # exact line spacing in twips
    borders: dict = field(default_factory=dict)  # side -> (val, sz, color)
    num: tuple[int, int] | None = None  # (numId, ilvl)
    tabs: list = field(default_factory=list)  # (val, pos twips)
    sect: str = ""  # a sectPr ending a section here
    extra: str = ""  # more w:pPr children

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs if isinstance(r, R))

    def xml(self) -> str:
        ppr = []
        if self.style:
            ppr.append(f'<w:pStyle w:val="{self.style}"/>')
        if self.num:
            ppr.append(f'<w:numPr><w:ilvl w:val="{self.num[1]}"/><w:numId w:val="{self.num[0]}"/></w:numPr>')
        if self.borders:
            sides = "".join(
                f'<w:{side} w:val="{val}" w:sz="{sz}" w:space="1" w:color="{color}"/>'
                for side in ("top", "left", "bottom", "right", "between")
                if side in self.borders
                for val, sz, color in [self.borders[side]]
            )
            ppr.append(f"<w:pBdr>{sides}</w:pBdr>")
        if self.tabs:
            ppr.append("<w:tabs>" + "".join(f'<w:tab w:val="{v}" w:pos="{p}"/>' for v, p in self.tabs) + "</w:tabs>")
        if self.line:
            ppr.append(f'<w:spacing w:line="{self.line}" w:lineRule="exact"/>')
        if self.ind:
            ppr.append("<w:ind " + " ".join(f'w:{k}="{v}"' for k, v in self.ind.items()) + "/>")
        if self.jc:
            ppr.append(f'<w:jc w:val="{self.jc}"/>')
        ppr.append(self.extra)
        ppr.append(self.sect)
        runs = "".join(r.xml() if isinstance(r, R) else r for r in self.runs)
        return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{runs}</w:p>"


@dataclass
class Sect:
    width: float = 210
    height: float = 297
    orient: str | None = None
    top: float = 37
    bottom: float = 35
    left: float = 28
    right: float = 26
    footer: float = 18
    grid: str = "linesAndChars"
    pitch: int = 560  # twips
    char_space: int | None = None  # None: 28 characters in the text block
    title_pg: bool = False
    valign: str | None = None
    footers: dict = field(default_factory=dict)  # type -> footer name

    def xml(self) -> str:
        refs = "".join(f'<w:footerReference w:type="{kind}" r:id="rId{name}"/>' for kind, name in self.footers.items())
        orient = f' w:orient="{self.orient}"' if self.orient else ""
        block_w = twips(self.width) - twips(self.left) - twips(self.right)
        space = self.char_space if self.char_space is not None else round((block_w / 20 / 28 - 16) * 4096)
        grid = f'<w:docGrid w:type="{self.grid}" w:linePitch="{self.pitch}"'
        grid += f' w:charSpace="{space}"/>' if self.grid in ("linesAndChars", "snapToChars") else "/>"
        return (
            f"<w:sectPr>{refs}"
            f'<w:pgSz w:w="{twips(self.width)}" w:h="{twips(self.height)}"{orient}/>'
            f'<w:pgMar w:top="{twips(self.top)}" w:right="{twips(self.right)}" w:bottom="{twips(self.bottom)}" '
            f'w:left="{twips(self.left)}" w:header="851" w:footer="{twips(self.footer)}" w:gutter="0"/>'
            + ("<w:titlePg/>" if self.title_pg else "")
            + (f'<w:vAlign w:val="{self.valign}"/>' if self.valign else "")
            + grid
            + "</w:sectPr>"
        )


@dataclass
class Package:
    body: list  # P records or raw XML (tables)
    sect: Sect
    numbering: str = ""
    footers: dict = field(default_factory=dict)  # name -> list of P
    even_odd: bool = True
    normal: str = ""  # the Normal style's rPr and pPr
    styles: str = ""  # more styles
    comments: list = field(default_factory=list)
    template: bool = False
    defaults: str = ""  # more w:rPr children of docDefaults (a line grid's condensed characters)

    def find(self, tag: str) -> P:
        return next(p for p in self.body if isinstance(p, P) and p.tag == tag)

    def index(self, tag: str) -> int:
        return self.body.index(self.find(tag))

    def save(self, path: Path) -> Path:
        main = "template.main" if self.template else "document.main"
        overrides = [
            ("/word/document.xml", f"application/vnd.openxmlformats-officedocument.wordprocessingml.{main}+xml"),
            ("/word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
            ("/word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"),
            ("/word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
        ]
        rels = [
            ("rIdStyles", "styles", "styles.xml"),
            ("rIdSettings", "settings", "settings.xml"),
            ("rIdTheme", "theme", "theme/theme1.xml"),
        ]
        parts = {
            "word/styles.xml": self.styles_xml(),
            "word/settings.xml": f"<w:settings {NAMESPACES}>"
            + ("<w:evenAndOddHeaders/>" if self.even_odd else "")
            + '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>',
            "word/theme/theme1.xml": THEME,
        }
        if self.numbering:
            overrides.append(
                ("/word/numbering.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml")
            )
            rels.append(("rIdNumbering", "numbering", "numbering.xml"))
            parts["word/numbering.xml"] = f"<w:numbering {NAMESPACES}>{self.numbering}</w:numbering>"
        if self.comments:
            overrides.append(
                ("/word/comments.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml")
            )
            rels.append(("rIdComments", "comments", "comments.xml"))
            parts["word/comments.xml"] = f"<w:comments {NAMESPACES}>{''.join(self.comments)}</w:comments>"
        for name, paras in self.footers.items():
            overrides.append(
                (f"/word/{name}.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml")
            )
            rels.append((f"rId{name}", "footer", f"{name}.xml"))
            parts[f"word/{name}.xml"] = f"<w:ftr {NAMESPACES}>{''.join(p.xml() for p in paras)}</w:ftr>"
        body = "".join(p.xml() if isinstance(p, P) else p for p in self.body)
        parts["word/document.xml"] = f"<w:document {NAMESPACES}><w:body>{body}{self.sect.xml()}</w:body></w:document>"
        types = (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
            + "</Types>"
        )
        base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        doc_rels = "".join(f'<Relationship Id="{i}" Type="{base}{t}" Target="{target}"/>' for i, t, target in rels)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", types)
            z.writestr(
                "_rels/.rels",
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{base}officeDocument" Target="word/document.xml"/></Relationships>',
            )
            z.writestr(
                "word/_rels/document.xml.rels",
                f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{doc_rels}'
                "</Relationships>",
            )
            for name, xml in parts.items():
                z.writestr(name, xml)
        return path

    def styles_xml(self) -> str:
        return (
            f"<w:styles {NAMESPACES}>"
            # docDefaults as Word writes them: theme fonts, 10.5 pt (五号).
            '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia"'
            ' w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/><w:kern w:val="2"/>'
            f'{self.defaults}<w:sz w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>'
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
            f"{self.normal}</w:style>"
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/></w:style>'
            f"{self.styles}</w:styles>"
        )

    def copy(self) -> Package:
        return copy.deepcopy(self)


THEME = (
    '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office">'
    "<a:themeElements><a:clrScheme name='Office'><a:dk1><a:sysClr val='windowText' lastClr='000000'/></a:dk1>"
    "<a:lt1><a:sysClr val='window' lastClr='FFFFFF'/></a:lt1><a:dk2><a:srgbClr val='44546A'/></a:dk2>"
    "<a:lt2><a:srgbClr val='E7E6E6'/></a:lt2><a:accent1><a:srgbClr val='4472C4'/></a:accent1>"
    "<a:accent2><a:srgbClr val='ED7D31'/></a:accent2><a:accent3><a:srgbClr val='A5A5A5'/></a:accent3>"
    "<a:accent4><a:srgbClr val='FFC000'/></a:accent4><a:accent5><a:srgbClr val='5B9BD5'/></a:accent5>"
    "<a:accent6><a:srgbClr val='70AD47'/></a:accent6><a:hlink><a:srgbClr val='0563C1'/></a:hlink>"
    "<a:folHlink><a:srgbClr val='954F72'/></a:folHlink></a:clrScheme>"
    "<a:fontScheme name='Office'><a:majorFont><a:latin typeface='Calibri Light'/><a:ea typeface=''/>"
    "<a:cs typeface=''/><a:font script='Hans' typeface='等线 Light'/></a:majorFont>"
    "<a:minorFont><a:latin typeface='Calibri'/><a:ea typeface=''/><a:cs typeface=''/>"
    "<a:font script='Hans' typeface='仿宋'/></a:minorFont></a:fontScheme>"
    "<a:fmtScheme name='Office'><a:fillStyleLst/><a:lnStyleLst/><a:effectStyleLst/><a:bgFillStyleLst/>"
    "</a:fmtScheme></a:themeElements></a:theme>"
)

# ---------------------------------------------------------------- pieces


def body(text: str, tag: str = "", **kw) -> P:
    """Body text: a style the file never defines (Word falls back to Normal, which carries the format)."""
    return P([R(text)], tag=tag, style="BodyText", **kw)


def blank(tag: str = "", **kw) -> P:
    return P([], tag=tag, **kw)


def page_number_footer(side: str, dashes: bool = True, font: str = SONG) -> list[P]:
    before, after = ("— ", " —") if dashes else ("", "")
    field_run = f'<w:fldSimple w:instr=" PAGE ">{R("1", font, 14).xml()}</w:fldSimple>'
    return [
        P(
            [R(before, font, 14), field_run, R(after, font, 14)],
            jc=side,
            ind={f"{side}Chars": 100, side: 280},
            tag="number",
        )
    ]


def numbering(level0: str = "%1、", level1: str = "（%2）", start: int = 1, font0: str = HEI) -> str:
    """Headings numbered by Word: 一、 in 黑体 and （一） in 楷体, Chinese counting, no tab after."""
    return (
        '<w:abstractNum w:abstractNumId="7"><w:multiLevelType w:val="multilevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="chineseCountingThousand"/>'
        f'<w:lvlText w:val="{level0}"/><w:lvlJc w:val="left"/><w:suff w:val="nothing"/>'
        f'<w:pPr><w:ind w:firstLineChars="200"/></w:pPr><w:rPr><w:rFonts w:ascii="{font0}" w:hAnsi="{font0}"'
        f' w:eastAsia="{font0}"/></w:rPr></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/>'
        f'<w:lvlText w:val="{level1}"/><w:lvlJc w:val="left"/><w:suff w:val="nothing"/>'
        f'<w:rPr><w:rFonts w:ascii="{KAI}" w:hAnsi="{KAI}" w:eastAsia="{KAI}"/></w:rPr></w:lvl>'
        '</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>'
    )


NORMAL = (
    f'<w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/>'
    f'<w:jc w:val="both"/></w:pPr><w:rPr><w:rFonts w:ascii="{FANGSONG}" w:hAnsi="{FANGSONG}" '
    f'w:eastAsia="{FANGSONG}" w:cs="{FANGSONG}"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>'
)


def normal(line: int = 560) -> str:
    return NORMAL.replace('w:line="560"', f'w:line="{line}"')


def banji_lines(
    cc: str = "抄送：市委农办，市财政局。", printed: str = "测试市巩固衔接办\u3000\u3000\u3000\u30002026年1月5日印发"
):
    """版记 ruled by paragraph borders: 0.35 mm over 抄送, 0.25 mm between, 0.35 mm under 印发 drawn as the
    top border of the empty line after it."""
    side = {"leftChars": 100, "left": 280, "rightChars": 100, "right": 280, "firstLineChars": 0, "firstLine": 0}
    return [
        P(
            [R(cc, FANGSONG, 14)],
            tag="cc",
            ind=side,
            borders={"top": ("single", 8, "auto"), "bottom": ("single", 6, "auto")},
        ),
        P([R(printed, FANGSONG, 14)], tag="printed", ind=side),
        P([], tag="after-printed", borders={"top": ("single", 8, "auto")}),
    ]


def red_rule_line(width_mm: float = 156, color: str = RED) -> str:
    """A drawn red rule (DrawingML line), anchored in the paragraph under the 发文字号."""
    cx = round(width_mm * EMU_PER_MM)
    return (
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        '<wp:docPr id="11" name="红线"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvCnPr/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="0"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="28575"><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></a:ln></wps:spPr><wps:bodyPr/>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def page_line(top_mm: float, cmpd: str = "thickThin", color: str = RED, width_mm: float = 170) -> str:
    """A drawn double rule placed on the page `top_mm` below its top edge (a letter's lower rule)."""
    cx = round(width_mm * EMU_PER_MM)
    return (
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="3" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="page"><wp:align>center</wp:align></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{round(top_mm * EMU_PER_MM)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        '<wp:docPr id="12" name="下双线"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvCnPr/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="0"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="38100" cmpd="{cmpd}"><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></a:ln></wps:spPr>'
        "<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def text_box_run(
    paragraphs: list,
    vertical: str = "<wp:align>bottom</wp:align>",
    horizontal: str = "center",
    size_mm: tuple[float, float] = (156, 20),
    relative: str = "margin",
) -> str:
    """A text box as Word and WPS write it: DrawingML in mc:Choice, the same text as VML in mc:Fallback;
    `paragraphs` are P records or raw XML (a table)."""
    inner = "".join(p.xml() if isinstance(p, P) else p for p in paragraphs)
    cx, cy = round(size_mm[0] * EMU_PER_MM), round(size_mm[1] * EMU_PER_MM)
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="4" behindDoc="0" '
        'locked="0" layoutInCell="1" allowOverlap="0"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:align>{horizontal}</wp:align></wp:positionH>'
        f'<wp:positionV relativeFrom="{relative}">{vertical}</wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        '<wp:docPr id="13" name="版记"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        '<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
        f"<a:ln><a:noFill/></a:ln></wps:spPr><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b">'
        "<a:spAutoFit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:shape style="position:absolute;width:442pt;height:57pt;'
        f"mso-position-horizontal:{horizontal};mso-position-horizontal-relative:margin;mso-position-vertical:bottom;"
        f'mso-position-vertical-relative:margin" stroked="f"><v:textbox inset="0,0,0,0"><w:txbxContent>{inner}'
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def annex_table() -> str:
    cell = (
        '<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
        '<w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t>{}</w:t></w:r></w:p></w:tc>'
    )
    rows = "".join(
        "<w:tr>" + cell.format(a) + cell.format(b) + "</w:tr>" for a, b in (("县区", "得分"), ("甲县", "98"))
    )
    return (
        '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders><w:top w:val="single" w:sz="4"/>'
        '<w:bottom w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>{rows}</w:tbl>'
    )


# ---------------------------------------------------------------- as WPS writes them


def complex_page_field(digits: str = SONG) -> str:
    """A PAGE field as WPS writes it: fldChar begin, instrText, separate, the result, end; the result's digits
    in `digits` through w:ascii and w:hAnsi only (the East-Asian font left to the style)."""
    props = f'<w:rFonts w:ascii="{digits}" w:hAnsi="{digits}" w:cs="{digits}"/><w:sz w:val="28"/>'
    run = lambda inner: f"<w:r><w:rPr>{props}</w:rPr>{inner}</w:r>"  # noqa: E731
    return (
        run('<w:fldChar w:fldCharType="begin"/>')
        + run('<w:instrText xml:space="preserve"> PAGE  \\* MERGEFORMAT </w:instrText>')
        + run('<w:fldChar w:fldCharType="separate"/>')
        + run("<w:t>1</w:t>")
        + run('<w:fldChar w:fldCharType="end"/>')
    )


def wps_dash(text: str, digits: str = SONG) -> str:
    """「— 」 in a WPS page number: Latin fonts named, the East-Asian font left to the style."""
    return (
        f'<w:r><w:rPr><w:rFonts w:ascii="{digits}" w:hAnsi="{digits}" w:cs="{digits}"/><w:sz w:val="28"/></w:rPr>'
        f'<w:t xml:space="preserve">{text}</w:t></w:r>'
    )


def boxed_page_number_footer(align: str = "outside", digits: str = SONG) -> list[P]:
    """WPS's page number: a small text box in the footer placed 「outside」 (right on odd pages, left on even
    ones), 「— 1 —」 in it with the digits' and dashes' font given by w:ascii and w:hAnsi only."""
    inner = P([wps_dash("— ", digits), complex_page_field(digits=digits), wps_dash(" —", digits)], jc="center")
    inner.ind = {"firstLineChars": 0, "firstLine": 0}
    box = text_box_run([inner], "<wp:posOffset>0</wp:posOffset>", align, (25, 8), relative="paragraph")
    return [P([box], tag="host", ind={"firstLineChars": 0, "firstLine": 0})]


def table_xml(rows: list[list[P]], borders: str = "", style: str | None = None, width: int = 8844) -> str:
    """A one-column table of `rows` (each a cell's paragraphs)."""
    props = f'<w:tblStyle w:val="{style}"/>' if style else ""
    props += f'<w:tblW w:w="{width}" w:type="dxa"/>'
    props += f"<w:tblBorders>{borders}</w:tblBorders>" if borders else ""
    cells = "".join(
        f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{"".join(p.xml() for p in row)}</w:tc></w:tr>'
        for row in rows
    )
    return f'<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>{cells}</w:tbl>'


TABLE_GRID = (
    '<w:style w:type="table" w:styleId="a5"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>'
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders></w:tblPr></w:style>"
)


def line_shape(top_mm: float, weight_mm: float, width_mm: float = 156, relative: str = "paragraph") -> str:
    """A black rule drawn as a straight connector (as WPS draws the 版记's rules), placed from the paragraph."""
    cx = round(width_mm * EMU_PER_MM)
    return (
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="5" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        f'<wp:positionV relativeFrom="{relative}"><wp:posOffset>{round(top_mm * EMU_PER_MM)}</wp:posOffset>'
        f'</wp:positionV><wp:extent cx="{cx}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        '<wp:docPr id="21" name="直接连接符"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvCnPr/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="0"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="{round(weight_mm * EMU_PER_MM)}"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
        "</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


# ---------------------------------------------------------------- the documents


def notice() -> Package:
    """A 通知 as a generator elsewhere writes it (see the module docstring)."""
    title = {"jc": "center", "line": 600, "ind": {"firstLineChars": 0, "firstLine": 0}}
    flush = {"firstLineChars": 0, "firstLine": 0}
    parts = [
        P([R("测试市巩固衔接办文件", XBS, 36, RED)], tag="mark", jc="center", ind=flush),
        blank(),
        P([R("测巩衔办发〔2026〕3号", FANGSONG, 16)], tag="number", jc="center", ind=flush),
        blank("rule", borders={"top": ("single", 18, RED)}),
        P([R("关于做好2026年度巩固拓展脱贫攻坚成果", XBS, 22)], tag="title1", **title),
        P([R("同乡村振兴有效衔接工作的通知", XBS, 22)], tag="title2", **title),
        blank(),
        P([R("各县（市、区）巩固衔接办：")], tag="to", ind=flush),
        body("为做好2026年度巩固衔接工作，现将有关事项通知如下。", "intro"),
        P([R("总体要求", HEI)], tag="h1", num=(3, 0)),
        body("全市上下要高度重视，认真组织实施，确保各项任务落到实处。", "text1"),
        P([R("压实工作责任。", KAI), R("各县区要明确责任人和时间节点，按月报送进展情况。")], tag="h2", num=(3, 1)),
        P([R("加强督导检查。", KAI), R("市巩固衔接办将定期调度，对推进不力的予以通报。")], tag="h2b", num=(3, 1)),
        P([R("工作安排", HEI)], tag="h1b", num=(3, 0)),
        body("各县区于每月5日前报送上月工作进展。", "text2"),
        blank(),
        body("附件：2026年度巩固衔接工作要点", "attachment"),
        blank(),
        blank(),
        P([R("测试市巩固衔接办")], tag="signature", jc="right", ind={"rightChars": 400, "right": 1280}),
        P([R("2026年1月5日")], tag="date", jc="right", ind={"rightChars": 400, "right": 1280}),
        blank(),
        blank(),
        *banji_lines(),
    ]
    return Package(
        parts,
        Sect(orient="landscape", footers={"default": "footer1", "even": "footer2"}),
        numbering=numbering(),
        footers={"footer1": page_number_footer("right"), "footer2": page_number_footer("left")},
        normal=normal(),
    )


def line_grid_notice() -> Package:
    """The 通知 on a line grid only, its characters condensed by 0.25 pt (Word's 1/20 pt steps) in the default
    run properties so that 28 × 15.75 pt fit the 156 mm text block: the construct every reader lays out alike."""
    pkg = notice()
    pkg.sect.grid = "lines"
    pkg.defaults = '<w:spacing w:val="-5"/>'
    return pkg


def small_normal_grid() -> Package:
    """The 通知 whose Normal style is 五号 (10.5 pt) with the body in 3号 from a style of its own, and a character
    grid of 28 to the line measured against the 10.5 pt Normal (Word's charSpace is relative to it)."""
    pkg = notice()
    pkg.normal = pkg.normal.replace('<w:sz w:val="32"/><w:szCs w:val="32"/>', '<w:sz w:val="21"/>')
    pkg.sect.char_space = round((twips(156) / 20 / 28 - 10.5) * 4096)
    for p in pkg.body:
        if isinstance(p, P):
            for r in p.runs:
                if isinstance(r, R) and r.size is None:
                    r.size = 16
    return pkg


def template() -> Package:
    """The same 通知 saved by Word as a template (.dotx)."""
    pkg = notice()
    pkg.template = True
    return pkg


def report() -> Package:
    """A 上行文 (报告) with 签发人: 发文字号 left one character in, 签发人 right on the same line (a right tab),
    the red rule a drawn line, headings typed by hand in 黑体."""
    flush = {"firstLineChars": 0, "firstLine": 0}
    block = twips(156)
    parts = [
        P([R("测试市巩固衔接办文件", XBS, 36, RED)], tag="mark", jc="center", ind=flush),
        blank(),
        P(
            [R("测巩衔办报〔2026〕2号\t签发人：", FANGSONG, 16), R("张三", KAI, 16)],
            tag="number",
            jc="left",
            ind={"leftChars": 100, "left": 320, "rightChars": 100, "right": 320, "firstLineChars": 0, "firstLine": 0},
            tabs=[("right", block - 640)],
        ),
        P([red_rule_line()], tag="rule"),
        blank(),
        P([R("关于2025年度巩固衔接工作情况的报告", XBS, 22)], tag="title", jc="center", ind=flush),
        blank(),
        P([R("市委农办：")], tag="to", ind=flush),
        body("现将我办2025年度巩固衔接工作情况报告如下。", "intro"),
        P([R("一、主要工作", HEI)], tag="h1"),
        body("全年监测对象风险消除率达到目标要求。", "text1"),
        P([R("二、下步打算", HEI)], tag="h1b"),
        body("持续抓好动态监测和帮扶工作。", "text2"),
        body("特此报告。", "end"),
        blank(),
        blank(),
        P([R("测试市巩固衔接办")], tag="signature", jc="right", ind={"rightChars": 400, "right": 1280}),
        P([R("2026年1月10日")], tag="date", jc="right", ind={"rightChars": 400, "right": 1280}),
        blank(),
        P(
            [R("测试市巩固衔接办\u3000\u3000\u3000\u30002026年1月10日印发", FANGSONG, 14)],
            tag="printed",
            ind={"leftChars": 100, "left": 280, "rightChars": 100, "right": 280, "firstLineChars": 0, "firstLine": 0},
            borders={"top": ("single", 8, "auto"), "bottom": ("single", 8, "auto")},
        ),
    ]
    return Package(
        parts,
        Sect(footers={"default": "footer1", "even": "footer2"}),
        footers={"footer1": page_number_footer("right"), "footer2": page_number_footer("left")},
        normal=normal(),
    )


def order() -> Package:
    """A 命令 (GB/T 9704 §10.2): 「……令」 in red, 令号 「第1号」 centred, text, 签发人职务 and name, date."""
    flush = {"firstLineChars": 0, "firstLine": 0}
    parts = [
        P([R("测试市人民政府令", XBS, 36, RED)], tag="mark", jc="center", ind=flush),
        blank(),
        P([R("第1号")], tag="serial", jc="center", ind=flush),
        blank(),
        blank(),
        body(
            "《测试市巩固衔接资金管理办法》已经2026年1月5日市人民政府第3次常务会议通过，现予公布，自2026年2月1日起施行。",
            "text1",
        ),
        blank(),
        P([R("市长\u3000张三")], tag="signer", jc="right", ind={"rightChars": 400, "right": 1280}),
        P([R("2026年1月8日")], tag="date", jc="right", ind={"rightChars": 400, "right": 1280}),
    ]
    return Package(
        parts,
        Sect(footers={"default": "footer1", "even": "footer2"}),
        footers={"footer1": page_number_footer("right"), "footer2": page_number_footer("left")},
        normal=normal(),
    )


def minutes() -> Package:
    """A 纪要 (GB/T 9704 §10.3): 「……纪要」 in red, 「〔2026〕第5次」, text, 出席/列席 lines with 黑体 labels,
    a 版记 with 分送 in 4号."""
    flush = {"firstLineChars": 0, "firstLine": 0}
    side = {"leftChars": 100, "left": 280, "rightChars": 100, "right": 280, "firstLineChars": 0, "firstLine": 0}
    parts = [
        P([R("测试市巩固衔接工作会议纪要", XBS, 36, RED)], tag="mark", jc="center", ind=flush),
        blank(),
        P([R("〔2026〕第5次")], tag="serial", jc="center", ind=flush),
        blank(),
        body("2026年1月12日，市巩固衔接办主任张三主持召开全市巩固衔接工作调度会，会议纪要如下。", "intro"),
        P([R("一、会议听取了各县区工作进展情况汇报", HEI)], tag="h1"),
        body("会议认为，各县区工作总体推进有力。", "text1"),
        P([R("二、会议研究部署了下一阶段工作", HEI)], tag="h1b"),
        body("会议要求，各县区要按期完成年度任务。", "text2"),
        blank(),
        P([R("出席：", HEI), R("张三，李四，王五")], tag="present"),
        P([R("列席：", HEI), R("各县区巩固衔接办负责同志")], tag="attend"),
        blank(),
        P(
            [R("分送：市委办公室，市政府办公室。", FANGSONG, 14)],
            tag="cc",
            ind=side,
            borders={"top": ("single", 8, "auto"), "bottom": ("single", 6, "auto")},
        ),
        P(
            [R("测试市巩固衔接办\u3000\u3000\u3000\u30002026年1月13日印发", FANGSONG, 14)],
            tag="printed",
            ind=side,
            borders={"bottom": ("single", 8, "auto")},
        ),
    ]
    return Package(
        parts,
        Sect(footers={"default": "footer1", "even": "footer2"}),
        footers={"footer1": page_number_footer("right"), "footer2": page_number_footer("left")},
        normal=normal(),
    )


def letter() -> Package:
    """A 信函 (GB/T 9704 §10.1) as a Word template writes it: a 30 mm top margin, the mark over the upper red
    double rule (its bottom border), 发文字号 flush right, no page number on page one, whose footer holds the
    lower red double rule as a line drawn on the page 20 mm above the bottom edge."""
    flush = {"firstLineChars": 0, "firstLine": 0}
    parts = [
        P(
            [R("测试市巩固衔接办", XBS, 36, RED)],
            tag="mark",
            jc="center",
            ind=flush,
            borders={"bottom": ("thickThinSmallGap", 24, RED)},
        ),
        P([R("测巩衔办函〔2026〕4号")], tag="number", jc="right", ind=flush),
        blank(),
        P([R("关于报送工作进展的函", XBS, 22)], tag="title", jc="center", ind=flush),
        blank(),
        P([R("甲县巩固衔接办：")], tag="to", ind=flush),
        body("请于2026年1月20日前报送本县2025年度巩固衔接工作总结。", "text1"),
        body("特此函告。", "end"),
        blank(),
        P([R("测试市巩固衔接办")], tag="signature", jc="right", ind={"rightChars": 400, "right": 1280}),
        P([R("2026年1月9日")], tag="date", jc="right", ind={"rightChars": 400, "right": 1280}),
    ]
    return Package(
        parts,
        Sect(
            top=30,
            bottom=42,
            pitch=579,
            title_pg=True,
            footers={"default": "footer1", "even": "footer2", "first": "footer3"},
        ),
        footers={
            "footer1": page_number_footer("right"),
            "footer2": page_number_footer("left"),
            "footer3": [P([page_line(297 - 20 - 1)], tag="lower")],
        },
        normal=normal(579),
    )


def boxed_banji() -> Package:
    """The 通知 with its 版记 in a text box fixed to the foot of the page, as Word saves one."""
    pkg = notice()
    start = pkg.index("cc")
    lines = pkg.body[start:]
    del pkg.body[start:]
    pkg.body.append(P([text_box_run(lines)], tag="box"))
    return pkg


def bottom_section_banji() -> Package:
    """The 通知 with its 版记 alone in a last section aligned to the bottom of the page."""
    pkg = notice()
    start = pkg.index("cc")
    sect = Sect(orient="landscape", footers={"default": "footer1", "even": "footer2"})
    pkg.body[start - 1] = blank(sect=sect.xml())
    pkg.sect = Sect(valign="bottom")
    return pkg


def banji_after_blank_page(numbered: bool) -> Package:
    """A 通知 of two pages of text, an empty page, and the 版记 page with its lines in a text box at the foot,
    the empty page and the 版记 page in sections of their own, whose footers hold no page number — or, with
    `numbered`, inherit the numbered footers of the text (GB/T 9704 §7.5 forbids both numbers)."""
    pkg = boxed_banji()
    box = pkg.body.pop()
    text = Sect(orient="landscape", footers={"default": "footer1", "even": "footer2"})
    bare = {} if numbered else {"default": "footer3", "even": "footer3"}
    pkg.body += [
        blank(sect=text.xml()),
        blank(tag="empty-page", sect=Sect(footers=dict(bare)).xml()),
        box,
    ]
    pkg.sect = Sect(footers=dict(bare))
    if not numbered:
        pkg.footers["footer3"] = [blank()]
    return pkg


def issuing_notice() -> Package:
    """A 印发 notice: the notice, its date, then on a new page the 工作要点 it issues (not an 附件), whose
    （一）…（四） run on through its parts as 工作要点 number them, then the 版记."""
    pkg = notice()
    pkg.find("title1").runs[0].text = "关于印发《测试市2026年巩固衔接"
    pkg.find("title2").runs[0].text = "工作要点》的通知"
    del pkg.body[pkg.index("h1") : pkg.index("date") - 2]  # the notice is short; no 附件说明
    pkg.find("intro").runs[0].text = "现将《测试市2026年巩固衔接工作要点》印发给你们，请认真贯彻落实。"
    title = {"jc": "center", "line": 600, "ind": {"firstLineChars": 0, "firstLine": 0}}
    issued = [
        P([R("测试市2026年巩固衔接工作要点", XBS, 22)], tag="issued-title", extra="<w:pageBreakBefore/>", **title),
        blank(),
        body("2026年全市巩固衔接工作的总体要求是守底线、抓发展、促振兴。", "issued-intro"),
        P([R("一、守牢防止规模性返贫底线", HEI)], tag="i1"),
        P([R("（一）", KAI), R("健全监测帮扶机制。按月开展动态监测。")], tag="i2"),
        P([R("（二）", KAI), R("强化产业就业帮扶。稳定脱贫人口务工规模。")], tag="i3"),
        P([R("二、推进乡村全面振兴", HEI)], tag="i4"),
        P([R("（三）", KAI), R("壮大乡村特色产业。培育主导产业。")], tag="i5"),
        P([R("（四）", KAI), R("加强乡村建设。推进人居环境整治。")], tag="i6"),
        blank(),
    ]
    at = pkg.index("cc") - 1
    pkg.body[at:at] = issued
    return pkg


def wps_page_numbers(align: str = "outside", digits: str = SONG) -> Package:
    """The 通知 with WPS's page numbers: in a footer text box placed outside, digits 宋体 by w:ascii."""
    pkg = notice()
    pkg.footers = {name: boxed_page_number_footer(align, digits) for name in ("footer1", "footer2")}
    return pkg


def spacer_banji() -> Package:
    """The 通知 whose rule under 印发 is the bottom border of the empty spacer line after it."""
    pkg = notice()
    pkg.find("after-printed").borders = {"bottom": ("single", 8, "auto")}
    return pkg


def boxed_table_banji(inside: int = 6, bottom: int | None = 8) -> Package:
    """The 通知 with its 版记 as WPS templates have it: a table in a text box at the foot of the page, its rules
    the table's borders over the 「Table Grid」 style's (sides and inner verticals switched off)."""
    pkg = notice()
    start = pkg.index("cc")
    cc, printed, _ = pkg.body[start:]
    for p in (cc, printed):
        p.borders = {}
    sides = {"top": 8, "bottom": bottom, "insideH": inside}
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="{sz}" w:space="0" w:color="auto"/>' if sz else f'<w:{side} w:val="nil"/>'
        for side, sz in sides.items()
    ) + "".join(f'<w:{side} w:val="nil"/>' for side in ("left", "right", "insideV"))
    del pkg.body[start:]
    pkg.styles += TABLE_GRID
    pkg.body.append(P([text_box_run([table_xml([[cc], [printed]], borders, "a5"), blank()])], tag="box"))
    return pkg


def drawn_banji() -> Package:
    """The 通知 whose 版记 rules are lines drawn as shapes (straight connectors) anchored in its lines."""
    pkg = notice()
    cc, printed = pkg.find("cc"), pkg.find("printed")
    cc.borders, pkg.find("after-printed").borders = {}, {}
    cc.runs = [line_shape(-0.5, 0.35), line_shape(7.4, 0.25), *cc.runs]
    printed.runs = [line_shape(7.4, 0.35), *printed.runs]
    return pkg


def plain_minutes() -> Package:
    """A 纪要 without its red mark, typed as a 通知 would be: the title 「……会议纪要」, 出席/参加/记录 lines
    with 黑体 labels, 「附件1（参会人员名单）」 in 黑体 over its list, and a 版记 whose 「主送：」 line is 4号."""
    pkg = minutes()
    flush = {"firstLineChars": 0, "firstLine": 0}
    side = {"leftChars": 100, "left": 280, "rightChars": 100, "right": 280, "firstLineChars": 0, "firstLine": 0}
    del pkg.body[: pkg.index("intro")]
    pkg.body[0:0] = [P([R("测试市巩固衔接工作调度会议纪要", XBS, 22)], tag="title", jc="center", ind=flush), blank()]
    attend = pkg.index("attend")
    pkg.body[attend + 1 : attend + 1] = [
        P([R("参加：", HEI), R("市农业农村局、市财政局分管负责同志")], tag="join"),
        P([R("记录：", HEI), R("赵六")], tag="record"),
        blank(),
        P([R("附件1（参会人员名单）", HEI)], tag="annex", ind=flush),
        P([R("张三，李四，王五，赵六")], tag="annex-text", ind=flush),
        blank(),
    ]
    cc = pkg.find("cc")
    recipients = P([R("主送：各县（市、区）巩固衔接办。", FANGSONG, 14)], tag="banji-to", ind=side)
    recipients.borders = {"top": ("single", 8, "auto"), "bottom": ("single", 6, "auto")}
    cc.borders = {"bottom": ("single", 6, "auto")}
    pkg.body.insert(pkg.index("cc"), recipients)
    return pkg


def letter_without_han() -> Package:
    """A 信函 whose 发文字号 has no 「函」 (「测巩衔办〔2026〕4号」): told by its red double rules."""
    pkg = letter()
    pkg.find("number").runs[0].text = "测巩衔办〔2026〕4号"
    return pkg


def letter_flow_rule() -> Package:
    """A 信函 whose lower red double rule is the top border of an empty line in the text, after the date (as
    a clerk draws it where the text ends): it cannot be 20 mm above the bottom edge, which is below the text block."""
    pkg = letter()
    pkg.footers["footer3"] = [blank()]
    pkg.body += [blank(), blank("lower", borders={"top": ("thickThinSmallGap", 24, RED)})]
    return pkg


DOCUMENTS = {
    "通知（英文字体名、28磅、自动编号）": notice,
    "通知模板（.dotx）": template,
    "通知（行网格、字符紧缩0.25磅）": line_grid_notice,
    "通知（Normal五号、字符网格按五号计）": small_normal_grid,
    "报告（签发人、绘制的红线）": report,
    "命令": order,
    "纪要": minutes,
    "信函（绘制的下双线）": letter,
    "版记在文本框中（mc:AlternateContent）": boxed_banji,
    "版记在底端对齐的末节": bottom_section_banji,
    "印发通知（所印发的工作要点连续编号）": issuing_notice,
    "通知（WPS：页码在页脚文本框中，数字宋体由 w:ascii 指定）": wps_page_numbers,
    "通知（印发下分隔线为空行的下框线）": spacer_banji,
    "版记为文本框中的表格（表格框线，Table Grid 样式）": boxed_table_banji,
    "版记分隔线为绘制的直线": drawn_banji,
    "会议纪要（无标志、黑体标签、附件1（…）、版记中4号主送）": plain_minutes,
    "信函（发文字号无「函」）": letter_without_han,
}
