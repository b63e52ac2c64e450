"""Test helpers shared across test files: inputs counties (or attackers) send, a hand-made bulletin context,
markers for tools that may be absent, and the composite score computed by hand."""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from dataclasses import dataclass
from fractions import Fraction as F
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import MERGES, NOVEMBER, TARGETS, month_rows, write_xlsx

from generators.word.pdf import PdfError, find_soffice
from generators.word.render import Picture

NOV_FILE = ("月报", "2022-11.xlsx")


class ExcelError(str):
    """A cell value to store as an Excel error value (t="e"), not as text."""


def folder_month(root: Path, key: str, values: dict, without: tuple[str, ...] = ()) -> Path:
    """月报/<key>/ as a folder with one workbook per county (those in `without` sent none), in place of
    月报/<key>.xlsx."""
    (root / "月报" / f"{key}.xlsx").unlink(missing_ok=True)
    folder = root / "月报" / key
    for name, vals in values.items():
        if name not in without:
            write_xlsx(folder / f"{name}.xlsx", month_rows({name: vals}, total=False), MERGES)
    return folder


def november(root: Path, edit=None, merges=(), values=None) -> Path:
    """Write the tiny workspace's November workbook, `edit(rows)` applied first."""
    rows = month_rows(values or NOVEMBER)
    if edit:
        edit(rows)
    return write_xlsx(root.joinpath(*NOV_FILE), rows, [*MERGES, *merges])


def set_cells(
    path: Path, cells: dict[str, object], sheet: str | None = None, formats: dict[str, str] | None = None
) -> Path:
    """Change cells of an existing workbook: ExcelError values become error cells, '=…' formulas;
    `formats` gives cells a number format (「0%」 shows 0.55 as 55%)."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet] if sheet else book.active
    for ref, value in cells.items():
        cell = ws[ref]
        cell.value = str(value) if isinstance(value, ExcelError) else value
        if isinstance(value, ExcelError):
            cell.data_type = "e"
    for ref, code in (formats or {}).items():
        ws[ref].number_format = code
    book.save(path)
    return path


def edit_sheet_xml(path: Path, old: bytes, new: bytes, part: str = "xl/worksheets/sheet1.xml") -> Path:
    """Replace bytes in a workbook's sheet XML, as a hand-edited or hostile file would have them."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == part:
                assert old in data, (old, data[:2000])
                data = data.replace(old, new, 1)
            z.writestr(info, data)
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


# ---------------------------------------------------------------- documents and tools

ROOT = Path(__file__).resolve().parent.parent
BULLETIN = ROOT / "templates" / "bulletin.docx"
COUNTIES = ["榆阳区", "神木市", "府谷县", "横山区", "靖边县", "定边县", "绥德县", "米脂县"]


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A valid RGB PNG made by hand: enough for Word, LibreOffice and python-docx to embed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x4f\x81\xbd" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def example_context(cc: str = "市委农办，市财政局。") -> dict:
    """A complete bulletin context as generators/bulletin.py builds it (docs/DEVELOPING.md)."""
    png = tiny_png()
    return {
        "head": {
            "organ_mark": "榆林市巩固衔接办文件",
            "doc_number": "榆巩衔办发〔2022〕12号",
            "title": "关于2022年11月份全市重点工作进展情况的通报",
            "recipients": "各县（市、区）巩固衔接办：",
            "signature": "榆林市巩固衔接办",
            "date": "2022年12月5日",
            "cc": cc,
            "printer": "榆林市巩固衔接办",
            "print_date": "2022年12月5日",
            "attachments": ["2022年11月份各县区综合排名及得分表", "2022年11月份各县区重点指标完成情况表"],
        },
        "intro": "现将A&B公司与<县>级单位的有关情况通报如下。",
        "overview": ["截至2022年11月底，全市衔接资金支出进度为86.52%。", "全市有1项达到序时进度。"],
        "ranking": {
            "sentence": "排在前三位的是榆阳区、神木市、府谷县。",
            "chart": Picture(png),
            "change": "较上月变化",
            "rows": [
                {"rank": str(i), "county": c, "score": f"{100 - i}.00", "change": "—"}
                for i, c in enumerate(COUNTIES, 1)
            ],
        },
        "items": [
            {"heading": "（一）衔接资金支出进度", "text": "全市衔接资金支出进度为86.52%。", "chart": Picture(png, 120)},
            {"heading": "（二）脱贫劳动力务工就业", "text": "完成年度任务的100.1%。", "chart": None},
        ],
        "problems": {
            "lagging": "衔接资金支出进度低于序时进度的有佳县。",
            "ranking": "绥德县、米脂县综合得分排名靠后，工作推进力度有待进一步加强。",
            "reporting": "",
            "bottom_names": "绥德县、米脂县",
            "top_names": "榆阳区、神木市",
        },
        "annex": {
            "score_columns": ["衔接资金支出进度（60分）", "务工就业（30分）", "小额信贷（10分）"],
            "score_rows": [
                {"rank": str(i), "county": c, "scores": ["50.00", "25.00", "8.00"], "total": "83.00"}
                for i, c in enumerate(COUNTIES, 1)
            ],
            "detail_columns": ["衔接资金支出进度", "务工就业完成率"],
            "detail_rows": [{"county": c, "cells": ["96.50%（1）", "101.20%（2）"]} for c in COUNTIES]
            + [{"county": "全市", "cells": ["86.52%", "100.10%"]}],
        },
        "counties": "各县（市、区）",
        "organ": "市巩固衔接办",
    }


def summary_config(ws: Path, sections) -> Path:
    """A 年度总结.xlsx without year-level figures, its 「部分」 rows `sections` (部分, 段落引语, 指标, 文字)."""
    path = ws / "年度总结.xlsx"
    header = ["代码", "指标名称", "数据列", "算法", "单位", "权数列", "配对列", "配对单位", "占比于"]
    write_xlsx(path, [["年度指标（测试数据）"], header], sheet="年度指标")
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("部分")
    sheet.append(["部分", "段落引语", "指标", "文字"])
    for row in sections:
        sheet.append(list(row))
    book.save(path)
    return path


def one_line_template(path: Path, text: str) -> Path:
    d = docx.Document()
    d.add_paragraph(text)
    d.save(path)
    return path


try:
    find_soffice()
    HAVE_SOFFICE = True
except PdfError:
    HAVE_SOFFICE = False

needs_soffice = pytest.mark.skipif(not HAVE_SOFFICE, reason="LibreOffice 未安装")
needs_poppler = pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils 未安装")


# ---------------------------------------------------------------- figures by hand

WEIGHTS = {"zjzc": 60, "wgjy": 40}


def independent(values: dict) -> dict:
    """Composite scores by the README's rule, in fractions, rounded half-up the schoolbook way."""
    compared = {
        "zjzc": {c: F(v[1], v[0]) for c, v in values.items()},
        "wgjy": {c: F(v[2], TARGETS[c]) for c, v in values.items()},
    }
    totals = {c: F(0) for c in values}
    for code, per in compared.items():
        low, high = min(per.values()), max(per.values())
        for c, v in per.items():
            share = WEIGHTS[code] * (v - low) / (high - low)
            totals[c] += F(int(share * 100 + F(1, 2)), 100)  # half-up to 0.01
    return totals


# ---------------------------------------------------------------- gen serve's page, through Flask's test client


@dataclass
class Page:
    """The page of one run of gen serve, with the secret's cookie set, as a browser tab holds it."""

    app: object
    client: object
    guard: object
    ws: Path
    out: Path

    def get(self, url: str, **kw):
        return self.client.get(url, **kw)

    def post(self, url: str, data=None, csrf: bool = True, **kw):
        data = dict(data or {})
        if csrf:
            data["csrf"] = self.guard.csrf
        return self.client.post(url, data=data, **kw)

    def text(self, url: str) -> str:
        response = self.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_data(as_text=True)

    @property
    def jobs(self):
        return self.app.extensions["gongwen.jobs"]

    def run(self, data: dict, timeout: float = 240):
        """Start a job as the form does and wait for it to finish; the finished job."""
        response = self.post("/jobs", data)
        assert response.status_code == 303, response.get_data(as_text=True)
        job = self.jobs.wait(response.headers["Location"].rsplit("/", 1)[1], timeout)
        assert job.state != "running"
        return job


def open_page(ws: Path, out: Path, base: Path, **config) -> Page:
    from generators.serve.app import Config, create_app
    from generators.serve.security import Guard

    guard = Guard({"localhost"})
    app = create_app(Config(ws, out, guard, base=base, **config))
    client = app.test_client()
    assert client.get("/?token=" + guard.secret).status_code == 302
    return Page(app, client, guard, ws, out)


def county_book(path: Path, county: str, values=None, edit=None) -> Path:
    """One county's own workbook of the tiny workspace's November, `edit(rows)` applied first."""
    rows = month_rows({county: values or NOVEMBER[county]}, total=False)
    if edit:
        edit(rows)
    return write_xlsx(path, rows, MERGES)


def upload(page: Page, *files, month: str = "2022-11"):
    """Drop files (paths, or (name, bytes)) on the month's page, as one form."""
    sent = []
    for f in files:
        name, data = (f.name, f.read_bytes()) if isinstance(f, Path) else f
        sent.append((io.BytesIO(data), name))
    return page.post(
        f"/month/{month}/upload", {"files": sent}, content_type="multipart/form-data", follow_redirects=True
    )


# ---------------------------------------------------------------- when a workbook says it was saved


def set_saved(path: Path, when) -> Path:
    """Rewrite an .xlsx's own saved time (docProps/core.xml dcterms:modified), as Excel writes it (UTC);
    openpyxl always stamps the time it saved."""
    import datetime as dt
    import re
    import zipfile

    stamp = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\2", data)
            z.writestr(info, data)
    return path


def xls_saved_at(path: Path, rows, when) -> Path:
    """An .xls of `rows` (written by xlwt) whose SummaryInformation says it was last saved at `when`, in a
    compound file built here: xlwt writes no document properties."""
    import datetime as dt

    import olefile
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                sheet.write(r, c, v)
    book.save(str(path))
    with olefile.OleFileIO(str(path)) as ole:
        workbook = ole.openstream("Workbook").read()
    ticks = int(
        (when.astimezone(dt.timezone.utc) - dt.datetime(1601, 1, 1, tzinfo=dt.timezone.utc)).total_seconds() * 10**7
    )
    fmtid = bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")
    body = struct.pack("<IIII", 8 + 8 + 12, 1, 13, 16) + struct.pack(
        "<IQ", 64, ticks
    )  # PIDSI_LASTSAVE_DTM, VT_FILETIME
    summary = (
        struct.pack("<HHI", 0xFFFE, 0, 0) + b"\0" * 16 + struct.pack("<I", 1) + fmtid + struct.pack("<I", 48) + body
    )
    path.write_bytes(_compound({"Workbook": workbook, "\x05SummaryInformation": summary}))
    return path


def _compound(streams: dict[str, bytes]) -> bytes:
    """A minimal compound file (CFB v3): every stream padded past the mini-stream cutoff (a stream's declared
    size says where it lives), one FAT sector."""
    sector, end, free, fat_mark = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    data, chains, starts, sizes = b"", [], [], []
    next_sector = 1  # sector 0 holds the FAT
    for payload in streams.values():
        padded = payload + b"\0" * (max(4096, -(-len(payload) // sector) * sector) - len(payload))
        count = len(padded) // sector
        starts.append(next_sector)
        sizes.append(len(padded))
        chains += [next_sector + i + 1 for i in range(count - 1)] + [end]
        next_sector += count
        data += padded
    directory_at = next_sector
    fat = [fat_mark] + chains + [end]
    fat += [free] * (sector // 4 - len(fat))
    assert len(fat) == sector // 4, "the streams need more than one FAT sector"

    def entry(name: str, kind: int, start: int, size: int, right: int = free, child: int = free) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, free, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IIII", start, size, 0, 0)[:8]
            + struct.pack("<I", 0)
        )

    names = list(streams)
    entries = entry("Root Entry", 5, end, 0, child=1)
    for i, name in enumerate(names, 1):
        entries += entry(name, 2, starts[i - 1], sizes[i - 1], right=i + 1 if i < len(names) else free)
    entries = entries.ljust(sector, b"\0")
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, directory_at, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<108I", *([free] * 108))
    )
    return header + struct.pack("<128I", *fat) + data + entries
