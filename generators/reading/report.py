"""Warnings and notes from reading, for the command that is running.

The document modules call `entry.read_period` and know nothing of the terminal. A command
opens a Report around its work (cli.py's `reading_report`); the readers add what they found (a
合计 that disagrees, which sheet of a workbook was read), and the command prints it whatever the
outcome. With `strict`, warnings stop the run before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from generators.errors import Problem, StrictStop, grouped

_active: ContextVar[Report | None] = ContextVar("gongwen_report", default=None)


@dataclass
class Report:
    """What one command's reading found that does not stop it."""

    strict: bool = False  # warnings stop the run (--strict)
    ledger: bool = False  # the command reads the problem ledger too: check it with the tables
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # facts worth a line: which sheet was read
    stopped: bool = False  # the warnings were already shown as the run's error

    def add(self, warnings: Sequence[Problem] = (), notes: Sequence[Problem] = ()) -> None:
        """Add what was found; a command that reads a month twice reports it once."""
        for found, kept in ((warnings, self.warnings), (notes, self.notes)):
            seen = {(p.source, p.message) for p in kept}
            kept += [p for p in found if (p.source, p.message) not in seen]

    def stop_if_strict(self, warnings: Sequence[Problem] | None = None, what: str = "") -> None:
        """With --strict, `warnings` (by default all the run's) stop it before anything is written; the
        error lists them, so they are not printed again as 提醒."""
        found = list(self.warnings if warnings is None else warnings)
        if self.strict and found:
            self.stopped = True
            raise StrictStop(found, heading=f"{what}有 {len(found)} 条提醒，按 --strict 视为错误，未生成任何文件：")

    def text(self) -> str:
        """The lines to print after the command; empty when there is nothing to say."""
        lines = []
        if self.warnings and not self.stopped:
            lines.append(f"提醒 {len(self.warnings)} 条（不影响生成，请核实；加 --strict 则视为错误）：")
            lines += grouped(self.warnings)
        if self.notes:
            lines.append("说明：")
            lines += grouped(self.notes)
        return "\n".join(lines)


def active() -> Report | None:
    """The running command's report, or None when reading is called outside a command (tests, scripts)."""
    return _active.get()


def warn(warning: Problem) -> None:
    """Tell the running command's report of `warning` (--strict stops there); outside a command (scripts,
    tests) there is nobody to tell."""
    report = active()
    if report is not None:
        report.add(warnings=[warning])
        report.stop_if_strict([warning])


@contextmanager
def reporting(strict: bool = False, ledger: bool = False) -> Iterator[Report]:
    report = Report(strict=strict, ledger=ledger)
    token = _active.set(report)
    try:
        yield report
    finally:
        _active.reset(token)
