"""gen summary: the annual summary read back and every figure recomputed here from the raw workbooks."""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import SAMPLE, copy_sample, tree_digest
from docx.oxml.ns import qn
from textcheck import assert_same_characters

from cli import main
from generators.numbers import wording as w
from generators.word import gbt9704 as G

DATE = "2023-01-10"


def run(*args):
    return CliRunner().invoke(main, ["summary", *map(str, args)])


def made(folder: Path) -> Path:
    (path,) = (folder / "2022").glob("*.docx")
    return path


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Both frames, generated once from the sample (which must not change)."""
    out = tmp_path_factory.mktemp("summary")
    data = copy_sample(out / "data")
    before = tree_digest(data)
    plain = run("--year", 2022, "--data", data, "--output", out / "oa", "--date", DATE)
    assert plain.exit_code == 0, plain.output
    assert not list(data.glob("发文登记*"))  # the OA attachment has no number: nothing registered
    report = run("--year", 2022, "--report", "--data", data, "--output", out / "report", "--date", DATE)
    assert report.exit_code == 0, report.output
    assert tree_digest(data) == before and list(data.glob("发文登记*"))
    return made(out / "oa"), made(out / "report")


@pytest.fixture(scope="module")
def text(outputs) -> str:
    return "\n".join(p.text for p in docx.Document(outputs[0]).paragraphs)


# ---------------------------------------------------------------- independent figures


def q(value: Decimal, places: int) -> str:
    s = f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def table(path: Path, header_row: int) -> dict[str, dict[str, Decimal]]:
    """County → header → value, read with openpyxl (not gongwen's readers)."""
    sheet = openpyxl.load_workbook(path, data_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    names = {
        r[1] for r in list(openpyxl.load_workbook(SAMPLE / "县区名单.xlsx").active.iter_rows(values_only=True))[2:]
    }
    header = rows[header_row]
    out = {}
    for row in rows[header_row + 1 :]:
        county = next((v for v in row if v in names), None)
        if county:
            out[county] = {str(h): Decimal(str(v)) for h, v in zip(header, row) if h and isinstance(v, (int, float))}
    return out


@pytest.fixture(scope="module")
def year2022():
    return table(SAMPLE / "年度数据" / "2022年.xlsx", 1)


@pytest.fixture(scope="module")
def year2021():
    return table(SAMPLE / "年度数据" / "2021年.xlsx", 1)


def fixed1(value: Decimal) -> str:
    """A growth rate as printed: one decimal, always (「13.0%」)."""
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}"


def total(rows, column) -> Decimal:
    return sum((r[column] for r in rows.values()), Decimal(0))


def test_weighted_per_capita_income(text, year2022, year2021):
    def weighted(rows):
        return sum((r["人均纯收入"] * r["脱贫人口数"] for r in rows.values()), Decimal(0)) / total(rows, "脱贫人口数")

    now, before = weighted(year2022), weighted(year2021)
    # The population-weighted figure differs from the plain mean of the counties' figures.
    mean = total(year2022, "人均纯收入") / len(year2022)
    assert q(mean, 0) != q(now, 0)
    growth = fixed1((now - before) / before * 100)
    assert f"脱贫人口人均纯收入为{q(now, 0)}元，较2021年增加{q(now - before, 0)}元，增幅为{growth}%" in text


def test_pairs_and_share_of_a_sum(text, year2022, year2021):
    hh, people = total(year2022, "新识别户数"), total(year2022, "新识别人数")
    assert f"新识别监测对象{q(hh, 0)}户{q(people, 0)}人" in text
    share = total(year2022, "消除风险人数") / total(year2022, "监测对象人数")
    more = [total(year2022, c) - total(year2021, c) for c in ("消除风险户数", "消除风险人数")]
    assert all(m > 0 for m in more)
    # the change is attached to the figure it modifies, before the share (not after it)
    assert (
        f"累计消除风险{q(total(year2022, '消除风险户数'), 0)}户{q(total(year2022, '消除风险人数'), 0)}人，"
        f"较2021年增加{q(more[0], 0)}户{q(more[1], 0)}人，占监测对象总人数的{w.percent(share)}" in text
    )


def test_rate_of_sums_and_change_in_points(text, year2022, year2021):
    def rate(rows):
        return total(rows, "防返贫保险赔付") / total(rows, "防返贫保险保费")

    now, before = rate(year2022), rate(year2021)
    mean = sum((r["防返贫保险赔付"] / r["防返贫保险保费"] for r in year2022.values()), Decimal(0)) / len(year2022)
    assert q(mean * 100, 2) != q(now * 100, 2)
    # the change is that of the two percents as printed (two decimals), worded as every document words it
    printed = Decimal(q(now * 100, 2)) - Decimal(q(before * 100, 2))
    assert printed != 0
    assert f"防返贫保险赔付率为{w.percent(now)}，较2021年{w.change_in_points(printed / 100)}" in text


def test_amount_with_year_on_year_change(text, year2022, year2021):
    now, before = total(year2022, "防返贫保险保费"), total(year2021, "防返贫保险保费")
    assert now < 10000  # in 万元, so written in 万元
    growth = fixed1((now - before) / before * 100)
    assert f"防返贫保险保费{q(now, 2)}万元，较2021年增加{q(now - before, 2)}万元，增幅为{growth}%" in text


def test_completion_of_annual_targets_and_the_counties(text):
    december = table(SAMPLE / "月报" / "2022-12.xlsx", 4)
    targets = table(SAMPLE / "年度目标" / "2022年.xlsx", 1)
    value = {c: r["当年放贷金额"] for c, r in december.items()}
    target = {c: r["小额信贷新增放贷"] for c, r in targets.items()}
    city, goal = sum(value.values()), sum(target.values())
    assert city >= 10000 and goal >= 10000  # 万元 above 1亿: written in 亿元
    assert (
        f"小额信贷新增放贷{q(city / 10000, 2)}亿元，完成{q(goal / 10000, 2)}亿元年度任务的{q(city / goal * 100, 2)}%"
        in text
    )
    short = sorted((c for c in value if value[c] < target[c]), key=lambda c: -value[c] / target[c])
    done = [c for c in value if value[c] >= target[c]]
    assert f"{len(done)}个县（市、区）完成年度任务" in text  # as the roster has them
    gaps = "、".join(f"{c}（完成{w.percent(value[c] / target[c])}，差{q(target[c] - value[c], 2)}万元）" for c in short)
    assert f"{len(short)}个县（市、区）未完成：{gaps}" in text


def test_the_annex_table_has_every_county_and_the_city(outputs):
    d = docx.Document(outputs[0])
    (annex,) = d.tables
    counties = [row.cells[0].text for row in annex.rows[1:]]
    names = [
        r[1] for r in list(openpyxl.load_workbook(SAMPLE / "县区名单.xlsx").active.iter_rows(values_only=True))[2:]
    ]
    assert counties == [*names, "全市"]


def test_no_comparison_says_zero(text):
    assert "增加0" not in text and "减少0" not in text


# ---------------------------------------------------------------- format


def style_font(doc, style_name: str) -> str:
    rfonts = doc.styles[style_name].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return rfonts.get(qn("w:eastAsia"))


def test_headings_lead_sentences_and_page(outputs):
    d = docx.Document(outputs[0])
    headings = [p for p in d.paragraphs if re.match(r"^[一二三四五六七八九十]+、", p.text)]
    assert [p.text[:2] for p in headings] == ["一、", "二、", "三、", "四、"]
    assert all(p.style.name == "一级标题" for p in headings)
    assert style_font(d, "一级标题") == G.FONT_LEVEL1
    leads = [p.runs[0] for p in d.paragraphs if p.runs and p.runs[0].style.name == "段落引语" and p.runs[0].text]
    assert [r.text for r in leads][:2] == ["高位推动抓落实。", "资金保障抓落实。"]
    assert d.styles["段落引语"].font.bold and style_font(d, "段落引语") == G.FONT_BODY
    s = d.sections[0]
    assert s.page_width.mm == pytest.approx(G.PAGE_WIDTH_MM, abs=0.1)
    assert s.top_margin.mm == pytest.approx(G.MARGIN_TOP_MM, abs=0.1)
    assert s.left_margin.mm == pytest.approx(G.MARGIN_LEFT_MM, abs=0.1)
    # one line chart of the year and one bar chart per indicator with annual targets
    assert len(d.inline_shapes) == 4


def test_frames(outputs):
    plain, report = (docx.Document(p) for p in outputs)
    first = [p.text for p in plain.paragraphs if p.text.strip()]
    assert first[0].startswith("榆林市2022年")  # no 版头
    assert not any("签发人" in t or "印发" in t for t in first)
    lines = [p for p in report.paragraphs if "签发人：" in p.text]
    assert len(lines) == 1 and re.fullmatch(
        r"\u3000榆巩衔办字〔2023〕1号\t签发人：李华", lines[0].text
    )  # one character in
    assert lines[0].runs[-1].text == "李华"
    assert any(p.text == "市委、市政府：" for p in report.paragraphs)
    body = "\n".join(p.text for p in report.element.iter(qn("w:p")) for p in [docx.text.paragraph.Paragraph(p, None)])
    assert "印发" in body  # 版记


def test_both_frames_pass_gen_check(outputs):
    result = CliRunner().invoke(main, ["check", "--json", *map(str, outputs)])
    assert result.exit_code == 0, result.output
    reports = json.loads(result.output)["files"]
    assert all(r["ok"] for r in reports), result.output
    got = {rule["id"]: rule["status"] for rule in reports[1]["rules"]}
    assert got["doc-number"] == "通过" and got["banji-rules"] == "通过"


def test_the_pdf_has_all_the_text(outputs, tmp_path):
    from generators.word.pdf import to_pdf

    for frame in outputs:  # the OA attachment and the 报告: every character of the .docx is in the PDF
        assert_same_characters(frame, to_pdf(frame, tmp_path / (frame.stem + ".pdf")))


# ---------------------------------------------------------------- bad input


def test_no_december(sample, tmp_path):
    (sample / "月报" / "2022-12.xlsx").unlink()
    result = run("--year", 2022, "--data", sample, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert "没有2022年12月的数据" in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.docx"))


def test_missing_previous_year_is_logged_and_left_out(sample, tmp_path, caplog):
    (sample / "月报" / "2021-12.xls").unlink()
    (sample / "年度数据" / "2021年.xlsx").unlink()
    from generators import summary
    from generators.reading.workspace import Workspace

    with caplog.at_level("WARNING", logger="gongwen.summary"):
        made_ = summary.build(Workspace(sample), 2022, __import__("datetime").date(2023, 1, 10))
    assert len(made_.item.made.notes) == 2 and all("2021" in n for n in made_.item.made.notes)
    assert [r.getMessage() for r in caplog.records] == made_.item.made.notes
    words = json.dumps(made_.context, ensure_ascii=False, default=str)
    assert "较2021年" not in words and "增加0" not in words
    assert "小额信贷新增放贷" in words


def test_the_command_says_what_it_left_out(sample, tmp_path):
    (sample / "年度数据" / "2021年.xlsx").unlink()
    result = run("--year", 2022, "--data", sample, "--output", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.output.count("注意：没有2021年的年度数据") == 1
    words = "\n".join(p.text for p in docx.Document(made(tmp_path / "out")).paragraphs)
    assert re.search(r"衔接资金支出进度为[\d.]+%，较2021年", words)  # the monthly comparison stays
    assert re.search(r"防返贫保险保费[\d.]+万元；", words)  # the year-level one is left out


def test_unknown_indicator_in_a_section(sample, tmp_path):
    book = openpyxl.load_workbook(sample / "年度总结.xlsx")
    sheet = book["部分"]
    sheet["C6"] = "xsb、不存在的指标"
    book.save(sample / "年度总结.xlsx")
    result = run("--year", 2022, "--data", sample, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert "不存在的指标" in result.output and "年度总结.xlsx" in result.output and "C6" in result.output


def test_year_table_missing_a_county(sample, tmp_path):
    path = sample / "年度数据" / "2022年.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book.active
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "佳县")
    sheet.delete_rows(row)
    book.save(path)
    result = run("--year", 2022, "--data", sample, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert "2022年.xlsx" in result.output and "缺少「佳县」" in result.output


def test_report_without_issuer_is_a_clear_error(sample, tmp_path):
    settings = sample / "设置.yaml"
    settings.write_text(
        "\n".join(line for line in settings.read_text(encoding="utf-8").splitlines() if "签发人:" not in line),
        encoding="utf-8",
    )
    result = run("--year", 2022, "--report", "--data", sample, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert "签发人" in result.output


def test_problems_in_several_tables_are_reported_together(sample, tmp_path):
    path = sample / "年度数据" / "2022年.xlsx"
    book = openpyxl.load_workbook(path)
    book.active["C5"] = "很多"
    book.save(path)
    month = sample / "月报" / "2022-12.xlsx"
    book = openpyxl.load_workbook(month)
    book.active["D8"] = "约100"
    book.save(month)
    result = run("--year", 2022, "--data", sample, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert "2022-12.xlsx" in result.output and "D8" in result.output and "约100" in result.output
    assert "2022年.xlsx" in result.output and "C5" in result.output and "很多" in result.output


def test_the_report_is_numbered_from_the_register_and_keeps_its_number(sample, tmp_path):
    args = ["--year", 2022, "--report", "--data", sample, "--date", DATE]
    first = run(*args, "--number", 5, "--output", tmp_path / "a")
    assert first.exit_code == 0, first.output
    again = run(*args, "--output", tmp_path / "b")  # regenerated: the same number, not the next one
    assert again.exit_code == 0, again.output
    for folder in ("a", "b"):
        texts = [p.text for p in docx.Document(made(tmp_path / folder)).paragraphs]
        assert any(t.startswith("\u3000榆巩衔办字〔2023〕5号\t") for t in texts)


def test_a_rerun_gives_the_same_bytes(sample, tmp_path):
    args = ["--year", 2022, "--data", sample, "--date", DATE]
    assert run(*args, "--output", tmp_path / "a").exit_code == 0
    assert run(*args, "--output", tmp_path / "b").exit_code == 0
    assert made(tmp_path / "a").read_bytes() == made(tmp_path / "b").read_bytes()
