"""The parts of a .docx: what a 公文 carries, and nothing left from python-docx's default template.

python-docx starts every document from a Word 2010 file made on a Mac: stylesWithEffects.xml (438 KB,
without the 公文 styles), customXml, a blank-page thumbnail (which Explorer and OA previews show),
160 built-in styles and 370 latent ones, numbering and a theme nothing uses, compatibility mode 14
(「兼容模式」 in newer Word), a font table of ＭＳ 明朝 and Cambria, and app.xml's 「Microsoft Macintosh
Word」 with 1 page and 0 words. `template_bytes` writes a template with only what it uses; `finish`
gives each rendered document honest properties: its title, the 发文机关 as author, gongwen's version
as a custom property (GB/T 9704 has no place for it, and core.xml no field).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from generators.word.ooxml import NS, qn

MAIN = NS["w"]
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CORE = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one fmtid of user-defined properties
VERSION_PROPERTY = "gongwen 版本"

# Parts of python-docx's default template that a 公文 never uses.
UNUSED = re.compile(
    r"^(word/stylesWithEffects\.xml|word/webSettings\.xml|docProps/thumbnail\.jpeg|customXml/.*"
    r"|word/numbering\.xml|word/theme/theme\d+\.xml)$"
)
# Word 2013 and later (compatibility mode 15: no 「兼容模式」) write these for a new document.
COMPAT = {
    "compatibilityMode": "15",
    "overrideTableStyleFontSizeAndJustification": "1",
    "enableOpenTypeFeatures": "1",
    "doNotFlipMirrorIndents": "1",
    "differentiateMultirowTableHeaders": "1",
}
# Settings that describe parts or history the package no longer has.
STALE_SETTINGS = ("proofState", "savePreviewPicture", "rsids", "m:mathPr", "clrSchemeMapping")

# The typefaces a 公文 names, as Word's font table describes them, so that a PC without one
# substitutes a face of the same class and script (GB2312) instead of a Latin default. altName is the
# face Windows itself ships under that class (仿宋 for 仿宋_GB2312), as WPS writes it.
# (panose, charset, family, pitch, signature usb0..usb3 csb0 csb1, altName)
FACES = {
    "仿宋_GB2312": ("02010609030101010101", "86", "modern", "fixed", "00000001 080E0000 0 0 00040000 0", "仿宋"),
    "楷体_GB2312": ("02010609030101010101", "86", "modern", "fixed", "00000001 080E0000 0 0 00040000 0", "楷体"),
    "黑体": ("02010609060101010101", "86", "modern", "fixed", "800002BF 38CF7CFA 00000016 0 00040001 0", "SimHei"),
    "宋体": ("02010600030101010101", "86", "auto", "variable", "00000003 288F0000 00000016 0 00040001 0", "SimSun"),
    "方正小标宋简体": ("02000000000000000000", "86", "auto", "variable", "00000001 080E0000 0 0 00040000 0", "宋体"),
    "Times New Roman": (
        "02020603050405020304",
        "00",
        "roman",
        "variable",
        "E0002EFF C000785B 00000009 0 400001FF FFFF0000",
        "",
    ),
}


@dataclass(frozen=True)
class Properties:
    """What a document says about itself in docProps: its title and its author (the 发文机关)."""

    title: str = ""
    author: str = ""

    @classmethod
    def of(cls, context: dict) -> Properties:
        """From the context's `head` (generators/base.py: title lines, 署名), when it has one."""
        head = context.get("head") if isinstance(context, dict) else None
        if not isinstance(head, dict):
            return cls()
        title = str(head.get("title") or "").replace("\n", "")
        return cls(title=title, author=str(head.get("signature") or ""))


# ---------------------------------------------------------------- parts


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def _xml(data: bytes):
    from lxml import etree

    return etree.fromstring(data)


def _bytes(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rels_name(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def _drop(parts: dict[str, bytes], names: set[str]) -> None:
    """Remove `names`, the relationships that point at them and their content types."""
    import posixpath

    for name in names:
        parts.pop(name, None)
        parts.pop(_rels_name(name), None)
    for rels in [n for n in parts if n.endswith(".rels")]:
        root = _xml(parts[rels])
        source_folder = posixpath.dirname(posixpath.dirname(rels))
        for rel in list(root):
            target = posixpath.normpath(posixpath.join(source_folder, rel.get("Target", "")))
            if rel.get("TargetMode") != "External" and target in names:
                root.remove(rel)
        parts[rels] = _bytes(root)
    types = _xml(parts["[Content_Types].xml"])
    extensions = {n.rsplit(".", 1)[-1].lower() for n in parts if "." in n}
    for el in list(types):
        if el.get("PartName", "").lstrip("/") in names or (
            el.get("Extension") and el.get("Extension").lower() not in extensions
        ):
            types.remove(el)
    parts["[Content_Types].xml"] = _bytes(types)


def _add(parts: dict[str, bytes], name: str, data: bytes, content_type: str, rel_type: str) -> None:
    """Add a package-level part (docProps/…) with its relationship from the package and its content type."""
    from lxml import etree

    fresh = name not in parts
    parts[name] = data
    if not fresh:
        return
    rels = _xml(parts["_rels/.rels"])
    ids = {rel.get("Id") for rel in rels}
    rel_id = next(f"rId{i}" for i in range(1, len(ids) + 2) if f"rId{i}" not in ids)
    etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship", Id=rel_id, Type=rel_type, Target=name)
    parts["_rels/.rels"] = _bytes(rels)
    types = _xml(parts["[Content_Types].xml"])
    etree.SubElement(types, f"{{{CONTENT_TYPES}}}Override", PartName="/" + name, ContentType=content_type)
    parts["[Content_Types].xml"] = _bytes(types)


# ---------------------------------------------------------------- the template


def template_bytes(doc, title: str) -> bytes:
    """The package of a layout()'s python-docx document, as templates/*.docx ships it: only the parts
    it uses, its styles without python-docx's built-ins and latent styles, current compatibility mode,
    a font table of the fonts it names, quotes and dashes marked East Asian, and no date (rebuilding
    gives the same bytes)."""
    from generators.word.east_asian import mark_parts
    from generators.writing import zip_package

    buffer = io.BytesIO()
    doc.save(buffer)
    parts = parts_of(buffer.getvalue())
    _drop(parts, {n for n in parts if UNUSED.match(n)})
    parts["word/styles.xml"] = _used_styles(parts)
    parts["word/settings.xml"] = _settings(parts["word/settings.xml"])
    parts["word/fontTable.xml"] = font_table(parts)
    parts["docProps/core.xml"] = _core(parts["docProps/core.xml"], Properties(title=title), dated=False)
    parts["docProps/app.xml"] = _app()
    mark_parts(parts)
    return zip_package(parts, None)


def _style_references(parts: dict[str, bytes]) -> set[str]:
    refs: set[str] = set()
    for name, data in parts.items():
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            found = re.findall(rb'<w:(?:pStyle|rStyle|tblStyle|numStyle) w:val="([^"]+)"', data)
            refs.update(r.decode() for r in found)
    return refs


def _used_styles(parts: dict[str, bytes]) -> bytes:
    """styles.xml with the document defaults, the default styles, the 公文 styles (a clerk picks them from
    Word's list) and whatever the parts use, with what those are based on; no latent styles."""
    root = _xml(parts["word/styles.xml"])
    latent = root.find(qn("w:latentStyles"))
    if latent is not None:
        root.remove(latent)
    styles = {s.get(qn("w:styleId")): s for s in root.iter(qn("w:style"))}
    wanted = {
        sid for sid, s in styles.items() if s.get(qn("w:default")) in ("1", "true") or sid.startswith("Gongwen")
    } | _style_references(parts)
    todo = list(wanted)
    while todo:
        style = styles.get(todo.pop())
        if style is None:
            continue
        for tag in ("basedOn", "next", "link"):
            el = style.find(qn("w:" + tag))
            if el is not None and el.get(qn("w:val")) not in wanted:
                wanted.add(el.get(qn("w:val")))
                todo.append(el.get(qn("w:val")))
    for sid, style in styles.items():
        if sid not in wanted:
            root.remove(style)
    for rsid in root.iter(qn("w:rsid")):  # the editing sessions of python-docx's template
        rsid.getparent().remove(rsid)
    return _bytes(root)


def _settings(data: bytes) -> bytes:
    """settings.xml without what describes removed parts or editing history, in compatibility mode 15."""
    from lxml import etree

    root = _xml(data)
    for tag in STALE_SETTINGS:
        for el in root.findall(qn(tag if ":" in tag else "w:" + tag)):
            root.remove(el)
    for el in list(root):
        if el.tag.startswith("{http://schemas.microsoft.com/office/word/2010/wordml}"):
            root.remove(el)  # w14:docId, w14:defaultImageDpi
    compat = root.find(qn("w:compat"))
    for setting in compat.findall(qn("w:compatSetting")):
        compat.remove(setting)
    for name, value in COMPAT.items():
        etree.SubElement(
            compat,
            qn("w:compatSetting"),
            {qn("w:name"): name, qn("w:uri"): "http://schemas.microsoft.com/office/word", qn("w:val"): value},
        )
    return _bytes(root)


def fonts_named(parts: dict[str, bytes]) -> list[str]:
    """Every font the styles and the document's parts name, in the order first named."""
    names: dict[str, None] = {}
    for name in sorted(parts):
        if name.startswith("word/") and name.endswith(".xml") and name != "word/fontTable.xml":
            for fonts in re.findall(rb"<w:rFonts [^>]*>", parts[name]):
                for font in re.findall(rb'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"', fonts):
                    names.setdefault(font.decode(), None)
    return list(names)


def font_table(parts: dict[str, bytes]) -> bytes:
    """fontTable.xml for the fonts the document names (see FACES)."""
    from lxml import etree

    root = etree.Element(qn("w:fonts"), nsmap={"w": MAIN})
    for name in fonts_named(parts):
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        face = FACES.get(name)
        if face is None:
            continue
        panose, charset, family, pitch, sig, alt = face
        if alt:
            etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
        etree.SubElement(font, qn("w:panose1"), {qn("w:val"): panose})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): charset})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): family})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): pitch})
        fields = [v.zfill(8) for v in sig.split()]
        keys = ("usb0", "usb1", "usb2", "usb3", "csb0", "csb1")
        etree.SubElement(font, qn("w:sig"), {qn("w:" + k): v for k, v in zip(keys, fields, strict=True)})
    return _bytes(root)


# ---------------------------------------------------------------- properties


def _core(data: bytes | None, props: Properties, dated: bool = True) -> bytes:
    """core.xml: title, author (creator and last modified by), Chinese; no description or keywords.
    Dates are left to writing.reproducible (`dated`) or left out (a template)."""
    from lxml import etree

    cp, dc, dcterms = (f"{{{CORE[p]}}}" for p in ("cp", "dc", "dcterms"))
    root = etree.Element(cp + "coreProperties", nsmap=CORE)
    old = _xml(data) if data else None
    etree.SubElement(root, dc + "title").text = props.title
    etree.SubElement(root, dc + "creator").text = props.author
    etree.SubElement(root, cp + "lastModifiedBy").text = props.author
    etree.SubElement(root, dc + "language").text = "zh-CN"
    etree.SubElement(root, cp + "revision").text = "1"
    if dated and old is not None:
        for name in ("created", "modified"):
            el = old.find(dcterms + name)
            if el is not None:
                root.append(el)
    return _bytes(root)


def _app() -> bytes:
    """app.xml: the application that wrote the file, and no page or word counts (only a layout knows them)."""
    from lxml import etree

    root = etree.Element(f"{{{EXTENDED}}}Properties", nsmap={None: EXTENDED, "vt": VT})
    for tag, text in (("Application", "gongwen"), ("DocSecurity", "0"), ("ScaleCrop", "false")):
        etree.SubElement(root, f"{{{EXTENDED}}}{tag}").text = text
    for tag in ("LinksUpToDate", "SharedDoc", "HyperlinksChanged"):
        etree.SubElement(root, f"{{{EXTENDED}}}{tag}").text = "false"
    return _bytes(root)


def _custom(data: bytes | None, version: str) -> bytes:
    """custom.xml with gongwen's version, keeping any property a user template carries."""
    from lxml import etree

    root = _xml(data) if data else etree.Element(f"{{{CUSTOM}}}Properties", nsmap={None: CUSTOM, "vt": VT})
    for prop in root.findall(f"{{{CUSTOM}}}property"):
        if prop.get("name") == VERSION_PROPERTY:
            root.remove(prop)
    pids = [int(p.get("pid", "1")) for p in root.findall(f"{{{CUSTOM}}}property")]
    prop = etree.SubElement(
        root, f"{{{CUSTOM}}}property", fmtid=CUSTOM_FMTID, pid=str(max(pids, default=1) + 1), name=VERSION_PROPERTY
    )
    etree.SubElement(prop, f"{{{VT}}}lpwstr").text = version
    return _bytes(root)


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gongwen")
    except PackageNotFoundError:
        return "未安装"


def finish(parts: dict[str, bytes], props: Properties) -> None:
    """A rendered document's parts made final, in place: its properties, its tables laid out for the rows
    they got (word/table_layout.py), and quotes, dashes and ellipses that came with the data marked East
    Asian."""
    from generators.word.east_asian import mark_parts
    from generators.word.table_layout import lay_out_tables

    if b"<w:tbl>" in parts.get("word/document.xml", b""):
        body = _xml(parts["word/document.xml"])
        lay_out_tables(body)
        parts["word/document.xml"] = _bytes(body)

    parts["docProps/core.xml"] = _core(parts.get("docProps/core.xml"), props)
    _add(
        parts,
        "docProps/app.xml",
        _app(),
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        f"{OFFICE_RELS}/extended-properties",
    )
    _add(
        parts,
        "docProps/custom.xml",
        _custom(parts.get("docProps/custom.xml"), tool_version()),
        "application/vnd.openxmlformats-officedocument.custom-properties+xml",
        f"{OFFICE_RELS}/custom-properties",
    )
    mark_parts(parts)
