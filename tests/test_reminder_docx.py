"""`gen reminder`: the letters as .docx and PDF, read back; the register; all-or-nothing batches."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import build_tiny, ledger_row, tree_digest, write_ledger
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from helpers import needs_poppler, needs_soffice

from cli import main
from generators.reading.workspace import Month, Workspace
from generators.reminder import FOLDER, REGISTER, TEMPLATE, plan
from generators.word import gbt9704 as G
from generators.word import render

ISSUED = dt.date(2022, 12, 5)
RULE = "thickThinSmallGap"  # the thick line faces the paragraph: under the mark thick over thin, at the foot thin over thick
EMU_PER_MM = 36000


def ledger(root: Path, shilou: str = "石楼县") -> Path:
    """The rows of tests/test_ledger.py moved to the letter's date (12-05), which days count from:
    P1 a day overdue, P2 due today, P4 on the last day of the window, P5 just outside; P7 158 days overdue."""
    write_ledger(
        root,
        [
            ledger_row("P1", shilou, "2022-12-04"),
            ledger_row("P2", shilou, "2022-12-05", status="未整改"),
            ledger_row("P3", "乙县", "2022-12-06"),
            ledger_row("P4", "乙县", "2022-12-20"),
            ledger_row("P5", "乙县", "2022-12-21"),
            ledger_row("P6", "丁县", "2022-06-30", status="已整改", rectified="2022-06-20"),
            ledger_row("P7", shilou, "2022-06-30", origin="暗访"),
        ],
    )
    return root


def run(data: Path, out: Path, *extra) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        [
            "reminder",
            "--month",
            "2022-11",
            "--data",
            str(data),
            "--output",
            str(out),
            "--date",
            ISSUED.isoformat(),
            *extra,
        ],
    )
    return result.exit_code, result.output


def folder(out: Path) -> Path:
    return out / "2022-11" / FOLDER


def letter_file(out: Path, county: str) -> Path:
    return folder(out) / f"{county}问题整改提醒函.docx"


def all_text(document) -> str:
    """Every paragraph, text boxes included (the 发文机关标志 sits in one), and the table cells."""
    parts = [text_of(p) for p in document.element.body.iter(qn("w:p"))]
    for table in document.tables:
        for row in table.rows:
            parts.append("|".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def text_of(element) -> str:
    # w:t only: itertext() on python-docx's element classes repeats run text.
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def doc_number_paragraph(document):
    return next(p for p in document.paragraphs if re.fullmatch(r"\S+〔\d{4}〕\d+号", p.text))


@pytest.fixture
def ws(tiny):
    return ledger(tiny)


@pytest.fixture
def made(ws, tmp_path):
    out = tmp_path / "out"
    code, output = run(ws, out, "--all")
    assert code == 0, output
    return out, output


@pytest.mark.parametrize("kind", ["tiny", "sample"])
def test_all_writes_exactly_the_planned_letters_with_consecutive_serials(kind, tiny, sample, tmp_path):
    data = ledger(tiny) if kind == "tiny" else sample
    batch = plan(Workspace(data), Month(2022, 11), ISSUED)
    assert batch.letters and batch.skipped  # both kinds of county are exercised
    out = tmp_path / "out"
    code, output = run(data, out, "--all")
    assert code == 0, output
    written = sorted(p.name for p in folder(out).iterdir())
    assert written == sorted([f"{l.county}问题整改提醒函.docx" for l in batch.letters] + [REGISTER])
    for county in Workspace(data).roster.names:  # one summary line per county, letter or not
        assert len([line for line in output.splitlines() if line.startswith(county + "：")]) == 1
    for county in batch.skipped:
        assert f"{county}：没有逾期、临期问题或滞后指标，不发函" in output
    numbers = [doc_number_paragraph(docx.Document(letter_file(out, l.county))).text for l in batch.letters]
    serials = [int(re.search(r"〕(\d+)号", n).group(1)) for n in numbers]
    first = Workspace(data).settings.numbering.letter_first_serial
    assert serials == list(range(first, first + len(batch.letters)))
    assert all(n.startswith(Workspace(data).settings.numbering.letter_prefix + "〔2022〕") for n in numbers)


def test_register_lists_the_letters(made, ws):
    out, _ = made
    batch = plan(Workspace(ws), Month(2022, 11), ISSUED)
    sheet = openpyxl.load_workbook(folder(out) / REGISTER).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    col = {name: header.index(name) for name in ("县区", "发文字号", "逾期问题数", "临期问题数", "滞后指标数", "文件")}
    assert [r[col["县区"]] for r in body] == ["乙县", "石楼县", "丁县"]
    for row, letter in zip(body, batch.letters):
        document = docx.Document(folder(out) / row[col["文件"]])
        assert row[col["发文字号"]] == doc_number_paragraph(document).text
        assert (row[col["逾期问题数"]], row[col["临期问题数"]], row[col["滞后指标数"]]) == (
            len(letter.overdue),
            len(letter.due),
            len(letter.lagging),
        )
    assert [r[col["发文字号"]] for r in body] == [f"小巩衔办函〔2022〕{n}号" for n in (3, 4, 5)]


def test_one_county_by_alias(ws, tmp_path):
    out = tmp_path / "out"
    code, output = run(ws, out, "--county", "石楼")
    assert code == 0, output
    assert sorted(p.name for p in folder(out).iterdir()) == sorted(["石楼县问题整改提醒函.docx", REGISTER])
    assert doc_number_paragraph(docx.Document(letter_file(out, "石楼县"))).text == "小巩衔办函〔2022〕3号"
    assert output.count("小巩衔办函") == 1


def test_unknown_county_and_missing_choice(ws, tmp_path):
    code, output = run(ws, tmp_path / "out", "--county", "戊县")
    assert code == 1 and "县区名单中没有：戊县" in output
    code, output = run(ws, tmp_path / "out")
    assert code == 2 and "请用 --county 县区名 指定县区，或用 --all" in output
    assert not (tmp_path / "out").exists()


def test_letter_format_elements(made):
    out, _ = made
    document = docx.Document(letter_file(out, "石楼县"))
    body = document.element.body
    section = document.sections[0]

    # 发文机关标志: in a text box placed on the page, 30 mm from the top edge, 170 mm wide, red;
    # the upper rule is its paragraph's bottom border: red, double, thick over thin.
    anchor = next(body.iter(qn("wp:anchor")))
    assert text_of(anchor) == "小市巩固衔接办"
    v = anchor.find(qn("wp:positionV"))
    assert v.get("relativeFrom") == "page"
    assert int(v.find(qn("wp:posOffset")).text) == pytest.approx(G.LETTER_MARK_TOP_MM * EMU_PER_MM, abs=EMU_PER_MM / 10)
    assert anchor.find(qn("wp:positionH")).find(qn("wp:align")).text == "center"
    assert int(anchor.find(qn("wp:extent")).get("cx")) == G.LETTER_RULE_LENGTH_MM * EMU_PER_MM
    mark = next(anchor.iter(qn("w:p")))
    style = next(s for s in document.styles if s.style_id == mark.pPr.pStyle.val)
    assert style.font.color.rgb == docx.shared.RGBColor.from_string(G.RED)
    upper = mark.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}")
    assert (upper.get(qn("w:val")), upper.get(qn("w:color"))) == (RULE, G.RED)

    # 发文字号 flush right under the rule.
    number = doc_number_paragraph(document)
    assert (number.alignment or number.style.paragraph_format.alignment) == WD_ALIGN_PARAGRAPH.RIGHT

    # Page one: its own footer with the lower rule (thin over thick, red, 170 mm) and no page number.
    assert section.different_first_page_header_footer
    first = section.first_page_footer._element
    assert not [t for t in first.iter(qn("w:instrText")) if "PAGE" in t.text]
    lower = first.find(f".//{qn('w:pBdr')}/{qn('w:top')}")
    assert (lower.get(qn("w:val")), lower.get(qn("w:color"))) == (RULE, G.RED)
    box = next(first.iter(qn("wp:anchor")))
    assert int(box.find(qn("wp:extent")).get("cx")) == G.LETTER_RULE_LENGTH_MM * EMU_PER_MM
    top_mm = int(box.find(qn("wp:positionV")).find(qn("wp:posOffset")).text) / EMU_PER_MM
    assert G.PAGE_HEIGHT_MM - top_mm == pytest.approx(G.LETTER_RULE_FROM_BOTTOM_MM, abs=1.5)
    # From page two on, the page numbers of every 公文.
    for footer in (section.footer, section.even_page_footer):
        assert [t for t in footer._element.iter(qn("w:instrText")) if "PAGE" in t.text]
    assert "抄送" not in all_text(document) and "印发" not in all_text(document)  # letters have no 版记


def test_letter_texts(made):
    out, _ = made
    shilou = all_text(docx.Document(letter_file(out, "石楼县")))
    for expected in (
        "关于督促石楼县抓好巩固衔接问题整改和重点工作推进的提醒函",
        "石楼县巩固衔接办：",
        "逾期158天",
        "逾期1天",
        "今日到期",
        "暗访",
        "石楼县问题P7的描述",
        "2022年6月30日",
        "一、逾期未整改问题",
        "二、近期到期问题",
        "三、重点指标滞后情况",
        "请于2022年12月15日前将整改情况书面报送市巩固衔接办。",  # 10 days after the letter's date
        "联系人：李四，电话：0000-1234567。",
        "特此函告。",
        "2022年12月5日",
    ):
        assert expected in shilou, expected
    assert shilou.index("逾期158天") < shilou.index("逾期1天")  # longest overdue first
    # Headings stay continuous when a block is absent.
    ding = all_text(docx.Document(letter_file(out, "丁县")))
    assert "一、重点指标滞后情况" in ding and "逾期未整改问题" not in ding and "近期到期问题" not in ding
    assert "低于序时进度41.67个百分点" in ding
    yi = all_text(docx.Document(letter_file(out, "乙县")))
    assert "一、近期到期问题" in yi and "二、重点指标滞后情况" in yi and "逾期未整改问题" not in yi
    assert "还剩1天" in yi and "还剩15天" in yi and "P5" not in yi  # outside the 15-day window


def failing_template(path: Path, county: str) -> Path:
    """The letter template with a name no context has, used only in `county`'s letter (the last)."""
    document = docx.Document(TEMPLATE)
    for text in (f'{{%p if county == "{county}" %}}', "{{ no_such_name }}", "{%p endif %}"):
        document.add_paragraph(text)
    document.save(path)
    return path


@pytest.mark.parametrize("pool", [False, True])
def test_a_failed_batch_writes_no_letters(ws, tmp_path, monkeypatch, pool):
    if pool:
        monkeypatch.setattr(render, "POOL_THRESHOLD", 2)  # the process-pool path, on three letters
    out = tmp_path / "out"
    code, output = run(ws, out, "--county", "乙县")
    assert code == 0, output
    earlier = {p.name: p.read_bytes() for p in folder(out).iterdir()}
    before = tree_digest(ws)
    code, output = run(ws, out, "--all", "--template", str(failing_template(tmp_path / "坏模板.docx", "丁县")))
    assert code == 1 and "no_such_name" in output
    assert {p.name: p.read_bytes() for p in folder(out).iterdir()} == earlier  # no new letter, no temp file
    assert tree_digest(ws) == before


def test_county_name_with_path_characters_stays_in_the_folder(tmp_path):
    data = ledger(build_tiny(tmp_path / "ws", rename={"石楼县": "../石楼县"}), shilou="../石楼县")
    out = tmp_path / "out"
    code, output = run(data, out, "--all")
    assert code == 0, output
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files and all(p.parent == folder(out) for p in files)
    assert not (out / "2022-11" / "石楼县问题整改提醒函.docx").exists()
    made = [p for p in files if "石楼县" in p.name]
    assert len(made) == 1 and "/" not in made[0].name and not made[0].name.startswith(".")
    assert "关于督促../石楼县抓好" in all_text(docx.Document(made[0]))


@needs_soffice
@needs_poppler
def test_pdf_has_no_page_number_on_page_one(made, tmp_path):
    from generators.word.pdf import to_pdf

    out, _ = made
    pdf = to_pdf(letter_file(out, "石楼县"), tmp_path / "letter.pdf")

    def page(n: int) -> str:
        text = subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        return re.sub(r"\s+", "", text)

    first, second = page(1), page(2)
    assert "—1—" not in first
    assert "关于督促石楼县抓好巩固衔接问题整改和重点工作推进的提醒函" in first
    assert first.index("小市巩固衔接办") < first.index("小巩衔办函〔2022〕4号") < first.index("关于督促")
    assert "—2—" in second  # page numbers from page two on
    assert "特此函告。" in first + second

    # The red rules where §10.1 puts them: 170 mm long and centred on the page, the lower one
    # 20 mm above the bottom edge, thin over thick; the upper one thick over thin under the mark.
    rules = red_rules(pdf)
    full = [r for r in rules if r["width"] == pytest.approx(G.LETTER_RULE_LENGTH_MM, abs=1)]
    assert len(full) == 4, rules  # two double rules
    for r in full:
        assert r["left"] == pytest.approx((G.PAGE_WIDTH_MM - G.LETTER_RULE_LENGTH_MM) / 2, abs=1)
    (u1, u2), (l1, l2) = full[:2], full[2:]
    assert u1["height"] > u2["height"] and l1["height"] < l2["height"]
    assert G.PAGE_HEIGHT_MM - l2["bottom"] == pytest.approx(G.LETTER_RULE_FROM_BOTTOM_MM, abs=1)
    mark = rules[0]
    assert mark["top"] == pytest.approx(G.LETTER_MARK_TOP_MM, abs=1.5) and mark["width"] < G.TEXT_WIDTH_MM
    assert u1["top"] - mark["bottom"] == pytest.approx(G.LETTER_RULE_GAP_MM, abs=2)


def red_rules(pdf: Path, dpi: int = 150) -> list[dict]:
    """Bands of red rows on page one, in mm: the 发文机关标志 and each line of the double rules."""
    import numpy as np
    from PIL import Image

    png = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", "-png", str(pdf), str(png)], check=True
    )
    pixels = np.asarray(Image.open(png.with_suffix(".png")).convert("RGB")).astype(int)
    red = (pixels[:, :, 0] > 180) & (pixels[:, :, 1] < 100) & (pixels[:, :, 2] < 100)
    mm = 25.4 / dpi
    bands, start = [], None
    rows = red.any(axis=1)
    for y, on in enumerate([*rows, False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            cols = np.where(red[start:y].any(axis=0))[0]
            bands.append(
                {
                    "top": start * mm,
                    "bottom": y * mm,
                    "height": (y - start) * mm,
                    "left": cols[0] * mm,
                    "width": (cols[-1] + 1 - cols[0]) * mm,
                }
            )
            start = None
    return bands
