"""gen summary on the four-county workspace: another city's indicators, no year-level tables, no 2021."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from conftest import MERGES, NOVEMBER, month_rows, write_xlsx
from helpers import summary_config

from generators import summary
from generators.numbers import wording as w
from generators.reading.workspace import Workspace


@pytest.fixture
def year_end(tiny):
    """The tiny workspace with November's table standing for December (values known: conftest.NOVEMBER)."""
    # A copy of November would say 「2022年11月」 in its title, and be refused as last month's table.
    write_xlsx(tiny / "月报" / "2022-12.xlsx", month_rows(NOVEMBER, month="2022年12月"), MERGES)
    summary_config(tiny, [("工作成效", "稳岗就业。", "zjzc、脱贫劳动力务工就业", "多措并举促进就业。")])
    return tiny


def text_of(made) -> str:
    return "\n".join(p["lead"] + p["text"] for s in made.context["sections"] for p in s["paragraphs"])


def test_figures_of_another_city(year_end):
    made = summary.build(Workspace(year_end), 2022, dt.date(2023, 1, 10))
    text = text_of(made)
    # 务工: 1100+800+450+1000 = 3350 of 1000+1000+500+1200 = 3700 → 90.54%; 支出: 3330 ÷ 4300 → 77.44%.
    assert "衔接资金支出进度为77.44%" in text
    assert "脱贫劳动力务工就业3350人，完成3700人年度任务的90.54%" in text
    # 甲县 1100 of 1000, 石楼县 450 of 500, 丁县 1000 of 1200, 乙县 800 of 1000
    pct = lambda a, b: w.percent(Decimal(a) / Decimal(b))  # noqa: E731
    assert (
        f"从各县看，1个县完成年度任务：甲县（{pct(1100, 1000)}）；3个县未完成：石楼县（完成{pct(450, 500)}，差50人）、"
        f"丁县（完成{pct(1000, 1200)}，差200人）、乙县（完成{pct(800, 1000)}，差200人）" in text
    )
    assert made.context["sections"][0]["heading"] == "一、工作成效"
    # no 2021 at all: both comparisons left out and said so, never 「增加0」
    assert len(made.item.made.notes) == 1 and "2021年12月" in made.item.made.notes[0]
    assert "较2021年" not in text
    assert [row["county"] for row in made.context["annex"]["rows"]] == ["甲县", "乙县", "石楼县", "丁县", "全市"]


def test_ties_are_named_together(year_end):
    # 甲县 1100 of 1100 and 石楼县 450 of 450: both 100%, first together; every county is named.
    write_xlsx(
        year_end / "年度目标" / "2022年.xlsx",
        [["目标"], ["县区", "脱贫劳动力务工就业"], ["甲县", 1100], ["乙县", 1000], ["石楼县", 450], ["丁县", 1200]],
    )
    text = text_of(summary.build(Workspace(year_end), 2022, dt.date(2023, 1, 10)))
    full = w.percent(Decimal(1))
    assert f"2个县完成年度任务：甲县、石楼县（并列第1位，均为{full}）" in text  # the roster has only 县


def test_year_table_missing_while_a_section_uses_it(year_end):
    summary_config(year_end, [("工作成效", "", "zjzc", "")])
    path = year_end / "年度总结.xlsx"
    book = openpyxl.load_workbook(path)
    book["年度指标"].append(["rjsr", "人均纯收入", "人均纯收入", "人均", "元", "人口", None, None, None])
    book["部分"].append(["工作成效", "", "rjsr", ""])
    book.save(path)
    from generators.errors import GongwenError

    with pytest.raises(GongwenError, match="没有文件名含「2022」的表格.*也不在2022年12月的月报中"):
        summary.build(Workspace(year_end), 2022, dt.date(2023, 1, 10))


def test_a_pair_whose_two_quantities_move_apart_says_both():
    from generators.numbers.annual import Figure, change

    def pair(hh, people, before=None):
        return Figure("x", "监测对象", "户", Decimal(hh), "人", Decimal(people), before=before)

    assert change(pair(100, 250, pair(97, 255)), "2021年") == "较2021年户数增加3户、人数减少5人"
    assert change(pair(100, 250, pair(100, 240)), "2021年") == "较2021年户数持平、人数增加10人"
    assert change(pair(100, 250, pair(100, 250)), "2021年") == "与2021年持平"
    assert change(pair(100, 250, pair(90, 240)), "2021年") == "较2021年增加10户10人"


def test_a_county_missing_from_a_december_folder_is_an_error_not_a_smaller_city(year_end, tmp_path):
    # Summed over the counties that happened to report, every 全市 figure and target would be wrong.
    from click.testing import CliRunner
    from conftest import NOVEMBER
    from helpers import folder_month

    from cli import main

    folder_month(year_end, "2022-12", NOVEMBER, without=("丁县",))
    out = tmp_path / "out"
    args = ["summary", "--year", "2022", "--data", str(year_end), "--output", str(out), "--date", "2023-01-10"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "没有丁县的报表，年度总结用12月的累计数，需要每个县区的数据" in result.output
    assert not out.exists()


def test_summary_prints_reading_warnings_and_stops_on_them_with_strict(year_end, tmp_path):
    from click.testing import CliRunner

    from cli import main

    book = openpyxl.load_workbook(year_end / "月报" / "2022-12.xlsx")
    book.active["E6"] = 9999  # the 合计 row no longer adds up
    book.save(year_end / "月报" / "2022-12.xlsx")
    args = ["summary", "--year", "2022", "--data", str(year_end), "--date", "2023-01-10"]
    warned = CliRunner().invoke(main, [*args, "--output", str(tmp_path / "a")])
    assert warned.exit_code == 0 and "提醒" in warned.output and "合计" in warned.output
    strict = CliRunner().invoke(main, [*args, "--output", str(tmp_path / "b"), "--strict"])
    assert strict.exit_code == 1 and "合计行" in strict.output and not (tmp_path / "b").exists()


def test_a_user_template_must_have_the_frame_asked_for(year_end, tmp_path):
    from click.testing import CliRunner

    from cli import main
    from templates import template_path

    base = [
        "summary",
        "--year",
        "2022",
        "--data",
        str(year_end),
        "--output",
        str(tmp_path / "o"),
        "--date",
        "2023-01-10",
    ]
    oa = CliRunner().invoke(main, [*base, "--report", "--template", str(template_path("summary"))])
    assert oa.exit_code == 1 and "没有发文字号" in oa.output and "summary_report.docx" in oa.output
    report = CliRunner().invoke(main, [*base, "--template", str(template_path("summary_report"))])
    assert report.exit_code == 1 and "带有发文字号" in report.output
    assert not (tmp_path / "o").exists()
