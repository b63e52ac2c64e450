"""PDF through a real LibreOffice, with the shipped fontconfig map (skipped where LibreOffice is absent)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import BULLETIN, HAVE_SOFFICE, example_context, needs_poppler, needs_soffice
from textcheck import assert_same_characters

from cli import main
from generators.errors import GongwenError
from generators.word import gbt9704 as G
from generators.word import pdf as pdf_module
from generators.word.libreoffice_copy import without_hanging_punctuation, word_grid_for_libreoffice
from generators.word.pdf import (
    PdfError,
    find_soffice,
    to_pdf,
    to_pdf_many,
)
from generators.word.render import render_docx


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


def _edited(docx: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """`docx` with `old` replaced by `new` in `part`: a document as another tool writes it."""
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, body.replace(old, new) if info.filename == part else body)
    return out.getvalue()


def test_a_word_grid_is_rewritten_in_the_copy_only(tmp_path):
    import io
    import zipfile

    out = tmp_path / "网格.docx"
    ours = render_docx(BULLETIN, example_context(), tmp_path / "通报.docx").read_bytes()
    # as Word's own 公文 templates make it: a character grid with a negative charSpace
    out.write_bytes(_edited(ours, "word/document.xml", b'w:type="lines"', b'w:type="linesAndChars" w:charSpace="-849"'))
    before = out.read_bytes()
    patched = word_grid_for_libreoffice(before)
    assert out.read_bytes() == before and patched != before
    xml = zipfile.ZipFile(io.BytesIO(patched)).read("word/document.xml").decode()
    assert 'w:type="lines"' in xml and "charSpace" not in xml


def test_gongwens_own_documents_go_to_libreoffice_as_they_are(tmp_path):
    from generators.word.libreoffice_copy import libreoffice_copy

    data = render_docx(BULLETIN, example_context(), tmp_path / "通报.docx").read_bytes()
    assert libreoffice_copy(data) is data  # no grid to rewrite, no hanging to turn off
    assert libreoffice_copy(data, banji_number=False) != data  # only a blank page before the 版记 page changes it


@needs_soffice
@needs_poppler
def test_mark_just_past_the_line_end_is_printed(tmp_path):
    # 26 characters fill the indented first line; the 「、」 after them used to hang in the margin,
    # where LibreOffice does not draw it in a justified paragraph.
    context = example_context()
    context["overview"] = ["数" * 26 + "、准确、完整。"]
    docx_path = render_docx(BULLETIN, context, tmp_path / "通报.docx")
    pdf = to_pdf(docx_path)
    assert "数" * 25 + "\n数、准确、完整。" in pdf_text(pdf).replace(" ", "")  # 「数、」 moved down together
    assert_same_characters(docx_path, pdf)


def test_libreoffice_copy_never_hangs_punctuation(tmp_path):
    import io
    import zipfile

    out = render_docx(BULLETIN, example_context(), tmp_path / "通报.docx")
    # a file whose default says nothing of hanging (Word's default: on)
    hanging = _edited(out.read_bytes(), "word/styles.xml", b'<w:overflowPunct w:val="1"/>', b"")
    patched = zipfile.ZipFile(io.BytesIO(without_hanging_punctuation(hanging)))
    styles = patched.read("word/styles.xml").decode()
    # LibreOffice reads w:overflowPunct inverted: val="1" is what keeps its punctuation inside the line.
    assert re.search(r"<w:pPrDefault><w:pPr><w:overflowPunct w:val=\"1\"/>", styles)
    assert 'w:overflowPunct w:val="0"' not in styles


UNUSABLE = {
    "missing": (None, "找不到要转换的文件"),
    "folder": ("folder", "是文件夹"),
    "text": (b"just text", "不是有效的 Word 文档"),
    "empty": (b"", "不是有效的 Word 文档"),
    "old doc or password": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "旧版 Word（.doc）文件或设置了打开密码"),
    "truncated": ("truncated", "不是有效的 Word 文档"),
    "damaged part": ("damaged", "已损坏"),
}


def _unusable(tmp_path: Path, content) -> Path:
    import zipfile

    path = tmp_path / "文件.docx"
    if content is None:
        return path
    if content == "folder":
        path.mkdir()
        return path
    if isinstance(content, bytes):
        path.write_bytes(content)
        return path
    good = render_docx(BULLETIN, example_context(), tmp_path / "好.docx").read_bytes()
    if content == "truncated":
        path.write_bytes(good[: len(good) // 2])
        return path
    with zipfile.ZipFile(tmp_path / "好.docx") as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, body[: len(body) // 2] if info.filename == "word/styles.xml" else body)
    return path


@pytest.mark.parametrize("content, words", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_gen_pdf_on_an_unusable_file_says_what_is_wrong(tmp_path, content, words):
    path = _unusable(tmp_path, content)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(main, ["pdf", str(path)])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert words in result.output and "「" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no PDF, nothing removed


def _processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line mentions `text` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                mentions = text in (entry / "cmdline").read_bytes().decode(errors="replace")
                if mentions and (entry / "stat").read_text().split(") ")[-1][:1] != "Z":
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


@needs_soffice
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads /proc")
def test_failed_conversion_leaves_no_old_pdf_no_process_no_folder(tmp_path, monkeypatch):
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(pdf_module, "TIMEOUT_S", 0.3)  # stopped while starting: far below any real conversion
    docx_path = render_docx(BULLETIN, example_context(), tmp_path / "通报.docx")
    old = docx_path.with_suffix(".pdf")
    old.write_bytes(b"%PDF-1.4 last run's PDF")
    with pytest.raises(PdfError) as err:
        to_pdf(docx_path)
    assert "超时" in str(err.value) and "原有的 PDF（「通报.pdf」）已删除" in str(err.value)
    assert not old.exists()
    assert list(scratch.iterdir()) == []  # the copy of the document and the profile are gone
    assert _processes_mentioning(str(scratch)) == []  # soffice.bin was given the profile path


# A PDF as small as can be, but complete: its startxref points at its xref table.
_BODY = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
COMPLETE_PDF = _BODY + b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 >>\nstartxref\n%d\n%%%%EOF\n" % len(_BODY)
FAKE_SOFFICE = """#!{python}
import pathlib, sys
args = sys.argv[1:]
out = pathlib.Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
for doc in (a for a in args if a.endswith(".docx")):
    (out / (pathlib.Path(doc).stem + ".pdf")).write_bytes({content!r})
sys.exit({code})
"""
LIBREOFFICE_RESULTS = {
    "complete": (COMPLETE_PDF, 0, ""),
    "junk": (b"<html>Internal error</html>", 0, "不是 PDF 文件"),
    "truncated": (COMPLETE_PDF[:60], 0, "不完整"),
    "bad-xref": (COMPLETE_PDF.replace(b"startxref\n%d" % len(_BODY), b"startxref\n3"), 0, "已损坏"),
    "failed": (COMPLETE_PDF, 77, "退出状态 77"),
}


@pytest.mark.skipif(sys.platform.startswith("win"), reason="a shell-less fake soffice on PATH")
@pytest.mark.parametrize("made, code, words", LIBREOFFICE_RESULTS.values(), ids=LIBREOFFICE_RESULTS.keys())
def test_a_pdf_libreoffice_did_not_finish_is_never_reported_made(tmp_path, monkeypatch, made, code, words):
    import tempfile

    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable, content=made, code=code))
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    docx_path = render_docx(BULLETIN, example_context(), tmp_path / "通报.docx")
    docx_path.with_suffix(".pdf").write_bytes(COMPLETE_PDF)  # last run's
    result = CliRunner().invoke(main, ["pdf", str(docx_path)])
    target = docx_path.with_suffix(".pdf")
    if not words:  # the fake itself is sound: a complete PDF with status 0 is placed
        assert result.exit_code == 0 and "已生成" in result.output, result.output
        assert target.read_bytes() == made
        return
    assert result.exit_code == 1 and "已生成" not in result.output, result.output
    assert words in result.output and "未生成 PDF" in result.output and "「通报.pdf」）已删除" in result.output
    assert not target.exists()
    assert list(scratch.iterdir()) == []  # the junk went with LibreOffice's folder


@needs_soffice
def test_pdf_replaces_the_old_one_and_follows_the_umask(tmp_path):
    docx_path = render_docx(BULLETIN, example_context(), tmp_path / "通报.docx")
    docx_path.with_suffix(".pdf").write_bytes(b"old")
    result = CliRunner().invoke(main, ["pdf", str(docx_path)])
    assert result.exit_code == 0, result.output
    pdf = docx_path.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and "已生成" in result.output
    mask = os.umask(0)
    os.umask(mask)
    assert pdf.stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_run_without_pdf_says_the_old_pdf_is_stale(sample, tmp_path):
    args = ["bulletin", "--month", "2022-11", "--data", str(sample), "--output", str(tmp_path), "--date", "2022-12-05"]
    assert CliRunner().invoke(main, args).exit_code == 0
    (document,) = (tmp_path / "2022-11").glob("*.docx")
    document.with_suffix(".pdf").write_bytes(b"%PDF-1.4 last run")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert f"提示：「{document.with_suffix('.pdf')}」是以前生成的" in result.output and "--pdf" in result.output


@needs_soffice
@needs_poppler
def test_many_documents_are_shared_among_runs_and_each_pdf_is_its_own(tmp_path, monkeypatch):
    """A batch large enough is converted by several LibreOffice runs at once; every PDF is still the one
    of its document, in order."""
    import docx as python_docx

    monkeypatch.setattr(pdf_module, "MIN_PER_RUN", 2)
    monkeypatch.setattr(pdf_module.os, "cpu_count", lambda: 3)
    paths = []
    for i in range(7):
        document = python_docx.Document()
        document.add_paragraph(f"第{i}号文件")
        paths.append(tmp_path / f"文件{i}.docx")
        document.save(paths[-1])
    made = to_pdf_many(paths)
    assert [p.name for p in made] == [f"文件{i}.pdf" for i in range(7)]
    for i, pdf in enumerate(made):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert f"第{i}号文件" in text.replace(" ", "")
    assert not list(Path(tempfile.gettempdir()).glob(f"{pdf_module.WORKDIR_PREFIX}{os.getpid()}-*"))  # nothing left
