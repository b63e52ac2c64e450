"""`gen validate --year 2022`: every year-level file read and checked as the summary and the work plans
would, every problem of every file in one list, and a few lines saying what was read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generators import summary, workplan
from generators.errors import DataError, GongwenError, Problem, Source
from generators.reading import report
from generators.reading.tasks import plan_path
from generators.reading.workspace import Workspace


def summarize(data_dir: Path, year: int) -> str:
    ws = Workspace(data_dir)
    problems: list[Problem] = []
    made = None
    today = dt.date.today()
    try:
        made = summary.build(ws, year, today, draw=False)
    except DataError as exc:
        problems += exc.problems
    except GongwenError as exc:  # no December, no 年度总结.xlsx: said with the rest
        problems.append(Problem(Source(ws.display(ws.root)), str(exc).rstrip("。")))
    plans = []
    for plan_year in (year, year + 1):  # the plan drafted from last year's figures, and the one from this year's
        path = plan_path(ws, plan_year)
        if not path.is_file():
            continue
        try:
            plans.append((path, workplan.build(ws, plan_year, today)))
        except DataError as exc:
            problems += [p for p in exc.problems if p not in problems]
    if problems:
        raise DataError(problems)
    assert made is not None
    inputs = made.item.read
    config = inputs.config
    lines = [
        f"{year}年的年度数据检查通过：",
        f"  年度总结配置：{config.path}（年度指标 {len(config.indicators)} 项，部分 {len(config.sections)} 个）",
    ]
    lines.append(
        f"  {inputs.month.label}月报：{inputs.data.path}；上年同期："
        + (inputs.before.path if inputs.before else "无，重点指标不写较上年的变化")
    )
    origins = sorted({p for t in (inputs.table, inputs.previous) if t for p in t.origin.values()})
    lines.append("  年度指标的数据：" + ("、".join(origins) if origins else "无（「部分」未用年度指标）"))
    for path, plan in plans:
        lines.append(f"  工作要点：{ws.display(path)}（{len(plan.item.tasks)} 项任务）")
    lines += [f"  注意：{note}" for note in made.item.made.notes]
    running = report.active()
    if running is not None:
        count = len(running.warnings)
        lines.append(f"  提醒 {count} 条，见下方。" if count else "  没有需要提醒的问题。")
    return "\n".join(lines)
