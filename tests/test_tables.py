"""Reading county tables in every shape counties send them, and every class of bad input."""

from __future__ import annotations

import csv
from decimal import Decimal as D

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import MERGES, NOVEMBER, OCTOBER, month_rows, tree_digest, write_xlsx
from helpers import folder_month

from cli import main
from generators.errors import DataError, GongwenError
from generators.reading.entry import read_period
from generators.reading.tables import read_month
from generators.reading.workspace import Month, Workspace

NOV = Month(2022, 11)


def read(root, month=NOV):
    return read_month(Workspace(root), month)


def problems_of(root, month=NOV) -> list[str]:
    with pytest.raises(DataError) as info:
        read(root, month)
    return [str(p) for p in info.value.problems]


def test_single_workbook_with_merged_two_row_header(tiny):
    data = read(tiny)
    assert list(data.values) == ["甲县", "乙县", "石楼县", "丁县"]
    v = data.values["乙县"]["衔接资金/已支出资金"]
    assert v.number == D(1500)
    assert (v.source.file, v.source.sheet, v.source.cell) == ("ws/月报/2022-11.xlsx", "Sheet1", "D8")
    assert data.values["甲县"]["务工人数"].number == D(1100)
    assert data.totals["务工人数"].number == D(3350)  # kept aside, not a county
    assert data.warnings == []


def test_header_found_without_title_rows_and_total_at_bottom(tiny):
    rows = month_rows(NOVEMBER, total=False)[3:]  # no title, unit rows
    rows.insert(-1, [None, "合计", 4300, 3330, 3350])
    write_xlsx(tiny / "月报" / "2022-11.xlsx", rows, ["A1:A2", "B1:B2", "C1:D1", "E1:E2"])
    data = read(tiny)
    assert data.values["丁县"]["衔接资金/下达资金"].source.cell == "C6"
    assert data.totals["衔接资金/下达资金"].number == D(4300)


def test_values_stored_as_text_and_aliases(tiny):
    rows = month_rows(NOVEMBER)
    rows[6] = [1, " 甲县 ", "1,000", "９５０", " 1100 "]
    rows[8] = [3, "石楼", "500", "480.0", "—"]
    write_xlsx(tiny / "月报" / "2022-11.xlsx", rows, MERGES)
    data = read(tiny)
    assert data.values["甲县"]["衔接资金/下达资金"].number == D(1000)
    assert data.values["甲县"]["衔接资金/已支出资金"].number == D(950)
    assert data.values["甲县"]["务工人数"].number == D(1100)
    assert data.values["石楼县"]["务工人数"].number is None
    assert any("石楼县「务工人数」未填报" in str(w) for w in data.warnings)


def test_folder_of_per_county_workbooks(tiny):
    (tiny / "月报" / "2022-11.xlsx").unlink()
    for name, vals in NOVEMBER.items():
        write_xlsx(tiny / "月报" / "2022-11" / f"{name}.xlsx", month_rows({name: vals}, total=False), MERGES)
    data = read(tiny)
    assert data.values["石楼县"]["衔接资金/已支出资金"].number == D(480)
    assert data.values["石楼县"]["衔接资金/已支出资金"].source.file == "ws/月报/2022-11/石楼县.xlsx"


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_csv_in_the_encodings_excel_saves(tiny, encoding):
    (tiny / "月报" / "2022-11.xlsx").unlink()
    with open(tiny / "月报" / "2022年11月.csv", "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(["" if v is None else v for v in row] for row in month_rows(NOVEMBER))
    data = read(tiny)
    assert data.values["乙县"]["衔接资金/已支出资金"].number == D(1500)
    assert data.values["乙县"]["衔接资金/已支出资金"].source.cell == "D8"


def test_old_xls_workbook(tiny):
    xlwt = pytest.importorskip("xlwt")
    (tiny / "月报" / "2022-11.xlsx").unlink()
    book = xlwt.Workbook()
    sheet = book.add_sheet("11月")
    for r, row in enumerate(month_rows(NOVEMBER)):
        for c, v in enumerate(row):
            if v is not None:
                sheet.write(r, c, v)
    book.save(str(tiny / "月报" / "2022-11.xls"))
    assert read(tiny).values["丁县"]["务工人数"].number == D(1000)


def test_unknown_missing_and_duplicate_counties_reported_together(tiny):
    values = dict(NOVEMBER)
    del values["丁县"]
    rows = month_rows(values)
    rows.insert(-1, [5, "戊县", 1, 1, 1])
    rows.insert(-1, [6, "石楼", 1, 1, 1])
    write_xlsx(tiny / "月报" / "2022-11.xlsx", rows, MERGES)
    found = problems_of(tiny)
    assert any("单元格 B10" in p and "县区名单中没有这个县区" in p and "「戊县」" in p for p in found)
    assert any("单元格 B11" in p and "「石楼县」重复出现" in p and "B9" in p for p in found)
    assert any("缺少「丁县」的数据" in p for p in found)


def test_bad_numbers_named_by_cell(tiny):
    rows = month_rows(NOVEMBER)
    rows[6] = [1, "甲县", "一千", 950, 1100]
    rows[7] = [2, "乙县", 2000, 1500, -3]
    write_xlsx(tiny / "月报" / "2022-11.xlsx", rows, MERGES)
    found = problems_of(tiny)
    assert len(found) == 2
    assert "文件「ws/月报/2022-11.xlsx」，工作表「Sheet1」，单元格 C7" in found[0]
    assert "「衔接资金/下达资金」不是数字，读到的值为「一千」，应为数字" in found[0]
    assert "单元格 E8" in found[1] and "不能为负数" in found[1] and "「-3」" in found[1]


def test_rate_above_its_bound(tiny):
    values = dict(NOVEMBER, 乙县=(2000, 2100, 800))
    write_xlsx(tiny / "月报" / "2022-11.xlsx", month_rows(values), MERGES)
    (found,) = problems_of(tiny)
    assert "单元格 D8" in found and "105.00%" in found and "不超过100%" in found and "C8" in found


def test_missing_indicator_column(tiny):
    rows = month_rows(NOVEMBER)
    rows[4][3] = "实际支出"
    write_xlsx(tiny / "月报" / "2022-11.xlsx", rows, MERGES)
    (found,) = problems_of(tiny)
    # The item 「实际支出」 stands on the header's second row: the message points at its cell, not row 4.
    assert "单元格 D5" in found and "找不到指标列「衔接资金/已支出资金」" in found and "最接近的是D5的" in found


def test_empty_and_unreadable_files(tiny):
    path = tiny / "月报" / "2022-11.xlsx"
    path.write_bytes(b"")
    assert "文件是空的" in problems_of(tiny)[0]
    path.write_bytes(b"this is not a workbook")
    assert "其实是文本文件" in problems_of(tiny)[0]
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "文件不完整" in problems_of(tiny)[0]


def test_month_with_no_data(tiny):
    with pytest.raises(GongwenError, match="没有2022年9月的数据"):
        read(tiny, Month(2022, 9))


def test_warnings_total_falling_and_confirmed_jump(tiny):
    rows = month_rows(NOVEMBER)
    rows[5][4] = 9999  # 合计 disagrees
    rows[3].append("备注")
    rows[7].append("新增资金已核实")  # 乙县 confirms its jump
    write_xlsx(tiny / "月报" / "2022-11.xlsx", rows, [*MERGES, "F4:F5"])
    write_xlsx(
        tiny / "月报" / "2022-10.xlsx", month_rows(dict(OCTOBER, 乙县=(100, 90, 900), 甲县=(1000, 900, 1200))), MERGES
    )
    current = read_period(Workspace(tiny), NOV).current
    text = "\n".join(str(w) for w in current.warnings)
    assert "合计行「务工人数」与各县区之和3350不一致" in text
    assert "甲县「务工人数」是累计数，却比上月（1200）减少" in text
    assert "乙县「衔接资金/已支出资金」是上月（90）的17倍，超过10倍（已在F8备注中核实）" in text


def test_tenfold_jump_unconfirmed_is_an_error(tiny):
    write_xlsx(tiny / "月报" / "2022-10.xlsx", month_rows(dict(OCTOBER, 乙县=(2000, 90, 700))), MERGES)
    with pytest.raises(DataError) as info:
        read_period(Workspace(tiny), NOV)
    (problem,) = info.value.problems
    assert problem.source.cell == "D8" and "是上月（90）的17倍" in problem.message
    assert "「备注」列写「已核实」" in problem.expected


def test_validate_command_and_inputs_untouched(tiny):
    before = tree_digest(tiny)
    result = CliRunner().invoke(main, ["validate", "--month", "2022-11", "--data", str(tiny)])
    assert result.exit_code == 0, result.output
    assert "县区 4 个，指标 2 项" in result.output
    rows = month_rows(NOVEMBER)
    rows[6][2] = "abc"
    write_xlsx(tiny / "月报" / "2022-11.xlsx", rows, MERGES)
    before = tree_digest(tiny)
    result = CliRunner().invoke(main, ["validate", "--month", "2022-11", "--data", str(tiny)])
    assert result.exit_code == 1
    assert "单元格 C7" in result.output and "「abc」" in result.output
    assert tree_digest(tiny) == before


def test_bad_month_argument(tiny):
    result = CliRunner().invoke(main, ["validate", "--month", "2022-13", "--data", str(tiny)])
    assert result.exit_code == 1 and "2022-11" in result.output


def test_broken_settings_are_named_with_the_line(tiny):
    (tiny / "设置.yaml").write_text("发文机关:\n\t全称: x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--month", "2022-11", "--data", str(tiny)])
    assert result.exit_code == 1 and "设置.yaml" in result.output and "第2行" in result.output


def test_missing_setting_is_named(tiny, tmp_path):
    text = (tiny / "设置.yaml").read_text(encoding="utf-8").replace("  标志: 小市巩固衔接办文件\n", "")
    (tiny / "设置.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["bulletin", "--month", "2022-11", "--data", str(tiny), "--output", str(out)])
    assert result.exit_code == 1 and "缺少「发文机关」下的「标志」" in result.output
    assert not out.exists()
    # gen validate finds it too, before a deadline, not only the document commands.
    result = CliRunner().invoke(main, ["validate", "--month", "2022-11", "--data", str(tiny)])
    assert result.exit_code == 1 and "缺少「发文机关」下的「标志」" in result.output


def test_a_document_command_lists_settings_and_table_problems_in_one_run(tiny, tmp_path):
    text = (tiny / "设置.yaml").read_text(encoding="utf-8").replace("  标志: 小市巩固衔接办文件\n", "")
    (tiny / "设置.yaml").write_text(text, encoding="utf-8")
    book = openpyxl.load_workbook(tiny / "月报" / "2022-11.xlsx")
    book.active["E8"] = "很多"  # 甲县's 务工人数
    book.save(tiny / "月报" / "2022-11.xlsx")
    out = tmp_path / "out"
    for command in ("bulletin", "reminder"):
        args = [command, "--month", "2022-11", "--data", str(tiny), "--output", str(out)]
        result = CliRunner().invoke(main, args + (["--all"] if command == "reminder" else []))
        assert result.exit_code == 1, result.output
        assert "缺少「发文机关」下的「标志」" in result.output and "E8" in result.output and "很多" in result.output
        assert not out.exists()


def test_every_wrong_setting_is_listed_at_once(tiny):
    text = (tiny / "设置.yaml").read_text(encoding="utf-8")
    text = text.replace("  标志: 小市巩固衔接办文件\n", "  标志: [小市, 巩固衔接办文件]\n")
    text = text.replace("  下一个序号: 7\n", "  下一个序号: -1\n").replace(
        "  函下一个序号: 3\n", "  函下一个序号: 1000000\n"
    )
    text = text.replace("  回复天数: 10\n", "  回复天数: 0\n").replace("  电话: 0000-1234567\n", "")
    (tiny / "设置.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--month", "2022-11", "--data", str(tiny)])
    assert result.exit_code == 1
    for expected in (
        "「标志」应为一项文字",
        "「下一个序号」超出范围，读到的值为「-1」",
        "「函下一个序号」超出范围",
        "「回复天数」超出范围，读到的值为「0」",
        "缺少「联系」下的「电话」",
    ):
        assert expected in result.output, result.output
    assert "数据有 5 处错误" in result.output


def test_a_key_written_twice_is_named_not_reported_missing(tiny):
    text = (
        (tiny / "设置.yaml")
        .read_text(encoding="utf-8")
        .replace("  简称: 市巩固衔接办\n", "  简称: 市巩固衔接办\n  简称: 别的\n")
    )
    (tiny / "设置.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--month", "2022-11", "--data", str(tiny)])
    assert result.exit_code == 1 and "「简称」写了两次" in result.output and "第5行" in result.output


def test_unknown_county_in_targets(tiny):
    write_xlsx(tiny / "年度目标" / "2022年.xlsx", [["目标"], ["县区", "脱贫劳动力务工就业"], ["戊县", 100]])
    from generators.reading.workspace import Workspace as W

    with pytest.raises(DataError) as info:
        W(tiny).targets(2022)
    assert "单元格 A3" in str(info.value) and "「戊县」" in str(info.value)


def test_county_missing_its_target(tiny):
    write_xlsx(
        tiny / "年度目标" / "2022年.xlsx",
        [["目标"], ["县区", "脱贫劳动力务工就业"], ["甲县", 100], ["乙县", 100], ["石楼县", None]],
    )
    from generators.reading.workspace import Workspace as W

    with pytest.raises(DataError) as info:
        W(tiny).targets(2022)
    text = str(info.value)
    assert "缺少「石楼县」的「脱贫劳动力务工就业」年度目标" in text and "缺少「丁县」" in text


def test_a_county_without_its_workbook_in_a_folder_month_is_named_as_not_reported(tiny, tmp_path):
    # A folder of county workbooks: a county that sent none did not report. The bulletin is made, every
    # command warns, and the 数据报送 paragraph names it; a row missing from one city-wide table stays an error.
    folder_month(tiny, "2022-11", NOVEMBER, without=("乙县",))
    out = tmp_path / "out"
    args = ["--month", "2022-11", "--data", str(tiny)]
    result = CliRunner().invoke(main, ["bulletin", *args, "--output", str(out), "--date", "2022-12-05"])
    assert result.exit_code == 0, result.output
    assert "文件夹中没有乙县的报表，按未报送处理" in result.output
    import docx

    (path,) = (out / "2022-11").glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "从数据报送看，乙县未报送本月报表。" in text
    assert "（乙县未报送本月报表，以上全市数据为其余3个县区之和。）" in text  # the city's figures say whose they are
    assert "乙县未报送数据，不参与排名" in text
    strict = CliRunner().invoke(main, ["validate", *args, "--strict"])
    assert strict.exit_code == 1 and "乙县" in strict.output


def test_a_row_missing_from_a_city_wide_table_is_an_error(tiny):
    write_xlsx(
        tiny / "月报" / "2022-11.xlsx",
        month_rows({k: v for k, v in NOVEMBER.items() if k != "乙县"}, total=False),
        MERGES,
    )
    result = CliRunner().invoke(main, ["validate", "--month", "2022-11", "--data", str(tiny)])
    assert result.exit_code == 1 and "缺少「乙县」的数据" in result.output


def test_an_emptied_section_and_null_values_count_as_blank(tiny):
    # Every key of an optional section commented out, and YAML's null spellings, mean "not set".
    text = (tiny / "设置.yaml").read_text(encoding="utf-8")
    text = text.replace("  提前天数: 15\n  回复天数: 10\n", "  # 提前天数: 15\n")
    text = text.replace("  抄送: [市委农办, 市财政局]\n", "  抄送: ~\n")
    (tiny / "设置.yaml").write_text(text, encoding="utf-8")
    from generators.reading.workspace import Workspace

    settings = Workspace(tiny).settings
    assert settings.reminders.window_days == 15 and settings.reminders.reply_days == 10  # the defaults
    assert settings.documents.cc == ()


def test_a_county_that_did_not_report_is_told_so_in_its_letter(tiny, tmp_path):
    from conftest import ledger_row, write_ledger

    folder_month(tiny, "2022-11", NOVEMBER, without=("乙县",))
    write_ledger(tiny, [ledger_row("P1", "甲县", "2022-12-20")])
    out = tmp_path / "out"
    args = ["reminder", "--month", "2022-11", "--data", str(tiny), "--output", str(out), "--date", "2022-12-05"]
    result = CliRunner().invoke(main, [*args, "--county", "乙县"])
    assert result.exit_code == 0, result.output
    import docx

    (letter,) = (out / "2022-11" / "提醒函").glob("乙县*.docx")
    text = "\n".join(p.text for p in docx.Document(letter).paragraphs)
    assert "你县有2022年11月份报表未报送" in text
    assert "你县有。" not in text
