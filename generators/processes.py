"""Child processes that never outlive gongwen, Ctrl-C that always stops it, and SIGTERM handled like Ctrl-C.

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

    Files are committed inside it, so it refuses to begin after a Ctrl-C (`check_interrupted`). Only the
    main thread can set signal handlers; elsewhere (and on Windows) the block changes nothing else.
    """
    check_interrupted()
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


# ---------------------------------------------------------------- forked workers and Ctrl-C
#
# Ctrl-C sends SIGINT to gen and to every worker of its process group at once. A worker that raised
# KeyboardInterrupt wherever it happened to be (inside a pool's queue, or in an at-fork hook, where
# Python prints the exception and carries on) hung the pool or let gen write its document with exit 0.
# So workers ignore SIGINT: gen alone handles it and kills them. Signals are blocked across the fork,
# so the child never runs with the parent's handlers and the parent learns of a Ctrl-C only once it
# knows the child's pid, never inside the fork's own hooks.

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
_interrupted = False


def fork(child) -> int:
    """Fork a process that runs `child()` and exits (status 0, or 1 if it raised); return its pid.

    The child ignores SIGINT, takes SIGTERM and SIGHUP by default, and dies with its parent.
    """
    parent = os.getpid()
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                for sig in STOP_SIGNALS[1:]:
                    signal.signal(sig, signal.SIG_DFL)
                die_with_parent(parent)
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                child()
                status = 0
            finally:
                os._exit(status)  # never back into the parent's code: no finally, atexit or buffered output of its
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # a Ctrl-C that came meanwhile is raised here
    return pid


def end(pid: int) -> None:
    """Kill a forked child (if it is still there) and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def send(fd: int, message) -> None:
    """Write one pickled message to a pipe."""
    import pickle

    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view) :]


def receive(fd: int):
    """The next message from a pipe, or None at its end (the writer exited or closed it)."""
    import pickle

    head = _read_exactly(fd, 8)
    if head is None:
        return None
    body = _read_exactly(fd, int.from_bytes(head, "little"))
    return None if body is None else pickle.loads(body)


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _on_interrupt(signum, frame):
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


@contextlib.contextmanager
def interruptible():
    """Within this block Ctrl-C raises KeyboardInterrupt as usual and is also remembered, so that one
    swallowed on the way (Python only prints an exception raised in a finalizer or an at-fork hook)
    still stops the files being written: `terminating_cleanly()` refuses to begin after it."""
    global _interrupted
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) in (
        signal.SIG_IGN,
        None,
    ):
        yield
        return
    previous = signal.signal(signal.SIGINT, _on_interrupt)
    _interrupted = False
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def check_interrupted() -> None:
    """Raise KeyboardInterrupt if a Ctrl-C came (and was swallowed somewhere) since `interruptible()` began."""
    if _interrupted:
        raise KeyboardInterrupt
