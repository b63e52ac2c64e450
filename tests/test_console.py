"""Every command on a console whose encoding lacks some characters (a Windows GBK console, output piped):
it finishes as it would anywhere, prints what it can, and never ends in UnicodeEncodeError."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, copy_sample

from generators import console

MARK = "✓"  # not in GBK: every path printed carries it


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Each command once, in order, through a pipe with PYTHONIOENCODING=cp936."""
    work = tmp_path_factory.mktemp("console")
    data, out = copy_sample(work / f"工作区{MARK}"), work / f"输出{MARK}"
    env = {**os.environ, "PYTHONIOENCODING": "cp936"}
    where = ["--data", str(data), "--output", str(out)]
    commands = {
        "help": ["--help"],
        "validate": ["validate", "--month", "2022-11", "--data", str(data)],
        "bulletin": ["bulletin", "--month", "2022-11", "--date", "2022-12-05", "--trace", *where],
        "reminder": ["reminder", "--month", "2022-11", "--all", "--date", "2022-12-05", *where],
        "summary": ["summary", "--year", "2022", "--report", "--date", "2022-12-30", *where],
        "workplan": ["workplan", "--year", "2023", "--date", "2023-01-10", *where],
        "check": ["check", "BULLETIN"],
        "check --json": ["check", "--json", "BULLETIN"],
        "pdf": ["pdf", "WORKPLAN"],
        "error": ["bulletin", "--month", "2022-11", "--data", str(work / f"没有这个{MARK}")],
    }
    done = {}
    for name, args in commands.items():
        found = {
            "BULLETIN": next(out.glob("2022-11/*通报.docx"), None),
            "WORKPLAN": next(out.glob("2023/*.docx"), None),
        }
        args = [str(found[a]) if a in found else a for a in args]
        done[name] = subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, env=env, capture_output=True)
    return done


@pytest.mark.parametrize(
    "name", ["help", "validate", "bulletin", "reminder", "summary", "workplan", "check", "check --json", "pdf", "error"]
)
def test_no_command_fails_on_the_console_encoding(runs, name):
    run = runs[name]
    stdout, stderr = run.stdout.decode("gbk"), run.stderr.decode("gbk")  # all of it is GBK
    assert "Traceback" not in stderr and "UnicodeEncodeError" not in stderr, stderr
    assert run.returncode == (1 if name == "error" else 0), stderr
    if name not in ("help", "validate", "check --json", "error"):
        assert MARK not in stdout and "√" in stdout  # paths printed with the look-alike GBK has
    if name == "error":
        assert "找不到工作区文件夹" in stderr and "没有这个√" in stderr


def test_json_on_such_a_console_is_the_same_json(runs):
    (report,) = json.loads(runs["check --json"].stdout.decode("gbk"))["files"]
    assert MARK in report["file"] and report["ok"]  # JSON's own escape: a program reads the very path


def test_characters_beyond_the_console_are_shown_not_dropped():
    assert "通报✓😀".encode("gbk", errors=console.ERRORS).decode("gbk") == "通报√\\U0001f600"
    assert json.loads(console.json_text('["✓😀"]', _Stream("gbk"))) == ["✓😀"]


class _Stream:
    def __init__(self, encoding):
        self.encoding = encoding
