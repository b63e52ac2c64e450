"""PDF through a real LibreOffice, with the shipped fontconfig map (skipped where LibreOffice is absent)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_render import BULLETIN, example_context

from generators.errors import GongwenError
from generators.word import gbt9704 as G
from generators.word.pdf import PdfError, find_soffice, to_pdf, to_pdf_many, word_grid_for_libreoffice
from generators.word.render import render_docx

try:
    find_soffice()
    HAVE_SOFFICE = True
except PdfError:
    HAVE_SOFFICE = False

needs_soffice = pytest.mark.skipif(not HAVE_SOFFICE, reason="LibreOffice 未安装")
needs_poppler = pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils 未安装")


def page_count(pdf: Path) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
    return len(PdfReader(str(pdf)).pages)


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def bulletin_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "通报.docx"
    render_docx(BULLETIN, example_context(), out)
    return to_pdf(out)


@needs_soffice
def test_pdf_beside_the_docx(bulletin_pdf):
    assert bulletin_pdf.name == "通报.pdf" and bulletin_pdf.with_suffix(".docx").is_file()
    assert bulletin_pdf.read_bytes().startswith(b"%PDF")
    assert page_count(bulletin_pdf) >= 3  # body pages, then two landscape annexes
    assert [p.name for p in bulletin_pdf.parent.iterdir() if p.name.startswith(".~")] == []


@needs_soffice
@needs_poppler
def test_pdf_uses_the_mapped_cjk_fonts(bulletin_pdf):
    fonts = subprocess.run(["pdffonts", str(bulletin_pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSerifCJK" in fonts  # 仿宋_GB2312, 宋体, 方正小标宋简体
    assert "NotoSansCJK" in fonts  # 黑体
    assert "LXGWWenKai" in fonts  # 楷体_GB2312
    assert "DejaVu" not in fonts  # no fallback: every official name found its free font


@needs_soffice
@needs_poppler
def test_pdf_lays_out_28_characters_a_line(tmp_path):
    # Word's character grid must not double the spacing in LibreOffice: a long run of CJK text
    # without punctuation breaks after 28 characters (26 after the first-line indent).
    context = example_context()
    long = "全市巩固拓展脱贫攻坚成果同乡村振兴有效衔接重点工作稳步推进" * 4
    context["overview"] = [long]
    pdf = to_pdf(render_docx(BULLETIN, context, tmp_path / "通报.docx"))
    lines = [line.strip() for line in pdf_text(pdf).splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith(long[:10]))
    assert [len(lines[start]), len(lines[start + 1])] == [
        G.CHARS_PER_LINE - G.FIRST_LINE_INDENT_CHARS,
        G.CHARS_PER_LINE,
    ]


@needs_soffice
@needs_poppler
def test_pdf_text_and_page_number(bulletin_pdf):
    text = pdf_text(bulletin_pdf)
    assert "现将A&B公司与<县>级单位的有关情况通报如下。" in text.replace("\n", "").replace(" ", "")
    before, after = G.PAGE_NUMBER_FORMAT.split("{}")
    assert (before + "1" + after).replace(" ", "") in text.replace(" ", "")


@needs_soffice
def test_many_documents_in_one_call(tmp_path):
    paths = []
    for folder in ("甲", "乙"):  # the same file name in two folders must not collide
        paths.append(render_docx(BULLETIN, example_context(), tmp_path / folder / "通报.docx"))
    pdfs = to_pdf_many(paths)
    assert pdfs == [p.with_suffix(".pdf") for p in paths]
    assert all(page_count(p) >= 3 for p in pdfs)


@needs_soffice
def test_explicit_target_and_old_pdf_replaced(tmp_path):
    docx_path = render_docx(BULLETIN, example_context(), tmp_path / "通报.docx")
    target = tmp_path / "预览" / "通报预览.pdf"
    target.parent.mkdir()
    target.write_bytes(b"old")
    assert to_pdf(docx_path, target) == target
    assert target.read_bytes().startswith(b"%PDF")


def test_missing_docx_is_a_clear_error(tmp_path):
    if not HAVE_SOFFICE:
        pytest.skip("LibreOffice 未安装")
    with pytest.raises(PdfError, match="找不到要转换的文件"):
        to_pdf(tmp_path / "没有.docx")


@pytest.mark.skipif(sys.platform.startswith("win") or sys.platform == "darwin", reason="looks at PATH only on Linux")
def test_no_libreoffice_gives_an_install_hint(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PdfError) as err:
        find_soffice()
    assert isinstance(err.value, GongwenError) and "LibreOffice" in str(err.value) and "安装" in str(err.value)


def test_grid_patch_leaves_the_users_docx_alone(tmp_path):
    out = render_docx(BULLETIN, example_context(), tmp_path / "通报.docx")
    before = out.read_bytes()
    patched = word_grid_for_libreoffice(before)
    assert out.read_bytes() == before and patched != before
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(patched)).read("word/document.xml").decode()
    assert 'w:type="lines"' in xml and "charSpace" not in xml
