"""The workspace: office settings, county roster, indicator definitions, targets, and where each month is.

Everything a user configures is read here and checked, with errors that name the file and cell.

Longer than 400 lines: every file an office configures (settings, roster, indicators, targets, month folders) is found and checked here, one reader each.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import cached_property
from pathlib import Path

from generators.errors import DataError, GongwenError, Problem, Source
from generators.reading import cells
from generators.reading.periods import Month
from generators.reading.settings import Settings
from generators.reading.sheets import TABLE_SUFFIXES, figure, read_table

SETTINGS_FILE = "设置.yaml"
ROSTER_FILE = "县区名单.xlsx"
INDICATORS_FILE = "指标.xlsx"
TARGETS_DIR = "年度目标"
MONTHS_DIR = "月报"
LEDGER_FILE = "问题台账.xlsx"


MAX_PLACES = 4  # 「小数位」 an office may set per indicator: 71.6%, 1.3万人
RATE_CAP_LIMIT = 10  # a rate's 上限 above 1000% is a percent typed without its sign


@dataclass(frozen=True)
class County:
    name: str
    aliases: tuple[str, ...]
    order: int
    category: str = ""


class Method(Enum):
    """How an indicator's figure is made (指标.xlsx 「类型」), as the office writes it."""

    CUMULATIVE = "累计值"  # an amount summed since 1 January: it never falls within a year
    RATIO = "比率"  # Σnumerator / Σdenominator
    POINT = "时点值"  # the value at the month's end (在岗人数): it goes up and down, and is a stock


@dataclass(frozen=True)
class Indicator:
    """One ranked or reported indicator, as the office defines it in 指标.xlsx."""

    code: str
    name: str
    unit: str
    method: Method
    column: str
    denominator: str | None
    higher_is_better: bool
    scheduled: bool  # held against 序时进度
    weight: Decimal
    bound: Decimal | None
    source: Source | None = field(default=None, compare=False)  # its row in 指标.xlsx
    places: int | None = None  # 小数位: decimals of its printed value (a rate's percent, an amount's 万/亿)

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column, self.denominator) if self.denominator else (self.column,)

    @property
    def is_ratio(self) -> bool:
        return self.method is Method.RATIO

    @property
    def cumulative(self) -> bool:
        """Summed since January: a fall within the year is worth a warning, January starts again."""
        return self.method is Method.CUMULATIVE


def _split_aliases(value) -> tuple[str, ...]:
    return tuple(a for a in re.split(r"[、,，;；/]", cells.text(value)) if a)


class Roster:
    """The counties, in the order official listings use, found by name or alias."""

    def __init__(self, counties: list[County]):
        self.counties = sorted(counties, key=lambda c: c.order)
        self._lookup = {}
        for county in self.counties:
            for name in (county.name, *county.aliases):
                self._lookup[name] = county

    def match(self, value) -> County | None:
        return self._lookup.get(cells.text(value))

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.counties]

    def __len__(self):
        return len(self.counties)


@dataclass
class Workspace:
    """A workspace folder (default `data/`); each part is read and checked on first use."""

    root: Path
    _cache: dict = field(default_factory=dict, repr=False)
    _read: dict = field(default_factory=dict, repr=False)  # the files read through it, in order

    def __post_init__(self):
        from generators.reading import files

        self.root = Path(self.root)
        if not self.root.is_dir():
            raise GongwenError(f"找不到工作区文件夹「{self.root}」。请用 --data 指定存放月报和设置的文件夹。")
        files.watch(self)

    def saw(self, path: Path) -> None:
        """A file about to be read (reading/files.py tells): one in the workspace is an input of the document."""
        # Outside the workspace (a template given with --template) it is named apart. Not resolved: a
        # month file linked from elsewhere is still the workspace's input.
        with contextlib.suppress(ValueError):
            self._read.setdefault(Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root)), None)

    @property
    def inputs(self) -> list[Path]:
        """The workspace's files read so far (relative paths, sorted): what a document made now is made of."""
        return sorted(self._read)

    def path(self, name: str) -> Path:
        return self.root / name

    def display(self, path: Path) -> str:
        """A path as the user knows it: relative to the workspace when inside it."""
        try:
            return str(Path(self.root.name) / path.relative_to(self.root))
        except ValueError:
            return str(path)

    @cached_property
    def settings(self) -> Settings:
        from generators.reading.settings import load

        path = self.path(SETTINGS_FILE)
        return load(path, self.display(path))

    @cached_property
    def roster(self) -> Roster:
        path = self.path(ROSTER_FILE)
        records = read_table(path, self.display(path), ["县区名称"], ["序号", "别名", "类别"])
        counties: list[County] = []
        seen: dict[str, str] = {}
        # A name is typed, never computed: a formula here (saved result or not) is a mistake or an
        # attack, and without its result the county would silently vanish from every document.
        formulas = {
            rec.sources[n]: (n, rec.specials[n].text)
            for rec in records
            for n in ("县区名称", "别名")
            if n in rec.specials and rec.specials[n].kind == "formula"
        }
        problems = [p for p in records.problems if p.source not in formulas]
        problems += [
            Problem(where, f"「{column}」是公式，不是直接填写的名称", text, "直接填写县区名称（文字）")
            for where, (column, text) in formulas.items()
        ]
        for i, rec in enumerate(records, 1):
            if any(rec.sources[n] in formulas for n in ("县区名称", "别名") if n in rec.sources):
                continue
            name = rec.text("县区名称")
            if not name:
                continue
            order = rec.get("序号")
            try:
                number = cells.number(order) if cells.text(order) else None
                order = int(number) if number is not None else i
            except cells.NotANumber:
                problems.append(Problem(rec.sources["序号"], "序号不是数字", order, "整数"))
                continue
            county = County(name, _split_aliases(rec.get("别名")), order, rec.text("类别"))
            for alias in (name, *county.aliases):
                if alias in seen:
                    problems.append(Problem(rec.sources["县区名称"], f"名称或别名「{alias}」与{seen[alias]}重复"))
                seen[alias] = f"「{name}」"
            counties.append(county)
        if not counties and not problems:
            problems.append(Problem(Source(self.display(path)), "县区名单是空的", expected="至少一个县区"))
        if problems:
            raise DataError(problems)
        return Roster(counties)

    @cached_property
    def indicators(self) -> list[Indicator]:
        path = self.path(INDICATORS_FILE)
        records = read_table(
            path,
            self.display(path),
            ["指标名称", "类型", "数据列"],
            ["代码", "单位", "分母列", "方向", "序时进度", "权重", "上限", "小数位"],
        )
        problems, result = list(records.problems), []
        for rec in records:
            before = len(problems)

            def expect(name, allowed, rec=rec):
                value = rec.text(name)
                if value not in allowed:
                    problems.append(
                        Problem(rec.sources[name], f"「{name}」不对", value, "「" + "」或「".join(allowed) + "」")
                    )
                return value

            def decimal(name, default=None, rec=rec):
                if name not in rec.values or not rec.text(name):
                    return default
                try:
                    return cells.number(rec.get(name))
                except cells.NotANumber as exc:
                    problems.append(Problem(rec.sources[name], f"「{name}」{exc.reason}", rec.get(name), "数字"))

            kind = expect("类型", tuple(m.value for m in Method))
            direction = rec.text("方向") or "越高越好"
            if direction not in ("越高越好", "越低越好"):
                problems.append(Problem(rec.sources["方向"], "「方向」不对", direction, "「越高越好」或「越低越好」"))
            scheduled = rec.text("序时进度") or "否"
            if scheduled not in ("是", "否"):
                problems.append(Problem(rec.sources["序时进度"], "「序时进度」不对", scheduled, "「是」或「否」"))
            denominator = rec.text("分母列") or None
            if kind == "比率" and not denominator:
                problems.append(Problem(rec.row_source, "比率指标缺少「分母列」", expected="分母所在的列名"))
            weight = decimal("权重", Decimal(0))
            if weight is not None and weight < 0:
                problems.append(Problem(rec.sources["权重"], "权重不能为负数", weight, "0或正数"))
            bound = decimal("上限")
            # A rate's cap is a ratio (100% is 1): 「100」 typed without its % would mean 10000%.
            if kind == "比率" and bound is not None and bound > RATE_CAP_LIMIT:
                problems.append(
                    Problem(
                        rec.sources["上限"],
                        f"比率指标的「上限」按比值读，这个数意味着{bound * 100:f}".rstrip("0").rstrip(".") + "%",
                        rec.get("上限"),
                        "带百分号的百分数，如「100%」",
                    )
                )
            decimals = decimal("小数位")
            if decimals is not None and (decimals != int(decimals) or not 0 <= decimals <= MAX_PLACES):
                problems.append(
                    Problem(rec.sources["小数位"], "「小数位」不对", rec.get("小数位"), f"0到{MAX_PLACES}的整数")
                )
            if len(problems) == before:
                result.append(
                    Indicator(
                        code=rec.text("代码") or rec.text("指标名称"),
                        name=rec.text("指标名称"),
                        unit=rec.text("单位") or ("%" if kind == "比率" else ""),
                        method=Method(kind),
                        column=rec.text("数据列"),
                        denominator=denominator if kind == "比率" else None,
                        higher_is_better=direction == "越高越好",
                        scheduled=scheduled == "是",
                        weight=weight,
                        bound=bound,
                        source=rec.row_source,
                        places=None if decimals is None else int(decimals),
                    )
                )
        if not result and not problems:
            problems.append(Problem(Source(self.display(path)), "指标表是空的", expected="至少一个指标"))
        if problems:
            raise DataError(problems)
        return result

    def targets(self, year: int) -> dict[str, dict[str, tuple[Decimal, Source]]]:
        """Annual targets: indicator code → county → (target, where it came from). Empty if no file."""
        if year in self._cache:
            return self._cache[year]
        folder = self.path(TARGETS_DIR)
        files = (
            [
                p
                for p in sorted(folder.glob("*"))
                if p.suffix.lower() in TABLE_SUFFIXES and str(year) in p.stem and not p.name.startswith("~$")
            ]
            if folder.is_dir()
            else []
        )
        result: dict[str, dict[str, tuple[Decimal, Source]]] = {}
        if len(files) > 1:
            raise GongwenError(
                f"「{self.display(folder)}」中有多个{year}年的目标文件："
                + "、".join(p.name for p in files)
                + "，请只保留一个。"
            )
        if files:
            path = files[0]
            records = read_table(
                path,
                self.display(path),
                ["县区"],
                [i.name for i in self.indicators] + [i.code for i in self.indicators],
            )
            problems = list(records.problems)
            unreadable = {p.source for p in problems}
            reported: set[tuple[str, str]] = set()  # (indicator, county) whose cell is already an error
            rows: dict[str, Source] = {}  # county → the 县区 cell of its first row
            for rec in records:
                county = self.roster.match(rec.get("县区"))
                if county is None:
                    if rec.text("县区") not in ("合计", "全市", "总计"):
                        problems.append(Problem(rec.sources["县区"], "县区名单中没有这个县区", rec.get("县区")))
                    continue
                if county.name in rows:  # by name once and by alias once: which target would be meant?
                    first = rows[county.name]
                    problems.append(
                        Problem(
                            rec.sources["县区"],
                            f"{county.name}有两行目标：{first.cell}和{rec.sources['县区'].cell}（名称或别名都指{county.name}）",
                            rec.get("县区"),
                            "每个县区只写一行，删除多余的一行",
                        )
                    )
                    for ind in self.indicators:
                        reported.add((ind.code, county.name))
                        result.get(ind.code, {}).pop(county.name, None)
                    continue
                rows[county.name] = rec.sources["县区"]
                for ind in self.indicators:
                    key = ind.name if ind.name in rec.values else ind.code if ind.code in rec.values else None
                    if key is None:
                        continue
                    if rec.sources[key] in unreadable:
                        reported.add((ind.code, county.name))
                        continue
                    value, wrong = figure(
                        rec.get(key),
                        rec.sources[key],
                        "年度目标",
                        percent="%" in ind.unit,
                        percent_format=key in rec.percent,
                        signed=True,  # said below as 「应大于0」
                    )
                    if wrong is not None:
                        problems.append(wrong)
                        reported.add((ind.code, county.name))
                        continue
                    if value is not None and value <= 0:
                        problems.append(Problem(rec.sources[key], "年度目标应大于0", value, "正数"))
                        reported.add((ind.code, county.name))
                    elif value is not None:
                        result.setdefault(ind.code, {})[county.name] = (value, rec.sources[key])
            for ind in self.indicators:
                given = result.get(ind.code)
                for name in self.roster.names if given else ():
                    if (
                        given is not None and name not in given and (ind.code, name) not in reported
                    ):  # no 完成率 for this county
                        problems.append(
                            Problem(
                                Source(self.display(path)),
                                f"缺少「{name}」的「{ind.name}」年度目标",
                                expected="每个县区都有目标（大于0的数字）",
                            )
                        )
            if problems:
                raise DataError(problems)
        self._cache[year] = result
        return result

    def months(self) -> list[Month]:
        """The months 月报/ holds data for, oldest first (names as month_path reads them)."""
        folder = self.path(MONTHS_DIR)
        if not folder.is_dir():
            return []
        found = {
            _month_of(p.name)
            for p in folder.iterdir()
            if not p.name.startswith(("~$", ".")) and (p.is_dir() or p.suffix.lower() in TABLE_SUFFIXES)
        }
        return sorted(m for m in found if m is not None)

    def month_path(self, month: Month) -> Path | None:
        """The one file or folder in 月报/ that holds `month`; None when there is none."""
        folder = self.path(MONTHS_DIR)
        if not folder.is_dir():
            raise GongwenError(f"找不到月报文件夹「{self.display(folder)}」。")
        found = [
            p
            for p in sorted(folder.iterdir())
            if _month_of(p.name) == month
            and not p.name.startswith("~$")
            and (p.is_dir() or p.suffix.lower() in TABLE_SUFFIXES)
        ]
        if len(found) > 1:
            raise GongwenError(
                f"{month.label}有多份数据：" + "、".join(self.display(p) for p in found) + "，请只保留一份。"
            )
        return found[0] if found else None


_MONTH_IN_NAME = re.compile(r"(?<!\d)(\d{4})(?:[-_.年](\d{1,2})月?|(\d{2}))(?!\d)")


def _month_of(name: str) -> Month | None:
    m = _MONTH_IN_NAME.search(name)
    if not m:
        return None
    month = int(m[2] or m[3])
    return Month(int(m[1]), month) if 1 <= month <= 12 else None
