"""The `gen` command itself: help lists every document kind and loads no heavy library."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

PROBE = """
import sys
import cli
try:
    cli.main(["--help"])
except SystemExit:
    pass
heavy = sorted(m for m in ("pandas", "matplotlib", "docxtpl", "docx", "python_calamine", "openpyxl", "lxml") if m in sys.modules)
print("HEAVY:" + ",".join(heavy))
"""


def test_help_lists_kinds_and_stays_light():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for kind in ("bulletin", "reminder", "validate", "check"):
        assert kind in out
    assert "gen bulletin --month 2022-11" in out
    assert out.strip().endswith("HEAVY:")


def test_every_command_has_help_and_is_in_the_readme():
    import cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.main.commands.items():
        assert command.help and command.help.strip(), name
        assert command.get_short_help_str().strip(), name
        assert f"gen {name}" in readme, f"README 中没有 gen {name}"
