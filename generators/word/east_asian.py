"""Quotes, dashes and ellipses set in the Chinese font, whoever lays the document out.

「“」「”」「‘」「’」「—」「…」「·」 belong to Latin and to Chinese alike. Word picks their font by the
run's w:hint: without `eastAsia` it takes the Latin font, so 「“三农”」 and 「——」 come out as narrow
Times New Roman marks beside 仿宋. LibreOffice ignores w:hint and picks by the characters around. So
each stretch of these marks gets a run of its own whose fonts are all the run's East-Asian font, with
the hint too: every reader sets them in 仿宋 (or the style's 黑体, 楷体…). Done on the template's text
when it is built and on the data's when a document is rendered.
"""

from __future__ import annotations

import copy
import re

from generators.word.ooxml import RPR_ORDER, put, qn

AMBIGUOUS = "“”‘’—…·―"
_STRETCH = re.compile(f"([{AMBIGUOUS}]+)")
TEXT_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class _Fonts:
    """The East-Asian font of a run as styles.xml resolves it: the run, its character style, its
    paragraph's style (or the default one), each with what it is based on, then the document defaults."""

    def __init__(self, styles) -> None:
        self.styles = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
        defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default = self._east_asia(defaults)
        self.default_para = next(
            (
                sid
                for sid, s in self.styles.items()
                if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")
            ),
            None,
        )

    @staticmethod
    def _east_asia(rpr) -> str | None:
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        return fonts.get(qn("w:eastAsia")) if fonts is not None else None

    def _style(self, style_id: str | None) -> str | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                return None
            font = self._east_asia(style.find(qn("w:rPr")))
            if font:
                return font
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return None

    def of(self, run, paragraph_style: str | None) -> str | None:
        rpr = run.find(qn("w:rPr"))
        own = self._east_asia(rpr)
        if own:
            return own
        rstyle = rpr.find(qn("w:rStyle")) if rpr is not None else None
        return (
            (self._style(rstyle.get(qn("w:val"))) if rstyle is not None else None)
            or self._style(paragraph_style or self.default_para)
            or self.default
        )


def _paragraph_style(run) -> str | None:
    p = run.getparent()
    while p is not None and p.tag != qn("w:p"):
        p = p.getparent()
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") if p is not None else None
    return style.get(qn("w:val")) if style is not None else None


def _marked(run, font: str) -> None:
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = run.makeelement(qn("w:rPr"), {})
        run.insert(0, rpr)
    old = rpr.find(qn("w:rFonts"))
    cs = old.get(qn("w:cs")) if old is not None else None
    attrs = {"hint": "eastAsia", "ascii": font, "hAnsi": font, "eastAsia": font}
    if cs:
        attrs["cs"] = cs
    put(rpr, "rFonts", RPR_ORDER, **attrs)


def _split(run) -> list:
    """The run as runs of its own rPr, each stretch of AMBIGUOUS marks in a run of its own; [] when the
    run has no such stretch. Tabs, breaks and pictures stay in order, in the runs around them."""
    rpr = run.find(qn("w:rPr"))
    pieces: list[tuple[bool, object]] = []  # (ambiguous, element)
    found = False
    for child in run:
        if child is rpr:
            continue
        if child.tag == qn("w:t") and child.text and _STRETCH.search(child.text):
            found = True
            for i, text in enumerate(_STRETCH.split(child.text)):
                if text:
                    t = child.makeelement(qn("w:t"), {XML_SPACE: "preserve"})
                    t.text = text
                    pieces.append((i % 2 == 1, t))
        else:
            pieces.append((False, child))
    if not found:
        return []
    runs: list = []
    for ambiguous, element in pieces:
        if not runs or runs[-1][0] != ambiguous:
            new = run.makeelement(qn("w:r"), dict(run.attrib))
            if rpr is not None:
                new.append(copy.deepcopy(rpr))
            runs.append((ambiguous, new))
        runs[-1][1].append(element)
    return runs


def mark(root, fonts: _Fonts) -> int:
    """Mark every stretch of AMBIGUOUS marks in the part `root`, in place; how many runs were marked."""
    marked = 0
    for run in list(root.iter(qn("w:r"))):
        if run.find(qn("w:instrText")) is not None:
            continue  # a field's code, never shown
        runs = _split(run)
        if not runs:
            continue
        font = fonts.of(run, _paragraph_style(run))
        for ambiguous, new in runs:
            if ambiguous and font:
                _marked(new, font)
                marked += 1
            run.addprevious(new)
        run.getparent().remove(run)
    return marked


def mark_parts(parts: dict[str, bytes]) -> None:
    """Mark the document's text parts (body, headers, footers) in `parts`, in place."""
    from lxml import etree

    if "word/styles.xml" not in parts:
        return
    fonts = _Fonts(etree.fromstring(parts["word/styles.xml"]))
    for name, data in list(parts.items()):
        if not TEXT_PARTS.match(name) or not any(ch.encode() in data for ch in AMBIGUOUS):
            continue
        root = etree.fromstring(data)
        if mark(root, fonts):
            parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
