"""The benchmark: gongwen against the bare document stack doing the same visible work.

    .venv/bin/python bench/run.py            # everything (a few minutes)
    .venv/bin/python bench/run.py --quick    # 12 and 120 counties only

Measures, on this machine: `gen bulletin` end to end as a process (median of runs) and its peak
memory; the bare stack (bench/bare_stack.py: import docxtpl and matplotlib, draw the same number
of charts at the same size and resolution, render the same template with a prepared context);
`gen --help`; the bulletin for 120 and 2,800 synthetic counties; `gen reminder --all` for 120;
`gen workplan --year 2023` against the bare stack rendering its prepared context (wall and CPU).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
SAMPLE = WORK / "sample"
GEN = [sys.executable, "-c", "import cli; cli.main()"]
RUNS = 5


def timed(cmd: list[str]) -> float:
    """Wall seconds of one run; the run must succeed."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stdout}\n{done.stderr}")
    return seconds


def peak_mib(cmd: list[str]) -> float:
    """Peak resident memory of one run, measured in a fresh wrapper process so earlier runs don't count."""
    probe = (
        "import resource,subprocess,sys;"
        "subprocess.run(sys.argv[1:],check=True,capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=ROOT, capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def cpu_seconds(cmd: list[str]) -> float:
    """User + system CPU of one run and its children (chart workers included), in a fresh wrapper process."""
    probe = (
        "import resource,subprocess,sys;"
        "subprocess.run(sys.argv[1:],check=True,capture_output=True);"
        "u=resource.getrusage(resource.RUSAGE_CHILDREN);print(u.ru_utime+u.ru_stime)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def median(cmd: list[str], runs: int = RUNS) -> float:
    return statistics.median(timed(cmd) for _ in range(runs))


def median_cpu(cmd: list[str], runs: int = RUNS) -> float:
    return statistics.median(cpu_seconds(cmd) for _ in range(runs))


def against_floor(kind: str, cmd: list[str], out: Path) -> dict[str, float]:
    """`cmd` (a gen command) and its floor, bench/bare_stack.py rendering the kind's prepared context:
    wall and CPU of each, medians; one warm-up run each first."""
    bare_stack = str(ROOT / "bench" / "bare_stack.py")
    context = WORK / f"context_{kind}.json"
    subprocess.run([sys.executable, bare_stack, "--prepare", str(context), kind], cwd=ROOT, check=True)
    bare = [sys.executable, bare_stack, str(context), str(out / f"bare_{kind}.docx")]
    timed(cmd), timed(bare)
    return {"wall": median(cmd), "cpu": median_cpu(cmd), "bare": median(bare), "bare_cpu": median_cpu(bare)}


def gen(kind: str, period: list[str], data: Path, out: Path, date: str) -> list[str]:
    return [*GEN, kind, *period, "--data", str(data), "--output", str(out), "--date", date]


def bulletin_cmd(data: Path, out: Path) -> list[str]:
    return gen("bulletin", ["--month", "2022-11"], data, out, "2022-12-05")


def main() -> None:
    quick = "--quick" in sys.argv
    WORK.mkdir(parents=True, exist_ok=True)
    # A copy of the sample: numbered documents write the workspace's 发文登记, and data/ stays as committed.
    shutil.rmtree(SAMPLE, ignore_errors=True)
    shutil.copytree(ROOT / "data", SAMPLE, ignore=shutil.ignore_patterns("发文登记.xlsx", ".发文登记.lock"))
    out = Path(tempfile.mkdtemp(prefix="bench-out-", dir=WORK))
    results = {}

    sample = bulletin_cmd(SAMPLE, out)
    measured = against_floor("bulletin", sample, out)
    results["bulletin_12"], results["bulletin_12_cpu"] = measured["wall"], measured["cpu"]
    results["bare_stack"], results["bare_stack_cpu"] = measured["bare"], measured["bare_cpu"]
    results["bulletin_12_mib"] = peak_mib(sample)
    results["help"] = median([*GEN, "--help"])
    # The other kinds beside the bulletin, each against its own floor (its context, its charts).
    for kind, period, date in (
        ("summary", ["--year", "2022"], "2023-01-10"),
        ("workplan", ["--year", "2023"], "2023-03-15"),
    ):
        measured = against_floor(kind, gen(kind, period, SAMPLE, out, date), out)
        name = "summary_12" if kind == "summary" else "workplan"
        results[name], results[f"{name}_cpu"] = measured["wall"], measured["cpu"]
        bare = "bare_summary" if kind == "summary" else "workplan_bare"
        results[bare], results[f"{bare}_cpu"] = measured["bare"], measured["bare_cpu"]
    results["ratio_summary_to_bare"] = results["summary_12"] / results["bare_summary"]

    for n in (120,) if quick else (120, 2800):
        ws = WORK / f"ws{n}"
        if not ws.exists():
            subprocess.run([sys.executable, str(ROOT / "bench" / "make_workspace.py"), str(n), str(ws)], check=True)
        cmd = bulletin_cmd(ws, out)
        results[f"bulletin_{n}"] = median(cmd, 3 if n > 1000 else RUNS)
        results[f"bulletin_{n}_mib"] = peak_mib(cmd)
        if n == 120:
            letters = gen("reminder", ["--month", "2022-11", "--all"], ws, out, "2022-12-05")
            seconds = median(letters, 3)
            count = len(list((out / "2022-11" / "提醒函").glob("*.docx")))
            results["reminder_120_letters"] = count
            results["reminder_120_per_letter"] = seconds / max(count, 1)

    results["ratio_bulletin_to_bare"] = results["bulletin_12"] / results["bare_stack"]
    results["ratio_120_to_12"] = results["bulletin_120"] / results["bulletin_12"]
    results["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    )
    print(json.dumps(results, ensure_ascii=False, indent=2))
    print(
        f"\nbulletin 12 counties: {results['bulletin_12']:.2f} s   bare stack: {results['bare_stack']:.2f} s   "
        f"ratio {results['ratio_bulletin_to_bare']:.2f} (target ≤ 1.3)"
    )
    print(
        f"summary 2022: {results['summary_12']:.2f} s ({results['summary_12_cpu']:.2f} s CPU)   "
        f"its bare stack: {results['bare_summary']:.2f} s ({results['bare_summary_cpu']:.2f} s CPU)   "
        f"ratio {results['ratio_summary_to_bare']:.2f}"
    )
    print(f"gen --help: {results['help']:.3f} s (target ≤ 0.3)")
    print(
        f"workplan: {results['workplan']:.2f} s wall, {results['workplan_cpu']:.2f} s CPU   "
        f"bare stack: {results['workplan_bare']:.2f} s wall, {results['workplan_bare_cpu']:.2f} s CPU   "
        f"ratio {results['workplan'] / results['workplan_bare']:.2f} wall, "
        f"{results['workplan_cpu'] / results['workplan_bare_cpu']:.2f} CPU"
    )
    print(
        f"120 counties: {results['bulletin_120']:.2f} s, {results['ratio_120_to_12']:.2f}× the 12-county time (target ≤ 2)"
    )
    if "bulletin_2800" in results:
        print(
            f"2800 counties: {results['bulletin_2800']:.2f} s, {results['bulletin_2800_mib']:.0f} MiB (target < 60 s, < 1 GB)"
        )
    print(
        f"reminder --all, 120 counties: {results['reminder_120_letters']} letters, "
        f"{results['reminder_120_per_letter']:.3f} s per letter (target ≤ 0.15)"
    )


if __name__ == "__main__":
    main()
