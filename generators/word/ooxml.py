"""The one OOXML helper: namespaces, units, and child elements placed in schema order.

Used by the template building blocks, `gen check` and the PDF step (its LibreOffice copy). Plain lxml: elements are
made with `parent.makeelement`, so inside a python-docx tree they get python-docx's classes too.
"""

from __future__ import annotations

import functools

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
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
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


@functools.cache
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
    name = qn("w:" + tag)
    old = parent.find(name)
    later = _later(tag, tuple(order))
    follows = next((c for c in parent if c is not old and local(c) in later), None)  # the new one goes before it
    if old is not None and len(old) == 0 and old.getnext() is follows:
        # The new element would be this one, where it stands: set in place (a large table's cells are set
        # many times over, and making elements is most of that).
        old.attrib.clear()
        for key, value in attrs.items():
            old.set(qn(key if ":" in key else "w:" + key), str(value))
        return old
    if old is not None:
        parent.remove(old)
    el = make(parent, tag, **attrs)
    if follows is not None:
        follows.addprevious(el)
    else:
        parent.append(el)
    return el


@functools.cache
def _later(tag: str, order: tuple[str, ...]) -> frozenset[str]:
    """The children that follow w:<tag> in schema `order`."""
    return frozenset(order[order.index(tag) + 1 :])


# ---------------------------------------------------------------- setters on raw elements
# python-docx has no API for East-Asian fonts, grids, paragraph borders, tabs in twips or fields;
# the building blocks set them here, on the lxml elements, always in schema order.


def chars_twips(chars: float, size_pt: float) -> int:
    """An indent of `chars` characters of `size_pt` type, in twips (the fallback for *Chars attributes)."""
    return twips(chars * size_pt)


def set_fonts(rpr, east_asia: str, latin: str) -> None:
    """Name the Latin and the East-Asian font explicitly, with no theme fonts (which would win)."""
    put(rpr, "rFonts", RPR_ORDER, ascii=latin, hAnsi=latin, eastAsia=east_asia, cs=latin)


def set_spacing(ppr, line_twips: int | None, before: int = 0, after: int = 0) -> None:
    """Exact line spacing of `line_twips` (None: single spacing, for pictures and large type)."""
    if line_twips is None:
        put(ppr, "spacing", PPR_ORDER, before=before, after=after, line=240, lineRule="auto")
    else:
        put(ppr, "spacing", PPR_ORDER, before=before, after=after, line=line_twips, lineRule="exact")


def set_indent(
    ppr, size_pt: float, first_chars: float = 0, left_chars: float = 0, right_chars: float = 0, hanging_chars: float = 0
) -> None:
    """Indents in characters (Word's *Chars attributes, which follow the font size) plus twips fallbacks."""
    attrs: dict[str, int] = {}
    if left_chars:
        attrs.update(leftChars=round(left_chars * 100), left=chars_twips(left_chars, size_pt))
    if right_chars:
        attrs.update(rightChars=round(right_chars * 100), right=chars_twips(right_chars, size_pt))
    if first_chars:
        attrs.update(firstLineChars=round(first_chars * 100), firstLine=chars_twips(first_chars, size_pt))
    if hanging_chars:
        attrs.update(hangingChars=round(hanging_chars * 100), hanging=chars_twips(hanging_chars, size_pt))
    if not attrs:
        attrs = {"left": 0, "right": 0, "firstLine": 0, "firstLineChars": 0}
    put(ppr, "ind", PPR_ORDER, **attrs)


def border_el(parent, side: str, width_pt: float, color: str = "000000", space_pt: int = 0, val: str = "single"):
    """A w:<side> border line for `parent` (a w:pBdr, w:tblBorders…), not yet attached."""
    return make(parent, side, val=val, sz=round(width_pt * BORDER_EIGHTHS), space=space_pt, color=color)


def set_borders(
    ppr, top: float | None = None, bottom: float | None = None, color: str = "000000", bottom_space_pt: int = 0
) -> None:
    """Paragraph rules (widths in points): the red rule of the head, the lines of 版记."""
    bdr = put(ppr, "pBdr", PPR_ORDER)
    if top:
        bdr.append(border_el(bdr, "top", top, color, 1))
    if bottom:
        bdr.append(border_el(bdr, "bottom", bottom, color, bottom_space_pt))


def set_tabs(ppr, *stops: tuple[str, int]) -> None:
    """Tab stops as (alignment, position in twips from the left edge of the text block)."""
    tabs = put(ppr, "tabs", PPR_ORDER)
    for align, pos in stops:
        tabs.append(make(tabs, "tab", val=align, pos=pos))


def table_borders(tblpr, width_pt: float) -> None:
    """Every rule of a table, outside and inside: single lines of `width_pt`, or none when 0."""
    borders = put(tblpr, "tblBorders", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(border_el(borders, side, width_pt, val="single" if width_pt else "nil"))


def cell_margins(tblpr, twips_by_side: dict[str, int]) -> None:
    """Default cell margins of a table, in twips, for the sides given."""
    margins = put(tblpr, "tblCellMar", TBLPR_ORDER)
    for side, value in twips_by_side.items():
        margins.append(make(margins, side, w=value, type="dxa"))
