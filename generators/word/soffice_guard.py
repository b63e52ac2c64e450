"""Runs LibreOffice for gongwen and makes sure it never outlives gongwen.

    python -I soffice_guard.py PARENT_PID WORKDIR -- soffice ...

LibreOffice's `soffice` starts `soffice.bin` as a grandchild, so killing gongwen, even its whole
process group, would leave `soffice.bin` running and the temporary folder with a copy of the
document behind. This small process stands between them: it runs LibreOffice in a process group
of its own and, when gongwen dies (Linux tells it at once through PR_SET_PDEATHSIG; elsewhere it
notices within a second) or when it is told to stop (SIGTERM, SIGINT, SIGHUP), kills that group and
removes WORKDIR. It is run as a script, with no import from gongwen, so it starts in milliseconds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys

POLL_S = 1.0
STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, n))


class Stop(Exception):
    pass


def _stop(signum, frame):
    raise Stop


def _die_with_parent() -> None:
    """SIGTERM to this process when its parent dies (Linux); the handler then cleans up."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _kill_tree(proc: subprocess.Popen) -> None:
    if os.name == "nt":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
    else:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def main(argv: list[str]) -> int:
    parent, workdir, command = int(argv[1]), argv[2], argv[4:]
    for sig in STOP_SIGNALS:
        signal.signal(sig, _stop)
    _die_with_parent()
    proc = None
    abandoned = True  # the folder is gongwen's to read unless gongwen is gone or stopped us
    try:
        if os.getppid() != parent:
            return 1
        blocked = hasattr(signal, "pthread_sigmask")
        if blocked:  # no signal between starting LibreOffice and knowing its pid
            signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                start_new_session=os.name != "nt",
                creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),  # Windows only, else 0
            )
        finally:
            if blocked:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        while True:
            try:
                code = proc.wait(timeout=POLL_S)
                abandoned = False
                return code
            except subprocess.TimeoutExpired:
                if os.getppid() != parent:
                    return 1
    except Stop:
        return 128 + signal.SIGTERM
    finally:
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)  # finish cleaning up whatever arrives now
        if proc is not None:
            _kill_tree(proc)  # also whatever LibreOffice left in its group after a normal exit
        if abandoned:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
