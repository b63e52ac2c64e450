import datetime as dt
from decimal import Decimal as D

import pytest

from generators.numbers import wording as w


@pytest.mark.parametrize(
    "value, places, expected",
    [
        ("2.675", 2, "2.68"),  # round() on the float gives 2.67
        ("0.125", 2, "0.13"),  # half-even would give 0.12
        ("107.00", 2, "107"),
        ("103.80", 2, "103.8"),
        ("-0.001", 2, "0"),
        ("5269", 0, "5269"),
    ],
)
def test_plain_rounds_half_up(value, places, expected):
    assert w.plain(D(value), places) == expected


def test_fixed_keeps_places():
    assert w.fixed(D("91.666666")) == "91.67"
    assert w.fixed(D("90")) == "90.00"


def test_percent_and_points():
    assert w.percent(D("1.0683")) == "106.83%"
    assert w.percent(D("1.07")) == "107.00%"  # one precision for every rate: never 「107%」 beside 「70.55%」
    assert w.percent(D(11) / 12) == "91.67%"
    assert w.percent_fixed(D("0.9")) == "90.00%"
    assert w.change_in_points(D("0.054")) == "提高5.40个百分点"
    assert w.change_in_points(D("-0.00005")) == "下降0.01个百分点"  # 0.005 rounds half up
    assert w.change_in_points(D("0.00004")) == "持平"
    # 「持平」 only when the printed values are equal: 1.0549% → 1.05%, 1.0250% → 1.03%.
    assert w.change_between(D("0.010250"), D("0.010549")) == "下降0.02个百分点"
    assert w.change_between(D("0.010549"), D("0.010450")) == "持平"  # both print 1.05%
    # Points carry the decimals of the rates: 5.00 beside 5.90, never 「5个百分点」.
    assert w.points(D("0.05")) == "5.00个百分点" and w.points(D("0.059")) == "5.90个百分点"


@pytest.mark.parametrize(
    "wan, expected",
    [
        ("113600", "11.36亿元"),
        ("106000", "10.6亿元"),
        ("10000", "1亿元"),
        ("9999.5", "9999.5万元"),
        ("8765.432", "8765.43万元"),
    ],
)
def test_amount_in_wan_and_yi(wan, expected):
    assert w.amount(D(wan)) == expected


def test_counts():
    assert w.count(D(5269), "人") == "5269人"
    assert w.count(D(2178), "户") == "2178户"
    assert w.count(D(862900), "人") == "86.29万人"
    assert w.quantity(D("0.125"), "%") == "12.50%"


@pytest.mark.parametrize(
    "n, expected",
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (27, "二十七"),
        (99, "九十九"),
        (105, "一百零五"),
        (115, "一百一十五"),
    ],
)
def test_chinese_numbers(n, expected):
    assert w.chinese_number(n) == expected


def test_ordinals_dates_numbers():
    assert w.level1(8) == "八、"
    assert w.level2(27) == "（二十七）"
    assert w.date(dt.date(2022, 3, 5)) == "2022年3月5日"
    assert w.doc_number("榆巩衔办发", 2022, 2) == "榆巩衔办发〔2022〕2号"
    assert w.names(["佳县", "吴堡县"]) == "佳县、吴堡县"
    assert w.rank_change(5, 3, "上月") == "↑2"
    assert w.rank_change(3, 4, "上月") == "↓1"
    assert w.rank_change(3, 3, "上月") == "持平"
    assert w.rank_change(None, 3, "上季度末") == "上季度末无排名"


def test_all_counties_names_the_kinds_the_roster_has():
    assert w.all_counties(["榆阳区", "神木市", "府谷县"]) == "各县（市、区）"
    assert w.all_counties(["东城区", "西山县"]) == "各县（区）"
    assert w.all_counties(["东城区", "西城区"]) == "各区"
    assert w.all_counties(["达拉特旗", "东胜区", "准格尔旗"]) == "各区（旗）"
    assert w.all_counties(["甲", "乙"]) == "各县"  # nothing to go by: the usual word
    assert w.county_kind("横山区") == "区" and w.county_kind("佳") == "县"


def test_bulletin_prose_follows_the_roster_and_the_organ(tiny, tmp_path):
    import docx
    from click.testing import CliRunner

    from cli import main

    out = tmp_path / "out"
    args = ["bulletin", "--month", "2022-11", "--data", str(tiny), "--output", str(out), "--date", "2022-12-05"]
    assert CliRunner().invoke(main, args).exit_code == 0
    (path,) = (out / "2022-11").glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "市巩固衔接办对各县2022年11月份重点指标" in text  # tiny's counties are all 县
    assert "各县要严格落实" in text and "市巩固衔接办将持续开展调度排队" in text
    assert "各县（市、区）要" not in text and "我办" not in text  # (the 主送 is the settings' own wording)
