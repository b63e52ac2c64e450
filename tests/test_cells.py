import datetime as dt
from decimal import Decimal as D

import pytest

from generators.reading import cells


@pytest.mark.parametrize(
    "raw, expected",
    [
        (1234, D(1234)),
        (0.1, D("0.1")),
        (12.0, D("12.0")),
        ("1,234", D(1234)),
        ("2,345.60", D("2345.60")),
        ("12.5%", D("0.125")),
        ("１２３４", D(1234)),
        ("１，２３４．５", D("1234.5")),
        (" 356 ", D(356)),
        ("\u3000356\u3000", D(356)),
        ("—", None),
        ("-", None),
        ("/", None),
        ("无", None),
        ("", None),
        (None, None),
    ],
)
def test_numbers_as_counties_type_them(raw, expected):
    assert cells.number(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "12人", "1.2.3", True, dt.date(2022, 1, 1), float("nan")])
def test_not_numbers(raw):
    with pytest.raises(cells.NotANumber):
        cells.number(raw)


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("7016,55", "千分位"),  # a decimal comma, not 701655
        ("7.016,55", "千分位"),  # European grouping, not 7.01655
        ("1,2345", "千分位"),
        (",123", "千分位"),
        ("1e20", "数值大小不合理"),
        ("1e999999999", "数值大小不合理"),  # would overflow Decimal arithmetic later
        ("1e-999999999", "数值大小不合理"),
        (1e20, "数值大小不合理"),
        (10**15, "数值大小不合理"),
        ("#DIV/0!", "Excel的错误值"),
        ("#n/a", "Excel的错误值"),  # not a blank: 「n/a」 is
        ("#REF!", "Excel的错误值"),
    ],
)
def test_numbers_that_are_not_what_they_look_like(raw, reason):
    with pytest.raises(cells.NotANumber) as info:
        cells.number(raw)
    assert reason in info.value.reason


def test_percent_only_where_allowed():
    assert cells.number("130%") == D("1.3")
    with pytest.raises(cells.NotANumber, match="130%") as info:
        cells.number("130%", percent=False)
    assert "不是比率" in info.value.reason
    assert cells.number("1,234,567.5", percent=False) == D("1234567.5")
    assert cells.number(10**15 - 1) == D(10**15 - 1)


def test_dates_and_addresses():
    assert cells.date("2022-03-10") == dt.date(2022, 3, 10)
    assert cells.date("2022年3月10日") == dt.date(2022, 3, 10)
    assert cells.date(dt.datetime(2022, 3, 10, 0, 0)) == dt.date(2022, 3, 10)
    assert cells.address(6, 2) == "C7"
    assert cells.column_letter(26) == "AA"
    assert cells.text(" 吴堡县 ") == "吴堡县"


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("1158①", "「①」"),  # a footnote marker, not 11581
        ("²³", "「²」"),
        ("⒈5", "「⒈」"),
        ("١٢٣", "「١」"),  # Arabic-Indic digits: Decimal would read them without a word
        ("𝟏𝟐", "「𝟏」"),
        ("1\xa0234", "数字中间有空格"),  # a no-break space inside: 1234, or 1 and 234?
        ("1 234", "数字中间有空格"),
        ("1.2E+3", "科学计数法"),  # Excel's display of a number too wide for its column
        ("5e2", "科学计数法"),
    ],
)
def test_what_cannot_be_read_for_sure_is_refused(raw, reason):
    with pytest.raises(cells.NotANumber) as info:
        cells.number(raw)
    assert reason in info.value.reason


def test_full_width_digits_and_outer_spaces_are_still_digits():
    assert cells.number("１２３４") == D(1234)
    assert cells.number("\xa01234\u3000") == D(1234)
    assert cells.number("12.5 %") == D("0.125")


def test_a_percent_format_where_no_rate_may_be_and_fractions_of_a_count():
    with pytest.raises(cells.NotANumber) as info:
        cells.number(0.55, percent=False, percent_format=True)
    assert "显示为「55%」" in info.value.reason and "不是比率" in info.value.reason
    assert cells.number(0.55, percent=True, percent_format=True) == D("0.55")
    assert cells.number(0.55, percent=False) == D("0.55")  # a plain 0.55 is what it says
    with pytest.raises(cells.NotANumber, match="1100.5") as info:
        cells.number(1100.5, whole="人")
    assert "以「人」计" in info.value.reason
    assert cells.number(1100.0, whole="人") == D("1100.0") and cells.number(11.5, whole="") == D("11.5")
