"""Everything the year's documents read, read once and checked together.

The summary (and `gen validate --year`) read: 年度总结.xlsx, the reported month's table (December, holding
the year's cumulative figures and any monthly column a year-level figure names), the same month a year
before, the months of the year for the line chart, 年度数据 of the year and of the year before. Every
problem of every file, and every figure named where it cannot be found, is one DataError.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from generators.errors import GongwenError, Problem, Source
from generators.reading import placeholders
from generators.reading.entry import Gathered, read_period
from generators.reading.periods import Month, YearToDate
from generators.reading.report import active
from generators.reading.tables import MonthData
from generators.reading.workspace import MONTHS_DIR, Workspace
from generators.reading.yearly import (
    CONFIG_FILE,
    YEAR_DIR,
    Config,
    YearIndicator,
    YearTable,
    read_config,
    read_year,
    with_month,
    year_path,
)


@dataclass
class YearInputs:
    period: YearToDate  # the finished year, or the year through a month
    month: Month  # the month whose cumulative figures are reported
    config: Config
    data: MonthData
    months: dict[int, MonthData]  # the year's months up to `month`, for the line chart
    before: MonthData | None  # the same month a year before
    table: YearTable | None  # this year's year-level columns (年度数据 and the month's)
    previous: YearTable | None
    used: list[YearIndicator]  # the year-level figures the documents name
    omissions: list[str] = field(default_factory=list)  # comparisons left out, said on stderr
    previous_file: bool = False  # last year's 年度数据 exists (else its columns can only come from the month)

    @property
    def year(self) -> int:
        return self.period.year


def _prose_texts(config: Config):
    """(text, where) of every office sentence that may hold placeholders."""
    for section in [*config.sections, *config.frame.values()]:
        for p in section.paragraphs:
            for text in (p.lead, p.text, section.heading):
                if text:
                    yield text, p.text_source or p.source


def named(config: Config) -> list[tuple[str, Source]]:
    """Every figure the sections and their placeholders name, with where."""
    found = [(code, p.source) for s in config.sections for p in s.paragraphs for code in p.figures]
    for text, where in _prose_texts(config):
        for inner in placeholders.PLACEHOLDER.findall(text):
            ph = placeholders.parse(inner.strip())
            if not isinstance(ph, str):
                found.append((ph.name, where))
    return found


def unknown(config: Config, monthly: set[str]) -> list[Problem]:
    """Figures named in 「部分」 that neither 指标.xlsx nor 「年度指标」 defines."""
    known = monthly | {i.code for i in config.indicators} | {i.name for i in config.indicators}
    problems = []
    for section in config.sections:
        for p in section.paragraphs:
            for code in p.figures:
                if code not in known:
                    problems.append(
                        Problem(
                            p.source,
                            f"「{section.heading}」中的指标「{code}」既不在指标.xlsx中，也不在「年度指标」中",
                            code,
                            "指标的代码或名称",
                        )
                    )
    for text, where in _prose_texts(config):
        for inner in placeholders.PLACEHOLDER.findall(text):
            ph = placeholders.parse(inner.strip())
            if (
                not isinstance(ph, str)
                and ph.name not in known
                and inner.strip() not in (*placeholders.YEAR_WORDS, placeholders.AS_OF)
            ):
                problems.append(
                    Problem(where, f"占位符「【{inner}】」中的指标「{ph.name}」既不在指标.xlsx中，也不在「年度指标」中")
                )
    return problems


def used_indicators(config: Config) -> list[YearIndicator]:
    """The year-level figures named, with the wholes their shares need and their parts' parents."""
    by_key = {i.code: i for i in config.indicators} | {i.name: i for i in config.indicators}
    wanted = {by_key[c].code for c, _ in named(config) if c in by_key}
    while True:
        more = {by_key[r].code for i in config.indicators if i.code in wanted for r in (i.share_of,) if r in by_key}
        if more <= wanted:
            break
        wanted |= more
    return [i for i in config.indicators if i.code in wanted]


def missing_columns(
    ws: Workspace, used: list[YearIndicator], table: YearTable | None, year: int, where: str, has_file: bool
) -> list[Problem]:
    """Year-level figures whose columns are neither in 年度数据 nor in the month table."""
    problems = []
    year_file = (
        f"{year}年的年度数据"
        if has_file
        else f"{year}年的年度数据（「{ws.display(ws.path(YEAR_DIR))}」中没有文件名含「{year}」的表格）"
    )
    for ind in used:
        absent = [c for c in ind.columns if table is None or c not in table.columns]
        if absent and table is not None and table.header is not None:  # a misnamed column of 年度数据, likely
            for column in absent:
                close = difflib.get_close_matches(column, [n for n in table.names if n not in table.columns], 1, 0.4)
                hint = f"，最接近的是「{close[0]}」" if close else ""
                problems.append(
                    Problem(
                        table.header,
                        f"表头中找不到「{column}」列{hint}（「年度指标」中「{ind.name}」用到这一列，{where}中也没有）",
                        expected=f"表头中有一列写着「{column}」",
                    )
                )
        elif absent:
            problems.append(
                Problem(
                    ind.source or Source("年度总结.xlsx", "年度指标"),
                    f"「{ind.name}」的列{'、'.join(f'「{c}」' for c in absent)}既不在{year_file}中，也不在{where}中",
                    expected="年度数据或月报表头中的列名",
                )
            )
    return problems


def latest_month(ws: Workspace, year: int) -> Month | None:
    """The latest month of `year` that has a table."""
    return next((m for m in (Month(year, n) for n in range(12, 0, -1)) if ws.month_path(m) is not None), None)


def read(ws: Workspace, period: YearToDate, *, charts: bool = True) -> YearInputs:
    """Read the year's inputs for the period (the finished year, or the year through a month); one
    DataError lists every problem of every file."""
    year, month = period.year, period.month
    if period.finished and ws.month_path(month) is None:
        latest = latest_month(ws, year)
        hint = (
            f"最近的是{latest.label}的月报；年底前起草的总结请加 --through {latest.key}（写「截至{latest.number}月底」）"
            if latest is not None
            else f"{year}年还没有任何月报"
        )
        raise GongwenError(
            f"没有{year}年12月的数据：年度总结用12月的累计数，「{ws.display(ws.path(MONTHS_DIR))}」中找不到"
            f"文件名含「{month.key}」的文件或文件夹。{hint}。"
        )
    gathered = Gathered(ws)
    config, _ = gathered.attempt(lambda: read_config(ws), CONFIG_FILE)
    indicators, _ = gathered.attempt(lambda: ws.indicators, MONTHS_DIR)
    used = used_indicators(config) if config else []
    columns = list(dict.fromkeys(c for ind in used for c in ind.columns))
    table, year_read = gathered.attempt(lambda: read_year(ws, year, used), YEAR_DIR) if used else (None, True)
    previous, _ = gathered.attempt(lambda: read_year(ws, year - 1, used), YEAR_DIR) if used else (None, True)
    if config is not None:
        gathered.add(unknown(config, {i.code for i in indicators or ()} | {i.name for i in indicators or ()}))
    last = period.compared()
    read_ = read_period(
        ws,
        period,
        series=charts,
        complete_for=f"年度总结用{month.number}月的累计数，",
        compared_complete_for=f"与{last.year}年比较，",
        gathered=gathered,
        optional=columns,
    )
    assert config is not None
    data, before = read_.current, read_.compared
    has_file, had_previous = year_path(ws, year) is not None, previous is not None
    as_of = not period.finished  # the month's figures are the ones as of its end
    table, warned = with_month(table, data, columns, year, data.path, as_of)
    previous, warned_before = with_month(previous, before, columns, year - 1, before.path if before else "", as_of)
    if as_of and before is None and previous is not None:  # last year's year-end figure is not 上年同期
        monthly = {c for c in columns if any(c in row for row in data.values.values())}
        previous.columns = tuple(c for c in previous.columns if c not in monthly)
    if year_read:
        gathered.add(missing_columns(ws, used, table, year, f"{month.label}的月报", has_file))
    gathered.check()
    report = active()
    if report is not None and (warned or warned_before):
        report.add(warned + warned_before)
        report.stop_if_strict(warned + warned_before, f"{year}年的年度数据")
    omissions: list[str] = []
    if before is None:
        omissions.append(f"没有{last.month.label}的月报，文中不写重点指标较{period.compared_name}的变化")
    if as_of and table is not None:  # what the month's table does not hold can only be the office's year figure
        kept = [i.name for i in used if not i.as_of and any(table.origin.get(c) != data.path for c in i.columns)]
        if kept:
            omissions.append(
                f"{'、'.join(f'「{n}」' for n in kept)}取自{year}年的年度数据，不是{month.label}的月报：如不是"
                f"{period.as_of}的数，请在年度总结.xlsx「截至」列注明，或等全年数据后再写"
            )
    return YearInputs(
        period,
        month,
        config,
        data,
        {m.number: d for m, d in read_.series.items()},
        before,
        table,
        previous,
        used,
        omissions,
        had_previous,
    )
