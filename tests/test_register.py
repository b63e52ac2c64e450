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
from generators import register
from generators.reading.workspace import Month, Workspace
from generators.reminder import FOLDER, REGISTER, TEMPLATE, plan
from generators.reminder import write as write_letters
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
        assert reg.assign("通报", "2022-12", "P", 2023, 7).serial == 7  # a new year starts again
        assert reg.assign("通报", "2022-11", "Q", 2022, 1).serial == 1  # so does another prefix
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
    batch = plan(Workspace(ws), Month(2022, 11), ISSUED)

    def sabotage(_):
        # After the registers were read and while the letters render: the letters' register becomes
        # something no file can replace (as when it is open in Excel on Windows).
        target = letters(out) / REGISTER
        if target.is_file():
            target.unlink()
            target.mkdir()
            (target / "x").write_text("x")

    with pytest.raises(WriteError):
        write_letters(batch, out, TEMPLATE, progress=sabotage)
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
    assert row["文种"] == "提醒函" and row["对象"] == "2022-11 乙县" and row["成文日期"] == "2022年12月5日"
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
