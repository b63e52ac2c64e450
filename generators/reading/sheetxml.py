"""What an .xlsx's sheet XML says that calamine does not: how far the cells reach, which cells hold an
Excel error or a formula (with or without a saved result), and which carry a percent number format.

python-calamine reads an error value and a formula without a saved result both as "" (dimastbk/
python-calamine#105), and a 0.55 shown as 55% as 0.55: blank must mean the county left the cell empty,
and a count must not be a percentage in disguise, so the XML is read first. It is read as XML (any
quoting, any white space, any namespace prefix), never matched with patterns: 「t='e'」 and a newline
inside 「<c\\nr="XFD1048576">」 are what a hand-edited or hostile file holds. calamine allocates a
sheet's whole rectangle at once (one value at XFD1048576 aborts the process), so the extent found
here is checked before calamine runs.
"""

from __future__ import annotations

import functools
import os
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET
from xml.parsers import expat

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_REL = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
PERCENT_BUILTIN = {9, 10}  # 「0%」「0.00%」: Excel's built-in percent formats


class Malformed(Exception):
    """A part of the workbook is not what Excel writes: (part, why in Chinese)."""

    def __init__(self, part: str, why: str = "不是有效的XML"):
        super().__init__(part, why)
        self.part, self.why = part, why


@dataclass(frozen=True)
class Special:
    """A cell that is not a plain value: an error value, or a formula (with or without a saved result)."""

    kind: str  # 'error' or 'formula'
    text: str  # the error value (#DIV/0!) or the formula (=SUM(C7:C10))
    cached: bool = True  # a formula's result was saved with the file

    @property
    def is_value(self) -> bool:
        """Whether what calamine read is what Excel shows."""
        return self.kind == "formula" and self.cached


@dataclass
class SheetScan:
    """One sheet as its XML has it: its extent, its special cells and its percent-formatted cells."""

    rows: int = 0  # one past the last row holding a cell
    cols: int = 0
    specials: dict[tuple[int, int], Special] = field(default_factory=dict)
    percent: set[tuple[int, int]] = field(default_factory=set)  # cells whose number format shows %


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def scan(path) -> dict[str, SheetScan]:
    """Sheet name → what its XML says, for every sheet of an .xlsx (call after files.check_xlsx)."""
    result: dict[str, SheetScan] = {}
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        percent_styles = _percent_styles(archive) if "xl/styles.xml" in names else set()
        for name, part in _sheet_parts(archive).items():
            if part not in names:
                continue  # calamine gives its own verdict on a workbook that points nowhere
            with archive.open(part) as stream:
                result[name] = _scan_sheet(stream, part, percent_styles)
    return result


def _parse(archive: zipfile.ZipFile, part: str) -> ET.Element:
    try:
        return ET.fromstring(archive.read(part))
    except ET.ParseError:
        raise Malformed(part) from None


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    book = _parse(archive, "xl/workbook.xml")
    rels_part = "xl/_rels/workbook.xml.rels"
    rels = _parse(archive, rels_part) if rels_part in archive.namelist() else ET.Element("Relationships")
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter() if _local(r.tag) == "Relationship"}
    parts = {}
    for sheet in book.iter():
        if _local(sheet.tag) != "sheet":
            continue
        target = targets.get(sheet.get(_REL) or sheet.get(_STRICT_REL), "")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        parts[sheet.get("name", "")] = os.path.normpath(part).replace(os.sep, "/")
    return parts


def _percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes into cellXfs (a cell's 「s」) whose number format shows the value as a percentage."""
    styles = _parse(archive, "xl/styles.xml")
    codes: dict[int, str] = {}
    xfs: list[ET.Element] = []
    for el in styles.iter():
        tag = _local(el.tag)
        if tag == "numFmt":
            codes[_int(el.get("numFmtId"))] = el.get("formatCode", "")
        elif tag == "cellXfs":
            xfs = [xf for xf in el if _local(xf.tag) == "xf"]
    found = set()
    for i, xf in enumerate(xfs):
        fmt = _int(xf.get("numFmtId"))
        if fmt in PERCENT_BUILTIN or (fmt in codes and is_percent_format(codes[fmt])):
            found.add(i)
    return found


_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def is_percent_format(code: str) -> bool:
    """Whether a number format code shows its value ×100 with a % sign (「0.0%」; not 「0"%"」 or 「0\\%」)."""
    return "%" in _LITERAL.sub("", code)


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return -1


_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


@functools.lru_cache(maxsize=4096)
def _column(letters: str) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col - 1


def _address(ref: str, part: str) -> tuple[int, int] | None:
    """「C7」 → (6, 2); None when the cell has no reference (it follows the one before). A reference
    Excel would never write is refused rather than guessed at: calamine might place it elsewhere."""
    if not ref:
        return None
    m = _REF.fullmatch(ref)
    if not m:
        raise Malformed(part, f"单元格引用「{ref[:20]}」不是Excel的写法")
    return int(m[2]) - 1, _column(m[1])


def _scan_sheet(stream, part: str, percent_styles: set[int]) -> SheetScan:
    reader = _SheetReader(part, percent_styles, expat.ParserCreate(namespace_separator="}"))
    try:
        reader.parser.ParseFile(stream)
    except expat.ExpatError:
        raise Malformed(part) from None
    found = reader.found
    found.rows, found.cols = reader.last_row + 1, reader.last_col + 1
    return found


class _SheetReader:
    """expat callbacks over one sheet: a streaming read (no tree, so a long sheet costs no memory). A plain
    cell costs one callback; only a cell with a formula or an error value has its end and text followed."""

    def __init__(self, part: str, percent_styles: set[int], parser: Any):
        self.part, self.percent_styles, self.parser = part, percent_styles, parser
        parser.StartElementHandler = self.start
        self.found = SheetScan()
        self.row = self.col = self.last_row = self.last_col = -1
        self.kind = ""  # the current cell's 「t」
        self.special = False  # the current cell has a formula or an error value: its end is followed
        self.formula: str | None = None
        self.shared = False
        self.value: str | None = None
        self.text: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name[name.rfind("}") + 1 :]
        if tag == "c":
            where = _address(attrs.get("r", ""), self.part)
            self.row, self.col = where if where else (self.row, self.col + 1)
            if self.row > self.last_row:
                self.last_row = self.row
            if self.col > self.last_col:
                self.last_col = self.col
            self.kind = attrs.get("t", "n").strip()
            if self.percent_styles and _int(attrs.get("s")) in self.percent_styles:
                self.found.percent.add((self.row, self.col))
            self.formula = self.value = None
            self.special = self.kind == "e"
            if self.special:
                self.parser.EndElementHandler = self.end
        elif tag == "row":
            r = attrs.get("r")
            if r and not (r.isascii() and r.isdigit() and len(r) <= 7):
                raise Malformed(self.part, f"行号「{r[:20]}」不是Excel的写法")
            self.row = int(r) - 1 if r else self.row + 1
            self.col = -1
            self.last_row = max(self.last_row, self.row)
        elif tag == "f" or (tag == "v" and self.special):
            if tag == "f":
                self.special = True
                self.shared = attrs.get("t") == "shared"
                self.parser.EndElementHandler = self.end
            self.text = []
            self.parser.CharacterDataHandler = self.text.append

    def end(self, name: str) -> None:
        tag = name[name.rfind("}") + 1 :]
        if tag == "f":
            self.formula = "".join(self.text) or ("（共享公式）" if self.shared else "")
            self.parser.CharacterDataHandler = None
        elif tag == "v":
            self.value = "".join(self.text)
            self.parser.CharacterDataHandler = None
        elif tag == "c":
            self.parser.EndElementHandler = None
            self.special = False
            if self.kind == "e":
                self.found.specials[(self.row, self.col)] = Special("error", (self.value or "").strip())
            elif self.formula is not None:
                cached = self.value is not None and (bool(self.value) or self.kind == "str")
                text = self.formula
                shown = "=" + text if text and not text.startswith("（") else text
                self.found.specials[(self.row, self.col)] = Special("formula", shown, cached)
