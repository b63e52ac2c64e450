"""Fair ranks and honest lists (issue 12): ranks on printed values, ties named together, sentences
chosen by the data, one precision per kind, letters dated from their issue date."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal as D
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import MERGES, NOVEMBER, build_tiny, ledger_row, month_rows, write_indicators, write_ledger, write_xlsx
from helpers import set_saved

from cli import main
from generators import base, bulletin, reminder
from generators.numbers.figures import period_figures
from generators.numbers.wording import county_kind
from generators.reading.entry import read_period
from generators.reading.report import reporting
from generators.reading.workspace import Month, Workspace

NOV = Month(2022, 11)
ISSUED = dt.date(2022, 12, 5)


def city(root: Path, november: dict, october: dict | None = None, targets: dict | None = None, **opts) -> Path:
    """A workspace with any counties: county → (下达资金, 已支出资金, 务工人数), targets for 务工人数.

    opts: totals={col index: wrong sum}, blank=(county, col index) left empty, wgjy=(序时进度, 权重) with no targets."""
    build_tiny(root)
    names = list(november)
    write_xlsx(
        root / "县区名单.xlsx",
        [
            ["县区名单（测试数据）"],
            ["序号", "县区名称", "别名", "类别"],
            *[[i, n, "", ""] for i, n in enumerate(names, 1)],
        ],
    )
    targets = targets or {n: 1000 for n in names}
    if "wgjy" in opts:
        scheduled, weight = opts["wgjy"]
        write_indicators(root, scheduled, weight)
        shutil.rmtree(root / "年度目标")
    else:
        write_xlsx(
            root / "年度目标" / "2022年.xlsx",
            [["2022年目标（测试数据）"], ["县区", "脱贫劳动力务工就业"], *[[n, t] for n, t in targets.items()]],
        )
    rows = month_rows(november)
    for col, wrong in opts.get("totals", {}).items():
        rows[5][2 + col] = wrong
    if "blank" in opts:
        county, col = opts["blank"]
        next(r for r in rows if len(r) > 1 and r[1] == county)[2 + col] = None
    write_xlsx(root / "月报" / "2022-11.xlsx", rows, MERGES)
    write_xlsx(root / "月报" / "2022-10.xlsx", month_rows(october or november), MERGES)
    write_ledger(root, [])
    return root


def figures(root: Path):
    ws = Workspace(root)
    return period_figures(ws, read_period(ws, NOV))


def context(root: Path) -> dict:
    return bulletin.build(Workspace(root), NOV, ISSUED).context


def names(n: int) -> list[str]:
    return [f"{'甲乙丙丁戊己庚辛壬癸子丑寅卯'[i]}县" for i in range(n)]


def test_equal_printed_rates_share_a_rank(tmp_path):
    # 1364.9 / 100000 = 1.3649% and 1355 / 100000 = 1.355%: both printed 1.36%, so one rank.
    spent = [1500, 1364.9, 1355, 1200, 1100, 1000, 900]
    root = city(tmp_path / "ws", {n: (100000, s, 900) for n, s in zip(names(7), spent)})
    zjzc = figures(root).indicators[0]
    assert [f.rank for f in zjzc.counties] == [1, 2, 2, 4, 5, 6, 7]
    assert zjzc.counties[1].score == zjzc.counties[2].score


def test_thirteen_counties_printed_alike_all_get_the_full_score(tmp_path):
    # 61.715% … 61.7234%: every one printed 61.72%, so no county is 「worst」 and all get the full 60.
    counties = {n: (100000, D(61715) + D("0.7") * i, 900) for i, n in enumerate(names(13))}
    root = city(tmp_path / "ws", counties)
    zjzc = figures(root).indicators[0]
    assert {f.score for f in zjzc.counties} == {D("60.00")}
    assert {f.rank for f in zjzc.counties} == {1}
    text = bulletin.item_text(zjzc, NOV)
    assert "各县区均为61.72%" in text and "后三位" not in text and "前三位" not in text


def test_all_tied_nobody_is_bottom_three_and_no_letter_says_so(tmp_path):
    # Every county spent 95% and reached 107.17% of its target: all tie on both indicators.
    counties = {n: (1000, 950, 10717) for n in names(8)}  # whole persons: a head count has no decimals
    root = city(tmp_path / "ws", counties, targets={n: 10000 for n in names(8)})
    ctx = context(root)
    assert "各县区均为95.00%" in ctx["items"][0]["text"]
    assert "各县区完成率均为107.17%" in ctx["items"][1]["text"]
    assert "后三位" not in ctx["items"][0]["text"] + ctx["items"][1]["text"]
    assert ctx["ranking"]["sentence"].startswith("按照各项指标权重计算综合得分，各县区均为100.00分，并列第1位。")
    assert ctx["problems"]["ranking"] == "" and ctx["problems"]["bottom_names"] == ""
    batch = reminder.plan(Workspace(root), NOV, ISSUED)
    assert batch.letters == [] and batch.skipped == names(8)


def test_ties_at_the_cut_are_named_together_never_cut_at_three(tmp_path):
    # Spending 90, 80, 70, 60, 50, 40, 40, 40 %: three tie for last, with the one above them 4th from the bottom.
    spent = [900, 800, 700, 600, 500, 400, 400, 400]
    root = city(tmp_path / "ws", {n: (1000, s, 900) for n, s in zip(names(8), spent)})
    text = bulletin.item_text(figures(root).indicators[0], NOV)
    assert "排在前三位的是甲县（90.00%）、乙县（80.00%）、丙县（70.00%）" in text
    assert "排在后三位的是己县、庚县、辛县（并列第6位，均为40.00%）" in text
    # 40, 40, 40 and a fourth tied at the cut: all four named.
    spent = [900, 800, 700, 600, 500, 400, 400, 400, 400]
    root = city(tmp_path / "ws2", {n: (1000, s, 900) for n, s in zip(names(9), spent)})
    text = bulletin.item_text(figures(root).indicators[0], NOV)
    assert "排在后三位的是己县、庚县、辛县、壬县（并列第6位，均为40.00%）" in text


def test_a_county_tied_with_the_first_is_never_bottom_three(tmp_path):
    # Six counties tie for first, one is last: only that one is 后三位, and only it gets 「列全市后三位」.
    spent = [950] * 6 + [500]
    root = city(tmp_path / "ws", {n: (1000, s, 1000) for n, s in zip(names(7), spent)})
    text = bulletin.item_text(figures(root).indicators[0], NOV)
    assert "排在后三位的是庚县（50.00%）" in text
    batch = reminder.plan(Workspace(root), NOV, ISSUED)
    said = {letter.county: [row["note"] for row in letter.lagging] for letter in batch.letters}
    assert all("列全市后三位" not in note for county, notes in said.items() if county != "庚县" for note in notes)
    assert any("列全市后三位" in note for note in said["庚县"])


def test_composite_change_names_everyone_who_moved_as_much_as_the_third(tmp_path):
    # October order 甲…辛; November four counties each climb one place past 甲: all four are named.
    order = names(8)
    october = {n: (1000, 900 - 50 * i, 1000 - 50 * i) for i, n in enumerate(order)}
    november = dict(october)
    november["甲县"] = (1000, 650, 750)  # falls from 1st to 5th
    root = city(tmp_path / "ws", november, october)
    sentence = bulletin.ranking_sentence(figures(root))
    assert "乙县上升1位、丙县上升1位、丁县上升1位、戊县上升1位" in sentence
    assert "甲县下降4位" in sentence


def test_above_schedule_everywhere_no_gap_is_claimed(tmp_path):
    # 辛县 is last in the composite yet at or above 序时进度 on every indicator.
    spent = [1000, 995, 990, 985, 980, 975, 970, 920]
    counties = {n: (1000, s, 1000) for n, s in zip(names(8), spent)}
    root = city(tmp_path / "ws", counties)
    ctx = context(root)
    assert ctx["problems"]["lagging"] == "各县区各项序时指标均达到序时进度。"
    assert "低于序时进度" not in ctx["problems"]["ranking"]
    assert "差距较大" not in "".join(p.text for p in docx.Document(bulletin.TEMPLATE).paragraphs)


def test_reporting_problems_are_derived_and_omitted_when_none(tmp_path):
    counties = {n: (1000, 900, 950) for n in names(4)}
    root = city(tmp_path / "ws", counties)
    assert context(root)["problems"]["reporting"] == ""
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["bulletin", "--month", "2022-11", "--data", str(root), "--output", str(out)])
    assert result.exit_code == 0, result.output
    (path,) = (out / "2022-11").glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "从数据报送看" not in text and "统计口径" not in text
    # A blank cell and a 合计 that does not add up are both reported, naming where.
    root = city(tmp_path / "ws2", counties, totals={0: 9999}, blank=("乙县", 1))
    said = context(root)["problems"]["reporting"]
    assert said.startswith("乙县（「衔接资金/已支出资金」）有数据未填报")
    # 下达资金's 合计 is wrong; 已支出资金's counted 乙县's value before it was blanked: both are named.
    assert said.endswith("与各县区之和不一致。") and "「衔接资金/下达资金」" in said


def test_an_amount_only_reported_gets_a_sentence_not_a_ranking(tmp_path):
    counties = {n: (1000, 900, 100 * (i + 1)) for i, n in enumerate(names(8))}
    root = city(tmp_path / "ws", counties, wgjy=("否", 0))
    figs = figures(root)
    wgjy = figs.indicators[1]
    assert not wgjy.is_ranked and all(f.rank is None for f in wgjy.counties)
    text = bulletin.item_text(wgjy, NOV)
    assert text == "全市脱贫劳动力务工就业3600人；该指标只通报、不排名，各县区数据见附件2。"
    assert all("（" not in row["cells"][1] for row in bulletin.annex(figs)["detail_rows"])


def test_an_unranked_indicator_says_only_who_did_not_report(tmp_path):
    counties = {n: (1000, 900, 100 * (i + 1)) for i, n in enumerate(names(8))}
    root = city(tmp_path / "ws", counties, wgjy=("否", 0), blank=("丙县", 2))
    text = bulletin.item_text(figures(root).indicators[1], NOV)
    assert "该指标只通报、不排名" in text and text.endswith("丙县未报送数据。")
    assert "不参与排名" not in text  # nothing is ranked: there is no ranking to stay out of
    ranked = bulletin.item_text(figures(root).indicators[0], NOV)
    assert "未报送" not in ranked


def test_percentage_points_carry_the_decimals_of_the_rates(tmp_path):
    # City 5.00 points above schedule (96.67% vs 91.67%) is written 「5.00」, beside others at two decimals.
    counties = {n: (1000, 966.7, 900) for n in names(4)}
    sentence = bulletin.city_sentence(figures(city(tmp_path / "ws", counties)).indicators[0], NOV)
    assert "为96.67%，超序时进度5.00个百分点" in sentence


def letter_text(path: Path) -> str:
    document = docx.Document(path)
    cells = ["|".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_letter_dated_on_a_deadline_and_its_column_names_the_district(tmp_path):
    root = build_tiny(tmp_path / "ws", rename={"石楼县": "石楼区"})
    write_ledger(
        root,
        [
            ledger_row("Q1", "石楼区", "2022-12-05"),  # due on the letter's date
            ledger_row("Q2", "石楼区", "2022-12-20"),  # 15 days after the letter: inside the window
            ledger_row("Q3", "石楼区", "2022-12-21"),  # one day outside
        ],
    )
    with reporting() as report:
        done = base.issue(reminder.Kind(["石楼区"]), Workspace(root), NOV, tmp_path / "out", ISSUED)
    ((draft, path),) = zip(done.drafts, done.paths)
    assert [(i.id, d) for i, d in draft.item.due] == [("Q1", 0), ("Q2", 15)]
    assert draft.context["reply"].startswith("请于2022年12月15日前")  # 回复天数 10 after 12-05
    assert report.warnings == []
    text = letter_text(path)
    assert "今日到期" in text and "还剩15天" in text and "Q3" not in text
    assert "指标|本区|全市|位次|情况" in text and "本县" not in text
    assert "截至2022年12月5日，你区有" in text


def test_reply_deadline_not_after_the_letter_warns(tmp_path):
    root = build_tiny(tmp_path / "ws")
    write_ledger(root, [ledger_row("Q1", "甲县", "2022-12-05")])
    ws = Workspace(root)
    settings = ws.settings
    # 设置 checks 回复天数 ≥ 1; a settings object built another way is still caught here.
    object.__setattr__(settings.reminders, "reply_days", 0)
    with reporting() as report:
        reminder.plan(ws, NOV, ISSUED, ["甲县"])
    assert report.warnings and "不晚于发函日期2022年12月5日" in report.warnings[0].message


@pytest.mark.parametrize("county, mine", [("乙县", "本县"), ("乙区", "本区"), ("乙市", "本市")])
def test_mine_follows_the_county_kind(county, mine):
    assert "本" + county_kind(county) == mine


def test_a_county_file_saved_after_the_deadline_is_reported_late(tmp_path):
    counties = {n: (1000, 900, 950) for n in names(4)}
    root = city(tmp_path / "ws", counties)
    (root / "月报" / "2022-11.xlsx").unlink()
    for county, values in counties.items():
        path = write_xlsx(
            root / "月报" / "2022-11" / f"{county}.xlsx", month_rows({county: values}, total=False), MERGES
        )
        set_saved(path, dt.datetime(2022, 12, 7 if county == "丙县" else 4, 10, 0, tzinfo=dt.timezone.utc))
    assert context(root)["problems"]["reporting"] == ""  # no deadline set: not judged
    settings = root / "设置.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n月报:\n  报送截止日: 5\n", encoding="utf-8")
    later = bulletin.build(Workspace(root), NOV, dt.date(2022, 12, 10)).context  # dated after every saved time
    assert later["problems"]["reporting"] == "丙县报表晚于2022年12月5日报送。"


def test_no_change_of_a_city_figure_over_different_counties(tmp_path):
    """乙县 left 务工 blank in November: the city's completion is over three counties, October's over four,
    so the change between them is not a change of anything and is not written."""
    root = build_tiny(tmp_path / "ws")
    november = {**NOVEMBER, "乙县": (2000, 1500, None)}
    write_xlsx(root / "月报" / "2022-11.xlsx", month_rows(november, total=False, month="2022年11月"), MERGES)
    ws = Workspace(root)
    wgjy = period_figures(ws, read_period(ws, NOV)).indicators[1]
    sentence = bulletin.city_sentence(wgjy, NOV)
    assert "完成率较上月" not in sentence and "完成年度任务" in sentence
    assert "较上月" in bulletin.city_sentence(period_figures(ws, read_period(ws, NOV)).indicators[0], NOV)
