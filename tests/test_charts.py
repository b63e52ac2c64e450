"""Charts: PNG size at print resolution, a real CJK (SC) font, no tofu, truncation, 未报 gaps."""

from __future__ import annotations

import os
import struct
import warnings
from functools import partial
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from charts import bars, fonts  # noqa: E402
from charts.fonts import ChartFontError, chart_font  # noqa: E402
from generators.errors import GongwenError  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXPECTED_WIDTH_PX = round(156 / 25.4 * 300)  # 1843 (1842.5)
COUNTIES = [
    "榆阳区",
    "横山区",
    "神木市",
    "府谷县",
    "靖边县",
    "定边县",
    "绥德县",
    "米脂县",
    "佳县",
    "吴堡县",
    "清涧县",
    "子洲县",
]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def glyph_warnings(caught) -> list[str]:
    return [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]


def all_texts(fig) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text)]


# --- fonts -----------------------------------------------------------------------------


def test_font_is_a_cjk_simplified_chinese_family():
    font = chart_font()
    assert font.family in fonts.PREFERRED_FAMILIES
    assert chart_font() is font  # cached


def test_font_face_is_the_named_face_not_face_zero_of_the_collection():
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    font = chart_font()
    face = FT2Font(font.path, face_index=font.face_index)
    assert face.family_name == font.family  # e.g. the SC face of NotoSansCJK-Regular.ttc, not JP
    # and matplotlib's own lookup (what the renderer uses) resolves to that same face
    resolved = findfont(FontProperties(family=font.family), fallback_to_default=False)
    assert str(resolved) == font.path
    assert getattr(resolved, "face_index", 0) == font.face_index


@pytest.mark.parametrize("char", "门县区进度未报")
def test_font_has_the_glyphs(char):
    from matplotlib.ft2font import FT2Font

    font = chart_font()
    face = FT2Font(font.path, face_index=font.face_index)
    assert face.get_char_index(ord(char)) != 0


def test_drawing_chinese_text_warns_of_no_missing_glyph():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 1), dpi=100)
    canvas = FigureCanvasAgg(fig)
    fig.text(0.1, 0.5, "门县区：序时进度 91.67%（未报）", fontfamily=chart_font().family)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        canvas.draw()
    assert glyph_warnings(caught) == []


def test_a_face_after_the_first_of_a_collection_is_copied_out_for_a_matplotlib_that_sees_face_zero_only(
    monkeypatch, tmp_path
):
    """matplotlib before 3.11 (Python 3.10's newest) lists a .ttc by its face 0 (JP) alone."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    font = chart_font()
    if not font.path.lower().endswith(fonts.COLLECTIONS) or font.face_index == 0:
        pytest.skip("the chart font here is not a later face of a collection")
    old = [e for e in font_manager.fontManager.ttflist if e.index == 0]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", old)
    monkeypatch.setattr(fonts, "_sees_every_face", lambda: False)
    monkeypatch.setattr(fonts, "_cache_folders", lambda: [tmp_path / "ro" / "x", tmp_path / "fonts"])
    (tmp_path / "ro").write_text("a file where a folder should be")  # the first cache folder can't be made
    faces = fonts._collection_faces(old)
    assert faces[font.family] == (font.path, font.face_index)
    found = fonts._lookup(fonts.PREFERRED_FAMILIES)
    assert found is not None and found.family == font.family and found.face_index == 0
    assert Path(found.path).parent == tmp_path / "fonts" and list((tmp_path / "fonts").iterdir()) == [Path(found.path)]
    assert FT2Font(found.path).family_name == font.family  # the SC face, not the collection's JP face 0
    assert fonts._face_file(font.path, font.face_index) == found.path  # made once, then kept


def test_missing_font_raises_a_chinese_install_hint(monkeypatch):
    chart_font.cache_clear()
    try:
        monkeypatch.setattr(fonts, "PREFERRED_FAMILIES", ("No Such Font SC",))
        rebuilt = []
        monkeypatch.setattr(fonts, "_rebuild_font_cache", lambda: rebuilt.append(True))
        with pytest.raises(ChartFontError) as info:
            chart_font()
        assert isinstance(info.value, GongwenError)
        assert "sudo apt-get install fonts-noto-cjk" in str(info.value)
        assert "微软雅黑" in str(info.value) and "苹方" in str(info.value)
        assert rebuilt == [True]  # the font cache is rescanned once before giving up
    finally:
        chart_font.cache_clear()


# --- charts ----------------------------------------------------------------------------


def test_ranking_chart_is_a_png_as_wide_as_the_text_block():
    scores = [92.2, 91.76, 89.97, 89.02, 84.76, 78.83, 77.08, 76.45, 69.69, 65.11, 63.57, 61.08]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = bars.ranking_chart(COUNTIES, scores, title="2022年11月各县区综合得分")
    assert glyph_warnings(caught) == []
    width, height = png_size(data)
    assert abs(width - EXPECTED_WIDTH_PX) <= 2
    assert abs(height - round(80 / 25.4 * 300)) <= 2


def test_ranking_values_are_rounded_half_up():
    fig = bars.ranking_figure(["甲县", "乙县"], [90.125, 80.5], title="综合得分")
    texts = all_texts(fig)
    assert "90.13" in texts and "80.50" in texts
    assert "单位：分" in texts


def test_progress_chart_schedule_line_label_and_lagging_legend():
    values = [107.8, 100.5, 95.0, 91.0, 80.2]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = bars.progress_figure(COUNTIES[:5], values, title="支出进度（%）", schedule_pct=91.666666)
        data = bars.to_png(fig)
    assert glyph_warnings(caught) == []
    assert abs(png_size(data)[0] - EXPECTED_WIDTH_PX) <= 2
    texts = all_texts(fig)
    assert "序时进度\n91.67%" in texts
    assert "未达序时进度" in texts and "达到序时进度" in texts
    ax = fig.axes[0]
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 2  # 91.0 and 80.2 are below the line


def test_progress_lower_is_better_hatches_bars_above_the_line():
    fig = bars.progress_figure(
        ["甲县", "乙县", "丙县"], [10.0, 50.0, 90.0], title="t", schedule_pct=40, higher_is_better=False
    )
    heights = sorted(p.get_height() for p in fig.axes[0].patches if p.get_hatch())
    assert heights == [50.0, 90.0]


def test_progress_without_schedule_has_no_line_or_legend():
    fig = bars.progress_figure(["甲县", "乙县"], [50.0, 70.0], title="t")
    texts = all_texts(fig)
    assert not any(t.startswith("序时进度") for t in texts)
    assert not fig.legends


def test_none_is_a_gap_marked_not_reported():
    values = [98.0, None, 85.0]
    fig = bars.progress_figure(["甲县", "乙县", "丙县"], values, title="t", schedule_pct=90)
    ax = fig.axes[0]
    assert sorted(p.get_x() + p.get_width() / 2 for p in ax.patches) == [0, 2]  # no bar at 乙县
    assert "未报" in all_texts(fig)
    assert png_size(bars.to_png(fig))[0] == png_size(bars.progress_chart(["甲县"], [None], title="t"))[0]


def test_many_counties_show_head_and_tail_and_say_so_in_the_title():
    labels = [f"县区{i}" for i in range(2800)]
    values = [100 - i * 0.03 for i in range(2800)]
    fig = bars.ranking_figure(labels, values, title="综合得分")
    texts = all_texts(fig)
    assert any("（共2800个县区，显示前15名和后15名）" in t for t in texts)
    ticks = [t.get_text().replace("\n", "") for t in _county_labels(fig)]
    assert ticks[0] == "县区0" and ticks[14] == "县区14"
    assert ticks[16] == "县区2785" and ticks[-1] == "县区2799"
    assert len(fig.axes[0].patches) == 30


def test_max_bars_not_exceeded_means_no_suffix():
    fig = bars.ranking_figure(COUNTIES, list(range(12, 0, -1)), title="综合得分", max_bars=12)
    assert "综合得分" in all_texts(fig)
    assert not any("显示前" in t for t in all_texts(fig))


def test_negative_values_draw_below_zero():
    fig = bars.progress_figure(["甲县", "乙县"], [12.5, -8.0], title="增幅")
    low, _ = fig.axes[0].get_ylim()
    assert low < -8.0


@pytest.mark.parametrize("labels, values", [([], []), (["甲县"], [1.0, 2.0])])
def test_bad_input_is_a_value_error(labels, values):
    with pytest.raises(ValueError):
        bars.ranking_chart(labels, values, title="t")


@pytest.mark.parametrize(
    "name, bars_drawn",
    [("县" * 10000, 4), ("x" * 10000, 4), ("双江拉祜族佤族布朗族傣族自治县", 30), ("县" * 10000, 30)],
    ids=["10k CJK, 4 bars", "10k Latin, 4 bars", "real long name, 30 bars", "10k CJK, 30 bars"],
)
def test_a_very_long_county_name_is_cut_short_and_the_bars_keep_their_room(name, bars_drawn):
    labels = [name] + [f"县区{i}" for i in range(1, bars_drawn)]
    fig = bars.progress_figure(labels, [float(i) for i in range(bars_drawn)], title="完成率", schedule_pct=50.0)
    tick = _county_labels(fig)[0].get_text().replace("\n", "")
    assert tick.endswith(bars.CUT) and name.startswith(tick[:-1]) and len(tick) > 4
    assert fig.subplotpars.top - fig.subplotpars.bottom > 0.4  # the plot keeps most of the height
    assert abs(png_size(bars.to_png(fig))[0] - EXPECTED_WIDTH_PX) <= 2


# --- drawing in workers ----------------------------------------------------------------


def _numbered(n: int) -> bytes:
    return f"chart {n} from {os.getpid()}".encode()


def _fails() -> bytes:
    raise ChartFontError("未找到可用于图表的中文字体（测试）")


def test_jobs_come_back_in_order_drawn_outside_gen_which_has_no_matplotlib_of_its_own():
    from charts import batch

    results = batch.draw_all([partial(_numbered, n) for n in range(7)])
    assert [r.split(b" from ")[0] for r in results] == [f"chart {n}".encode() for n in range(7)]
    if batch.can_fork():
        drawn_by = {r.split(b" from ")[1] for r in results}
        assert str(os.getpid()).encode() not in drawn_by
        assert len(drawn_by) == min(os.cpu_count() or 1, 7)  # the worker and its helpers share the jobs


def test_a_failing_job_raises_its_error_in_gen_and_leaves_no_worker(tmp_path):
    from charts import batch

    before = set(os.listdir("/proc")) if os.path.isdir("/proc") else set()
    with pytest.raises(ChartFontError, match="测试"):
        batch.draw_all([partial(_numbered, 1), _fails, partial(_numbered, 2)])
    if before:
        mine = [p for p in set(os.listdir("/proc")) - before if p.isdigit() and _parent(p) == os.getpid()]
        assert mine == []


def _parent(pid: str) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return -1
    return int(stat.rsplit(") ", 1)[-1].split()[1])


def _county_labels(fig):
    return [t for t in fig.axes[0].texts if t.get_gid() == bars.LABEL_GID]
