"""No figure changed without a word: shares in one unit, 百分点 of printed rates, changes in the unit that
reads beside the total, counties that did not report, year-level columns from the month table, 合计 rows,
every problem in one run, `gen validate --year`. Each case is a copy of the sample with a cell or two
changed; every expected figure is computed here from the workbooks (openpyxl, calamine), not by gongwen."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import set_cells

from cli import main
from generators import summary
from generators.errors import DataError
from generators.reading.workspace import Workspace

DATE = dt.date(2023, 1, 10)
YEAR_FILE = ("年度数据", "2022年.xlsx")
LAST_FILE = ("年度数据", "2021年.xlsx")
COLUMNS = [
    "县区",
    "脱贫人口数",
    "人均纯收入",
    "新识别户数",
    "新识别人数",
    "监测对象户数",
    "监测对象人数",
    "消除风险户数",
    "消除风险人数",
    "防返贫保险保费",
    "防返贫保险赔付",
]
ROW = {"榆阳区": 3, "佳县": 11}  # rows of the sample's 年度数据 (title, header, then the roster's order)


def q(value: Decimal, places: int = 2) -> str:
    s = f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def cell(column: str, county: str) -> str:
    return f"{chr(ord('A') + COLUMNS.index(column))}{ROW[county]}"


def column(root: Path, parts: tuple[str, str], name: str) -> dict[str, Decimal | str | None]:
    """County → the cell of `name`, read with openpyxl."""
    rows = list(openpyxl.load_workbook(root.joinpath(*parts)).active.iter_rows(values_only=True))
    at = rows[1].index(name)
    return {
        r[0]: (None if r[at] is None else r[at] if isinstance(r[at], str) else Decimal(str(r[at]))) for r in rows[2:]
    }


def total(values: dict) -> Decimal:
    return sum((v for v in values.values() if isinstance(v, Decimal)), Decimal(0))


def text_of(made) -> str:
    c = made.context
    paragraphs = [p for s in c["sections"] for p in s["paragraphs"]] + ([c["last"]] if c["last"] else [])
    return "\n".join([c["intro"], *(p["lead"] + p["text"] for p in paragraphs), c["closing"]])


def build(root: Path, **kwargs):
    return summary.build(Workspace(root), 2022, DATE, draw=False, **kwargs)


def configure(
    root: Path, rows: dict[int, dict[str, object]] | None = None, sections: dict[str, object] | None = None
) -> None:
    """Edit 年度总结.xlsx: 「年度指标」 row → {column header: value} (new headers are appended), 「部分」 cells."""
    path = root / "年度总结.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["年度指标"]
    headers = [c.value for c in sheet[2]]
    for r, values in (rows or {}).items():
        for name, value in values.items():
            if name not in headers:
                headers.append(name)
                sheet.cell(2, len(headers), name)
            sheet.cell(r, headers.index(name) + 1).value = value  # (cell(r, c, None) would keep the old value)
    for ref, value in (sections or {}).items():
        book["部分"][ref] = value
    book.save(path)


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["summary", "--year", "2022", "--data", str(root), "--date", "2023-01-10", *args])


# ---------------------------------------------------------------- shares in one unit


def test_a_share_of_persons_is_persons_of_persons(sample):
    # 监测对象 counted in persons only; 累计消除风险 a 户+人 pair: the share is 人 of 人, said 「总人数」
    # (it was 户 of 人 and said 「总户数」).
    configure(sample, {6: {"数据列": "监测对象人数", "单位": "人", "配对列": None, "配对单位": None}})
    people, whole = column(sample, YEAR_FILE, "消除风险人数"), column(sample, YEAR_FILE, "监测对象人数")
    share = total(people) / total(whole) * 100
    text = text_of(build(sample))
    assert f"占监测对象总人数的{q(share)}%" in text
    assert "总户数" not in text


def test_a_share_across_units_is_refused_naming_both_definitions(sample):
    configure(
        sample,
        {
            6: {"数据列": "监测对象人数", "单位": "人", "配对列": None, "配对单位": None},
            7: {"配对列": None, "配对单位": None},  # 累计消除风险 in 户 only, a share of persons
        },
    )
    with pytest.raises(DataError) as caught:
        build(sample)
    (problem,) = [str(p) for p in caught.value.problems]
    assert "年度总结.xlsx" in problem and "第7行" in problem and "跨了单位" in problem
    assert "「累计消除风险」（户，第7行）" in problem and "「监测对象」（人，第6行）" in problem


# ---------------------------------------------------------------- 百分点 of the printed rates


def _rate(pay: dict, fee: dict) -> Decimal:
    return total(pay) / total(fee)


def test_points_are_the_difference_of_the_printed_rates(sample):
    fee, pay = column(sample, LAST_FILE, "防返贫保险保费"), column(sample, LAST_FILE, "防返贫保险赔付")
    now = _rate(column(sample, YEAR_FILE, "防返贫保险赔付"), column(sample, YEAR_FILE, "防返贫保险保费"))
    # one cell of last year's 赔付 moved until the printed difference and the exact one round apart
    for cents in range(0, 2000):
        moved = {**pay, "榆阳区": pay["榆阳区"] + Decimal(cents) / 100}
        before = _rate(moved, fee)
        printed = Decimal(q(now * 100)) - Decimal(q(before * 100))
        exact = Decimal(q((now - before) * 100))
        if printed != exact:
            break
    else:
        pytest.fail("no one-cell change separates the two")
    set_cells(sample.joinpath(*LAST_FILE), {cell("防返贫保险赔付", "榆阳区"): float(moved["榆阳区"])})
    text = text_of(build(sample))
    assert f"防返贫保险赔付率为{q(now * 100)}%，较2021年提高{printed:.2f}个百分点" in text
    assert f"提高{exact:.2f}个百分点" not in text


def test_points_follow_the_rates_own_decimals(sample):
    configure(sample, {10: {"小数位": 1}})  # 赔付率 printed 「66.2%」: its change is of those printed
    now = _rate(column(sample, YEAR_FILE, "防返贫保险赔付"), column(sample, YEAR_FILE, "防返贫保险保费"))
    before = _rate(column(sample, LAST_FILE, "防返贫保险赔付"), column(sample, LAST_FILE, "防返贫保险保费"))
    printed = Decimal(q(now * 100, 1)) - Decimal(q(before * 100, 1))
    text = text_of(build(sample))
    assert f"防返贫保险赔付率为{now * 100:.1f}%，较2021年提高{printed:.1f}个百分点" in text


# ---------------------------------------------------------------- a change in the unit read beside its total


def test_a_change_in_money_is_in_its_own_unit_beside_a_total_in_yi(sample):
    # one cell puts 保费 above 1亿 while its change stays below: 「1.03亿元，较2021年增加4595.64万元」, not 「0.46亿元」
    fee = column(sample, YEAR_FILE, "防返贫保险保费")
    set_cells(sample.joinpath(*YEAR_FILE), {cell("防返贫保险保费", "榆阳区"): float(fee["榆阳区"] + 4000)})
    now, before = total(fee) + 4000, total(column(sample, LAST_FILE, "防返贫保险保费"))
    assert now >= 10000 > now - before
    # the exact change, not the difference of the two printed totals
    assert q(now - before) != q((Decimal(q(now / 10000)) - Decimal(q(before / 10000))) * 10000)
    text = text_of(build(sample))
    assert f"防返贫保险保费{q(now / 10000)}亿元，较2021年增加{q(now - before)}万元" in text


def test_a_small_change_beside_a_total_in_wan_is_in_persons(sample):
    # 脱贫人口 in 万人: a change under 1万 is said in persons (it was 「0.x万人」, and 50 people 「持平」)
    configure(sample, sections={"C5": "tprk、zjzc"})
    now, before = total(column(sample, YEAR_FILE, "脱贫人口数")), total(column(sample, LAST_FILE, "脱贫人口数"))
    assert now >= 100000 and 0 < now - before < 10000
    text = text_of(build(sample))
    assert f"脱贫人口{q(now / 10000)}万人，较2021年增加{q(now - before, 0)}人，增幅为" in text
    # and 1万 or more beside a total in 万 reads in 万, as 「301.14万人，较2021年增加2.52万人」
    workers = "脱贫劳动力务工就业27.4万人，完成27.3万人年度任务的100.36%，较2021年增加3.12万人"
    assert workers in text


# ---------------------------------------------------------------- counties that did not report


def test_a_county_marked_not_reporting_is_named_and_not_compared(sample, caplog):
    set_cells(sample.joinpath(*YEAR_FILE), {cell("防返贫保险保费", "佳县"): "未报"})
    fee = column(sample, YEAR_FILE, "防返贫保险保费")
    pay = column(sample, YEAR_FILE, "防返贫保险赔付")
    rest = {c: v for c, v in pay.items() if c != "佳县"}
    with caplog.at_level("WARNING", logger="gongwen.summary"):
        made = build(sample)
    text = text_of(made)
    assert f"防返贫保险保费{q(total(fee))}万元（佳县未报送，为其余11个县（市、区）之和）；" in text
    rate = total(rest) / total(fee) * 100
    assert f"防返贫保险赔付率为{q(rate)}%（佳县未报送，按其余11个县（市、区）计算）。" in text
    assert f"防返贫保险赔付{q(total(pay))}万元，较2021年增加" in text  # 赔付 is whole: compared
    said = "\n".join(made.item.made.notes)
    assert "「防返贫保险保费」2021年与2022年计入的县区不同（佳县只有一年有数）" in said
    assert "「防返贫保险赔付率」2021年与2022年计入的县区不同" in said


def test_last_year_filled_for_only_some_counties_is_not_compared(sample):
    set_cells(sample.joinpath(*LAST_FILE), {cell("防返贫保险赔付", "佳县"): "未报送"})
    result = run(sample, "--output", str(sample.parent / "out"))
    assert result.exit_code == 0, result.output
    assert (
        "「防返贫保险赔付」2021年与2022年计入的县区不同（佳县只有一年有数），文中不写它较2021年的变化" in result.output
    )
    text = text_of(build(sample))
    assert "防返贫保险赔付4187.96万元；" in text  # no inflated 较2021年
    assert "防返贫保险保费6330.74万元，较2021年增加595.64万元" in text


def test_a_blank_year_cell_never_makes_a_smaller_city_without_a_word(sample):
    set_cells(sample.joinpath(*YEAR_FILE), {cell("防返贫保险赔付", "佳县"): None})
    result = run(sample, "--output", str(sample.parent / "out"))
    if result.exit_code:  # an error naming the cell
        assert cell("防返贫保险赔付", "佳县") in result.output, result.output
    else:  # or the sentence says whose sum it is, and the change is not made over other counties
        text = text_of(build(sample))
        assert "防返贫保险赔付" in text and "佳县未报送，为其余11个县（市、区）之和）；" in text


# ---------------------------------------------------------------- year-level columns from the month table


def test_year_level_figures_from_the_month_table(sample):
    # 监测对象户数/人数 left out of both years' 年度数据: taken from December's monthly table (and last December's)
    for parts in (YEAR_FILE, LAST_FILE):
        path = sample.joinpath(*parts)
        book = openpyxl.load_workbook(path)
        book.active.delete_cols(COLUMNS.index("监测对象户数") + 1, 2)
        book.save(path)
    from python_calamine import CalamineWorkbook

    def month_sum(name: str, index: int) -> Decimal:
        rows = CalamineWorkbook.from_path(str(sample / "月报" / name)).get_sheet_by_index(0).to_python()
        counties = set(column(sample, YEAR_FILE, "县区"))
        return sum((Decimal(str(r[index])) for r in rows if str(r[1]).strip() in counties), Decimal(0))

    hh, people = month_sum("2022-12.xlsx", 2), month_sum("2022-12.xlsx", 3)
    more = (hh - month_sum("2021-12.xls", 2), people - month_sum("2021-12.xls", 3))
    text = text_of(build(sample))
    assert f"监测对象{q(hh, 0)}户{q(people, 0)}人，较2021年增加{q(more[0], 0)}户{q(more[1], 0)}人" in text
    removed = column(sample, YEAR_FILE, "消除风险人数")
    assert f"占监测对象总人数的{q(total(removed) / people * 100)}%" in text


def test_a_figure_in_both_places_that_disagrees_is_a_warning_naming_both_cells(sample):
    set_cells(sample.joinpath(*YEAR_FILE), {cell("监测对象户数", "榆阳区"): 1040})
    result = run(sample, "--output", str(sample.parent / "out"))
    assert result.exit_code == 0, result.output
    assert "F3" in result.output and "2022-12.xlsx C6" in result.output
    assert "榆阳区「监测对象户数」在年度数据中为1040，在2022年12月月报中为1036" in result.output
    strict = run(sample, "--output", str(sample.parent / "strict"), "--strict")
    assert strict.exit_code == 1 and not (sample.parent / "strict").exists()


def test_a_year_table_total_row_is_compared_with_the_counties(sample):
    path = sample.joinpath(*YEAR_FILE)
    book = openpyxl.load_workbook(path)
    fee = column(sample, YEAR_FILE, "防返贫保险保费")
    book.active.append(["合计", *[None] * 8, float(total(fee) + 1), None])
    book.save(path)
    result = run(sample, "--output", str(sample.parent / "out"))
    assert result.exit_code == 0, result.output
    assert f"合计行「防返贫保险保费」与各县区之和{q(total(fee))}不一致" in result.output
    assert run(sample, "--output", str(sample.parent / "strict"), "--strict").exit_code == 1


# ---------------------------------------------------------------- every problem at once, gen validate --year


def test_every_problem_of_every_stage_in_one_run(sample):
    configure(sample, sections={"C6": "xsb、不存在的指标", "D7": "保费【不存在的年度指标】。"})
    set_cells(sample.joinpath(*YEAR_FILE), {cell("人均纯收入", "榆阳区"): "很多"})
    set_cells(sample / "月报" / "2022-12.xlsx", {"D8": "约100"})
    result = CliRunner().invoke(main, ["validate", "--year", "2022", "--data", str(sample)])
    assert result.exit_code == 1
    for part in ("C6", "不存在的指标", "D7", "不存在的年度指标", "C3", "很多", "2022-12.xlsx", "约100"):
        assert part in result.output, (part, result.output)


def test_validate_year_reads_every_year_level_file(sample):
    ok = CliRunner().invoke(main, ["validate", "--year", "2022", "--data", str(sample)])
    assert ok.exit_code == 0, ok.output
    for name in ("年度总结.xlsx", "2022-12.xlsx", "2021-12.xls", "年度数据/2022年.xlsx", "年度数据/2021年.xlsx"):
        assert name in ok.output, name
    assert "工作要点/2023年.xlsx（30 项任务）" in ok.output
    book = openpyxl.load_workbook(sample / "工作要点" / "2023年.xlsx")
    book["任务"]["C6"] = "不低于【2022年没有的指标】。"
    book.save(sample / "工作要点" / "2023年.xlsx")
    bad = CliRunner().invoke(main, ["validate", "--year", "2022", "--data", str(sample)])
    assert bad.exit_code == 1 and "2023年.xlsx" in bad.output and "C6" in bad.output and "没有的指标" in bad.output
    neither = CliRunner().invoke(main, ["validate", "--data", str(sample)])
    assert neither.exit_code == 2 and "--month" in neither.output and "--year" in neither.output
