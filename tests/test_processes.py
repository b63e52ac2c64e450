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
from conftest import ROOT, SAMPLE

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
    data = Path(shutil.copytree(SAMPLE, tmp_path / "data"))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    yield data, tmp_path / "out", scratch
    for pid in carrying(str(scratch)):  # should a check fail, end what this test started
        os.kill(pid, signal.SIGKILL)


def start(data: Path, out: Path, scratch: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(scratch)}
    args = ["bulletin", "--month", "2022-11", "--data", str(data), "--output", str(out), "--date", "2022-12-05"]
    return subprocess.Popen([*GEN, *args, *extra], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def assert_nothing_left(proc: subprocess.Popen, scratch: Path, out: Path) -> None:
    # A pipe reading gen's output reaches its end: no survivor holds gen's stdout open.
    proc.communicate(timeout=WAIT_S)
    deadline = time.monotonic() + WAIT_S
    while carrying(str(scratch)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert carrying(str(scratch)) == {}
    assert list(scratch.iterdir()) == []
    leftovers = [p.name for p in out.rglob("*") if p.name.startswith(".~")] if out.exists() else []
    assert leftovers == []


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
