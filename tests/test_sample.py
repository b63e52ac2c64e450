"""The sample workspace end to end: every month reads, and the bulletin's figures match a
computation made here straight from the county workbooks with openpyxl (not gongwen's reader)."""

from __future__ import annotations

from fractions import Fraction as F

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import SAMPLE
from docx.oxml.ns import qn

from cli import main
from generators import register
from generators.reading.tables import read_month
from generators.reading.workspace import Month, Workspace

# Column letters of the sample's monthly layout (tools/make_sample_data.py).
COLUMNS = {
    "households": "C",
    "people": "D",
    "cleared": "E",
    "granted": "F",
    "spent": "G",
    "workers": "H",
    "loans": "I",
    "balance": "J",
    "overdue": "K",
    "sales": "L",
    "planned": "M",
    "started": "N",
}
# (code, weight, numerator, denominator or target column, higher is better) as in 指标.xlsx.
INDICATORS = [
    ("fxxc", 15, "cleared", "people", True),
    ("zjzc", 25, "spent", "granted", True),
    ("wgjy", 20, "workers", "target:脱贫劳动力务工就业", True),
    ("xexd", 10, "loans", "target:小额信贷新增放贷", True),
    ("yql", 10, "overdue", "balance", False),
    ("xfbf", 10, "sales", "target:消费帮扶销售额", True),
    ("xmkg", 10, "started", "planned", True),
]


def number(value) -> F:
    if isinstance(value, str):
        value = value.replace(",", "").strip()
    return F(str(value))


def november_by_hand() -> dict[str, dict[str, F]]:
    roster = openpyxl.load_workbook(SAMPLE / "县区名单.xlsx").active
    names = {}
    for row in roster.iter_rows(min_row=3, values_only=True):
        names[row[1]] = row[1]
        for alias in str(row[2] or "").split("、"):
            names[alias] = row[1]
    result = {}
    for path in sorted((SAMPLE / "月报" / "2022-11").glob("*.xlsx")):
        sheet = openpyxl.load_workbook(path).active
        row = next(r for r in range(6, sheet.max_row + 1) if str(sheet[f"B{r}"].value or "").strip() in names)
        county = names[str(sheet[f"B{row}"].value).strip()]
        result[county] = {key: number(sheet[f"{col}{row}"].value) for key, col in COLUMNS.items()}
    targets = openpyxl.load_workbook(SAMPLE / "年度目标" / "2022年.xlsx").active
    header = [c.value for c in targets[2]]
    for row in targets.iter_rows(min_row=3, values_only=True):
        for name, value in zip(header[1:], row[1:]):
            result[row[0]]["target:" + name] = number(value)
    return result


def composite(values) -> dict[str, F]:
    totals = {c: F(0) for c in values}
    for _, weight, num, den, higher in INDICATORS:
        # Decided on the percent as printed (two decimals), as the README says.
        compared = {c: F(int(v[num] / v[den] * 10000 + F(1, 2)), 10000) for c, v in values.items()}
        low, high = min(compared.values()), max(compared.values())
        for c, x in compared.items():
            share = (x - low if higher else high - x) / (high - low)
            totals[c] += F(int(weight * share * 100 + F(1, 2)), 100)
    return totals


def percent(x: F) -> str:
    return f"{int(x * 10000 + F(1, 2)) / 100:.2f}%"


@pytest.mark.parametrize("month", ["2021-12", "2022-01", "2022-03", "2022-06", "2022-11", "2022-12"])
def test_every_shape_of_month_reads(month):
    data = read_month(Workspace(SAMPLE), Month.parse(month))
    assert len(data.values) == 12 and data.warnings == []


def test_sample_bulletin_matches_hand_computation(tmp_path, sample):
    result = CliRunner().invoke(
        main,
        ["bulletin", "--month", "2022-11", "--data", str(sample), "--output", str(tmp_path), "--date", "2022-12-05"],
    )
    assert result.exit_code == 0, result.output
    (path,) = (tmp_path / "2022-11").glob("*.docx")
    document = docx.Document(path)
    text = "\n".join("".join(p.itertext()) for p in document.element.body.iter(qn("w:p")))
    values = november_by_hand()
    spent = sum(v["spent"] for v in values.values()) / sum(v["granted"] for v in values.values())
    assert f"衔接资金支出进度为{percent(spent)}" in text
    workers = sum(v["workers"] for v in values.values())
    done = workers / sum(v["target:脱贫劳动力务工就业"] for v in values.values())
    assert f"完成年度任务的{percent(done)}" in text
    totals = composite(values)
    order = sorted(totals, key=lambda c: -totals[c])
    table = next(t for t in document.tables if t.rows[0].cells[0].text.strip() == "排名")
    rows = [[c.text.strip() for c in row.cells] for row in table.rows[1:]]
    assert [r[1] for r in rows] == order
    assert [r[2] for r in rows] == [f"{float(totals[c]):.2f}" for c in order]
    assert f"排在前三位的是{'、'.join(order[:3])}" in text
    assert f"排在后三位的是{'、'.join(order[-3:])}" in text


def test_sample_is_marked_as_sample():
    for path in SAMPLE.rglob("*.xlsx"):
        if path.name == register.FILE:  # gongwen's own register, left by the README's command
            continue
        first = next(openpyxl.load_workbook(path).active.iter_rows(max_row=1, values_only=True))
        assert any("示例数据" in str(v) for v in first if v), path
    assert "示例数据" in (SAMPLE / "设置.yaml").read_text(encoding="utf-8").splitlines()[0]


def test_sample_summary_as_of_november_matches_hand_computation(tmp_path, sample):
    """Drafted in December before the December tables: November's figures against 序时进度 (11 ÷ 12)."""
    (sample / "月报" / "2022-12.xlsx").unlink()
    args = ["summary", "--year", "2022", "--through", "2022-11", "--data", str(sample), "--output", str(tmp_path)]
    result = CliRunner().invoke(main, [*args, "--date", "2022-12-20"])
    assert result.exit_code == 0, result.output
    (path,) = (tmp_path / "2022年1-11月").glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "全年" not in text and "截至2022年11月底，全市" in text
    values = november_by_hand()
    schedule = F(int(F(11, 12) * 10000 + F(1, 2)), 10000)  # 91.67% as printed

    def against(rate: F) -> str:
        points = F(int(rate * 10000 + F(1, 2)), 10000) - schedule
        return ("超" if points >= 0 else "低于") + f"序时进度{float(abs(points) * 100):.2f}个百分点"

    spent = sum(v["spent"] for v in values.values()) / sum(v["granted"] for v in values.values())
    assert f"衔接资金支出进度为{percent(spent)}，{against(spent)}" in text
    target = "target:脱贫劳动力务工就业"
    done = sum(v["workers"] for v in values.values()) / sum(v[target] for v in values.values())
    assert f"年度任务的{percent(done)}，{against(done)}" in text
    finished = [c for c, v in values.items() if v["workers"] >= v[target]]
    short = [c for c, v in values.items() if v["workers"] / v[target] < schedule]
    assert f"{len(finished)}个县（市、区）已完成年度任务：" in text
    assert f"{len(short)}个县（市、区）未达到序时进度：" in text
    for county in short:
        rate = values[county]["workers"] / values[county][target]
        assert f"{county}（完成{percent(rate)}，{against(rate)}）" in text
    # 监测对象 is in November's tables too: as of November it is November's count, not 年度数据's year end,
    # and with no November a year before it is not compared (a year end is not 上年同期).
    people, households = (sum(v[k] for v in values.values()) for k in ("people", "households"))
    assert f"监测对象{households}户{people}人；" in text and "两处不一致" not in result.output
    assert "取自2022年的年度数据，不是2022年11月的月报" in result.output
