#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine: the system packages the documents need (CJK fonts for
# charts and PDF, LibreOffice for PDF), then a virtual environment in .venv with gongwen in it.
# Usage: bash tools/setup.sh [--test]     (--test also installs what the tests need)
set -euo pipefail
cd "$(dirname "$0")/.."

# fonts-liberation2: Liberation Serif, metric twin of Times New Roman (the figures of every 公文), so
# LibreOffice sets figures as wide as Word does and both break the same lines (docs/DEVELOPING.md).
packages="python3 python3-venv python3-pip fontconfig fonts-noto-cjk fonts-lxgw-wenkai fonts-liberation2 libreoffice-writer-nogui poppler-utils"
# The tests drive gen serve's page in a real browser: Debian's Chromium and its driver (no browser download).
[ "${1:-}" = "--test" ] && packages="$packages chromium chromium-driver"
if command -v apt-get >/dev/null 2>&1; then
  missing=$(for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
  if [ -n "$missing" ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "安装系统软件包：" $missing
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
else
  echo "不是 Debian/Ubuntu：请自行安装中文字体（如 Noto Sans CJK SC）和 LibreOffice（生成 PDF 时需要）。"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
extra=""; [ "${1:-}" = "--test" ] && extra="[test]"

# pip's own output goes to a log, shown when pip fails. A machine's pip configuration may list local
# package folders as extra indexes (extra-index-url = file:///…/simple) that hold only some projects;
# pip then notes, once for every other project it looks up, 「Location 'file:///…/<project>/' is ignored:
# it is neither a file nor a directory」. Those notes change nothing (the project comes from the other
# indexes), so they are left out; any other warning is shown.
log=.venv/pip-install.log
ignored="WARNING: Location 'file:.*' is ignored: it is neither a file nor a directory"
echo "安装 Python 软件包（记录在 $log）……"
if ! .venv/bin/python -m pip install --disable-pip-version-check -e ".${extra}" >"$log" 2>&1; then
  grep -v -e "$ignored" "$log" | tail -n 30 >&2 || true
  echo "安装失败：pip 没有完成（以上是最后的记录，全部见 $log）。" >&2
  exit 1
fi
grep -e "^WARNING" -e "^ERROR" "$log" | grep -v -e "$ignored" >&2 || true
# gongwen's own bytecode, written now: where PYTHONDONTWRITEBYTECODE is set (some shells and CI set it),
# Python would otherwise compile every module of gongwen from source on every run, a tenth of a second.
.venv/bin/python -m compileall -q generators charts templates cli.py >>"$log" 2>&1 || true

# For the tests only: the Open XML SDK's schema validator, built for Node.js (npm @ooxml-tools/validate),
# where Node.js 20 or newer is installed; the tests that need it are skipped without it.
if [ -n "$extra" ] && command -v npm >/dev/null 2>&1 && [ ! -x .venv/node/node_modules/.bin/ooxml-validate ]; then
  npm install --prefix .venv/node --no-audit --no-fund --silent @ooxml-tools/validate@0.4.6 >>"$log" 2>&1 ||
    echo "提示：OOXML 校验工具（npm @ooxml-tools/validate）未能安装，相应的测试将跳过。" >&2
fi

# What is there now, and how to use it.
.venv/bin/python - "$extra" <<'PY'
import re
import shutil
import subprocess
import sys
from importlib.metadata import requires, version

def versions(names):
    return "、".join(f"{n} {version(n)}" for n in names)

def names(extra):
    found = []
    for r in requires("gongwen") or []:
        marker = re.search(r"extra\s*==\s*['\"](\w+)['\"]", r)
        if (marker and marker[1]) == (extra or None):
            found.append(re.match(r"[A-Za-z0-9_.-]+", r)[0])
    return found

def system():
    if not shutil.which("dpkg-query"):
        return "LibreOffice " + ("已找到" if shutil.which("soffice") else "未找到（gen pdf 需要）")
    wanted = {"libreoffice-writer-nogui": "LibreOffice", "fonts-noto-cjk": "思源（Noto CJK）字体", "fonts-lxgw-wenkai": "霞鹜文楷字体", "fonts-liberation2": "Liberation 字体"}
    shown = []
    for package, label in wanted.items():
        run = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True)
        number = re.search(r"(?:\d+:)?(\d[\d.]*)", run.stdout)  # 4:7.4.7-1+deb12u1 → 7.4.7
        shown.append(f"{label} {number[1]}" if run.returncode == 0 and number else f"{label}（未安装）")
    return "、".join(shown)

print(f"安装完成：gongwen {version('gongwen')}，Python {sys.version.split()[0]}（在 .venv 中）")
print(f"  依赖：{versions(names(''))}")
if sys.argv[1]:
    print(f"  测试用：{versions(names('test'))}")
print(f"  系统：{system()}")
print("使用：")
print("  source .venv/bin/activate                     # 以后每次使用先执行这一句")
print("  gen bulletin --month 2022-11                  # 用示例数据生成2022年11月通报，在 output/2022-11/")
print("  gen --help                                    # 全部命令")
if sys.argv[1]:
    print("测试：.venv/bin/python -m pytest")
PY
