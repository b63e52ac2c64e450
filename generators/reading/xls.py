"""What an old-format .xls (BIFF8) says that calamine does not: its error cells and its percent-formatted cells.

calamine reads an error value in an .xls as "" and a 0.55 shown as 55% as 0.55, as it does for .xlsx
(sheetxml.py says why that matters). An .xls is a compound file whose 「Workbook」 stream is a run of
records; the few read here are the number formats (FORMAT, XF), the sheets (BOUNDSHEET) and, in each
sheet, the cells that carry a format or an error (NUMBER, RK, MULRK, BOOLERR, FORMULA). Anything else
is skipped by its length, so an unknown record costs nothing. Only BIFF8 (Excel 97 and later) is read;
an older file gives no scan and calamine's reading stands.
"""

from __future__ import annotations

import struct
from pathlib import Path

from generators.reading.sheetxml import PERCENT_BUILTIN, SheetScan, Special, is_percent_format

_BOF, _EOF, _FORMAT, _XF, _SHEET = 0x0809, 0x000A, 0x041E, 0x00E0, 0x0085
_NUMBER, _RK, _MULRK, _BOOLERR, _FORMULA = 0x0203, 0x027E, 0x00BD, 0x0205, 0x0006
_BIFF8 = 0x0600
ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A"}


def scan(path: Path) -> dict[str, SheetScan]:
    """Sheet name → its error cells and percent-formatted cells; {} when the file is not BIFF8."""
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
        if name is None:
            return {}
        stream = ole.openstream(name).read()
    return _scan(stream)


def _records(data: bytes, at: int):
    """(type, body, offset) from `at` to the substream's EOF."""
    while at + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, at)
        body = data[at + 4 : at + 4 + size]
        yield kind, body, at
        at += 4 + size
        if kind == _EOF:
            return


def _string(body: bytes, at: int, wide_count: bool) -> str:
    """An XLUnicodeString (16-bit count) or a ShortXLUnicodeString (8-bit count) at `at`."""
    count, at = (struct.unpack_from("<H", body, at)[0], at + 2) if wide_count else (body[at], at + 1)
    high = body[at] & 1
    at += 1
    raw = body[at : at + count * (2 if high else 1)]
    return raw.decode("utf-16-le" if high else "latin-1", "replace")


def _scan(data: bytes) -> dict[str, SheetScan]:
    records = _records(data, 0)
    first = next(records, None)
    if first is None or first[0] != _BOF or len(first[1]) < 2 or struct.unpack_from("<H", first[1])[0] != _BIFF8:
        return {}
    codes: dict[int, str] = {}
    xf_formats: list[int] = []
    sheets: list[tuple[str, int]] = []
    for kind, body, _ in records:
        try:
            if kind == _FORMAT:
                codes[struct.unpack_from("<H", body)[0]] = _string(body, 2, True)
            elif kind == _XF:
                xf_formats.append(struct.unpack_from("<H", body, 2)[0])
            elif kind == _SHEET:
                position, _state, sheet_type = struct.unpack_from("<IBB", body)
                if sheet_type == 0:  # a worksheet
                    sheets.append((_string(body, 6, False), position))
        except (struct.error, IndexError):
            continue  # a record cut short: what it would have said is not known, and not guessed
    percent = {
        i
        for i, fmt in enumerate(xf_formats)
        if fmt in PERCENT_BUILTIN or (fmt in codes and is_percent_format(codes[fmt]))
    }
    return {name: _scan_sheet(data, position, percent) for name, position in sheets if position < len(data)}


def _scan_sheet(data: bytes, position: int, percent: set[int]) -> SheetScan:
    found = SheetScan()
    records = _records(data, position)
    if next(records, (None,))[0] != _BOF:
        return found
    for kind, body, _ in records:
        try:
            if kind in (_NUMBER, _RK, _BOOLERR, _FORMULA):
                row, col, xf = struct.unpack_from("<HHH", body)
                if xf in percent and kind != _BOOLERR:
                    found.percent.add((row, col))
                if kind == _BOOLERR and body[7] == 1:
                    found.specials[(row, col)] = Special("error", ERRORS.get(body[6], "错误值"))
                elif (
                    kind == _FORMULA and body[12:14] == b"\xff\xff" and body[6] == 2
                ):  # a formula whose result is an error
                    found.specials[(row, col)] = Special("error", ERRORS.get(body[8], "错误值"))
            elif kind == _MULRK:
                row, first_col = struct.unpack_from("<HH", body)
                for i in range((len(body) - 6) // 6):
                    if struct.unpack_from("<H", body, 4 + 6 * i)[0] in percent:
                        found.percent.add((row, first_col + i))
        except (struct.error, IndexError):
            continue
    return found
