"""Each document kind as a PDF, the way a clerk would see it: pages, fonts, 22 lines a page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_sample
from helpers import BULLETIN, example_context
from textcheck import assert_same_characters

from cli import main
from generators.word import gbt9704 as G
from generators.word.pdf import to_pdf
from generators.word.render import render_docx

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm")),
    reason="LibreOffice 或 poppler-utils 未安装（tools/setup.sh 会安装）",
)

# The CJK faces of fontconfig/fonts.conf, and Liberation Serif: the metric twin it maps Times New Roman
# (digits, Latin) to where installed (Debian's chromium brings it in with the browser tests).
FONTS = re.compile(r"NotoSerifCJK|NotoSansCJK|LXGWWenKai|LiberationSerif", re.IGNORECASE)


def fonts_of(pdf: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines()[2:] if line.strip()]


def pages_of(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out)[1])


def first_page_png(pdf: Path, tmp_path: Path) -> Path:
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    return png


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("kinds")
    data = copy_sample(out / "data")  # the register is written into the workspace
    args = ["--month", "2022-11", "--data", str(data), "--output", str(out), "--date", "2022-12-05", "--pdf"]
    runner = CliRunner()
    assert runner.invoke(main, ["bulletin", *args]).exit_code == 0
    assert runner.invoke(main, ["reminder", "--county", "佳县", *args]).exit_code == 0
    (bulletin,) = (out / "2022-11").glob("*.pdf")
    (letter,) = (out / "2022-11" / "提醒函").glob("*.pdf")
    return {"bulletin": (bulletin, range(6, 25)), "letter": (letter, range(1, 5))}


@pytest.mark.parametrize("kind", ["bulletin", "letter"])
def test_each_kind_renders_with_cjk_fonts(made, kind, tmp_path):
    pdf, plausible = made[kind]
    assert pages_of(pdf) in plausible
    fonts = fonts_of(pdf)
    assert fonts and all(FONTS.search(name) for name in fonts), fonts  # no DejaVu or other fallback
    png = first_page_png(pdf, tmp_path)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png.read_bytes()[16:20], "big"), int.from_bytes(png.read_bytes()[20:24], "big")
    assert abs(height / width - 297 / 210) < 0.01  # A4 portrait


@pytest.mark.parametrize("kind", ["bulletin", "letter"])
def test_every_character_of_the_docx_is_in_the_pdf(made, kind):
    # New kinds (summary, workplan) join by adding themselves to `made`.
    pdf, _ = made[kind]
    assert_same_characters(pdf.with_suffix(".docx"), pdf)


@pytest.mark.parametrize("kind", ["bulletin", "letter"])
def test_pdf_is_pdf_a_2b_with_every_font_embedded(made, kind):
    pdf, _ = made[kind]
    meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"<pdfaid:part>2</pdfaid:part>", meta) and re.search(r"<pdfaid:conformance>B<", meta)
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), rows  # the `emb` column


def test_gen_pdf_converts_a_handwritten_docx(tmp_path):
    doc = tmp_path / "手写的通知.docx"
    render_docx(BULLETIN, example_context(), doc)
    result = CliRunner().invoke(main, ["pdf", str(doc)])
    assert result.exit_code == 0, result.output
    assert doc.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


def test_full_page_of_text_has_22_lines(tmp_path):
    context = example_context()
    sentence = "各县区要对照年度目标任务和序时进度，逐项梳理重点工作推进情况，细化工作措施，明确责任人和时间节点。"
    # several pages of plain body text, one paragraph (widow control may end a page a line early
    # where a paragraph would leave a single line)
    context["overview"] = [sentence * 36]
    pdf = to_pdf(render_docx(BULLETIN, context, tmp_path / "满页.docx"))
    box = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = sorted({round(float(y)) for y in re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)"', box)})
    block_bottom = (G.MARGIN_TOP_MM + G.TEXT_HEIGHT_MM) / 25.4 * 72  # the page number sits below it
    body = [y for y in lines if y < block_bottom]
    assert len(body) == 22
    full = [re.sub(r"<[^>]+>|\s", "", line) for line in re.findall(r"<line .*?</line>", box, re.S)]
    assert max(len(text) for text in full) == G.CHARS_PER_LINE  # an unindented line holds 28 characters


def test_bulletin_ends_with_its_banji_on_an_even_portrait_page(made, tmp_path):
    pdf, _ = made["bulletin"]
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    texts = pages.stdout.split("\f")[:-1]
    assert len(texts) % 2 == 0
    assert [line for line in texts[-1].splitlines() if line.strip()][-2].rstrip().endswith("日印发")
    subprocess.run(
        ["pdftoppm", "-r", "20", "-png", "-f", str(len(texts)), str(pdf), str(tmp_path / "last")], check=True
    )
    (png,) = tmp_path.glob("last*.png")
    width, height = int.from_bytes(png.read_bytes()[16:20], "big"), int.from_bytes(png.read_bytes()[20:24], "big")
    assert height > width  # portrait
