"""The tool's own workbooks (发文登记, 提醒函登记表): written by hand, read with calamine.

Every string is an inline text cell, so a county named 「=HYPERLINK(…)」 can never become a live
formula; numbers are numbers. No clock: the zip entries and core.xml carry the date the caller gives,
so the same register gives the same bytes. Writing SpreadsheetML directly keeps openpyxl (a fifth of a
second to import) off every document command.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from pathlib import Path

from generators.errors import GongwenError
from generators.reading.cells import address

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not allowed in XML 1.0

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
{sheets}
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""
_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:creator>gongwen</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">{iso}</dcterms:created>
<dcterms:modified xsi:type="dcterms:W3CDTF">{iso}</dcterms:modified>
</cp:coreProperties>"""
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="2"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def escape(text: str) -> str:
    """&, < and > as XML entities (xml.sax.saxutils.escape, without the 25 ms of urllib and email it imports)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(ref: str, value, bold: bool) -> str:
    style = ' s="1"' if bold else ""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return ""  # nan and inf have no place in a workbook: a blank
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    text = escape(_CONTROL.sub("", str(value)))
    return f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_xml(header: list[str], rows: list[list]) -> str:
    widths = [
        min(60, 2 + 2 * max([len(str(r[c])) for r in rows if c < len(r) and r[c] is not None] + [len(str(title))]))
        for c, title in enumerate(header)
    ]
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
    lines = []
    for r, values in enumerate([header, *rows], 1):
        cells = "".join(_cell(address(r - 1, c), v, r == 1) for c, v in enumerate(values))
        lines.append(f'<row r="{r}">{cells}</row>')
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}">'
        f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        f"</sheetView></sheetViews><cols>{cols}</cols><sheetData>{''.join(lines)}</sheetData></worksheet>"
    )


def sheet_title(name: str) -> str:
    """A sheet name Excel accepts: no \\ / * ? : [ ], at most 31 characters."""
    return re.sub(r"[\\/*?:\[\]]", "_", name)[:31] or "Sheet"


def workbook_bytes(sheets: Sequence[tuple[str, Sequence[str], list[list]]], when: dt.date | dt.datetime) -> bytes:
    """An .xlsx of `sheets` [(name, header, rows)], every string a text cell, dated `when` throughout."""
    stamp = when if isinstance(when, dt.datetime) else dt.datetime.combine(when, dt.time())
    names = [sheet_title(name) for name, _, _ in sheets]
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES.format(
            sheets="\n".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, len(sheets) + 1)
            )
        ),
        "_rels/.rels": _ROOT_RELS,
        "docProps/core.xml": _CORE.format(iso=stamp.strftime("%Y-%m-%dT%H:%M:%SZ")),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            + "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": _STYLES,
    }
    for i, (_, header, rows) in enumerate(sheets, 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = _sheet_xml(list(header), [list(r) for r in rows])
    from generators.writing import zip_package

    return zip_package({name: text.encode("utf-8") for name, text in parts.items()}, stamp)


def read_sheets(path: Path, what: str) -> dict[str, list[list]]:
    """Every sheet of the tool's own workbook `path` as rows of values ("" for blank); `what` names it in errors."""
    from python_calamine import CalamineWorkbook

    from generators.reading import files

    try:  # opened the way every input is (reading.files): a pipe or a device there never blocks
        with files.open_regular(path) as f:
            book = CalamineWorkbook.from_filelike(f)
            return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    except files.Unreadable as exc:
        raise GongwenError(f"{what}「{path}」{exc}，请删除它（gongwen 会重新建立）或从备份恢复后重试。") from None
    except Exception as exc:  # zip, XML or calamine errors: the file is not a workbook any more
        raise GongwenError(
            f"{what}「{path}」无法读取（{type(exc).__name__}）。请用 Excel 打开检查，或从备份恢复后重试。"
        ) from exc


def records(rows: list[list], required: Sequence[str], where: str, key: str = "") -> tuple[list[dict], list[str]]:
    """A sheet of the tool's own workbook as one dict a row, by header: the `required` columns (one missing is
    an error naming `where`) and those the office added (returned too, in their order). Whole numbers come
    back as int (calamine reads 12 as 12.0), blanks as ""; rows blank throughout, or blank in `key`, are skipped."""
    if not rows:
        return [], []
    header = [str(c).strip() if c is not None else "" for c in rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise GongwenError(f"{where}缺少列：" + "、".join(missing) + "。请不要删除或改名这些列。")
    extra = [c for c in dict.fromkeys(header) if c and c not in required]
    index = {c: header.index(c) for c in [*required, *extra]}

    def value(row: list, column: str):
        v = row[index[column]] if index[column] < len(row) else ""
        if v is None:
            return ""
        return int(v) if isinstance(v, float) and v.is_integer() else v

    found = [{c: value(row, c) for c in index} for row in rows[1:]]
    kept = [r for r in found if (r[key] != "" if key else any(str(v).strip() for v in r.values()))]
    return kept, extra
