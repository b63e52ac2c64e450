"""Killing `gen` leaves nothing behind: no chart worker, no LibreOffice, no temporary folder, no stale PDF.

`gen bulletin --pdf` runs as a real process with its own TMPDIR; the test waits until chart workers
or soffice.bin are running, sends SIGTERM or SIGKILL to gen alone, and then looks for any process
that still carries that TMPDIR (every descendant inherits it) and for files left behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, copy_sample

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/environ").exists() or (os.cpu_count() or 1) < 2 or not shutil.which("soffice"),
    reason="Linux /proc, two cores (charts in workers) and LibreOffice needed",
)

GEN = [sys.executable, "-c", "import cli; cli.main()"]
WAIT_S = 60  # for the moment to come, and for the processes to go: generous on a loaded machine


def _proc(pid: str, name: str) -> bytes:
    try:
        return (Path("/proc") / pid / name).read_bytes()
    except OSError:
        return b""


def carrying(marker: str) -> dict[int, str]:
    """Live processes whose environment holds `marker`, with their command lines."""
    found = {}
    needle = marker.encode()
    for entry in os.listdir("/proc"):
        if entry.isdigit() and needle in _proc(entry, "environ"):
            stat = _proc(entry, "stat").decode(errors="replace")
            if stat and stat.rsplit(") ", 1)[-1][:1] != "Z":
                found[int(entry)] = _proc(entry, "cmdline").replace(b"\0", b" ").decode(errors="replace")
    return found


def children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        stat = _proc(entry, "stat").decode(errors="replace") if entry.isdigit() else ""
        if stat and int(stat.rsplit(") ", 1)[-1].split()[1]) == pid:
            kids.append(int(entry))
    return kids


def wait_for(condition, what: str, proc: subprocess.Popen):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"gen ended (status {proc.returncode}) before {what}:\n{out}\n{err}")
        time.sleep(0.005)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def workspace(tmp_path):
    data = copy_sample(tmp_path / "data")  # without a register the README's first command may have left
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    yield data, tmp_path / "out", scratch
    for pid in carrying(str(scratch)):  # should a check fail, end what this test started
        os.kill(pid, signal.SIGKILL)


def start(data: Path, out: Path, scratch: Path, *extra: str, group: bool = False) -> subprocess.Popen:
    """gen bulletin; with `group`, in a process group of its own, as a terminal runs a command (Ctrl-C
    then goes to the whole group: gen and every worker)."""
    env = {**os.environ, "TMPDIR": str(scratch)}
    args = ["bulletin", "--month", "2022-11", "--data", str(data), "--output", str(out), "--date", "2022-12-05"]
    return subprocess.Popen(
        [*GEN, *args, *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=group,
    )


def assert_nothing_left(proc: subprocess.Popen, scratch: Path, out: Path) -> str:
    """What gen said on stderr, once nothing it started is left: no process, no temporary file."""
    # A pipe reading gen's output reaches its end: no survivor holds gen's stdout open.
    _, err = proc.communicate(timeout=WAIT_S)
    deadline = time.monotonic() + WAIT_S
    while carrying(str(scratch)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert carrying(str(scratch)) == {}
    assert list(scratch.iterdir()) == []
    leftovers = [p.name for p in out.rglob("*") if p.name.startswith(".~")] if out.exists() else []
    assert leftovers == []
    return err.decode(errors="replace")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_while_drawing_charts(workspace, sig):
    data, out, scratch = workspace
    proc = start(data, out, scratch, "--pdf")
    workers = wait_for(lambda: children(proc.pid), "chart workers", proc)
    os.kill(proc.pid, sig)
    assert_nothing_left(proc, scratch, out)
    assert all(not Path(f"/proc/{pid}").exists() or not carrying(str(scratch)) for pid in workers)
    assert not out.exists() or not list(out.rglob("*.docx"))


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_while_libreoffice_converts(workspace, sig):
    data, out, scratch = workspace
    first = start(data, out, scratch)  # this run's .docx, with last run's PDF beside it
    assert first.wait(timeout=WAIT_S) == 0, first.communicate()
    (document,) = (out / "2022-11").glob("*.docx")
    stale = document.with_suffix(".pdf")
    stale.write_bytes(b"%PDF-1.4 last run")

    proc = start(data, out, scratch, "--pdf")
    wait_for(lambda: [p for p, cmd in carrying(str(scratch)).items() if "soffice.bin" in cmd], "soffice.bin", proc)
    # LibreOffice's own temporary folder (lu*.tmp), which a killed LibreOffice cannot remove itself
    wait_for(lambda: list(scratch.rglob("lu*.tmp")), "LibreOffice's lu*.tmp", proc)
    os.kill(proc.pid, sig)
    assert_nothing_left(proc, scratch, out)
    assert proc.returncode in (-sig, 128 + sig)
    assert not stale.exists()  # never last run's PDF beside this run's document
    assert document.is_file()


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        kids = children(todo.pop())
        found += kids
        todo += kids
    return found


def ctrl_c(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does: gen and its workers all get it


def assert_interrupted_cleanly(proc, data: Path, scratch: Path, out: Path, before_commit: bool) -> None:
    """Stopped (no hang), nothing left running, no temporary file; the document and the register either
    both untouched or, for a Ctrl-C after they were committed, both complete."""
    err = assert_nothing_left(proc, scratch, out)
    documents = list(out.rglob("*.docx")) if out.exists() else []
    registered = (data / "发文登记.xlsx").exists()
    if before_commit:
        assert proc.returncode == 130 and "已中断" in err, err
        assert documents == [] and not registered
    else:
        assert bool(documents) == registered, (documents, registered)
        assert proc.returncode == 130 or documents, proc.returncode


@pytest.fixture(scope="module")
def full_run_s(tmp_path_factory) -> float:
    """How long an uninterrupted bulletin takes here and now, to spread the Ctrl-Cs over its course."""
    root = tmp_path_factory.mktemp("full")
    data = Path(shutil.copytree(SAMPLE, root / "data", ignore=shutil.ignore_patterns("发文登记.xlsx")))
    began = time.monotonic()
    proc = start(data, root / "out", root, group=True)
    assert proc.wait(timeout=WAIT_S * 2) == 0, proc.communicate()
    return time.monotonic() - began


@pytest.mark.parametrize("moment", ["worker started", "helpers drawing"])
def test_ctrl_c_while_chart_workers_are_forked_stops_gen_and_writes_nothing(workspace, moment):
    data, out, scratch = workspace
    proc = start(data, out, scratch, group=True)
    if moment == "worker started":  # the chart worker is forked before the tables are read
        wait_for(lambda: children(proc.pid), "the chart worker", proc)
    else:  # gen, its worker and the worker's helpers, drawing
        wait_for(lambda: len(descendants(proc.pid)) >= 2, "chart helpers", proc)
    ctrl_c(proc)
    assert_interrupted_cleanly(proc, data, scratch, out, before_commit=True)


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.85])
def test_ctrl_c_at_any_moment_stops_gen_with_nothing_half_written(workspace, full_run_s, fraction):
    data, out, scratch = workspace
    proc = start(data, out, scratch, group=True)
    time.sleep(full_run_s * fraction)
    if proc.poll() is None:
        ctrl_c(proc)
    assert_interrupted_cleanly(proc, data, scratch, out, before_commit=False)


def test_sigint_to_gen_alone_stops_its_workers_too(workspace):
    data, out, scratch = workspace
    proc = start(data, out, scratch)
    wait_for(lambda: len(descendants(proc.pid)) >= 2, "chart helpers", proc)
    os.kill(proc.pid, signal.SIGINT)
    assert_interrupted_cleanly(proc, data, scratch, out, before_commit=True)


def test_a_fork_while_the_rendering_stack_loads_in_its_thread_does_not_hang():
    """render.preload imports docxtpl in a thread; a process forked meanwhile (the letters' render pool)
    would inherit a module lock held by nobody and hang on importing it: every fork waits for the thread."""
    code = (
        "import os, sys\n"
        "from generators.word import render\n"
        "render.preload()\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    import docxtpl\n"
        "    os._exit(0)\n"
        "sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
