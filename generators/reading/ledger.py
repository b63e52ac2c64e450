"""The problem ledger (问题台账): the office's workbook of problems each county must rectify."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generators.errors import DataError, Problem, Source
from generators.reading import cells
from generators.reading.sheets import read_table
from generators.reading.workspace import LEDGER_FILE, Workspace

STATUSES = ("已整改", "整改中", "未整改")
DONE = "已整改"
COLUMNS = [
    "编号",
    "县区",
    "问题来源",
    "问题描述",
    "责任单位",
    "发现日期",
    "整改期限",
    "整改状态",
    "整改完成日期",
    "备注",
]
REQUIRED = ["编号", "县区", "问题描述", "整改期限", "整改状态"]


@dataclass(frozen=True)
class Issue:
    """One ledger row."""

    id: str
    county: str
    origin: str  # 问题来源: 国考反馈, 省考反馈, 督导检查, 暗访 …
    description: str
    unit: str
    found: dt.date | None
    deadline: dt.date
    status: str
    rectified: dt.date | None
    note: str
    source: Source

    @property
    def is_open(self) -> bool:
        return self.status != DONE


def read_ledger(ws: Workspace) -> list[Issue]:
    """Every row of 问题台账.xlsx, validated; all bad rows are reported together.

    Read once per workspace: a command checks it with the tables, then uses it.
    """
    if "ledger" not in ws._cache:
        ws._cache["ledger"] = _read_ledger(ws)
    return ws._cache["ledger"]


def _read_ledger(ws: Workspace) -> list[Issue]:
    path = ws.path(LEDGER_FILE)
    records = read_table(path, ws.display(path), REQUIRED, [c for c in COLUMNS if c not in REQUIRED])
    problems, issues = list(records.problems), []
    ids: dict[str, Source] = {}
    for rec in records:
        before = len(problems)

        def day(name, required, rec=rec):
            raw = rec.get(name)
            try:
                value = cells.date(raw)
            except ValueError:
                problems.append(Problem(rec.sources[name], f"「{name}」不是日期", raw, "日期，如2022-09-30"))
                return None
            if value is None and required:
                problems.append(Problem(rec.sources[name], f"缺少「{name}」", expected="日期，如2022-09-30"))
            return value

        county = ws.roster.match(rec.get("县区"))
        if county is None:
            problems.append(
                Problem(rec.sources["县区"], "县区名单中没有这个县区", rec.get("县区"), "县区名单中的名称或别名")
            )
        status = rec.text("整改状态")
        if status not in STATUSES:
            problems.append(
                Problem(
                    rec.sources["整改状态"],
                    "整改状态不对",
                    rec.get("整改状态"),
                    "「" + "」「".join(STATUSES) + "」之一",
                )
            )
        found = day("发现日期", False) if "发现日期" in rec.values else None
        deadline = day("整改期限", True)
        rectified = day("整改完成日期", False) if "整改完成日期" in rec.values else None
        if found and deadline and deadline < found:
            problems.append(
                Problem(
                    rec.sources["整改期限"],
                    f"整改期限早于发现日期（{found:%Y-%m-%d}）",
                    f"{deadline:%Y-%m-%d}",
                    "不早于发现日期",
                )
            )
        if status == DONE and rectified is None and len(problems) == before:
            problems.append(
                Problem(
                    rec.sources.get("整改完成日期", rec.row_source),
                    "状态为「已整改」却没有整改完成日期",
                    expected="填写整改完成日期",
                )
            )
        issue_id = rec.text("编号")
        if issue_id in ids:
            problems.append(
                Problem(rec.sources["编号"], f"编号重复（与{ids[issue_id].cell}相同）", issue_id, "每个问题一个编号")
            )
        ids[issue_id] = rec.sources["编号"]
        if len(problems) == before and county is not None:
            issues.append(
                Issue(
                    issue_id,
                    county.name,
                    rec.text("问题来源") or "其他",
                    str(rec.get("问题描述")).strip(),
                    rec.text("责任单位"),
                    found,
                    deadline,
                    status,
                    rectified,
                    rec.text("备注"),
                    rec.row_source,
                )
            )
    if problems:
        raise DataError(problems)
    return issues
