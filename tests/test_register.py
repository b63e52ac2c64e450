"""发文登记: numbers never repeat across runs, the same document keeps its number, letters are never lost
or numbered twice, every .xlsx the tool writes holds user text as text, and a failed write changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import re
import time
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import SETTINGS, build_tiny, ledger_row, write_ledger

from cli import main
from generators import base, register
from generators.reading.workspace import Month, Workspace
from generators.reminder import FOLDER, REGISTER, TEMPLATE, Kind
from generators.writing import WriteError

ISSUED = dt.date(2022, 12, 5)
NUMBER = re.compile(r"\S+〔\d{4}〕\d+号")


def with_ledger(root: Path, names: dict | None = None) -> Path:
    """Open problems for 乙县 and 石楼县 (renamed by `names`), so that both get a letter."""
    n = {"乙县": "乙县", "石楼县": "石楼县", **(names or {})}
    write_ledger(
        root,
        [
            ledger_row("P1", n["石楼县"], "2022-11-29"),
            ledger_row("P3", n["乙县"], "2022-12-01"),
        ],
    )
    return root


def gen(command: str, *args) -> tuple[int, str]:
    """`gen command` for November, issued 2022-12-05; `args` may override either."""
    result = CliRunner().invoke(main, [command, "--month", "2022-11", "--date", ISSUED.isoformat(), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is never an answer
    return result.exit_code, result.output


def reminder(data: Path, out: Path, *extra) -> tuple[int, str]:
    return gen("reminder", "--data", str(data), "--output", str(out), *extra)


def bulletin(data: Path, out: Path, *extra) -> tuple[int, str]:
    return gen("bulletin", "--data", str(data), "--output", str(out), *extra)


def number_in(path: Path) -> str:
    return next(p.text for p in docx.Document(path).paragraphs if NUMBER.fullmatch(p.text))


def sheet_rows(path: Path, sheet: str | None = None) -> list[dict]:
    book = openpyxl.load_workbook(path)
    ws = book[sheet] if sheet else book.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def issued_numbers(data: Path) -> list[str]:
    return [r["文号"] for r in sheet_rows(data / register.FILE, register.SHEET)]


def letters(out: Path) -> Path:
    return out / "2022-11" / FOLDER


# ---------------------------------------------------------------- numbering


def test_numbers_follow_the_register_and_regeneration_keeps_its_number(tiny, tmp_path):
    ws = with_ledger(tiny)
    out = tmp_path / "out"
    assert reminder(ws, out, "--all")[0] == 0
    first = {p.name: number_in(p) for p in letters(out).glob("*.docx")}
    assert sorted(first.values()) == ["小巩衔办函〔2022〕3号", "小巩衔办函〔2022〕4号", "小巩衔办函〔2022〕5号"]
    # --all again, then one county: the same letters keep their numbers; nothing new is issued.
    assert reminder(ws, out, "--all")[0] == 0
    code, output = reminder(ws, out, "--county", "石楼")
    assert code == 0, output
    again = {p.name: number_in(p) for p in letters(out).glob("*.docx")}
    assert again == first
    assert output.count("小巩衔办函") == 1 and first["石楼县问题整改提醒函.docx"] in output
    assert sorted(issued_numbers(ws)) == sorted(first.values())
    # The bulletin has its own prefix: it starts at the settings' 下一个序号 and keeps it when regenerated.
    assert bulletin(ws, out)[0] == 0
    assert bulletin(ws, out)[0] == 0
    (path,) = (out / "2022-11").glob("*.docx")
    assert number_in(path) == "小巩衔办发〔2022〕7号"
    assert issued_numbers(ws).count("小巩衔办发〔2022〕7号") == 1


def test_next_serial_is_the_lowest_free_one_from_the_setting(tiny):
    with register.opened(tiny) as reg:
        assert reg.assign("通报", "2022-10", "P", 2022, 7, requested=8).serial == 8
        assert reg.assign("通报", "2022-11", "P", 2022, 7).serial == 7
        assert reg.assign("通报", "2022-12", "P", 2022, 7).serial == 9
        assert reg.assign("通报", "2022-12", "P", 2023, 7).serial == 1  # a new year starts at 1
        assert reg.assign("通报", "2022-11", "Q", 2022, 1).serial == 1  # another prefix has its own
        assert reg.assign("通报", "2022-11", "P", 2022, 7).serial == 7  # the same document: its own number
        assert reg.assign("通报", "2022-11", "P", 2022, 7, requested=20).serial == 20  # moved on request
        assert reg.assign("通报", "2023-01", "P", 2022, 7).serial == 7  # its old number is free again


def test_a_number_held_by_another_document_is_refused(tiny, tmp_path):
    ws = with_ledger(tiny)
    out = tmp_path / "out"
    assert reminder(ws, out, "--county", "乙县")[0] == 0  # 小巩衔办函〔2022〕3号
    assert bulletin(ws, out, "--number", "3")[0] == 0  # another prefix's 3号: no conflict
    code, output = bulletin(ws, out, "--number", "12")
    assert code == 0, output  # the same document may move to a free number
    before = (ws / register.FILE).read_bytes()
    listing = sorted(out.rglob("*"))
    code, output = bulletin(ws, out, "--month", "2022-10", "--number", "12")
    assert code == 1
    assert "小巩衔办发〔2022〕12号」已用于「关于2022年11月份" in output and "--number" in output
    assert (ws / register.FILE).read_bytes() == before and sorted(out.rglob("*")) == listing
    code, output = bulletin(ws, out, "--month", "2022-10")
    assert code == 0, output
    assert number_in(next((out / "2022-10").glob("*.docx"))) == "小巩衔办发〔2022〕7号"  # 7 was freed by the move


def _assign_slowly(root: str, subject: str, queue) -> None:
    with register.opened(Path(root)) as reg:
        number = reg.assign("通报", subject, "P", 2022, 1)
        time.sleep(0.4)  # the other process tries meanwhile
        from generators.writing import write_atomically

        write_atomically(reg.path, reg.to_bytes())
    queue.put(number.serial)


def test_two_runs_at_once_get_different_numbers(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_assign_slowly, args=(str(tmp_path), s, queue)) for s in ("2022-10", "2022-11")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    assert sorted([queue.get(timeout=5), queue.get(timeout=5)]) == [1, 2]
    assert sorted(issued_numbers(tmp_path)) == ["P〔2022〕1号", "P〔2022〕2号"]


def test_concurrent_reminder_commands_share_the_register(tiny, tmp_path):
    import subprocess
    import sys

    ws = with_ledger(tiny)
    args = ["--month", "2022-11", "--date", ISSUED.isoformat(), "--data", str(ws)]
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "cli", "reminder", *args, "--output", str(tmp_path / name), "--county", county],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=Path(__file__).resolve().parent.parent,
        )
        for name, county in (("a", "乙县"), ("b", "石楼县"))
    ]
    for run in runs:
        assert run.wait(120) == 0, run.stderr.read().decode()
    numbers = [number_in(p) for name in "ab" for p in letters(tmp_path / name).glob("*.docx")]
    assert sorted(numbers) == ["小巩衔办函〔2022〕3号", "小巩衔办函〔2022〕4号"]
    assert sorted(issued_numbers(ws)) == sorted(numbers)


# ---------------------------------------------------------------- letters


def test_an_alias_and_the_name_give_one_letter(tiny, tmp_path):
    ws = with_ledger(tiny)
    out = tmp_path / "out"
    code, output = reminder(ws, out, "--county", "石楼县", "--county", "石楼")
    assert code == 0, output
    assert [p.name for p in letters(out).glob("*.docx")] == ["石楼县问题整改提醒函.docx"]
    assert output.count("小巩衔办函") == 1
    assert [r["县区"] for r in sheet_rows(letters(out) / REGISTER)] == ["石楼县"]


def test_names_that_clean_alike_never_share_a_file(tmp_path):
    names = {"乙县": "佳/县", "石楼县": "佳_县"}
    ws = with_ledger(build_tiny(tmp_path / "ws", rename=names), names)
    out = tmp_path / "out"
    code, output = reminder(ws, out, "--county", "佳/县", "--county", "佳_县")
    assert code == 0, output
    files = sorted(letters(out).glob("*.docx"))
    assert len(files) == 2 and len({number_in(p) for p in files}) == 2
    titles = {"".join(p.text for p in docx.Document(f).paragraphs if "提醒函" in p.text) for f in files}
    assert any("佳/县" in t for t in titles) and any("佳_县" in t for t in titles)
    # Deterministic: the same names give the same files on another run.
    assert reminder(ws, tmp_path / "again", "--all")[0] == 0
    assert {p.name for p in files} <= {p.name for p in letters(tmp_path / "again").glob("*.docx")}


def test_the_letters_register_keeps_every_letter_issued(tiny, tmp_path):
    ws = with_ledger(tiny)
    out = tmp_path / "out"
    assert reminder(ws, out, "--county", "乙县")[0] == 0
    assert reminder(ws, out, "--county", "石楼县")[0] == 0
    rows = sheet_rows(letters(out) / REGISTER)
    assert [(r["序号"], r["县区"], r["发文字号"]) for r in rows] == [
        (1, "乙县", "小巩衔办函〔2022〕3号"),
        (2, "石楼县", "小巩衔办函〔2022〕4号"),
    ]
    assert reminder(ws, out, "--all")[0] == 0  # 丁县 joins; 乙县 and 石楼县 keep their rows and numbers
    rows = sheet_rows(letters(out) / REGISTER)
    assert [r["县区"] for r in rows] == ["乙县", "石楼县", "丁县"]
    assert [r["发文字号"] for r in rows] == [f"小巩衔办函〔2022〕{n}号" for n in (3, 4, 5)]
    for row in rows:
        assert number_in(letters(out) / row["文件"]) == row["发文字号"]


def test_a_register_that_cannot_be_written_leaves_the_previous_state(tiny, tmp_path):
    ws = with_ledger(tiny)
    out = tmp_path / "out"
    assert reminder(ws, out, "--county", "乙县")[0] == 0
    before = {p.name: p.read_bytes() for p in letters(out).iterdir()}
    issued = (ws / register.FILE).read_bytes()

    def sabotage(_):
        # After the registers were read and while the letters render: the letters' register becomes
        # something no file can replace (as when it is open in Excel on Windows).
        target = letters(out) / REGISTER
        if target.is_file():
            target.unlink()
            target.mkdir()
            (target / "x").write_text("x")

    with pytest.raises(WriteError):
        base.issue(Kind(), Workspace(ws), Month(2022, 11), out, ISSUED, progress=sabotage)
    (letters(out) / REGISTER / "x").unlink()
    (letters(out) / REGISTER).rmdir()
    after = {p.name: p.read_bytes() for p in letters(out).iterdir()}
    assert after == {k: v for k, v in before.items() if k != REGISTER}  # letters as they were, none added
    assert (ws / register.FILE).read_bytes() == issued
    assert not [p for p in ws.iterdir() if p.suffix == ".tmp"]


# ---------------------------------------------------------------- text, not formulas; same bytes

PAYLOADS = ['=HYPERLINK("http://example.com","点击")', "+1+1县", "-2县", "@SUM(A1)县"]


def text_cells_only(root: Path) -> None:
    """The inputs as an office would type them: 「=…」 names stored as text (openpyxl makes them formulas)."""
    for path in root.rglob("*.xlsx"):
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
        book.save(path)


def test_user_text_is_never_a_formula(tmp_path):
    names = dict(zip(["乙县", "石楼县", "丁县"], PAYLOADS))
    root = build_tiny(tmp_path / "ws", rename=names)
    (root / "设置.yaml").write_text(
        SETTINGS.replace("函前缀: 小巩衔办函", "函前缀: \"=cmd|' /C calc'!A0\""), encoding="utf-8"
    )
    ws = with_ledger(root, names)
    text_cells_only(ws)
    out = tmp_path / "out"
    code, output = reminder(ws, out, "--all")
    assert code == 0, output
    seen = set()
    for path in (ws / register.FILE, letters(out) / REGISTER):
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert cell.data_type == "s"
                        seen.add(cell.value)
    assert set(PAYLOADS[:3]) <= seen
    assert "=cmd|' /C calc'!A0〔2022〕3号" in seen


def test_same_input_same_register_bytes(tiny, tmp_path):
    ws = with_ledger(tiny)
    out = tmp_path / "out"
    assert reminder(ws, out, "--all")[0] == 0
    first = ((ws / register.FILE).read_bytes(), (letters(out) / REGISTER).read_bytes())
    time.sleep(1.1)  # a clock in the file would now differ
    assert reminder(ws, out, "--all")[0] == 0
    assert ((ws / register.FILE).read_bytes(), (letters(out) / REGISTER).read_bytes()) == first


def test_the_manifest_names_the_data_and_template_of_each_document(tiny, tmp_path):
    ws = with_ledger(tiny)
    out = tmp_path / "out"
    assert reminder(ws, out, "--county", "乙县")[0] == 0
    (row,) = sheet_rows(ws / register.FILE, register.SHEET)
    assert row["文种"] == "提醒函" and row["对象"] == "2022-11 乙县"
    assert row["成文日期"] == dt.datetime(2022, 12, 5)  # an Excel date, which Excel sorts and filters
    assert "--month 2022-11" in row["选项"] and row["版本"]
    basis = {r["依据"]: r["SHA-256"] for r in sheet_rows(ws / register.FILE, register.BASIS)}
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert basis[f"模板：{TEMPLATE.name}"] == digest(TEMPLATE)
    for name in ("设置.yaml", "问题台账.xlsx", "月报/2022-11.xlsx"):
        assert basis[name] == digest(ws / name)
    assert register.FILE not in basis


@pytest.mark.parametrize(
    "damage, expected",
    [
        (lambda p: p.write_bytes(b"not a workbook"), "无法读取"),
        (lambda p: p.write_bytes(register.workbook_bytes([("发文登记", ("文号",), [["x"]])], ISSUED)), "缺少列"),
        (lambda p: p.write_bytes(register.workbook_bytes([("别的表", ("文号",), [])], ISSUED)), "没有名为「发文登记」"),
    ],
)
def test_a_damaged_register_is_an_error_and_nothing_is_written(tiny, tmp_path, damage, expected):
    ws = with_ledger(tiny)
    damage(ws / register.FILE)
    before = (ws / register.FILE).read_bytes()
    code, output = reminder(ws, tmp_path / "out", "--all")
    assert code == 1 and "发文登记表" in output and expected in output, output
    assert not (tmp_path / "out").exists()
    assert (ws / register.FILE).read_bytes() == before


def test_what_the_office_adds_to_its_registers_is_kept(tiny, tmp_path):
    # A column and a sheet typed into 发文登记.xlsx, and a column added to the month's 提醒函登记表.xlsx,
    # survive the next runs, and stay with their document when it is regenerated.
    data, out = with_ledger(tiny), tmp_path / "out"
    assert bulletin(data, out)[0] == 0 and reminder(data, out, "--all")[0] == 0
    path = data / register.FILE
    book = openpyxl.load_workbook(path)
    sheet = book["发文登记"]
    sheet.cell(row=1, column=sheet.max_column + 1, value="备注")
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=5).value == "通报":
            sheet.cell(row=row, column=sheet.max_column, value="已送达，签收人王五")
    book.create_sheet("领导批示").append(["批示", "同意"])
    book.save(path)
    letters = out / "2022-11" / FOLDER / REGISTER
    book = openpyxl.load_workbook(letters)
    sheet = book.worksheets[0]
    sheet.cell(row=1, column=sheet.max_column + 1, value="回复情况")
    sheet.cell(row=2, column=sheet.max_column, value="已回复")
    book.save(letters)
    assert bulletin(data, out)[0] == 0 and reminder(data, out, "--all")[0] == 0  # regenerated
    book = openpyxl.load_workbook(path)
    assert "领导批示" in book.sheetnames and [c.value for c in book["领导批示"][1]] == ["批示", "同意"]
    rows = list(book["发文登记"].iter_rows(values_only=True))
    kept = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert [r["备注"] for r in kept if r["文种"] == "通报"] == ["已送达，签收人王五"]
    rows = list(openpyxl.load_workbook(letters).worksheets[0].iter_rows(values_only=True))
    assert rows[0][-1] == "回复情况" and "已回复" in [r[-1] for r in rows[1:]]


# ---------------------------------------------------------------- a new year, dates, provenance


def test_each_prefix_starts_again_at_1_in_a_new_year(tiny, tmp_path):
    # 下一个序号 (7) and 函下一个序号 (3) are for the year the office starts with gongwen; the year after
    # starts at 1 for the bulletin's and the letters' prefix alike.
    ws, out = with_ledger(tiny), tmp_path / "out"
    assert bulletin(ws, out)[0] == 0
    assert reminder(ws, out, "--county", "乙县")[0] == 0
    code, output = bulletin(ws, out, "--month", "2022-10", "--date", "2023-01-05")
    assert code == 0, output
    code, output = reminder(ws, out, "--county", "石楼县", "--date", "2023-01-05")
    assert code == 0, output
    assert sorted(issued_numbers(ws)) == sorted(
        ["小巩衔办发〔2022〕7号", "小巩衔办发〔2023〕1号", "小巩衔办函〔2022〕3号", "小巩衔办函〔2023〕1号"]
    )
    assert number_in(next((out / "2022-10").glob("*.docx"))) == "小巩衔办发〔2023〕1号"


def test_the_first_serial_is_for_the_first_year_and_earlier_years_need_a_number(tiny):
    with register.opened(tiny) as reg:
        assert reg.assign("通报", "2023-01", "P", 2023, 41).serial == 41  # the first year numbered by gongwen
        assert reg.assign("通报", "2023-02", "P", 2023, 41).serial == 42
        assert reg.assign("通报", "2024-01", "P", 2024, 41).serial == 1
        assert reg.assign("报告", "2023年工作总结", "R", 2024, 1).serial == 1  # 报告前缀: 1 from the first year
        with pytest.raises(register.GongwenError, match="从2023年起由 gongwen 编号.*--number"):
            reg.assign("通报", "2022-12", "P", 2022, 41)  # before it the numbers were given by hand
        assert reg.assign("通报", "2022-12", "P", 2022, 41, requested=30).serial == 30
        # Said in the settings, the year holds whatever the register has.
        assert reg.assign("通报", "2022-11", "P", 2022, 12, since=2022).serial == 12


def test_the_register_date_is_an_excel_date_and_old_text_dates_are_read(tiny, tmp_path):
    ws, out = with_ledger(tiny), tmp_path / "out"
    assert reminder(ws, out, "--county", "乙县")[0] == 0
    sheet = openpyxl.load_workbook(ws / register.FILE)[register.SHEET]
    cell = sheet.cell(row=2, column=register.COLUMNS.index("成文日期") + 1)
    assert cell.is_date and cell.value == dt.datetime(2022, 12, 5)
    assert cell.number_format == 'yyyy"年"m"月"d"日"'  # shown as the documents write it
    # A register from before (dates as text) is read, kept and rewritten with dates.
    cell.value = "2022年12月5日"
    cell.number_format = "General"
    sheet.parent.save(ws / register.FILE)
    code, output = reminder(ws, out, "--county", "石楼县", "--date", "2022-12-06")
    assert code == 0, output
    rows = sheet_rows(ws / register.FILE, register.SHEET)
    assert [r["成文日期"] for r in rows] == [dt.datetime(2022, 12, 5), dt.datetime(2022, 12, 6)]
    assert bulletin(ws, out, "--month", "2022-10", "--date", "2022-12-07")[0] == 0
    with register.opened(ws) as reg:
        assert [r["成文日期"] for r in reg.rows] == [dt.date(2022, 12, 5), dt.date(2022, 12, 6), dt.date(2022, 12, 7)]
        assert reg.stamp() == dt.date(2022, 12, 7)


def test_the_manifest_lists_what_the_document_read_not_every_file(tiny, tmp_path):
    ws, out = with_ledger(tiny), tmp_path / "out"
    (ws / "工作要点").mkdir()
    (ws / "工作要点" / "2023年.xlsx").write_bytes(b"not read by a bulletin")
    (ws / "备忘.txt").write_text("办公室自己的笔记", encoding="utf-8")
    assert bulletin(ws, out)[0] == 0
    assert reminder(ws, out, "--county", "乙县")[0] == 0
    basis = sheet_rows(ws / register.FILE, register.BASIS)
    read = {}
    for row in basis:
        read.setdefault(row["文号"], []).append(row["依据"])
    inputs = [
        "县区名单.xlsx",
        "年度目标/2022年.xlsx",
        "指标.xlsx",
        "月报/2022-10.xlsx",
        "月报/2022-11.xlsx",
        "设置.yaml",
    ]
    assert sorted(read["小巩衔办发〔2022〕7号"]) == sorted(["模板：bulletin.docx", *inputs])
    assert sorted(read["小巩衔办函〔2022〕3号"]) == sorted(["模板：reminder.docx", *inputs, "问题台账.xlsx"])


# ---------------------------------------------------------------- a register edited by hand


def edit_register(root: Path, change) -> None:
    """Open 发文登记.xlsx in openpyxl as an office would in Excel, `change(sheet)`, save."""
    book = openpyxl.load_workbook(root / register.FILE)
    change(book[register.SHEET])
    book.save(root / register.FILE)


def column(name: str) -> int:
    return register.COLUMNS.index(name) + 1


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda s: [s.cell(row=3, column=c, value=s.cell(row=2, column=c).value) for c in (1, 9)],
            "第2行和第3行是同一个文号「小巩衔办函〔2022〕3号」",
        ),
        (lambda s: s.cell(row=2, column=column("前缀"), value="小巩衔办函 "), "第2行：前缀「小巩衔办函 」中有空格"),
        (lambda s: s.cell(row=3, column=column("序号"), value=4.5), "第3行：序号「4.5」应为1到99999之间的整数"),
        (
            lambda s: s.cell(row=3, column=column("文号"), value="小巩衔办函〔2022〕9号"),
            "第3行：文号「小巩衔办函〔2022〕9号」与前缀",
        ),
        (lambda s: s.cell(row=3, column=column("对象"), value="2022-11 乙县"), "第2行和第3行登记的是同一份公文"),
        (lambda s: s.cell(row=3, column=column("成文日期"), value="12月6日"), "第3行：成文日期「12月6日」不是日期"),
    ],
    ids=["duplicated serial", "prefix with a space", "fractional serial", "number text", "same document", "date"],
)
def test_a_row_gongwen_could_not_have_written_is_an_error_naming_it(tiny, tmp_path, change, expected):
    ws, out = with_ledger(tiny), tmp_path / "out"
    assert reminder(ws, out, "--county", "乙县")[0] == 0
    assert reminder(ws, out, "--county", "石楼县")[0] == 0
    edit_register(ws, change)
    before, listing = (ws / register.FILE).read_bytes(), sorted(out.rglob("*"))
    code, output = reminder(ws, out, "--county", "丁县")
    assert code == 1 and expected in output and "发文登记表" in output, output
    assert (ws / register.FILE).read_bytes() == before and sorted(out.rglob("*")) == listing


def test_two_office_columns_of_one_name_are_both_kept(tiny, tmp_path):
    ws, out = with_ledger(tiny), tmp_path / "out"
    assert reminder(ws, out, "--county", "乙县")[0] == 0

    def two_notes(sheet):
        for value, where in (("备注", 12), ("备注", 13)):
            sheet.cell(row=1, column=where, value=value)
        sheet.cell(row=2, column=12, value="已送达")
        sheet.cell(row=2, column=13, value="签收人王五")

    edit_register(ws, two_notes)
    assert reminder(ws, out, "--county", "乙县")[0] == 0  # regenerated: its row keeps both
    assert reminder(ws, out, "--county", "石楼县")[0] == 0
    rows = list(openpyxl.load_workbook(ws / register.FILE)[register.SHEET].iter_rows(values_only=True))
    assert rows[0][-2:] == ("备注", "备注")
    assert rows[1][-2:] == ("已送达", "签收人王五") and rows[2][-2:] == (None, None)


def test_a_trace_that_cannot_be_written_writes_nothing(tiny, tmp_path):
    from generators.trace import path_beside

    out = tmp_path / "out"
    assert bulletin(tiny, out, "--month", "2022-10")[0] == 0  # the register exists already
    title = next((out / "2022-10").glob("*.docx")).stem.replace("10月份", "11月份")
    trace = path_beside(out / "2022-11" / f"{title}.docx")
    trace.mkdir(parents=True)
    before = (tiny / register.FILE).read_bytes()
    code, output = bulletin(tiny, out, "--trace")
    assert code == 1 and "文件夹" in output and trace.name in output, output
    assert [p.name for p in (out / "2022-11").iterdir()] == [trace.name]  # no bulletin, no temporary file
    assert (tiny / register.FILE).read_bytes() == before


def test_the_settings_may_say_which_year_the_first_serial_is_for(tiny, tmp_path):
    settings = tiny / "设置.yaml"
    settings.write_text(SETTINGS.replace("  下一个序号: 7\n", "  下一个序号: 7\n  起始年份: 2023\n"), encoding="utf-8")
    out = tmp_path / "out"
    code, output = bulletin(tiny, out)  # dated 2022-12-05: before the office numbered with gongwen
    assert code == 1 and "从2023年起由 gongwen 编号" in output and "--number" in output, output
    assert not (tiny / register.FILE).exists() and not out.exists()
    assert bulletin(tiny, out, "--date", "2023-01-05")[0] == 0
    assert bulletin(tiny, out, "--month", "2022-10", "--date", "2023-01-06")[0] == 0
    assert sorted(issued_numbers(tiny)) == ["小巩衔办发〔2023〕7号", "小巩衔办发〔2023〕8号"]
    assert bulletin(tiny, out, "--number", "30")[0] == 0  # 2022 with a number given: the user's
