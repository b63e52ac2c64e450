"""gen workplan: the 工作要点 with its 通知, read back from the .docx."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import MERGES, month_rows, write_xlsx

from cli import main
from generators import register, workplan
from generators.errors import DataError
from generators.numbers import wording as w
from generators.reading.workspace import Workspace

DECEMBER = {"甲县": (1000, 1000, 1201), "乙县": (2000, 1800, 900), "石楼县": (500, 480, 500), "丁县": (800, 700, 1100)}
HEADER = ["部分", "标题", "内容", "牵头单位", "配合单位", "落实单位"]
ISSUED = dt.date(2023, 3, 15)
# Written out by hand, not by chinese_number: the numbers a reader expects past （二十）.
LATE = ["二十一", "二十二", "二十三", "二十四", "二十五", "二十六", "二十七", "二十八", "二十九", "三十"]


def write_plan(root: Path, rows: list[list], intro: list[list] | None = None, rates: list[list] | None = None) -> Path:
    """工作要点/2023年.xlsx with optional 总体要求 and 目标增长率 sheets first, then the 任务 sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, header, extra in (("总体要求", ["项目", "内容"], intro), ("目标增长率", ["指标", "增长率"], rates)):
        if extra is not None:
            first = book.create_sheet(name)
            for row in [header, *extra]:
                first.append(row)
    sheet = book.create_sheet("任务")
    for row in [["2023年工作要点任务（测试数据）"], HEADER, *rows]:
        sheet.append(row)
    path = root / "工作要点" / "2023年.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def thirty_tasks() -> list[list]:
    """Six sections of five tasks, the section named on its first row only (as with merged cells)."""
    rows = []
    for s in range(1, 7):
        for t in range(1, 6):
            rows.append([f"第{s}部分" if t == 1 else None, f"任务{s}-{t}", f"内容{s}-{t}。", "市甲局", "", "各县"])
    return rows


@pytest.fixture
def ws(tiny) -> Path:
    write_xlsx(tiny / "月报" / "2022-12.xlsx", month_rows(DECEMBER), MERGES)
    return tiny


def generate(root: Path, out: Path, *extra: str) -> Path:
    args = ["workplan", "--year", "2023", "--data", str(root), "--output", str(out), "--date", "2023-03-15", *extra]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    (path,) = (out / "2023").glob("*.docx")
    return path


def texts(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def test_chinese_numbers_past_ten():
    assert [w.chinese_number(n) for n in (10, 11, 20, 21, 27, 99)] == [
        "十",
        "十一",
        "二十",
        "二十一",
        "二十七",
        "九十九",
    ]


def test_numbering_runs_on_across_sections(ws, tmp_path):
    write_plan(ws, thirty_tasks())
    paras = texts(generate(ws, tmp_path))
    sections = [t for style, t in paras if style == "一级标题"]
    assert sections == [f"{n}、第{i}部分" for i, n in enumerate("一二三四五六", 1)]
    items = [t for style, t in paras if t.startswith("（") and "任务" in t]
    numbers = [re.match(r"（(.+?)）", t)[1] for t in items]
    assert len(numbers) == 30
    assert numbers[:11] == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]
    assert numbers[19] == "二十" and numbers[20:] == LATE
    assert items[20] == "（二十一）任务5-1。内容5-1。（市甲局牵头，各县落实）"
    # the section heading comes right before its first task
    first_of_5 = next(i for i, (_, t) in enumerate(paras) if t.startswith("（二十一）"))
    assert paras[first_of_5 - 1] == ("一级标题", "五、第5部分")


@pytest.mark.parametrize(
    "lead, cooperate, implement, expected",
    [
        ("市乡村振兴局", "", "各县市区", "（市乡村振兴局牵头，各县市区落实）"),
        (
            "市人社局",
            "市乡村振兴局、市林草局等部门",
            "各县市区",
            "（市人社局牵头，市乡村振兴局、市林草局等部门配合，各县市区落实）",
        ),
        ("市教育局，市医保局", "", "", "（市教育局、市医保局牵头）"),
        ("", "市财政局", "佳县、清涧县", "（市财政局配合，佳县、清涧县落实）"),
        ("", "", "", ""),
    ],
)
def test_units_sentence(ws, tmp_path, lead, cooperate, implement, expected):
    write_plan(ws, [["部分一", "做好工作", "具体内容。", lead, cooperate, implement]])
    (item,) = [t for _, t in texts(generate(ws, tmp_path)) if t.startswith("（一）")]
    assert item == "（一）做好工作。具体内容。" + expected
    assert "，）" not in item and "（，" not in item and "，，" not in item


def independent_sum(path: Path, column: int) -> Decimal:
    """Σ of a column over the county rows of a month workbook, read straight with openpyxl."""
    sheet = openpyxl.load_workbook(path).active
    rows = [r for r in sheet.iter_rows(min_row=1, values_only=True) if r[1] in DECEMBER]
    return sum((Decimal(str(r[column])) for r in rows), Decimal(0))


def test_typed_numbers_are_replaced(ws, tmp_path):
    write_plan(ws, [["三、部分", "（五）任务", "内容。", "", "", ""], ["", "2. 任务", "内容。", "", "", ""]])
    paras = texts(generate(ws, tmp_path))
    assert ("一级标题", "一、部分") in paras
    assert ("公文正文", "（一）任务。内容。") in paras and ("公文正文", "（二）2. 任务。内容。") in paras


def test_placeholders_are_computed_from_december(ws, tmp_path):
    rows = [
        [
            "部分一",
            "稳岗就业",
            "务工就业【2022年脱贫劳动力务工就业】，目标【2022年脱贫劳动力务工就业×1.02】。",
            "市人社局",
            "",
            "",
        ],
        ["", "半数", "至少【2022年脱贫劳动力务工就业×0.5】。", "", "", ""],
        ["", "资金", "支出进度【2022年衔接资金支出进度】。", "", "", ""],
    ]
    write_plan(ws, rows, intro=[["总体要求", "去年务工【2022年脱贫劳动力务工就业】。"]])
    paras = texts(generate(ws, tmp_path))
    december = ws / "月报" / "2022-12.xlsx"
    workers = independent_sum(december, 4)  # E: 务工人数
    assert workers == 3701

    def people(x: Decimal) -> str:
        return f"{x.quantize(Decimal(1), rounding=ROUND_HALF_UP)}人"

    spent, given = independent_sum(december, 3), independent_sum(december, 2)
    ratio = (spent / given * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    body = "\n".join(t for _, t in paras)
    assert f"务工就业{people(workers)}，目标{people(workers * Decimal('1.02'))}。" in body
    assert f"至少{people(workers * Decimal('0.5'))}。" in body and "至少1851人" in body  # half-up, not half-even
    assert f"支出进度{ratio}%。" in body
    assert ("公文正文", f"去年务工{people(workers)}。") in paras
    assert "【" not in body


def test_target_from_a_configured_rate(ws, tmp_path):
    rows = [["部分一", "稳岗就业", "不低于【2023年目标:脱贫劳动力务工就业】。", "", "", ""]]
    write_plan(ws, rows, rates=[["脱贫劳动力务工就业", "2.5%"]])
    workers = independent_sum(ws / "月报" / "2022-12.xlsx", 4)
    target = (workers * Decimal("1.025")).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert f"（一）稳岗就业。不低于{target}人。" in [t for _, t in texts(generate(ws, tmp_path))]


def test_bad_rates(ws):
    rows = [
        ["部分一", "甲", "【2023年目标:脱贫劳动力务工就业】", "", "", ""],
        ["", "乙", "【2023年目标:衔接资金支出进度】", "", "", ""],
    ]
    write_plan(ws, rows, rates=[["脱贫劳动力务工就业", 200], ["不存在的指标", "2%"]])
    got = problems_of(ws)
    file = "文件「ws/工作要点/2023年.xlsx」"
    assert any(p.startswith(f"{file}，工作表「目标增长率」，单元格 B2：增长率无效") for p in got), got
    assert any(p.startswith(f"{file}，工作表「目标增长率」，单元格 A3：") and "不在指标表中" in p for p in got), got
    assert any("工作表「任务」，单元格 C4：" in p and "没有设置「衔接资金支出进度」的增长率" in p for p in got), got


def test_notice_frame_and_new_page(ws, tmp_path):
    write_plan(ws, thirty_tasks(), intro=[["标题", "小市2023年重点工作要点"], ["总体要求", "第一段。\n第二段。"]])
    path = generate(ws, tmp_path, "--number", "3")
    assert path.name == "关于印发《小市2023年重点工作要点》的通知.docx"
    paras = texts(path)
    styles: dict[str, str] = {}
    for style, text in paras:
        styles.setdefault(style, text)  # the 通知's own, before the 要点
    assert styles["发文机关标志"] == "小市巩固衔接办文件"
    assert re.fullmatch(r"小巩衔办发〔2023〕3号", styles["发文字号"])
    assert styles["公文标题"].replace("\n", "") == "关于印发《小市2023年重点工作要点》的通知"
    assert styles["主送"] == "各县（市、区）巩固衔接办："
    assert ("公文正文", "现将《小市2023年重点工作要点》印发你们，请结合实际，抓好贯彻落实。") in paras
    assert styles["署名"].strip() == "小市巩固衔接办" and styles["成文日期"].strip() == "2023年3月15日"
    document = docx.Document(str(path))
    ps = [p for p in document.paragraphs if p.text.strip()]
    date_at = next(i for i, p in enumerate(ps) if p.style.name == "成文日期")
    plan_title = ps[date_at + 1]
    assert plan_title.text.replace("\n", "") == "小市2023年重点工作要点" and plan_title.style.name == "公文标题"
    assert plan_title.paragraph_format.page_break_before
    assert [p.text for p in ps[date_at + 2 : date_at + 4]] == ["第一段。", "第二段。"]
    assert not any("附件" in p.text for p in document.paragraphs)
    # the 版记 is the last thing in the body, after the 要点
    text = "".join(document.element.body.xpath(".//w:t/text()"))
    assert text.rstrip().endswith("2023年3月15日印发")
    assert text.index("（三十）") < text.index("抄送：")


def test_numbered_from_the_register(ws, tmp_path):
    write_plan(ws, thirty_tasks()[:1])
    numbers = []
    for run in range(2):  # regenerating the same year's plan keeps its number
        path = generate(ws, tmp_path / str(run))
        numbers.append(next(t for style, t in texts(path) if style == "发文字号"))
    assert numbers == ["小巩衔办发〔2023〕7号"] * 2  # 7: the settings' first serial
    assert (ws / register.FILE).is_file()


def test_settings_recipients_of_the_plan(ws, tmp_path):
    settings = ws / "设置.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "\n工作要点:\n  主送: 各县市区巩固衔接领导小组办公室，市领导小组各成员单位\n",
        encoding="utf-8",
    )
    write_plan(ws, thirty_tasks()[:1])
    assert ("主送", "各县市区巩固衔接领导小组办公室，市领导小组各成员单位：") in texts(generate(ws, tmp_path))


def east_asia_font(style) -> str:
    while style is not None:
        fonts = style.element.xpath("./w:rPr/w:rFonts/@w:eastAsia")
        if fonts:
            return fonts[0]
        style = style.base_style
    return ""


def test_heading_fonts(ws, tmp_path):
    write_plan(ws, thirty_tasks()[:2])
    document = docx.Document(str(generate(ws, tmp_path)))
    level1 = next(p for p in document.paragraphs if p.text.startswith("一、"))
    assert "黑体" in east_asia_font(level1.style)
    item = next(p for p in document.paragraphs if p.text.startswith("（一）"))
    lead, rest = item.runs[0], item.runs[1:]
    assert lead.text == "（一）任务1-1。" and lead.style.name == "段内标题"
    assert "楷体" in east_asia_font(lead.style)
    assert all(r.style.name != "段内标题" for r in rest) and "".join(r.text for r in rest).startswith("内容1-1。")


def problems_of(root: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        workplan.build(Workspace(root), 2023, ISSUED)
    return [str(p) for p in caught.value.problems]


def test_bad_input_gathered_with_cells(ws, tmp_path):
    write_plan(
        ws,
        [
            [None, "无部分", "内容。", "市甲局", "", ""],
            ["部分一", "未知指标", "不低于【2022年不存在的指标】。", "市甲局", "", ""],
            ["", "无数据年份", "不低于【2019年脱贫劳动力务工就业】。", "市甲局", "", ""],
            ["", "空格单位", "内容。", "   ", "", ""],
            ["", "写错的占位符", "不低于【 】。", "市甲局", "", ""],
            ["部分二", "乙", "内容。", "", "", ""],
            ["部分一", "又回到部分一", "内容。", "", "", ""],
            ["", "标题里的【2019年脱贫劳动力务工就业】", "内容。", "", "", ""],
        ],
    )
    got = problems_of(ws)
    file = "文件「ws/工作要点/2023年.xlsx」，工作表「任务」"
    assert any(p.startswith(f"{file}，单元格 A3：任务没有所属部分") for p in got), got
    assert any(p.startswith(f"{file}，单元格 C4：") and "「不存在的指标」既不在指标.xlsx中" in p for p in got), got
    assert any(p.startswith(f"{file}，单元格 C5：") and "没有2019年12月的月报" in p for p in got), got
    assert any(p.startswith(f"{file}，单元格 D6：") and "只有空格" in p for p in got), got
    assert any(p.startswith(f"{file}，单元格 C7：") and "无法识别的占位符" in p for p in got), got
    assert any(p.startswith(f"{file}，单元格 A9：") and "部分「部分一」在A4已出现过" in p for p in got), got
    assert any(p.startswith(f"{file}，单元格 B10：") and "没有2019年12月的月报" in p for p in got), got
    assert len(got) == 7


def test_problems_of_the_december_table_join_the_plans(ws):
    bad = {**DECEMBER, "乙县": (2000, 1800, "很多")}
    write_xlsx(ws / "月报" / "2022-12.xlsx", month_rows(bad, total=False), MERGES)
    write_plan(ws, [[None, "甲", "【2022年脱贫劳动力务工就业】【2022年衔接资金支出进度】", "", "", ""]])
    got = problems_of(ws)
    assert any("任务没有所属部分" in p for p in got), got
    assert any("2022-12.xlsx" in p and "很多" in p for p in got), got


def test_empty_task_list(ws, tmp_path):
    write_plan(ws, [])
    got = problems_of(ws)
    assert got == ["文件「ws/工作要点/2023年.xlsx」：任务表中没有任何任务，应为至少一行任务。"]


def test_bad_input_writes_nothing(ws, tmp_path):
    write_plan(ws, [[None, "无部分", "内容。", "", "", ""]])
    args = ["workplan", "--year", "2023", "--data", str(ws), "--output", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "任务没有所属部分" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.docx"))
    assert not (ws / register.FILE).exists()


def test_missing_workbook_is_named(ws):
    result = CliRunner().invoke(main, ["workplan", "--year", "2031", "--data", str(ws), "--date", "2031-01-05"])
    assert result.exit_code == 1 and "工作要点/2031年.xlsx" in result.output
