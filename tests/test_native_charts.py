"""`--charts native`: the bulletin's and the summary's charts as chart parts Word and WPS can edit.

One bulletin and one summary of the sample are made with editable charts and turned into PDF in one
LibreOffice run; every chart is checked against the document's own figures: the workbook 「编辑数据」
opens holds exactly them, LibreOffice draws them as the value labels, the parts are valid OOXML (the Open
XML SDK's validator), the documents pass `gen check`, and a rerun gives the same bytes.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import ROOT, copy_sample
from helpers import needs_poppler, needs_soffice
from lxml import etree

from cli import main

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"c": C, "a": A}
VALIDATOR = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "ooxml-validate"
LABEL = re.compile(r"^-?\d+\.\d\d$")


def _make(data: Path, out: Path) -> tuple[Path, Path]:
    runner = CliRunner()
    for args in (
        ["bulletin", "--month", "2022-11", "--date", "2022-12-05"],
        ["summary", "--year", "2022", "--date", "2023-01-10"],
    ):
        done = runner.invoke(main, [*args, "--data", str(data), "--output", str(out), "--charts", "native"])
        assert done.exit_code == 0, done.output
    ((bulletin,), (summary,)) = ((out / "2022-11").glob("*.docx"), (out / "2022").glob("*.docx"))
    return bulletin, summary


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("native")
    data = copy_sample(root / "data")
    bulletin, summary = _make(data, root / "out")
    again = _make(data, root / "again")  # the same documents regenerated: same numbers, same bytes
    return {"bulletin": bulletin, "summary": summary, "again": again, "root": root}


def charts_of(path: Path) -> list[dict]:
    """Each chart in document order: its XML, its workbook's rows, and what it shows."""
    with zipfile.ZipFile(path) as z:
        document = z.read("word/document.xml")
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        found = []
        r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        for ref in etree.fromstring(document).iter(f"{{{C}}}chart"):
            part = "word/" + target[ref.get(r_id)]
            xml = etree.fromstring(z.read(part))
            chart_rels = etree.fromstring(z.read(part.replace("charts/", "charts/_rels/") + ".rels"))
            (embedding,) = [r.get("Target") for r in chart_rels]
            workbook = z.read("word/" + embedding.removeprefix("../"))
            found.append({"part": part, "xml": xml, "workbook": workbook, "rows": _rows(workbook)})
    return found


def _rows(workbook: bytes) -> list[list]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(io.BytesIO(workbook)).get_sheet_by_index(0).to_python()


LINES = ("序时进度", "年度任务")  # the dashed line's series: 序时进度 in a period, 年度任务 at the year's end


def shown(chart: dict) -> dict[str, dict[str, float]]:
    """{series: {category: value}} of the workbook, blanks left out."""
    head, *body = chart["rows"]
    return {
        name: {row[0]: row[col] for row in body if row[col] != ""}
        for col, name in enumerate(head)
        if col and name not in LINES
    }


def title(chart: dict) -> str:
    return "".join(chart["xml"].xpath("c:chart/c:title//a:t/text()", namespaces=NS))


def _number(text: str) -> float:
    return float(re.match(r"-?[\d.]+", text)[0])


def test_every_chart_is_an_editable_chart_part_and_no_picture(made):
    for kind, count in (("bulletin", 8), ("summary", 4)):
        with zipfile.ZipFile(made[kind]) as z:
            names = z.namelist()
            types = z.read("[Content_Types].xml").decode()
        assert not [n for n in names if n.startswith("word/media/")]
        assert len([n for n in names if re.fullmatch(r"word/charts/chart\d+\.xml", n)]) == count
        assert len([n for n in names if n.startswith("word/embeddings/") and n.endswith(".xlsx")]) == count
        assert "application/vnd.openxmlformats-officedocument.drawingml.chart+xml" in types
        assert len(charts_of(made[kind])) == count  # each drawn once, in the text


def test_the_workbooks_hold_exactly_the_bulletins_figures(made):
    document = docx.Document(made["bulletin"])
    ranking, *items = charts_of(made["bulletin"])
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows[1:]]
    assert shown(ranking) == {"综合得分": {county: float(score) for _, county, score, _ in rows}}
    # The annex's detail table: one column per indicator, 「97.00（1）」 or 未报, the city last.
    detail = next(t for t in document.tables if t.rows[0].cells[0].text == "县区")
    header = [c.text for c in detail.rows[0].cells]
    by_county = {
        row.cells[0].text: [c.text for c in row.cells] for row in detail.rows[1:] if row.cells[0].text != "全市"
    }
    for chart in items:
        name = next(h for h in header[1:] if h.split("（")[0] in title(chart))
        col = header.index(name)
        expected = {
            county if cells[col] != "未报" else f"{county}（未报）": _number(cells[col])
            for county, cells in by_county.items()
            if cells[col] != "未报"
        }
        values = {k: v for series in shown(chart).values() for k, v in series.items()}
        assert values == expected, title(chart)
        assert len(chart["rows"]) == len(by_county) + 1  # every county a row, none left out


def test_the_workbooks_hold_exactly_the_summarys_figures(made):
    document = docx.Document(made["summary"])
    lines, *bars = charts_of(made["summary"])
    annex = document.tables[-1]
    header = [c.text for c in annex.rows[0].cells]
    body = {row.cells[0].text: [c.text for c in row.cells] for row in annex.rows[1:] if row.cells[0].text != "全市"}
    rates = [i for i, h in enumerate(header) if h.startswith("完成率")]
    for chart, col in zip(bars, rates):
        values = {k: v for series in shown(chart).values() for k, v in series.items()}
        assert values == {county: _number(cells[col]) for county, cells in body.items()}, title(chart)
        # December: the bars stand against the whole annual task, the counties short of it hatched.
        (line,) = chart["xml"].xpath(".//c:lineChart/c:ser/c:tx//c:v/text()", namespaces=NS)
        assert line == "年度任务"
        series = set(chart["xml"].xpath(".//c:barChart/c:ser/c:tx//c:v/text()", namespaces=NS))
        assert series <= {"完成年度任务", "未完成年度任务", "完成率"}
    # The monthly lines: December's city completion, as the annex's 全市 row prints it, ends each line.
    city = next([c.text for c in row.cells] for row in annex.rows[1:] if row.cells[0].text == "全市")
    december = {name: series["12月"] for name, series in shown(lines).items()}
    for col in rates:
        indicator = header[col - 2].split("（")[0]
        assert december[f"{indicator}完成率"] == _number(city[col])


def test_lagging_bars_are_hatched_the_schedule_is_a_line_and_text_is_east_asian(made):
    charts = charts_of(made["bulletin"])
    scheduled = [c for c in charts if c["xml"].xpath(".//c:lineChart", namespaces=NS)]
    assert scheduled  # the 序时进度 indicators
    for chart in scheduled:
        xml = chart["xml"]
        (line,) = xml.xpath(".//c:lineChart/c:ser/c:tx//c:v/text()", namespaces=NS)
        assert line == "序时进度"
        # on the bars' own axes, dashed
        bar_axes = xml.xpath(".//c:barChart/c:axId/@val", namespaces=NS)
        assert xml.xpath(".//c:lineChart/c:axId/@val", namespaces=NS) == bar_axes
        assert xml.xpath(".//c:lineChart//a:prstDash/@val", namespaces=NS) == ["dash"]
        lagging = xml.xpath(".//c:barChart/c:ser[c:tx//c:v='未达序时进度']", namespaces=NS)
        if lagging:
            assert lagging[0].xpath("c:spPr/a:pattFill/@prst", namespaces=NS)
    for chart in charts:
        xml = chart["xml"]
        fonts = xml.xpath(".//a:defRPr | .//a:rPr", namespaces=NS)
        assert fonts and all(f.xpath("a:ea/@typeface", namespaces=NS) == ["黑体"] for f in fonts)
        assert xml.xpath(".//c:barChart/c:ser[1]/c:spPr/a:solidFill/a:srgbClr/@val", namespaces=NS) == ["5B7FA6"]


@needs_soffice
@needs_poppler
def test_libreoffice_draws_each_chart_with_the_document_figures_as_labels(made):
    from generators.word.pdf import to_pdf_many

    pdfs = to_pdf_many([made["bulletin"], made["summary"]])
    for document, pdf in zip((made["bulletin"], made["summary"]), pdfs):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        lines = text.splitlines()
        for chart in charts_of(document):
            if not chart["xml"].xpath(".//c:barChart", namespaces=NS):
                assert title(chart).replace("（%）", "") in text.replace(" ", "")
                continue
            start = next(
                i for i, line in enumerate(lines) if title(chart).replace("（%）", "") in line.replace(" ", "")
            )
            last = list(next(iter(shown(chart).values())))[-1]
            end = next(i for i in range(start, len(lines)) if last.split("（")[0] in lines[i])
            labels = Counter(t for line in lines[start:end] for t in line.split() if LABEL.match(t))
            values = [v for series in shown(chart).values() for v in series.values()]
            assert labels == Counter(f"{v:.2f}" for v in values), title(chart)


def test_documents_with_editable_charts_pass_gen_check(made):
    result = CliRunner().invoke(main, ["check", "--json", str(made["bulletin"]), str(made["summary"])])
    assert result.exit_code == 0, result.output
    assert all(report["ok"] for report in json.loads(result.stdout)["files"])


def test_a_rerun_gives_the_same_bytes(made):
    for first, again in zip((made["bulletin"], made["summary"]), made["again"]):
        assert first.read_bytes() == again.read_bytes()


@pytest.mark.skipif(not VALIDATOR.exists(), reason="OOXML 校验工具未安装（bash tools/setup.sh --test 安装）")
def test_chart_parts_and_workbooks_validate_against_the_ooxml_schema(made):
    files = [made["bulletin"], made["summary"]]
    for n, chart in enumerate(charts_of(made["bulletin"])[:2] + charts_of(made["summary"])[:1]):
        files.append(made["root"] / f"workbook{n}.xlsx")
        files[-1].write_bytes(chart["workbook"])
    for path in files:
        done = subprocess.run([str(VALIDATOR), str(path), "--of", "json"], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and json.loads(done.stdout) == [], (path.name, done.stdout[:2000], done.stderr)


def test_the_office_sets_its_default_in_settings(tmp_path):
    from generators.errors import DataError
    from generators.reading.settings import load

    data = copy_sample(tmp_path / "data")
    settings = data / "设置.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n图表:\n  格式: 可编辑\n", encoding="utf-8")
    assert load(settings, "设置.yaml").chart_style == "native"
    done = CliRunner().invoke(
        main,
        [
            "bulletin",
            "--month",
            "2022-11",
            "--data",
            str(data),
            "--output",
            str(tmp_path / "o"),
            "--date",
            "2022-12-05",
        ],
    )
    assert done.exit_code == 0, done.output
    (made,) = (tmp_path / "o" / "2022-11").glob("*.docx")
    assert len(charts_of(made)) == 8
    settings.write_text(settings.read_text(encoding="utf-8").replace("格式: 可编辑", "格式: 矢量"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(settings, "设置.yaml")
    assert "「图表」下的「格式」不是可选的值" in str(info.value) and "矢量" in str(info.value)
