"""The benchmark: gongwen against the bare document stack doing the same visible work.

    .venv/bin/python bench/run.py            # everything (several minutes)
    .venv/bin/python bench/run.py --quick    # no 2,800 counties, no letters with PDF

Each kind runs side by side with its floor (bench/bare_stack.py: import docxtpl and matplotlib, draw the
same number of charts at the same size and resolution, render the same template with a prepared
context), in pairs, A B A B …: the figures are the medians of each one's wall and CPU (the process and
its children: chart workers, LibreOffice) and the medians of the pair-by-pair ratios, which stay
meaningful on a busy machine. Also: `gen --help`; the bulletin for 120 and 2,800 synthetic counties;
`gen reminder --all --pdf` for 120 counties (the letters and their PDFs in one LibreOffice run).
gongwen's bytecode is compiled first, as setup.sh leaves it.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
SAMPLE = WORK / "sample"
GEN = [sys.executable, "-c", "import cli; cli.main()"]
RUNS = 5


def measured(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the command and its children) of one run, which must succeed."""
    probe = (
        "import resource,subprocess,sys,time;t=time.perf_counter();"
        "r=subprocess.run(sys.argv[1:],capture_output=True,text=True);w=time.perf_counter()-t;"
        "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(w,u.ru_utime+u.ru_stime) if r.returncode==0 else sys.exit(r.stdout+r.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stdout}\n{done.stderr}")
    wall, cpu = done.stdout.split()
    return float(wall), float(cpu)


def timed(cmd: list[str]) -> float:
    return measured(cmd)[0]


def peak_mib(cmd: list[str]) -> float:
    """Peak resident memory of one run, measured in a fresh wrapper process so earlier runs don't count."""
    probe = (
        "import resource,subprocess,sys;"
        "subprocess.run(sys.argv[1:],check=True,capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=ROOT, capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def median(cmd: list[str], runs: int = RUNS) -> float:
    return statistics.median(timed(cmd) for _ in range(runs))


def paired(cmd: list[str], floor: list[str], runs: int = RUNS) -> dict[str, float]:
    """`cmd` and `floor` in turn, after one warm-up each: medians of each one's wall and CPU, and of the
    ratios pair by pair."""
    measured(cmd), measured(floor)
    pairs = [(measured(cmd), measured(floor)) for _ in range(runs)]
    med = statistics.median
    return {
        "wall": med(a[0] for a, _ in pairs),
        "cpu": med(a[1] for a, _ in pairs),
        "bare": med(b[0] for _, b in pairs),
        "bare_cpu": med(b[1] for _, b in pairs),
        "ratio_wall": med(a[0] / b[0] for a, b in pairs),
        "ratio_cpu": med(a[1] / b[1] for a, b in pairs),
    }


def against_floor(kind: str, cmd: list[str], out: Path) -> dict[str, float]:
    """`cmd` (a gen command) against its floor, bench/bare_stack.py rendering the kind's prepared context."""
    bare_stack = str(ROOT / "bench" / "bare_stack.py")
    context = WORK / f"context_{kind}.json"
    subprocess.run([sys.executable, bare_stack, "--prepare", str(context), kind], cwd=ROOT, check=True)
    return paired(cmd, [sys.executable, bare_stack, str(context), str(out / f"bare_{kind}.docx")])


def gen(kind: str, period: list[str], data: Path, out: Path, date: str) -> list[str]:
    return [*GEN, kind, *period, "--data", str(data), "--output", str(out), "--date", date]


def bulletin_cmd(data: Path, out: Path) -> list[str]:
    return gen("bulletin", ["--month", "2022-11"], data, out, "2022-12-05")


def main() -> None:
    quick = "--quick" in sys.argv
    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "generators", "charts", "templates", "cli.py"], cwd=ROOT)
    # A copy of the sample: numbered documents write the workspace's 发文登记, and data/ stays as committed.
    shutil.rmtree(SAMPLE, ignore_errors=True)
    shutil.copytree(ROOT / "data", SAMPLE, ignore=shutil.ignore_patterns("发文登记.xlsx", ".发文登记.lock"))
    out = Path(tempfile.mkdtemp(prefix="bench-out-", dir=WORK))
    results: dict[str, object] = {}
    kinds = {
        "bulletin": (["--month", "2022-11"], "2022-12-05"),
        "summary": (["--year", "2022"], "2023-01-10"),
        "workplan": (["--year", "2023"], "2023-03-15"),
    }
    for kind, (period, date) in kinds.items():
        results[kind] = against_floor(kind, gen(kind, period, SAMPLE, out, date), out)
        if kind != "workplan":
            results[f"{kind}_native"] = against_floor(
                kind, [*gen(kind, period, SAMPLE, out, date), "--charts", "native"], out
            )
    results["bulletin_12_mib"] = peak_mib(bulletin_cmd(SAMPLE, out))
    results["help"] = median([*GEN, "--help"])

    for n in (120,) if quick else (120, 2800):
        ws = WORK / f"ws{n}"
        if not ws.exists():
            subprocess.run([sys.executable, str(ROOT / "bench" / "make_workspace.py"), str(n), str(ws)], check=True)
        cmd = bulletin_cmd(ws, out)
        results[f"bulletin_{n}"] = median(cmd, 3)
        results[f"bulletin_{n}_mib"] = peak_mib(cmd)
        if n == 120 and not quick:
            letters = gen("reminder", ["--month", "2022-11", "--all"], ws, out, "2022-12-05")
            results["reminder_120_pdf"] = median([*letters, "--pdf"], 3)
            results["reminder_120_letters"] = len(list((out / "2022-11" / "提醒函").glob("*.pdf")))
    results["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    )
    print(json.dumps(results, ensure_ascii=False, indent=2))
    targets = {
        "bulletin": "wall ≤ 0.8, CPU ≤ 1.1",
        "summary": "wall ≤ 0.8, CPU ≤ 1.1",
        "workplan": "wall ≤ 1.2",
        "bulletin_native": "wall ≤ 0.35",
        "summary_native": "wall ≤ 0.35",
    }
    for name, target in targets.items():
        r = results[name]
        assert isinstance(r, dict)
        print(
            f"{name:16s} {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU; bare stack {r['bare']:.2f} s, {r['bare_cpu']:.2f} s CPU;"
            f" ratio wall {r['ratio_wall']:.2f}, CPU {r['ratio_cpu']:.2f} (target {target})"
        )
    print(f"gen --help: {results['help']:.3f} s (target ≤ 0.3)")
    if "bulletin_2800" in results:
        print(f"2800 counties: {results['bulletin_2800']:.2f} s, {results['bulletin_2800_mib']:.0f} MiB (target < 5 s)")
    if "reminder_120_pdf" in results:
        print(
            f"reminder --all --pdf, 120 counties: {results['reminder_120_letters']} letters, {results['reminder_120_pdf']:.1f} s (target < 20 s)"
        )


if __name__ == "__main__":
    main()
