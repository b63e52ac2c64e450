"""A document and its 发文登记 entry are one transaction: gen killed (SIGKILL) at any instant of the write
leaves, once the next run has started, the old documents with the old register or the new ones with the
new, never a number issued twice or a document on disk the register does not know; no temporary file
is left behind. A rename that fails while gen runs is undone the same way."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import ROOT, build_tiny, ledger_row, write_ledger

from cli import main
from generators import journal, register
from generators.reading.workspace import Workspace
from generators.reminder import FOLDER
from generators.writing import WriteError

NUMBER = re.compile(r"\S+〔\d{4}〕\d+号")
ARGS = ["reminder", "--month", "2022-11", "--date", "2022-12-05"]

# gen runs, each stopped by SIGKILL at its n-th instant of journal.write_together (every instant at which
# a stop leaves a different state on disk), until one is past the last instant. Each is forked from a
# process that ran the same command once already, so that the imports are not paid for each instant.
KILLED_AT = """
import json, os, shutil, signal, sys
import cli
from generators import journal

template, work, args = sys.argv[1], sys.argv[2], sys.argv[3:]

def run(n, data, out):
    seen = [0]
    def instant():
        seen[0] += 1
        if seen[0] == n:
            os.kill(os.getpid(), signal.SIGKILL)
    journal._instant = instant
    try:
        cli.main([*args, "--data", data, "--output", out])
    except SystemExit as done:
        os._exit(done.code or 0)
    os._exit(0)

def copy(name):
    data, out = os.path.join(work, "data" + name), os.path.join(work, "out" + name)
    shutil.copytree(os.path.join(template, "data"), data, symlinks=True)
    shutil.copytree(os.path.join(template, "out"), out, symlinks=True)
    return data, out

try:  # run 0, in this process: everything the command imports is loaded once
    cli.main([*args, "--data", copy("0")[0], "--output", os.path.join(work, "out0")])
except SystemExit as done:
    results = [[0, done.code or 0]]
for n in range(1, 60):
    data, out = copy(str(n))
    sys.stdout.flush()  # or the child prints the parent's buffer again
    pid = os.fork()
    if pid == 0:
        run(n, data, out)
    status = os.waitpid(pid, 0)[1]
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    results.append([n, "killed" if killed else os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1])
    if not killed:
        break
print(json.dumps(results))
"""


def workspace(root: Path) -> Path:
    build_tiny(root)
    write_ledger(root, [ledger_row("P1", "石楼县", "2022-11-29"), ledger_row("P3", "乙县", "2022-12-01")])
    return root


def letters(out: Path) -> Path:
    return out / "2022-11" / FOLDER


def gen(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


def number_in(path: Path) -> str:
    return next(p.text for p in docx.Document(path).paragraphs if NUMBER.fullmatch(p.text))


def state(data: Path, out: Path) -> tuple[dict, dict]:
    """(letter file → number printed in it, register: number → file), after the next run's start."""
    with register.opened(Workspace(data)) as reg:  # what any next run does first
        issued = {r["文号"]: Path(r["文件"]).name for r in reg.rows}
    on_disk = {p.name: number_in(p) for p in letters(out).glob("*.docx")}
    return on_disk, issued


def leftovers(*roots: Path) -> list[Path]:
    return [p for root in roots for p in root.rglob("*") if p.name.startswith(".~") or p.name == register.JOURNAL]


def test_a_kill_at_any_instant_of_the_write_is_completed_or_undone_by_the_next_run(tmp_path):
    # Before: 乙县's letter issued. Each killed run regenerates it and issues 石楼县's (a new number).
    template = tmp_path / "template"
    gen(*ARGS, "--county", "乙县", "--data", str(workspace(template / "data")), "--output", str(template / "out"))
    old = state(template / "data", template / "out")[0]
    new = {**old, "石楼县问题整改提醒函.docx": "小巩衔办函〔2022〕4号"}
    args = [*ARGS, "--county", "乙县", "--county", "石楼县"]
    run = subprocess.run(
        [sys.executable, "-c", KILLED_AT, str(template), str(tmp_path), *args], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout.splitlines()[-1])
    assert results[0] == [0, 0] and results[-1][1] == 0  # the warm-up and the run past every instant
    killed = [n for n, outcome in results if outcome == "killed"]
    assert killed == list(range(1, len(results) - 1)) and len(killed) >= 10
    seen = []
    for n in killed:
        data, out = tmp_path / f"data{n}", tmp_path / f"out{n}"
        on_disk, issued = state(data, out)
        # Every letter on disk is registered under the number it carries, and every number is one file's.
        assert on_disk == {f: number for number, f in issued.items()}, n
        assert on_disk in (old, new), n
        assert not leftovers(data, out), (n, leftovers(data, out))
        seen.append(on_disk == new)
        # The next document of the prefix takes a number no file holds.
        gen(*ARGS, "--county", "丁县", "--data", str(data), "--output", str(out))
        numbers = [number_in(p) for p in letters(out).glob("*.docx")]
        assert len(numbers) == len(set(numbers)) == len(on_disk) + 1, n
    # Killed before the commit point: the old state; from it on, the new one. Both were met, in that order.
    assert seen[0] is False and seen[-1] is True and sorted(seen) == seen


def test_a_rename_that_fails_is_undone_and_a_kill_while_undoing_is_completed(tmp_path, monkeypatch):
    files = [tmp_path / "a.docx", tmp_path / "sub" / "b.docx", tmp_path / "c.xlsx"]
    files[0].write_bytes(b"old a")
    files[2].write_bytes(b"old c")
    seen = [0]

    def sabotage():  # after the commit point, c.xlsx becomes a folder: its rename fails
        seen[0] += 1
        if seen[0] == 1 + 3 + 2 + 1 + 2:  # journal, 3 staged, 2 kept, commit, 2 renames
            files[2].unlink()
            files[2].mkdir()
            (files[2] / "x").write_text("x")

    monkeypatch.setattr(journal, "_instant", sabotage)
    with pytest.raises(WriteError):
        journal.write_together(tmp_path / ".j", [(f, b"new") for f in files])
    assert files[0].read_bytes() == b"old a" and not files[1].exists()
    assert not leftovers(tmp_path)


def test_recovery_finishes_a_plan_some_of_whose_steps_were_done(tmp_path):
    # Stopped in the middle of the renames: a.docx still old with its new content staged, b.xlsx renamed
    # already, the kept old content of b still there.
    a, b = tmp_path / "a.docx", tmp_path / "b.xlsx"
    a.write_bytes(b"old a")
    b.write_bytes(b"new b")
    staged_a, staged_b, kept_b = tmp_path / ".~a.1.tmp", tmp_path / ".~b.2.tmp", tmp_path / ".~b.2.old"
    staged_a.write_bytes(b"new a")
    kept_b.write_bytes(b"old b")
    journal._record(tmp_path / ".j", [(staged_a, a), (staged_b, b)], [kept_b])
    assert journal.recover(tmp_path / ".j")
    assert (a.read_bytes(), b.read_bytes()) == (b"new a", b"new b")
    assert not leftovers(tmp_path) and not journal.recover(tmp_path / ".j")


def test_a_journal_stopped_while_it_was_written_is_removed(tmp_path):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")
    (tmp_path / ".~.j.journal.tmp").write_text('{"version": 1, "rena')  # cut off mid-write
    assert not journal.recover(tmp_path / ".j")
    assert target.read_bytes() == b"old" and not leftovers(tmp_path)


def test_an_unreadable_journal_is_a_chinese_error_and_stays(tmp_path):
    data = build_tiny(tmp_path / "ws")
    (data / register.JOURNAL).write_text("garbage")
    result = CliRunner().invoke(main, ["bulletin", "--month", "2022-11", "--data", str(data), "--number", "1"])
    assert result.exit_code == 1 and "上次运行中断时留下的记录" in result.output, result.output
    assert (data / register.JOURNAL).exists() and not (data / register.FILE).exists()
