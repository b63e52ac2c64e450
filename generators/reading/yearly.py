"""Year-level inputs of the annual summary: the office's own year tables and the summary's configuration.

- 年度数据/<year>年.xlsx: one row per county, figures the monthly table does not carry
  (脱贫人口人均纯收入 with 脱贫人口数, 防返贫保险 保费/赔付 …). A county the office marks 「未报」 in a
  cell is left out of that figure's sums, and the sentence says whose sums they are.
- 年度总结.xlsx, sheet 「年度指标」: how each year-level figure is computed (合计, 人均 weighted by a
  population column, 比率 of sums), whether it comes in a pair (户 with 人: 「配对列」), what it is a
  share or a part (其中) of, how its change on the year before is written, its decimals. Its columns
  may be columns of the month table the summary reports (监测对象户数 …) as well as of 年度数据.
- 年度总结.xlsx, sheet 「部分」: the summary's sections, their paragraphs' lead sentences, the
  office's prose and which figures each paragraph carries, so another city regroups without code.

Read with the same machinery as every other table (sheets.read_table, cells, the roster); every
problem names its file, sheet and cell, and all problems are reported together.

Longer than 400 lines: the year tables and 年度总结.xlsx's two sheets are read with their own cell rules and cross-checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generators.errors import DataError, GongwenError, Problem, Source
from generators.reading import cells
from generators.reading.sheets import TABLE_SUFFIXES, read_table
from generators.reading.workspace import MAX_PLACES, Workspace

CONFIG_FILE = "年度总结.xlsx"
YEAR_DIR = "年度数据"
METHODS = ("合计", "人均", "比率")
# How 较上年 is written: 增减 「较2021年增加3.12万人，增幅为12.9%」, 提高到 「从5093元提高到6108元」 (a standard),
# 达到 「达到上年度的152.98%」, 百分点 「较2021年提高1.88个百分点」 (a rate), 不写: no comparison.
COMPARISONS = ("增减", "提高到", "达到", "百分点", "不写")
DIRECTIONS = ("越高越好", "越低越好")
UNREPORTED = ("未报", "未报送")  # what the office types in a cell for a county that did not report the figure
TOTAL_NAMES = ("合计", "全市", "总计")
# First 「部分」 rows of these names are the frame's own paragraphs, not numbered sections: the summary's
# opening and closing, and the 报告's (「现将……报告如下」 … 「特此报告。」).
OPENING, CLOSING, REPORT_OPENING, REPORT_CLOSING = "开头", "结尾", "报告开头", "报告结尾"
FRAME_PARTS = (OPENING, CLOSING, REPORT_OPENING, REPORT_CLOSING)
CONFIG_OPTIONAL = (
    "单位",
    "权数列",
    "配对列",
    "配对单位",
    "占比于",
    "其中",
    "方向",
    "较上年",
    "全部时写",
    "小数位",
    "截至",
)
BLANK_EXPECTED = "数字；县区确实没有报送的，写「未报」（文中写明全市数为其余县区之和）"


@dataclass(frozen=True)
class YearIndicator:
    """A year-level figure, as 年度总结.xlsx 「年度指标」 defines it."""

    code: str
    name: str
    column: str
    unit: str
    method: str  # 合计: Σ; 人均: Σ(value × weight) ÷ Σweight; 比率: Σcolumn ÷ Σweight
    weight: str | None  # the population column (人均) or the denominator column (比率)
    pair: str | None  # a second quantity said with the first: 户 then 人
    pair_unit: str
    share_of: str | None  # code of the figure whose total this one is a share of (in their common unit)
    source: Source | None
    part_of: str | None = None  # 其中: the figure this one is a part of
    higher_is_better: bool = True
    compare: str = ""  # one of COMPARISONS; "" → 百分点 for a 比率, 增减 otherwise
    all_done: str = ""  # 全部时写: 「已全部开工」, said instead of the share or rate when the part is the whole
    places: int | None = None  # 小数位: decimals of the printed value (a percent, or 万/亿); None: the rule's
    as_of: str = ""  # 截至: 「三季度」, when the figure is known only to a date

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c for c in (self.column, self.weight, self.pair) if c)

    @property
    def is_rate(self) -> bool:
        return self.method == "比率"

    @property
    def comparison(self) -> str:
        return self.compare or ("百分点" if self.is_rate else "增减")

    @property
    def units(self) -> tuple[str, ...]:
        """The units it is counted in: 户 and 人 for a pair."""
        return (self.unit, self.pair_unit) if self.pair else (self.unit,)


def common_unit(part: YearIndicator, whole: YearIndicator) -> str | None:
    """The unit a share of `whole` is computed in: persons of persons for two 户+人 pairs (the pair's
    second quantity first), else the one unit both are counted in; None when they share none."""
    for unit in (part.pair_unit if part.pair else None, part.unit):
        if unit and unit in whole.units:
            return unit
    return None


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a section: bold lead sentence, the office's prose, the figures it carries."""

    lead: str
    text: str
    groups: tuple[tuple[str, ...], ...]  # codes or names as written; 「a+b」 are said in one sentence
    source: Source
    text_source: Source | None = None  # the 文字 cell, for problems in its placeholders

    @property
    def figures(self) -> tuple[str, ...]:
        return tuple(code for group in self.groups for code in group)


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[Paragraph, ...]


@dataclass
class Config:
    """年度总结.xlsx: the year-level figures and the sections (the frame's own paragraphs apart)."""

    indicators: list[YearIndicator]
    sections: list[Section]
    frame: dict[str, Section] = field(default_factory=dict)  # 开头, 结尾, 报告开头, 报告结尾 → their paragraphs
    path: str = CONFIG_FILE


@dataclass
class YearTable:
    """One year's county figures by column: 年度数据 and, for columns it lacks, the month table.

    values: county → column → number (None: the county left it blank or the office marked it 「未报」).
    """

    year: int
    path: str
    values: dict[str, dict[str, Decimal | None]]
    sources: dict[str, dict[str, Source]]
    columns: tuple[str, ...] = ()  # the columns the table has
    unreported: dict[str, set[str]] = field(default_factory=dict)  # county → columns marked 「未报」
    totals: dict[str, tuple[Decimal, Source]] = field(default_factory=dict)  # the 合计 row
    origin: dict[str, str] = field(default_factory=dict)  # column → the file it was read from
    header: Source | None = None  # 年度数据's header row and the columns it names
    names: tuple[str, ...] = ()

    def has(self, *columns: str | None) -> bool:
        return all(c is None or c in self.columns for c in columns)


def _prose(value) -> str:
    """The office's own words as typed: full-width punctuation kept (cells.text folds it), outer spaces trimmed."""
    return "" if value is None else str(value).strip()


def _codes(text: str) -> tuple[tuple[str, ...], ...]:
    """「xsb、jcdx、bxbf+bxpf+pfl」: figures said one by one, those joined by 「+」 in one sentence."""
    items = (c.strip() for c in re.split(r"[、,，;；\n]", text))
    return tuple(tuple(p.strip() for p in re.split(r"[+＋]", item) if p.strip()) for item in items if item)


def _indicator(rec, problems: list[Problem]) -> YearIndicator | None:
    before = len(problems)
    method = rec.text("算法")
    weight = rec.text("权数列") or None
    if method not in METHODS:
        problems.append(Problem(rec.sources["算法"], "「算法」不对", method, "「" + "」或「".join(METHODS) + "」"))
    elif method != "合计" and not weight:
        problems.append(Problem(rec.row_source, f"{method}指标缺少「权数列」", expected="人口数或分母所在的列名"))
    pair = rec.text("配对列") or None
    if pair and not rec.text("配对单位"):
        problems.append(Problem(rec.row_source, "有「配对列」却没有「配对单位」", expected="如「人」"))

    def choice(column: str, allowed: tuple[str, ...]) -> str:
        value = rec.text(column)
        if value and value not in allowed:
            problems.append(
                Problem(rec.sources[column], f"「{column}」不对", value, "「" + "」或「".join(allowed) + "」")
            )
        return value

    direction = choice("方向", DIRECTIONS)
    compare = choice("较上年", COMPARISONS)
    if compare == "百分点" and method != "比率":
        problems.append(
            Problem(
                rec.sources["较上年"], "只有比率指标的变化按百分点写", compare, "「增减」「提高到」「达到」或「不写」"
            )
        )
    if compare in ("提高到", "达到", "增减") and method == "比率":
        problems.append(Problem(rec.sources["较上年"], "比率指标的变化按百分点写", compare, "「百分点」或「不写」"))
    places: int | None = None
    if rec.text("小数位"):
        try:
            number = cells.number(rec.get("小数位"))
        except cells.NotANumber:
            number = None
        if number is None or number != int(number) or not 0 <= number <= MAX_PLACES:
            problems.append(
                Problem(rec.sources["小数位"], "「小数位」不对", rec.get("小数位"), f"0到{MAX_PLACES}的整数")
            )
        else:
            places = int(number)
    if len(problems) > before:
        return None
    return YearIndicator(
        code=rec.text("代码") or rec.text("指标名称"),
        name=rec.text("指标名称"),
        column=rec.text("数据列"),
        unit=rec.text("单位") or ("%" if method == "比率" else ""),
        method=method,
        weight=weight,
        pair=pair,
        pair_unit=rec.text("配对单位"),
        share_of=rec.text("占比于") or None,
        source=rec.row_source,
        part_of=rec.text("其中") or None,
        higher_is_better=direction != "越低越好",
        compare=compare,
        all_done=_prose(rec.get("全部时写")),
        places=places,
        as_of=_prose(rec.get("截至")),
    )


def _check_references(indicators: list[YearIndicator]) -> list[Problem]:
    """占比于 and 其中 name a known figure counted in a unit the two share (never households of persons)."""
    problems: list[Problem] = []
    by_key = {i.code: i for i in indicators} | {i.name: i for i in indicators}

    def where(ind: YearIndicator) -> Source:
        return ind.source or Source(CONFIG_FILE, "年度指标")

    def definition(ind: YearIndicator) -> str:
        return f"「{ind.name}」（{'、'.join(u for u in ind.units if u) or '无单位'}，{where(ind).cell or where(ind)}）"

    for ind in indicators:
        for column, ref in (("占比于", ind.share_of), ("其中", ind.part_of)):
            if not ref:
                continue
            whole = by_key.get(ref)
            if whole is None:
                problems.append(Problem(where(ind), f"「{column}」写的指标「{ref}」不在「年度指标」中"))
            elif whole is ind:
                problems.append(Problem(where(ind), f"「{column}」写的是指标自己", ref, "另一项指标的代码"))
            elif ind.is_rate or whole.is_rate:
                problems.append(Problem(where(ind), f"「{column}」的两项指标都应是数量（合计或人均），不能是比率", ref))
            elif common_unit(ind, whole) is None:
                problems.append(
                    Problem(
                        where(ind),
                        f"「{column}」跨了单位：{definition(ind)}与{definition(whole)}没有相同的单位，"
                        "占比只能在同一单位中计算（户数占总户数、人数占总人数）",
                        ref,
                        "单位相同的指标，或户、人成对的指标",
                    )
                )
        if ind.all_done and not (ind.is_rate or ind.share_of):
            problems.append(
                Problem(where(ind), "「全部时写」只用于比率指标或写了「占比于」的指标", ind.all_done, "留空")
            )
    return problems


def read_config(ws: Workspace) -> Config:
    """年度总结.xlsx: the year-level figure definitions and the sections, checked together."""
    path = ws.path(CONFIG_FILE)
    shown = ws.display(path)
    if not path.is_file():
        raise GongwenError(
            f"找不到年度总结配置「{shown}」，请参照 docs/数据格式.md 新建（含「年度指标」「部分」两张表）。"
        )
    problems: list[Problem] = []
    indicators: list[YearIndicator] = []
    try:
        records = read_table(path, shown, ["代码", "指标名称", "数据列", "算法"], CONFIG_OPTIONAL)
        problems += records.problems
    except DataError as exc:
        problems += exc.problems
        records = None
    for rec in records or ():
        ind = _indicator(rec, problems)
        if ind is not None:
            indicators.append(ind)
    problems += _check_references(indicators)

    sections: list[Section] = []
    try:
        parts = read_table(path, shown, ["部分", "段落引语", "指标"], ["文字"])
        problems += parts.problems
    except DataError as exc:
        problems += exc.problems
        parts = None
    heading = ""
    paragraphs: list[Paragraph] = []
    for rec in parts or ():
        if _prose(rec.get("部分")) and _prose(rec.get("部分")) != heading:
            if heading:
                sections.append(Section(heading, tuple(paragraphs)))
            heading, paragraphs = _prose(rec.get("部分")), []
        if not heading:
            problems.append(Problem(rec.sources["部分"], "第一行没有写「部分」（一级标题）", expected="如「一、…」"))
            continue
        if rec.text("段落引语") or rec.text("指标") or rec.text("文字"):
            paragraphs.append(
                Paragraph(
                    _prose(rec.get("段落引语")),
                    _prose(rec.get("文字")),
                    _codes(rec.text("指标")),
                    rec.sources["指标"],
                    rec.sources.get("文字"),
                )
            )
    if heading:
        sections.append(Section(heading, tuple(paragraphs)))
    frame = {s.heading: s for s in sections if s.heading in FRAME_PARTS}
    body = [s for s in sections if s.heading not in FRAME_PARTS]
    if not body and not problems:
        problems.append(Problem(Source(shown, "部分"), "「部分」表中没有正文部分", expected="至少一个部分"))
    if problems:
        raise DataError(problems)
    return Config(indicators, body, frame, shown)


def _column_kinds(indicators: list[YearIndicator]) -> dict[str, tuple[bool, str]]:
    """Column → (may hold a percentage, its counted unit for whole numbers only), from the figures using it."""
    kinds: dict[str, tuple[bool, str]] = {}
    for ind in indicators:
        counted = ind.unit if ind.unit in cells.COUNT_UNITS else ""
        kinds.setdefault(ind.column, (ind.unit == "%" and ind.method != "比率", counted))
        if ind.pair:
            kinds.setdefault(ind.pair, (False, ind.pair_unit if ind.pair_unit in cells.COUNT_UNITS else ""))
        if ind.weight and ind.method == "人均":  # a population: people are counted
            kinds.setdefault(ind.weight, (False, "人"))
    return kinds


def year_path(ws: Workspace, year: int) -> Path | None:
    """The one table in 年度数据/ whose name holds `year`; None when there is none."""
    folder = ws.path(YEAR_DIR)
    if not folder.is_dir():
        return None
    found = [
        p
        for p in sorted(folder.iterdir())
        if p.suffix.lower() in TABLE_SUFFIXES
        and not p.name.startswith(("~$", "."))
        and re.search(rf"(?<!\d){year}(?!\d)", p.stem)
    ]
    if len(found) > 1:
        raise GongwenError(f"{year}年有多份年度数据：" + "、".join(ws.display(p) for p in found) + "，请只保留一份。")
    return found[0] if found else None


def read_year(ws: Workspace, year: int, indicators: list[YearIndicator]) -> YearTable | None:
    """The year-level table of `year` (None when the office has none): every county present, numbers only.

    Only the columns the table has are read (a column it lacks may come from the month table, and last
    year's table needs only the columns compared); which ones it has is `columns`.
    """
    path = year_path(ws, year)
    if path is None:
        return None
    shown = ws.display(path)
    wanted = list(dict.fromkeys(c for ind in indicators for c in ind.columns))
    kinds = _column_kinds(indicators)
    records = read_table(path, shown, ["县区"], wanted)
    present = tuple(c for c in wanted if records and c in records[0].sources)
    problems: list[Problem] = list(records.problems)
    unreadable = {p.source for p in problems}
    values: dict[str, dict[str, Decimal | None]] = {}
    sources: dict[str, dict[str, Source]] = {}
    unreported: dict[str, set[str]] = {}
    totals: dict[str, tuple[Decimal, Source]] = {}
    for rec in records:
        county = ws.roster.match(rec.get("县区"))
        row: dict[str, Decimal | None] = {}
        for col in present:
            if rec.sources[col] in unreadable:  # an error value or an unsaved formula, already reported
                continue
            text = cells.text(rec.get(col))
            if county is not None and text in UNREPORTED:  # the office says the county did not report it
                unreported.setdefault(county.name, set()).add(col)
                row[col] = None
                continue
            if text in cells.BLANKS:
                if county is not None:  # it would drop the county from the city's sums unsaid
                    problems.append(
                        Problem(rec.sources[col], f"{county.name}「{col}」是空白", rec.get(col) or None, BLANK_EXPECTED)
                    )
                continue
            percent, whole = kinds.get(col, (False, ""))
            number = rec.number(col, problems, percent=percent, whole=whole)
            if number is not None:
                row[col] = number
        if county is None:
            if rec.text("县区") in TOTAL_NAMES:
                totals = {c: (v, rec.sources[c]) for c, v in row.items() if v is not None}
            else:
                problems.append(Problem(rec.sources["县区"], "县区名单中没有这个县区", rec.get("县区")))
            continue
        if county.name in values:
            problems.append(Problem(rec.sources["县区"], f"「{county.name}」重复出现", rec.get("县区")))
            continue
        values[county.name] = row
        sources[county.name] = dict(rec.sources)
    for name in ws.roster.names:
        if name not in values:
            problems.append(Problem(Source(shown), f"缺少「{name}」的数据", expected="县区名单中的每个县区都有一行"))
    for ind in indicators:
        if ind.method == "合计" or not ind.weight or ind.weight not in present:
            continue
        for name, row in values.items():
            if (
                row.get(ind.column) is not None
                and not row.get(ind.weight)
                and ind.weight not in unreported.get(name, ())
            ):
                problems.append(
                    Problem(
                        sources[name][ind.weight],
                        f"{name}「{ind.name}」的「{ind.weight}」为空或为0",
                        row.get(ind.weight),
                        "大于0",
                    )
                )
    if problems:
        raise DataError(problems)
    table = YearTable(
        year,
        shown,
        {n: values[n] for n in ws.roster.names},
        sources,
        present,
        unreported,
        totals,
        dict.fromkeys(present, shown),
        records.header,
        tuple(records.names),
    )
    _report(total_warnings(table, indicators), shown)
    return table


def total_warnings(table: YearTable, indicators: list[YearIndicator]) -> list[Problem]:
    """The 合计 row against the counties: a sum for a summed column, the weighted mean for a 人均 one."""
    warnings = []
    means = {i.column: i.weight for i in indicators if i.method == "人均" and i.weight}
    for col, (total, source) in table.totals.items():
        if col in means:
            pairs = [
                (v, p) for r in table.values.values() if (v := r.get(col)) is not None and (p := r.get(means[col]))
            ]
            den = sum((p for _, p in pairs), Decimal(0))
            if not den:
                continue
            counted = sum((v * p for v, p in pairs), Decimal(0)) / den
            what = "各县区按人口加权的平均数"
        else:
            counted = sum((v for r in table.values.values() if (v := r.get(col)) is not None), Decimal(0))
            what = "各县区之和"
        if abs(counted - total) > Decimal("0.01") * max(Decimal(1), abs(total) / 10**6):
            warnings.append(
                Problem(
                    source, f"合计行「{col}」与{what}{counted.quantize(Decimal('0.01')).normalize():f}不一致", total
                )
            )
    return warnings


def _report(warnings: list[Problem], what: str) -> None:
    from generators.reading.report import active

    report = active()
    if report is not None and warnings:
        report.add(warnings)
        report.stop_if_strict(warnings, what)


def with_month(
    table: YearTable | None, month, columns: list[str], year: int, path_label: str, prefer_month: bool = False
) -> tuple[YearTable | None, list[Problem]]:
    """`table` with the columns it lacks taken from the month table (`month`: tables.MonthData whose rows
    hold them), and (warnings) where a column is in both and a county's two figures disagree.

    For a finished year the year table's figure is the one used: the office keyed it on purpose; the warning
    names both cells. With `prefer_month` (a year not yet over: the figures run to the month's end) the
    month's figure is used where the month has the column, and the year table's is not what the text is about.
    """
    if month is None:
        return table, []
    found = [c for c in columns if any(c in row for row in month.values.values())]
    if not found:
        return table, []
    if table is None:
        table = YearTable(year, path_label, {n: {} for n in month.values}, {n: {} for n in month.values})
    warnings: list[Problem] = []
    added = []
    for col in found:
        if col in table.columns and prefer_month:
            table.columns = tuple(c for c in table.columns if c != col)  # taken from the month below
        if col in table.columns:
            for county, row in month.values.items():
                cell = row.get(col)
                mine = table.values.get(county, {}).get(col)
                if cell is None or cell.number is None or mine is None or cell.number == mine:
                    continue
                warnings.append(
                    Problem(
                        table.sources[county][col],
                        f"{county}「{col}」在年度数据中为{_plain(mine)}，在{month.month.label}月报中为"
                        f"{_plain(cell.number)}（{cell.source.file} {cell.source.cell}），两处不一致；年度总结用年度数据中的数",
                        mine,
                    )
                )
            continue
        added.append(col)
        table.origin[col] = month.path
        for county, row in month.values.items():
            cell = row.get(col)
            table.values.setdefault(county, {})[col] = None if cell is None else cell.number
            if cell is not None:
                table.sources.setdefault(county, {})[col] = cell.source
    table.columns = table.columns + tuple(added)
    return table, warnings


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"
