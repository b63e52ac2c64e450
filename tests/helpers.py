"""Builders for inputs that counties (or attackers) send: shared by the reading tests and the hostile corpus."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import openpyxl
from conftest import MERGES, NOVEMBER, month_rows, write_xlsx

NOV_FILE = ("月报", "2022-11.xlsx")


class ExcelError(str):
    """A cell value to store as an Excel error value (t="e"), not as text."""


def november(root: Path, edit=None, merges=(), values=None) -> Path:
    """Write the tiny workspace's November workbook, `edit(rows)` applied first."""
    rows = month_rows(values or NOVEMBER)
    if edit:
        edit(rows)
    return write_xlsx(root.joinpath(*NOV_FILE), rows, [*MERGES, *merges])


def set_cells(path: Path, cells: dict[str, object], sheet: str | None = None) -> Path:
    """Change cells of an existing workbook: ExcelError values become error cells, '=…' formulas."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet] if sheet else book.active
    for ref, value in cells.items():
        cell = ws[ref]
        cell.value = str(value) if isinstance(value, ExcelError) else value
        if isinstance(value, ExcelError):
            cell.data_type = "e"
    book.save(path)
    return path


def add_sheet(path: Path, name: str, rows, merges=(), hidden: bool = False, first: bool = False) -> Path:
    """Add a sheet (a hidden stale copy, a draft placed first …) to an existing workbook."""
    book = openpyxl.load_workbook(path)
    ws = book.create_sheet(name, 0 if first else None)
    for row in rows:
        ws.append(list(row))
    for rng in merges:
        ws.merge_cells(rng)
    if hidden:
        ws.sheet_state = "hidden"
    if first:
        book.active = 0
    book.save(path)
    return path


def encrypted_copy(plain: Path, out: Path, password: str = "1234") -> Path:
    """The workbook with an opening password, as Excel's 「用密码进行加密」 saves it."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(plain, "rb") as f, open(out, "wb") as sink:
        OOXMLFile(f).encrypt(password, sink)
    return out


# ---------------------------------------------------------------------------------------------
# A zip bomb in .xlsx clothing, built without ever holding the inflated bytes: one megabyte of
# zeros deflated once, ending on a full flush so the block can be repeated as often as wanted.

_MINIMAL = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def bomb_xlsx(path: Path, inflated_mb: int, honest: bool = True) -> Path:
    """An .xlsx whose sheet inflates to `inflated_mb` MB; `honest=False` declares it as 1 KB."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(b"\0" * 2**20) + c.flush(zlib.Z_FULL_FLUSH)
    sheet = block * inflated_mb + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    entries = [
        (name, _deflate(text.encode()), len(text.encode()), zlib.crc32(text.encode()))
        for name, text in _MINIMAL.items()
    ]
    entries.append(("xl/worksheets/sheet1.xml", sheet, inflated_mb * 2**20 if honest else 1024, 0))
    out, central = bytearray(), bytearray()
    for name, raw, size, crc in entries:
        encoded = name.encode()
        fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(raw), size)
        central += b"PK\x01\x02" + struct.pack("<H", 20) + fields
        central += struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, len(out)) + encoded
        out += b"PK\x03\x04" + fields + struct.pack("<HH", len(encoded), 0) + encoded + raw
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out + central + end))
    return path
