"""Long work (documents, PDFs, page previews) in worker processes: progress shown, cancel honoured.

Each job is a fresh `python -m generators.serve.worker` (the server has threads, and forking a threaded
process can inherit a held lock); it dies with the server (processes.die_with_parent) and reports its
progress and outcome as JSON lines on its output.
Cancelling sends SIGTERM, which inside the job raises (processes.terminating_cleanly): LibreOffice is
stopped and its folder removed, staged files are discarded, the register's lock is let go. Files are
written all or nothing by the library, so a cancelled job leaves each document whole or as it was.

Two tabs asking for the same thing (same kind and subject) get the same running job, not a second one.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

RUNNING, DONE, FAILED, CANCELLED = "running", "done", "failed", "cancelled"
STATES = {RUNNING: "正在进行", DONE: "已完成", FAILED: "未完成", CANCELLED: "已取消"}
KEEP = 50  # finished jobs kept for their pages


@dataclass
class Job:
    id: str
    key: tuple  # what it makes: two requests with the same key share the job
    title: str
    state: str = RUNNING
    done: int = 0
    total: int = 0
    step: str = "正在准备"
    result: dict = field(default_factory=dict)
    error: str = ""
    started: float = field(default_factory=time.time)
    process: subprocess.Popen | None = field(default=None, repr=False)
    cancelling: bool = False
    stderr: str = field(default="", repr=False)

    @property
    def state_label(self) -> str:
        return STATES[self.state]

    @property
    def percent(self) -> int:
        if self.state == DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class Jobs:
    """The server's jobs; every method is safe to call from any request thread."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def start(self, key: tuple, title: str, action: str, **kwargs) -> Job:
        """Run `actions.<action>(**kwargs)` in a worker process; the running job for `key` if there is one."""
        with self._lock:
            for job in self._jobs.values():
                if job.key == key and job.state == RUNNING:
                    return job
            job = Job(f"{next(self._ids)}-{os.urandom(4).hex()}", key, title)
            job.process = subprocess.Popen(
                [sys.executable, "-m", "generators.serve.worker", str(os.getpid())],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            self._jobs[job.id] = job
            self._forget_old()
        threading.Thread(target=self._follow, args=(job, json.dumps([action, kwargs])), daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: j.started, reverse=True)

    def cancel(self, job_id: str) -> Job | None:
        job = self.get(job_id)
        if job is not None and job.state == RUNNING and job.process is not None:
            job.cancelling = True
            job.step = "正在取消"
            job.process.terminate()
        return job

    def wait(self, job_id: str, timeout: float = 60) -> Job | None:
        """Until the job is no longer running (tests, and shutdown)."""
        deadline = time.monotonic() + timeout
        job = self.get(job_id)
        while job is not None and job.state == RUNNING and time.monotonic() < deadline:
            time.sleep(0.05)
        return job

    def shutdown(self, timeout: float = 30) -> None:
        """Cancel what runs and wait for it: the server stops with nothing half done."""
        running = [j for j in self.all() if j.state == RUNNING]
        for job in running:
            self.cancel(job.id)
        for job in running:
            if job.process is not None:
                try:
                    job.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    job.process.kill()
                    job.process.wait()
            self.wait(job.id, timeout=5)

    def _follow(self, job: Job, order: str) -> None:
        """Hand the worker its order, take its reports until its end; a worker that died without a word failed."""
        process = job.process
        assert process is not None and process.stdin is not None and process.stdout is not None
        finished = False
        errors = threading.Thread(target=self._drain, args=(job, process.stderr), daemon=True)
        errors.start()
        try:
            process.stdin.write(order.encode("utf-8"))
            process.stdin.close()
            for line in process.stdout:
                message = json.loads(line)
                kind = message[0]
                if kind == "progress":
                    _, job.done, job.total, job.step = message
                elif kind == "done":
                    job.result, finished = message[1], True
                elif kind == "failed":
                    job.error, job.result, finished = message[1], message[2], True
        except (OSError, ValueError):  # the worker was stopped while we wrote or read
            pass
        finally:
            process.wait()
            errors.join()
            if finished and not job.error:  # a cancel that came too late changes nothing
                job.state, job.step = DONE, "已完成"
            elif job.cancelling:
                job.state, job.error = CANCELLED, ""
                job.step = "已取消：已写好的文件完整保留，未写完的没有留下，原有的文件未被改动"
            else:
                job.state = FAILED
                job.error = job.error or "生成过程意外中断，未生成新的文件。" + (
                    f"\n{job.stderr[-2000:]}" if job.stderr else ""
                )

    @staticmethod
    def _drain(job: Job, stream) -> None:
        """The worker's stderr, kept for a failure's message (and so the worker never blocks writing it)."""
        job.stderr = stream.read().decode("utf-8", "replace").strip()

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.state != RUNNING]
        for job in sorted(finished, key=lambda j: j.started)[: max(0, len(finished) - KEEP)]:
            del self._jobs[job.id]
