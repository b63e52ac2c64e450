"""The year's documents drafted before December (「截至11月底」): the summary and the work plan as of a month,
every figure worked out here by hand from conftest's tables."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner
from conftest import MERGES, NOVEMBER, TARGETS, month_rows, write_xlsx
from helpers import summary_config

from cli import main


def configure(ws: Path) -> Path:
    """A 年度总结.xlsx with one paragraph on 务工 and 资金, and a work plan quoting 务工 as of its month."""
    summary_config(ws, [("工作成效", "稳岗就业。", "zjzc、脱贫劳动力务工就业", "多措并举促进就业。")])
    plan = [
        ["部分", "标题", "内容"],
        ["稳就业", "稳岗。", "【截至】全市务工【2022年脱贫劳动力务工就业】，明年不少于此。"],
    ]
    write_xlsx(ws / "工作要点" / "2023年.xlsx", plan, sheet="任务")
    return ws


def gen(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def body(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


def pct(num: int, den: int) -> str:
    hundredths = (num * 20000 + den) // (2 * den)  # half-up to 0.01 in integers
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def test_the_summary_as_of_november(tiny, tmp_path):
    ws, out = configure(tiny), tmp_path / "out"
    code, output = gen("summary", "--year", "2022", "--through", "2022-11", "--data", str(ws), "--output", str(out),
                       "--date", "2022-12-20")  # fmt: skip
    assert code == 0, output
    (path,) = (out / "2022年1-11月").glob("*.docx")
    text = body(path)
    assert "全年" not in text and "截至2022年11月底，全市" in text and "2022年以来" in text
    # 务工 (third column): Σ November ÷ Σ targets, against 序时进度 11/12 = 91.67%.
    done, target = sum(v[2] for v in NOVEMBER.values()), sum(TARGETS.values())
    rate = pct(done, target)
    gap = int(pct(11, 12).replace(".", "")) - int(rate.replace(".", ""))
    assert (
        f"脱贫劳动力务工就业{done}人，完成{target}人年度任务的{rate}%，低于序时进度{gap // 100}.{gap % 100:02d}个百分点"
        in text
    )
    # The counties told apart three ways: finished, at 序时进度, short of it (each by hand).
    finished = [c for c in NOVEMBER if NOVEMBER[c][2] >= TARGETS[c]]
    short = [c for c in NOVEMBER if NOVEMBER[c][2] / TARGETS[c] < 11 / 12]
    assert f"{len(finished)}个" in text and "已完成年度任务：" + finished[0] in text
    assert f"{len(short)}个" in text and "未达到序时进度：" in text
    for county in short:
        behind = int(pct(11, 12).replace(".", "")) - int(pct(NOVEMBER[county][2], TARGETS[county]).replace(".", ""))
        assert (
            f"{county}（完成{pct(NOVEMBER[county][2], TARGETS[county])}%，低于序时进度{behind // 100}.{behind % 100:02d}个百分点）"
            in text
        )
    # 资金 (a rate held to 序时进度): Σ spent ÷ Σ funds.
    rate = pct(sum(v[1] for v in NOVEMBER.values()), sum(v[0] for v in NOVEMBER.values()))
    assert f"衔接资金支出进度为{rate}%，低于序时进度" in text
    # October is not last November: nothing to compare with, and it is said.
    assert "较上年" not in text and "2021年11月" in output


def test_the_year_end_bars_stand_against_the_annual_task_and_as_of_against_the_schedule(tiny, tmp_path):
    ws = configure(tiny)
    write_xlsx(ws / "月报" / "2022-12.xlsx", month_rows(NOVEMBER, month="2022年12月"), MERGES)
    for through, line in ((None, "年度任务"), ("2022-11", "序时进度")):
        out = tmp_path / (through or "year")
        args = ["--through", through] if through else []
        code, output = gen("summary", "--year", "2022", *args, "--charts", "native", "--data", str(ws),
                           "--output", str(out), "--date", "2023-01-05")  # fmt: skip
        assert code == 0, output
        (path,) = out.rglob("*.docx")
        with zipfile.ZipFile(path) as z:
            charts = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/charts/chart"))
        assert f"<c:v>{line}</c:v>" in charts, line
        other = {"年度任务": "序时进度", "序时进度": "年度任务"}[line]
        bars = charts.split("<c:barChart>")[1:]
        assert bars and all(f"<c:v>{other}</c:v>" not in b.split("</c:barChart>")[0] for b in bars)


def test_without_december_the_error_names_the_latest_month_and_the_option(tiny, tmp_path):
    code, output = gen("summary", "--year", "2022", "--data", str(configure(tiny)), "--output", str(tmp_path / "o"),
                       "--date", "2022-12-20")  # fmt: skip
    assert code == 1 and "最近的是2022年11月的月报" in output and "--through 2022-11" in output
    code, output = gen("summary", "--year", "2022", "--through", "2023-11", "--data", str(tiny), "--date", "2022-12-20")
    assert code == 1 and "不在2022年" in output, output


def test_the_work_plan_drafted_in_december_quotes_november(tiny, tmp_path):
    ws, out = configure(tiny), tmp_path / "out"
    code, output = gen("workplan", "--year", "2023", "--through", "2022-11", "--data", str(ws), "--output", str(out),
                       "--date", "2022-12-10")  # fmt: skip
    assert code == 0, output
    (path,) = (out / "2023").glob("*.docx")
    done = sum(v[2] for v in NOVEMBER.values())
    assert f"截至2022年11月底全市务工{done}人，明年不少于此。" in body(path)
    # Without --through the plan needs December, and says which option helps.
    code, output = gen("workplan", "--year", "2023", "--data", str(ws), "--output", str(out), "--date", "2022-12-10")
    assert code == 1 and "--through 2022-11" in output
    # The as-of month decides the earliest 成文日期: a plan from November's figures can be dated in November.
    code, output = gen("workplan", "--year", "2023", "--through", "2022-11", "--data", str(ws), "--output", str(out),
                       "--date", "2022-10-31")  # fmt: skip
    assert code == 1 and "早于" in output


def test_months_without_a_table_break_the_line_and_are_named():
    from charts.lines import progress_lines_figure
    from generators.reading.periods import YearToDate
    from generators.summary import missing_months

    records = {m: {"资金": 10.0 * m} for m in (1, 2, 4, 8, 9, 10, 11)}
    assert missing_months(YearToDate(2022, 11), records) == "（3月、5至7月无月报）"
    assert missing_months(YearToDate(2022, 2), records) == ""
    fig = progress_lines_figure(
        list(range(1, 12)), {"资金": [records.get(m, {}).get("资金") for m in range(1, 12)]}, title="t"
    )
    (line,) = [ln for ln in fig.axes[0].get_lines() if ln.get_label() == "资金"]
    ys = list(line.get_ydata())
    assert [y != y for y in ys] == [m not in records for m in range(1, 12)]  # NaN, drawn as a gap


def test_the_draft_as_of_november_and_the_years_report_are_two_numbered_documents(sample, tmp_path):
    out = str(tmp_path / "out")
    for args in (["--through", "2022-11", "--date", "2022-12-12"], ["--date", "2022-12-30"]):
        code, output = gen("summary", "--year", "2022", "--report", *args, "--data", str(sample), "--output", out)
        assert code == 0, output
    numbers = {}
    for path in (tmp_path / "out").rglob("*.docx"):
        numbers[path.parent.name] = next(p.text for p in docx.Document(path).paragraphs if "〔2022〕" in p.text)
    assert set(numbers) == {"2022年1-11月", "2022"} and len(set(numbers.values())) == 2
    rows = list(openpyxl.load_workbook(sample / "发文登记.xlsx").worksheets[0].iter_rows(values_only=True))
    subjects = {r[rows[0].index("对象")] for r in rows[1:]}
    assert {"2022年1-11月工作总结", "2022年工作总结"} <= subjects
