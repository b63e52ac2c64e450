"""charts/lines.py: the year's monthly progress against 序时进度, drawn like the bar charts."""

from __future__ import annotations

import struct
import sys
import warnings
from functools import partial

import pytest

pytest.importorskip("matplotlib")

from charts import batch, lines  # noqa: E402
from charts.fonts import chart_font  # noqa: E402

MONTHS = list(range(1, 13))
SCHEDULE = [m / 12 * 100 for m in MONTHS]
SERIES = {
    "衔接资金支出进度": [20.5, 30.1, None, 45.0, 50.2, 58.0, 64.3, 70.1, 77.7, 84.2, 90.0, 96.9],
    "小额信贷新增放贷完成率": [8.0, 16.0, 25.2, 33.0, 41.0, 50.5, 58.7, 66.0, 75.1, 83.3, 92.0, 105.1],
}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_line_chart_is_as_wide_as_the_text_block_in_the_cjk_font():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = lines.progress_lines_chart(MONTHS, SERIES, title="2022年全市序时指标逐月进度（%）", schedule=SCHEDULE)
    assert not [w for w in caught if "missing from font" in str(w.message)]
    width, height = png_size(data)
    assert abs(width - round(156 / 25.4 * 300)) <= 2 and abs(height - round(80 / 25.4 * 300)) <= 2
    assert "matplotlib.pyplot" not in sys.modules


def test_each_series_a_line_broken_where_a_month_is_missing_and_the_schedule_dashed():
    from matplotlib.text import Text

    fig = lines.progress_lines_figure(MONTHS, SERIES, title="逐月进度", schedule=SCHEDULE)
    ax = fig.axes[0]
    drawn = {line.get_label(): line for line in ax.get_lines()}
    assert set(drawn) == {*SERIES, "序时进度"}
    ys = drawn["衔接资金支出进度"].get_ydata()
    assert [m for m, y in zip(drawn["衔接资金支出进度"].get_xdata(), ys) if y != y] == [3]  # NaN: a gap, not a bridge
    assert drawn["序时进度"].get_ydata()[-1] == pytest.approx(100)
    assert drawn["序时进度"].get_linestyle() == "--"
    texts = {t.get_text() for t in fig.findobj(Text)}
    assert "逐月进度" in texts and "12月" in texts
    assert all(t.get_fontfamily()[0] == chart_font().family for t in fig.findobj(Text) if t.get_text())


def test_batch_draws_a_chart_of_another_module():
    (data,) = batch.draw_all([partial(lines.progress_lines_chart, MONTHS, SERIES, title="逐月进度")])
    assert png_size(data)[0] > 1000


def test_year_chart_from_monthly_records_leaves_missing_months_out():
    records = {4: {"甲": 40.0, "乙": 30.0}, 1: {"甲": 10.0, "乙": 5.0}, 2: {"甲": 20.0}}
    months, series, schedule = lines.year_series(records)
    assert months == list(range(1, 13))
    assert series["甲"] == [10.0, 20.0, None, 40.0] + [None] * 8
    assert series["乙"] == [5.0, None, None, 30.0] + [None] * 8
    assert schedule[2] == pytest.approx(25) and schedule[-1] == pytest.approx(100)
    assert png_size(lines.year_progress_chart(records, title="逐月进度"))[0] > 1000
