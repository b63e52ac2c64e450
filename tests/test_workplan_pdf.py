"""The sample 工作要点: passes `gen check`, keeps all its text in a LibreOffice PDF, regenerates exactly."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLE, copy_sample
from textcheck import assert_same_characters

from cli import main
from generators.word.pdf import find_soffice


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    out = tmp_path_factory.mktemp("workplan")
    data = copy_sample(out / "data")  # the register is written into the workspace: never into data/
    args = ["workplan", "--year", "2023", "--data", str(data), "--date", "2023-03-15", "--output", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    (path,) = (out / "2023").glob("*.docx")
    return path


def test_sample_plan_passes_check(plan):
    result = CliRunner().invoke(main, ["check", "--json", str(plan)])
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)["files"]
    statuses = {rule["id"]: rule["status"] for rule in report["rules"]}
    assert report["ok"] and not report["letter"]
    for rule in ("doc-number", "date", "title-font", "page-number", "imprint", "banji-rules"):
        assert statuses[rule] == "通过", statuses


def test_sample_titles_break_between_words(plan):
    from generators.word.titles import LINE_CHARS, width

    titles = [p.text for p in docx.Document(str(plan)).paragraphs if p.style.name == "公文标题"]
    notice, own = (t.split("\n") for t in titles)
    assert "".join(notice) == "关于印发《榆林市2023年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点》的通知"
    assert "".join(own) == "榆林市2023年巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作要点"
    for lines in (notice, own):
        assert len(lines) == 2 and all(width(line) <= LINE_CHARS for line in lines)
        # no break inside a word of the title: 攻坚|成果 is a boundary, 攻|坚 or 乡|村 would not be
        assert all(
            not (a.endswith(x) and b.startswith(y))
            for a, b in zip(lines, lines[1:])
            for x, y in [("乡", "村"), ("攻", "坚"), ("衔", "接"), ("要", "点")]
        )


def test_sample_plan_runs_past_twenty_one(plan):
    text = "\n".join(p.text for p in docx.Document(str(plan)).paragraphs)
    assert re.search(r"^（二十一）", text, re.M) and re.search(r"^（二十九）", text, re.M)
    assert "【" not in text and "】" not in text


@pytest.mark.skipif(find_soffice() is None or not shutil.which("pdftotext"), reason="LibreOffice 或 poppler 未安装")
def test_pdf_has_all_the_text(plan, tmp_path):
    from generators.word.pdf import to_pdf

    copy = tmp_path / plan.name
    shutil.copy(plan, copy)
    pdf = to_pdf(copy)
    assert_same_characters(copy, pdf)  # every character of the .docx, punctuation included
    squeeze = lambda s: re.sub(r"[^\w.%]", "", s)  # noqa: E731
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # the 要点 starts on a page of its own: the page after the 通知's date opens with its title
    pages = text.split("\f")
    date_page = next(i for i, p in enumerate(pages) if "2023年3月15日" in squeeze(p))
    assert squeeze(pages[date_page + 1]).startswith("榆林市2023年巩固拓展脱贫攻坚成果")


def test_sample_workspace_regenerates_byte_for_byte(tmp_path):
    """tools/make_sample_data.py writes data/ exactly as committed (the 工作要点 workbook included)."""
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_sample_data.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert Path("工作要点/2023年.xlsx") in made
    assert [p for p in made if (tmp_path / p).read_bytes() != (SAMPLE / p).read_bytes()] == []
