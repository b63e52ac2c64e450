"""The quarterly bulletin (一季一点评): the same kind as the monthly one for another period, every figure
recomputed here from the tables by hand (helpers.independent), its words the quarter's."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner
from conftest import MERGES, NOVEMBER, OCTOBER, build_tiny, month_rows, write_xlsx
from helpers import independent

from cli import main
from generators import register

Q3_TITLE = "关于2022年第三季度全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接重点工作进展情况的通报"


def quarter_workspace(root: Path, june: dict | None = OCTOBER, september: dict = NOVEMBER) -> Path:
    """The tiny workspace with a June and a September table (no October, no November)."""
    build_tiny(root)
    for old in ("2022-10", "2022-11"):
        (root / "月报" / f"{old}.xlsx").unlink()
    if june is not None:
        write_xlsx(root / "月报" / "2022-06.xlsx", month_rows(june, month="2022年6月"), MERGES)
    write_xlsx(root / "月报" / "2022-09.xlsx", month_rows(september, month="2022年9月"), MERGES)
    return root


def gen(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def text_of(path: Path) -> str:
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    parts += ["|".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
    return "\n".join(parts)


def pct(numerator: int, denominator: int) -> str:
    """A percentage to 0.01, half-up, computed with integers only."""
    hundredths = (numerator * 20000 + denominator) // (2 * denominator)
    return f"{hundredths // 100}.{hundredths % 100:02d}%"


def test_the_third_quarter_is_september_against_june(tmp_path):
    ws = quarter_workspace(tmp_path / "ws")
    code, output = gen("bulletin", "--quarter", "2022Q3", "--data", str(ws), "--output", str(tmp_path / "out"),
                       "--date", "2022-10-10")  # fmt: skip
    assert code == 0, output
    path = tmp_path / "out" / "2022Q3" / f"{Q3_TITLE}.docx"
    assert f"已生成：{path}" in output
    text = text_of(path)
    assert text.count("2022年第三季度") >= 3  # title, intro, the annexes' names
    assert "按照一季一点评工作机制" in text and "截至2022年9月底" in text
    assert "较上月" not in text and "上月" not in text.replace("上季度末", "")
    # 衔接资金支出进度: September 3330 / 4300, June 2980 / 4300; 序时进度 9/12 = 75.00%.
    spent = sum(v[1] for v in NOVEMBER.values())
    funds = sum(v[0] for v in NOVEMBER.values())
    june_spent = sum(v[1] for v in OCTOBER.values())
    rate, june_rate = pct(spent, funds), pct(june_spent, funds)
    assert f"衔接资金支出进度为{rate}" in text
    ahead = (spent * 10000 // funds) - 7500  # hundredths of a point above 75%, rates rounded first
    assert rate == "77.44%" and ahead == 244
    assert "超序时进度2.44个百分点" in text
    change = round((float(rate[:-1]) - float(june_rate[:-1])) * 100)
    assert f"较上季度末提高{change // 100}.{change % 100:02d}个百分点" in text
    assert "按序时进度（75.00%）衡量" in text
    # The composite ranking: the same rule as a month's, on September's table.
    scores = independent(NOVEMBER)
    expected = sorted(scores.items(), key=lambda kv: -kv[1])
    table = docx.Document(path).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["排名", "县区", "综合得分", "较上季度末变化"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[1] for r in rows] == [county for county, _ in expected]
    assert [r[2] for r in rows] == [f"{float(s):.2f}" for _, s in expected]
    # 较上季度末: June's ranks by the same rule.
    june_ranks = {c: i for i, (c, _) in enumerate(sorted(independent(OCTOBER).items(), key=lambda kv: -kv[1]), 1)}
    for rank, (county, _) in enumerate(expected, 1):
        moved = june_ranks[county] - rank
        shown = rows[rank - 1][3]
        assert shown == ("持平" if moved == 0 else f"↑{moved}" if moved > 0 else f"↓{-moved}")
    assert "与上季度末相比" in text or "各县区排名与上季度末相同" in text


def test_the_quarter_has_its_own_number_and_regenerating_keeps_it(tmp_path):
    ws = quarter_workspace(tmp_path / "ws")
    out = str(tmp_path / "out")
    assert gen("bulletin", "--quarter", "2022Q3", "--data", str(ws), "--output", out, "--date", "2022-10-10")[0] == 0
    assert gen("bulletin", "--month", "2022-09", "--data", str(ws), "--output", out, "--date", "2022-10-11")[0] == 0
    assert gen("bulletin", "--quarter", "2022Q3", "--data", str(ws), "--output", out, "--date", "2022-10-10")[0] == 0
    sheet = openpyxl.load_workbook(ws / register.FILE).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    subjects = [(r[header.index("文种")], r[header.index("对象")], r[header.index("序号")]) for r in rows[1:]]
    first = 7  # the tiny settings' 下一个序号
    assert sorted(subjects, key=lambda s: s[2]) == [("通报", "2022Q3", first), ("通报", "2022-09", first + 1)]


def test_the_first_quarter_is_not_compared(tmp_path):
    ws = quarter_workspace(tmp_path / "ws", june=None)
    (ws / "月报" / "2022-09.xlsx").rename(ws / "月报" / "2022-03.xlsx")
    write_xlsx(ws / "月报" / "2022-03.xlsx", month_rows(NOVEMBER, month="2022年3月"), MERGES)
    write_xlsx(ws / "月报" / "2021-12.xlsx", month_rows(OCTOBER, month="2021年12月"), MERGES)
    code, output = gen("bulletin", "--quarter", "2022Q1", "--data", str(ws), "--output", str(tmp_path / "out"),
                       "--date", "2022-04-08")  # fmt: skip
    assert code == 0, output
    text = text_of(next((tmp_path / "out" / "2022Q1").glob("*.docx")))
    assert "第一季度为年度首季，累计数据从1月重新起算，不与上年第四季度比较" in text
    assert "较上季度末提高" not in text and "较上季度末降低" not in text
    assert "按序时进度（25.00%）衡量" in text


def test_a_quarter_without_its_last_month_is_the_missing_month_error(tmp_path):
    ws = quarter_workspace(tmp_path / "ws")
    code, output = gen("bulletin", "--quarter", "2022Q4", "--data", str(ws), "--output", str(tmp_path / "out"),
                       "--date", "2023-01-08")  # fmt: skip
    assert code == 1
    assert "2022-12" in output or "2022年12月" in output, output
    assert not (tmp_path / "out").exists()
    assert not (ws / register.FILE).exists()


def test_a_quarter_is_written_as_offices_type_it(tmp_path):
    ws = quarter_workspace(tmp_path / "ws")
    for spelled in ("2022Q3", "2022q3", "2022年第三季度", "2022年3季度"):
        code, output = gen("bulletin", "--quarter", spelled, "--data", str(ws), "--output", str(tmp_path / "o"),
                           "--date", "2022-10-10")  # fmt: skip
        assert code == 0, (spelled, output)
    code, output = gen("bulletin", "--quarter", "2022Q5", "--data", str(ws), "--date", "2022-10-10")
    assert code != 0 and "季度「2022Q5」格式不对" in output
    code, output = gen("bulletin", "--quarter", "2022Q3", "--month", "2022-09", "--data", str(ws))
    assert code == 2 and "只写一个" in output
    assert re.search(r"--quarter\s+YYYYQn", gen("bulletin", "--help")[1])


def test_the_first_quarter_never_reads_last_december(tmp_path):
    """Q1 is not compared (the figures restarted in January): last December's table is not read, so a
    broken one stops nothing and is not listed among what the bulletin was made from."""
    ws = quarter_workspace(tmp_path / "ws", june=None)
    (ws / "月报" / "2022-09.xlsx").unlink()
    write_xlsx(ws / "月报" / "2022-03.xlsx", month_rows(NOVEMBER, month="2022年3月"), MERGES)
    (ws / "月报" / "2021-12.xlsx").write_bytes(b"not a workbook")
    code, output = gen("bulletin", "--quarter", "2022Q1", "--data", str(ws), "--output", str(tmp_path / "out"),
                       "--date", "2022-04-08", "--strict")  # fmt: skip
    assert code == 0, output
    basis = openpyxl.load_workbook(ws / register.FILE)[register.BASIS]
    assert not any("2021-12" in str(c.value) for row in basis.iter_rows() for c in row)
