"""Drawing many charts at once, on every core where the platform can fork.

gen itself never imports matplotlib: a forked chart worker does, resolves the font and loads its face,
ideally while gen is still reading the tables (`prepare()`, called as soon as a command knows it will
draw). When the jobs come (`draw_all`), that worker forks helpers for the other cores, which inherit
the loaded matplotlib at no cost, and hands back the charts in order. Where fork is unavailable
(Windows) charts are drawn in turn, in gen itself.

Workers die with gen, even after `kill -9`, and ignore Ctrl-C: gen handles it and kills them at once
(generators.processes), so an interrupted gen writes nothing and leaves no process behind.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
from collections.abc import Callable
from typing import Any

from generators import processes
from generators.errors import GongwenError

Job = Callable[[], Any]
"""A chart to draw: a picklable callable, e.g. functools.partial(bars.progress_chart, labels, values, title=…)."""

_worker: _Worker | None = None


class _Worker:
    """The forked process that imports matplotlib, then draws its share of the jobs with helpers of its own."""

    def __init__(self, style: str = "image") -> None:
        jobs_r, self._jobs = os.pipe()
        self._results, results_w = os.pipe()
        try:
            self.pid = processes.fork(lambda: _serve(style, jobs_r, results_w, self._jobs, self._results))
        finally:
            os.close(jobs_r)
            os.close(results_w)

    def draw(self, jobs: list[Job]) -> list[Any]:
        processes.send(self._jobs, (jobs, max(1, min(os.cpu_count() or 1, len(jobs)))))
        answer = processes.receive(self._results)
        if answer is None:
            raise RuntimeError("chart worker exited without its charts")
        kind, payload = answer
        if kind == "error":
            raise payload
        return payload

    def close(self) -> None:
        for fd in (self._jobs, self._results):
            with contextlib.suppress(OSError):
                os.close(fd)
        processes.end(self.pid)


def can_fork() -> bool:
    return hasattr(os, "fork") and hasattr(os, "register_at_fork")


def prepare(style: str | Callable[[], str] = "image") -> None:
    """Start the chart worker now, so that what `style` ("image" or "native", or a function that says
    which) draws with loads while gen does other work (no-op without fork)."""
    global _worker
    if _worker is not None or not can_fork():
        return
    if callable(style):
        try:
            style = style()
        except GongwenError:  # an unreadable setting: reported with the tables' problems, drawn as pictures
            style = "image"
    _worker = _Worker(style)


def close() -> None:
    """Stop the chart worker if one is waiting (gen stopped before it drew)."""
    global _worker
    if _worker is not None:
        worker, _worker = _worker, None
        worker.close()


atexit.register(close)


def draw_all(jobs: list[Job]) -> list[Any]:
    """What each job returns (a chart's PNG bytes, or an editable chart), in order."""
    global _worker
    if not jobs:
        return []
    if not can_fork():
        return [job() for job in jobs]
    prepare()
    worker, _worker = _worker, None
    assert worker is not None
    try:
        return worker.draw(jobs)
    finally:
        worker.close()  # on Ctrl-C or an error too: the worker and its helpers are killed at once


# ---------------------------------------------------------------- in the worker


def _serve(style: str, jobs_r: int, results_w: int, *parent_ends: int) -> None:
    for fd in parent_ends:
        os.close(fd)
    try:
        # What drawing needs, imported (and for pictures the font's face loaded) once, for the helpers to inherit.
        if style == "native":
            from .native import warm
        else:
            from .fonts import warm
        warm()
        gc.freeze()  # what is loaded stays out of every later collection, here and in the helpers (no copy-on-write)
        message = processes.receive(jobs_r)
        if message is None:  # gen is done without charts
            return
        jobs, workers = message
        processes.send(results_w, ("ok", _draw_shared(jobs, workers, results_w)))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to gen, which raises it
        processes.send(results_w, ("error", _picklable(exc)))


def _draw_shared(jobs: list[Job], workers: int, *inherited: int) -> list[Any]:
    """Every job's bytes, drawn here and in `workers - 1` helpers forked from here (job i by worker i % workers)."""
    helpers = []
    try:
        for k in range(1, workers):
            r, w = os.pipe()
            pid = processes.fork(lambda k=k, w=w, r=r: _help(jobs[k::workers], w, r, *inherited))
            os.close(w)
            helpers.append((pid, r))
        results: list[Any] = [None] * len(jobs)
        results[::workers] = [job() for job in jobs[::workers]]
        for k, (_, r) in enumerate(helpers, 1):
            answer = processes.receive(r)
            if answer is None:
                raise RuntimeError("chart helper exited without its charts")
            kind, payload = answer
            if kind == "error":
                raise payload
            results[k::workers] = payload
        return results
    finally:
        for pid, r in helpers:
            os.close(r)
            processes.end(pid)


def _help(jobs: list[Job], results_w: int, *unused: int) -> None:
    for fd in unused:
        os.close(fd)
    try:
        processes.send(results_w, ("ok", [job() for job in jobs]))
    except BaseException as exc:  # noqa: BLE001
        processes.send(results_w, ("error", _picklable(exc)))


def _picklable(exc: BaseException) -> BaseException:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - an exception that cannot cross the pipe is sent as its text
        return RuntimeError(f"{type(exc).__name__}: {exc}")
