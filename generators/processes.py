"""Child processes that never outlive gongwen, and SIGTERM handled like Ctrl-C.

A forked worker inherits gongwen's stdout; if it survived a `kill -9` of its parent it would keep
a pipe reading gongwen's output open forever and hold ~90 MB. On Linux the kernel can send a
signal to a process when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere the worker checks
its parent id every second. SIGTERM by default ends Python without running `finally` blocks; inside
`terminating_cleanly()` it raises instead, so temporary folders and child processes are cleaned up.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PARENT_POLL_S = 1.0


def die_with_parent(parent_pid: int, sig: int | None = None) -> None:
    """Ask the kernel to send `sig` (SIGKILL by default) to this process when its parent dies (Linux);
    exit at once if the parent is already gone.

    Meant as a process pool `initializer` (with `initargs=(os.getpid(),)`) or called first thing in a child.
    """
    told = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            told = libc.prctl(PR_SET_PDEATHSIG, int(sig or signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            pass
    # The parent may have died between fork and prctl: then we were already re-parented.
    if os.getppid() != parent_pid:
        os._exit(1)
    if not told:  # no kernel help (macOS, or prctl refused): notice the re-parenting ourselves
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


class Terminated(SystemExit):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C, with the shell's exit status 128 + signal."""


def _raise_terminated(signum, frame):
    raise Terminated(128 + signum)


@contextlib.contextmanager
def terminating_cleanly():
    """Within this block SIGTERM and SIGHUP raise `Terminated`, so `finally` clauses run.

    Only the main thread can set signal handlers; elsewhere (and on Windows) the block changes nothing.
    """
    signals = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread() or sys.platform.startswith("win"):
        yield
        return
    previous = {}
    try:
        for sig in signals:
            if signal.getsignal(sig) is not signal.SIG_IGN:  # nohup's ignored SIGHUP stays ignored
                previous[sig] = signal.signal(sig, _raise_terminated)
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
