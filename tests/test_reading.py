"""Reading what counties send: where the table ends, which sheet and which column is meant, what a
cell really holds, what is implausible, and that every command says what it found."""

from __future__ import annotations

import csv
import zipfile
from decimal import Decimal as D

import docx
import pytest
from click.testing import CliRunner
from conftest import MERGES, NOVEMBER, OCTOBER, month_rows, tree_digest, write_xlsx
from helpers import NOV_FILE, ExcelError, add_sheet, bomb_xlsx, november, set_cells

from cli import main
from generators.errors import DataError
from generators.reading import files
from generators.reading.entry import read_period
from generators.reading.report import reporting
from generators.reading.sheets import read_sheets
from generators.reading.tables import read_month
from generators.reading.workspace import Month, Workspace

NOV = Month(2022, 11)


def problems(root, month=NOV) -> list[str]:
    with pytest.raises(DataError) as info:
        read_period(Workspace(root), month)
    return [str(p) for p in info.value.problems]


def validate(root, *extra):
    return CliRunner().invoke(main, ["validate", "--month", "2022-11", "--data", str(root), *extra])


# ---------------------------------------------------------------------------------------------
# Where the table ends


def test_notes_of_every_kind_under_the_table(tiny):
    def edit(rows):
        rows[-1:] = [
            [None, "2. 金额单位为万元。"],
            [None, "单位负责人：", None, "填表人：王五", None],
            [None, "（盖章）"],
            [None, "数据来源：", None, None, 13912345678],  # a phone number under a figure column
            ["注：务工人数含省外务工人员，请各县区认真核对后报送，报送后不再修改。"],
        ]

    november(tiny, edit, merges=["A15:E15"])
    data = read_month(Workspace(tiny), NOV)
    assert list(data.values) == ["甲县", "乙县", "石楼县", "丁县"]
    assert data.values["丁县"]["务工人数"].number == D(1000)


def test_a_county_row_gone_wrong_below_the_table_is_still_an_error(tiny):
    november(tiny, lambda rows: rows.insert(-1, [5, "戊县", 10, 5, 20]))
    (found,) = problems(tiny)
    assert "单元格 B11" in found and "县区名单中没有这个县区" in found and "戊县" in found


def test_merged_group_label_inside_the_table_is_not_a_county(tiny):
    november(tiny, lambda rows: rows.insert(8, ["其中：重点帮扶县"]), merges=["A9:E9"])
    assert list(read_month(Workspace(tiny), NOV).values) == ["甲县", "乙县", "石楼县", "丁县"]


# ---------------------------------------------------------------------------------------------
# Which column a configured name means


def one_row_csv(root, header: list[str]) -> None:
    (root / "月报" / "2022-11.xlsx").unlink()
    with open(root / "月报" / "2022-11.csv", "w", encoding="gbk", newline="") as f:
        w = csv.writer(f)
        w.writerow(["县区", *header])
        w.writerows([name, *vals] for name, vals in NOVEMBER.items())


@pytest.mark.parametrize(
    "header",
    [
        ["衔接资金/下达资金", "衔接资金/已支出资金", "务工人数"],  # as the docs write it
        ["衔接资金下达资金", "衔接资金已支出资金", "务工人数（人）"],  # group and item joined
        ["下达资金", "已支出资金", "务工人数"],  # the item alone, unique
    ],
)
def test_single_row_csv_header_forms(tiny, header):
    one_row_csv(tiny, header)
    data = read_month(Workspace(tiny), NOV)
    assert data.values["乙县"]["衔接资金/已支出资金"].number == D(1500)
    assert data.values["乙县"]["衔接资金/已支出资金"].source.cell == "C3"


def test_item_alone_that_is_not_unique_is_ambiguous(tiny):
    one_row_csv(tiny, ["下达资金", "已支出资金", "已支出资金", "务工人数"])
    found = "\n".join(problems(tiny))
    assert "单元格 C1：表头中有多个列都叫「衔接资金/已支出资金」（C1、D1）" in found


def test_a_missing_column_lists_the_header_and_the_closest(tiny):
    one_row_csv(tiny, ["衔接资金/下达资金", "衔接资金/已支出", "务工人数"])
    (found,) = [p for p in problems(tiny) if "找不到" in p]
    assert "单元格 C1" in found and "表头中的列：衔接资金/下达资金、衔接资金/已支出、务工人数" in found
    assert "最接近的是C1的「衔接资金/已支出」" in found


# ---------------------------------------------------------------------------------------------
# Which sheet is read


def test_a_hidden_stale_copy_placed_first_never_wins(tiny):
    stale = dict(NOVEMBER, 甲县=(1000, 100, 1100))
    add_sheet(tiny.joinpath(*NOV_FILE), "旧", month_rows(stale), MERGES, hidden=True, first=True)
    data = read_month(Workspace(tiny), NOV)
    assert data.values["甲县"]["衔接资金/已支出资金"].number == D(950)
    assert data.values["甲县"]["衔接资金/已支出资金"].source.sheet == "Sheet1"
    (note,) = data.notes
    assert "读取的是「Sheet1」" in note.message and "「旧」（隐藏）" in note.message


def test_sheets_know_their_visibility(tiny):
    add_sheet(tiny.joinpath(*NOV_FILE), "隐藏", [["x"]], hidden=True)
    sheets = read_sheets(tiny.joinpath(*NOV_FILE), "x.xlsx")
    assert [(s.name, s.visible) for s in sheets] == [("Sheet1", True), ("隐藏", False)]


def test_roster_only_on_a_hidden_sheet_is_an_error(tiny):
    path = tiny / "县区名单.xlsx"
    add_sheet(path, "说明", [["本表为县区名单"]], first=True)
    import openpyxl

    book = openpyxl.load_workbook(path)
    book["Sheet1"].sheet_state = "hidden"
    book.save(path)
    assert any("隐藏的工作表「Sheet1」" in p for p in problems(tiny))


# ---------------------------------------------------------------------------------------------
# Cells that are not values, numbers that are not what they look like


def test_error_values_unsaved_formulas_and_merged_figures_are_named(tiny):
    november(tiny, lambda rows: rows[9].__setitem__(3, None), merges=["C10:D10"])
    set_cells(tiny.joinpath(*NOV_FILE), {"D8": ExcelError("#DIV/0!"), "E7": "=SUM(E8:E9)", "C9": ExcelError("#N/A")})
    found = "\n".join(problems(tiny))
    assert "单元格 D8：「衔接资金/已支出资金」是Excel的错误值" in found and "「#DIV/0!」" in found
    assert "单元格 C9" in found and "「#N/A」" in found
    assert "单元格 E7：「务工人数」是公式，但文件里没有保存它的计算结果" in found and "「=SUM(E8:E9)」" in found
    assert "合并了多个单元格（C10:D10）" in found
    assert "未报" not in found  # none of them was taken for a blank


def test_a_formula_with_its_saved_result_is_a_value(tiny):
    path = tiny.joinpath(*NOV_FILE)
    set_cells(path, {"E6": "=SUM(E7:E10)"})
    # Write the cached result into the XML as Excel would.
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"<f>SUM(E7:E10)</f><v></v>", b"<f>SUM(E7:E10)</f><v>3350</v>")
    assert parts["xl/worksheets/sheet1.xml"] != sheet
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    data = read_month(Workspace(tiny), NOV)
    assert data.totals["务工人数"].number == D(3350) and data.warnings == []


def test_percent_only_in_a_rate_column(tiny):
    # A 累计值 indicator in % reads its column as a rate: 「85%」 is fine there, not elsewhere.
    set_cells(tiny / "指标.xlsx", {"A5": "myd", "B5": "群众满意度", "C5": "%", "D5": "累计值", "E5": "满意度"})
    set_cells(tiny / "指标.xlsx", {"G5": "越高越好", "H5": "否", "I5": 0})

    def edit(rows, pct="85%"):
        rows[3].append("满意度")
        rows[5].append(None)
        for r in range(6, 10):
            rows[r].append(pct)

    november(tiny, edit, merges=["F4:F5"])
    write_xlsx(tiny / "月报" / "2022-10.xlsx", month_rows(OCTOBER), MERGES)
    # October lacks the column: read November alone.
    data = read_month(Workspace(tiny), NOV)
    assert data.values["甲县"]["满意度"].number == D("0.85")
    set_cells(tiny.joinpath(*NOV_FILE), {"E7": "95%"})
    with pytest.raises(DataError, match="单元格 E7：「务工人数」带百分号"):
        read_month(Workspace(tiny), NOV)


# ---------------------------------------------------------------------------------------------
# Warnings: garbage in an unused column, an empty county row, definitions that cannot work


def test_text_in_a_figure_column_no_indicator_uses_is_a_warning(tiny):
    def edit(rows):
        rows[3].append("监测对象户数")
        rows[5].append(None)
        for r, v in zip(range(6, 10), [12, "abc", 7, None]):
            rows[r].append(v)

    november(tiny, edit, merges=["F4:F5"])
    result = validate(tiny)
    assert result.exit_code == 0, result.output
    assert (
        "单元格 F8：「监测对象户数」列的值不是数字（这一列未用于任何指标，不影响生成），读到的值为「abc」"
        in result.output
    )


def test_a_county_row_all_blank_is_one_warning(tiny):
    november(tiny, lambda rows: rows[8].__setitem__(slice(2, 5), [None, None, None]))
    with reporting() as report:
        read_period(Workspace(tiny), NOV)
    blanks = [w for w in report.warnings if "石楼县" in w.message]
    assert len(blanks) == 1 and "全部空白" in blanks[0].message and blanks[0].source.cell == "第9行"


def test_weights_off_100_and_a_weight_on_no_data_are_warnings(tiny):
    set_cells(tiny / "指标.xlsx", {"I3": 50})
    november(tiny, lambda rows: [rows[r].__setitem__(4, None) for r in range(5, 10)])
    with reporting() as report:
        read_period(Workspace(tiny), NOV)
    text = "\n".join(str(w) for w in report.warnings)
    assert "文件「ws/指标.xlsx」：各指标权重合计为90分，不是100分" in text
    assert "第4行：「脱贫劳动力务工就业」权重为40分，但2022年11月各县区都没有它的数据" in text


def test_scheduled_cumulative_without_targets_is_an_error(tiny):
    (tiny / "年度目标" / "2022年.xlsx").unlink()
    (found,) = problems(tiny)
    assert "指标.xlsx" in found and "第4行" in found and "没有2022年的年度目标" in found


def test_a_figure_far_above_its_target_is_an_error_unless_confirmed(tiny):
    write_xlsx(
        tiny / "年度目标" / "2022年.xlsx",
        [["目标"], ["县区", "脱贫劳动力务工就业"], ["甲县", 100], ["乙县", 1000], ["石楼县", 500], ["丁县", 1200]],
    )
    (found,) = problems(tiny)
    assert "单元格 E7" in found and "甲县「脱贫劳动力务工就业」是年度目标（100）的11倍" in found

    def confirm(rows):
        rows[3].append("备注")
        rows[6].append("已核实：含外出务工返乡人员")

    november(tiny, confirm, merges=["F4:F5"])
    current = read_period(Workspace(tiny), NOV).current
    assert any("已在F7备注中核实" in w.message for w in current.warnings)


# ---------------------------------------------------------------------------------------------
# Every problem in one run; every command says what it found


def test_every_file_is_read_before_stopping_grouped_by_file(tiny):
    set_cells(tiny / "县区名单.xlsx", {"A4": "二"})  # roster
    set_cells(tiny / "指标.xlsx", {"G4": "越大越好"})  # indicators
    with pytest.raises(DataError) as info:
        read_period(Workspace(tiny), NOV)
    text = str(info.value)
    assert text.index("文件「ws/县区名单.xlsx」（1 处）") < text.index("文件「ws/指标.xlsx」（1 处）")
    assert "1. 工作表「Sheet1」，单元格 A4：序号不是数字" in text and "2. 工作表「Sheet1」，单元格 G4" in text


def test_settings_and_tables_in_one_run(tiny):
    text = (tiny / "设置.yaml").read_text(encoding="utf-8").replace("  标志: 小市巩固衔接办文件\n", "")
    (tiny / "设置.yaml").write_text(text, encoding="utf-8")
    set_cells(tiny.joinpath(*NOV_FILE), {"C8": "两千"})
    result = validate(tiny)
    assert result.exit_code == 1
    assert "数据有 2 处错误" in result.output and "缺少「发文机关」下的「标志」" in result.output
    assert "单元格 C8" in result.output and "「两千」" in result.output


def test_bulletin_prints_warnings_and_strict_stops_it(tiny, tmp_path):
    november(tiny, lambda rows: rows[5].__setitem__(4, 9999))  # 合计 disagrees
    before = tree_digest(tiny)
    out = tmp_path / "out"
    args = ["bulletin", "--month", "2022-11", "--data", str(tiny), "--output", str(out), "--date", "2022-12-05"]
    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert strict.exit_code == 1 and "有 1 条提醒，按 --strict 视为错误" in strict.output
    assert "单元格 E6：合计行「务工人数」与各县区之和3350不一致" in strict.output
    assert not out.exists()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "提醒 1 条" in result.output and "合计行「务工人数」与各县区之和3350不一致" in result.output
    (made,) = (out / "2022-11").glob("*.docx")
    assert "各县区" in "".join(p.text for p in docx.Document(made).paragraphs)
    assert tree_digest(tiny) == before


def test_validate_lists_the_previous_months_warnings_too(tiny):
    rows = month_rows(OCTOBER)
    rows[5][2] = 1  # October's 合计 disagrees
    write_xlsx(tiny / "月报" / "2022-10.xlsx", rows, MERGES)
    result = validate(tiny)
    assert result.exit_code == 0
    assert "文件「ws/月报/2022-10.xlsx」（1 处）" in result.output and "合计行「衔接资金/下达资金」" in result.output


# ---------------------------------------------------------------------------------------------
# Archives


def test_archive_limits(tmp_path, monkeypatch):
    fine = bomb_xlsx(tmp_path / "fine.xlsx", 1)
    files.check_xlsx(fine)  # 1 MB inflated: nothing to say
    ratio = bomb_xlsx(tmp_path / "ratio.xlsx", 40)  # 40 MB from 40 KB: under the size cap, not the ratio
    with pytest.raises(files.Unreadable, match="超过 100 倍的上限"):
        files.check_xlsx(ratio)
    monkeypatch.setattr(files, "MAX_INFLATED_BYTES", 2 * 2**20)
    liar = bomb_xlsx(tmp_path / "liar.xlsx", 3, honest=False)
    with pytest.raises(files.Unreadable, match="超过上限 2 MB"):
        files.check_xlsx(liar)


def test_sample_workbooks_pass_the_archive_check():
    from conftest import SAMPLE

    for path in sorted(SAMPLE.rglob("*.xlsx")):
        files.check_xlsx(path)
