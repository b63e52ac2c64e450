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
    Case("float-1e20", cells_of(E8=1e20), ("单元格 E8", "数值大小不合理")),
    Case("text-in-figure", cells_of(E9="abc"), ("单元格 E9", "不是数字", "abc")),
    Case("negative", cells_of(E10=-3), ("单元格 E10", "不能为负数")),
    Case("tenfold-jump", jump, ("单元格 D10", "是上月（30）的13倍", "已核实")),
    Case("absurd-vs-target", absurd_target, ("单元格 E8", "是年度目标（50）的16倍")),
    # Which sheet is read
    Case("two-visible-sheets", two_visible, ("「Sheet1」「11月报表」", "无法确定读哪一张")),
    Case("only-hidden-sheet", only_hidden, ("隐藏的工作表「数据」",)),
    Case("hidden-stale-copy-first", hidden_stale_first, ("读取的是「Sheet1」", "「旧数据」（隐藏）"), 0, ("validate",)),
    Case("draft-first", draft_first, ("读取的是「Sheet1」", "草稿"), 0, ("validate",)),
    # Roster, targets, indicators
    Case("roster-formula", roster_formula, ("县区名单.xlsx", "单元格 B4", "公式")),
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
    args = [name, "--month", "2022-11", "--data", str(tiny), *extra]
    if name != "validate":
        args += ["--output", str(out)] + ([] if "--date" in extra else ["--date", "2022-12-05"])
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
