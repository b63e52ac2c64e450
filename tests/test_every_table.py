"""The same rules for every table the tool reads (issues 20, 23): the sheet XML read as XML, one sheet rule
for every workbook, the year's tables and the work plan as strict as the month's, names and titles that
contradict the month, 备注 confirmations as phrases, and settings messages that name their line."""

from __future__ import annotations

import zipfile
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import MERGES, NOVEMBER, OCTOBER, SETTINGS, month_rows, write_xlsx
from helpers import ExcelError, add_sheet, edit_sheet_xml, folder_month, set_cells

from generators.errors import DataError, GongwenError
from generators.reading import sheetxml
from generators.reading.entry import read_period
from generators.reading.named_months import contradicting
from generators.reading.settings import load
from generators.reading.sheets import read_table
from generators.reading.tables import check_repeats, confirms, read_month
from generators.reading.workspace import Month, Workspace
from generators.reading.yearly import YearIndicator, read_year

NOV = Month(2022, 11)


def problems(call) -> list[str]:
    with pytest.raises(DataError) as info:
        call()
    return [str(p) for p in info.value.problems]


# ---------------------------------------------------------------- the sheet XML, as XML


def sheet_with(tmp_path: Path, cells_xml: bytes, prefix: bytes = b"") -> Path:
    path = write_xlsx(tmp_path / "t.xlsx", [["县区", "务工人数"], ["甲县", 1]])
    return edit_sheet_xml(path, b'<c r="B2" t="n"><v>1</v></c>', cells_xml)


@pytest.mark.parametrize(
    "xml",
    [
        b"<c r='B2' t='e'><v>#DIV/0!</v></c>",  # single quotes
        b'<c r = "B2"  t = "e" ><v> #DIV/0! </v></c>',  # white space around the equals signs
        b'<c\nr="B2"\tt="e"><v>#DIV/0!</v></c>',  # a newline and a tab between attributes
        b'<c r="B2" t="&#101;"><v>#DIV/0!</v></c>',  # a character reference
    ],
)
def test_an_error_value_however_the_xml_is_quoted(tmp_path, xml):
    scan = sheetxml.scan(sheet_with(tmp_path, xml))["Sheet1"]
    assert scan.specials[(1, 1)] == sheetxml.Special("error", "#DIV/0!")


def test_a_reference_calamine_would_place_far_away_is_seen_wherever_it_is_written(tmp_path):
    scan = sheetxml.scan(sheet_with(tmp_path, b'<c r="B2"><v>1</v></c><c\nr="XF1048576"><v>1</v></c>'))["Sheet1"]
    assert (scan.rows, scan.cols) == (1048576, 630)  # main's pattern saw (2, 2): calamine then took 95 s
    with pytest.raises(sheetxml.Malformed, match="不是Excel的写法"):
        sheetxml.scan(sheet_with(tmp_path, b'<c r="B2"><v>1</v></c><c r="A99999999999"><v>1</v></c>'))


def test_percent_formats_built_in_and_custom(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [["县区", "a", "b", "c", "d"], ["甲县", 0.5, 0.5, 0.5, 0.5]])
    set_cells(path, {}, formats={"B2": "0%", "C2": "0.0%", "D2": '0"%"', "E2": "0.00"})
    assert sheetxml.scan(path)["Sheet1"].percent == {(1, 1), (1, 2)}  # 「0"%"」 prints a literal %
    assert sheetxml.is_percent_format("#,##0.00%") and not sheetxml.is_percent_format("0\\%")


# ---------------------------------------------------------------- one sheet rule for every workbook


def test_a_second_visible_sheet_with_the_header_is_an_error_in_any_table(tmp_path):
    path = write_xlsx(tmp_path / "名单.xlsx", [["序号", "县区名称"], [1, "甲县"]], sheet="名单")
    add_sheet(path, "新名单", [["序号", "县区名称"], [1, "乙县"]])
    (found,) = problems(lambda: read_table(path, "名单.xlsx", ["县区名称"]))
    assert "「名单」「新名单」" in found and "无法确定读哪一张" in found
    book = path.with_name("b.xlsx")
    write_xlsx(book, [["序号", "县区名称"], [1, "甲县"]], sheet="名单")
    add_sheet(book, "名单（备份）", [["序号", "县区名称"], [1, "乙县"]], first=True)
    assert [r.text("县区名称") for r in read_table(book, "b.xlsx", ["县区名称"])] == ["甲县"]  # a copy gives way


def test_a_misnamed_column_is_named_with_the_closest(tmp_path):
    header = ["县区", "脱贫人口数", "人均纯收入", "监测对象户数", "监测对象人口"]
    path = write_xlsx(tmp_path / "y.xlsx", [["标题"], header, ["甲县", 1, 2, 3, 4]])
    required = ["县区", "脱贫人口数", "人均纯收入", "监测对象户数", "监测对象人数"]
    (found,) = problems(lambda: read_table(path, "y.xlsx", required))
    assert (
        found
        == "文件「y.xlsx」，工作表「Sheet1」，第2行：表头中找不到「监测对象人数」列，最接近的是「监测对象人口」，应为表头中有一列写着「监测对象人数」。"
    )


# ---------------------------------------------------------------- the year's tables


YEAR = [
    YearIndicator("jcdx", "监测对象", "监测对象户数", "户", "合计", None, "监测对象人数", "人", None, None),  # type: ignore[arg-type]
    YearIndicator("rjsr", "人均纯收入", "人均纯收入", "元", "人均", "脱贫人口数", None, "", None, None),  # type: ignore[arg-type]
]
YEAR_HEADER = ["县区", "脱贫人口数", "人均纯收入", "监测对象户数", "监测对象人数"]


def year_table(root: Path, edit=None) -> Path:
    rows = [["年度数据"], YEAR_HEADER]
    rows += [[n, 1000 * (i + 1), 10000 + i, 30 + i, 70 + i] for i, n in enumerate(["甲县", "乙县", "石楼县", "丁县"])]
    path = write_xlsx(root / "年度数据" / "2022年.xlsx", rows)
    if edit:
        edit(path)
    return path


def test_year_table_cells_read_by_the_monthly_rules(tiny):
    year_table(tiny)
    table = read_year(Workspace(tiny), 2022, YEAR)
    assert table.values["石楼县"]["监测对象户数"] == D(32)
    cases = {
        "D3": (ExcelError("#REF!"), "「监测对象户数」是Excel的错误值"),
        "D4": ("=D3*2", "「监测对象户数」是公式，但文件里没有保存它的计算结果"),
        "E5": (None, "石楼县「监测对象人数」是空白"),
        "E6": ("—", "丁县「监测对象人数」是空白"),  # a dash drops the county from the sums just the same
        "D6": ("40%", "带百分号"),
        "B3": (1000.5, "「脱贫人口数」有小数，但这一列以「人」计"),  # a population is counted
    }
    for ref, (value, said) in cases.items():
        year_table(tiny, lambda p, ref=ref, value=value: set_cells(p, {ref: value}))
        found = problems(lambda: read_year(Workspace(tiny), 2022, YEAR))
        assert any(f"单元格 {ref}：" in p and said in p for p in found), (ref, found)
    year_table(tiny, lambda p: set_cells(p, {"D3": 0.3}, formats={"D3": "0%"}))
    (found,) = problems(lambda: read_year(Workspace(tiny), 2022, YEAR))
    assert "单元格 D3" in found and "显示为「30%」" in found


# ---------------------------------------------------------------- roster and targets


def test_a_county_given_two_target_rows_by_name_and_alias(tiny):
    rows = [
        ["目标"],
        ["县区", "脱贫劳动力务工就业"],
        ["甲县", 1000],
        ["石楼", 500],
        ["乙县", 1000],
        ["丁县", 1200],
        ["石楼县", 600],
    ]
    write_xlsx(tiny / "年度目标" / "2022年.xlsx", rows)
    (found,) = problems(lambda: Workspace(tiny).targets(2022))
    assert "单元格 A7" in found and "石楼县有两行目标：A4和A7" in found and "「石楼县」" in found


# ---------------------------------------------------------------- months named against the month read


@pytest.mark.parametrize(
    "text, name, wrong",
    [
        ("榆林市2022年11月巩固衔接重点指标月报表", False, None),
        ("填报日期：2022年12月3日", False, None),  # sent the month after: how tables are sent
        ("（2022年1月1日至11月30日）", False, None),  # a range's start is not the table's date
        ("2022年1-11月累计", False, None),
        ("2022年10月", False, "2022年10月"),
        ("截至2022年10月31日", False, "2022年10月31日"),
        ("2021年11月", False, "2021年11月"),
        ("佳县2022-10", True, "2022-10"),
        ("佳县202210", True, "202210"),
        ("佳县2022-12-03", True, None),
    ],
)
def test_what_a_table_says_of_itself(text, name, wrong):
    found = contradicting(text, NOV, name=name)
    assert (found.words if found else None) == wrong


def test_last_months_workbook_in_this_months_folder(tiny):
    folder = folder_month(tiny, "2022-11", NOVEMBER)
    write_xlsx(folder / "乙县.xlsx", month_rows({"乙县": NOVEMBER["乙县"]}, total=False, month="2022年10月"), MERGES)
    add_sheet(folder / "乙县.xlsx", "x", [["说明"]])
    (found,) = problems(lambda: read_month(Workspace(tiny), NOV))
    assert "2022-11/乙县.xlsx" in found and "单元格 A1" in found and "标题中写的是「2022年10月」" in found


def test_a_county_repeating_last_month_is_warned_the_month_itself_is_not(tiny):
    ws = Workspace(tiny)
    write_xlsx(
        tiny / "月报" / "2022-10.xlsx", month_rows(dict(OCTOBER, 丁县=NOVEMBER["丁县"]), month="2022年10月"), MERGES
    )
    current = read_period(ws, NOV).current
    (said,) = [str(w) for w in current.warnings if "完全相同" in w.message]
    assert "工作表「Sheet1」，第10行：丁县的每一项数字都与上月（2022年10月" in said
    assert check_repeats(current, None) == []


def test_every_county_repeating_is_said_once(tiny):
    write_xlsx(tiny / "月报" / "2022-10.xlsx", month_rows(NOVEMBER, month="2022年10月"), MERGES)
    current = read_period(Workspace(tiny), NOV).current
    (said,) = [w.message for w in current.warnings if "完全相同" in w.message]
    assert said.startswith("所有县区的每一项数字都与上月")


# ---------------------------------------------------------------- 备注


@pytest.mark.parametrize(
    "remark, confirmed",
    [
        ("已核实", True),
        ("经核实，数据无误", True),
        ("新增资金已核实（大额项目集中支付）", True),
        ("尚未确认无误", False),
        ("待核实，不能确认数据无误", False),
        ("请核实", False),
        ("已核实，待复核", False),
        ("数据无误差", False),
        ("核实", False),
        ("", False),
    ],
)
def test_a_confirmation_is_a_whole_phrase_and_a_doubt_confirms_nothing(remark, confirmed):
    assert confirms(remark) is confirmed


# ---------------------------------------------------------------- 设置.yaml, line by line


@pytest.mark.parametrize(
    "old, new, said",
    [
        ("  联系人: 李四", "  联系人：杨哲", "第21行：「联系人」后面用了全角冒号「：」"),
        ("  联系人: 李四", "  联系人:杨哲", "第21行：冒号后面缺少空格"),
        ("  联系人: 李四", "\t联系人: 李四", "第21行：行首有Tab（制表符）"),
        ("  联系人: 李四", "  联系人: 李: 四", "第21行：冒号「:」用得不对"),
        ("提醒函:", "[a, b]: x\n提醒函:", "第24行：项目名称应为文字"),
        ("  抄送: [市委农办, 市财政局]", "  抄送: " + "[" * 3000 + "]" * 3000, "第17行：括号「[」「{」套了10层以上"),
        ("提醒函:", "x:\n  " + "- " * 3000 + "a\n提醒函:", "第25行：内容一层套一层"),
        ("  抄送: [市委农办, 市财政局]", "  抄送: &a [市委农办]\n  印发机关: *a", "用了YAML的引用"),
        ("  下一个序号: 7", "  下一个序号: 1_3", "第11行：「发文字号」下的「下一个序号」不是整数"),
        (
            "提醒函:",
            "月报:\n  报送截止日: 5日\n提醒函:",
            "第25行：「月报」下的「报送截止日」不是整数，读到的值为「5日」，应为整数，如「5」。",
        ),
        (
            "提醒函:",
            "月报:\n  报送截止日: 45\n提醒函:",
            "第25行：「月报」下的「报送截止日」超出范围，读到的值为「45」，应为0到31之间的整数。",
        ),
        ("  下一个序号: 7", "  下一个需号: 7", "第11行：「发文字号」下不认识的设置项「下一个需号」"),
    ],
)
def test_every_settings_message_names_its_line_and_cause(tmp_path, old, new, said):
    path = tmp_path / "设置.yaml"
    path.write_text(SETTINGS.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(GongwenError) as info:
        load(path, "设置.yaml")
    message = str(info.value)
    assert said in message, message
    assert message.count("应为整数") <= 1 and "缺少「联系」下的「联系人」" not in message


def test_settings_that_are_right_still_read(tmp_path):
    path = tmp_path / "设置.yaml"
    path.write_text(
        SETTINGS.replace("  下一个序号: 7", "  下一个序号: ７") + "月报:\n  报送截止日: 31\n", encoding="utf-8"
    )
    settings = load(path, "设置.yaml")
    assert settings.numbering.first_serial == 7 and settings.report_day == 31


def test_a_settings_fifo_does_not_block(tmp_path):
    import os

    os.mkfifo(tmp_path / "设置.yaml")
    with pytest.raises(GongwenError, match="管道"):
        load(tmp_path / "设置.yaml", "设置.yaml")


def test_files_open_regular_never_blocks_on_a_pipe(tmp_path):
    import os

    from generators.reading import files

    os.mkfifo(tmp_path / "p")
    with pytest.raises(files.Unreadable, match="管道"):
        files.open_regular(tmp_path / "p")
    assert zipfile.is_zipfile(write_xlsx(tmp_path / "x.xlsx", [["a"]]))
    with files.open_regular(tmp_path / "x.xlsx") as f:
        assert f.read(2) == b"PK"


def test_garbage_in_an_unused_figure_column_warns_in_a_folder_month_too(tiny):
    folder = folder_month(tiny, "2022-11", NOVEMBER)
    for i, (county, values) in enumerate(NOVEMBER.items()):
        rows = month_rows({county: values}, total=False)
        rows[3].append("其他户数")  # a column no indicator uses, one county per file
        rows[5].append("很多" if county == "乙县" else 10 + i)
        write_xlsx(folder / f"{county}.xlsx", rows, [*MERGES, "F4:F5"])
    current = read_period(Workspace(tiny), NOV).current
    (said,) = [str(w) for w in current.warnings if "未用于任何指标" in w.message]
    assert (
        "2022-11/乙县.xlsx" in said
        and "单元格 F6" in said
        and "「其他户数」列的值不是数字" in said
        and "「很多」" in said
    )
