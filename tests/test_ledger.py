"""The problem ledger: validation and which problems a letter reminds of, on the boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ledger_row, write_ledger

from generators import base
from generators.base import safe_name
from generators.errors import DataError
from generators.reading.ledger import read_ledger
from generators.reading.workspace import Month, Workspace
from generators.reminder import Kind, plan, select

END = dt.date(2022, 11, 30)  # the letter's date is the reference for overdue; here the month's last day


@pytest.fixture
def ledger_ws(tiny):
    write_ledger(
        tiny,
        [
            ledger_row("P1", "石楼县", "2022-11-29"),  # overdue by 1 day
            ledger_row("P2", "石楼", "2022-11-30", status="未整改"),  # due today, alias
            ledger_row("P3", "乙县", "2022-12-01"),  # due tomorrow
            ledger_row("P4", "乙县", "2022-12-15"),  # due on the last day of the window
            ledger_row("P5", "乙县", "2022-12-16"),  # just outside the window
            ledger_row("P6", "丁县", "2022-06-30", status="已整改", rectified="2022-06-20"),
            ledger_row("P7", "石楼县", "2022-06-30", origin="暗访"),  # long overdue
        ],
    )
    return tiny


def test_overdue_and_due_on_the_boundaries(ledger_ws):
    issues = read_ledger(Workspace(ledger_ws))
    overdue, due = select(issues, "石楼县", END, 15)
    assert [(i.id, d) for i, d in overdue] == [("P7", 153), ("P1", 1)]
    assert [(i.id, d) for i, d in due] == [("P2", 0)]
    overdue, due = select(issues, "乙县", END, 15)
    assert overdue == [] and [(i.id, d) for i, d in due] == [("P3", 1), ("P4", 15)]
    assert select(issues, "丁县", END, 15) == ([], [])  # rectified problems are not reminded


def test_who_gets_a_letter_and_serials(ledger_ws):
    batch = plan(Workspace(ledger_ws), Month(2022, 11), END)
    assert [l.county for l in batch.letters] == ["乙县", "石楼县", "丁县"]  # roster order
    assert batch.skipped == ["甲县"]  # ahead of schedule on everything, nothing open
    drafts = base.preview(Kind(), Workspace(ledger_ws), Month(2022, 11), END)
    assert [d.context["head"]["doc_number"] for d in drafts] == [
        "小巩衔办函〔2022〕3号",
        "小巩衔办函〔2022〕4号",
        "小巩衔办函〔2022〕5号",
    ]
    shilou = drafts[1].context
    assert shilou["overdue"][0]["days"] == "逾期153天" and shilou["due"][0]["days"] == "今日到期"
    assert shilou["reply"] == "请于2022年12月10日前将整改情况书面报送市巩固衔接办。"
    assert "你县" in shilou["intro"] and "截至2022年11月30日" in shilou["intro"]
    ding = drafts[2].context
    assert ding["overdue"] == [] and ding["due"] == []
    assert {row["name"] for row in ding["lagging"]} == {"衔接资金支出进度", "脱贫劳动力务工就业完成率"}
    assert ding["lagging"][0]["value"] == "50.00%" and "低于序时进度41.67个百分点" in ding["lagging"][0]["note"]


@pytest.mark.parametrize(
    "row, message",
    [
        (ledger_row("X1", "戊县", "2022-12-01"), "县区名单中没有这个县区"),
        (ledger_row("X1", "甲县", "2022-01-01", found="2022-02-01"), "整改期限早于发现日期"),
        (ledger_row("X1", "甲县", "2022-12-01", status="基本完成"), "整改状态不对"),
        (ledger_row("X1", "甲县", "2022-12-01", status="已整改"), "状态为「已整改」却没有整改完成日期"),
    ],
)
def test_bad_ledger_rows_name_the_row(tiny, row, message):
    write_ledger(tiny, [ledger_row("OK", "甲县", "2022-12-01"), row])
    with pytest.raises(DataError) as info:
        read_ledger(Workspace(tiny))
    (problem,) = info.value.problems
    assert message in str(problem)
    assert "问题台账.xlsx" in str(problem) and "4" in problem.source.cell  # the second data row


def test_safe_names_stay_inside_the_folder():
    assert safe_name("../../etc/passwd") == "_.._etc_passwd"
    assert safe_name('A<B>:"C"') == "A_B___C_"
    assert "/" not in safe_name("a/b") and "\\" not in safe_name("a\\b")
