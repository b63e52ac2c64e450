"""Rendering real templates into real .docx files, read back with python-docx."""

from __future__ import annotations

import copy
from pathlib import Path

import docx
import pytest
from helpers import BULLETIN, COUNTIES, example_context, one_line_template, tiny_png

from generators.word.render import Picture, RenderError, render_docx, render_many


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def document_xml(path: Path) -> str:
    return docx.Document(path).element.xml


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    return render_docx(BULLETIN, example_context(), tmp_path_factory.mktemp("r") / "输出" / "通报.docx")


def test_renders_every_part_of_the_bulletin(rendered):
    text = all_text(docx.Document(rendered))
    for expected in [
        "榆林市巩固衔接办文件",
        "榆巩衔办发〔2022〕12号",
        "关于2022年11月份全市重点工作进展情况的通报",
        "各县（市、区）巩固衔接办：",
        "一、总体情况",
        "全市有1项达到序时进度。",
        "二、综合排名",
        "（一）衔接资金支出进度",
        "（二）脱贫劳动力务工就业",
        "四、存在问题",
        "衔接资金支出进度低于序时进度的有佳县。",
        "绥德县、米脂县要认真分析原因",
        "附件：1.",
        "2.\t2022年11月份各县区重点指标完成情况表",
        "2022年12月5日",
        "附件1",
        "附件2",
        "务工就业（30分）",
        "101.20%（2）",
    ]:
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text


def test_special_characters_are_kept_as_written(rendered):
    text = all_text(docx.Document(rendered))
    assert "现将A&B公司与<县>级单位的有关情况通报如下。" in text
    assert "&amp;" not in text and "&lt;" not in text


def test_pictures_are_embedded_at_their_width(rendered):
    shapes = docx.Document(rendered).inline_shapes
    assert len(shapes) == 2  # the ranking chart and the one item chart; a None chart leaves no paragraph
    assert round(shapes[0].width.mm) == 156 and round(shapes[1].width.mm) == 120


def test_table_rows_and_columns_follow_the_data(rendered):
    ranking, scores, details, banji = docx.Document(rendered).tables
    assert banji.rows[0].cells[0].text.startswith("抄送：")  # the 版记 at the foot of its page
    assert [c.text for c in ranking.rows[0].cells] == ["排名", "县区", "综合得分", "较上月变化"]
    assert len(ranking.rows) == 1 + len(COUNTIES)
    header = [c.text for c in scores.rows[0].cells]
    assert header == ["排名", "县区", "衔接资金支出进度（60分）", "务工就业（30分）", "小额信贷（10分）", "综合得分"]
    assert len(scores._tbl.tblGrid.findall(docx.oxml.ns.qn("w:gridCol"))) == 6  # docxtpl fixed the grid
    assert [c.text for c in details.rows[-1].cells] == ["全市", "86.52%", "100.10%"]
    assert len(details._tbl.tblGrid.findall(docx.oxml.ns.qn("w:gridCol"))) == 3


def test_banji_lists_cc_and_omits_the_line_when_empty(rendered, tmp_path):
    assert "抄送：市委农办，市财政局。" in document_xml(rendered)
    bare = render_docx(BULLETIN, example_context(cc=""), tmp_path / "无抄送.docx")
    xml = document_xml(bare)
    assert "抄送" not in xml and "2022年12月5日印发" in xml


def test_undefined_name_is_an_error_naming_it(tmp_path):
    context = example_context()
    del context["intro"]
    with pytest.raises(RenderError) as err:
        render_docx(BULLETIN, context, tmp_path / "a.docx")
    assert "「intro」" in str(err.value) and "bulletin.docx" in str(err.value)

    context = example_context()
    del context["ranking"]["sentence"]
    with pytest.raises(RenderError, match="「sentence」"):
        render_docx(BULLETIN, context, tmp_path / "a.docx")


def test_failed_render_leaves_no_file_and_keeps_the_old_one(tmp_path):
    out = tmp_path / "通报.docx"
    context = example_context()
    del context["head"]["title"]
    with pytest.raises(RenderError):
        render_docx(BULLETIN, context, out)
    assert list(tmp_path.iterdir()) == []

    out.write_bytes(b"old good file")
    with pytest.raises(RenderError):
        render_docx(BULLETIN, context, out)
    assert out.read_bytes() == b"old good file"
    assert list(tmp_path.iterdir()) == [out]


def test_sandbox_refuses_python_internals(tmp_path):
    for i, tag in enumerate(["{{ ''.__class__.__mro__ }}", "{{ head.__class__ }}", "{{ head.items.__globals__ }}"]):
        template = one_line_template(tmp_path / f"t{i}.docx", tag)
        with pytest.raises(RenderError):
            render_docx(template, {"head": {"items": 1}}, tmp_path / f"out{i}.docx")
    assert not any(p.name.startswith("out") for p in tmp_path.iterdir())


def test_template_syntax_error_names_the_template(tmp_path):
    template = one_line_template(tmp_path / "我的模板.docx", "标题：{% if head.title %}{{ head.title }}")
    with pytest.raises(RenderError) as err:
        render_docx(template, {"head": {"title": "x"}}, tmp_path / "out.docx")
    assert "我的模板.docx" in str(err.value)


def test_missing_or_foreign_template_files(tmp_path):
    with pytest.raises(RenderError, match="找不到模板文件.*不存在.docx"):
        render_docx(tmp_path / "不存在.docx", {}, tmp_path / "out.docx")
    text = tmp_path / "模板.txt"
    text.write_text("{{ x }}", encoding="utf-8")
    with pytest.raises(RenderError, match="不是 Word 文档"):
        render_docx(text, {"x": 1}, tmp_path / "out.docx")
    fake = tmp_path / "旧格式.docx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0 an old .doc file")
    with pytest.raises(RenderError, match="不是有效的 Word 文档"):
        render_docx(fake, {"x": 1}, tmp_path / "out.docx")


def test_pictures_nested_anywhere_and_context_not_modified(tmp_path):
    template = one_line_template(tmp_path / "t.docx", "{% for g in groups %}{{ g.pics[0] }}{% endfor %}")
    context = {"groups": [{"pics": (Picture(tiny_png(), 30),)}, {"pics": [Picture(tiny_png(), 40)]}]}
    before = copy.deepcopy(context)
    out = render_docx(template, context, tmp_path / "out.docx")
    assert [round(s.width.mm) for s in docx.Document(out).inline_shapes] == [30, 40]
    assert context == before


def test_render_many_reads_the_template_once_and_reports_progress(tmp_path):
    template = one_line_template(tmp_path / "t.docx", "致{{ county }}：")
    done = []
    jobs = [({"county": c}, tmp_path / "函" / f"{c}.docx") for c in COUNTIES[:3]]
    paths = render_many(template, jobs, progress=done.append)
    assert [docx.Document(p).paragraphs[0].text for p in paths] == [f"致{c}：" for c in COUNTIES[:3]]
    assert sum(done) == 3
