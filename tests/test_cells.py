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


def test_dates_and_addresses():
    assert cells.date("2022-03-10") == dt.date(2022, 3, 10)
    assert cells.date("2022年3月10日") == dt.date(2022, 3, 10)
    assert cells.date(dt.datetime(2022, 3, 10, 0, 0)) == dt.date(2022, 3, 10)
    assert cells.address(6, 2) == "C7"
    assert cells.column_letter(26) == "AA"
    assert cells.text(" 吴堡县 ") == "吴堡县"
