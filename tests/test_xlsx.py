"""The tool's own workbooks open in other programs whatever the text: control characters, formulas, odd numbers."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from generators.xlsx import read_sheets, workbook_bytes


def test_odd_values_give_a_workbook_openpyxl_and_calamine_read(tmp_path):
    rows = [["a\x01b\ufffec\ud800d", float("nan"), float("inf")], ["=HYPERLINK(1)", 1e20, None], ["+1", -3, 2.5]]
    data = workbook_bytes([("登记/表:1", ["文字", "数1", "数2"], rows)], dt.date(2022, 12, 5))
    book = openpyxl.load_workbook(io.BytesIO(data))
    (sheet,) = book.worksheets
    assert sheet.title == "登记_表_1"
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[1] == ["abcd", None, None]
    assert values[2] == ["=HYPERLINK(1)", 1e20, None] and sheet["A3"].data_type == "s"
    assert values[3] == ["+1", -3, 2.5]
    path = tmp_path / "t.xlsx"
    path.write_bytes(data)
    assert read_sheets(path, "测试表")["登记_表_1"][2][:2] == ["=HYPERLINK(1)", 1e20]


def test_same_rows_same_bytes():
    sheets = [("表", ["甲"], [["乙"]])]
    assert workbook_bytes(sheets, dt.date(2022, 12, 5)) == workbook_bytes(sheets, dt.date(2022, 12, 5))
