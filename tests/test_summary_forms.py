"""Another city, built here from nothing: six counties of three kinds, its own indicators and year-level
figures, some of them columns of the month table only. Its summary must write every sentence form the
references use, each figure computed here from the inputs below (not by gongwen)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import SETTINGS, write_xlsx

from cli import main
from generators import summary
from generators.reading.workspace import Workspace

COUNTIES = ["东城区", "西山县", "南河市", "北岭县", "中川县", "青石县"]
MONTH_HEAD = ["县区", "下达资金", "已支出资金", "计划项目数", "开工项目数", "务工人数", "贷款余额", "逾期金额"]
MONTH_HEAD += ["帮扶车间个数", "吸纳就业人数", "吸纳脱贫人口"]
DECEMBER = {
    "下达资金": [5000, 4000, 3000, 6000, 2000, 3000],
    "已支出资金": [4600, 3700, 2900, 5500, 1800, 2700],
    "计划项目数": [30, 20, 25, 15, 20, 10],
    "开工项目数": [30, 20, 25, 15, 20, 10],
    "务工人数": [36000, 27000, 24000, 45000, 18000, 15000],
    "贷款余额": [10000, 8000, 6000, 12000, 4000, 5000],
    "逾期金额": [100, 90, 60, 150, 40, 60],
    "帮扶车间个数": [100, 80, 90, 120, 60, 40],
    "吸纳就业人数": [3000, 2000, 2500, 3500, 1200, 800],
    "吸纳脱贫人口": [1700, 1100, 1400, 1900, 656, 400],
}
LAST_DECEMBER = {
    "下达资金": [4800, 3800, 2800, 5800, 2000, 2800],
    "已支出资金": [4300, 3400, 2500, 5200, 1800, 2600],
    "计划项目数": [28, 20, 22, 15, 18, 10],
    "开工项目数": [28, 19, 22, 15, 18, 10],
    "务工人数": [30000, 24000, 20000, 38000, 16000, 12000],
    "贷款余额": [9000, 7000, 5000, 11000, 3500, 4500],
    "逾期金额": [80, 70, 50, 120, 30, 50],
    "帮扶车间个数": [90, 70, 80, 110, 55, 35],
    "吸纳就业人数": [2800, 1900, 2300, 3300, 1100, 700],
    "吸纳脱贫人口": [1500, 1000, 1300, 1800, 600, 380],
}
TARGETS = [33000, 28500, 24000, 42000, 19500, 14400]
YEAR_HEAD = ["县区", "农村低保人数", "低保标准", "储备项目数", "雨露计划资助学生", "雨露计划资助金额", "脱贫人口数"]
YEAR_HEAD += [
    "人均纯收入",
    "监测对象户数",
    "监测对象人数",
    "消除风险户数",
    "消除风险人数",
    "排查问题数",
    "已整改问题数",
]
YEAR_HEAD += ["新识别人数"]
YEAR = {
    "农村低保人数": [1000, 2000, 1500, 2500, 1000, 2000],
    "低保标准": [6000, 6100, 6200, 6050, 6150, 6100],
    "储备项目数": [800, 600, 700, 1000, 500, 425],
    "雨露计划资助学生": [3000, 2500, "未报", 4000, 3385, 3000],
    "雨露计划资助金额": [900, 750, "未报", 1200, 1015.5, 900],
    "脱贫人口数": [20000, 18000, 15000, 25000, 12000, 10000],
    "人均纯收入": [12000, 11500, 11000, 12500, 11200, 11300],
    "监测对象户数": [500, 400, 300, 600, 200, 300],
    "监测对象人数": [1300, 1000, 800, 1500, 500, 800],
    "消除风险户数": [400, 300, 250, 500, 150, 200],
    "消除风险人数": [1000, 800, 650, 1200, 400, 550],
    "排查问题数": [800, 700, 600, 900, 592, 500],
    "已整改问题数": [800, 700, 600, 900, 592, 500],
    "新识别人数": [200, 150, 100, 250, 80, 70],
}
LAST_YEAR = {
    **YEAR,
    "低保标准": [5000, 5100, 5050, 5100, 5000, 5150],
    "储备项目数": [520, 400, 450, 650, 320, 291],
    "雨露计划资助学生": [2800, 2400, 2000, 3800, 3000, 2900],
    "雨露计划资助金额": [840, 720, 600, 1140, 900, 870],
    "人均纯收入": [10500] * 6,
    "监测对象户数": [480, 390, 290, 580, 200, 280],
    "监测对象人数": [1250, 980, 770, 1450, 500, 760],
    "消除风险户数": [300, 250, 200, 400, 100, 150],
    "消除风险人数": [800, 650, 500, 1000, 300, 450],
    "排查问题数": [700, 600, 500, 800, 500, 400],
    "已整改问题数": [650, 600, 480, 800, 500, 390],
    "新识别人数": [250, 180, 120, 300, 100, 90],
}
FIGURES = [  # 年度总结.xlsx 「年度指标」: 代码 指标名称 数据列 单位 算法 权数列 配对列 配对单位 占比于 其中 方向 较上年 全部时写 小数位 截至
    ["zcje", "衔接资金支出", "已支出资金", "万元", "合计"],
    ["jhxm", "年度实施计划项目", "计划项目数", "个", "合计"],
    ["kgl", "计划项目开工率", "开工项目数", "%", "比率", "计划项目数", "", "", "", "", "", "", "已全部开工"],
    ["cj", "帮扶车间", "帮扶车间个数", "个", "合计"],
    ["xn", "帮扶车间吸纳就业", "吸纳就业人数", "人", "合计"],
    ["xntp", "脱贫人口和监测对象", "吸纳脱贫人口", "人", "合计", "", "", "", "", "xn"],
    ["dbbz", "农村低保平均标准", "低保标准", "元", "人均", "农村低保人数", "", "", "", "", "", "提高到"],
    ["cbxm", "储备项目", "储备项目数", "个", "合计", "", "", "", "", "", "", "达到"],
    ["yl", "雨露计划资助学生", "雨露计划资助学生", "人", "合计", "", "雨露计划资助金额", "万元"],
    ["rjsr", "脱贫人口人均纯收入", "人均纯收入", "元", "人均", "脱贫人口数", *[""] * 8, "三季度"],
    ["jcdx", "监测对象", "监测对象户数", "户", "合计", "", "监测对象人数", "人"],
    ["xcfx", "累计消除风险", "消除风险户数", "户", "合计", "", "消除风险人数", "人", "jcdx"],
    ["pc", "排查问题", "排查问题数", "条", "合计"],
    ["zg", "已整改问题", "已整改问题数", "条", "合计", "", "", "", "pc", "", "", "", "全部完成整改"],
    ["xsb", "新识别监测对象", "新识别人数", "人", "合计"],
]
FIGURE_HEAD = ["代码", "指标名称", "数据列", "单位", "算法", "权数列", "配对列", "配对单位", "占比于", "其中", "方向"]
FIGURE_HEAD += ["较上年", "全部时写", "小数位", "截至"]
PROSE = "全市【帮扶车间】帮扶车间吸纳就业【帮扶车间吸纳就业】，其中【xntp】为脱贫人口和监测对象。"
PROSE += "务工就业【较上年:jy】，完成【任务:jy】年度任务的【完成率:jy】；储备项目增长【增幅:cbxm】，"
PROSE += "2021年为【2021年储备项目】；风险消除占比【占比:xcfx】，上年监测对象【上年:jcdx】；明年务工目标【jy×1.02】。"
SECTIONS = [  # 部分 段落引语 指标 文字
    ["开头", "", "", "【年份】年，市巩固衔接办推进各项重点工作。现将【年份】年工作情况总结如下。"],
    ["报告开头", "", "", "【年份】年，我办在市委、市政府领导下推进各项重点工作。现将有关情况报告如下。"],
    ["强化资金项目", "资金支出抓进度。", "zcje+zc、jhxm+kgl、cbxm", "加快资金拨付。"],
    ["守牢底线", "动态监测帮扶。", "jcdx、xcfx、xsb", "坚持早发现、早干预。"],
    ["守牢底线", "问题整改。", "pc+zg", ""],
    ["促进增收", "稳岗就业。", "jy", ""],
    ["促进增收", "帮扶车间。", "xn+xntp", PROSE],
    ["促进增收", "兜底保障。", "rjsr、dbbz、yl、yq", ""],
    ["【下一年】年工作打算", "", "", "【下一年】年，我们将守牢底线。"],
]


def d(values) -> Decimal:
    return sum((Decimal(str(v)) for v in values if not isinstance(v, str)), Decimal(0))


def q(value: Decimal, places: int = 2) -> str:
    s = f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def growth(now: Decimal, before: Decimal) -> str:
    """增幅 as printed: one decimal, always (「53.0%」)."""
    return f"{(abs(now - before) / before * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}%"


def pct(value: Decimal, places: int = 2) -> str:
    return f"{(value * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}%"


def month_table(path: Path, title: str, values: dict) -> None:
    rows = [[title], MONTH_HEAD]
    rows += [[c, *(values[h][i] for h in MONTH_HEAD[1:])] for i, c in enumerate(COUNTIES)]
    write_xlsx(path, rows)


def year_table(path: Path, values: dict) -> None:
    rows = [["年度数据（测试数据）"], YEAR_HEAD]
    rows += [[c, *(values[h][i] for h in YEAR_HEAD[1:])] for i, c in enumerate(COUNTIES)]
    write_xlsx(path, rows)


def build_city(root: Path) -> Path:
    root.mkdir(parents=True)
    settings = SETTINGS.replace("  函下一个序号: 3\n", "  函下一个序号: 3\n  报告前缀: 小巩衔办字\n")
    settings = settings.replace(
        "  印发机关: 小市巩固衔接办\n", "  印发机关: 小市巩固衔接办\n  上报主送: 市委、市政府\n  签发人: 王五\n"
    )
    (root / "设置.yaml").write_text(settings, encoding="utf-8")
    write_xlsx(
        root / "县区名单.xlsx",
        [["县区名单"], ["序号", "县区名称", "别名", "类别"], *[[i, c, "", ""] for i, c in enumerate(COUNTIES, 1)]],
    )
    write_xlsx(
        root / "指标.xlsx",
        [
            ["指标（测试数据）"],
            ["代码", "指标名称", "单位", "类型", "数据列", "分母列", "方向", "序时进度", "权重", "上限"],
            ["zc", "衔接资金支出进度", "%", "比率", "已支出资金", "下达资金", "越高越好", "是", 40, "100%"],
            ["jy", "务工就业", "人", "累计值", "务工人数", None, "越高越好", "是", 40, None],
            ["yq", "小额信贷逾期率", "%", "比率", "逾期金额", "贷款余额", "越低越好", "否", 20, "100%"],
        ],
    )
    write_xlsx(
        root / "年度目标" / "2022年.xlsx",
        [["目标"], ["县区", "务工就业"], *[[c, t] for c, t in zip(COUNTIES, TARGETS)]],
    )
    month_table(root / "月报" / "2022-12.xlsx", "2022年12月月报（测试数据）", DECEMBER)
    month_table(root / "月报" / "2021-12.xlsx", "2021年12月月报（测试数据）", LAST_DECEMBER)
    year_table(root / "年度数据" / "2022年.xlsx", YEAR)
    year_table(root / "年度数据" / "2021年.xlsx", LAST_YEAR)
    path = write_xlsx(root / "年度总结.xlsx", [["年度指标（测试数据）"], FIGURE_HEAD, *FIGURES], sheet="年度指标")
    book = openpyxl.load_workbook(path)
    parts = book.create_sheet("部分")
    for row in [["部分", "段落引语", "指标", "文字"], *SECTIONS]:
        parts.append(row)
    book.save(path)
    return root


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> Path:
    return build_city(tmp_path_factory.mktemp("city") / "ws")


@pytest.fixture(scope="module")
def made(city):
    return summary.build(Workspace(city), 2022, dt.date(2023, 1, 10), draw=False)


@pytest.fixture(scope="module")
def text(made) -> str:
    c = made.context
    paragraphs = [p for s in c["sections"] for p in s["paragraphs"]] + ([c["last"]] if c["last"] else [])
    return "\n".join([c["intro"], *(s["heading"] for s in c["sections"]), *(p["lead"] + p["text"] for p in paragraphs)])


def test_a_rate_with_the_parts_the_paragraph_joins(text):
    spent, given = d(DECEMBER["已支出资金"]), d(DECEMBER["下达资金"])
    before = d(LAST_DECEMBER["已支出资金"]) / d(LAST_DECEMBER["下达资金"])
    points = Decimal(pct(spent / given)[:-1]) - Decimal(pct(before)[:-1])
    assert spent >= 10000
    assert (
        f"2022年，全市衔接资金支出{q(spent / 10000)}亿元，衔接资金支出进度为{pct(spent / given)}，"
        f"较2021年提高{points:.2f}个百分点" in text
    )


def test_all_done_said_as_offices_say_it(text):
    assert d(DECEMBER["开工项目数"]) == d(DECEMBER["计划项目数"])
    assert f"年度实施计划项目{d(DECEMBER['计划项目数'])}个，已全部开工" in text
    assert d(YEAR["已整改问题数"]) == d(YEAR["排查问题数"])
    more = d(YEAR["排查问题数"]) - d(LAST_YEAR["排查问题数"])
    rise = growth(d(YEAR["排查问题数"]), d(LAST_YEAR["排查问题数"]))
    assert f"全市排查问题{d(YEAR['排查问题数'])}条，较2021年增加{more}条，增幅为{rise}，全部完成整改" in text


def test_reached_a_share_of_last_year(text):
    now, before = d(YEAR["储备项目数"]), d(LAST_YEAR["储备项目数"])
    assert f"储备项目{now}个，达到上年度的{pct(now / before)}" in text


def test_a_standard_raised_from_to(text):
    def mean(values):
        weights = [Decimal(w) for w in YEAR["农村低保人数"]]
        return sum((Decimal(v) * w for v, w in zip(values, weights)), Decimal(0)) / sum(weights)

    assert f"农村低保平均标准从{q(mean(LAST_YEAR['低保标准']), 0)}元提高到{q(mean(YEAR['低保标准']), 0)}元" in text


def test_change_verbs_by_direction_and_kind(text):
    hh = d(YEAR["监测对象户数"]) - d(LAST_YEAR["监测对象户数"])
    people = d(YEAR["监测对象人数"]) - d(LAST_YEAR["监测对象人数"])
    assert f"监测对象{d(YEAR['监测对象户数'])}户{d(YEAR['监测对象人数'])}人，较2021年增加{hh}户{people}人" in text
    fewer = d(LAST_YEAR["新识别人数"]) - d(YEAR["新识别人数"])
    fall = growth(d(YEAR["新识别人数"]), d(LAST_YEAR["新识别人数"]))
    assert f"新识别监测对象{d(YEAR['新识别人数'])}人，较2021年减少{fewer}人，降幅为{fall}" in text
    now = d(DECEMBER["逾期金额"]) / d(DECEMBER["贷款余额"])
    before = d(LAST_DECEMBER["逾期金额"]) / d(LAST_DECEMBER["贷款余额"])
    up = Decimal(pct(now)[:-1]) - Decimal(pct(before)[:-1])
    assert up > 0 and f"小额信贷逾期率为{pct(now)}，较2021年上升{up:.2f}个百分点" in text  # lower is better


def test_the_change_before_the_share_in_persons(text):
    share = d(YEAR["消除风险人数"]) / d(YEAR["监测对象人数"])
    hh = d(YEAR["消除风险户数"]) - d(LAST_YEAR["消除风险户数"])
    people = d(YEAR["消除风险人数"]) - d(LAST_YEAR["消除风险人数"])
    assert (
        f"累计消除风险{d(YEAR['消除风险户数'])}户{d(YEAR['消除风险人数'])}人，较2021年增加{hh}户{people}人，"
        f"占监测对象总人数的{pct(share)}" in text
    )


def test_a_part_and_the_counties_of_the_roster(text):
    workers, before = d(DECEMBER["吸纳就业人数"]), d(LAST_DECEMBER["吸纳就业人数"])
    assert (
        f"帮扶车间吸纳就业{workers}人，较2021年增加{workers - before}人，增幅为{growth(workers, before)}，"
        f"其中脱贫人口和监测对象{d(DECEMBER['吸纳脱贫人口'])}人" in text
    )
    done = [c for c, v, t in zip(COUNTIES, DECEMBER["务工人数"], TARGETS) if v >= t]
    assert f"从各县（市、区）看，{len(done)}个县（市、区）完成年度任务" in text
    assert f"{len(COUNTIES) - len(done)}个县（市、区）未完成" in text


def test_a_pair_of_two_kinds_and_a_county_not_reporting(text):
    students, money = d(YEAR["雨露计划资助学生"]), d(YEAR["雨露计划资助金额"])
    assert f"雨露计划资助学生{students}人、{q(money)}万元（南河市未报送，为其余5个县（市、区）之和）" in text


def test_a_figure_known_only_to_a_date(text, made):
    weights = [Decimal(w) for w in YEAR["脱贫人口数"]]
    income = sum((Decimal(v) * w for v, w in zip(YEAR["人均纯收入"], weights)), Decimal(0)) / sum(weights)
    more = income - Decimal(10500)
    assert f"截至三季度，全市脱贫人口人均纯收入为{q(income, 0)}元，较2021年增加{q(more, 0)}元" in text
    assert any("截至三季度" in n for n in made.item.made.notes)  # and said on stderr


def test_period_words_once_a_section_not_at_every_paragraph(text):
    assert "全年" not in text
    assert text.count("2022年，全市") == 3  # the first figures of each of the three sections with figures


def test_the_office_sentence_with_placeholders(text):
    workers = d(DECEMBER["务工人数"])
    before = d(LAST_DECEMBER["务工人数"])
    assert (
        f"全市{d(DECEMBER['帮扶车间个数'])}个帮扶车间吸纳就业{d(DECEMBER['吸纳就业人数'])}人，"
        f"其中{d(DECEMBER['吸纳脱贫人口'])}人为脱贫人口和监测对象。" in text
    )
    assert f"务工就业较2021年增加{q((workers - before) / 10000)}万人，增幅为{growth(workers, before)}" in text
    assert f"完成{q(d(TARGETS) / 10000)}万人年度任务的{pct(workers / d(TARGETS))}" in text
    reserve, last = d(YEAR["储备项目数"]), d(LAST_YEAR["储备项目数"])
    assert f"储备项目增长{growth(reserve, last)}，2021年为{last}个" in text
    share = d(YEAR["消除风险人数"]) / d(YEAR["监测对象人数"])
    assert (
        f"风险消除占比{pct(share)}，上年监测对象{d(LAST_YEAR['监测对象户数'])}户{d(LAST_YEAR['监测对象人数'])}人"
        in text
    )
    assert f"明年务工目标{q(workers * Decimal('1.02') / 10000)}万人。" in text
    assert "【" not in text and "】" not in text
    assert "一、强化资金项目" in text and "四、2023年工作打算" in text


@pytest.fixture(scope="module")
def documents(city, tmp_path_factory):
    out = tmp_path_factory.mktemp("city-out")
    paths = []
    for frame in ([], ["--report"]):
        args = ["summary", "--year", "2022", "--data", str(city), "--output", str(out / (frame or ["oa"])[0])]
        result = CliRunner().invoke(main, [*args, "--date", "2023-01-10", *frame])
        assert result.exit_code == 0, result.output
        paths.append(next((out / (frame or ["oa"])[0]).rglob("*.docx")))
    return paths


def test_the_report_frame_has_its_own_opening_and_closing(documents):
    oa, report = ("\n".join(p.text for p in docx.Document(path).paragraphs) for path in documents)
    assert "现将2022年工作情况总结如下。" in oa and "报告如下" not in oa and "特此报告" not in oa
    assert "2022年，我办在市委、市政府领导下推进各项重点工作。现将有关情况报告如下。" in report
    assert "总结如下" not in report
    lines = [line for line in report.splitlines() if line.strip()]
    closing = lines.index("特此报告。")
    assert lines[closing + 1].startswith("附件：")  # the closing right before the 附件说明 and the signature


def test_both_frames_pass_gen_check(documents):
    result = CliRunner().invoke(main, ["check", "--json", *map(str, documents)])
    assert result.exit_code == 0, result.output
    assert all(r["ok"] for r in json.loads(result.output)["files"])
