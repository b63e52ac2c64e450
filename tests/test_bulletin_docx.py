"""The bulletin as a .docx: read back and checked against the input tables and GB/T 9704."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import NOVEMBER, build_tiny, tree_digest
from docx.oxml.ns import qn
from helpers import independent

from cli import main
from generators.word import gbt9704

TITLE = "关于2022年11月份全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接重点工作进展情况的通报"


def run_bulletin(data: Path, out: Path, *extra) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        ["bulletin", "--month", "2022-11", "--data", str(data), "--output", str(out), "--date", "2022-12-05", *extra],
    )
    return result.exit_code, result.output


def all_text(document) -> str:
    """Paragraphs, table cells, and text boxes (the 版记 sits in one at the foot of the last page)."""
    parts = ["".join(p.itertext()) for p in document.element.body.iter(qn("w:p"))]
    for table in document.tables:
        for row in table.rows:
            parts.append("|".join(cell.text for cell in row.cells))
    return "\n".join(parts)


@pytest.fixture
def made(tiny, tmp_path):
    code, output = run_bulletin(tiny, tmp_path / "out")
    assert code == 0, output
    path = tmp_path / "out" / "2022-11" / f"{TITLE}.docx"
    assert str(path) in output
    return path


def test_numbers_ranks_and_names(made):
    document = docx.Document(made)
    text = all_text(document)
    assert "小巩衔办发〔2022〕7号" in text and TITLE in text and "2022年12月5日" in text
    ranking = next(t for t in document.tables if t.rows[0].cells[0].text.strip() == "排名")
    rows = [[c.text.strip() for c in row.cells] for row in ranking.rows[1:]]
    expected = independent(NOVEMBER)
    order = sorted(expected, key=lambda c: -expected[c])
    assert [r[1] for r in rows] == order
    assert [r[2] for r in rows] == [f"{float(expected[c]):.2f}" for c in order]
    assert [r[0] for r in rows] == ["1", "2", "3", "4"]
    assert "衔接资金支出进度为77.44%，低于序时进度14.23个百分点" in text
    assert "低于序时进度的有2个县区：乙县、丁县" in text
    assert "抄送：市委农办，市财政局。" in text


def test_charts_are_embedded_images(made):
    document = docx.Document(made)
    assert len(document.inline_shapes) == 3  # the ranking, and one per rate or 完成率 indicator
    for shape in document.inline_shapes:
        assert abs(shape.width.mm - gbt9704.TEXT_WIDTH_MM) < 1


def test_page_setup_and_fonts(made):
    document = docx.Document(made)
    section = document.sections[0]
    assert abs(section.page_width.mm - gbt9704.PAGE_WIDTH_MM) < 0.5
    assert abs(section.page_height.mm - gbt9704.PAGE_HEIGHT_MM) < 0.5
    assert abs(section.top_margin.mm - gbt9704.MARGIN_TOP_MM) < 0.5
    assert abs(section.left_margin.mm - gbt9704.MARGIN_LEFT_MM) < 0.5
    assert abs(section.right_margin.mm - gbt9704.MARGIN_RIGHT_MM) < 0.5
    assert abs(section.bottom_margin.mm - gbt9704.MARGIN_BOTTOM_MM) < 0.5
    body = next(p for p in document.paragraphs if p.text.startswith("截至2022年11月底"))
    style = body.style
    while style is not None and style.font.size is None:
        style = style.base_style
    assert style.font.size.pt == gbt9704.BODY_SIZE_PT
    fonts = style.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == gbt9704.FONT_BODY
    title = next(p for p in document.paragraphs if p.text.replace("\n", "") == TITLE)
    title_style = title.style
    assert title_style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == gbt9704.FONT_TITLE
    assert title_style.font.size.pt == gbt9704.TITLE_SIZE_PT


def test_ampersand_and_angle_brackets_come_out_as_written(tmp_path):
    data = build_tiny(tmp_path / "ws", rename={"乙县": "A&B<县>"})
    code, output = run_bulletin(data, tmp_path / "out")
    assert code == 0, output
    text = all_text(docx.Document(tmp_path / "out" / "2022-11" / f"{TITLE}.docx"))
    assert "A&B<县>" in text


def test_no_previous_month_is_said_in_words(tiny, tmp_path):
    (tiny / "月报" / "2022-10.xlsx").unlink()
    code, output = run_bulletin(tiny, tmp_path / "out")
    assert code == 0, output
    text = all_text(docx.Document(tmp_path / "out" / "2022-11" / f"{TITLE}.docx"))
    assert "上月无数据，未列排名变化" in text


def test_rerun_replaces_and_failed_run_keeps_the_good_file(made, tiny):
    good = made.read_bytes()
    before = tree_digest(tiny)
    code, output = run_bulletin(tiny, made.parent.parent, "--template", str(tiny / "nope.docx"))
    assert code == 1 and "找不到模板文件" in output
    assert made.read_bytes() == good
    assert [p.name for p in made.parent.iterdir()] == [made.name]  # no temp files left behind
    code, _ = run_bulletin(tiny, made.parent.parent, "--number", "9")
    assert code == 0 and "小巩衔办发〔2022〕9号" in all_text(docx.Document(made))
    assert tree_digest(tiny) == before


def test_bad_data_writes_nothing(tiny, tmp_path):
    (tiny / "月报" / "2022-11.xlsx").write_bytes(b"")
    code, output = run_bulletin(tiny, tmp_path / "out")
    assert code == 1 and "文件是空的" in output
    assert not (tmp_path / "out").exists()
