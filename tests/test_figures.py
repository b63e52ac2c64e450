"""Figures against an independent computation in exact fractions from the input tables."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction as F

from conftest import MERGES, NOVEMBER, OCTOBER, TARGETS, month_rows, write_xlsx
from helpers import independent

from generators.numbers.figures import period_figures
from generators.reading.entry import read_period
from generators.reading.workspace import Month, Workspace


def figures_for(root, month=Month(2022, 11)):
    ws = Workspace(root)
    return period_figures(ws, read_period(ws, month))


def test_scores_and_ranks_match_independent_computation(tiny):
    figs = figures_for(tiny)
    expected = independent(NOVEMBER)
    order = sorted(expected, key=lambda c: -expected[c])
    assert [r.county for r in figs.ranking] == order
    for row in figs.ranking:
        assert F(row.score) == expected[row.county]
        assert row.rank == 1 + sum(1 for v in expected.values() if v > expected[row.county])
    assert [r.score for r in figs.ranking] == [D("98.70"), D("73.33"), D("32.61"), D("4.44")]


def test_city_rates_are_ratios_of_sums(tiny):
    figs = figures_for(tiny)
    zjzc, wgjy = figs.indicators
    spent = sum(v[1] for v in NOVEMBER.values())
    granted = sum(v[0] for v in NOVEMBER.values())
    assert abs(F(zjzc.city_compared) - F(spent, granted)) < F(1, 10**20)
    mean_of_rates = sum(F(v[1], v[0]) for v in NOVEMBER.values()) / len(NOVEMBER)
    assert abs(F(zjzc.city_compared) - mean_of_rates) > F(1, 100)  # the wrong way gives another number
    workers = sum(v[2] for v in NOVEMBER.values())
    assert wgjy.city_value == workers
    assert abs(F(wgjy.city_compared) - F(workers, sum(TARGETS.values()))) < F(1, 10**20)


def test_schedule_ahead_and_behind(tiny):
    figs = figures_for(tiny)
    zjzc, wgjy = figs.indicators
    schedule = figs.schedule
    assert schedule == D(11) / 12
    assert [f.county for f in zjzc.ahead(schedule)] == ["石楼县", "甲县"]
    assert [f.county for f in zjzc.behind(schedule)] == ["乙县", "丁县"]
    assert [f.county for f in wgjy.behind(schedule)] == ["石楼县", "丁县", "乙县"]


def test_rank_change_against_last_month(tiny):
    figs = figures_for(tiny)
    before = independent(OCTOBER)
    previous_rank = {c: 1 + sum(1 for v in before.values() if v > s) for c, s in before.items()}
    assert figs.previous_note == ""
    for row in figs.ranking:
        assert row.previous_rank == previous_rank[row.county]


def test_no_previous_month_is_said(tiny):
    (tiny / "月报" / "2022-10.xlsx").unlink()
    figs = figures_for(tiny)
    assert figs.previous_note == "上月无数据"
    assert all(r.previous_rank is None for r in figs.ranking)


def test_missing_value_scores_zero_and_is_not_ranked(tiny):
    rows = month_rows(NOVEMBER)
    rows[7][4] = "—"  # 乙县 务工人数
    write_xlsx(tiny / "月报" / "2022-11.xlsx", rows, MERGES)
    figs = figures_for(tiny)
    wgjy = figs.indicators[1]
    yi = next(f for f in wgjy.counties if f.county == "乙县")
    assert yi.value is None and yi.rank is None and yi.score == 0
    assert wgjy.ranked()[-1].county == "乙县"


def test_ties_share_a_rank(tiny):
    write_xlsx(tiny / "月报" / "2022-11.xlsx", month_rows(dict(NOVEMBER, 丁县=(1000, 950, 1320))), MERGES)
    figs = figures_for(tiny)  # 丁县 now equals 甲县 on both figures
    ranks = {r.county: r.rank for r in figs.ranking}
    assert ranks["甲县"] == ranks["丁县"] == 1
    assert [r.county for r in figs.ranking][:2] == ["甲县", "丁县"]  # roster order within a tie
    assert sorted(ranks.values()) == [1, 1, 3, 4]
