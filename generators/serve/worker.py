"""A job's process (`python -m generators.serve.worker PARENT_PID`): reads its order, a JSON
[action, arguments], from stdin; writes JSON lines ["progress", done, total, step], then ["done", result]
or ["failed", message, result]. SIGTERM (cancel) unwinds cleanly; it dies with the server."""

from __future__ import annotations

import json
import os
import signal
import sys


def main() -> None:
    from generators.processes import Terminated, die_with_parent, terminating_cleanly

    die_with_parent(int(sys.argv[1]), getattr(signal, "SIGTERM", None))  # the server gone: stop as if cancelled
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # anything else printed goes to stderr, not into the reports

    def send(*message) -> None:
        out.write(json.dumps(message, ensure_ascii=False) + "\n")

    with terminating_cleanly():
        try:
            from generators.errors import GongwenError
            from generators.serve.actions import ACTIONS, Run

            action, kwargs = json.loads(sys.stdin.read())
            run = Run()
            try:
                ACTIONS[action](run, lambda done, total, step: send("progress", done, total, step), **kwargs)
                send("done", run.as_dict())
            except GongwenError as exc:
                send("failed", f"错误：{exc}", run.as_dict())
            except Exception as exc:  # a defect, not the user's data: say so instead of dying silently
                send(
                    "failed",
                    f"内部错误（{type(exc).__name__}：{exc}），未完成。请把这段文字告诉维护人员。",
                    run.as_dict(),
                )
        except Terminated:
            sys.exit(0)


if __name__ == "__main__":
    main()
