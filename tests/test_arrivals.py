"""When a county's table arrived (issue 20): the workbook's own saved time, the file system's date only as
a fallback, a saved time after the document's date questioned; every command says which date it judged."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MERGES, NOVEMBER, build_tiny, month_rows, write_xlsx
from helpers import set_saved, xls_saved_at

from cli import main
from generators import bulletin
from generators.reading import arrivals
from generators.reading.report import reporting
from generators.reading.workspace import Month, Workspace

NOV = Month(2022, 11)
ISSUED = dt.date(2022, 12, 12)
CST = dt.timezone(dt.timedelta(hours=8))
# When each county saved its workbook: 乙县 after the deadline (5 December), the others before it.
SAVED = {"甲县": (12, 4), "乙县": (12, 8), "石楼县": (12, 5), "丁县": (12, 3)}


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2022, month, day, hour, 0, tzinfo=CST)


def touch(path: Path, when: dt.datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


def county_folder(root: Path) -> Path:
    """November as one workbook per county, each saved (by its own account) on SAVED's day, every file's
    date on the file system the copy's: today."""
    (root / "月报" / "2022-11.xlsx").unlink()
    folder = root / "月报" / "2022-11"
    for county, values in NOVEMBER.items():
        path = write_xlsx(folder / f"{county}.xlsx", month_rows({county: values}, total=False), MERGES)
        set_saved(path, at(*SAVED[county]))
    settings = root / "设置.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n月报:\n  报送截止日: 5\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Path:
    root = build_tiny(tmp_path_factory.mktemp("arrivals") / "ws")
    county_folder(root)
    return root


def judged(root: Path, issued: dt.date = ISSUED):
    """(the bulletin's 数据报送 sentence, the report's notes, its warnings)."""
    with reporting() as report:
        context = bulletin.build(Workspace(root), NOV, issued).context
    return context["problems"]["reporting"], [str(n) for n in report.notes], [str(w) for w in report.warnings]


def test_the_workbooks_own_saved_time_decides_not_the_copy(ws):
    sentence, notes, warnings = judged(ws)
    assert sentence == "乙县报表晚于2022年12月5日报送。"
    (note,) = [n for n in notes if "报送日期" in n]
    assert "报送日期按各县区工作簿中保存的修改时间判断，晚于报送截止日2022年12月5日的有乙县（2022年12月8日）" in note
    assert not warnings


def test_a_copied_folder_and_file_dates_set_by_hand_change_nothing(ws, tmp_path):
    copy = tmp_path / "ws"
    shutil.copytree(ws, copy, copy_function=shutil.copy)  # a plain copy: every file dated now
    for path in (copy / "月报" / "2022-11").iterdir():
        touch(path, at(12, 1))  # and dates set to look on time: 乙县's workbook still says 8 December
    assert judged(copy)[0] == "乙县报表晚于2022年12月5日报送。"


def test_the_file_system_date_only_where_the_file_has_none(ws, tmp_path):
    copy = Path(shutil.copytree(ws, tmp_path / "ws"))
    folder = copy / "月报" / "2022-11"
    (folder / "丁县.xlsx").unlink()
    with open(folder / "丁县.csv", "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(
            ["" if v is None else v for v in row] for row in month_rows({"丁县": NOVEMBER["丁县"]}, total=False)
        )
    touch(folder / "丁县.csv", at(12, 6))
    sentence, notes, _ = judged(copy)
    assert sentence == "乙县、丁县报表晚于2022年12月5日报送。"
    (note,) = [n for n in notes if "报送日期" in n]
    assert "丁县的文件中没有保存时间，按文件的修改时间" in note and "丁县（2022年12月6日）" in note


def test_an_xls_says_when_it_was_saved_too(ws, tmp_path):
    copy = Path(shutil.copytree(ws, tmp_path / "ws"))
    folder = copy / "月报" / "2022-11"
    (folder / "甲县.xlsx").unlink()
    xls_saved_at(folder / "甲县.xls", month_rows({"甲县": NOVEMBER["甲县"]}, total=False), at(12, 7))
    touch(folder / "甲县.xls", at(12, 1))
    assert judged(copy)[0] == "甲县、乙县报表晚于2022年12月5日报送。"


def test_a_saved_time_after_the_documents_date_is_questioned_not_believed(ws, tmp_path):
    copy = Path(shutil.copytree(ws, tmp_path / "ws"))
    set_saved(copy / "月报" / "2022-11" / "丁县.xlsx", at(12, 20))
    sentence, notes, warnings = judged(copy)
    assert sentence == "乙县报表晚于2022年12月5日报送。"  # 丁县 is not called late on a date it cannot have
    (warning,) = warnings
    assert "丁县报表的保存时间2022年12月20日（工作簿中保存的修改时间）晚于成文日期2022年12月12日" in warning
    assert "2022-11/丁县.xlsx" in warning and "未作判断" in warning
    # Dated after every saved time, the same workspace judges 丁县 as late as it is.
    assert judged(copy, dt.date(2022, 12, 25))[0] == "乙县、丁县报表晚于2022年12月5日报送。"


def test_validate_reports_lateness_as_every_command_does(ws):
    result = CliRunner().invoke(main, ["validate", "--month", "2022-11", "--data", str(ws)])
    assert result.exit_code == 0, result.output
    assert "说明：" in result.output
    assert "晚于报送截止日2022年12月5日的有乙县（2022年12月8日）" in result.output


def test_no_deadline_nothing_judged(tmp_path):
    root = build_tiny(tmp_path / "ws")
    county_folder(root)
    settings = root / "设置.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("报送截止日: 5", "报送截止日: 0"), encoding="utf-8"
    )
    sentence, notes, _ = judged(root)
    assert sentence == "" and not [n for n in notes if "报送日期" in n]


def test_deadlines_fall_in_the_next_month():
    assert arrivals.deadline(2022, 11, 5) == dt.date(2022, 12, 5)
    assert arrivals.deadline(2022, 12, 31) == dt.date(2023, 1, 31)
    assert arrivals.deadline(2023, 1, 31) == dt.date(2023, 2, 28)  # February has no 31st
    assert arrivals.deadline(2022, 11, 0) is None


def test_the_letters_command_says_it_too(ws, tmp_path):
    from conftest import ledger_row, write_ledger

    copy = Path(shutil.copytree(ws, tmp_path / "ws"))
    write_ledger(copy, [ledger_row("P1", "甲县", "2022-11-29")])
    out = tmp_path / "out"
    args = [
        "reminder",
        "--month",
        "2022-11",
        "--all",
        "--data",
        str(copy),
        "--output",
        str(out),
        "--date",
        "2022-12-12",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "晚于报送截止日2022年12月5日的有乙县（2022年12月8日）" in result.output
