"""Lint, format and types are part of the suite, so the README's one test command runs them too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} 未安装：请运行 bash tools/setup.sh --test")
    return str(found)


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_ruff_format():
    result = run(tool("ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_lint():
    result = run(tool("ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_on_the_package():
    result = run(tool("mypy"), "generators", "charts", "templates", "cli.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_long_module_says_why():
    """No module over ~400 lines without a reason written at its top."""
    root = Path(__file__).resolve().parent.parent
    long = []
    for path in [*root.glob("generators/**/*.py"), *root.glob("charts/*.py"), root / "cli.py"]:
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 420 and "Longer than 400 lines:" not in text[: text.find('"""', 3) + 3]:
            long.append(str(path.relative_to(root)))
    assert not long, long
