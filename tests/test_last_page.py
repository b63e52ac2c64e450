"""The last page: 版记 on a portrait, even last page at its foot; the signature never alone on a page;
text boxes written as Word writes them. Read back from the .docx and from LibreOffice's PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest

from generators.word import blocks as b
from generators.word import gbt9704 as G
from generators.word.ooxml import qn
from generators.word.pdf import to_pdf_many
from generators.word.proxy import xml as element
from generators.word.render import render_docx
from templates import template_path

needs_pdf = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice 或 poppler-utils 未安装"
)
HEAD = {
    "cc": "市委农办，市乡村振兴局，市财政局。",
    "printer": "榆林市巩固衔接办",
    "print_date": "2022年12月5日",
    "signature": "榆林市巩固衔接办",
    "date": "2022年12月5日",
    "attachments": ["2022年11月份各县区综合排名及得分表"],
}
# 26 + 28 characters: with the two-character indent, exactly two full lines.
TWO_LINES = ("各县区要对照年度目标任务和序时进度逐项梳理重点工作推进情况细化工作措施明确责任人" * 2)[:54]
assert len(TWO_LINES) == 2 * G.CHARS_PER_LINE - G.FIRST_LINE_INDENT_CHARS
LAST = ("最后一段正文要同署名在同一页上这一段正好两行用来检查署名和成文日期不会单独成页" * 2)[:54]
assert len(LAST) == len(TWO_LINES)


def _document(tmp_path, name: str, body_paragraphs: int, closing: bool) -> object:
    doc = b.new_document()
    for _ in range(body_paragraphs):
        b.para(doc, TWO_LINES)
    if closing:
        b.para(doc, LAST)
        b.attachment_notes(doc)
        b.signature_block(doc)
    b.banji(doc)
    template = tmp_path / f"{name}-模板.docx"
    doc.save(str(template))
    return render_docx(template, {"head": HEAD}, tmp_path / f"{name}.docx")


def _pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def _imprint_bottom_pt(pdf, page: int) -> float:
    """The bottom of the 印发 line on `page`."""
    box = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', box, re.S)
    (bottom,) = [float(y) for y, words in lines if "印发" in words]
    return bottom


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("last")
    docs = {
        "one-page": _document(tmp, "一页", 3, False),  # body ends on page 1: 版记 on page 2
        "two-pages": _document(tmp, "两页", 14, False),  # body ends on page 2: blank page 3, 版记 on page 4
        "signature": _document(tmp, "署名", G.LINES_PER_PAGE // 2 - 1, True),  # LAST fills page 1 exactly
    }
    pdfs = to_pdf_many(list(docs.values()))
    return {key: (docx, pdf) for (key, docx), pdf in zip(docs.items(), pdfs, strict=True)}


def test_last_section_is_portrait_and_starts_on_an_even_page(rendered):
    from docx import Document

    doc = Document(str(rendered["one-page"][0]))
    last = doc.sections[-1]
    assert last.page_width < last.page_height
    assert element(last).find(qn("w:type")).get(qn("w:val")) == "evenPage"
    (cell,) = doc.tables[-1]._cells
    assert [p.text for p in cell.paragraphs] == ["抄送：" + HEAD["cc"], "榆林市巩固衔接办\t2022年12月5日印发"]


@needs_pdf
@pytest.mark.parametrize(("key", "pages"), [("one-page", 2), ("two-pages", 4)])
def test_banji_is_at_the_foot_of_an_even_last_page(rendered, key, pages):
    _, pdf = rendered[key]
    texts = _pages(pdf)
    assert len(texts) == pages
    lines = [line for line in texts[-1].splitlines() if line.strip()]
    imprint = ["榆林市巩固衔接办", "2022", "年", "12", "月", "5", "日印发"]
    if pages == 2:  # the body ends on the page before: numbered as the even page it is
        assert lines[-2].split() == imprint and re.sub(r"\s", "", lines[-1]) == "—2—"
    else:  # a blank page between: neither it nor the 版记 page is numbered (GB/T 9704 §7.5)
        assert lines[-1].split() == imprint
        assert not texts[2].strip()
    block_bottom_pt = (G.MARGIN_TOP_MM + G.TEXT_HEIGHT_MM) * 72 / 25.4
    # pdftotext boxes include the glyphs' descent, a few points below the line
    assert block_bottom_pt - 12 < _imprint_bottom_pt(pdf, pages) <= block_bottom_pt + 4


@needs_pdf
def test_signature_takes_the_last_body_lines_along(rendered):
    _, pdf = rendered["signature"]
    texts = [re.sub(r"\s", "", t) for t in _pages(pdf)]
    (with_date,) = [t for t in texts if "2022年12月5日" in t and "印发" not in t]
    assert LAST[-10:] in with_date  # the last body paragraph came along with the signature
    assert "附件：" in with_date
    assert len(texts) % 2 == 0


def test_text_boxes_are_written_as_word_writes_them():
    with zipfile.ZipFile(template_path("reminder")) as z:
        parts = {
            name: z.read(name).decode() for name in z.namelist() if re.match(r"word/(document|footer\d*)\.xml", name)
        }
    boxes = [xml for xml in parts.values() if "txbxContent" in xml]
    assert len(boxes) == 2  # the letter's mark, the lower double rule on page one
    for xml in boxes:
        assert "<mc:AlternateContent" in xml and '<mc:Choice Requires="wps">' in xml
        fallback = xml[xml.index("<mc:Fallback>") : xml.index("</mc:Fallback>")]
        assert "<v:shape " in fallback and "<v:textbox" in fallback and "<w:txbxContent>" in fallback
        assert xml.count("<wps:wsp>") == xml.count("<mc:Fallback>")


def test_banji_in_a_text_box_has_a_vml_fallback_with_the_same_lines(tmp_path):
    from docx import Document

    doc = b.new_document()
    b.para(doc, TWO_LINES)
    b.banji(doc, own_page=False)
    template = tmp_path / "文本框版记.docx"
    doc.save(str(template))
    out = render_docx(template, {"head": HEAD}, tmp_path / "文本框版记-成文.docx")
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode()
    choice = xml[xml.index('<mc:Choice Requires="wps">') : xml.index("</mc:Choice>")]
    fallback = xml[xml.index("<mc:Fallback>") : xml.index("</mc:Fallback>")]
    for part in (choice, fallback):
        assert "抄送：" in part and "2022年12月5日印发" in part
    assert "mso-position-vertical:bottom" in fallback and "<w10:wrap" in fallback
    assert len(Document(str(out)).sections) == 1  # no page of its own


@needs_pdf
@pytest.mark.parametrize("key", ["one-page", "two-pages"])
def test_gen_check_finds_the_banji_page_numbered_as_gbt_9704_says(rendered, key):
    import json

    from click.testing import CliRunner

    from cli import main

    docx, _ = rendered[key]
    result = CliRunner().invoke(main, ["check", "--json", str(docx)])
    (report,) = json.loads(result.stdout)["files"]
    status = {rule["id"]: rule["status"] for rule in report["rules"]}
    assert status["banji-page-numbers"] == "通过" and status["even-pages"] == "通过", status
