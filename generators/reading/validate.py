"""`gen validate`: read and check a month, and say in a few lines what was found."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generators.reading import arrivals, report
from generators.reading.entry import read_period
from generators.reading.workspace import LEDGER_FILE, Month, Workspace


def summarize(data_dir: Path, month_text: str) -> str:
    ws = Workspace(data_dir)
    month = Month.parse(month_text)
    ledger = ws.path(LEDGER_FILE)
    has_ledger = ledger.exists() or ledger.is_symlink()  # a broken link is worth a message too
    tables = read_period(ws, month, ledger=has_ledger)
    current, previous = tables.current, tables.compared
    arrivals.lateness(ws, current, dt.date.today())  # said in the report's 说明, as every command says it
    lines = [
        f"{month.label}数据检查通过：{current.path}",
        f"  县区 {len(current.values)} 个，指标 {len(ws.indicators)} 项："
        + "、".join(ind.name for ind in ws.indicators),
        f"  上月（{month.previous().label}）数据："
        + (previous.path if previous else "无，排名变化将注明「上月无数据」"),
    ]
    if has_ledger:
        from generators.reading.ledger import read_ledger

        lines.append(f"  问题台账：{ws.display(ledger)}，共 {len(read_ledger(ws))} 个问题")
    running = report.active()
    if running is not None:  # the command prints the report (both months, which sheet was read) itself
        count = len(running.warnings)
        lines.append(f"  提醒 {count} 条，见下方。" if count else "  没有需要提醒的问题。")
    elif current.warnings:
        lines.append(f"  提醒 {len(current.warnings)} 条（不影响生成）：")
        lines += [f"    {i}. {w}" for i, w in enumerate(current.warnings, 1)]
    else:
        lines.append("  没有需要提醒的问题。")
    return "\n".join(lines)
