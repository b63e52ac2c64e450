"""The periods a document reports: a month, a quarter, a year up to a month.

A period knows the month whose cumulative figures it reports, the period it is compared with, its
序时进度 and its words; kinds, readers and figures ask it and never work these out themselves.
Counties send cumulative tables once a month, so every period here reads the table of one month
(`month`); what differs is what it is compared with and how it is named.

A new kind of period (a week for 周检点周排队) is a subclass filling in the abstract members; no kind
changes (tests/test_periods.py defines one from this module alone).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from generators.errors import GongwenError

_CHINESE_DIGITS = "一二三四"


class Period(ABC):
    """What every period knows. Subclasses are frozen dataclasses, so periods compare and hash by value."""

    year: int  # the year its cumulative figures belong to (a field of every subclass)

    # How the command line names a period of this type (「--quarter 2022Q3」) and what it looks like.
    OPTION: ClassVar[str]
    METAVAR: ClassVar[str]
    HELP: ClassVar[str]

    @classmethod
    @abstractmethod
    def parse(cls, text: str) -> Period:
        """The period written as a user types it (and as `key` writes it); a GongwenError otherwise."""

    @property
    @abstractmethod
    def key(self) -> str:
        """「2022-11」「2022Q3」「2022」: the register's subject, the output folder; `parse` reads it back."""

    @property
    @abstractmethod
    def month(self) -> Month:
        """The month whose cumulative table the period reports."""

    @property
    @abstractmethod
    def label(self) -> str:
        """A short name for messages and chart titles: 「2022年11月」「2022年第三季度」「2022年1-11月」."""

    @property
    @abstractmethod
    def words(self) -> str:
        """The period as a document names it in its title and annexes: 「2022年11月份」「2022年第三季度」
        「截至2022年11月底」「2022年」."""

    @property
    @abstractmethod
    def first_day(self) -> dt.date:
        """The period's first day."""

    @abstractmethod
    def compared(self) -> Period:
        """The period it is compared with (上月, 上季度末, 上年同期 / 上年)."""

    @property
    @abstractmethod
    def compared_name(self) -> str:
        """「上月」「上季度末」「上年同期」「上年」: the compared period in a sentence."""

    @property
    def not_compared(self) -> str:
        """Why the period is not compared with `compared()` (cumulative figures restart in January); "" when it is."""
        return ""

    @property
    def routine(self) -> str:
        """The office's routine that reports on periods of this type, as a document names it (「月调度、月通报」
        in 「按照月调度、月通报工作机制」); "" when there is none to name."""
        return ""

    @property
    def compared_words(self) -> str:
        """「较上月」「较上季度末」「较上年同期」: how a change on the compared period opens."""
        return "较" + self.compared_name

    @property
    def schedule(self) -> Decimal:
        """序时进度: the share of the year gone by the end of the period (its month)."""
        return Decimal(self.month.number) / 12

    @property
    def as_of(self) -> str:
        """「截至2022年11月底」: the day the cumulative figures run to."""
        return f"截至{self.month.year}年{self.month.number}月底"

    @property
    def tables(self) -> str:
        """The counties' tables the period reads, as a sentence names them: 「本月报表」「9月报表」."""
        return f"{self.month.number}月报表"

    @property
    def last_day(self) -> dt.date:
        return self.month.last_day

    def __str__(self) -> str:
        return self.key


@dataclass(frozen=True, order=True)
class Month(Period):
    """A calendar month, as the documents speak of it."""

    year: int
    number: int

    OPTION: ClassVar[str] = "month"
    METAVAR: ClassVar[str] = "YYYY-MM"
    HELP: ClassVar[str] = "月份，如 2022-11。"

    def __post_init__(self):
        if not 1 <= self.number <= 12:
            raise GongwenError(f"月份「{self.number}」不对，应为1到12。")

    @classmethod
    def parse(cls, text: str) -> Month:
        m = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*份?\s*", text or "")
        if not m or not 1 <= int(m[2]) <= 12:
            raise GongwenError(f"月份「{text}」格式不对，应写成 2022-11 这样的年-月。")
        return cls(int(m[1]), int(m[2]))

    @property
    def month(self) -> Month:
        return self

    @property
    def key(self) -> str:
        return f"{self.year}-{self.number:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.number}月"

    @property
    def words(self) -> str:
        return self.label + "份"

    @property
    def tables(self) -> str:
        return "本月报表"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.number, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.number, calendar.monthrange(self.year, self.number)[1])

    def compared(self) -> Month:
        return self.previous()

    @property
    def compared_name(self) -> str:
        return "上月"

    @property
    def routine(self) -> str:
        return "月调度、月通报"

    @property
    def not_compared(self) -> str:
        return "1月为年度首月，累计数据重新起算，不与上年12月比较" if self.number == 1 else ""

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.number == 1 else Month(self.year, self.number - 1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.number == 12 else Month(self.year, self.number + 1)


@dataclass(frozen=True, order=True)
class Quarter(Period):
    """A quarter (一季一点评), reported by its last month's cumulative figures and compared with the last quarter's."""

    year: int
    number: int  # 1 to 4

    OPTION: ClassVar[str] = "quarter"
    METAVAR: ClassVar[str] = "YYYYQn"
    HELP: ClassVar[str] = "季度，如 2022Q3（用9月底的累计数，与6月底比较）。"

    def __post_init__(self):
        if not 1 <= self.number <= 4:
            raise GongwenError(f"季度「{self.number}」不对，应为1到4。")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        digits = "".join(str(_CHINESE_DIGITS.index(c) + 1) if c in _CHINESE_DIGITS else c for c in text or "")
        m = re.fullmatch(r"\s*(\d{4})\s*(?:[-/. ]?\s*[Qq]\s*(\d)|年\s*第?\s*(\d)\s*季度?)\s*", digits)
        number = int(m[2] or m[3]) if m else 0
        if not m or not 1 <= number <= 4:
            raise GongwenError(f"季度「{text}」格式不对，应写成 2022Q3 这样的年份加季度（Q1到Q4）。")
        return cls(int(m[1]), number)

    @property
    def month(self) -> Month:
        return Month(self.year, 3 * self.number)

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{_CHINESE_DIGITS[self.number - 1]}季度"

    @property
    def words(self) -> str:
        return self.label

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    def compared(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def compared_name(self) -> str:
        return "上季度末"

    @property
    def routine(self) -> str:
        return "一季一点评"

    @property
    def not_compared(self) -> str:
        return "第一季度为年度首季，累计数据从1月重新起算，不与上年第四季度比较" if self.number == 1 else ""


@dataclass(frozen=True, order=True)
class YearToDate(Period):
    """A year up to the end of a month (a summary drafted in December says 「截至11月底」); through December
    it is the finished year. Compared with the same months of the year before."""

    year: int
    through: int = 12

    OPTION: ClassVar[str] = "year"
    METAVAR: ClassVar[str] = "YYYY"
    HELP: ClassVar[str] = "年度，如 2022。"

    def __post_init__(self):
        if not 1 <= self.through <= 12:
            raise GongwenError(f"截至月份「{self.through}」不对，应为1到12。")

    @classmethod
    def parse(cls, text: str) -> YearToDate:
        m = re.fullmatch(r"\s*(\d{4})\s*年?\s*(?:1\s*[-－—~至到]\s*(\d{1,2})\s*月?|(1)\s*月)?\s*", text or "")
        through = int(m[2] or m[3]) if m and (m[2] or m[3]) else 12
        if not m or not 1 <= through <= 12:
            raise GongwenError(f"年度「{text}」格式不对，应写成 2022，或 2022年1-11月 这样截至某月。")
        return cls(int(m[1]), through)

    @classmethod
    def to(cls, month: Month) -> YearToDate:
        """The year of `month`, up to its end."""
        return cls(month.year, month.number)

    @classmethod
    def through_text(cls, year: int, through: str | None) -> YearToDate:
        """`year`, or `year` up to the month `through` names (「2022-11」, as --through takes it)."""
        if not through:
            return cls(year)
        month = Month.parse(through)
        if month.year != year:
            raise GongwenError(f"截至「{through}」不在{year}年：截至的月份应是{year}年的某个月，如 {year}-11。")
        return cls.to(month)

    @property
    def finished(self) -> bool:
        """Through December: the whole year."""
        return self.through == 12

    @property
    def month(self) -> Month:
        return Month(self.year, self.through)

    @property
    def key(self) -> str:
        return str(self.year) if self.finished else self._span

    @property
    def label(self) -> str:
        return f"{self.year}年" if self.finished else self._span

    @property
    def _span(self) -> str:
        """「2022年1-11月」; January alone is 「2022年1月」."""
        return f"{self.year}年1月" if self.through == 1 else f"{self.year}年1-{self.through}月"

    @property
    def words(self) -> str:
        return f"{self.year}年" if self.finished else self.as_of

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    def compared(self) -> YearToDate:
        return YearToDate(self.year - 1, self.through)

    @property
    def compared_name(self) -> str:
        return "上年" if self.finished else "上年同期"


PERIODS: tuple[type[Period], ...] = (Month, Quarter, YearToDate)
