"""A corpus of hostile inputs, each run through the real command on a workspace built here.

Every case asserts: the exit status; a Chinese message naming the place (file, and cell where
there is one); no traceback; no output written; the inputs unchanged. Cases that must succeed
(a note under the table, a hidden stale sheet) assert what was read and said instead.
"""

from __future__ import annotations

import csv
import os
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MERGES, NOVEMBER, OCTOBER, TARGETS, ledger_row, month_rows, tree_digest, write_ledger, write_xlsx
from helpers import (
    NOV_FILE,
    ExcelError,
    add_sheet,
    bomb_xlsx,
    edit_sheet_xml,
    encrypted_copy,
    folder_month,
    november,
    one_line_template,
    set_cells,
)

from cli import main


@dataclass
class Case:
    id: str
    build: Callable[[Path], None]
    says: tuple[str, ...]
    code: int = 1
    commands: tuple[str, ...] = ("validate", "bulletin")
    never: tuple[str, ...] = ()  # text that must not appear


def nov(ws: Path) -> Path:
    return ws.joinpath(*NOV_FILE)


def replace_nov(ws: Path, make: Callable[[Path], None]) -> None:
    """Swap November's workbook for whatever `make` writes at the same path."""
    path = nov(ws)
    path.unlink()
    make(path)


def cells_of(**cells):
    return lambda ws: set_cells(nov(ws), cells)


def rows_edit(edit, merges=()):
    return lambda ws: november(ws, edit, merges)


def nov_csv(ws: Path, rows=None, encoding="utf-8-sig") -> Path:
    nov(ws).unlink()
    path = ws / "月报" / "2022-11.csv"
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(["" if v is None else v for v in row] for row in (rows or month_rows(NOVEMBER)))
    return path


def csv_text_edit(old: str, new: str):
    def build(ws):
        path = nov_csv(ws)
        path.write_text(path.read_text(encoding="utf-8-sig").replace(old, new, 1), encoding="utf-8-sig")

    return build


def fifo_in_folder(ws):
    folder = folder_month(ws, "2022-11", NOVEMBER)
    (folder / "丁县.xlsx").unlink()
    os.mkfifo(folder / "丁县.xlsx")


def encrypted(ws):
    pytest.importorskip("msoffcrypto")
    plain = nov(ws).with_name("plain.tmp")
    nov(ws).rename(plain)
    encrypted_copy(plain, nov(ws))
    plain.unlink()


def png_named_xlsx(ws):
    nov(ws).write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 200)


def truncated(ws):
    data = nov(ws).read_bytes()
    nov(ws).write_bytes(data[: len(data) // 2])


def docx_named_xlsx(ws):
    with zipfile.ZipFile(nov(ws), "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")


def xls_named_xlsx(ws):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("11月")
    for r, row in enumerate(month_rows(NOVEMBER)):
        for c, v in enumerate(row):
            if v is not None:
                sheet.write(r, c, v)
    book.save(str(nov(ws)))  # old binary format behind an .xlsx name


def xls_month(ws, error_at=None, percent_at=None):
    """November as an old-format .xls (in place of the .xlsx), with an error value or a 0% format in one cell."""
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("2022年11月")
    for r, row in enumerate(month_rows(NOVEMBER)):
        for c, v in enumerate(row):
            if (r, c) == error_at:
                sheet.row(r).set_cell_error(c, "#DIV/0!")
            elif (r, c) == percent_at:
                sheet.write(r, c, 0.55, xlwt.easyxf(num_format_str="0%"))
            elif v is not None:
                sheet.write(r, c, v)
    nov(ws).unlink()
    book.save(str(ws / "月报" / "2022-11.xls"))


def oversized_csv(ws):
    nov(ws).unlink()
    with open(ws / "月报" / "2022-11.csv", "wb") as f:
        f.truncate(65 * 2**20)  # sparse: costs no disk


def far_cell(ws):
    set_cells(nov(ws), {"XFD1048576": 1})


def nul_csv(ws):
    nov(ws).unlink()
    (ws / "月报" / "2022-11.csv").write_bytes(b"\x00\x01\x02binary" * 50)


def xlsx_named_csv(ws):
    nov(ws).rename(ws / "月报" / "2022-11.csv")


def empty_folder(ws):
    nov(ws).unlink()
    (ws / "月报" / "2022-11").mkdir()


def two_files(ws):
    shutil.copy(nov(ws), ws / "月报" / "2022年11月（修改）.xlsx")


def jump(ws):
    write_xlsx(ws / "月报" / "2022-10.xlsx", month_rows(dict(OCTOBER, 丁县=(800, 30, 900))), MERGES)


def absurd_target(ws):
    targets = dict(TARGETS, 乙县=50)
    write_xlsx(ws / "年度目标" / "2022年.xlsx", [["目标"], ["县区", "脱贫劳动力务工就业"], *targets.items()])


def two_visible(ws):
    add_sheet(nov(ws), "11月报表", month_rows(NOVEMBER), MERGES)


def only_hidden(ws):
    rows = [["说明：本工作簿的数据见另一张表"]]
    path = write_xlsx(ws / "月报" / "tmp.xlsx", rows, sheet="说明")
    add_sheet(path, "数据", month_rows(NOVEMBER), MERGES, hidden=True)
    path.replace(nov(ws))


def hidden_stale_first(ws):
    stale = dict(NOVEMBER, 甲县=(1000, 100, 1100))
    add_sheet(nov(ws), "旧数据", month_rows(stale), MERGES, hidden=True, first=True)


def draft_first(ws):
    draft = dict(NOVEMBER, 甲县=(1000, 100, 1100))
    add_sheet(nov(ws), "11月（草稿）", month_rows(draft), MERGES, first=True)


def roster_formula(ws):
    set_cells(ws / "县区名单.xlsx", {"B4": '=HYPERLINK("http://x","乙县")'})


def targets_error(ws):
    set_cells(ws / "年度目标" / "2022年.xlsx", {"B4": ExcelError("#REF!")})


def no_targets(ws):
    shutil.rmtree(ws / "年度目标")


def weights_90(ws):
    set_cells(ws / "指标.xlsx", {"I3": 50})


def errors_everywhere(ws):
    november(ws, lambda rows: rows[6].__setitem__(2, "一千"))
    rows = month_rows(OCTOBER)
    rows[8][4] = "#N/A"
    write_xlsx(ws / "月报" / "2022-10.xlsx", rows, MERGES)
    set_cells(ws / "年度目标" / "2022年.xlsx", {"B5": "很多"})


def unknown_inside(ws):
    def edit(rows):
        rows.insert(8, [None, "戊县", 1, 1, 1])

    november(ws, edit)


def notes_below(ws):
    def edit(rows):
        rows[-1:] = [
            ["2. 金额单位为万元。"],
            [None, "单位负责人：", None, "填表人：", None],
            [None, "（盖章）"],
            ["数据来源：各县区乡村振兴局", None, None, None, 13912345678],
            ["注：务工人数为当年累计，不含省外短期务工人员，请各县区认真核对后报送。"],
        ]

    november(ws, edit, merges=["A15:E15"])


def unit_cell_row(ws):
    def edit(rows):
        rows[2] = ["单位", "万元、人"]

    november(ws, edit)


def missing_column(ws):
    def edit(rows):
        rows[4][3] = "实际支出"

    november(ws, edit)


def long_name(ws):
    november(ws, lambda rows: rows[8].__setitem__(1, "县" * 10000))


def ledger_and_month(ws):
    bad_day = ledger_row("P2", "乙县", "2022-12-01")
    bad_day[6] = "2022-11-31"
    write_ledger(ws, [ledger_row("P1", "甲县", "2022-11-29"), bad_day])
    cells_of(D8=ExcelError("#DIV/0!"))(ws)


def dangling_ledger(ws):
    (ws / "问题台账.xlsx").symlink_to(ws / "不存在.xlsx")


def settings_edit(old: str, new: str, encoding: str = "utf-8"):
    def build(ws):
        path = ws / "设置.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding=encoding)

    return build


def template(text: str):
    """A one-paragraph template of the user's at ws/模板.docx (the command passes --template)."""

    def build(ws):
        one_line_template(ws / "模板.docx", text)

    return build


def with_ledger(ws):
    write_ledger(ws, [ledger_row("P1", "甲县", "2022-11-29")])


# ---------------------------------------------------------------- the year's tables (issue 23)

YEAR_FILE = ("年度数据", "2022年.xlsx")
PLAN_FILE = ("工作要点", "2023年.xlsx")
YEAR_HEADER = ["县区", "脱贫人口数", "人均纯收入", "监测对象户数", "监测对象人数"]
YEAR_ROWS = {
    "甲县": (1000, 12000, 30, 75),
    "乙县": (2000, 11000, 40, 96),
    "石楼县": (500, 9000, 12, 30),
    "丁县": (800, 10000, 20, 51),
}


def year_tables(ws: Path) -> None:
    """The tiny workspace with what the year's documents read: December, 年度总结.xlsx, 年度数据 of 2022
    (A3:E6 hold the counties, 甲县 first), and the work plan for 2023 (任务 C3 is the first task's 内容)."""
    write_xlsx(ws / "月报" / "2022-12.xlsx", month_rows(NOVEMBER, month="2022年12月"), MERGES)
    config = write_xlsx(
        ws / "年度总结.xlsx",
        [
            ["年度指标"],
            ["代码", "指标名称", "数据列", "算法", "单位", "权数列", "配对列", "配对单位", "占比于"],
            ["jcdx", "监测对象", "监测对象户数", "合计", "户", None, "监测对象人数", "人", None],
            ["rjsr", "脱贫人口人均纯收入", "人均纯收入", "人均", "元", "脱贫人口数", None, None, None],
        ],
        sheet="年度指标",
    )
    add_sheet(
        config, "部分", [["部分", "段落引语", "指标", "文字"], ["工作成效", "守牢底线。", "jcdx、rjsr", "持续监测。"]]
    )
    write_xlsx(ws.joinpath(*YEAR_FILE), [["2022年年度数据"], YEAR_HEADER, *[[n, *v] for n, v in YEAR_ROWS.items()]])
    write_xlsx(
        ws.joinpath(*PLAN_FILE),
        [
            ["2023年工作要点任务"],
            ["部分", "标题", "内容", "牵头单位", "配合单位", "落实单位"],
            ["稳定就业", "促进务工就业", "扩大务工规模。", "市人社局", "", "各县"],
            ["", "强化监测帮扶", "落实帮扶措施。", "市乡村振兴局", "", "各县"],
        ],
        sheet="任务",
    )


def year_cells(**cells):
    def build(ws):
        year_tables(ws)
        set_cells(ws.joinpath(*YEAR_FILE), cells)

    return build


def year_then(edit):
    def build(ws):
        year_tables(ws)
        edit(ws)

    return build


def percent_formatted_count(ws):
    set_cells(nov(ws), {"E7": 0.55}, formats={"E7": "0%"})  # shown by Excel as 55%, read as 0.55 people


def single_quoted_error(ws):
    edit_sheet_xml(nov(ws), b'<c r="D8" t="n"><v>1500</v></c>', b"<c r='D8' t='e'><v>#DIV/0!</v></c>")


def newline_in_reference(ws):
    edit_sheet_xml(
        nov(ws), b'<c r="E8" t="n"><v>800</v></c>', b'<c r="E8" t="n"><v>800</v></c><c\nr="XF1048576"><v>1</v></c>'
    )


def last_months_title(ws):
    set_cells(nov(ws), {"A1": "小市2022年10月巩固衔接月报表（测试数据）"})


def wrong_month_in_folder(ws):
    folder = folder_month(ws, "2022-11", NOVEMBER)
    (folder / "乙县.xlsx").rename(folder / "乙县2022-10.xlsx")


def same_as_october(ws):
    write_xlsx(
        ws / "月报" / "2022-10.xlsx", month_rows(dict(OCTOBER, 乙县=NOVEMBER["乙县"]), month="2022年10月"), MERGES
    )


def negated_confirmation(ws):
    def edit(rows):
        rows[3].append("备注")
        rows[9].append("尚未确认无误")  # 丁县, whose 已支出资金 jumps 13-fold

    november(ws, edit, merges=["F4:F5"])
    jump(ws)


def target_by_name_and_alias(ws):
    rows = [["目标"], ["县区", "脱贫劳动力务工就业"], *TARGETS.items(), ["石楼", 800]]
    write_xlsx(ws / "年度目标" / "2022年.xlsx", rows)


def second_roster_sheet(ws):
    add_sheet(ws / "县区名单.xlsx", "名单（新）", [["序号", "县区名称", "别名"], [1, "甲县", ""], [2, "乙区", ""]])


CASES = [
    # What the file is
    Case("fifo", lambda ws: replace_nov(ws, os.mkfifo), ("2022-11.xlsx", "管道（FIFO）")),
    Case(
        "link-to-dev-zero",
        lambda ws: replace_nov(ws, lambda p: p.symlink_to("/dev/zero")),
        ("2022-11.xlsx", "设备文件"),
    ),
    Case(
        "dangling-link",
        lambda ws: replace_nov(ws, lambda p: p.symlink_to(p.with_name("gone.xlsx"))),
        ("链接的目标不存在",),
    ),
    Case("fifo-in-county-folder", fifo_in_folder, ("2022-11/丁县.xlsx", "管道（FIFO）")),
    Case(
        "fifo-previous-month",
        lambda ws: (ws / "月报" / "2022-10.xlsx").unlink() or os.mkfifo(ws / "月报" / "2022-10.xlsx"),
        ("2022-10.xlsx", "管道"),
    ),
    Case("password-protected", encrypted, ("2022-11.xlsx", "设置了打开密码")),
    Case(
        "csv-named-xlsx",
        lambda ws: nov(ws).write_text("县区,务工人数\n甲县,1\n", encoding="utf-8"),
        ("2022-11.xlsx", "其实是文本文件"),
    ),
    Case("png-named-xlsx", png_named_xlsx, ("2022-11.xlsx", "PNG图片")),
    Case("truncated-xlsx", truncated, ("2022-11.xlsx", "文件不完整")),
    Case("docx-named-xlsx", docx_named_xlsx, ("2022-11.xlsx", "Word文档")),
    Case(
        "zip-bomb-2gb", lambda ws: replace_nov(ws, lambda p: bomb_xlsx(p, 2048)), ("2022-11.xlsx", "解压后", "超过上限")
    ),
    Case(
        "zip-bomb-lying-sizes",
        lambda ws: replace_nov(ws, lambda p: bomb_xlsx(p, 2048, honest=False)),
        ("2022-11.xlsx", "超过上限"),
    ),
    Case("file-over-64mb", oversized_csv, ("2022-11.csv", "超过上限 64 MB")),
    Case("cell-at-xfd1048576", far_cell, ("2022-11.xlsx", "数据区域大得不合理", "XFD1048576")),
    Case("csv-stray-quote", csv_text_edit("1,甲县,1000", '1,甲县,"1000'), ("2022-11.csv", "单元格 C7", "没有配对")),
    Case("binary-named-csv", nul_csv, ("2022-11.csv", "二进制文件")),
    Case("xlsx-named-csv", xlsx_named_csv, ("2022-11.csv", "其实是Excel工作簿")),
    Case("empty-month-folder", empty_folder, ("月报/2022-11", "文件夹中没有表格文件")),
    Case("two-files-one-month", two_files, ("2022年11月（修改）.xlsx", "多份数据")),
    # Cells that are not values
    Case("error-div0", cells_of(D8=ExcelError("#DIV/0!")), ("单元格 D8", "Excel的错误值", "#DIV/0!")),
    Case("error-ref", cells_of(C9=ExcelError("#REF!")), ("单元格 C9", "#REF!")),
    Case(
        "error-na-in-csv",
        csv_text_edit("1,甲县,1000,950,1100", "1,甲县,1000,#N/A,1100"),
        ("2022-11.csv", "单元格 D7", "Excel的错误值"),
    ),
    Case("formula-without-result", cells_of(E7="=E8*2"), ("单元格 E7", "没有保存它的计算结果", "=E8*2")),
    Case(
        "xls-error-value",
        lambda ws: xls_month(ws, error_at=(7, 3)),
        ("2022-11.xls", "工作表「2022年11月」，单元格 D8", "Excel的错误值", "#DIV/0!"),
    ),
    Case(
        "xls-count-formatted-as-percent",
        lambda ws: xls_month(ws, percent_at=(6, 4)),
        ("2022-11.xls", "单元格 E7", "百分比格式", "显示为「55%」"),
    ),
    Case("error-single-quoted-xml", single_quoted_error, ("工作表「Sheet1」，单元格 D8", "Excel的错误值", "#DIV/0!")),
    Case("newline-inside-cell-reference", newline_in_reference, ("2022-11.xlsx", "数据区域大得不合理", "XF1048576")),
    Case(
        "value-merged-across-cells",
        rows_edit(lambda rows: rows[6].__setitem__(3, None), ["C7:D7"]),
        ("C7:D7", "合并了多个单元格"),
    ),
    # Numbers that are not what they look like
    Case("comma-as-decimal", cells_of(D7="7016,55"), ("单元格 D7", "千分位", "7016,55")),
    Case("european-number", cells_of(D7="7.016,55"), ("单元格 D7", "千分位")),
    Case("percent-in-headcount", cells_of(E7="130%"), ("单元格 E7", "带百分号", "130%")),
    Case("exponent-1e20", cells_of(C7="1e20"), ("单元格 C7", "数值大小不合理")),
    Case("exponent-huge", cells_of(C7="1e999999999"), ("单元格 C7", "数值大小不合理")),
    Case(
        "scientific-notation-as-text",
        cells_of(E7="1.1E+3"),
        ("工作表「Sheet1」，单元格 E7", "科学计数法", "「1.1E+3」", "「1100」"),
    ),
    Case("no-break-space-inside", cells_of(E7="1\xa0100"), ("单元格 E7", "数字中间有空格")),
    Case("footnote-marker", cells_of(E7="1100①"), ("单元格 E7", "「①」", "「1100①」", "不是普通数字")),
    Case("superscript-digit", cells_of(E7="110²"), ("单元格 E7", "「²」")),
    Case("arabic-indic-digits", cells_of(E7="١١٠٠"), ("单元格 E7", "「١」")),
    Case("fractional-head-count", cells_of(E7=1100.5), ("单元格 E7", "「务工人数」有小数", "以「人」计", "「1100.5」")),
    Case(
        "count-formatted-as-percent",
        percent_formatted_count,
        ("工作表「Sheet1」，单元格 E7", "百分比格式", "显示为「55%」", "「0.55」", "不是比率"),
    ),
    Case("float-1e20", cells_of(E8=1e20), ("单元格 E8", "数值大小不合理")),
    Case("text-in-figure", cells_of(E9="abc"), ("单元格 E9", "不是数字", "abc")),
    Case("negative", cells_of(E10=-3), ("单元格 E10", "不能为负数")),
    Case("tenfold-jump", jump, ("单元格 D10", "是上月（30）的13倍", "已核实")),
    Case("negated-confirmation", negated_confirmation, ("单元格 D10", "是上月（30）的13倍"), never=("备注中核实",)),
    # Last month's table as this month's (issues 20, 23)
    Case(
        "last-months-title",
        last_months_title,
        ("2022-11.xlsx", "单元格 A1", "标题中写的是「2022年10月」", "作为2022年11月的报表读取"),
    ),
    Case(
        "wrong-month-file-in-folder",
        wrong_month_in_folder,
        ("2022-11/乙县2022-10.xlsx", "文件名写的是「2022-10」", "放在2022年11月的文件夹中"),
    ),
    Case(
        "a-county-sends-last-month-again",
        same_as_october,
        ("乙县的每一项数字都与上月（2022年10月", "又报了一次", "--strict"),
        1,
        ("validate --strict", "bulletin --strict"),
    ),
    Case("absurd-vs-target", absurd_target, ("单元格 E8", "是年度目标（50）的16倍")),
    # Which sheet is read
    Case("two-visible-sheets", two_visible, ("「Sheet1」「11月报表」", "无法确定读哪一张")),
    Case("only-hidden-sheet", only_hidden, ("隐藏的工作表「数据」",)),
    Case("hidden-stale-copy-first", hidden_stale_first, ("读取的是「Sheet1」", "「旧数据」（隐藏）"), 0, ("validate",)),
    Case("draft-first", draft_first, ("读取的是「Sheet1」", "草稿"), 0, ("validate",)),
    # Roster, targets, indicators
    Case("roster-formula", roster_formula, ("县区名单.xlsx", "单元格 B4", "公式")),
    Case("second-roster-sheet", second_roster_sheet, ("县区名单.xlsx", "「Sheet1」「名单（新）」", "无法确定读哪一张")),
    Case(
        "target-by-name-and-alias",
        target_by_name_and_alias,
        ("年度目标/2022年.xlsx", "单元格 A7", "石楼县有两行目标：A5和A7", "「石楼」"),
    ),
    Case("targets-error-value", targets_error, ("年度目标/2022年.xlsx", "单元格 B4", "#REF!")),
    Case("scheduled-without-targets", no_targets, ("指标.xlsx", "第4行", "没有2022年的年度目标")),
    Case(
        "weights-not-100-strict",
        weights_90,
        ("权重合计为90分", "--strict"),
        1,
        ("validate --strict", "bulletin --strict"),
    ),
    # One run, every file
    Case(
        "errors-in-three-files",
        errors_everywhere,
        ("「ws/月报/2022-11.xlsx」", "「ws/月报/2022-10.xlsx」", "「ws/年度目标/2022年.xlsx」", "「很多」"),
    ),
    Case(
        "ledger-and-month-together",
        ledger_and_month,
        ("问题台账.xlsx", "2022-11-31", "单元格 D8"),
        1,
        ("reminder --all",),
    ),
    Case("dangling-ledger-link", dangling_ledger, ("问题台账.xlsx", "链接的目标不存在"), 1, ("validate",)),
    # The table's edges
    Case("unknown-name-inside-table", unknown_inside, ("单元格 B9", "县区名单中没有这个县区", "戊县")),
    Case("notes-under-the-table", notes_below, ("数据检查通过",), 0, ("validate",)),
    Case("unit-cell-not-a-header", unit_cell_row, ("数据检查通过",), 0, ("validate",)),
    Case(
        "missing-column-shows-names",
        missing_column,
        ("单元格 D5", "表头中的列：", "衔接资金/实际支出", "最接近的是D5的"),  # the item's row of a two-row header
    ),
    Case("xls-named-xlsx-reads", xls_named_xlsx, ("数据检查通过",), 0, ("validate",)),
    # Text that must not reach the terminal as it is
    Case(
        "ansi-escape-in-cell",
        csv_text_edit("2,乙县,2000", "2,乙县,\x1b[31m2000"),
        ("单元格 C8", "\\x1b[31m2000"),
        never=("\x1b",),
    ),
    Case("ten-thousand-char-name", long_name, ("单元格 B9", "共10000个字符"), never=("县" * 100,)),
    # Settings of the wrong type or range, all named at once
    Case(
        "settings-list-for-text",
        settings_edit("  标志: 小市巩固衔接办文件", "  标志: [小市, 巩固衔接办文件]"),
        ("设置.yaml", "「标志」应为一项文字"),
    ),
    Case(
        "settings-serial-negative",
        settings_edit("  下一个序号: 7", "  下一个序号: -1"),
        ("设置.yaml", "「下一个序号」超出范围", "-1"),
    ),
    Case(
        "settings-serial-1e26",
        settings_edit("  下一个序号: 7", "  下一个序号: 100000000000000000000000000"),
        ("设置.yaml", "超出范围"),
    ),
    Case(
        "settings-reply-days-zero",
        settings_edit("  回复天数: 10", "  回复天数: 0"),
        ("设置.yaml", "「回复天数」超出范围", "1到366"),
    ),
    Case(
        "settings-duplicate-key",
        settings_edit("  简称: 市巩固衔接办", "  简称: 市巩固衔接办\n  简称: 别的"),
        ("设置.yaml", "第5行", "写了两次"),
    ),
    Case(
        "settings-not-utf8",
        settings_edit("# 测试用设置", "# 测试用设置", encoding="gbk"),
        ("设置.yaml", "不是UTF-8编码"),
    ),
    Case(
        "settings-section-is-text",
        settings_edit("联系:\n  联系人: 李四\n  电话: 0000-1234567", "联系: 李四"),
        ("设置.yaml", "「联系」应为一组"),
    ),
    Case(
        "rate-cap-without-percent",
        lambda ws: set_cells(ws / "指标.xlsx", {"J3": 100}),
        ("指标.xlsx", "单元格 J3", "10000%", "100%"),
    ),
    Case(
        "settings-full-width-colon",
        settings_edit("  联系人: 李四", "  联系人：杨哲"),
        ("设置.yaml", "第21行", "「联系人」后面用了全角冒号「：」", "「联系人: 杨哲」"),
        never=("缺少「联系」下的「联系人」",),
    ),
    Case(
        "settings-no-space-after-colon",
        settings_edit("  电话: 0000-1234567", "  电话:0000-1234567"),
        ("设置.yaml", "第22行", "冒号后面缺少空格"),
    ),
    Case("settings-tab", settings_edit("  电话: 0000-1234567", "\t电话: 0000-1234567"), ("设置.yaml", "第22行", "Tab")),
    Case(
        "settings-list-as-key",
        settings_edit("提醒函:", "[a, b]: x\n提醒函:"),
        ("设置.yaml", "第24行", "项目名称应为文字，不能是列表或分组"),
    ),
    Case(
        "settings-3000-deep",
        settings_edit("  抄送: [市委农办, 市财政局]", "  抄送: " + "[" * 3000 + "]" * 3000),
        ("设置.yaml", "第17行", "套了10层以上"),
    ),
    Case(
        "settings-underscore-integer",
        settings_edit("  下一个序号: 7", "  下一个序号: 1_3"),
        ("设置.yaml", "第11行", "「下一个序号」不是整数", "「1_3」"),
    ),
    Case(
        "settings-deadline-with-unit",
        settings_edit("提醒函:", "月报:\n  报送截止日: 5日\n提醒函:"),
        ("设置.yaml", "第25行", "「报送截止日」不是整数，读到的值为「5日」，应为整数，如「5」"),
    ),
    Case(
        "settings-deadline-45",
        settings_edit("提醒函:", "月报:\n  报送截止日: 45\n提醒函:"),
        ("设置.yaml", "第25行", "「报送截止日」超出范围", "0到31"),
    ),
    Case(
        "settings-typo-key",
        settings_edit("  下一个序号: 7", "  下一个需号: 7"),
        ("设置.yaml", "不认识的设置项「下一个需号」，是不是「下一个序号」"),
    ),
    Case(
        "settings-typo-section",
        settings_edit("提醒函:", "提醒涵:"),
        ("设置.yaml", "不认识的设置项「提醒涵」，是不是「提醒函」"),
    ),
    # A date that cannot belong to the data
    Case(
        "date-1900",
        lambda ws: None,
        ("成文日期1900年1月1日早于2022年11月份数据",),
        1,
        ("bulletin --date 1900-01-01", "reminder --all --date 1900-01-01"),
    ),
    Case(
        "date-years-later-strict",
        lambda ws: None,
        ("距2022年11月份数据已超过一年",),
        1,
        ("bulletin --strict --date 2030-01-01",),
    ),
    # Templates the user supplies
    Case(
        "template-string-bomb",
        template("{{ 'x' * 3000000000 }}"),
        ("模板.docx",),
        1,
        ("bulletin --template {ws}/模板.docx",),
    ),
    Case(
        "template-nested-ranges",
        template("{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}"),
        ("模板.docx",),
        1,
        ("bulletin --template {ws}/模板.docx",),
    ),
    Case(
        "template-escape-attempt",
        template("{{ ''.__class__.__mro__ }}"),
        ("模板.docx", "不允许"),
        1,
        ("bulletin --template {ws}/模板.docx",),
    ),
    Case(
        "template-unknown-name",
        template("{{ head.nosuch }}"),
        ("模板.docx", "nosuch"),
        1,
        ("bulletin --template {ws}/模板.docx",),
    ),
    Case(
        "template-not-a-docx",
        lambda ws: (ws / "模板.docx").write_text("not a document"),
        ("模板.docx", "不是有效的 Word 文档"),
        1,
        ("bulletin --template {ws}/模板.docx",),
    ),
    # The year's tables, as strict as the month's (issue 23)
    Case(
        "year-table-error-value",
        year_cells(D3=ExcelError("#DIV/0!")),
        ("年度数据/2022年.xlsx", "工作表「Sheet1」，单元格 D3", "Excel的错误值", "#DIV/0!"),
        1,
        ("summary --year 2022",),
    ),
    Case(
        "year-table-unsaved-formula",
        year_cells(D4="=D3+D5"),
        ("年度数据/2022年.xlsx", "单元格 D4", "没有保存它的计算结果", "=D3+D5"),
        1,
        ("summary --year 2022",),
    ),
    Case(
        "year-table-empty-cell",
        year_cells(E5=None),
        ("年度数据/2022年.xlsx", "单元格 E5", "石楼县「监测对象人数」是空白"),
        1,
        ("summary --year 2022",),
    ),
    Case(
        "year-table-percent-in-count",
        year_cells(D3="30%"),
        ("年度数据/2022年.xlsx", "单元格 D3", "带百分号", "「30%」"),
        1,
        ("summary --year 2022",),
    ),
    Case(
        "year-table-fractional-households",
        year_cells(D3=30.5),
        ("年度数据/2022年.xlsx", "单元格 D3", "以「户」计", "「30.5」"),
        1,
        ("summary --year 2022",),
    ),
    Case(
        "year-table-percent-format",
        year_then(lambda ws: set_cells(ws.joinpath(*YEAR_FILE), {"E3": 0.75}, formats={"E3": "0%"})),
        ("年度数据/2022年.xlsx", "单元格 E3", "百分比格式", "显示为「75%」"),
        1,
        ("summary --year 2022",),
    ),
    Case(
        "year-table-misnamed-column",
        year_then(lambda ws: set_cells(ws.joinpath(*YEAR_FILE), {"E2": "监测对象人口"})),
        ("年度数据/2022年.xlsx", "第2行", "表头中找不到「监测对象人数」列，最接近的是「监测对象人口」"),
        1,
        ("summary --year 2022",),
        never=("「县区」「脱贫人口数」",),
    ),
    Case(
        "year-table-second-sheet",
        year_then(lambda ws: add_sheet(ws.joinpath(*YEAR_FILE), "2021年", [YEAR_HEADER, ["甲县", 1, 1, 1, 1]])),
        ("年度数据/2022年.xlsx", "「Sheet1」「2021年」", "无法确定读哪一张"),
        1,
        ("summary --year 2022",),
    ),
    Case(
        "last-years-table-error-value",
        year_then(
            lambda ws: (
                write_xlsx(ws / "年度数据" / "2021年.xlsx", [YEAR_HEADER, *[[n, *v] for n, v in YEAR_ROWS.items()]])
                and set_cells(ws / "年度数据" / "2021年.xlsx", {"B3": ExcelError("#N/A")})
            )
        ),
        ("年度数据/2021年.xlsx", "单元格 B3", "#N/A"),
        1,
        ("summary --year 2022",),
    ),
    Case(
        "summary-config-error-value",
        year_then(lambda ws: set_cells(ws / "年度总结.xlsx", {"C3": ExcelError("#REF!")}, sheet="年度指标")),
        ("年度总结.xlsx", "工作表「年度指标」，单元格 C3", "#REF!"),
        1,
        ("summary --year 2022",),
    ),
    Case(
        "plan-error-value-in-lead-unit",
        year_then(lambda ws: set_cells(ws.joinpath(*PLAN_FILE), {"D3": ExcelError("#N/A")})),
        ("工作要点/2023年.xlsx", "工作表「任务」，单元格 D3", "「牵头单位」是Excel的错误值", "#N/A"),
        1,
        ("workplan --year 2023",),
    ),
    Case(
        "plan-unsaved-formula-in-content",
        year_then(lambda ws: set_cells(ws.joinpath(*PLAN_FILE), {"C3": '=CONCAT("扩大","规模")'})),
        ("工作要点/2023年.xlsx", "单元格 C3", "「内容」是公式，但文件里没有保存它的计算结果"),
        1,
        ("workplan --year 2023",),
        never=("任务缺少内容",),
    ),
    Case(
        "plan-second-task-sheet",
        year_then(
            lambda ws: add_sheet(
                ws.joinpath(*PLAN_FILE), "去年任务", [["部分", "标题", "内容"], ["旧部分", "旧任务", "旧内容。"]]
            )
        ),
        ("工作要点/2023年.xlsx", "「任务」「去年任务」", "无法确定读哪一张"),
        1,
        ("workplan --year 2023",),
    ),
    Case(
        "plan-growth-rate-without-percent",
        year_then(
            lambda ws: add_sheet(
                ws.joinpath(*PLAN_FILE), "目标增长率", [["指标", "增长率"], ["脱贫劳动力务工就业", 0.5]]
            )
        ),
        ("工作要点/2023年.xlsx", "工作表「目标增长率」，单元格 B2", "没有写百分号", "「0.5%」或「50%」"),
        1,
        ("workplan --year 2023",),
    ),
    # The tool's own register as a pipe: refused at once, never waited on (issue 23)
    Case(
        "register-is-a-fifo",
        lambda ws: os.mkfifo(ws / "发文登记.xlsx"),
        ("发文登记", "管道（FIFO）"),
        1,
        ("bulletin",),
    ),
    # Letters: an alias and the name are one county, an unknown name is named
    Case("letters-unknown-county", with_ledger, ("县区名单中没有：戊县",), 1, ("reminder --county 戊县",)),
]


def runs():
    for case in CASES:
        for command in case.commands:
            yield pytest.param(case, command, id=f"{case.id}-{command.split()[0]}")


@pytest.mark.parametrize("case, command", list(runs()))
def test_hostile_input(case, command, tiny, tmp_path):
    case.build(tiny)
    before = tree_digest(tiny)
    out = tmp_path / "out"
    name, *extra = command.format(ws=tiny).split()
    yearly = "--year" in extra
    args = [name, *([] if yearly else ["--month", "2022-11"]), "--data", str(tiny), *extra]
    if name != "validate":
        date = "2023-01-10" if yearly else "2022-12-05"
        args += ["--output", str(out)] + ([] if "--date" in extra else ["--date", date])
    result = CliRunner().invoke(main, args)
    output = result.output
    assert result.exit_code == case.code, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    for text in case.says:
        assert text in output, output
    for text in case.never:
        assert text not in output
    if case.code:
        assert "错误" in output
        assert not out.exists()
    assert tree_digest(tiny) == before


def test_corpus_size():
    assert len(CASES) >= 60 and len(list(runs())) >= 100
