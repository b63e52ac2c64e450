"""The one reading entry: every kind and every period is held to the same definition and plausibility checks."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from conftest import MERGES, NOVEMBER, OCTOBER, month_rows, write_xlsx

from generators import summary, workplan
from generators.errors import DataError
from generators.reading.entry import read_period
from generators.reading.periods import Month, Quarter, YearToDate
from generators.reading.workspace import Workspace

BIG = {**NOVEMBER, "丁县": (800, 400, 20000)}  # 务工 20000: 20 times November's 1000, 17 times the target 1200


def year_inputs(root):
    """The summary's 年度总结.xlsx and the work plan's 工作要点/2023年.xlsx, both quoting 务工."""
    path = write_xlsx(root / "年度总结.xlsx", [["代码", "指标名称", "数据列", "算法"]], sheet="年度指标")
    book = openpyxl.load_workbook(path)
    parts = book.create_sheet("部分")
    parts.append(["部分", "段落引语", "指标", "文字"])
    parts.append(["工作成效", "稳岗就业。", "脱贫劳动力务工就业", "多措并举促进就业。"])
    book.save(path)
    plan = [["部分", "标题", "内容"], ["稳就业", "稳岗。", "务工不少于【2022年脱贫劳动力务工就业】。"]]
    write_xlsx(root / "工作要点" / "2023年.xlsx", plan, sheet="任务")


def refusal(read) -> str:
    with pytest.raises(DataError) as caught:
        read()
    return str(caught.value)


def test_a_tenfold_value_is_refused_by_the_summary_the_work_plan_and_a_quarter(tiny):
    write_xlsx(tiny / "月报" / "2022-12.xlsx", month_rows(BIG), MERGES)
    year_inputs(tiny)
    ws = Workspace(tiny)
    issued = dt.date(2023, 1, 10)
    for read in (
        lambda: summary.build(ws, 2022, issued),
        lambda: workplan.build(ws, 2023, issued),
        lambda: read_period(ws, Quarter(2022, 4)),
    ):
        text = refusal(read)
        assert "丁县「务工人数」是上月（1000）的20倍，超过10倍" in text, text
        assert "丁县「脱贫劳动力务工就业」是年度目标（1200）的17倍" in text, text


def test_a_quarter_is_held_to_the_last_quarter_in_its_words(tiny):
    june = {**OCTOBER, "甲县": (1000, 900, 50)}
    write_xlsx(tiny / "月报" / "2022-06.xlsx", month_rows(june), MERGES)
    september = {**OCTOBER, "乙县": (2000, 1200, 700)}  # 已支出 1200 after June's 1400: a cumulative figure fell
    write_xlsx(tiny / "月报" / "2022-09.xlsx", month_rows(september), MERGES)
    text = refusal(lambda: read_period(Workspace(tiny), Quarter(2022, 3)))
    assert "甲县「务工人数」是上季度末（50）的20倍，超过10倍" in text
    assert "应为不超过上季度末的10倍" in text and "上月" not in text
    write_xlsx(tiny / "月报" / "2022-06.xlsx", month_rows({**june, "甲县": (1000, 900, 900)}), MERGES)
    read = read_period(Workspace(tiny), Quarter(2022, 3))
    fell = [str(w) for w in read.current.warnings if "减少" in w.message]
    assert fell == [w for w in fell if "是累计数，却比上季度末（1400）减少" in w], fell
    assert read.compared is not None and read.compared.month == Month(2022, 6)


def test_a_missing_quarter_end_month_is_named_like_a_missing_month(tiny):
    text = refusal(lambda: read_period(Workspace(tiny), Quarter(2022, 2)))
    assert (
        "没有2022年6月的数据（2022年第二季度的数字取自6月底的累计数）：找不到文件名含「2022-06」的文件或文件夹" in text
    )


def test_a_confirmed_value_passes_with_a_warning_whatever_the_period(tiny):
    rows = month_rows(BIG)
    rows[3].append("备注")
    rows[-2].append("已核实")  # 丁县's row
    write_xlsx(tiny / "月报" / "2022-12.xlsx", rows, MERGES)
    read = read_period(Workspace(tiny), YearToDate(2022))
    confirmed = [w.message for w in read.current.warnings if "核实" in w.message]
    assert any("是上月（1000）的20倍" in m for m in confirmed) and any("年度目标" in m for m in confirmed)
    assert read.prior is not None and read.prior.month == Month(2022, 11) and read.compared is None


def test_kinds_read_only_through_the_entry():
    """A kind that read a month's tables itself would skip the checks above without a word."""
    from generators import KINDS

    root = Path(__file__).resolve().parent.parent / "generators"
    for kind in KINDS:
        tree = ast.parse((root / f"{kind}.py").read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generators.reading.")
            for alias in node.names
        }
        readers = {"read_month", "read_tables", "read_with_previous", "check_bounds", "check_changes"}
        assert not imported & readers, (kind, imported & readers)
