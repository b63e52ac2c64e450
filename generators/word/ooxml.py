"""The one OOXML helper: namespaces, units, and child elements placed in schema order.

Used by the template building blocks, `gen check` and the PDF step. Plain lxml: elements are
made with `parent.makeelement`, so inside a python-docx tree they get python-docx's classes too.
"""

from __future__ import annotations

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
W = NS["w"]

# Units. Word measures in twips (1/20 pt), borders in eighths of a point, drawings in EMU.
MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH
TWIPS_PER_PT = 20
TWIPS_PER_MM = TWIPS_PER_PT * PT_PER_MM
EMU_PER_MM = 36_000
EMU_PER_PT = 12_700
BORDER_EIGHTHS = 8


def qn(tag: str) -> str:
    """「w:pPr」 → 「{http://…/main}pPr」."""
    prefix, _, local = tag.partition(":")
    return f"{{{NS[prefix]}}}{local}"


def local(el) -> str:
    """An element's tag without its namespace."""
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def twips(pt: float) -> int:
    return round(pt * TWIPS_PER_PT)


def mm_twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def twips_mm(value: float) -> float:
    return value / TWIPS_PER_MM


def emu(mm: float) -> int:
    return round(mm * EMU_PER_MM)


# Child order inside w:pPr, w:rPr, w:tblPr and w:tcPr (ECMA-376): Word rejects other orders.
PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
]  # fmt: skip
RPR_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
    "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
    "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
    "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
]  # fmt: skip
TBLPR_ORDER = [
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
    "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
]  # fmt: skip
TCPR_ORDER = [
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark",
]  # fmt: skip
SECTPR_ORDER = [
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
    "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
    "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
]  # fmt: skip


def make(parent, tag: str, **attrs):
    """A new w:<tag> (or 「prefix:tag」) element of `parent`'s document, not yet attached."""
    el = parent.makeelement(qn(tag if ":" in tag else "w:" + tag), {})
    for key, value in attrs.items():
        el.set(qn(key if ":" in key else "w:" + key), str(value))
    return el


def put(parent, tag: str, order: list[str], **attrs):
    """Replace (or add) child w:<tag> of `parent` at its schema position, with w:<attrs>; return it."""
    old = parent.find(qn("w:" + tag))
    if old is not None:
        parent.remove(old)
    el = make(parent, tag, **attrs)
    later = set(order[order.index(tag) + 1 :])
    for child in parent:
        if local(child) in later:
            child.addprevious(el)
            break
    else:
        parent.append(el)
    return el
