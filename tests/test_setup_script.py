"""tools/setup.sh says what it did: no page of pip's notes about the machine's package folders, then what
was installed and how to run; when pip fails, pip's own last lines and a sentence saying so.

The script runs for real, in a copy of the project, with a stand-in for `.venv/bin/python`: its
`-m pip install` prints what pip prints on a machine whose pip configuration lists local package folders
(and fails when told to); anything else goes to the real interpreter, which has gongwen installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

PIP_NOTES = "\n".join(
    f"WARNING: Location 'file:///opt/pypi/simple/{name}/' is ignored: it is neither a file nor a directory."
    for name in ("docxtpl", "openpyxl", "pyyaml", "lxml", "pytest") * 5
)

STAND_IN = f"""#!/bin/sh
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then
  cat >&2 <<'EOF'
{PIP_NOTES}
EOF
  if [ -n "$PIP_SHOULD_FAIL" ]; then
    echo "ERROR: Could not find a version that satisfies the requirement docxtpl>=0.18" >&2
    exit 1
  fi
  echo "Successfully installed gongwen-0.1.0"
  exit 0
fi
exec {sys.executable} "$@"
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "tools", root / "tools")
    (root / ".venv" / "bin").mkdir(parents=True)
    python = root / ".venv" / "bin" / "python"
    python.write_text(STAND_IN)
    python.chmod(0o755)
    return root


def setup(project, *args, fail=False):
    env = {k: v for k, v in os.environ.items() if k != "PIP_SHOULD_FAIL"}
    if fail:
        env["PIP_SHOULD_FAIL"] = "1"
    return subprocess.run(["bash", "tools/setup.sh", *args], cwd=project, env=env, capture_output=True, text=True)


def test_setup_ends_with_what_was_installed_and_how_to_run(project):
    run = setup(project, "--test")
    assert run.returncode == 0, run.stderr
    assert "is ignored" not in run.stdout + run.stderr
    lines = run.stdout.strip().splitlines()
    assert len(lines) < 15
    assert lines[1].startswith("安装完成：gongwen ") and "Python 3." in lines[1]
    assert "docxtpl" in lines[2] and "pytest" in lines[3] and "LibreOffice" in run.stdout
    assert "source .venv/bin/activate" in run.stdout and "gen bulletin --month 2022-11" in run.stdout
    assert lines[-1] == "测试：.venv/bin/python -m pytest"
    assert "测试" not in setup(project).stdout  # without --test, no test line


def test_a_failing_pip_is_said_with_its_own_words(project):
    run = setup(project, fail=True)
    assert run.returncode == 1
    assert "Could not find a version that satisfies the requirement docxtpl" in run.stderr
    assert "安装失败" in run.stderr and "is ignored" not in run.stderr
    assert "安装完成" not in run.stdout
