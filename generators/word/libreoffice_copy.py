"""The copy of a .docx that LibreOffice is given to make the PDF: what it reads differently from Word
is written the way it lays out as Word does. The user's .docx is never changed.

gongwen's own documents need none of it (docs/DEVELOPING.md, 「One layout for every reader」): for them
`libreoffice_copy` returns the very bytes it was given, and tests hold it to that (but for the 版记 page's
number when a blank page precedes it, which only the layout tells). It is kept for
the .docx files of other tools that `gen pdf` converts (Word's own 公文 templates use its character grid).
"""

from __future__ import annotations


def libreoffice_copy(docx: bytes, banji_number: bool = True) -> bytes:
    """The .docx as LibreOffice should lay it out to look like Word: the character grid rewritten
    (`word_grid_for_libreoffice`), punctuation kept inside the line (`without_hanging_punctuation`); with
    `banji_number` False, the 版记 page's number taken off (`banji_numbered`: the PDF step's second pass,
    when a blank page turned out to precede it)."""
    return banji_numbered(without_hanging_punctuation(word_grid_for_libreoffice(docx)), banji_number)


def _banji_footers(parts: dict[str, bytes]) -> list[str]:
    """The footer parts of the document's last section when it is the 版记 page (a section of its own that
    starts on an even page, `page.last_portrait_section`)."""
    import posixpath

    from generators.word.ooxml import NS, qn

    body = _xml(parts["word/document.xml"]).find(qn("w:body"))
    sect = body.find(qn("w:sectPr")) if body is not None else None
    kind = sect.find(qn("w:type")) if sect is not None else None
    if sect is None or kind is None or kind.get(qn("w:val")) != "evenPage":
        return []
    ids = {ref.get(f"{{{NS['r']}}}id") for ref in sect.findall(qn("w:footerReference"))}
    rels = _xml(parts.get("word/_rels/document.xml.rels", b"<Relationships/>"))
    return [posixpath.join("word", rel.get("Target")) for rel in rels if rel.get("Id") in ids]


def has_banji_page(docx: bytes) -> bool:
    """Whether the document ends with a 版记 page whose number depends on the layout (GB/T 9704 §7.5)."""
    parts, _ = _parts(docx)
    return bool(_banji_footers(parts))


def banji_numbered(docx: bytes, numbered: bool) -> bytes:
    """The .docx with the 版记 page numbered (as written) or not: its footers emptied, for a 版记 page that
    follows a blank page. Other documents are returned as given."""
    from generators.word.ooxml import qn

    if numbered:
        return docx
    parts, infos = _parts(docx)
    footers = _banji_footers(parts)
    for name in footers:
        root = _xml(parts[name])
        for p in root.iter(qn("w:p")):
            for r in p.findall(qn("w:r")):
                p.remove(r)
        parts[name] = _bytes(root)
    return _zipped(parts, infos) if footers else docx


def without_hanging_punctuation(docx: bytes) -> bytes:
    """The .docx with punctuation never hanging past the right margin in LibreOffice.

    Word lets a 「、」 or 「。」 that falls just past the line's end hang in the margin (w:overflowPunct,
    on by default). LibreOffice does the same, but in a justified paragraph it then does not draw
    the hanging mark at all: 「真实、准确、完整」 printed as 「真实、准确⏎完整」. Without hanging,
    the mark moves to the next line with the character before it (a line never starts with 「、」).

    LibreOffice's .docx import reads w:overflowPunct inverted (val="0" turns hanging on; its
    DomainMapper since at least 4.x), so hanging is turned off by writing val="1" everywhere: in the
    default paragraph properties, and over any value in styles and paragraphs. Should a LibreOffice
    fix that, tests/test_pdf.py's every-character test fails and this is the place to look.
    """
    from generators.word.ooxml import PPR_ORDER, put, qn

    parts, infos = _parts(docx)
    changed = False
    for name in ("word/styles.xml", "word/document.xml"):
        if name not in parts:
            continue
        root = _xml(parts[name])
        for el in root.iter(qn("w:overflowPunct")):
            if el.get(qn("w:val")) not in ("1", "true", "on"):
                el.set(qn("w:val"), "1")
                changed = True
        if name == "word/styles.xml":
            defaults = _child(root, "docDefaults", first=True)
            ppr = _child(_child(defaults, "pPrDefault"), "pPr")
            if ppr.find(qn("w:overflowPunct")) is None:
                put(ppr, "overflowPunct", PPR_ORDER, val=1)
                changed = True
        parts[name] = _bytes(root)
    return _zipped(parts, infos) if changed else docx


def _parts(docx: bytes) -> tuple[dict[str, bytes], list]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as src:
        return {name: src.read(name) for name in src.namelist()}, src.infolist()


def _zipped(parts: dict[str, bytes], infos: list) -> bytes:
    """The package again, its entries in their order with their metadata, some parts replaced."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in infos:
            dst.writestr(info, parts[info.filename])
    return out.getvalue()


def _xml(data: bytes):
    from lxml import etree

    return etree.fromstring(data)


def _bytes(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _child(parent, tag: str, first: bool = False):
    """w:<tag> of `parent`, made (first or last among its children) when missing."""
    from generators.word.ooxml import make, qn

    el = parent.find(qn("w:" + tag))
    if el is None:
        el = make(parent, tag)
        if first:
            parent.insert(0, el)
        else:
            parent.append(el)
    return el


def word_grid_for_libreoffice(docx: bytes) -> bytes:
    """The .docx with Word's character grid replaced by what LibreOffice lays out the same way.

    GB/T 9704 templates fit 28 characters of 16 pt into 156 mm with a `linesAndChars` grid whose
    negative charSpace makes Word compress each character slightly. LibreOffice instead gives a
    character wider than the grid cell two cells, and the text runs at half density. For the PDF
    the grid keeps its lines only and the characters are condensed by the same amount, in the
    default run properties, except in styles that do not snap to the grid (titles, tables).
    The user's .docx is never changed: this works on the temporary copy.
    """
    import math

    from generators.word.ooxml import TWIPS_PER_PT, qn

    parts, infos = _parts(docx)
    doc = _xml(parts["word/document.xml"])
    condense = 0
    for grid in doc.iter(qn("w:docGrid")):
        space = int(grid.get(qn("w:charSpace"), "0"))
        if grid.get(qn("w:type")) in ("linesAndChars", "snapToChars") and space < 0:
            grid.set(qn("w:type"), "lines")
            grid.attrib.pop(qn("w:charSpace"))
            condense = min(condense, math.floor(space / 4096 * TWIPS_PER_PT))  # 1/4096 pt -> twips, rounded down
    if not condense:
        return docx
    parts["word/document.xml"] = _bytes(doc)
    styles = _xml(parts["word/styles.xml"])
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is not None:
        _set_char_spacing(rpr, condense)
    for style in styles.iter(qn("w:style")):
        snap = style.find(f"{qn('w:pPr')}/{qn('w:snapToGrid')}")
        if snap is not None and snap.get(qn("w:val")) in ("0", "false", "off"):
            _set_char_spacing(_child(style, "rPr"), 0)
    parts["word/styles.xml"] = _bytes(styles)
    return _zipped(parts, infos)


def _set_char_spacing(rpr, twips: int) -> None:
    from generators.word.ooxml import RPR_ORDER, put, qn

    if rpr.find(qn("w:spacing")) is not None and twips == 0:
        return  # the style sets its own spacing
    put(rpr, "spacing", RPR_ORDER, val=twips)
