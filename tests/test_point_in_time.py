"""Indicators that are not cumulative (issue 20): a 时点值 is the value at the month's end — a head count
that goes up and down. It is never warned for going down, is held against its annual target as a stock
(「完成目标的X%」), and against 序时进度 only where the office says so."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MERGES, build_tiny, month_rows, write_xlsx

from cli import main
from generators import bulletin
from generators.numbers import wording as w
from generators.numbers.figures import period_figures
from generators.reading.entry import read_period
from generators.reading.workspace import Method, Month, Workspace

NOV = Month(2022, 11)
# Five counties (another county count than the tiny four): 下达资金, 已支出资金, 在岗人数 at the month's end.
NOVEMBER = {
    "甲县": (1000, 950, 900),
    "乙县": (2000, 1500, 1300),
    "丙县": (500, 480, 450),
    "丁县": (800, 400, 700),
    "戊县": (600, 300, 520),
}
OCTOBER = {
    "甲县": (1000, 900, 1000),
    "乙县": (2000, 1400, 1250),
    "丙县": (500, 300, 470),
    "丁县": (800, 380, 650),
    "戊县": (600, 200, 560),
}
TARGETS = {"甲县": 1000, "乙县": 1200, "丙县": 500, "丁县": 800, "戊县": 500}


def workspace(root: Path, scheduled: str = "否") -> Path:
    build_tiny(root)
    write_xlsx(
        root / "县区名单.xlsx",
        [["县区名单"], ["序号", "县区名称", "别名"], *[[i, n, ""] for i, n in enumerate(NOVEMBER, 1)]],
    )
    write_xlsx(
        root / "指标.xlsx",
        [
            ["指标"],
            ["代码", "指标名称", "单位", "类型", "数据列", "分母列", "方向", "序时进度", "权重", "上限"],
            [
                "zjzc",
                "衔接资金支出进度",
                "%",
                "比率",
                "衔接资金/已支出资金",
                "衔接资金/下达资金",
                "越高越好",
                "是",
                60,
                "100%",
            ],
            ["zgrs", "在岗人数", "人", "时点值", "务工人数", None, "越高越好", scheduled, 40, None],
        ],
    )
    write_xlsx(root / "年度目标" / "2022年.xlsx", [["目标"], ["县区", "在岗人数"], *TARGETS.items()])
    write_xlsx(root / "月报" / "2022-10.xlsx", month_rows(OCTOBER, month="2022年10月"), MERGES)
    write_xlsx(root / "月报" / "2022-11.xlsx", month_rows(NOVEMBER, month="2022年11月"), MERGES)
    return root


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Path:
    return workspace(tmp_path_factory.mktemp("point") / "ws")


def test_the_type_is_read(ws):
    (_, zgrs) = Workspace(ws).indicators
    assert zgrs.method is Method.POINT and not zgrs.cumulative and not zgrs.is_ratio


def test_a_stock_going_down_is_not_warned_and_strict_runs(ws, tmp_path):
    current = read_period(Workspace(ws), NOV).current
    assert not [p for p in current.warnings if "减少" in p.message]  # 甲县 1000 → 900, 戊县 560 → 520
    result = CliRunner().invoke(main, ["validate", "--month", "2022-11", "--data", str(ws), "--strict"])
    assert result.exit_code == 0, result.output


def test_held_to_its_target_as_a_stock(ws):
    ws_ = Workspace(ws)
    figures = period_figures(ws_, read_period(ws_, NOV))
    zgrs = figures.indicators[1]
    total, target = sum(v[2] for v in NOVEMBER.values()), sum(TARGETS.values())
    assert zgrs.city_value == D(total) and zgrs.city_target == D(target)
    sentence = bulletin.city_sentence(zgrs, NOV)
    assert sentence.startswith(f"在岗人数{total}人，完成目标的{w.percent(D(total) / D(target))}")  # 3870 of 4000
    assert "年度任务" not in sentence and "序时进度" not in sentence  # the office did not ask for 序时进度
    # Each county's share of its own target: 乙县 1300 of 1200.
    by_county = {f.county: f.compared for f in zgrs.counties}
    assert by_county["乙县"] == D(1300) / D(1200)


def test_against_schedule_only_where_the_office_says_so(tmp_path):
    root = workspace(tmp_path / "ws", scheduled="是")
    ws_ = Workspace(root)
    zgrs = period_figures(ws_, read_period(ws_, NOV)).indicators[1]
    assert "序时进度" in bulletin.city_sentence(zgrs, NOV)


def test_a_cumulative_amount_going_down_is_still_warned(tmp_path):
    root = workspace(tmp_path / "ws")
    write_xlsx(
        root / "指标.xlsx",
        [
            ["指标"],
            ["代码", "指标名称", "单位", "类型", "数据列", "分母列", "方向", "序时进度", "权重", "上限"],
            ["zgrs", "务工人数", "人", "累计值", "务工人数", None, "越高越好", "否", 100, None],
        ],
    )
    write_xlsx(root / "年度目标" / "2022年.xlsx", [["目标"], ["县区", "务工人数"], *TARGETS.items()])
    current = read_period(Workspace(root), NOV).current
    assert any("甲县「务工人数」是累计数，却比上月（1000）减少" in p.message for p in current.warnings)


def test_the_bulletin_document_says_it(ws, tmp_path):
    import docx

    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["bulletin", "--month", "2022-11", "--data", str(ws), "--output", str(out), "--date", "2022-12-05"]
    )
    assert result.exit_code == 0, result.output
    (path,) = (out / "2022-11").glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "在岗人数3870人，完成目标的96.75%" in text
