"""Drawing many charts at once, on every core where the platform can fork.

A bulletin draws a chart per indicator; each takes ~0.1 s of pure CPU, so two cores halve the
wait. Forked workers inherit the already-imported matplotlib and font set-up, so they start at
no cost; where fork is unavailable (Windows, macOS defaults) charts are drawn in turn. Workers
die with the process that forked them, even after `kill -9` (generators.processes).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from generators.processes import die_with_parent

from . import bars

MIN_PARALLEL = 4  # below this a pool costs more than it saves


Job = Callable[[], bytes]
"""A chart to draw: a picklable callable, e.g. functools.partial(bars.progress_chart, labels, values, title=…)."""


def _draw(job: Job) -> bytes:
    return job()


def draw_all(jobs: list[Job]) -> list[bytes]:
    """The bytes each job returns, in order."""
    cores = os.cpu_count() or 1
    if len(jobs) < MIN_PARALLEL or cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_draw(job) for job in jobs]
    bars.chart_font()  # resolve the font once, before forking, so workers inherit it
    pool = ProcessPoolExecutor(
        max_workers=min(cores, len(jobs)),
        mp_context=multiprocessing.get_context("fork"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        return list(pool.map(_draw, jobs))
    finally:
        # On Ctrl-C or an error, drop the charts not yet started instead of drawing them all first.
        pool.shutdown(wait=True, cancel_futures=True)
