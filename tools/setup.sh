#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine: the system packages the documents need (CJK fonts for
# charts and PDF, LibreOffice for PDF), then a virtual environment in .venv with gongwen in it.
# Usage: bash tools/setup.sh [--test]     (--test also installs what the tests need)
set -euo pipefail
cd "$(dirname "$0")/.."

packages="python3 python3-venv python3-pip fontconfig fonts-noto-cjk fonts-lxgw-wenkai libreoffice-writer-nogui poppler-utils"
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
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"
echo "安装完成：.venv/bin/gen"
