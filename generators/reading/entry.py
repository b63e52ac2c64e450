"""The one door every document kind reads through: a period's tables and its compared period's, always checked.

`read_period(ws, period)` reads everything the period needs — settings, roster, indicators, the year's
targets, the table of the period's month, the table of the period it is compared with (and, with `series`,
every earlier month of the year), the problem ledger when asked — and then always runs the checks that
make the figures trustworthy: the indicator definitions against the data (`check_definitions`) and
plausibility (a cumulative figure that fell, a value more than ten times the compared period's or the
annual target). Every problem of every file comes back in one DataError, grouped by file; warnings and
notes go to the running command's report, and with --strict stop the run.

A kind's own inputs (the summary's year tables, the work plan's tasks) are read with `Gathered`, so their
problems join the tables' in the same DataError.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from generators.errors import Code, DataError, GongwenError, Problem, Source, StrictStop
from generators.reading.periods import Month, Period
from generators.reading.report import active
from generators.reading.tables import (
    MonthData,
    check_changes,
    check_definitions,
    check_repeats,
    check_targets,
    missing_month,
    read_tables,
)
from generators.reading.workspace import MONTHS_DIR, SETTINGS_FILE, Workspace

T = TypeVar("T")


@dataclass
class PeriodData:
    """A period's validated tables: its month's, its compared period's, and (with `series`) the year's earlier months."""

    period: Period
    current: MonthData
    compared: MonthData | None  # None when the compared period has no table (the documents say so)
    series: dict[Month, MonthData] = field(default_factory=dict)  # earlier months of the year that have a table
    # The month before the period's month, when that is not the compared period's (a quarter's September is
    # held to August as well as to June): the tightest check of a typed digit too many.
    prior: MonthData | None = None

    @property
    def months(self) -> dict[Month, MonthData]:
        """Every month of the year read, in order, the period's own last."""
        return {**self.series, self.current.month: self.current}


class Gathered:
    """Problems of several readers, kept until `check()` raises them as one DataError.

    A --strict stop is a decision, not a problem to gather: it goes through at once.
    """

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.problems: list[Problem] = []
        self._seen: set[tuple] = set()

    def attempt(self, read: Callable[[], T], where: str | None = None) -> tuple[T | None, bool]:
        """(what `read` returned, True), or (None, False) with its problems kept. With `where` (a file or folder
        of the workspace), a whole-file message (two files for one month, settings that do not parse) is kept
        as a problem of it; without, it stops the run at once."""
        try:
            return read(), True
        except StrictStop:
            raise
        except DataError as exc:
            self.add(exc.problems)
        except GongwenError as exc:
            if where is None:
                raise
            self.add([Problem(Source(self.ws.display(self.ws.path(where))), str(exc).rstrip("。"))])
        return None, False

    def add(self, problems: list[Problem]) -> None:
        """Keep `problems`, each once: readers that share a broken input (the roster) all meet its problems."""
        for p in problems:
            key = (p.source, p.message, repr(p.value), p.expected)
            if key not in self._seen:
                self._seen.add(key)
                self.problems.append(p)

    def check(self) -> None:
        if self.problems:
            raise DataError(self.problems)


def read_period(
    ws: Workspace,
    period: Period,
    *,
    series: bool = False,
    ledger: bool | None = None,
    complete_for: str = "",
    compared_complete_for: str = "",
    gathered: Gathered | None = None,
    optional: Sequence[str] = (),
) -> PeriodData:
    """The period's data and its compared period's, read and checked; see the module's docstring.

    `series`: also every earlier month of the period's year that has a table (a year's line chart).
    `ledger`: also the problem ledger (by default when the running command's report asks for it).
    `complete_for` / `compared_complete_for`: what needs every county in that table (「年度总结用12月的累计数，」):
    a county that did not report is then an error, not a 全市 summed over the counties that did.
    `gathered`: problems a kind's own readers found before, raised with these.
    `optional`: further columns read where a month's header has them (the summary's year-level figures).
    """
    report = active()
    if ledger is None:
        ledger = bool(report and report.ledger)
    gathered = gathered or Gathered(ws)
    notes: list[Problem] = []

    def month_data(month: Month, required: bool, complete: str = "") -> MonthData | None:
        path, ok = gathered.attempt(lambda: ws.month_path(month), MONTHS_DIR)
        if path is None:
            if ok and required:
                gathered.add([missing_month(ws, month, period)])
            return None
        data, found = read_tables(ws, month, path, optional)
        if complete and data.unreported:
            found.append(
                Problem(
                    Source(data.path),
                    f"没有{'、'.join(data.unreported)}的报表，{complete}需要每个县区的数据",
                    expected="每个县区一个工作簿",
                )
            )
        gathered.add(found)
        notes.extend(data.notes)
        return None if found else data

    gathered.attempt(lambda: ws.settings, SETTINGS_FILE)  # every command uses them: their problems join the rest
    _, roster_ok = gathered.attempt(lambda: ws.roster, MONTHS_DIR)
    _, indicators_ok = gathered.attempt(lambda: ws.indicators, MONTHS_DIR)
    compared = period.compared()
    result = None
    if roster_ok and indicators_ok:
        gathered.attempt(lambda: ws.targets(period.year), MONTHS_DIR)
        if compared.year != period.year and not period.not_compared:  # its 完成率 are figured too
            gathered.attempt(lambda: ws.targets(compared.year), MONTHS_DIR)
        current = month_data(period.month, required=True, complete=complete_for)
        # A period that is not compared (January, Q1: the figures restarted) never reads the table it would be.
        before = (
            None if period.not_compared else month_data(compared.month, required=False, complete=compared_complete_for)
        )
        read = {compared.month: before}
        earlier = period.month.previous()
        wanted = [Month(period.year, n) for n in range(1, period.month.number)] if series else []
        if earlier.year == period.year and earlier not in wanted:
            wanted.append(earlier)
        for month in wanted:
            if month not in read:
                read[month] = month_data(month, required=False)
        if current is not None:
            months = {m: t for m in wanted if series and (t := read[m]) is not None}
            prior = read.get(earlier) if earlier != compared.month else None
            result = PeriodData(period, current, before, months, prior)
    if ledger:
        from generators.reading.ledger import read_ledger

        gathered.attempt(lambda: read_ledger(ws), MONTHS_DIR)
    if result is not None and not gathered.problems:
        _check(ws, result, gathered.problems)
    if report is not None:
        report.add(_warnings(result), notes)
    if gathered.problems or result is None:
        raise DataError(gathered.problems)
    if report is not None:
        report.stop_if_strict()
    return result


def _warnings(data: PeriodData | None) -> list[Problem]:
    """The warnings of every table read; of the tables only compared with, none about blanks: what the
    document does not print, it does not warn of."""
    if data is None:
        return []
    tables = {id(t): t for t in [*data.months.values(), data.prior] if t is not None and t is not data.compared}
    found = [w for table in tables.values() for w in table.warnings]
    if data.compared is not None:
        found += [w for w in data.compared.warnings if w.code is not Code.BLANK]
    return found


def _check(ws: Workspace, data: PeriodData, problems: list[Problem]) -> None:
    """Definitions and plausibility: errors go to `problems`, warnings to the table they are about.

    The period's month is held to the month before it and to the period it is compared with (when of the
    same year: cumulative figures restart in January); each earlier month of a series to the month before
    it; every month of the year read to its targets.
    """

    def keep(
        table: MonthData, found: tuple[list[Problem], list[Problem]], flagged: frozenset[Source] = frozenset()
    ) -> None:
        problems.extend(p for p in found[0] if p.source not in flagged)
        table.warnings += [w for w in found[1] if w.source not in flagged]

    keep(data.current, check_definitions(ws, data.current))
    for month, table in data.months.items():
        if table is data.current:
            flagged: frozenset[Source] = frozenset()
            if data.prior is not None:
                changes = check_changes(ws, table, data.prior, month.compared_name)
                keep(table, changes)
                flagged = frozenset(p.source for p in changes[0] + changes[1])
            if data.compared is not None:  # a cell already questioned against the month before is not asked twice
                keep(table, check_changes(ws, table, data.compared, data.period.compared_name), flagged)
        elif (earlier := data.series.get(month.previous())) is not None:
            keep(table, check_changes(ws, table, earlier, month.compared_name))
        keep(table, check_targets(ws, table))
    last_month = data.prior or (
        data.compared if data.period.compared().month == data.current.month.previous() else None
    )
    data.current.warnings += check_repeats(data.current, last_month)  # last month's table sent again
