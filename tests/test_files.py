"""The files gongwen writes: the same bytes for the same input, and the mode the user's umask gives."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import ROOT, copy_sample
from helpers import BULLETIN, example_context

from generators.word.render import render_docx
from generators.writing import reproducible, write_atomically

GEN = [sys.executable, "-c", "import cli; cli.main()"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_input_same_bytes(tmp_path):
    # Two separate processes (different hash seeds, different clocks) render the sample bulletin.
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    made = []
    for run in ("一", "二"):
        data = copy_sample(tmp_path / run / "data")  # each run its own 发文登记
        args = ["bulletin", "--month", "2022-11", "--data", str(data), "--output", str(tmp_path / run / "out")]
        subprocess.run([*GEN, *args, "--date", "2022-12-05"], cwd=ROOT, env=env, check=True, capture_output=True)
        (path,) = (tmp_path / run / "out" / "2022-11").glob("*.docx")
        made.append(path)
    assert sha256(made[0]) == sha256(made[1])
    with zipfile.ZipFile(made[0]) as zf:
        assert {info.date_time for info in zf.infolist()} == {(2022, 12, 5, 0, 0, 0)}  # the document's date
    props = docx.Document(made[0]).core_properties
    assert props.created == props.modified == dt.datetime(2022, 12, 5, tzinfo=dt.timezone.utc)


def test_source_date_epoch_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1672531200")  # 2023-01-01 00:00 UTC
    out = render_docx(BULLETIN, example_context(), tmp_path / "通报.docx", stamp=dt.date(2022, 12, 5))
    with zipfile.ZipFile(out) as zf:
        assert {info.date_time for info in zf.infolist()} == {(2023, 1, 1, 0, 0, 0)}
    assert docx.Document(out).core_properties.created == dt.datetime(2023, 1, 1, tzinfo=dt.timezone.utc)


def test_without_a_date_the_clock_is_left_out(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = render_docx(BULLETIN, example_context(), tmp_path / "一.docx").read_bytes()
    second = render_docx(BULLETIN, example_context(), tmp_path / "二.docx").read_bytes()
    assert first == second
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml").decode()
    assert "dcterms:created" not in core and "dcterms:modified" not in core


def test_a_workbook_written_loses_its_clock(tmp_path, monkeypatch):
    # openpyxl stamps created/modified with now; the single writer takes the clock out of every .xlsx.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    book = openpyxl.Workbook()
    book.active.append(["县区", "文号"])
    buffer = io.BytesIO()
    book.save(buffer)
    out = write_atomically(tmp_path / "登记表.xlsx", buffer.getvalue(), stamp=dt.date(2022, 12, 5))
    assert openpyxl.load_workbook(out).properties.created == dt.datetime(2022, 12, 5)
    assert reproducible(out.read_bytes(), dt.date(2022, 12, 5)) == out.read_bytes()  # already fixed


def test_non_zip_data_is_written_unchanged(tmp_path):
    assert write_atomically(tmp_path / "a.xlsx", b"not a zip").read_bytes() == b"not a zip"


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX modes")
@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_follow_the_umask(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        document = render_docx(BULLETIN, example_context(), tmp_path / "通报.docx")
        other = write_atomically(tmp_path / "预览.pdf", b"%PDF-1.4")
    finally:
        os.umask(previous)
    assert document.stat().st_mode & 0o777 == mode
    assert other.stat().st_mode & 0o777 == mode
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []
