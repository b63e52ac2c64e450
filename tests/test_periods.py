"""Periods: what a month, a quarter and a year to date know, and that the model admits a week."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

import pytest

from generators.errors import GongwenError
from generators.numbers.figures import period_figures
from generators.reading.entry import read_period
from generators.reading.periods import PERIODS, Month, Period, Quarter, YearToDate
from generators.reading.workspace import Workspace


def test_a_month():
    nov = Month(2022, 11)
    assert (nov.key, nov.label, nov.words, nov.as_of) == ("2022-11", "2022年11月", "2022年11月份", "截至2022年11月底")
    assert nov.month is nov and nov.compared() == Month(2022, 10)
    assert (nov.compared_name, nov.compared_words, nov.not_compared) == ("上月", "较上月", "")
    assert nov.schedule == Decimal(11) / 12
    assert (nov.first_day, nov.last_day) == (dt.date(2022, 11, 1), dt.date(2022, 11, 30))
    jan = Month(2022, 1)
    assert jan.compared() == Month(2021, 12) and "1月为年度首月" in jan.not_compared


def test_a_quarter():
    q3 = Quarter(2022, 3)
    assert (q3.key, q3.label, q3.words, q3.as_of) == ("2022Q3", "2022年第三季度", "2022年第三季度", "截至2022年9月底")
    assert q3.month == Month(2022, 9) and q3.schedule == Decimal("0.75")
    assert q3.compared() == Quarter(2022, 2) and q3.compared().month == Month(2022, 6)
    assert (q3.compared_name, q3.compared_words, q3.not_compared) == ("上季度末", "较上季度末", "")
    assert (q3.first_day, q3.last_day) == (dt.date(2022, 7, 1), dt.date(2022, 9, 30))
    q1 = Quarter(2022, 1)
    assert q1.compared() == Quarter(2021, 4) and "重新起算" in q1.not_compared and "第四季度" in q1.not_compared


def test_a_year_to_date_and_the_finished_year():
    ytd = YearToDate(2022, 11)
    assert (ytd.label, ytd.words, ytd.compared_name, ytd.compared_words) == (
        "2022年1-11月",
        "截至2022年11月底",
        "上年同期",
        "较上年同期",
    )
    assert ytd.compared() == YearToDate(2021, 11) and ytd.not_compared == ""  # a year is compared across years
    year = YearToDate(2022)
    assert (year.key, year.words, year.compared_name, year.schedule) == ("2022", "2022年", "上年", Decimal(1))
    assert year.month == Month(2022, 12) and year.first_day == dt.date(2022, 1, 1)
    assert YearToDate.to(Month(2022, 11)) == ytd


@pytest.mark.parametrize(
    "kind, text, expected",
    [
        (Month, "2022-11", Month(2022, 11)),
        (Month, "2022年11月份", Month(2022, 11)),
        (Quarter, "2022Q3", Quarter(2022, 3)),
        (Quarter, "2022q4", Quarter(2022, 4)),
        (Quarter, "2022年第三季度", Quarter(2022, 3)),
        (Quarter, "2022-Q1", Quarter(2022, 1)),
        (YearToDate, "2022", YearToDate(2022)),
        (YearToDate, "2022年1-11月", YearToDate(2022, 11)),
    ],
)
def test_parse_reads_what_users_type_and_what_key_writes(kind, text, expected):
    assert kind.parse(text) == expected
    assert kind.parse(expected.key) == expected


@pytest.mark.parametrize(
    "kind, text", [(Quarter, "2022Q5"), (Quarter, "2022-09"), (Month, "2022-13"), (YearToDate, "22")]
)
def test_a_wrong_period_is_a_chinese_error(kind, text):
    with pytest.raises(GongwenError, match="格式不对"):
        kind.parse(text)


def test_every_period_type_names_its_command_line_option():
    assert [p.OPTION for p in PERIODS] == ["month", "quarter", "year"]
    assert all(p.METAVAR and p.HELP for p in PERIODS)


# A week (周检点周排队), defined from the model alone: nothing in reading, figures or the kinds changes.
@dataclass(frozen=True, order=True)
class Week(Period):
    year: int
    number: int  # ISO week

    OPTION: ClassVar[str] = "week"
    METAVAR: ClassVar[str] = "YYYY-Www"
    HELP: ClassVar[str] = "周，如 2022-W47。"

    @classmethod
    def parse(cls, text: str) -> Week:
        year, _, week = text.partition("-W")
        return cls(int(year), int(week))

    @property
    def end(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.number, 7)

    @property
    def key(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def month(self) -> Month:  # the counties' cumulative table of the month the week ends in
        return Month(self.end.year, self.end.month)

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.number}周"

    @property
    def words(self) -> str:
        return self.label

    @property
    def first_day(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.number, 1)

    @property
    def last_day(self) -> dt.date:
        return self.end

    @property
    def schedule(self) -> Decimal:
        days = 366 if calendar.isleap(self.end.year) else 365
        return Decimal(self.end.timetuple().tm_yday) / days

    def compared(self) -> Week:
        return Week(self.year, self.number - 1)

    @property
    def compared_name(self) -> str:
        return "上周"


def test_the_model_admits_a_week(tiny):
    week = Week.parse("2022-W47")
    assert (week.key, week.words, week.compared_words, week.as_of) == (
        "2022-W47",
        "2022年第47周",
        "较上周",
        "截至2022年11月底",
    )
    assert week.month == Month(2022, 11) and week.schedule == Decimal(331) / 365  # Sunday 27 November
    ws = Workspace(tiny)
    read = read_period(ws, week)  # its month's table, checked like every period's
    figures = period_figures(ws, read)
    assert figures.period == week and figures.schedule == week.schedule
    # The week before ends in November too, so both read November's table here (weekly tables would bring a
    # reader of their own): compared, nobody moved.
    assert figures.previous_note == "" and all(r.previous_rank == r.rank for r in figures.ranking)


def test_a_year_through_january_is_named_as_january_alone():
    january = YearToDate(2022, 1)
    assert (january.key, january.label) == ("2022年1月", "2022年1月")
    assert YearToDate.parse(january.key) == january and YearToDate.parse("2022年1-11月") == YearToDate(2022, 11)
