"""「小数位」: an indicator printed with the office's decimals prints one way in every document, and its ranks
follow what is printed (two counties printed alike share a rank)."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import ROUND_HALF_UP, Decimal

import docx
import pytest
from click.testing import CliRunner
from conftest import MERGES, NOVEMBER, month_rows, write_xlsx

from cli import main
from generators import bulletin, summary
from generators.errors import DataError
from generators.numbers.figures import compute
from generators.reading.tables import read_month
from generators.reading.workspace import Month, Workspace


def one_decimal(root, places=1):
    """The tiny workspace's 衔接资金支出进度 with 小数位 `places`."""
    from openpyxl import load_workbook

    path = root / "指标.xlsx"
    book = load_workbook(path)
    sheet = book.active
    sheet.cell(2, 11).value = "小数位"
    sheet.cell(3, 11).value = places
    book.save(path)


@pytest.fixture
def tied(tiny):
    """乙县 spends 1899 of 2000 (94.95%) and 甲县 950 of 1000 (95.00%): apart at two decimals, both 95.0% at one."""
    values = {**NOVEMBER, "乙县": (2000, 1899, 800)}
    write_xlsx(tiny / "月报" / "2022-11.xlsx", month_rows(values), MERGES)
    one_decimal(tiny)
    return tiny


def pct(num: int, den: int, places: int) -> str:
    return f"{(Decimal(num) / den * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)}%"


def test_ranks_follow_the_printed_decimals(tied):
    ws = Workspace(tied)
    fig = compute(ws, read_month(ws, Month(2022, 11))).indicators[0]
    ranks = {f.county: f.rank for f in fig.counties}
    assert ranks["甲县"] == ranks["乙县"]  # both printed 95.0%
    assert pct(950, 1000, 2) != pct(1899, 2000, 2) and pct(950, 1000, 1) == pct(1899, 2000, 1) == "95.0%"


def test_the_bulletin_prints_the_office_decimals_everywhere(tied, tmp_path):
    made = bulletin.build(Workspace(tied), Month(2022, 11), dt.date(2022, 12, 5))
    city = pct(950 + 1899 + 480 + 400, 1000 + 2000 + 500 + 800, 1)
    text = "\n".join([*made.context["overview"], *(i["text"] for i in made.context["items"])])
    assert f"衔接资金支出进度为{city}" in text
    # against 序时进度 91.67%: the difference of the printed values, with the schedule's two decimals
    diff = Decimal(city.rstrip("%")) - Decimal("91.67")
    assert f"{'超' if diff > 0 else '低于'}序时进度{abs(diff):.2f}个百分点" in text
    cells = {row["county"]: row["cells"][0] for row in made.context["annex"]["detail_rows"]}
    assert cells["甲县"] == cells["乙县"] and cells["甲县"].startswith("95.0（")  # the same value, the same rank


def test_the_summary_prints_it_the_same_way(tied):
    shutil.copy(tied / "月报" / "2022-11.xlsx", tied / "月报" / "2022-12.xlsx")
    write_xlsx(
        tied / "年度总结.xlsx",
        [["年度指标"], ["代码", "指标名称", "数据列", "算法"]],
        sheet="年度指标",
    )
    from openpyxl import load_workbook

    book = load_workbook(tied / "年度总结.xlsx")
    parts = book.create_sheet("部分")
    parts.append(["部分", "段落引语", "指标", "文字"])
    parts.append(["工作成效", "", "zjzc", ""])
    book.save(tied / "年度总结.xlsx")
    made = summary.build(Workspace(tied), 2022, dt.date(2023, 1, 10), draw=False)
    text = made.context["last"]["text"] if made.context["last"] else ""
    city = pct(950 + 1899 + 480 + 400, 1000 + 2000 + 500 + 800, 1)
    assert f"衔接资金支出进度为{city}" in text


def test_a_bad_places_value_names_its_cell(tiny):
    one_decimal(tiny, 2.5)
    with pytest.raises(DataError) as caught:
        Workspace(tiny).indicators  # noqa: B018
    assert "K3" in str(caught.value) and "小数位" in str(caught.value)


def test_the_command_runs_with_it(tied, tmp_path):
    out = tmp_path / "out"
    args = ["bulletin", "--month", "2022-11", "--data", str(tied), "--output", str(out), "--date", "2022-12-05"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    body = "\n".join(p.text for p in docx.Document(next(out.rglob("*.docx"))).paragraphs)
    assert "95.00%" not in body and "94.95%" not in body
