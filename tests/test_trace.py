"""`gen bulletin --trace`: the 计算过程 workbook lets an office recompute the bulletin's figures in Excel."""

from __future__ import annotations

from fractions import Fraction as F

import openpyxl
from click.testing import CliRunner
from conftest import COUNTIES, NOVEMBER, TARGETS, build_tiny
from helpers import independent

from cli import main


def run(ws, out, *extra):
    args = ["bulletin", "--month", "2022-11", "--data", str(ws), "--output", str(out), "--date", "2022-12-05"]
    return CliRunner().invoke(main, [*args, *extra])


def sheets(out) -> dict[str, list[tuple]]:
    (path,) = (out / "2022-11").glob("*（计算过程）.xlsx")
    book = openpyxl.load_workbook(path)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def test_trace_holds_the_values_read_their_cells_and_the_scores(tiny, tmp_path):
    out = tmp_path / "out"
    result = run(tiny, out, "--trace")
    assert result.exit_code == 0, result.output
    assert "计算过程：" in result.output
    book = sheets(out)
    header, *rows = book["各县区指标"]
    assert len(rows) == len(COUNTIES) * 2  # every county on every indicator
    by = {(r[header.index("县区")], r[header.index("指标")]): dict(zip(header, r)) for r in rows}
    for county, (granted, spent, workers) in NOVEMBER.items():
        rate = by[(county, "衔接资金支出进度")]
        assert (rate["数值"], rate["分母"]) == (spent, granted)
        assert "2022-11.xlsx" in rate["来源"] and "单元格" in rate["来源"]
        assert abs(F(rate["比较值（完成率或比率）"]) - F(spent, granted)) < F(1, 10**12)
        jobs = by[(county, "脱贫劳动力务工就业")]
        assert (jobs["数值"], jobs["年度目标"]) == (workers, TARGETS[county])
    header, *scores = book["综合得分"]
    expected = independent(NOVEMBER)
    for row in scores:
        record = dict(zip(header, row))
        assert F(str(record["综合得分"])) == expected[record["县区"]]
    header, *city = book["全市"]
    first = dict(zip(header, city[0]))
    assert first["Σ数值"] == sum(v[1] for v in NOVEMBER.values())
    assert first["Σ分母或年度目标"] == sum(v[0] for v in NOVEMBER.values())


def test_no_trace_unless_asked_and_names_stay_text(tmp_path):
    out = tmp_path / "out"
    ws = build_tiny(tmp_path / "ws", rename={"甲县": "@SUM(1)"})
    assert run(ws, out).exit_code == 0
    assert not list((out / "2022-11").glob("*.xlsx"))
    assert run(ws, out, "--trace").exit_code == 0
    (path,) = (out / "2022-11").glob("*（计算过程）.xlsx")
    cells = [c for row in openpyxl.load_workbook(path)["各县区指标"].iter_rows() for c in row]
    named = [c for c in cells if c.value == "@SUM(1)"]
    assert named and all(c.data_type == "s" for c in named)
